"""HSDS packages of every version are read whole or refused, never half; spreadsheets whose
headings differ from the template are mapped with --column and filled with --category."""

from __future__ import annotations

import csv
import datetime
import json
import os

import pytest

from generator import importers
from generator.importers.records import SourceError
from generator.validate import validate
from tests.coordinators.conftest import TODAY, shared

OLDER_PACKAGE = {
    "organizations.csv": [["id", "name", "description"], ["o1", "Harbor Health", "Clinics"]],
    "services.csv": [["id", "organization_id", "name", "description", "status", "url", "email"],
                     ["s1", "o1", "Harbor Outpatient", "Counselling.", "active", "https://harbor.example.org/",
                      "intake@harbor.example.org"]],
    "locations.csv": [["id", "organization_id", "name", "latitude", "longitude"],
                      ["l1", "o1", "Harbor House", "39.96", "-83.0"]],
    "services_at_location.csv": [["id", "service_id", "location_id"], ["sal1", "s1", "l1"]],
    "physical_addresses.csv": [["id", "location_id", "address_1", "city", "state_province", "postal_code", "country"],
                               ["a1", "l1", "100 Main Street", "Columbus", "OH", "43215", "US"]],
    "phones.csv": [["id", "service_id", "number", "type"], ["p1", "s1", "(614) 555-0100", "voice"]],
    "regular_schedules.csv": [["id", "service_id", "weekday", "opens_at", "closes_at"],
                              ["r1", "s1", "1", "09:00", "17:00"], ["r2", "s1", "Saturday", "10:00", "14:00"]],
    "holiday_schedules.csv": [["id", "service_id", "closed", "start_date", "end_date"],
                              ["h1", "s1", "true", "2026-12-25", "2026-12-25"]],
}


def package(tmp_path, tables: dict[str, list[list[str]]]) -> str:
    folder = tmp_path / "package"
    folder.mkdir()
    for name, rows in tables.items():
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return str(folder)


def run(fmt: str, source: str, catalog: str, region: str = "ohio", **kw):
    return importers.run(fmt, source, catalog, importers.Options(
        region=region, out="catalog/imported.yaml", today=TODAY, **kw))


def entries(catalog: str) -> dict:
    result = validate(catalog, today=TODAY, cache_dir=None, workers=1)
    return {r.id: r for r in result.resources if result.origins[r.id][0] == "catalog/imported.yaml"}


def test_hsds_1x_package_is_read_whole(tmp_path, project):
    """Addresses, opening hours by weekday, the venue, coordinates and phones of a 1.x package
    all arrive; the holiday table, which has no place in the catalog, is counted in the report."""
    outcome = run("hsds", package(tmp_path, OLDER_PACKAGE), project, category="outpatient")
    res = entries(project)["s1"]
    assert (res.address.address_1, res.address.city, res.address.state_province, res.address.postal_code) == \
        ("100 Main Street", "Columbus", "OH", "43215")
    assert not res.online_only and (res.latitude, res.longitude) == (39.96, -83.0)
    assert [(h.days, h.opens_at, h.closes_at) for h in res.hours] == [
        (["monday"], "09:00", "17:00"), (["saturday"], "10:00", "14:00")]
    assert [p.number for p in res.phones] == ["(614) 555-0100"] and res.location == "Harbor House"
    assert (res.url, res.email, res.category) == ("https://harbor.example.org/", "intake@harbor.example.org",
                                                  "outpatient")
    assert res.regions == ["ohio"]
    assert outcome.source.ignored == {"table holiday_schedules.csv": 1, "table organizations.csv": 1}
    assert any("table holiday_schedules.csv (1)" in line for line in outcome.lines())


def test_times_with_a_utc_offset_become_the_local_times_of_the_zone(tmp_path, project):
    """HSDS 3.0 writes times with their UTC offset: at the zone's own offset (standard or summer
    time) the time is kept as written; at another offset (here UTC) it is moved into the zone's
    standard time, the day with it when midnight is crossed, and the report says so."""
    tables = dict(OLDER_PACKAGE, **{"regular_schedules.csv": [
        ["id", "service_id", "weekday", "opens_at", "closes_at"],
        ["r1", "s1", "1", "09:00:00-04:00", "17:00:00-04:00"],
        ["r2", "s1", "3", "09:00:00-05:00", "17:00:00-05:00"],
        ["r3", "s1", "Saturday", "02:00:00Z", "03:30:00Z"]]})
    outcome = run("hsds", package(tmp_path, tables), project, category="outpatient")
    res = entries(project)["s1"]  # Ohio: America/New_York, UTC-05:00 in winter, -04:00 in summer
    assert [(h.days, h.opens_at, h.closes_at) for h in res.hours] == [
        (["monday"], "09:00", "17:00"), (["wednesday"], "09:00", "17:00"), (["friday"], "21:00", "22:30")]
    assert [n.message for n in outcome.source.records[0].notes if n.field == "schedules"] == [
        "times given at UTC+00:00 written in the local time of America/New_York (UTC-05:00 standard time)"]


def test_a_package_with_tables_the_importer_does_not_know_is_refused(tmp_path, project):
    """Rather than read part of a package, the import names the tables it cannot read."""
    tables = dict(OLDER_PACKAGE, **{"widgets.csv": [["id"], ["w1"]]})
    with pytest.raises(SourceError) as info:
        run("hsds", package(tmp_path, tables), project)
    assert str(info.value) == (
        "package: tables this importer does not read: widgets.csv; only HSDS 1.x, 2.0 and 3.0 "
        "packages are read (remove other tables, or ask for the format to be supported)")


def test_hsds_3_example_service_field_by_field(project):
    """The official 3.0 service example: each field the catalog has a place for is the source's."""
    path = shared("hsds-3.0", "examples", "service_full.json")
    with open(path, encoding="utf-8") as handle:
        svc = json.load(handle)
    run("hsds", path, project)
    (res,) = entries(project).values()
    assert (res.name, res.alternate_name, res.url, res.email) == (
        svc["name"], svc["alternate_name"], svc["url"], svc["email"])
    assert res.description == " ".join(svc["description"].split())
    address = svc["service_at_locations"][0]["location"]["addresses"][0]
    assert (res.address.address_1, res.address.city, res.address.state_province) == (
        address["address_1"], address["city"], address["state_province"])
    assert res.address.postal_code is None  # 'ABC 1234' is no US postal code: left out, reported
    assert {p.number for p in res.phones} <= {p["number"].strip("\"") for p in svc["phones"]}  # quoted in the example
    # assured_date is HSDS's word that someone checked the service: a person's check.
    assert res.last_verified == datetime.date.fromisoformat(svc["assured_date"]) and res.imported is None


SHEET = [["Agency Name", "Street", "Town", "St", "ZIP", "Main Phone", "Notes"],
         ["Riverside Recovery", "100 Main Street", "Columbus", "OH", "43215", "(614) 555-0100", "x"],
         ["Hilltop Counselling", "5 High Street", "Columbus", "OH", "43215", "(614) 555-0101", "y"]]
MAP = {"name": "Agency Name", "address_1": "Street", "city": "Town", "state_province": "St",
       "postal_code": "ZIP", "phone": "Main Phone"}


def sheet(tmp_path, rows=SHEET) -> str:
    path = tmp_path / "sheet.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def test_sheet_with_its_own_headings_is_mapped_and_given_a_category(tmp_path, project):
    """--column maps each heading, --category fills the empty category; the unmapped Notes
    column is reported, not silently dropped."""
    outcome = run("csv", sheet(tmp_path), project, columns=MAP, category="outpatient")
    found = entries(project)
    res = found["riverside-recovery"]
    assert (res.name, res.category, res.address.address_1, res.address.postal_code, res.phones[0].number) == \
        ("Riverside Recovery", "outpatient", "100 Main Street", "43215", "(614) 555-0100")
    assert len(found) == 2 and outcome.source.ignored == {"notes": 2}


def test_sheet_without_a_name_column_says_how_to_map_one(tmp_path, project):
    """The error lists the sheet's headings and the option that maps them."""
    with pytest.raises(SourceError) as info:
        run("csv", sheet(tmp_path), project)
    assert str(info.value) == (
        "sheet.csv:1: no 'name' column (the sheet's columns: 'Agency Name', 'Street', 'Town', 'St', "
        "'ZIP', 'Main Phone', 'Notes'); map the column that holds each listing's name with --column "
        "name=\"<its heading>\", or start from the template on the coordinators' page")


def test_wrong_column_maps_are_all_reported(tmp_path, project):
    """An unknown field and a heading the sheet lacks are named together, with suggestions."""
    with pytest.raises(SourceError) as info:
        run("csv", sheet(tmp_path), project, columns={"nmae": "Agency Name", "phone": "Main Phon"})
    assert str(info.value) == (
        "sheet.csv:1: --column nmae=…: 'nmae' is not a field of the template; did you mean 'name'?; "
        "--column phone=Main Phon: the sheet has no column 'Main Phon'; did you mean 'Main Phone'?")


def test_sheet_rows_without_a_category_are_skipped_with_the_option_to_use(tmp_path, project):
    """No category cell and no --category: each row is skipped saying how to give one."""
    outcome = run("csv", sheet(tmp_path), project, columns=MAP)
    assert [r.reason for r in outcome.skipped] == ["no category (give one with --category)"] * 2
    assert os.path.exists(project)


def _rows(folder: str, table: str) -> list[dict]:
    with open(os.path.join(folder, f"{table}.csv"), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_hsds_3_csv_example_field_by_field(project):
    """The official 3.0 CSV package: the service, its address, location, phone, hours, languages
    and dates are the tables' own values, joined by their ids."""
    folder = shared("hsds-3.0", "examples", "csv")
    run("hsds", folder, project)
    (res,) = entries(project).values()
    (svc,) = _rows(folder, "services")
    (sal,) = [r for r in _rows(folder, "service_at_location") if r["service_id"] == svc["id"]]
    (loc,) = [r for r in _rows(folder, "locations") if r["id"] == sal["location_id"]]
    (address,) = [r for r in _rows(folder, "addresses") if r["location_id"] == loc["id"]]
    (phone,) = [r for r in _rows(folder, "phones") if r["service_id"] == svc["id"]]
    (hours,) = [r for r in _rows(folder, "schedules") if r["service_id"] == svc["id"]]
    assert (res.id, res.name, res.alternate_name, res.url, res.email, res.description) == (
        svc["id"], svc["name"], svc["alternate_name"], svc["url"], svc["email"], svc["description"].strip())
    assert (res.last_verified, res.source_updated) == (
        datetime.date.fromisoformat(svc["assured_date"]), datetime.date.fromisoformat(svc["last_modified"][:10]))
    assert (res.address.address_1, res.address.address_2, res.address.city, res.address.state_province,
            res.address.country) == (address["address_1"], address["address_2"], address["city"],
                                     address["state_province"], address["country"])
    assert res.address.postal_code is None and res.latitude is None  # 'ABC 1234', latitude 100: reported
    assert (res.location, res.location_notes) == (loc["name"], loc["transportation"])
    assert [(p.number, p.extension, p.description) for p in res.phones] == [
        (phone["number"].strip('"'), phone["extension"], phone["description"])]
    days = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday",
            "SA": "saturday", "SU": "sunday"}
    assert [(h.days, h.opens_at, h.closes_at) for h in res.hours] == [
        ([days[d] for d in hours["byday"].split(",")], hours["opens_at"][:5], hours["closes_at"][:5])]
    assert res.languages == [r["code"] for r in _rows(folder, "languages") if r["service_id"] == svc["id"]]


def test_broken_gzip_files_stop_the_import_with_the_file_named(tmp_path, project, capsys):
    """A .json.gz or a package's .csv.gz that is not whole gzip data: `navigator import hsds`
    exits 1 naming the file, with no traceback and nothing imported."""
    from generator.cli import main

    (tmp_path / "services.json.gz").write_bytes(b"\x1f\x8b\x08\x00not gzip at all")
    folder = tmp_path / "package"
    os.makedirs(folder)
    (folder / "services.csv.gz").write_bytes(b"\x1f\x8b\x08\x00not gzip at all")
    broken = "it is not a complete gzip file (Error -3 while decompressing data: {}); download it again"
    for source, message in ((tmp_path / "services.json.gz", f"{tmp_path / 'services.json.gz'}: cannot read "
                             "the file: " + broken.format("invalid stored block lengths")),
                            (folder, "services.csv.gz: cannot read the table: "
                             + broken.format("invalid stored block lengths"))):
        code = main(["import", "hsds", str(source), "--region", "ohio", "--catalog", project])
        captured = capsys.readouterr()
        assert (code, captured.out) == (1, "")
        assert captured.err == message + "\nNothing was imported.\n"
