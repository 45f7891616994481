"""Exports: valid against the official JSON Schemas, for the whole catalog and for each state's
set, plain and gzip-only; and importing our own export (whole, state by state, or gzipped) gives
back the same catalog."""

from __future__ import annotations

import copy
import csv
import gzip
import json
import os
import re
import shutil

import jsonschema
import pytest

from generator import importers, markup, phones
from generator.enrich import enrich
from generator.exporters import datasets, meeting_guide
from generator.validate import validate
from tests.conftest import ROOT
from tests.coordinators.conftest import CATALOG, TODAY, schema_registry, shared
from tests.unit.test_model_fields import OMITTED


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example catalog (copied), enriched without geocoding, and its exports written."""
    dest = tmp_path_factory.mktemp("example")
    shutil.copy(os.path.join(ROOT, "resources.yaml"), dest / "resources.yaml")
    shutil.copytree(os.path.join(ROOT, "catalog"), dest / "catalog")
    catalog = validate(str(dest / "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    directory = enrich(catalog, TODAY)
    site = dest / "site"
    datasets.write(directory, str(site), SITE_URL)
    return dest, catalog, directory, site


@pytest.fixture(scope="module")
def packed(example):
    """The example's exports with every format but the Meeting Guide feed published gzip-only
    (plain_exports 0), as a national catalog's are."""
    dest, _catalog, directory, _site = example
    site = dest / "packed"
    datasets.write(directory, str(site), SITE_URL, plain_megabytes=0)
    return site


def sets(site) -> list:
    """The folders of the whole catalog's set and of each state's."""
    return [site / "data"] + sorted((site / "data" / "regions").iterdir())


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


# Where the draft schema and the spec's README (and TSML UI) disagree, the feed follows the README:
# streets, cities and postal codes as written ("3700 N. 5th Street"), and conference phones with
# their pauses and code. These patterns, and nothing else, may fail (content/data.md says so).
SCHEMA_DEVIATIONS = {("address", "pattern"), ("city", "pattern"), ("formatted_address", "pattern"),
                     ("postal_code", "pattern"), ("conference_phone", "pattern")}


def test_meeting_guide_feed_is_valid_against_the_spec_schema(example):
    """Every meeting in the feed passes the Code4Recovery feed schema (formats checked too), but
    for the address and phone patterns the README and the client overrule; no day is a list."""
    _dest, catalog, _directory, site = example
    folder = os.path.dirname(shared("meeting-guide", "spec", "schema_feed.schema.json"))
    schema = load_json(os.path.join(folder, "schema_feed.schema.json"))
    validator = jsonschema.Draft7Validator(schema, registry=schema_registry(folder, [
        "schema_feed.schema.json", "schema_meeting.schema.json", "schema_meeting-type.schema.json"]),
                                           format_checker=jsonschema.FormatChecker())
    feed = load_json(site / "data" / "meetings.json")
    assert [e.message for e in validator.iter_errors(feed)
            if (e.path[-1], e.validator) not in SCHEMA_DEVIATIONS] == []
    assert len({m["slug"] for m in feed}) == len(feed)
    assert all(isinstance(m["day"], int) for m in feed if "day" in m)
    assert sum(1 for r in catalog.resources if r.is_meeting) <= len(feed)


def test_feed_types_are_the_schema_enum():
    """The exporter's list of type codes is the schema's list of current codes."""
    path = shared("meeting-guide", "spec", "schema_meeting-type.schema.json")
    current = load_json(path)["items"]["anyOf"][0]["enum"]
    assert meeting_guide.FEED_TYPES == frozenset(current)


def test_hsds_json_and_csv_are_valid_against_the_hsds_schemas(example):
    """Each service object, and each row of each CSV table, passes its HSDS 3.0 schema, in the
    whole catalog's files and in each state's; the states hold every service once."""
    _dest, catalog, _directory, site = example
    folder = os.path.dirname(shared("hsds-3.0", "schema", "service.json"))
    registry = schema_registry(folder, by_id=False)

    def validator(name):
        return jsonschema.Draft202012Validator(load_json(os.path.join(folder, name)), registry=registry,
                                               format_checker=jsonschema.FormatChecker())

    services = validator("service.json")
    terms = validator("taxonomy_term.json")
    tables = {"services": "service.json", "locations": "location.json", "addresses": "address.json",
              "phones": "phone.json", "schedules": "schedule.json", "languages": "language.json",
              "service_at_location": "service_at_location.json", "accessibility": "accessibility.json",
              "attributes": "attribute.json", "taxonomy_terms": "taxonomy_term.json",
              "service_areas": "service_area.json"}
    in_states = []
    for data in sets(site):
        document = load_json(data / "hsds" / "services.json")
        assert document["total_items"] == len(document["contents"])
        if data.name != "data":
            in_states += [s["id"] for s in document["contents"]]
        assert [e.message for s in document["contents"] for e in services.iter_errors(s)] == []
        page = load_json(data / "hsds" / "taxonomy_terms.json")
        assert [e.message for t in page["contents"] for e in terms.iter_errors(t)] == []
        for table, schema_name in tables.items():
            schema = load_json(os.path.join(folder, schema_name))
            check = validator(schema_name)
            with open(data / "hsds" / f"{table}.csv", encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    item = {k: (float(v) if schema["properties"][k].get("type") == "number" else v)
                            for k, v in row.items() if v != ""}
                    assert [e.message for e in check.iter_errors(item)] == [], (table, row)
    assert len(in_states) == len(set(in_states)) == len(catalog.resources)


def test_geojson_has_every_located_listing(example):
    """One Point feature per current listing (not inactive, not ended) with coordinates,
    longitude first."""
    _dest, catalog, directory, site = example
    data = load_json(site / "data" / "resources.geojson")
    located = [r for r in catalog.resources if r.latitude is not None and directory.by_id[r.id].current]
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(located)
    first = next(f for f in data["features"] if f["id"] == located[0].id)
    assert first["geometry"]["coordinates"] == [located[0].longitude, located[0].latitude]


SITE_URL = "https://example.org/navigator/"


def published(entries, site_url: str = SITE_URL) -> dict:
    """Each listing's fields as another site imports them from our export: the same, with
    ``source_url`` the listing's page on the exporting site (the link back)."""
    return {e.res.id: {**e.res.model_dump(), "source_url": e.page_url(site_url)} for e in entries}


def _round_trip(example, tmp_path, source: str):
    dest, catalog, directory, _site = example
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
    before = published(directory.by_id[r.id] for r in catalog.resources)
    after = {r.id: r.model_dump() for r in again.resources}
    return before, after


# Fields no export carries, each with its reason, as the model's field guard lists them
# (tests/unit/test_model_fields.py): a listing's own translations, for one.
NOT_EXPORTED = frozenset(field for (model, field), why in OMITTED.items()
                         if model == "Resource" and "exported" in why)


def changes(before: dict, after: dict, leave_out=()) -> list[tuple]:
    """(id, field, value before, value after) for every field that differs, but for those no
    export carries."""
    assert sorted(after) == sorted(before)
    return [(rid, key, value, after[rid][key]) for rid, facts in before.items()
            for key, value in facts.items()
            if key not in leave_out and key not in NOT_EXPORTED and after[rid][key] != value]


# The times carry their UTC offset ("19:00:00-05:00", the zone's standard time); they are
# checked on their own below.
TIMES = ("schedule", "hours", "by_appointment")
HSDS_SOURCES = {"json": ("hsds", "services.json"), "csv": ("hsds",)}
# The same, published gzip-only: services.json.gz beside a plain taxonomy_terms.json, and a
# folder of .csv.gz tables.
PACKED_SOURCES = {"json.gz": ("hsds", "services.json.gz"), "csv.gz": ("hsds",)}


def hsds_source(example, packed, form: str) -> str:
    if form in PACKED_SOURCES:
        return str(packed.joinpath("data", *PACKED_SOURCES[form]))
    return str(example[3].joinpath("data", *HSDS_SOURCES[form]))


@pytest.mark.parametrize("form", [*HSDS_SOURCES, *PACKED_SOURCES])
def test_hsds_round_trip_gives_back_the_same_catalog(example, packed, tmp_path, form):
    """Importing our HSDS export (JSON, or the CSV package; plain or gzip-only) gives every
    listing back under its id, field for field (names, addresses, coordinates, phones, links,
    types, dates...)."""
    before, after = _round_trip(example, tmp_path, hsds_source(example, packed, form))
    changed = changes(before, after, TIMES)
    assert changed == [], "\n".join(map(repr, changed))


@pytest.mark.parametrize("form", [*HSDS_SOURCES, *PACKED_SOURCES])
def test_hsds_round_trip_gives_back_the_same_times(example, packed, tmp_path, form):
    """Meeting sessions and opening hours come back as they were (local times of the zone)."""
    before, after = _round_trip(example, tmp_path, hsds_source(example, packed, form))
    assert [c for c in changes(before, after) if c[1] in TIMES] == []


def test_hsds_import_without_the_terms_beside_says_so(example, tmp_path):
    """services.json copied away from its taxonomy_terms.json: the import cannot tell our own
    attributes, and its report counts the attributes whose term it could not find."""
    _dest, _catalog, _directory, site = example
    os.makedirs(tmp_path / "alone")
    shutil.copy(site / "data" / "hsds" / "services.json", tmp_path / "alone" / "services.json")
    outcome, _directory = _import("hsds", str(tmp_path / "alone" / "services.json"), tmp_path / "copy",
                                  "north-america")
    assert outcome.source.ignored[importers.hsds.UNKNOWN_TERM] > 100


def test_each_states_hsds_import_gives_back_its_listings(example, tmp_path):
    """Each state's services.json imported on its own: together, every listing of the catalog
    once, field for field."""
    dest, catalog, directory, site = example
    target = tmp_path / "copy"
    os.makedirs(target / "catalog")
    root = (dest / "resources.yaml").read_text(encoding="utf-8")
    (target / "resources.yaml").write_text(root.split("\n# National lines only")[0] + "\n", encoding="utf-8")
    for state in sorted((site / "data" / "regions").iterdir()):
        outcome = importers.run("hsds", str(state / "hsds" / "services.json"), str(target / "resources.yaml"),
                                importers.Options(region="pennsylvania", out=f"catalog/{state.name}.yaml",
                                                  today=TODAY))
        assert outcome.skipped == [] and outcome.added
    again = validate(str(target / "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    before = published(directory.by_id[r.id] for r in catalog.resources)
    after = {r.id: r.model_dump() for r in again.resources}
    assert changes(before, after, TIMES) == []


def meeting_facts(res, zone: str) -> dict:
    """What a Meeting Guide feed says about a meeting, as catalog values."""
    address = res.address.model_dump() if res.address else None
    return {"name": res.name, "zone": zone, "status": res.status, "online_only": res.online_only,
            "schedule": sorted((s.day, s.time, s.end_time) for s in res.schedule),
            "by_appointment": res.by_appointment or not res.schedule, "address": address,
            "types": [t for t in res.types if t in meeting_guide.FEED_TYPES],
            "conference_url": res.conference_url, "conference_url_notes": res.conference_url_notes,
            "conference_phone": res.conference_phone and phones.dial_string(res.conference_phone, "US"),
            "conference_phone_notes": res.conference_phone_notes, "location": res.location,
            "location_notes": res.location_notes, "regions": res.regions,
            "point": (res.latitude, res.longitude), "notes": markup.plain(res.description),
            "verified": res.as_of}  # a person's check, else the source's date


@pytest.fixture(scope="module")
def feed_round_trip(example, tmp_path_factory):
    """The example's feed imported into a copy of its regions: (facts before, facts after) by id."""
    dest, _catalog, directory, site = example
    target = tmp_path_factory.mktemp("mg")
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
                            importers.Options(region="everywhere", out="catalog/all.yaml", today=TODAY,
                                              program="aa"))
    assert [r.skipped for r in outcome.skipped] == []
    again = enrich(validate(str(target / "resources.yaml"), today=TODAY, cache_dir=None), TODAY)
    listed = [e for e in directory.entries if e.res.is_meeting and e.res.status != "inactive"
              and e.window != "ended"]
    assert len(listed) == 25 and {e.res.id for e in again.entries} == {e.res.id for e in listed}
    return ({e.res.id: meeting_facts(e.res, e.timezone) for e in listed},
            {e.res.id: meeting_facts(e.res, e.timezone) for e in again.entries})


DIAL_IN = "buckeye-cma-online"  # conference_phone "(614) 555-0194,,6145550194#"


def test_meeting_guide_round_trip_keeps_what_the_feed_carries(feed_round_trip):
    """Importing our feed gives every listed meeting (24 active, 1 temporarily closed) back under
    its id with the same facts: name, days and times, zone, attendance, street address and
    coordinates, conference link and phone with their notes, types, venue, region, notes and
    verification date; sessions written as separate entries join again."""
    before, after = feed_round_trip
    before, after = copy.deepcopy(before), copy.deepcopy(after)
    # The feed is for weekly meetings: which weeks of the month a meeting meets has no field and
    # travels as a sentence in the notes (content/data.md names it).
    for rid in ("ohio-city-last-saturday-speaker-aa", "steel-city-ca-speaker-meeting"):
        assert after[rid]["notes"].endswith(" " + before[rid]["notes"])
        assert after[rid]["notes"].startswith("Meets in week(s) ")
        after[rid]["notes"] = before[rid]["notes"]
    # The dial-in sequence is checked on its own below.
    for facts in (before[DIAL_IN], after[DIAL_IN]):
        facts["conference_phone"] = facts["conference_phone"].split(",")[0]
        del facts["conference_phone_notes"]
    changed = [(rid, key, value, after[rid][key]) for rid, facts in before.items()
               for key, value in facts.items() if after[rid][key] != value]
    assert changed == [], "\n".join(map(repr, changed))


def test_meeting_guide_round_trip_keeps_the_dial_in_sequence(feed_round_trip):
    """A conference phone with pauses and a code comes back as it was, notes unchanged."""
    before, after = feed_round_trip
    assert [after[DIAL_IN][k] for k in ("conference_phone", "conference_phone_notes")] == \
        [before[DIAL_IN][k] for k in ("conference_phone", "conference_phone_notes")]


def hsds_package_resources(folder) -> list[dict]:
    """The specification's package resources for the tables we export, each schema's fields in
    our header's order (columns it defines that we do not export are left out; foreign keys kept
    where both tables are exported)."""
    spec = load_json(shared("hsds-3.0", "schema", "datapackage.json"))
    ours = {r["path"] for r in load_json(folder / "datapackage.json")["resources"]}
    names = {r["name"] for r in spec["resources"] if r["path"] in ours}
    out = []
    for resource in spec["resources"]:
        if resource["path"] not in ours:
            continue
        header = (folder / resource["path"]).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        required = {n for n, f in fields.items() if f.get("constraints", {}).get("required")}
        assert required <= set(header), (resource["path"], required - set(header))
        schema = {"fields": [fields[name] for name in header], "primaryKey": resource["schema"]["primaryKey"],
                  "foreignKeys": [k for k in resource["schema"].get("foreignKeys", [])
                                  if k["reference"]["resource"] in names and k["fields"] in header]}
        out.append({**resource, "schema": schema})
    return out


def test_hsds_csv_tables_pass_the_specifications_own_data_package(example):
    """frictionless finds no error in any exported CSV table checked against the HSDS 3.0
    specification's datapackage.json: types (times with their offset), formats, required columns
    (services.organization_id), closed lists, unique ids and links between the tables; in the
    whole catalog's package and in each state's."""
    import frictionless

    for data in sets(example[3]):
        folder = data / "hsds"
        resources = hsds_package_resources(folder)
        assert {r["path"] for r in resources} >= {"organizations.csv", "services.csv", "schedules.csv"}
        report = frictionless.Package({"resources": resources}, basepath=str(folder)).validate()
        assert report.valid, (data, report.flatten(["name", "rowNumber", "fieldName", "type", "note"])[:20])


def test_gzip_only_packages_are_valid_and_equal_the_plain_ones(example, packed):
    """Published gzip-only, each set's datapackage.json names its .csv.gz tables, frictionless
    finds them valid against it, and each table holds the plain export's bytes."""
    import frictionless

    for data in sets(packed):
        folder = data / "hsds"
        assert not list(folder.glob("*.csv"))
        report = frictionless.Package(str(folder / "datapackage.json")).validate()
        assert report.valid, (data, report.flatten(["name", "rowNumber", "fieldName", "type", "note"])[:20])
        plain = example[3] / data.relative_to(packed) / "hsds"
        for table in folder.glob("*.csv.gz"):
            assert gzip.decompress(table.read_bytes()) == (plain / table.name[:-3]).read_bytes()


def test_published_datapackage_declares_the_specifications_types(example):
    """Our datapackage.json declares for each column the specification's type, format, required
    flag and closed list, and frictionless finds the tables valid against it."""
    import frictionless

    folder = example[3] / "data" / "hsds"
    spec = {r["path"]: {f["name"]: f for f in r["schema"]["fields"]} for r in hsds_package_resources(folder)}
    package = load_json(folder / "datapackage.json")
    for resource in package["resources"]:
        for ours in resource["schema"]["fields"]:
            theirs = spec[resource["path"]][ours["name"]]
            assert (ours["type"], ours.get("format"), ours["constraints"]["required"],
                    ours["constraints"].get("enum")) == \
                (theirs["type"], theirs.get("format"), theirs["constraints"]["required"],
                 theirs["constraints"].get("enum")), (resource["path"], ours["name"])
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["name", "rowNumber", "fieldName", "type", "note"])[:20]


def _import(kind: str, source: str, folder, region: str):
    """``source`` imported into a copy of the toolkit's regions; returns (outcome, directory)."""
    os.makedirs(folder / "catalog")
    shutil.copy(os.path.join(CATALOG, "resources.yaml"), folder / "resources.yaml")
    # The Meeting Guide samples are AA intergroups' feeds; the feed has no field for the
    # fellowship, so the import is told it.
    program = "aa" if kind == "meeting-guide" else None
    outcome = importers.run(kind, source, str(folder / "resources.yaml"),
                            importers.Options(region=region, out="catalog/all.yaml", today=TODAY,
                                              program=program))
    return outcome, enrich(validate(str(folder / "resources.yaml"), today=TODAY, cache_dir=None), TODAY)


def test_real_meeting_guide_feed_survives_export_and_import(tmp_path):
    """A real feed (every sixth record of Orange County's: in person, online, hybrid) imported,
    exported as our feed and imported again: the same meetings under the same ids with the same
    facts (days, times, zone, attendance, address, coordinates, links, phones, types, notes)."""
    records = load_json(shared("meeting-guide", "tsml-ui_oc.json"))[::6]
    source = tmp_path / "oc-sample.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    _outcome, first = _import("meeting-guide", str(source), tmp_path / "first", "california")
    datasets.write(first, str(tmp_path / "site"), "https://example.org/")
    outcome, second = _import("meeting-guide", str(tmp_path / "site" / "data" / "meetings.json"),
                              tmp_path / "second", "california")
    assert [r.skipped for r in outcome.skipped] == []
    # Ids longer than the spec's slugs allow come back as their shortened slug (the docs say so).
    before = {meeting_guide.slug(e.res.id, 1): meeting_facts(e.res, e.timezone) for e in first.entries}
    after = {e.res.id: meeting_facts(e.res, e.timezone) for e in second.entries}
    assert len(before) >= 300
    changed = changes(before, after)
    assert changed == [], "\n".join(map(repr, changed[:20]))


@pytest.mark.parametrize("path", [("examples", "service_full.json"), ("examples", "csv")])
def test_hsds_example_survives_export_and_import(tmp_path, path):
    """The specification's example (JSON, and its CSV package) imported, exported as our HSDS
    files and imported again: the same listings with the same facts, field for field (times
    apart while the importer does not read offsets)."""
    _outcome, first = _import("hsds", shared("hsds-3.0", *path), tmp_path / "first", "north-america")
    assert first.entries
    datasets.write(first, str(tmp_path / "site"), "https://example.org/")
    before = published(first.entries, "https://example.org/")
    for form, parts in HSDS_SOURCES.items():
        outcome, second = _import("hsds", str(tmp_path.joinpath("site", "data", *parts)),
                                  tmp_path / f"second-{form}", "north-america")
        assert [r.skipped for r in outcome.skipped] == []
        after = {e.res.id: e.res.model_dump() for e in second.entries}
        changed = changes(before, after, TIMES)
        assert changed == [], (form, "\n".join(map(repr, changed[:20])))
