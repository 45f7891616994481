"""A network of sites, small (docs/federation.md): two state sites are built from their own
catalogs; a national site imports the feeds they published (their built data/ files, read from
disk) with `navigator import`, and is built from them. Every listing of both states arrives,
links back to its state page, carries only what its state published, and leaves the national
index on the next import once its state removes it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from generator.cli import main
from generator.validate import validate
from tests.conftest import EPOCH, ROOT, build

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "federation")
TODAY = "2026-11-21"  # SOURCE_DATE_EPOCH of the builds and imports
# How the national site reads each state: Ohio's whole catalog through its HSDS export, Vermont
# (AA meetings only) through its Meeting Guide feed, which names no fellowship.
IMPORTS = {
    "ohio": ["hsds", "data/hsds/services.json"],
    "vermont": ["meeting-guide", "data/meetings.json", "--program", "aa"],
}
# What the national site adds to each listing, and why: the prefix keeps two states' ids apart,
# source_url is the link back, and the import's bookkeeping says when and whence it came.
ADDED = {"id", "source_url", "imported", "source_updated", "source"}


def project(name: str, dest) -> str:
    """A writable copy of one site of the example, its theme pointing at the project's."""
    path = str(dest / name)
    shutil.copytree(os.path.join(FIXTURES, name), path)
    config = os.path.join(path, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(re.sub(r"custom_dir: \S+", f"custom_dir: {ROOT}/theme", text))
    return path


def import_states(national: str, states: dict[str, str]) -> list[str]:
    """Run the national site's scheduled import: each state's published feed into its own
    catalog file; returns the catalog files written."""
    for state, path in states.items():
        fmt, feed, *extra = IMPORTS[state]
        code = main(["import", fmt, os.path.join(path, "site", feed), "--catalog",
                     os.path.join(national, "resources.yaml"), "--region", state,
                     "--out", f"catalog/{state}.yaml", "--id-prefix", state, "--remove-missing",
                     "--label", f"{state} state site", *extra])
        assert code == 0, state
    return sorted(os.path.join(national, "catalog", name)
                  for name in os.listdir(os.path.join(national, "catalog")))


def read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def listings(path: str) -> dict:
    """id -> the listing's fields as written (defaults left out) in the catalog at ``path``."""
    catalog = validate(os.path.join(path, "resources.yaml"), cache_dir=None, workers=1)
    return {r.id: r.model_dump(exclude_defaults=True, mode="json") for r in catalog.resources}


def published(path: str) -> dict:
    """id -> the listing's fields as its site publishes them: as written, with the time zone
    it inherits from its region (a Meeting Guide feed states each meeting's zone)."""
    catalog = validate(os.path.join(path, "resources.yaml"), cache_dir=None, workers=1)
    zones = {rid: region.timezone for rid, region in catalog.regions.items()}
    return {r.id: {"timezone": zones[r.regions[0]], **r.model_dump(exclude_defaults=True, mode="json")}
            for r in catalog.resources}


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    """The two state sites built, the national site imported from their feeds and built."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    dest = tmp_path_factory.mktemp("federation")
    states = {name: project(name, dest) for name in IMPORTS}
    for path in states.values():
        assert build(path) == 0
    national = project("national", dest)
    files = import_states(national, states)
    written = {path: read(path) for path in files}
    assert build(national) == 0
    return states, national, written


def test_every_listing_of_both_states_is_in_the_national_index(network):
    """The national catalog and its Meeting Guide feed hold each state's listings under the
    state's prefix, none twice and none missing."""
    states, national, _written = network
    expected = {f"{state}-{rid}" for state, path in states.items() for rid in listings(path)}
    assert set(listings(national)) == expected
    with open(os.path.join(national, "site", "data", "meetings.json"), encoding="utf-8") as handle:
        feed = json.load(handle)
    meetings = {f"{state}-{rid}" for state, path in states.items()
                for rid, facts in listings(path).items() if facts["category"] == "meeting"}
    assert {item["url"].split("/")[-2] for item in feed} == meetings


def test_each_national_page_links_back_to_its_state_page(network):
    """source_url is the listing's page on its state site, and the national page links there,
    naming the state site."""
    states, national, _written = network
    for rid, facts in listings(national).items():
        state, own = rid.split("-", 1)
        assert facts["source_url"] == f"https://{state}.example.org/resources/{own}/"
        assert os.path.isfile(os.path.join(states[state], "site", "resources", own, "index.html"))
        with open(os.path.join(national, "site", "resources", rid, "index.html"), encoding="utf-8") as handle:
            page = handle.read()
        assert (f'<a href="{facts["source_url"]}" rel="noopener">Listed on {state}.example.org</a>'
                in page), rid


def test_the_national_index_invents_no_field(network):
    """Every field of a national listing but the import's own (ADDED) has the value its state
    published, and the HSDS-read state's listings keep every field they had."""
    states, national, _written = network
    national_listings = listings(national)
    for state, path in states.items():
        for rid, facts in published(path).items():
            copy = national_listings[f"{state}-{rid}"]
            extra = {k: v for k, v in copy.items() if k not in ADDED and facts.get(k) != v}
            assert extra == {}, (rid, extra)
            if IMPORTS[state][0] == "hsds":  # nothing lost either
                lost = {k: v for k, v in listings(path)[rid].items() if k not in ADDED and copy.get(k) != v}
                assert lost == {}, (rid, lost)


def test_reimporting_the_same_feeds_changes_no_byte(network):
    """The next scheduled run over unchanged state feeds writes the same catalog files (and the
    records of what was imported beside them), byte for byte."""
    states, national, written = network
    files = import_states(national, states)
    assert files == sorted(written)
    assert {path: read(path) for path in files} == written
    assert all(os.path.isfile(path.replace(".yaml", ".imported.json")) for path in files)


def test_a_listing_a_state_removes_leaves_the_national_index(network, tmp_path):
    """Ohio deletes a listing and rebuilds: the next import takes it out of the national
    catalog, and the national site no longer has its page."""
    states, national, _written = network
    ohio = project("ohio", tmp_path)
    config = os.path.join(ohio, "resources.yaml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    start = text.index("  - id: scioto-detox")
    end = text.index("  - id: short-north-aa")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text[:start] + text[end:])
    assert build(ohio) == 0
    import_states(national, {"ohio": ohio})
    found = listings(national)
    assert "ohio-scioto-detox" not in found and "ohio-short-north-aa" in found
    assert build(national) == 0
    assert not os.path.exists(os.path.join(national, "site", "resources", "ohio-scioto-detox"))
    import_states(national, {"ohio": states["ohio"]})  # the listing back, for the other tests


def workflow_step(name: str) -> str:
    """The shell script of one step of the example workflow (docs/federation/import-states.yml)."""
    with open(os.path.join(ROOT, "docs", "federation", "import-states.yml"), encoding="utf-8") as handle:
        steps = yaml.safe_load(handle)["jobs"]["import"]["steps"]
    return next(step["run"] for step in steps if step.get("name") == name)


@pytest.mark.skipif(shutil.which("curl") is None, reason="the workflow fetches feeds with curl")
def test_the_example_workflow_imports_what_the_test_imports(network, tmp_path):
    """The documented workflow's import step, run on a copy of the national project with the
    states' feeds as file:// addresses, writes the same catalog files as the imports above and
    puts each import report in the run's summary."""
    states, national, written = network
    copy = str(tmp_path / "national")
    shutil.copytree(national, copy, ignore=shutil.ignore_patterns("site", ".cache", "catalog"))
    os.makedirs(os.path.join(copy, "federation"))
    with open(os.path.join(copy, "federation", "states.txt"), "w", encoding="utf-8") as handle:
        handle.write("# region  format  feed  options\n")
        for state, path in states.items():
            fmt, feed, *extra = IMPORTS[state]
            handle.write(f"{state} {fmt} file://{os.path.join(path, 'site', feed)} {' '.join(extra)}\n")
    summary = tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary), SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=ROOT)
    script = workflow_step("Fetch and import each state's feed")  # with this test's interpreter:
    script = script.replace(".venv/bin/navigator", f"{sys.executable} -m generator")
    subprocess.run(["bash", "-c", script], cwd=copy, env=env, check=True, capture_output=True)
    for path, data in written.items():
        assert read(os.path.join(copy, "catalog", os.path.basename(path))) == data, path
    assert summary.read_text(encoding="utf-8").count("### Import of") == len(states)
