"""`navigator import bmlt`: NA meetings from BMLT semantic-interface answers, each field compared
with the recorded source records in ../shared/fixtures/bmlt."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter

import pytest

from generator import importers
from generator.importers import bmlt_formats
from generator.meeting_types import MEETING_TYPES
from tests.coordinators.bmlt_support import (BERLIN, BODIES, DAYS, GERMAN, HUDSON, YAP,
                                             YAP_FORMATS, berlin, end_of, imported, root, run,
                                             source_meetings)
from tests.coordinators.conftest import TODAY, shared

__all__ = ["root"]  # the fixture


def test_every_berlin_meeting_keeps_day_times_and_attendance(root):
    """Each imported Berlin meeting has the day (1 = Sunday), start, end (start + duration)
    and attendance of its source record, and online ones carry no place."""
    outcome = berlin(root)
    entries = imported(outcome)
    source = {m["id_bigint"]: m for m in source_meetings(shared(*BERLIN))}
    assert len(entries) == 106  # 108 less the two in-person meetings without a street
    for ident, entry in entries.items():
        m = source[ident]
        assert entry["name"] == m["meeting_name"]
        assert entry["program"] == "na"
        session, = entry["schedule"]
        assert session["day"] == DAYS[int(m["weekday_tinyint"]) - 1]
        assert session["time"] == m["start_time"][:5]
        assert session["end_time"] == end_of(m["start_time"], m["duration_time"])
        if m["venue_type"] == "2":
            assert entry["online_only"] is True and "address" not in entry
            assert "latitude" not in entry and "location" not in entry
            assert entry["conference_url"] == m["virtual_meeting_link"]
        else:
            assert entry["address"]["address_1"] == m["location_street"]
            assert entry["address"]["city"] == m["location_municipality"]
            assert entry["address"]["country"] == "DE"
            assert (entry["latitude"], entry["longitude"]) == (
                round(float(m["latitude"]), 6), round(float(m["longitude"]), 6))
            assert "conference_url" not in entry
        assert "timezone" not in entry  # the region's Europe/Berlin, as the report says


def test_in_person_meeting_field_by_field(root):
    """Berlin 11005: address, venue, transit note, language type and language, id, source."""
    entry = imported(berlin(root))["11005"]
    assert entry["id"] == "narcotics-anonymous-de-bmlt-11005"
    assert entry["regions"] == ["berlin"]
    assert entry["address"] == {"address_1": "Pauline-Staegemann-Straße 6", "city": "Berlin",
                                "state_province": "Berlin", "postal_code": "10249", "country": "DE"}
    assert entry["location"] == "Volkssolidarität: Stadtteilzentrum Friedrichshain"
    assert entry["location_notes"] == "M5/M6/M8 Mollstr./Otto-Braun-Straße"
    assert entry["schedule"] == [{"day": "sunday", "time": "10:30", "end_time": "11:30"}]
    assert entry["types"] == ["EN"] and entry["languages"] == ["en"]
    assert entry["source"] == "BMLT https://narcotics-anonymous.de/bmlt"


def test_online_meeting_loses_the_placeholder_coordinates(root):
    """Berlin 10818 (venue_type 2) sits at BMLT's default map centre in Los Angeles: it is
    imported online only, with its link and password, and the report says what was left out."""
    outcome = berlin(root)
    entry = imported(outcome)["10818"]
    assert entry["online_only"] is True
    assert not {"address", "latitude", "longitude", "location"} & set(entry)
    assert entry["conference_url"] == "https://us02web.zoom.us/j/9079883918?pwd=LzZodFhaS0ZuT0h4RFdKOThKTE1mZz09"
    assert entry["conference_url_notes"] == "Passwort: 647529"
    assert entry["description"] == "Schreiben in Stille/Write in silence"
    notes = [str(n) for n in outcome.notes() if n.position == "bread_berlin_GetSearchResults.json:1:2"]
    assert notes == ["bread_berlin_GetSearchResults.json:1:2: latitude: online meeting: its "
                     "coordinates are BMLT's default map centre; left out"]


def test_end_past_midnight_is_kept(root):
    """Berlin 10962 starts 23:55 and lasts 1:35: it ends at 01:30 (the next morning), and what
    its location_info says is kept in the description of the online meeting."""
    entry = imported(berlin(root))["10962"]
    assert entry["schedule"] == [{"day": "friday", "time": "23:55", "end_time": "01:30"}]
    assert entry["description"] == "ZEIG DICH! (durchgehend Kamerapflicht)"


def test_formats_map_through_world_id_or_stay_the_groups_own(root):
    """Formats with a NAWS code of the same meaning become types; the rest keep the German
    name and description of GetFormats (10859: Wo1, Wo3 and pl; 10778: Sp and KT)."""
    entries = imported(berlin(root))
    assert entries["10859"]["types"] == ["POL"] and entries["10859"]["languages"] == ["pl"]
    assert entries["10859"]["formats"] == [
        {"code": "Wo1", "name": "Findet nur in der 1. Woche des Monats statt", "language": "de"},
        {"code": "Wo3", "name": "Findet nur in der 3. Woche des Monats statt", "language": "de"}]
    assert entries["10778"]["types"] == ["SP"]
    assert entries["10778"]["formats"] == [{"code": "KT", "name": "Tiereverbot",
                                            "description": "Tiere sind nicht zugelassen",
                                            "language": "de"}]


def test_every_world_id_type_is_a_catalog_type():
    """The NAWS -> Meeting Guide table names only codes the catalog knows, and every language
    with a Meeting Guide type is found by its ISO code."""
    assert set(bmlt_formats.WORLD_TYPES.values()) <= set(MEETING_TYPES)
    languages = bmlt_formats._language_types()
    assert {languages[c] for c in ("de", "en", "ru", "fa", "pl", "es", "uk", "ar", "hu", "fr")} == \
        {"DE", "EN", "RUS", "FA", "POL", "S", "UK", "AR", "HU", "FR"}


def test_every_source_format_is_accounted_for(root):
    """Each format key of each imported Berlin meeting ends up as a type, a language, the
    attendance (VM) or one of the group's own formats: none is dropped."""
    entries = imported(berlin(root))
    with open(shared(*GERMAN), encoding="utf-8") as handle:
        table = {f["id"]: f for f in json.load(handle)}
    for m in source_meetings(shared(*BERLIN)):
        entry = entries.get(m["id_bigint"])
        if entry is None:
            continue
        own = {f["code"] for f in entry.get("formats", [])}
        for ident in filter(None, m.get("format_shared_id_list", "").split(",")):
            fmt = table[ident]
            world = fmt["world_id"]
            if world == "VM":
                assert entry.get("online_only"), m["id_bigint"]
            elif world in bmlt_formats.WORLD_TYPES:
                assert bmlt_formats.WORLD_TYPES[world] in entry["types"], (m["id_bigint"], fmt)
            elif "LANG" in (world, fmt["format_type_enum"]):
                assert fmt["key_string"] in entry["languages"], (m["id_bigint"], fmt)
            else:
                assert fmt["key_string"] in own, (m["id_bigint"], fmt)


def test_html_breaks_and_custom_field_prompts_become_text(root):
    """location_info 'A.<br>B' and public_transport 'ÖPNV#@-@#...' read as one line of text."""
    entries = imported(berlin(root))
    assert entries["10794"]["location_notes"] == (
        "Für den Code hängt ein Schild an der Tür. This meeting is bilingual: Everyone is "
        "invited to share either in french or in english. ÖPNV: U8, U3 Kottbusser Tor")
    assert entries["10778"]["location_notes"] == "3. OG; ÖPNV: U1, U3, U8 Kottbusser Tor"
    assert entries["10778"]["description"] == "Erweiterung zum Format: Sprechermeeting"


def test_countries_are_normalised_and_reported(root):
    """'Deutschland' -> DE, the typo 'Deutschlang' -> DE with a note, and an empty nation
    takes DE, the only country the list names, as the report states."""
    outcome = berlin(root)
    entries = imported(outcome)
    assert entries["10961"]["address"]["country"] == "DE"
    assert entries["10859"]["address"]["country"] == "DE"  # location_nation ""
    notes = [n.message for n in outcome.notes() if n.field == "location_nation"]
    assert notes == ["'Deutschlang' read as 'deutschland' (DE)"]
    lines = outcome.lines()
    assert any(re.fullmatch(r"  country of \d+ address\(es\) without location_nation: DE, the "
                            r"only country the others name", line) for line in lines)


def test_report_states_program_server_and_time_zone(root):
    """The report says which program every meeting got and why, the server, and that the
    region's zone is used because the server gives none."""
    lines = berlin(root).lines()
    assert lines[1] == ("  server https://narcotics-anonymous.de/bmlt; program na (Narcotics "
                        "Anonymous (NA)) for every meeting (BMLT lists Narcotics Anonymous; "
                        "--program sets another)")
    assert lines[2] == ("  time zone of 106 meeting(s): Europe/Berlin, their region's zone (the "
                        "server gives none; --timezone sets another)")


def test_given_time_zone_and_program_are_used(root):
    """--timezone goes on every meeting without its own; --program replaces na."""
    outcome = run(root, shared(*BERLIN), "berlin-brandenburg", formats=shared(*GERMAN),
                  timezone="Europe/Berlin", program="other")
    entry = imported(outcome)["11005"]
    assert entry["timezone"] == "Europe/Berlin" and entry["program"] == "other"
    assert "(given with --timezone)" in outcome.lines()[2]


def test_unknown_time_zone_is_refused(root):
    """A --timezone that is not an IANA name stops the import before anything is read."""
    with pytest.raises(importers.SourceError) as error:
        run(root, shared(*BERLIN), "berlin-brandenburg", formats=shared(*GERMAN),
            timezone="CET+1")
    assert str(error.value) == ("--timezone: 'CET+1' is not an IANA time zone; write one like "
                                "Europe/Berlin or America/New_York")


def test_missing_formats_stop_the_import(root):
    """The Hudson JSONP list uses formats but comes without them: nothing is imported and the
    error says which file to save and how to pass it."""
    with pytest.raises(importers.SourceError) as error:
        run(root, shared(*HUDSON), "northeast")
    assert str(error.value) == (
        "bmlt-workflow_hudson_GetSearchResults.jsonp: the meetings use formats (O, D, WC, St, RF, "
        "JT ...) but no format list came with them; save <server>/client_interface/json/"
        "?switcher=GetFormats from the same server and pass it with --formats FILE (or pass "
        "--without-formats to import the meetings without their formats)")
    assert os.listdir(os.path.join(os.path.dirname(root), "catalog")) == []


def test_without_formats_reports_the_formats_left_out(root):
    """--without-formats imports the JSONP list and lists every format key left out."""
    outcome = run(root, shared(*HUDSON), "northeast", without_formats=True)
    assert outcome.source.kind == "BMLT meeting list" and len(outcome.source.records) == 244
    assert any(line.startswith("  formats not imported (no format list given): AB (2), B (12), ")
               for line in outcome.lines())
    assert all("types" not in e and "formats" not in e for e in imported(outcome).values())


def test_hudson_with_the_formats_of_a_server_holding_the_same_data(root):
    """The 2.16 mock server's list with the 4.2.6 test server's formats (a copy of the same
    region): every key and id agrees, so the formats are used; 2562 field by field."""
    outcome = run(root, shared(*HUDSON), "northeast", formats=shared(*YAP_FORMATS),
                  service_bodies=shared(*BODIES))
    entry = imported(outcome)["2562"]
    assert entry["id"] == "bmlt2x-8000-main-server-2562"
    assert entry["schedule"] == [{"day": "tuesday", "time": "18:30", "end_time": "20:00"}]
    assert entry["address"] == {"address_1": "360 Warren Street", "city": "Hudson",
                                "state_province": "NY", "country": "US"}
    assert entry["regions"] == ["columbia-county"]
    assert entry["types"] == ["O", "LIT"]  # O = OPEN, BK = LIT
    assert entry["formats"] == [{"code": "BT", "name": "Basic Text", "description": "This "
                                 "meeting is focused on discussion of the Basic Text of Narcotics "
                                 "Anonymous.", "language": "en"}]
    assert entry["source"] == "BMLT http://bmlt2x:8000/main_server, Mid-Hudson Area Service"


def test_hudson_countries_all_read_as_us(root):
    """'USA', 'United States', 'US' and '' (with a state) are all US."""
    entries = imported(run(root, shared(*HUDSON), "northeast", without_formats=True))
    nations = {m["location_nation"] for m in source_meetings(shared(*HUDSON))}
    assert nations == {"USA", "United States", "US", ""}
    assert {e["address"]["country"] for e in entries.values()} == {"US"}


def test_formats_of_another_server_that_disagree_are_refused(root, tmp_path):
    """A formats file whose ids mean other keys than the meetings use stops the import."""
    with open(shared(*YAP_FORMATS), encoding="utf-8") as handle:
        formats = json.load(handle)
    for fmt in formats:
        if fmt["id"] == "17":
            fmt["key_string"] = "Op"
    other = tmp_path / "formats.json"
    other.write_text(json.dumps(formats), encoding="utf-8")
    with pytest.raises(importers.SourceError) as error:
        run(root, shared(*HUDSON), "northeast", formats=str(other))
    assert str(error.value) == (
        "bmlt-workflow_hudson_GetSearchResults.jsonp: the formats come from another server "
        "(https://latest.aws.bmlt.app/main_server) and do not match: meeting 2562 uses O, BT, BK "
        "with ids 3, 17, 36; save GetFormats from http://bmlt2x:8000/main_server")


def test_used_formats_wrapper_without_server_or_duration(root):
    """The yap answer ({"meetings", "formats"}, a data_field_key subset): the server comes
    from its formats, there is no end time, attendance comes from the address."""
    outcome = run(root, shared(*YAP), "northeast")
    entries = imported(outcome)
    assert len(entries) == 53
    entry = entries["2566"]
    assert entry["id"] == "latest-aws-bmlt-app-main-server-2566"
    assert entry["schedule"] == [{"day": "monday", "time": "19:00"}]
    assert entry["address"] == {"address_1": "128 Main street", "city": "Clifton Springs",
                                "state_province": "NY", "country": "US"}
    assert entry["location"] == "Clifton springs Hospital"
    assert entry["location_notes"] == "Admin Conference Room"
    assert entry["types"] == ["O"]
    assert [f["code"] for f in entry["formats"]] == ["RF", "To"]
    assert outcome.lines()[1].startswith("  server https://latest.aws.bmlt.app/main_server;")
    assert "  country of 53 address(es) without location_nation: US, the catalog's country" \
        in outcome.lines()


def test_other_answers_given_as_the_meeting_list_are_named(root):
    """A GetFormats or GetServiceBodies file given as the source says what it is and what to
    save instead."""
    for parts, what in ((GERMAN, "a GetFormats answer"), (BODIES, "a GetServiceBodies answer")):
        with pytest.raises(importers.SourceError) as error:
            run(root, shared(*parts), "berlin")
        assert str(error.value) == (
            f"{parts[1]}: this is {what}, not a meeting list; save <server>/client_interface/json/"
            "?switcher=GetSearchResults and import that (the formats go with --formats, the "
            "service bodies with --service-bodies)")


def test_service_bodies_name_the_region(root):
    """With GetServiceBodies, the Green Mountain Area's Vermont meetings go to the catalog
    region of that name (under Vermont), its New Hampshire ones stay in their state; each
    entry's source names its area. Without it, state regions hold them all."""
    outcome = run(root, shared(*HUDSON), "northeast", formats=shared(*YAP_FORMATS),
                  service_bodies=shared(*BODIES))
    entries = imported(outcome)
    area = {m["id_bigint"]: m["location_province"] for m in source_meetings(shared(*HUDSON))
            if m["service_body_bigint"] == "1051"}
    assert Counter(area.values()) == {"VT": 22, "NH": 11}
    assert {(state, entries[i]["regions"][0]) for i, state in area.items()} == {
        ("VT", "green-mountain-area"), ("NH", "new-hampshire")}
    assert {entries[i]["source"] for i in area} == {
        "BMLT http://bmlt2x:8000/main_server, Green Mountain Area"}
    without = imported(run(root, shared(*HUDSON), "northeast", formats=shared(*YAP_FORMATS)))
    assert {(state, without[i]["regions"][0]) for i, state in area.items()} == {
        ("VT", "vermont"), ("NH", "new-hampshire")}


def test_meetings_outside_the_area_are_refused(root):
    """Imported into New York, the list's Vermont, Massachusetts and New Hampshire meetings are
    refused with their positions, never filed under a New York region."""
    outcome = run(root, shared(*HUDSON), "new-york", formats=shared(*YAP_FORMATS))
    states = Counter(m["location_province"] for m in source_meetings(shared(*HUDSON)))
    assert outcome.imported == states["NY"] == 191
    assert Counter(r.skipped.split(", outside")[0] for r in outcome.skipped) == {
        "cannot be placed: it is in VT": 22, "cannot be placed: it is in MA": 20,
        "cannot be placed: it is in NH": 11}


def test_imported_meetings_are_not_verified_by_a_person(root):
    """BMLT answers carry no date: entries say when they were imported, never last_verified,
    unless the coordinator vouches for the whole list with --verified."""
    entry = imported(berlin(root))["11005"]
    assert entry["imported"] == TODAY and "last_verified" not in entry
    assert "source_updated" not in entry
    checked = imported(run(root, shared(*BERLIN), "berlin-brandenburg", formats=shared(*GERMAN),
                           verified=dt.date(2026, 11, 1)))["11005"]
    assert checked["last_verified"] == dt.date(2026, 11, 1) and "imported" not in checked


def test_markdown_report_states_what_was_assumed(root):
    """The Markdown report for a pull request lists the server, program and time zone lines."""
    text = berlin(root).markdown()
    assert "| 108 | 106 | 106 | 106 | 0 | 0 | 2 | 0 |" in text
    assert ("- server https://narcotics-anonymous.de/bmlt; program na (Narcotics Anonymous (NA)) "
            "for every meeting (BMLT lists Narcotics Anonymous; --program sets another)") in text
    assert "- time zone of 106 meeting(s): Europe/Berlin, their region's zone" in text


def test_command_line_stops_on_missing_formats(root, capsys):
    """`navigator import bmlt` without the formats exits 1 with the error and no traceback."""
    from generator.cli import main

    code = main(["import", "bmlt", shared(*HUDSON), "--region", "northeast", "--catalog", root])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err == (
        "bmlt-workflow_hudson_GetSearchResults.jsonp: the meetings use formats (O, D, WC, St, RF, "
        "JT ...) but no format list came with them; save <server>/client_interface/json/"
        "?switcher=GetFormats from the same server and pass it with --formats FILE (or pass "
        "--without-formats to import the meetings without their formats)\nNothing was imported.\n")


def test_command_line_imports_and_reports(root, capsys):
    """`navigator import bmlt` with the formats writes the region file and prints the report."""
    from generator.cli import main

    code = main(["import", "bmlt", shared(*BERLIN), "--formats", shared(*GERMAN),
                 "--region", "berlin-brandenburg", "--catalog", root])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == ("bread_berlin_GetSearchResults.json (BMLT meeting list): 108 records read, "
                      "106 imported as 106 entries (106 new, 0 updated, 0 unchanged), 2 skipped, "
                      "0 no longer in the source")
    assert os.path.exists(os.path.join(os.path.dirname(root), "catalog", "berlin-brandenburg.yaml"))


def test_week_formats_given_by_the_coordinator_become_weeks_of_the_month(root):
    """Berlin's Wo1..Wo4 formats ("only in the n-th week of the month") have no NAWS code; told
    with --week-format, 10859 (Wo1, Wo3) meets in weeks 1 and 3 and keeps no such format."""
    weeks = {"Wo1": "1", "Wo2": "2", "Wo3": "3", "Wo4": "4", "WoL": "last"}
    outcome = run(root, shared(*BERLIN), "berlin-brandenburg", formats=shared(*GERMAN),
                  week_formats=weeks)
    entry = imported(outcome)["10859"]
    assert entry["schedule"] == [{"day": "thursday", "time": "19:00", "end_time": "21:00",
                                  "weeks": [1, 3]}]
    assert "formats" not in entry and entry["types"] == ["POL"]
    assert ("  formats read as weeks of the month (--week-format): Wo1 → week 1 (1), Wo2 → "
            "week 2 (1), Wo3 → week 3 (1), Wo4 → week 4 (1)") in outcome.lines()
    with pytest.raises(importers.SourceError) as error:
        run(root, shared(*BERLIN), "berlin-brandenburg", formats=shared(*GERMAN),
            week_formats={"Wo1": "first"})
    assert str(error.value) == ("--week-format: Wo1=first: the week is 1, 2, 3, 4, 5 or last (for "
                                "example --week-format Wo1=1)")
