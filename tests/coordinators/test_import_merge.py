"""Re-importing a newer feed updates entries by stable id, reports what changed, and keeps
what the coordinator added by hand, comments included."""

from __future__ import annotations

import json
import os

from generator import importers
from generator import yamlout
from generator import load
from tests.coordinators.conftest import TODAY

FEED = [
    {"slug": "morning-light", "name": "Morning Light", "day": 1, "time": "07:00", "end_time": "08:00",
     "types": ["O", "D"], "formatted_address": "1706 Spruce Street, Philadelphia, PA 19103, USA",
     "updated": "2026-10-01 10:00:00"},
    {"slug": "evening-hope", "name": "Evening Hope", "day": 3, "time": "19:30",
     "conference_url": "https://zoom.example.org/j/5", "updated": "2026-10-02 10:00:00"},
]


def run(tmp_path, catalog: str, feed: list[dict]):
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    return importers.run("meeting-guide", str(source), catalog,
                         importers.Options(region="pennsylvania", out="catalog/feed.yaml", today=TODAY,
                                           program="aa"))


def test_reimporting_the_same_feed_changes_nothing(tmp_path, project):
    """A second import of the same feed reports every entry unchanged and rewrites the same bytes."""
    run(tmp_path, project, FEED)
    path = os.path.join(os.path.dirname(project), "catalog", "feed.yaml")
    before = open(path, encoding="utf-8").read()
    outcome = run(tmp_path, project, FEED)
    assert (outcome.added, outcome.updated, sorted(outcome.unchanged)) == ([], [], ["evening-hope", "morning-light"])
    assert open(path, encoding="utf-8").read() == before


def test_newer_feed_updates_by_id_and_keeps_hand_added_fields(tmp_path, project):
    """Changed fields are reported by name; phones, verified_by and comments added by hand stay;
    a field the feed is authoritative for (types) follows the feed; entries gone from the feed
    are kept and reported."""
    run(tmp_path, project, FEED)
    path = os.path.join(os.path.dirname(project), "catalog", "feed.yaml")
    text = open(path, encoding="utf-8").read()
    text = text.replace("  - id: morning-light\n", "  # checked by phone in November\n  - id: morning-light\n")
    text = text.replace("    name: Morning Light\n", "    name: Morning Light\n    phones:\n"
                        "      - number: \"(215) 555-0199\"\n    verified_by: J. Doe\n")
    open(path, "w", encoding="utf-8").write(text)
    newer = [dict(FEED[0], name="Morning Light Group", types=["C"], updated="2026-11-01 09:00:00")]
    outcome = run(tmp_path, project, newer)
    assert outcome.updated == [("morning-light", ["name", "types", "source_updated"])]
    assert outcome.missing == [("catalog/feed.yaml", "evening-hope")]
    after = open(path, encoding="utf-8").read()
    assert "  # checked by phone in November\n  - id: morning-light\n" in after
    entry = load.parse(after, "feed.yaml").data["resources"][0]
    assert entry["name"] == "Morning Light Group" and entry["types"] == ["C"]
    assert entry["phones"] == [{"number": "(215) 555-0199"}] and entry["verified_by"] == "J. Doe"
    assert entry["source_updated"] == "2026-11-01" and "last_verified" not in entry


def test_ids_used_in_another_file_are_skipped(tmp_path, project):
    """An id that another catalog file already uses is not imported twice."""
    outcome = run(tmp_path, project, [dict(FEED[1], slug="stale-flagged")])
    assert [r.skipped for r in outcome.skipped] == ["id 'stale-flagged' is already used in catalog/health.yaml:3"]


def test_emitted_yaml_reads_back_as_written():
    """The emitter's text parses (strictly) to the same values: quoting where YAML 1.1 would
    read a number, a date, a boolean or a comment."""
    entry = {"id": "x", "name": "No: yes # not a comment", "postal_code": "02139", "time": "19:30",
             "flag": "NO", "list": ["a, b", "c"], "text": "line one\nline two", "date": "2026-01-01",
             "lat": 39.871240, "star": "*bold*", "dash": "- item", "empty": ""}
    text = "resources:\n" + "".join(yamlout.entries([entry]))
    parsed = load.parse(text, "x.yaml")
    assert not parsed.problems
    back = parsed.data["resources"][0]
    assert back == {**entry, "lat": "39.87124"}
