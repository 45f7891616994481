"""`navigator import bmlt` rules that no recorded answer shows (old servers, aggregators, broken
files, re-imports), on meetings shaped like the Berlin server's."""

from __future__ import annotations

import json

import pytest

from generator import importers
from tests.coordinators.bmlt_support import imported, meeting, root, run, write

__all__ = ["root"]  # the fixture


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
    dial-in pauses and code, as one tap dials them) become the ways to join."""
    row = meeting(venue_type="3", virtual_meeting_link="us02web.zoom.us/j/123",
                  phone_meeting_number="+4930123456,,123#",
                  virtual_meeting_additional_info="Passwort: 1")
    entry = imported(run(root, write(tmp_path, "h.json", json.dumps([row])), "berlin"))["1"]
    assert entry["address"]["address_1"] == "Teststr. 1" and entry["latitude"] == 52.5
    assert entry["conference_url"] == "https://us02web.zoom.us/j/123"
    assert entry["conference_url_notes"] == "Passwort: 1"
    assert entry["conference_phone"] == "+4930123456,,123#"


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


def test_broken_jsonp_is_refused_with_its_position(root, tmp_path):
    """A JSONP answer cut short reports where the JSON stops."""
    path = write(tmp_path, "cut.jsonp", 'callback([{"id_bigint":"1"},\n{"id_bigint": );')
    with pytest.raises(importers.SourceError) as error:
        run(root, path, "berlin")
    assert str(error.value).startswith("cut.jsonp:2:17: not valid JSON or JSONP (Expecting value)")


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


def test_country_names_in_any_language_and_spelling():
    """pycountry's names and translations read 'Deutschland', 'Österreich', 'U.S.A.'; a close
    typo is read with what it was read as; a city is no country; Austria is not Australia."""
    from generator.importers.countries import country
    from generator.importers.addresses import country_code

    assert [country(v) for v in ("Deutschland", "Österreich", "USA", "U.S.A.", "US",
                                 "United States", "Austria", "Australia", "Berlin", "")] == [
        ("DE", None), ("AT", None), ("US", None), ("US", None), ("US", None), ("US", None),
        ("AT", None), ("AU", None), (None, None), (None, None)]
    assert country("Deutschlang") == ("DE", "deutschland")
    assert country_code("Deutschland") == "DE"  # every importer reads them the same way
    assert country_code("Deutschlang", default="US") == "US"  # a typo only where it is reported


def test_jsonp_with_any_callback_keeps_the_files_positions(root, tmp_path):
    """jQuery-style callback names and a leading blank line: refused rows still name the line
    and column of the file itself."""
    text = "\njQuery3510_17({\"meetings\": [\n" + json.dumps(meeting(id_bigint="1")) + ",\n" + \
        json.dumps(meeting(id_bigint="2", meeting_name="")) + "\n], \"formats\": []});\n"
    outcome = run(root, write(tmp_path, "answer.jsonp", text), "berlin")
    assert list(imported(outcome)) == ["1"]
    assert [r.position for r in outcome.skipped] == ["answer.jsonp:4:1"]
