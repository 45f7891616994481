"""Importing another site's feed as a mirror (docs/federation.md): ids under a prefix, the
meeting's page on the publishing site kept as source_url, and entries that left the feed
removed when asked."""

from __future__ import annotations

import json
import os

from generator import importers, load
from generator.cli import main
from tests.coordinators.conftest import TODAY

FEED = [
    {"slug": "morning-light", "name": "Morning Light", "day": 1, "time": "07:00",
     "formatted_address": "1706 Spruce Street, Philadelphia, PA 19103, USA",
     "url": "https://state.example.org/resources/morning-light/"},
    {"slug": "evening-hope", "name": "Evening Hope", "day": 3, "time": "19:30",
     "conference_url": "https://zoom.example.org/j/5", "url": "javascript:alert(1)"},
]


def run(tmp_path, catalog: str, feed: list[dict], remove_missing: bool = True):
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    return importers.run("meeting-guide", str(source), catalog,
                         importers.Options(region="pennsylvania", out="catalog/state.yaml", today=TODAY,
                                           program="aa", id_prefix="pa", remove_missing=remove_missing))


def entries(project: str) -> dict:
    path = os.path.join(os.path.dirname(project), "catalog", "state.yaml")
    with open(path, encoding="utf-8") as handle:
        return {e["id"]: e for e in load.parse(handle.read(), "state.yaml").data["resources"] or []}


def test_the_feeds_url_becomes_source_url_under_the_prefixed_id(tmp_path, project):
    """A meeting's url (its page on the publishing site) is its source_url, not its web site;
    a url that is no web address is left out and reported."""
    outcome = run(tmp_path, project, FEED)
    found = entries(project)
    assert sorted(found) == ["pa-evening-hope", "pa-morning-light"]
    assert found["pa-morning-light"]["source_url"] == FEED[0]["url"]
    assert "url" not in found["pa-morning-light"]
    assert "source_url" not in found["pa-evening-hope"]
    assert any(n.field == "source_url" for n in outcome.notes())


def test_remove_missing_takes_out_what_left_the_feed(tmp_path, project):
    """With --remove-missing an entry gone from the feed leaves the file and the report says
    so; an empty feed leaves an empty list, not a broken file."""
    run(tmp_path, project, FEED)
    outcome = run(tmp_path, project, FEED[:1])
    assert sorted(entries(project)) == ["pa-morning-light"]
    assert outcome.missing == [("catalog/state.yaml", "pa-evening-hope")]
    assert any("pa-evening-hope is no longer in the source; removed" in line for line in outcome.lines())
    run(tmp_path, project, [dict(FEED[0], slug="other", name="Other")])
    assert sorted(entries(project)) == ["pa-other"]


def test_without_remove_missing_entries_stay(tmp_path, project):
    """The default keeps an entry that left the feed and names it, for a person to decide."""
    run(tmp_path, project, FEED)
    outcome = run(tmp_path, project, FEED[:1], remove_missing=False)
    assert sorted(entries(project)) == ["pa-evening-hope", "pa-morning-light"]
    assert any("no longer in the source; kept" in line for line in outcome.lines())


def test_a_prefix_that_is_no_id_is_refused(tmp_path, project, capsys):
    """--id-prefix 'New York' stops the import with the fix, exit 1, no traceback."""
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(FEED), encoding="utf-8")
    code = main(["import", "meeting-guide", str(source), "--catalog", project, "--region",
                 "pennsylvania", "--program", "aa", "--id-prefix", "New York"])
    err = capsys.readouterr().err
    assert code == 1 and "--id-prefix: 'New York' is not an id" in err and "Traceback" not in err
