"""Exports: valid against the official JSON Schemas, and importing our own export gives back
the same catalog."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil

import jsonschema
import pytest

from generator import importers
from generator.enrich import enrich
from generator.exporters import datasets, meeting_guide
from generator.validate import validate
from tests.conftest import ROOT
from tests.coordinators.conftest import TODAY, schema_registry, shared


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example catalog (copied), enriched without geocoding, and its exports written."""
    dest = tmp_path_factory.mktemp("example")
    shutil.copy(os.path.join(ROOT, "resources.yaml"), dest / "resources.yaml")
    shutil.copytree(os.path.join(ROOT, "catalog"), dest / "catalog")
    catalog = validate(str(dest / "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    directory = enrich(catalog, TODAY)
    site = dest / "site"
    datasets.write(directory, str(site), "https://example.org/navigator/")
    return dest, catalog, directory, site


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def test_meeting_guide_feed_is_valid_against_the_spec_schema(example):
    """Every meeting in the feed passes the Code4Recovery feed schema (formats checked too)."""
    _dest, catalog, _directory, site = example
    folder = os.path.dirname(shared("meeting-guide", "spec", "schema_feed.schema.json"))
    schema = load_json(os.path.join(folder, "schema_feed.schema.json"))
    validator = jsonschema.Draft7Validator(schema, registry=schema_registry(folder, [
        "schema_feed.schema.json", "schema_meeting.schema.json", "schema_meeting-type.schema.json"]),
                                           format_checker=jsonschema.FormatChecker())
    feed = load_json(site / "data" / "meetings.json")
    assert [e.message for e in validator.iter_errors(feed)] == []
    assert len({m["slug"] for m in feed}) == len(feed)
    assert sum(1 for r in catalog.resources if r.is_meeting) <= len(feed)


def test_feed_types_are_the_schema_enum():
    """The exporter's list of type codes is the schema's list of current codes."""
    path = shared("meeting-guide", "spec", "schema_meeting-type.schema.json")
    current = load_json(path)["items"]["anyOf"][0]["enum"]
    assert meeting_guide.FEED_TYPES == frozenset(current)


def test_hsds_json_and_csv_are_valid_against_the_hsds_schemas(example):
    """Each service object, and each row of each CSV table, passes its HSDS 3.0 schema."""
    _dest, catalog, _directory, site = example
    folder = os.path.dirname(shared("hsds-3.0", "schema", "service.json"))
    registry = schema_registry(folder, by_id=False)

    def validator(name):
        return jsonschema.Draft202012Validator(load_json(os.path.join(folder, name)), registry=registry,
                                               format_checker=jsonschema.FormatChecker())

    document = load_json(site / "data" / "hsds" / "services.json")
    assert document["total_items"] == len(catalog.resources)
    services = validator("service.json")
    assert [e.message for s in document["contents"] for e in services.iter_errors(s)] == []
    tables = {"services": "service.json", "locations": "location.json", "addresses": "address.json",
              "phones": "phone.json", "schedules": "schedule.json", "languages": "language.json",
              "service_at_location": "service_at_location.json", "accessibility": "accessibility.json",
              "attributes": "attribute.json", "taxonomy_terms": "taxonomy_term.json",
              "service_areas": "service_area.json"}
    for table, schema_name in tables.items():
        schema = load_json(os.path.join(folder, schema_name))
        check = validator(schema_name)
        with open(site / "data" / "hsds" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                item = {k: (float(v) if schema["properties"][k].get("type") == "number" else v)
                        for k, v in row.items() if v != ""}
                assert [e.message for e in check.iter_errors(item)] == [], (table, row)


def test_geojson_has_every_located_listing(example):
    """One Point feature per current listing (not inactive, not ended) with coordinates,
    longitude first."""
    _dest, catalog, directory, site = example
    data = load_json(site / "data" / "resources.geojson")
    located = [r for r in catalog.resources if r.latitude is not None and directory.by_id[r.id].current]
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(located)
    first = next(f for f in data["features"] if f["id"] == located[0].id)
    assert first["geometry"]["coordinates"] == [located[0].longitude, located[0].latitude]


def _round_trip(example, tmp_path, source: str):
    dest, catalog, _directory, _site = example
    target = tmp_path / "copy"
    os.makedirs(target / "catalog")
    shutil.copy(dest / "resources.yaml", target / "resources.yaml")
    # The root file's own listings would collide by id; the copy starts from regions only.
    root = (target / "resources.yaml").read_text(encoding="utf-8")
    (target / "resources.yaml").write_text(root.split("\n# National lines only")[0] + "\n", encoding="utf-8")
    outcome = importers.run("hsds", source, str(target / "resources.yaml"),
                            importers.Options(region="pennsylvania", out="catalog/all.yaml", today=TODAY))
    assert outcome.skipped == []
    again = validate(str(target / "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    before = {r.id: r.model_dump() for r in catalog.resources}
    after = {r.id: r.model_dump() for r in again.resources}
    return before, after


def test_hsds_json_round_trip_gives_back_the_same_catalog(example, tmp_path):
    """Importing our HSDS JSON export gives every listing back, field for field."""
    before, after = _round_trip(example, tmp_path, str(example[3] / "data" / "hsds" / "services.json"))
    assert after == before


def test_hsds_csv_round_trip_gives_back_the_same_catalog(example, tmp_path):
    """The same through the CSV tabular package."""
    before, after = _round_trip(example, tmp_path, str(example[3] / "data" / "hsds"))
    assert after == before


def test_meeting_guide_round_trip_keeps_what_the_feed_carries(example, tmp_path):
    """Importing our feed gives each meeting back with its name, times, types the feed can
    carry and ways to join; sessions at different times come back as one entry."""
    dest, catalog, _directory, site = example
    target = tmp_path / "mg"
    os.makedirs(target / "catalog")
    root = (dest / "resources.yaml").read_text(encoding="utf-8").split("\n# National lines only")[0]
    # One top region over both states, so that the feed's region names place every meeting;
    # the national crisis lines are not meetings, so they are not in the feed.
    root = re.sub(r"  crisis_resources:\n(    - .*\n)+", "", root)
    root = root.replace("regions:\n", "regions:\n  - id: everywhere\n    name: Everywhere\n"
                        "    timezone: America/New_York\n", 1)
    for state in ("Pennsylvania", "Ohio"):
        root = root.replace(f"    name: {state}\n", f"    name: {state}\n    parent: everywhere\n", 1)
    (target / "resources.yaml").write_text(root + "\n", encoding="utf-8")
    outcome = importers.run("meeting-guide", str(site / "data" / "meetings.json"), str(target / "resources.yaml"),
                            importers.Options(region="everywhere", out="catalog/all.yaml", today=TODAY))
    # The schema allows no street such as "3700 N. 5th Street": those leave the feed without one,
    # and an in-person meeting without a street cannot come back (the import says so).
    unplaceable = {r.id for r in catalog.resources if r.is_meeting and r.address is not None
                   and not r.conference_url and meeting_guide._fits(r.address.address_1, meeting_guide._STREET) is None}
    assert {r.skipped.split("'")[1].split("--")[0] for r in outcome.skipped} == unplaceable
    again = {r.id: r for r in validate(str(target / "resources.yaml"), today=TODAY, cache_dir=None).resources}
    for res in catalog.resources:
        if not res.is_meeting or res.status == "inactive" or (res.valid_to and res.valid_to < TODAY) \
                or res.id in unplaceable:
            continue
        copy = again[res.id]
        assert copy.name == res.name
        assert sorted((s.day, s.time, s.end_time) for s in copy.schedule) == \
            sorted((s.day, s.time, s.end_time) for s in res.schedule)
        assert copy.types == [t for t in res.types if t in meeting_guide.FEED_TYPES]
        assert (copy.conference_url, copy.online_only) == (res.conference_url, res.online_only)
        assert copy.regions == res.regions
