"""Meeting Guide feeds: every real fixture is accounted for, and each quirk real feeds have is
read, mapped or reported."""

from __future__ import annotations

import json
import os

import pytest

from generator import importers
from generator.validate import validate
from tests.coordinators.conftest import TODAY, feed_length, shared

FEEDS = ["tsml-ui_aasepia.json", "tsml-ui_oc.json", "tsml-ui_edmonton.json", "tsml-ui_times.json",
         "tsml-ui_appointment.test.json", "tsml-ui_timezones.test.json", "spec/schema_example.json",
         "spec/kansas-city_data-sample.json"]


def run(source: str, catalog: str, region: str = "north-america", out: str = "catalog/feed.yaml", **kw):
    kw.setdefault("program", "aa")  # the real feeds are AA intergroups'; none names a fellowship
    options = importers.Options(region=region, out=out, today=TODAY, **kw)
    return importers.run("meeting-guide", source, catalog, options)


def write_feed(tmp_path, meetings: list[dict], name: str = "feed.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(meetings, indent=2), encoding="utf-8")
    return str(path)


def entries(catalog: str, out: str = "catalog/feed.yaml") -> dict[str, object]:
    """The imported entries, validated as the build would."""
    result = validate(catalog, today=TODAY, cache_dir=None, workers=1)
    return {r.id: r for r in result.resources if result.origins[r.id][0] == out}


@pytest.mark.parametrize("name", FEEDS)
def test_every_record_is_imported_or_skipped_with_a_reason(name, project):
    """imported + skipped = records in the feed; each skip has a position and a reason; the
    written file passes validation."""
    source = shared("meeting-guide", name)
    outcome = run(source, project)
    assert outcome.imported + len(outcome.skipped) == feed_length(source)
    for record in outcome.skipped:
        assert record.position.startswith(os.path.basename(source) + ":")
        assert record.skipped
    if outcome.entries:
        assert len(entries(project)) == outcome.entries


def test_real_feed_quirks_aasepia(project):
    """String coordinates become numbers, the legacy ONL code is dropped with a note, the ASBI
    typo is read as ABSI, and regions arrays place meetings in the matching county."""
    outcome = run(shared("meeting-guide", "tsml-ui_aasepia.json"), project, out="catalog/{region}.yaml")
    notes = [n.message for n in outcome.notes()]
    assert any("legacy code ONL" in m for m in notes)
    assert any("'ASBI' read as 'ABSI'" in m for m in notes)
    result = validate(project, today=TODAY, cache_dir=None, workers=1)
    woodlyn = next(r for r in result.resources if r.id == "meeting-1937-macdade-boulevard-woodlyn-pa-19094-usa-0-000000")
    assert (woodlyn.latitude, woodlyn.longitude) == (39.87124, -75.354374)
    assert woodlyn.regions == ["delaware-county"]
    assert woodlyn.schedule[0].time == "00:00"
    assert all("ONL" not in r.types for r in result.resources)


def test_twelve_hour_times_and_day_lists_edmonton(project):
    """'8:00 PM' is read as 20:00 and day [5] as Friday; integer-like slugs get the region as
    prefix so ids stay unique and stable."""
    run(shared("meeting-guide", "tsml-ui_edmonton.json"), project, region="alberta")
    found = entries(project)
    meeting = found["alberta-7"]
    assert [(s.day, s.time) for s in meeting.schedule] == [("friday", "20:00")]
    assert meeting.address.country == "CA" and meeting.address.postal_code == "T6E 4E8"
    assert "\r" not in (meeting.description or "")


def test_day_as_string_and_missing_times(project):
    """day "1" is Monday, a meeting without day and time is by appointment, and a city alone
    is not an address (skipped, with the reason). The feed's meetings are in Oklahoma, which
    the fixture catalog has no region for: they go to the top region."""
    outcome = run(shared("meeting-guide", "tsml-ui_times.json"), project)
    assert [r.skipped for r in outcome.skipped] == [
        "meeting 'approximate': no address to go to and no way to join online (address: "
        "'Anytown, OK 12345, USA' is not a street address (no street, or no city with a state, "
        "postal code or country); left out)"]
    found = entries(project)
    assert [s.day for s in found["monday-7pm"].schedule] == ["monday"]
    assert found["monday-7am"].schedule[0].end_time is None
    assert found["appointment"].by_appointment is True


def test_out_of_range_day_is_skipped(tmp_path, project):
    """day 7 does not exist: that meeting is skipped with its line, the others imported."""
    feed = [{"slug": "ok", "name": "Fine", "day": "1", "time": "19:00", "conference_url": "https://zoom.example.org/j/3"},
            {"slug": "bad", "name": "Sunday 8pm", "day": "7", "time": "20:00",
             "conference_url": "https://zoom.example.org/j/4"}]
    outcome = run(write_feed(tmp_path, feed), project, region="ohio")
    assert [(r.position, r.skipped) for r in outcome.skipped] == [
        ("feed.json:9:3", "meeting 'bad': day '7' is not 0 (Sunday) to 6 (Saturday)")]
    assert outcome.added == ["ok"]


def test_appointment_meetings_without_day_or_time(project):
    """A meeting with neither day nor time is imported as by appointment."""
    run(shared("meeting-guide", "tsml-ui_appointment.test.json"), project, region="california")
    found = entries(project)
    assert found["josh-meeting"].by_appointment and not found["josh-meeting"].schedule
    assert found["time-meeting"].schedule[0].day == "thursday"


def test_invalid_json_is_one_clear_error(project):
    """A file that is not JSON stops the import with its line and column."""
    with pytest.raises(importers.SourceError) as info:
        run(shared("meeting-guide", "tsml-ui_invalid.json"), project)
    assert info.value.position.startswith("tsml-ui_invalid.json:")
    assert "not valid JSON" in info.value.message


QUIRKS = [
    {"slug": 17, "name": "Integer Slug", "day": 2, "time": "19:00", "types": "O, D",
     "formatted_address": "1706 Spruce Street, Philadelphia, PA 19103, USA",
     "notes": "<p>Ring the <b>bell</b> &amp; wait</p><p>Side door</p>", "timezone": "America/New_York"},
    {"slug": "late-night", "name": "  Late Night  ", "day": [5, 6], "time": "23:30", "end_time": "00:30",
     "types": None, "address": "3120 Kensington Avenue", "city": "Philadelphia", "state": "PA",
     "postal_code": "19134", "latitude": "", "longitude": " ", "location": "   "},
    {"slug": "late-night", "name": "Duplicate Slug", "day": 1, "time": "20:00",
     "conference_url": "https://zoom.example.org/j/1"},
    {"slug": "zone", "name": "Pacific Zone", "day": 0, "time": "9:00 am", "timezone": "America/Los_Angeles",
     "conference_url": "https://zoom.example.org/j/2", "conference_phone": "+13017158592,,503536771#",
     "types": ["O", "ONL", "XYZ"]},
]


def test_html_whitespace_duplicates_midnight_and_time_zones(tmp_path, project):
    """HTML and entities in notes become text, whitespace-only values count as missing, meetings
    past midnight keep their end time, a duplicate slug is skipped, a per-meeting time zone is
    kept, one-tap dial strings are split, unknown codes are left out with a note."""
    outcome = run(write_feed(tmp_path, QUIRKS), project, region="pennsylvania")
    assert [r.skipped for r in outcome.skipped] == [
        "duplicate of the record at feed.json:12:3 (same id 'late-night')"]
    found = entries(project)
    first = found["pennsylvania-17"]
    assert first.description == "Ring the bell & wait\n\nSide door"
    assert first.types == ["O", "D"] and first.regions == ["philadelphia-county"]
    late = found["late-night"]
    assert late.name == "Late Night" and late.location is None and late.latitude is None
    assert [(s.day, s.time, s.end_time) for s in late.schedule] == [("friday", "23:30", "00:30"),
                                                                     ("saturday", "23:30", "00:30")]
    zone = found["zone"]
    assert zone.timezone == "America/Los_Angeles" and zone.online_only
    assert zone.schedule[0].time == "09:00" and zone.types == ["O"]
    assert zone.conference_phone == "+13017158592,,503536771#"  # one tap dials into the meeting
    assert zone.conference_phone_notes is None
    assert any("'XYZ' is not a Meeting Guide type code" in n.message for n in outcome.notes())


def test_each_meetings_page_on_the_feeds_site_is_its_source_url_edmonton(project):
    """In a real feed, every imported meeting's source_url is the url its record gives (its page
    on the intergroup's site), and no web site of its own is made up from it."""
    source = shared("meeting-guide", "tsml-ui_edmonton.json")
    with open(source, encoding="utf-8") as handle:
        pages = {m["slug"]: m["url"] for m in json.load(handle)}
    run(source, project, region="alberta")
    imported = entries(project)
    assert imported
    for rid, listing in imported.items():
        # The feed's slugs are bare numbers here; the importer's ids end with them.
        base = rid.rsplit("--", 1)[0]
        slug = next(s for s in pages if base == s or base.endswith("-" + s))
        assert listing.source_url == pages[slug], rid
        assert listing.url is None, rid
    assert len({listing.source_url for listing in imported.values()}) == len(imported)
