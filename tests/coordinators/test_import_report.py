"""The import report a coordinator acts on, and re-imports that report what changed without
discarding hand edits; through the command line too."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from generator import importers, load
from tests.conftest import ROOT
from tests.coordinators.conftest import TODAY

MEETING = {"name": "Morning Light", "day": 1, "time": "07:00", "updated": "2026-10-01 10:00:00",
           "formatted_address": "1706 Spruce Street, Philadelphia, PA 19103, USA"}


def write(tmp_path, meetings, name="feed.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(meetings, indent=2), encoding="utf-8")
    return str(path)


def run(source: str, catalog: str):
    return importers.run("meeting-guide", source, catalog, importers.Options(
        region="pennsylvania", out="catalog/feed.yaml", today=TODAY, program="aa"))


def test_skips_are_grouped_counted_and_located(tmp_path, project):
    """Three records without a slug make one group of three, each with its line."""
    feed = [dict(MEETING, slug=None), dict(MEETING, slug=""), dict(MEETING, slug=None),
            dict(MEETING, slug="bad-day", day=9), dict(MEETING, slug="fine")]
    lines = run(write(tmp_path, feed), project).lines()
    assert lines[:7] == [
        "feed.json (Meeting Guide feed): 5 records read, 1 imported as 1 entries (1 new, 0 updated, "
        "0 unchanged), 4 skipped, 0 no longer in the source",
        "  Skipped:",
        "    3 × no slug (the feed's unique id for the meeting), so it cannot be updated later; ask the "
        "feed's owner to add one",
        "      feed.json:2:3: no slug (the feed's unique id for the meeting), so it cannot be updated "
        "later; ask the feed's owner to add one",
        "      feed.json:10:3: no slug (the feed's unique id for the meeting), so it cannot be updated "
        "later; ask the feed's owner to add one",
        "      feed.json:18:3: no slug (the feed's unique id for the meeting), so it cannot be updated "
        "later; ask the feed's owner to add one",
        "    1 × a day or time that is not one"]


def test_markdown_report_for_a_pull_request(tmp_path, project):
    """A table of the counts, then folded groups with each position as code."""
    feed = [dict(MEETING, slug="fine", postal_code="0", formatted_address=None,
                 address="1706 Spruce Street", city="Philadelphia", state="PA")]
    text = run(write(tmp_path, feed), project).markdown()
    assert text.startswith("### Import of feed.json (Meeting Guide feed)\n\n"
                           "| Read | Imported | Entries | New | Updated | Unchanged | Skipped | No longer in source |\n"
                           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                           "| 1 | 1 | 1 | 1 | 0 | 0 | 0 | 0 |\n")
    assert "<details><summary>Source values left out (1)</summary>" in text
    assert "  - `feed.json:2:3` '0' is not a postal code; left out" in text
    assert "- new: `fine`" in text


def test_reimport_reports_added_changed_removed_and_keeps_hand_edits(tmp_path, project):
    """A newer feed: one meeting moved to 8:00, one gone, one new. A name the coordinator
    corrected by hand stays corrected (and is reported); the phone added by hand stays."""
    first = [dict(MEETING, slug="a", name="Morning Light"), dict(MEETING, slug="b", name="Noon Hope"),
             dict(MEETING, slug="c", name="Evening Calm")]
    run(write(tmp_path, first), project)
    path = os.path.join(os.path.dirname(project), "catalog", "feed.yaml")
    assert os.path.exists(os.path.join(os.path.dirname(project), "catalog", "feed.imported.json"))
    text = open(path, encoding="utf-8").read()
    text = text.replace("    name: Morning Light\n", "    name: Morning Light Group\n    phones:\n"
                        "      - number: \"(215) 555-0199\"\n")
    open(path, "w", encoding="utf-8").write(text)
    newer = [dict(MEETING, slug="a", name="Morning Light", time="08:00"),
             dict(MEETING, slug="b", name="Noon Hope"), dict(MEETING, slug="d", name="Late Night")]
    outcome = run(write(tmp_path, newer), project)
    assert outcome.added == ["d"] and outcome.missing == [("catalog/feed.yaml", "c")]
    assert outcome.updated == [("a", ["schedule"])] and outcome.unchanged == ["b"]
    assert outcome.kept == [("a", "name", "Morning Light")]
    assert "  kept your edit of a name (the source now says Morning Light)" in outcome.lines()
    entry = {e["id"]: e for e in load.parse(open(path, encoding="utf-8").read(), "feed.yaml").data["resources"]}["a"]
    assert entry["name"] == "Morning Light Group" and entry["phones"] == [{"number": "(215) 555-0199"}]
    assert entry["schedule"] == [{"day": "monday", "time": "08:00"}]


def test_a_value_the_source_changes_again_still_defers_to_the_hand_edit(tmp_path, project):
    """After a kept edit, later source changes to that field are reported, never applied."""
    run(write(tmp_path, [dict(MEETING, slug="a", name="Morning Light")]), project)
    path = os.path.join(os.path.dirname(project), "catalog", "feed.yaml")
    text = open(path, encoding="utf-8").read().replace("name: Morning Light\n", "name: Dawn Group\n")
    open(path, "w", encoding="utf-8").write(text)
    run(write(tmp_path, [dict(MEETING, slug="a", name="Morning Light 2")]), project)
    outcome = run(write(tmp_path, [dict(MEETING, slug="a", name="Morning Light 3")]), project)
    assert outcome.kept == [("a", "name", "Morning Light 3")]
    assert "name: Dawn Group\n" in open(path, encoding="utf-8").read()


def test_a_listing_checked_by_a_person_stays_checked_after_a_reimport(tmp_path, project):
    """Once a coordinator replaces imported: with last_verified:, importing again does not
    mark the listing as unverified; the first import's date is never moved forward either."""
    run(write(tmp_path, [dict(MEETING, slug="a"), dict(MEETING, slug="b")]), project)
    path = os.path.join(os.path.dirname(project), "catalog", "feed.yaml")
    text = open(path, encoding="utf-8").read()
    first, rest = text.split("  - id: b\n")
    open(path, "w", encoding="utf-8").write(
        first.replace("    imported: 2026-11-21\n", "    last_verified: 2026-11-20\n") + "  - id: b\n" + rest)
    importers.run("meeting-guide", write(tmp_path, [dict(MEETING, slug="a"), dict(MEETING, slug="b")]), project,
                  importers.Options(region="pennsylvania", out="catalog/feed.yaml", program="aa",
                                    today=TODAY.replace(day=22)))
    entries = {e["id"]: e for e in load.parse(open(path, encoding="utf-8").read(), "feed.yaml").data["resources"]}
    assert ("imported" not in entries["a"], entries["a"]["last_verified"]) == (True, "2026-11-20")
    assert entries["b"]["imported"] == "2026-11-21"


def cli(*args: str, cwd: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=ROOT, SOURCE_DATE_EPOCH="1795219200")
    return subprocess.run([sys.executable, "-m", "generator", "import", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_markdown_report(tmp_path, project):
    """--format markdown prints the report for a pull request and exits 0."""
    source = write(tmp_path, [dict(MEETING, slug="fine")])
    result = cli("meeting-guide", source, "--region", "pennsylvania", "--program", "aa",
                 "--format", "markdown", cwd=os.path.dirname(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("### Import of feed.json (Meeting Guide feed)\n")


def test_cli_stops_and_asks_for_the_fellowship(tmp_path, project):
    """No --program and names that name no fellowship: exit 1, the question, nothing written."""
    source = write(tmp_path, [dict(MEETING, slug="fine")])
    result = cli("meeting-guide", source, "--region", "pennsylvania", cwd=os.path.dirname(project))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "feed.json: the Meeting Guide feed does not say which fellowship 1 of its meetings belong "
        "to (first at feed.json:2:3); pass --program with one of: aa, na, smart, recovery-dharma, "
        "celebrate-recovery, al-anon, nar-anon, ca, cma, other\nNothing was imported.\n")
    assert not os.path.exists(os.path.join(os.path.dirname(project), "catalog", "pennsylvania.yaml"))


def test_cli_column_option_must_name_field_and_heading(tmp_path, project):
    """--column without '=' is refused with the form to use."""
    result = cli("csv", write(tmp_path, [], "sheet.csv"), "--region", "ohio", "--column", "name",
                 cwd=os.path.dirname(project))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "--column name: write it as FIELD=HEADING, e.g. --column name=\"Agency Name\"\n"
