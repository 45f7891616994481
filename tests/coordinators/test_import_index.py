"""The catalog index an import reads (importers/index.py): kept in .cache/navigator under each
file's digest, it gives exactly what parsing every file gives, and a record that no longer
describes the files (a file edited, removed or added, a damaged record) is never trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from generator import importers
from generator.importers import index
from tests.conftest import ROOT
from tests.coordinators.conftest import TODAY

FEED = [{"slug": "morning-light", "name": "Morning Light", "day": 1, "time": "07:00",
         "formatted_address": "1706 Spruce Street, Philadelphia, PA 19103, USA"}]
ENTRY = ("resources:\n  - id: {id}\n    name: Elsewhere\n    category: outpatient\n"
         "    regions: [ohio]\n")


def catalog_file(project: str, name: str) -> str:
    return os.path.join(os.path.dirname(project), "catalog", name)


def write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def same(a: index.CatalogIndex, b: index.CatalogIndex) -> bool:
    return (a.regions, a.ids, a.country, a.root_dir) == (b.regions, b.ids, b.country, b.root_dir)


def test_the_record_gives_what_parsing_gives(project):
    """A second index is read from the record (no file parsed) and equals a full parse."""
    write(catalog_file(project, "more.yaml"), "regions:\n  - id: extra\n    name: Extra\n"
          "    parent: ohio\nresources:\n  - id: own\n    name: Own\n  - id: stale-flagged\n")
    first = index.catalog_index(project)
    second = index.catalog_index(project)
    assert (first.parsed, second.parsed) == (2, 0)
    assert same(second, index.catalog_index(project, use_cache=False))
    assert second.regions["extra"] == {"id": "extra", "name": "Extra", "parent": "ohio"}
    assert second.ids["stale-flagged"] == ("catalog/health.yaml", 3)  # the first file keeps it
    assert second.ids["own"] == ("catalog/more.yaml", 6)


def test_a_file_edited_in_place_is_read_again(project):
    """An edit that keeps the file's size and time is still seen: the digest decides."""
    index.catalog_index(project)
    path = catalog_file(project, "health.yaml")
    stat = os.stat(path)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    write(path, text.replace("id: stale-warned", "id: stale-wbrned"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(path).st_size == stat.st_size
    found = index.catalog_index(project)
    assert found.parsed == 1 and "stale-wbrned" in found.ids and "stale-warned" not in found.ids


def test_a_removed_file_is_forgotten_and_an_added_one_read(project):
    """Ids of a file no longer included leave the index (and the record); a new file's arrive."""
    extra = catalog_file(project, "extra.yaml")
    write(extra, ENTRY.format(id="from-extra"))
    assert "from-extra" in index.catalog_index(project).ids
    os.remove(extra)
    found = index.catalog_index(project)
    assert "from-extra" not in found.ids
    with open(index.cache_path(os.path.dirname(project)), encoding="utf-8") as handle:
        assert sorted(json.load(handle)["files"]) == ["catalog/health.yaml"]
    write(catalog_file(project, "later.yaml"), ENTRY.format(id="from-later"))
    found = index.catalog_index(project)
    assert found.parsed == 1 and found.ids["from-later"] == ("catalog/later.yaml", 2)


def test_a_damaged_record_is_not_trusted(project):
    """Unreadable JSON, another version, or one malformed entry: every file is parsed again."""
    index.catalog_index(project)
    path = index.cache_path(os.path.dirname(project))
    with open(path, encoding="utf-8") as handle:
        good = json.load(handle)
    bad_entry = json.loads(json.dumps(good))
    bad_entry["files"]["catalog/health.yaml"]["ids"][0] = ["stale-flagged"]
    other_version = dict(good, version=[index.VERSION + 1, good["version"][1]])
    for damaged in ("{not json", json.dumps(bad_entry), json.dumps(other_version), "[]"):
        write(path, damaged)
        found = index.catalog_index(project)
        assert found.parsed == 1 and same(found, index.catalog_index(project, use_cache=False))


def test_an_unwritable_record_changes_nothing(project):
    """Where the record cannot be written the import parses every file, as without one."""
    write(os.path.join(os.path.dirname(project), ".cache"), "a file where the folder would be")
    assert index.catalog_index(project).parsed == 1
    assert index.catalog_index(project).parsed == 1


def run(tmp_path, project: str, feed: list[dict]):
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    return importers.run("meeting-guide", str(source), project,
                         importers.Options(region="pennsylvania", out="catalog/state.yaml", today=TODAY,
                                           program="aa", id_prefix="pa", remove_missing=True))


def test_an_id_taken_since_the_last_import_is_still_refused(tmp_path, project):
    """The record of the first import does not hide an id another file took since."""
    run(tmp_path, project, FEED)
    write(catalog_file(project, "other.yaml"), ENTRY.format(id="pa-evening-hope"))
    outcome = run(tmp_path, project, FEED + [dict(FEED[0], slug="evening-hope", name="Evening Hope")])
    assert [r.skipped for r in outcome.skipped] == [
        "id 'pa-evening-hope' is already used in catalog/other.yaml:2"]
    assert outcome.unchanged == ["pa-morning-light"]


def cli(*args: str, cwd: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=ROOT, SOURCE_DATE_EPOCH="1795219200")
    return subprocess.run([sys.executable, "-m", "generator", "import", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_follows_regions_and_ids_as_the_files_change(tmp_path, project):
    """`navigator import` reads a region from a new file, refuses an id taken since its last
    run, and stops with exit 1 once the region's file is gone, the record notwithstanding."""
    folder = os.path.dirname(project)
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(FEED), encoding="utf-8")
    args = ("meeting-guide", str(source), "--program", "aa", "--out", "catalog/county.yaml")
    regions = catalog_file(project, "regions.yaml")
    write(regions, "regions:\n  - id: bucks-county\n    name: Bucks County\n    parent: pennsylvania\n"
          "    timezone: America/New_York\n")
    first = cli(*args, "--region", "bucks-county", cwd=folder)
    assert first.returncode == 0, first.stderr
    assert os.path.exists(index.cache_path(folder))
    write(catalog_file(project, "other.yaml"), ENTRY.format(id="evening-hope"))
    source.write_text(json.dumps(FEED + [dict(FEED[0], slug="evening-hope")]), encoding="utf-8")
    second = cli(*args, "--region", "bucks-county", cwd=folder)
    assert second.returncode == 0, second.stderr
    assert "id 'evening-hope' is already used in catalog/other.yaml:2" in second.stdout
    os.remove(regions)
    third = cli(*args, "--region", "bucks-county", cwd=folder)
    assert third.returncode == 1 and third.stdout == ""
    assert third.stderr.startswith("resources.yaml: region 'bucks-county' does not exist")
    assert third.stderr.endswith("Nothing was imported.\n")
