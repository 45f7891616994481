"""Open-data exports written record by record: each file equals the whole document written at
once (json.dumps of the list or object; CSV rows of every service, terms sorted at the end)."""

from __future__ import annotations

import csv
import json
import os
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_catalogs import directories
from generator.exporters import datasets, geojson, hsds, meeting_guide, streams

URL = "https://example.org/navigator/"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """name -> (directory, site folder) with the exports of each test catalog written."""
    root = tmp_path_factory.mktemp("exports")
    out = {}
    for name, directory in directories().items():
        site = str(root / name)
        paths = datasets.write(directory, site, URL)
        assert all(os.path.exists(os.path.join(site, p)) for p in paths)
        out[name] = (directory, site)
    return out


def files(site: str) -> dict[str, bytes]:
    found = {}
    for folder, _dirs, names in os.walk(site):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                found[os.path.relpath(os.path.join(folder, name), site)] = handle.read()
    return found


@pytest.mark.parametrize("workers", [2, 3, 40])
def test_parallel_parts_join_to_the_same_files(written, tmp_path, workers):
    """Written by several processes in stretches and joined, every file has the same bytes
    (also with more workers than resources, and no part files left behind)."""
    for name, (directory, site) in written.items():
        again = str(tmp_path / name)
        datasets.write(directory, again, URL, workers=workers)
        assert files(again) == files(site), name


def whole(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def read(site: str, path: str) -> str:
    with open(os.path.join(site, path), encoding="utf-8", newline="") as handle:
        return handle.read()


def services(directory) -> list[dict]:
    names = {rid: node.region.name for rid, node in directory.regions.items()}
    return [hsds.service(e.res, names, e.timezone) for e in directory.entries]


@pytest.mark.parametrize("name", ["find", "payload", "edge"])
def test_json_exports_equal_the_whole_documents(written, name):
    """meetings.json, services.json and resources.geojson are json.dumps of the whole."""
    directory, site = written[name]
    feed = meeting_guide.meetings(directory.entries, URL, meeting_guide.regions(directory))
    assert read(site, "data/meetings.json") == whole(feed)
    contents = services(directory)
    assert read(site, "data/hsds/services.json") == whole({
        "total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
        "first_page": True, "last_page": True, "empty": not contents, "contents": contents})
    assert read(site, "data/resources.geojson") == whole(geojson.collection(directory.entries, URL))
    index = json.loads(read(site, "data/index.json"))
    assert index["meeting_guide_feed"]["meetings"] == len(feed)
    assert index["hsds_json"]["services"] == len(contents)


@pytest.mark.parametrize("name", ["find", "payload"])
def test_csv_tables_hold_every_service_in_order(written, name):
    """services.csv and attributes.csv list every service's rows in catalog order (a phone's
    attributes before its service's), and taxonomy terms once each, sorted by id."""
    directory, site = written[name]
    contents = services(directory)

    def rows(table):
        with open(os.path.join(site, "data", "hsds", table + ".csv"), encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    assert [r["id"] for r in rows("services")] == [s["id"] for s in contents]
    assert [r["description"] for r in rows("services")] == [streams.cell(s.get("description", "")) for s in contents]
    expected = [a["id"] for s in contents
                for a in [x for p in s.get("phones", []) for x in p.get("attributes", [])]
                + s.get("attributes", [])]
    assert [r["id"] for r in rows("attributes")] == expected
    terms = [r["id"] for r in rows("taxonomy_terms")]
    assert terms == sorted(set(terms)) and len(terms) > 5
    with open(os.path.join(site, "data", "hsds", "datapackage.json"), encoding="utf-8") as handle:
        package = json.load(handle)
    assert [r["path"] for r in package["resources"]] == [f"{t}.csv" for t in hsds.TABLES]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_ids_are_uuid5_of_the_name(name):
    """HSDS ids are RFC 4122 version-5 UUIDs of their name in the project's namespace."""
    assert hsds._uuid5(name) == str(uuid.uuid5(hsds.NAMESPACE, name))
