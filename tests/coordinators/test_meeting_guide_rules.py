"""Meeting Guide imports invent nothing and misplace nothing: dates, fellowships, attendance,
addresses and the shapes real publishers give their feeds."""

from __future__ import annotations

import json

import pytest

from generator import importers, phones
from generator.importers.records import SourceError
from generator.validate import validate
from tests.coordinators.conftest import TODAY

BASE = {"slug": "tuesday-step", "name": "Tuesday Step Study", "day": 2, "time": "19:00",
        "formatted_address": "1706 Spruce Street, Philadelphia, PA 19103, USA",
        "latitude": 39.9474, "longitude": -75.1707}


def feed(tmp_path, meetings, name: str = "feed.json", raw: str | None = None) -> str:
    path = tmp_path / name
    path.write_text(raw if raw is not None else json.dumps(meetings, indent=2), encoding="utf-8")
    return str(path)


def run(source: str, catalog: str, region: str = "pennsylvania", **kw):
    return importers.run("meeting-guide", source, catalog,
                         importers.Options(region=region, out="catalog/feed.yaml", today=TODAY, **kw))


def entries(catalog: str) -> dict:
    result = validate(catalog, today=TODAY, cache_dir=None, workers=1)
    return {r.id: r for r in result.resources if result.origins[r.id][0] == "catalog/feed.yaml"}


def test_undated_meeting_is_imported_as_not_verified(tmp_path, project):
    """No 'updated' in the feed: the import day is recorded as imported, never as a check."""
    run(feed(tmp_path, [BASE]), project, program="aa")
    res = entries(project)["tuesday-step"]
    assert (res.last_verified, res.imported, res.source_updated) == (None, TODAY, None)


def test_feed_date_is_the_source_date_not_a_check(tmp_path, project):
    """'updated' becomes source_updated; last_verified stays empty for a person to fill."""
    run(feed(tmp_path, [dict(BASE, updated="8/25/2022 11:17:07 AM")]), project, program="aa")
    res = entries(project)["tuesday-step"]
    assert (res.last_verified, res.source_updated, res.imported) == (None, TODAY.replace(2022, 8, 25), TODAY)


def test_other_fellowships_are_never_filed_as_aa(tmp_path, project):
    """A feed of Al-Anon meetings says so in the names: they are Al-Anon, with no --program."""
    meetings = [dict(BASE, slug="hope", name="Hope Al-Anon Family Group"),
                dict(BASE, slug="teens", name="Alateen Tuesday")]
    outcome = run(feed(tmp_path, meetings), project)
    assert outcome.skipped == []
    assert {r.id: r.program for r in entries(project).values()} == {"hope": "al-anon", "teens": "al-anon"}


def test_an_unnamed_fellowship_stops_the_import_and_asks(tmp_path, project):
    """Names that say nothing: the import stops and asks for --program; nothing is written."""
    with pytest.raises(SourceError) as info:
        run(feed(tmp_path, [BASE, dict(BASE, slug="other")]), project)
    assert str(info.value) == (
        "feed.json: the Meeting Guide feed does not say which fellowship 2 of its meetings belong "
        "to (first at feed.json:2:3, feed.json:11:3); pass --program with one of: aa, na, smart, "
        "recovery-dharma, celebrate-recovery, al-anon, nar-anon, ca, cma, other")
    assert entries(project) == {}
    run(feed(tmp_path, [BASE]), project, program="na")
    assert entries(project)["tuesday-step"].program == "na"


@pytest.mark.parametrize("flags", [{"approximate": "yes"}, {"attendance_option": "online"},
                                   {"approximate": "yes", "attendance_option": "online"}])
def test_online_meeting_with_an_approximate_address_is_not_a_place_to_go(tmp_path, project, flags):
    """The spec's approximate location of an online meeting is kept off the page: online only,
    no address, no coordinates, and the report says what was left out."""
    meeting = dict(BASE, conference_url="https://zoom.us/j/123456789", **flags)
    outcome = run(feed(tmp_path, [meeting]), project, program="aa")
    res = entries(project)["tuesday-step"]
    assert (res.online_only, res.address, res.latitude) == (True, None, None)
    assert res.conference_url == "https://zoom.us/j/123456789"
    dropped = [n.field for n in outcome.notes() if n.kind == "dropped"]
    assert "address" in dropped and "latitude" in dropped


def test_in_person_only_approximate_meeting_is_skipped_with_the_reason(tmp_path, project):
    """An approximate address and no way to join online: nowhere to send anyone."""
    outcome = run(feed(tmp_path, [dict(BASE, approximate="yes")]), project, program="aa")
    assert [r.skipped for r in outcome.skipped] == [
        "meeting 'tuesday-step': no address to go to and no way to join online (address: "
        "approximate (approximate: yes), so not a place to go; left out)"]


def test_placeholder_address_is_not_an_address(tmp_path, project):
    """'Online' in the address fields is a placeholder: the meeting is listed online only."""
    meeting = {"slug": "zoomers", "name": "Zoomers", "day": 1, "time": "12:00", "address": "Online",
               "city": "Philadelphia", "state": "PA", "conference_phone": "+16699009128,,71771828957#"}
    run(feed(tmp_path, [meeting]), project, program="aa")
    res = entries(project)["zoomers"]
    assert res.online_only and res.address is None
    assert res.conference_phone == "+16699009128,,71771828957#"


@pytest.mark.parametrize("wrapper", ["records", "data", "items", "results", "meetings", "whatever"])
def test_wrapped_feeds_are_read_whole_with_positions(tmp_path, project, wrapper):
    """{"records": [...]} and the like: every meeting read, each at its own line."""
    meetings = [dict(BASE, slug=f"m{i}", name=f"Meeting {i}") for i in range(3)]
    raw = json.dumps({"generated": "2026-11-01", wrapper: meetings}, indent=2)
    outcome = run(feed(tmp_path, None, raw=raw), project, program="aa")
    assert sorted(outcome.added) == ["m0", "m1", "m2"]
    assert [r.position for r in outcome.source.records] == ["feed.json:4:5", "feed.json:13:5", "feed.json:22:5"]


def test_jsonp_feed_is_read(tmp_path, project):
    """A feed served as JSONP (callback([...])) is the same list of meetings."""
    raw = "callback(" + json.dumps([BASE]) + ");"
    assert run(feed(tmp_path, None, raw=raw), project, program="aa").added == ["tuesday-step"]


def test_an_object_that_holds_no_meetings_is_refused_clearly(tmp_path, project):
    """A JSON object without a list of meetings is refused with what was found in it."""
    raw = json.dumps({"status": "ok", "count": 2, "next": None})
    with pytest.raises(SourceError) as info:
        run(feed(tmp_path, None, raw=raw), project, program="aa")
    assert str(info.value) == (
        "feed.json:1:1: a JSON object (keys 'status', 'count', 'next'), not a Meeting Guide feed: a "
        "feed is a list of meetings, or an object holding that list under one of meetings, "
        "records, data, items, results, rows, features")


@pytest.mark.parametrize("types, expected", [("[open]", ["O"]), ("O,D", ["O", "D"]),
                                             ('["C", "BE"]', ["C", "BE"]), ("Open Discussion", ["O", "D"])])
def test_types_given_as_text_are_read(tmp_path, project, types, expected):
    """A string of codes or of type names is read, not dropped."""
    run(feed(tmp_path, [dict(BASE, types=types)]), project, program="aa")
    assert entries(project)["tuesday-step"].types == expected


def test_zip_inside_the_street_text_is_found(tmp_path, project):
    """street '100 Main St 19103' with city and state fields: the ZIP comes out of the street."""
    meeting = dict(BASE, formatted_address=None, address="1706 Spruce Street 19103",
                   city="Philadelphia", state="PA")
    outcome = run(feed(tmp_path, [meeting]), project, program="aa")
    address = entries(project)["tuesday-step"].address
    assert (address.address_1, address.postal_code) == ("1706 Spruce Street", "19103")
    assert any(n.kind == "changed" and n.field == "postal_code" for n in outcome.notes())


def test_meeting_without_zip_is_kept(tmp_path, project):
    """Street, city, state and coordinates but no ZIP: imported, not skipped."""
    meeting = dict(BASE, formatted_address="1706 Spruce Street, Philadelphia, PA, USA")
    outcome = run(feed(tmp_path, [meeting]), project, program="aa")
    assert outcome.skipped == []
    address = entries(project)["tuesday-step"].address
    assert (address.address_1, address.city, address.state_province, address.postal_code) == \
        ("1706 Spruce Street", "Philadelphia", "PA", None)


def test_non_us_address_keeps_its_country(tmp_path, project):
    """A complete German address is imported with country DE (no state needed)."""
    meeting = dict(BASE, formatted_address="Hauptstraße 5, 10115 Berlin, Germany", latitude=52.53,
                   longitude=13.38)
    run(feed(tmp_path, [meeting]), project, region="north-america", program="aa")
    address = entries(project)["tuesday-step"].address
    assert (address.address_1, address.city, address.postal_code, address.country) == \
        ("Hauptstraße 5", "Berlin", "10115", "DE")


def test_impossible_zip_is_refused_and_the_address_kept(tmp_path, project):
    """postal_code 0 is left out (and reported); street, city and state still find the place."""
    meeting = dict(BASE, formatted_address=None, address="1706 Spruce Street", city="Philadelphia",
                   state="PA", postal_code=0)
    outcome = run(feed(tmp_path, [meeting]), project, program="aa")
    assert entries(project)["tuesday-step"].address.postal_code is None
    assert [(n.field, n.message) for n in outcome.notes() if n.kind == "dropped"] == [
        ("postal_code", "'0' is not a postal code; left out")]


def test_conference_phone_keeps_its_pauses(tmp_path, project):
    """'+16699009128,,71771828957#' is kept as written: one tap dials into the meeting."""
    meeting = dict(BASE, conference_phone="+16699009128,,71771828957#")
    run(feed(tmp_path, [meeting]), project, program="aa")
    assert entries(project)["tuesday-step"].conference_phone == "+16699009128,,71771828957#"


@pytest.mark.parametrize("phone", ["+14157629988,,5154726577#,,#,,867458#",  # as 455 meetings of a real feed
                                   "+13017158592,,876406386#,,1#,526452#", "+19292056099,,184879080#,,#,,#"])
def test_long_dial_in_sequences_stay_one_working_phone_link(tmp_path, project, phone):
    """Meeting id, pauses, '#' for no participant id and the passcode: kept as written, and the
    tel: link dials all of it (# written %23)."""
    outcome = run(feed(tmp_path, [dict(BASE, conference_phone=phone)]), project, program="aa")
    res = entries(project)["tuesday-step"]
    assert (res.conference_phone, res.conference_phone_notes) == (phone, None)
    assert phones.tel_uri(res.conference_phone, "US") == "tel:" + phone.replace("#", "%23")
    assert [n for n in outcome.notes() if n.field == "conference_phone"] == []


@pytest.mark.parametrize("phone, number, problem", [
    ("+16465588656,,901964988#+16465588656,,901964988#,,1#,417417#", "+16465588656",
     "split into the number and the dial-in sequence (in conference_phone_notes)"),
    ("+3017158592,83153365392#,,#,,19135459#", None,
     "'+3017158592' is not a valid phone number for US; check the digits and the area code; left out")])
def test_a_dial_string_that_is_no_phone_number_is_not_linked(tmp_path, project, phone, number, problem):
    """Two numbers run together, or a number short of a digit (real feed values): no tel: link
    is made of them; the number, when valid, is kept and the whole string is in the notes."""
    outcome = run(feed(tmp_path, [dict(BASE, conference_phone=phone)]), project, program="aa")
    res = entries(project)["tuesday-step"]
    assert (res.conference_phone, res.conference_phone_notes) == (number, f"Dial-in sequence {phone}")
    assert any(n.field == "conference_phone" and n.message.endswith(problem) for n in outcome.notes())


def test_street_and_city_without_a_comma_are_told_apart(tmp_path, project):
    """'2655 Chichester Ave Upper Chichester, PA 19061 United States' (as a real feed has it):
    the ZIP code's cities split street from city, and the meeting is imported."""
    meeting = dict(BASE, formatted_address="2655 Chichester Ave Upper Chichester, PA 19061 United States")
    outcome = run(feed(tmp_path, [meeting]), project, program="aa")
    assert outcome.skipped == []
    address = entries(project)["tuesday-step"].address
    assert (address.address_1, address.city, address.state_province, address.postal_code, address.country) == \
        ("2655 Chichester Ave", "Upper Chichester", "PA", "19061", "US")


def test_canadian_address_with_coordinates_needs_no_province(tmp_path, project):
    """Street, city, country and coordinates (no province, no postal code) are enough."""
    meeting = {"slug": "tweed", "name": "Tweed Group", "day": 2, "time": "19:30", "address": "55 Victoria St N",
               "city": "Tweed", "postal_code": "", "country": "CA", "latitude": 44.4759824,
               "longitude": -77.3114402}
    run(feed(tmp_path, [meeting]), project, region="north-america", program="aa")
    address = entries(project)["tweed"].address
    assert (address.address_1, address.city, address.state_province, address.country) == \
        ("55 Victoria St N", "Tweed", None, "CA")
