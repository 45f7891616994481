"""SAMHSA directory imports: every facility lands in a region of its own state (by county or
not at all), categories follow the service codes, and sample rows of the real directory keep
every field of their source row."""

from __future__ import annotations

import csv
import gzip
import shutil

import pytest

from generator import importers
from tests.coordinators.conftest import TODAY, shared

HEADER = "name1,name2,street1,street2,city,state,zip,phone,intake1,intake2,intake1a,intake2a,service_code_info\n"
REFERENCE = ("category_code,category_name,service_code,service_name,service_description\n"
             "TC,Type of Care,SA,Substance use treatment,\n"
             "TC,Type of Care,MH,Mental health treatment,\n"
             "SET,Service Setting,OP,Outpatient,\n"
             "SET,Service Setting,RES,Residential/24-hour residential,\n")
REGIONS = """\
regions:
  - id: united-states
    name: United States
    timezone: America/New_York
  - id: california
    name: California
    parent: united-states
    timezone: America/Los_Angeles
  - id: santa-clara-county
    name: Santa Clara County
    parent: california
    timezone: America/Los_Angeles
  - id: ohio
    name: Ohio
    parent: united-states
    timezone: America/New_York
  - id: franklin-county
    name: Franklin County
    parent: ohio
    timezone: America/New_York
  - id: pennsylvania
    name: Pennsylvania
    parent: united-states
    timezone: America/New_York
  - id: philadelphia-county
    name: Philadelphia County
    parent: pennsylvania
    timezone: America/New_York
include:
  - catalog/*.yaml
"""


@pytest.fixture
def nation(tmp_path) -> str:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "resources.yaml").write_text(REGIONS, encoding="utf-8")
    return str(tmp_path / "resources.yaml")


def directory(tmp_path, rows: list[str]) -> str:
    folder = tmp_path / "samhsa"
    folder.mkdir()
    (folder / "Service_Code_Reference.csv").write_text(REFERENCE, encoding="utf-8")
    (folder / "facilities.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return str(folder / "facilities.csv")


def run(source: str, catalog: str, region: str = "united-states", **kw):
    return importers.run("samhsa", source, catalog, importers.Options(
        region=region, out="catalog/samhsa-{region}.yaml", today=TODAY, **kw))


def placed(outcome) -> dict[str, str]:
    return {r.data["name"]: r.data["regions"][0] for r in outcome.source.records if r.data}


def test_a_same_named_city_in_another_state_is_not_that_county(tmp_path, nation):
    """Santa Clara, Utah stays out of Santa Clara County, California; Santa Clara, California
    is placed there by its ZIP code's county."""
    source = directory(tmp_path, [
        "Canyon Recovery,,100 Main St,,Santa Clara,UT,84765,435-555-0100,,,,,SA * OP",
        "Valley Recovery,,200 El Camino Real,,Santa Clara,CA,95050,408-555-0100,,,,,SA * OP"])
    assert placed(run(source, nation)) == {"Canyon Recovery": "united-states",
                                           "Valley Recovery": "santa-clara-county"}


def test_franklin_county_gets_only_its_own_facilities(tmp_path, nation):
    """Franklin in Tennessee and a Columbus in Georgia never reach Franklin County, Ohio."""
    source = directory(tmp_path, [
        "Columbus Care,,1 Broad St,,Columbus,OH,43215,614-555-0100,,,,,SA * OP",
        "Franklin Care,,1 Main St,,Franklin,TN,37064,615-555-0100,,,,,SA * OP",
        "Georgia Care,,1 Broadway,,Columbus,GA,31901,706-555-0100,,,,,SA * OP"])
    assert placed(run(source, nation)) == {"Columbus Care": "franklin-county",
                                           "Franklin Care": "united-states",
                                           "Georgia Care": "united-states"}


def test_a_facility_outside_the_import_area_is_reported_with_its_row(tmp_path, nation):
    """Imported into California, a Utah facility cannot be placed: skipped with its row."""
    source = directory(tmp_path, [
        "Canyon Recovery,,100 Main St,,Santa Clara,UT,84765,435-555-0100,,,,,SA * OP",
        "Valley Recovery,,200 El Camino Real,,Santa Clara,CA,95050,408-555-0100,,,,,SA * OP"])
    outcome = run(source, nation, region="california")
    assert [(r.position, r.skipped) for r in outcome.skipped] == [
        ("facilities.csv:2", "cannot be placed: it is in UT, outside region 'california' (California)")]
    assert outcome.lines()[1:3] == ["  Skipped:", "    1 × outside the area of the import (by state)"]


def test_mental_health_only_facility_is_mental_health(tmp_path, nation):
    """Type of care 'mental health' alone: mental health, whatever its setting; with substance
    use treatment the setting decides (outpatient)."""
    source = directory(tmp_path, [
        "Mind Clinic,,1 Broad St,,Columbus,OH,43215,614-555-0100,,,,,MH * OP",
        "Both Clinic,,2 Broad St,,Columbus,OH,43215,614-555-0101,,,,,SA MH * OP",
        "Mind House,,3 Broad St,,Columbus,OH,43215,614-555-0102,,,,,MH * RES"])
    categories = {r.data["name"]: r.data["category"] for r in run(source, nation).source.records}
    assert categories == {"Mind Clinic": "mental-health", "Both Clinic": "outpatient",
                          "Mind House": "mental-health"}


def _rows(path: str) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_real_directory_every_facility_in_its_own_state_and_sample_rows_field_by_field(tmp_path, nation):
    """The 2022 directory (12,176 rows): each placed facility's region lies in the facility's
    state (or is the country); every 400th row's entry holds its source row's values."""
    folder = tmp_path / "real"
    folder.mkdir()
    for name in ("ndSA2022_Facilities_List.csv.gz", "ndSA2022_Service_Code_Reference.csv"):
        shutil.copy(shared("samhsa", name), folder / name)
    outcome = run(str(folder / "ndSA2022_Facilities_List.csv.gz"), nation, dry_run=True)
    rows = _rows(str(folder / "ndSA2022_Facilities_List.csv.gz"))
    assert len(outcome.source.records) == len(rows) == 12176
    state_of = {"california": "CA", "santa-clara-county": "CA", "ohio": "OH", "franklin-county": "OH",
                "pennsylvania": "PA", "philadelphia-county": "PA"}
    for record, row in zip(outcome.source.records, rows):
        if record.data is None:
            continue
        region = record.data["regions"][0]
        assert state_of.get(region, row["state"]) == row["state"], (record.position, region, row["state"])
        if row["state"] in ("CA", "OH", "PA"):  # a state with a region is never left at the top
            assert region != "united-states", (record.position, row["state"])
    checked = 0
    for record, row in list(zip(outcome.source.records, rows))[::400]:
        if record.data is None:
            continue
        data = record.data
        assert data["name"].casefold().startswith(row["name1"].strip().casefold()[:20])
        address = data["address"]
        assert address["address_1"].casefold() == " ".join(row["street1"].split()).casefold()
        assert address["city"].casefold() == " ".join(row["city"].split()).casefold()
        assert address["state_province"] == row["state"]
        assert address.get("postal_code") == (row["zip"].zfill(5) if row["zip"].strip("0") else None)
        numbers = {p["number"] for p in data.get("phones", [])}
        main = row["phone"].split(" x")[0].strip()
        assert not main or main in numbers
        assert "last_verified" not in data and data["imported"] == TODAY
        codes = set(row["service_code_info"].replace("*", " ").split())
        if data["category"] == "mental-health":
            assert not codes & {"SA", "DT", "HH", "SUMH"}
        checked += 1
    assert checked >= 25
