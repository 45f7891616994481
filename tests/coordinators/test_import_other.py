"""HSDS 3.0, the SAMHSA National Directory and the spreadsheet template: every fixture is
accounted for, and the mapping of each format's peculiarities is checked."""

from __future__ import annotations

import os

import pytest

from generator import importers
from generator.importers import csv as csv_import
from generator.validate import validate
from tests.conftest import ROOT
from tests.coordinators.conftest import TODAY, shared

HSDS = {"service_full.json": 1, "service_list.json": 1, "organization_full.json": 1,
        "organization_list.json": 1, "service_at_location_full.json": 1,
        "service_at_location_list.json": 1, "location.json": 1, "tabular.json": 1, "csv": 1,
        "taxonomy_term.json": 1, "base.json": 1}


def run(fmt: str, source: str, catalog: str, region: str = "north-america", **kw):
    return importers.run(fmt, source, catalog, importers.Options(
        region=region, out=kw.pop("out", "catalog/imported.yaml"), today=TODAY, **kw))


@pytest.mark.parametrize("name", sorted(HSDS))
def test_hsds_examples_are_accounted_for(name, project):
    """Each official example: services imported, anything else skipped with a reason; the
    written file validates."""
    outcome = run("hsds", shared("hsds-3.0", "examples", name), project, region="ohio")
    assert outcome.imported + len(outcome.skipped) == HSDS[name]
    assert all(r.skipped for r in outcome.skipped)
    validate(project, today=TODAY, cache_dir=None, workers=1)


def test_hsds_placeholders_are_reported_not_imported(project):
    """Latitude 100 and timezone 3 (an offset Ohio never has) in the examples are notes, not data; the UK phone number is
    kept with its extension; services without an address are online only."""
    outcome = run("hsds", shared("hsds-3.0", "examples", "service_full.json"), project, region="ohio")
    messages = [n.message for n in outcome.notes()]
    assert any("(100, 101) are not coordinates on Earth" in m for m in messages)
    assert any("UTC offset 3 hours is not one of America/New_York's" in m for m in messages)
    entry = next(r for r in validate(project, today=TODAY, cache_dir=None, workers=1).resources
                 if r.id == "ac148810-d857-441c-9679-408f346de14b")
    assert entry.latitude is None and entry.address.city == "MyCity"
    assert (entry.phones[0].number, entry.phones[0].extension) == ("+44 1234 234567", "100")
    assert entry.hours[0].days == ["thursday", "friday"] and entry.hours[0].opens_at == "10:00"
    assert entry.languages == ["ur"] and entry.category == "other"


def test_samhsa_full_directory(tmp_path, empty_project):
    """All 12,176 facilities: duplicates skipped with the row they repeat, the rest imported into
    per-state files that validate; extensions and vanity numbers map to number/extension;
    capitals become title case; service codes map to our fields."""
    source = shared("samhsa", "ndSA2022_Facilities_List.csv.gz")
    outcome = run("samhsa", source, empty_project, out="catalog/{region}.yaml")
    assert outcome.imported + len(outcome.skipped) == 12176
    assert all("duplicate of ndSA2022_Facilities_List.csv.gz:" in r.skipped for r in outcome.skipped)
    catalog = validate(empty_project, today=TODAY, cache_dir=None)
    assert len(catalog.resources) == outcome.imported
    phones = [p for r in catalog.resources for p in r.phones]
    assert any(p.number == "256-734-4688" and p.extension == "3971" for p in phones)
    assert any(p.number == "888-PARNEXT" for p in phones)
    assert not any(r.name.isupper() and len(r.name) > 12 for r in catalog.resources)
    shelby = next(r for r in catalog.resources if r.name == "Shelby County Treatment Center")
    assert shelby.category == "moud" and shelby.regions == ["north-america"]  # no Alabama region here
    assert {"medicaid", "medicare", "private-insurance"} <= set(shelby.payment)
    assert "veterans" in shelby.populations and "Type of care:" in shelby.description


def test_samhsa_workbook_reads_the_code_sheet(tmp_path, empty_project):
    """The workbook's second sheet explains the codes; rows are named by sheet and row."""
    source = shared("samhsa", "geo-facility-ml_National_Directory_SA_Facilities_2022.xlsx")
    outcome = run("samhsa", source, empty_project, dry_run=True)
    assert outcome.imported + len(outcome.skipped) == 12176
    assert outcome.skipped[0].position.startswith("geo-facility-ml_National_Directory_SA_Facilities_2022"
                                                  ".xlsx:Facilities List!row ")


def test_csv_template_is_the_downloadable_file():
    """The template offered on the coordinators' page is the one the importer reads."""
    with open(os.path.join(ROOT, "content", "downloads", "catalog-template.csv"), encoding="utf-8") as handle:
        assert handle.read() == csv_import.template()


def test_csv_rows_hours_schedules_and_reasons(tmp_path, project):
    """The template's example row imports; hours and meeting times in the short form are read;
    a row without a category is skipped with its line."""
    rows = csv_import.template().splitlines()
    header = rows[0].split(",")
    meeting = dict.fromkeys(header, "")
    meeting.update(id="tuesday-hope", name="Tuesday Hope", category="meeting", program="na",
                   conference_url="https://zoom.example.org/j/9", schedule="Tue 7:30 pm-8:30 pm; Thu-Fri 19:00",
                   types="O; D", last_verified="2026-10-01")
    broken = dict.fromkeys(header, "")
    broken.update(name="No Category")
    lines = rows + [",".join(meeting[h] for h in header), ",".join(broken[h] for h in header)]
    source = tmp_path / "sheet.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run("csv", str(source), project, region="ohio")
    assert [(r.position, r.skipped.split(";")[0]) for r in outcome.skipped] == [
        ("sheet.csv:4", "'No Category' has no category")]
    found = {r.id: r for r in validate(project, today=TODAY, cache_dir=None, workers=1).resources}
    center = found["riverside-recovery-center"]
    assert [(h.days, h.opens_at, h.closes_at) for h in center.hours] == [
        (["monday", "tuesday", "wednesday", "thursday", "friday"], "09:00", "17:00"),
        (["saturday"], "10:00", "14:00")]
    assert [p.type for p in center.phones] == ["main", "intake"] and center.walk_in is True
    hope = found["tuesday-hope"]
    assert [(s.day, s.time, s.end_time) for s in hope.schedule] == [
        ("tuesday", "19:30", "20:30"), ("thursday", "19:00", None), ("friday", "19:00", None)]
    assert hope.online_only and hope.program == "na"
