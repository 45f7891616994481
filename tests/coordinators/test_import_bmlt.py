"""`navigator import bmlt`: NA meetings from BMLT semantic-interface answers, each field compared
with the recorded source records in ../shared/fixtures/bmlt."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil

import pytest

from generator import importers
from generator.importers import bmlt_formats
from generator.meeting_types import MEETING_TYPES
from tests.conftest import ROOT
from tests.coordinators.conftest import TODAY, shared

CATALOG = os.path.join(ROOT, "tests", "fixtures", "bmlt")
BERLIN = ("bmlt", "bread_berlin_GetSearchResults.json")
GERMAN = ("bmlt", "bread_germany_GetFormats_de.json")
HUDSON = ("bmlt", "bmlt-workflow_hudson_GetSearchResults.jsonp")
YAP = ("bmlt", "yap_gnyr_GetSearchResults_used_formats_day2.json")
YAP_FORMATS = ("bmlt", "yap_gnyr_GetFormats_en.json")
BODIES = ("bmlt", "yap_gnyr_GetServiceBodies.json")
DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]


@pytest.fixture
def root(tmp_path) -> str:
    """A copy of the BMLT test catalog (Berlin/Brandenburg and New England regions)."""
    dest = tmp_path / "project"
    shutil.copytree(CATALOG, dest)
    os.makedirs(dest / "catalog", exist_ok=True)
    return str(dest / "resources.yaml")


def source_meetings(path: str) -> list[dict]:
    """The meetings as the file holds them, read independently of the importer."""
    with open(path, encoding="utf-8") as handle:
        raw = handle.read()
    raw = re.sub(r"^\s*callback\(|\);?\s*$", "", raw)
    data = json.loads(raw)
    return data["meetings"] if isinstance(data, dict) else data


def run(root: str, source: str, region: str, **options) -> importers.Outcome:
    return importers.run("bmlt", source, root, importers.Options(region=region, today=TODAY,
                                                                  **options))


def imported(outcome: importers.Outcome) -> dict[str, dict]:
    """Imported entries by their BMLT id_bigint."""
    return {r.data["id"].rsplit("-", 1)[1]: r.data for r in outcome.source.records if r.data}


def berlin(root: str) -> importers.Outcome:
    return run(root, shared(*BERLIN), "berlin-brandenburg", formats=shared(*GERMAN))


def end_of(start: str, duration: str) -> str:
    begin = dt.datetime(2000, 1, 1, *(int(x) for x in start.split(":")))
    hours, minutes, _seconds = (int(x) for x in duration.split(":"))
    return (begin + dt.timedelta(hours=hours, minutes=minutes)).strftime("%H:%M")


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
        {"code": "Wo1", "name": "Findet nur in der 1. Woche des Monats statt"},
        {"code": "Wo3", "name": "Findet nur in der 3. Woche des Monats statt"}]
    assert entries["10778"]["types"] == ["SP"]
    assert entries["10778"]["formats"] == [{"code": "KT", "name": "Tiereverbot",
                                            "description": "Tiere sind nicht zugelassen"}]


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
    assert re.fullmatch(r"  time zone of \d+ meeting\(s\): the region's zone Europe/Berlin \(the "
                        r"server gives none; --timezone sets another\)", lines[2])


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
                                 "Anonymous."}]
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


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def meeting(**fields) -> dict:
    """A meeting shaped like the Berlin server's (every value text), changed by ``fields``."""
    base = {"id_bigint": "1", "meeting_name": "Test", "weekday_tinyint": "2", "venue_type": "1",
            "start_time": "19:00:00", "duration_time": "01:00:00", "time_zone": "", "formats": "",
            "format_shared_id_list": "", "lang_enum": "de", "latitude": "52.5", "longitude": "13.4",
            "published": "1", "root_server_uri": "https://bmlt.example.org/main_server",
            "location_street": "Teststr. 1", "location_municipality": "Berlin",
            "location_postal_code_1": "10115", "location_nation": "DE", "location_province": "Berlin",
            "virtual_meeting_link": "", "phone_meeting_number": ""}
    return {**base, **fields}


def test_rows_that_cannot_be_meetings_are_refused_with_their_position(root, tmp_path):
    """No name, no day, no time, an impossible day, unpublished, online without a link and not
    an object: each is refused with its line and column, and the rest is imported."""
    rows = [meeting(id_bigint="1"), meeting(id_bigint="2", meeting_name=""),
            meeting(id_bigint="3", weekday_tinyint=""), meeting(id_bigint="4", start_time=""),
            meeting(id_bigint="5", weekday_tinyint="8"), meeting(id_bigint="6", published="0"),
            meeting(id_bigint="7", venue_type="2"), "not a meeting"]
    text = "[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n"
    outcome = run(root, write(tmp_path, "rows.json", text), "berlin")
    assert list(imported(outcome)) == ["1"]
    assert [f"{r.position}: {r.skipped}" for r in outcome.skipped] == [
        "rows.json:3:1: meeting 2: no meeting_name",
        "rows.json:4:1: meeting 3 (Test): no weekday_tinyint (day of the week)",
        "rows.json:5:1: meeting 4 (Test): no start_time",
        "rows.json:6:1: meeting 5 (Test): weekday_tinyint '8' is not 1 (Sunday) to 7 (Saturday)",
        "rows.json:7:1: meeting 6 (Test): not published on its server",
        "rows.json:8:1: meeting 7 (Test): an online meeting with no virtual_meeting_link or "
        "phone_meeting_number",
        "rows.json:9:1: meeting 8 is not a JSON object"]


def test_old_servers_attendance_comes_from_the_formats(root, tmp_path):
    """Without venue_type, the VM and HYBR formats (by world_id) say online or hybrid."""
    formats = [{"id": "1", "key_string": "VM", "name_string": "Virtual", "world_id": "VM",
                "lang": "en", "description_string": ""},
               {"id": "2", "key_string": "HY", "name_string": "Hybrid", "world_id": "HYBR",
                "lang": "en", "description_string": ""}]
    rows = [meeting(id_bigint="1", formats="VM", format_shared_id_list="1",
                    virtual_meeting_link="https://zoom.example.org/j/1"),
            meeting(id_bigint="2", formats="HY", format_shared_id_list="2",
                    virtual_meeting_link="https://zoom.example.org/j/2"),
            meeting(id_bigint="3")]
    for row in rows:
        del row["venue_type"]
    path = write(tmp_path, "old.json", json.dumps({"meetings": rows, "formats": formats}))
    entries = imported(run(root, path, "berlin"))
    assert entries["1"]["online_only"] is True and "address" not in entries["1"]
    assert entries["2"]["address"]["address_1"] == "Teststr. 1"
    assert entries["2"]["conference_url"] == "https://zoom.example.org/j/2"
    assert "conference_url" not in entries["3"] and "online_only" not in entries["3"]
    assert not any("types" in e or "formats" in e for e in entries.values())


def test_hybrid_meeting_keeps_place_link_and_phone(root, tmp_path):
    """venue_type 3: the address and coordinates stay, the link and the phone number (with its
    dial-in sequence) become the ways to join."""
    row = meeting(venue_type="3", virtual_meeting_link="us02web.zoom.us/j/123",
                  phone_meeting_number="+4930123456,,123#",
                  virtual_meeting_additional_info="Passwort: 1")
    entry = imported(run(root, write(tmp_path, "h.json", json.dumps([row])), "berlin"))["1"]
    assert entry["address"]["address_1"] == "Teststr. 1" and entry["latitude"] == 52.5
    assert entry["conference_url"] == "https://us02web.zoom.us/j/123"
    assert entry["conference_url_notes"] == "Passwort: 1"
    assert entry["conference_phone"].startswith("+4930123456")


def test_reimport_of_a_changed_list_reports_added_changed_removed(root, tmp_path):
    """Importing the same list twice changes nothing; a newer list with one meeting moved,
    one gone and one new updates the first, keeps and reports the second, adds the third."""
    rows = [meeting(id_bigint="1"), meeting(id_bigint="2", meeting_name="Zwei")]
    path = write(tmp_path, "list.json", json.dumps(rows))
    first = run(root, path, "berlin")
    assert first.added == ["bmlt-example-org-main-server-1", "bmlt-example-org-main-server-2"]
    again = run(root, path, "berlin")
    assert (again.added, again.updated, again.missing) == ([], [], [])
    rows = [meeting(id_bigint="1", start_time="20:00:00"), meeting(id_bigint="3")]
    newer = run(root, write(tmp_path, "list.json", json.dumps(rows)), "berlin")
    assert newer.added == ["bmlt-example-org-main-server-3"]
    assert newer.updated == [("bmlt-example-org-main-server-1", ["schedule"])]
    assert newer.missing == [("catalog/berlin.yaml", "bmlt-example-org-main-server-2")]


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


def test_broken_jsonp_is_refused_with_its_position(root, tmp_path):
    """A JSONP answer cut short reports where the JSON stops."""
    path = write(tmp_path, "cut.jsonp", 'callback([{"id_bigint":"1"},\n{"id_bigint": );')
    with pytest.raises(importers.SourceError) as error:
        run(root, path, "berlin")
    assert str(error.value).startswith("cut.jsonp:2:17: not valid JSON or JSONP (Expecting value)")


def test_service_bodies_name_the_region(root):
    """With GetServiceBodies, the Green Mountain Area's meetings (Vermont and New Hampshire) go
    to the catalog region of that name, and each entry's source names its area."""
    outcome = run(root, shared(*HUDSON), "northeast", formats=shared(*YAP_FORMATS),
                  service_bodies=shared(*BODIES))
    entries = imported(outcome)
    area = [m["id_bigint"] for m in source_meetings(shared(*HUDSON))
            if m["service_body_bigint"] == "1051"]
    assert len(area) == 33
    assert {entries[i]["regions"][0] for i in area} == {"green-mountain-area"}
    assert {entries[i]["source"] for i in area} == {
        "BMLT http://bmlt2x:8000/main_server, Green Mountain Area"}
    without = imported(run(root, shared(*HUDSON), "northeast", formats=shared(*YAP_FORMATS)))
    assert {without[i]["regions"][0] for i in area} == {"vermont", "new-hampshire"}


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
    assert "- time zone of 106 meeting(s): the region's zone Europe/Berlin" in text


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


def test_servers_time_zone_is_used_and_a_wrong_one_reported(root, tmp_path):
    """A time_zone the server fills in (BMLT 3+) goes on the meeting; one that is not an IANA
    name is reported and the region's zone applies."""
    rows = [meeting(id_bigint="1", time_zone="Europe/Vienna"), meeting(id_bigint="2", time_zone="Berlin time")]
    outcome = run(root, write(tmp_path, "zones.json", json.dumps(rows)), "berlin")
    entries = imported(outcome)
    assert entries["1"]["timezone"] == "Europe/Vienna" and "timezone" not in entries["2"]
    assert [n.message for n in outcome.notes() if n.field == "time_zone"] == [
        "'Berlin time' is not an IANA time zone"]
    assert "  time zone of 1 meeting(s): their own time_zone" in outcome.lines()


def test_temporarily_closed_location(root, tmp_path):
    """The TC format (world_id TC): a meeting that can be joined online is listed online only;
    one that cannot is listed as temporarily closed at its address."""
    formats = [{"id": "9", "key_string": "TC", "name_string": "Temporarily Closed", "world_id": "TC",
                "lang": "en", "description_string": ""}]
    rows = [meeting(id_bigint="1", formats="TC", virtual_meeting_link="https://zoom.example.org/j/1"),
            meeting(id_bigint="2", formats="TC")]
    path = write(tmp_path, "tc.json", json.dumps({"meetings": rows, "formats": formats}))
    entries = imported(run(root, path, "berlin"))
    assert entries["1"]["online_only"] is True and "address" not in entries["1"]
    assert entries["2"]["status"] == "temporarily-closed" and "address" in entries["2"]


def test_aggregator_answer_with_several_servers(root, tmp_path):
    """An aggregator's answer mixes servers: the same id_bigint on two servers makes two
    entries, each meeting's formats and service body are read from its own server."""
    one, two = "https://one.example.org/main_server", "https://two.example.org/main_server"
    formats = [{"id": "1", "key_string": "X", "name_string": "Open", "world_id": "OPEN",
                "lang": "en", "description_string": "", "root_server_uri": one},
               {"id": "1", "key_string": "X", "name_string": "Closed", "world_id": "CLOSED",
                "lang": "en", "description_string": "", "root_server_uri": two}]
    rows = [meeting(root_server_uri=one, formats="X", format_shared_id_list="1",
                    service_body_bigint="5"),
            meeting(root_server_uri=two, formats="X", format_shared_id_list="1",
                    service_body_bigint="5")]
    bodies = [{"id": "5", "parent_id": "0", "name": "Area One", "root_server_uri": one},
              {"id": "5", "parent_id": "0", "name": "Area Two", "root_server_uri": two}]
    outcome = run(root, write(tmp_path, "agg.json", json.dumps({"meetings": rows, "formats": formats})),
                  "berlin", service_bodies=write(tmp_path, "bodies.json", json.dumps(bodies)))
    first, second = (r.data for r in outcome.source.records)
    assert (first["id"], first["types"], first["source"]) == (
        "one-example-org-main-server-1", ["O"], f"BMLT {one}, Area One")
    assert (second["id"], second["types"], second["source"]) == (
        "two-example-org-main-server-1", ["C"], f"BMLT {two}, Area Two")
    assert outcome.lines()[1].startswith(f"  server {one} (1); {two} (1); program na")


def test_aggregator_formats_without_their_server_are_refused(root, tmp_path):
    """Formats that do not name their server cannot be told apart in a list of several
    servers: the import stops and says how to save the answer."""
    formats = [{"id": "1", "key_string": "X", "name_string": "Open", "world_id": "OPEN",
                "lang": "en", "description_string": ""}]
    rows = [meeting(root_server_uri="https://one.example.org/main_server", formats="X"),
            meeting(root_server_uri="https://two.example.org/main_server", formats="X")]
    path = write(tmp_path, "agg.json", json.dumps({"meetings": rows, "formats": formats}))
    with pytest.raises(importers.SourceError) as error:
        run(root, path, "berlin")
    assert str(error.value) == (
        "agg.json: the meetings come from 2 servers, but no format names "
        "https://one.example.org/main_server or https://two.example.org/main_server as its "
        "server; save the meetings with get_used_formats=1, so that each format comes with its "
        "server")


def test_hybrid_without_a_street_is_online(root, tmp_path):
    """venue_type 3 with a link but no street: listed online only, and the report says so."""
    row = meeting(venue_type="3", location_street="", virtual_meeting_link="https://zoom.example.org/j/9")
    outcome = run(root, write(tmp_path, "h.json", json.dumps([row])), "berlin")
    entry = imported(outcome)["1"]
    assert entry["online_only"] is True and "address" not in entry
    assert [n.message for n in outcome.notes() if n.field == "venue_type"] == [
        "hybrid, but no street and town to go to: listed as online only"]
