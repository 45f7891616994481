"""The open data of the site built from the shipped mkdocs.yml and example catalog: data/index.json
names every file truly, the pages' links to the data resolve, and the size settings act on a
whole build (whole-catalog files, gzip-only formats, a data health page of bounded size)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re

import pytest

from generator import report
from tests.conftest import EPOCH, build
from tests.print.conftest import real_project

DATA_PAGES = {"index.html", "sitemap.xml", "index.json"}  # the Open data page and its neighbours


def shipped(dest: str, settings: str = "") -> str:
    """The shipped project built into ``dest`` (no search), with ``settings`` added under
    site_budget; returns site/."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    project = real_project(dest)
    path = os.path.join(project, "mkdocs.yml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert text.count("        files: 150000\n") == 1, "mkdocs.yml no longer sets site_budget.files"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace("        files: 150000\n", "        files: 150000\n" + settings))
    assert build(project, "--no-search") == 0
    return os.path.join(project, "site")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    return shipped(str(tmp_path_factory.mktemp("open-data") / "project"))


def listed_files(index: dict) -> list[dict]:
    """Every file entry of the index, the gzip copies as entries of their own."""
    entries = index["whole_catalog"]["files"] + [f for r in index["regions"] for f in r["files"]]
    return entries + [e["gzip"] for e in entries if "gzip" in e]


def on_disk(data: str) -> set[str]:
    return {os.path.relpath(os.path.join(folder, name), data) for folder, _dirs, names in os.walk(data)
            for name in names} - DATA_PAGES


def test_the_index_names_every_file_of_the_shipped_site_truly(site):
    """Every file under data/ is in index.json with its true size and SHA-256, and nothing
    else is; the whole catalog's files are all there at the example's size; each state's
    listing count adds up to the catalog's."""
    data = os.path.join(site, "data")
    with open(os.path.join(data, "index.json"), encoding="utf-8") as handle:
        index = json.load(handle)
    entries = listed_files(index)
    assert {e["url"] for e in entries} == on_disk(data)
    for entry in entries:
        with open(os.path.join(data, entry["url"]), "rb") as handle:
            content = handle.read()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (entry["bytes"], entry["sha256"])
    assert all(f["published"] for f in index["whole_catalog"]["formats"].values())
    assert index["gzip_only"]["formats"] == []
    with open(os.path.join(data, "hsds", "services.json"), encoding="utf-8") as handle:
        assert sum(r["listings"] for r in index["regions"]) == json.load(handle)["total_items"] == 81


def test_the_open_data_and_data_health_pages_link_to_files_that_exist(site):
    """The Open data page's links into data/ and each CSV link of the data health page resolve."""
    for page, pattern in (("data/index.html", r'href="\.\./(data/[^"#]+)"'),
                          ("data-health/index.html", r'href="\.\./(data/[^"#]+\.csv)" download')):
        with open(os.path.join(site, page), encoding="utf-8") as handle:
            targets = set(re.findall(pattern, handle.read()))
        assert targets, page
        for target in targets:
            assert os.path.isfile(os.path.join(site, target.replace("/", os.sep))), (page, target)


def test_settings_leave_out_whole_files_and_publish_gzip_only(tmp_path):
    """whole_exports: 0 and plain_exports: 0 in mkdocs.yml: only the Meeting Guide feed is
    whole (so the pages' feed link still resolves), every other format is gzip-only, each .gz
    holds what the plain file holds in the default build, and the index says so."""
    site = shipped(str(tmp_path / "project"), "        whole_exports: 0\n        plain_exports: 0\n")
    data = os.path.join(site, "data")
    with open(os.path.join(data, "index.json"), encoding="utf-8") as handle:
        index = json.load(handle)
    assert [f["url"] for f in index["whole_catalog"]["files"]] == ["meetings.json"]
    assert index["gzip_only"]["formats"] == ["hsds_json", "hsds_csv", "geojson", "data_health"]
    assert {e["url"] for e in listed_files(index)} == on_disk(data)
    with open(os.path.join(site, "index.html"), encoding="utf-8") as handle:
        (feed,) = re.findall(r'title="Meetings [Ff]eed" href="\.?/?([^"]+)"', handle.read())
    assert os.path.isfile(os.path.join(site, feed))
    for entry in listed_files(index):
        if entry.get("compression") == "gzip":
            with open(os.path.join(data, entry["url"]), "rb") as handle:
                content = gzip.decompress(handle.read())
            assert hashlib.sha256(content).hexdigest() == entry["uncompressed"]["sha256"]


def test_data_health_page_stays_within_its_budget(tmp_path, monkeypatch):
    """With the page's budget made small (as a national catalog makes it), the page names no
    more listings than the budget, its table adds the regions up by state, and each row links
    to its state's CSV, which holds every problem of the report."""
    monkeypatch.setattr(report, "PAGE_ITEMS", 12)
    monkeypatch.setattr(report, "TABLE_ROWS", 2)
    site = shipped(str(tmp_path / "project"))
    with open(os.path.join(site, "data-health", "index.html"), encoding="utf-8") as handle:
        page = handle.read()
    body = page[page.index('<div class="rn-health">'):]
    named = re.findall(r'<a href="\.\./resources/', body)
    assert len(named) <= 12 * report.GROUP_SHOWN
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', body)
    assert rows == ["Ohio", "Pennsylvania"]
    assert "the table adds them up by state" in body
    problems = 0
    for state in ("ohio", "pennsylvania"):
        with open(os.path.join(site, "data", "regions", state, "health.csv"), encoding="utf-8") as handle:
            problems += len(handle.read().splitlines()) - 1
    with open(os.path.join(site, "data", "health.csv"), encoding="utf-8") as handle:
        assert problems == len(handle.read().splitlines()) - 1 > 12
