"""The catalog as Open Referral HSDS 3.0: JSON (one page of full service objects) and the CSV
tabular data package.

Everything HSDS has a field for goes there (services, locations, addresses, phones, schedules,
languages, accessibility). What it has no field for (category, payment, populations, meeting
types, ...) travels as attributes with taxonomy terms of the ``recovery-navigator`` taxonomy, so
importing our own export gives back the same catalog.

The catalog names no organizations; HSDS requires one behind every service, so each listing is
its own provider (same name, its description, web site and email). Opening times carry the UTC
offset HSDS asks for: the standard-time offset of the listing's zone, the zone's name in the
schedule's notes (HSDS 3.0 has no field for it, and times stay local all year).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import uuid
import zoneinfo

from .. import markup, vocab
from ..model import Resource
from . import streams

NAMESPACE = uuid.UUID("6f1b8a52-4e0c-5b7e-9a43-2d1c7e0f9b11")
TAXONOMY = "recovery-navigator"
BYDAY = {"sunday": "SU", "monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH",
         "friday": "FR", "saturday": "SA"}
STATUS = {"active": "active", "inactive": "inactive", "temporarily-closed": "temporarily closed"}
PHONE_TYPE = {"main": "voice", "tty": "textphone"}
# Fields with no HSDS home, carried as attributes: lists one attribute per item, the rest as JSON.
LIST_FIELDS = ("regions", "payment", "populations", "accessibility", "types")
SCALAR_FIELDS = ("id", "category", "program", "online_only", "location", "location_notes",
                 "hours_notes", "always_open", "walk_in", "accepting_new_clients", "verified_by",
                 "source", "by_appointment", "timezone", "conference_url", "conference_url_notes",
                 "conference_phone", "conference_phone_notes", "valid_from", "valid_to", "source_url")
LABELS = {"regions": None, "payment": vocab.PAYMENT, "populations": vocab.POPULATIONS,
          "accessibility": vocab.ACCESSIBILITY, "types": None}


def uid(*parts: str) -> str:
    return _uuid5("/".join(parts))


def member(owner: str, *parts: str) -> str:
    """The id of a record that belongs to ``owner`` (a service's phone, schedule, attribute...).

    Up to its last group it is the owner's id with the version digit made 8 (RFC 9562: an id
    laid out by its maker); the last 12 digits come from ``parts`` alone, so the same kind of
    record has the same tail in every listing. Ids drawn whole from SHA-1 (uuid5) cannot be
    compressed: in a state's services.json.gz they were 70% of the bytes, 16 of them per
    service. Laid out like this, gzip finds the owner's digits a few bytes back and the tail
    in the listing before, and the ids are still unique (the owner's 74 random bits, and a
    tail per record of the owner) and the same in every build."""
    return f"{owner[:14]}8{owner[15:24]}{_tail('/'.join(parts))}"


@functools.lru_cache(maxsize=65536)
def _tail(name: str) -> str:
    digest = _NAMESPACE_HASH.copy()
    digest.update(b"member/" + name.encode("utf-8"))
    return digest.hexdigest()[:12]


_NAMESPACE_HASH = hashlib.sha1(NAMESPACE.bytes)
# The variant bits: the high nibble of the ninth octet becomes 10xx.
_VARIANT = {f"{n:x}": f"{(n & 0x3) | 0x8:x}" for n in range(16)}


def _uuid5(name: str) -> str:
    """uuid.uuid5(NAMESPACE, name) as text, written straight from the SHA-1 digest's hex: a
    national export makes millions of ids, nearly all different (so caching would not help)."""
    digest = _NAMESPACE_HASH.copy()
    digest.update(name.encode("utf-8"))
    h = digest.hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


# Every taxonomy term made so far, by id: the attributes name their term by id only, and the
# terms are written once per file set (datasets.py) from here.
TERMS: dict[str, dict] = {}


@functools.lru_cache(maxsize=4096)
def _term(taxonomy: str, code: str, name: str) -> dict:
    """A taxonomy term; every attribute of the same code shares one (never modified) object."""
    term = {"id": uid("term", taxonomy, code), "code": code, "name": name,
            "description": f"{taxonomy}: {code}", "taxonomy": taxonomy}
    return TERMS.setdefault(term["id"], term)


def _attribute(link_id: str, entity: str, taxonomy: str, code: str, name: str, value: str,
               key: str) -> dict:
    """An attribute naming its taxonomy term by id. HSDS 3.0's attribute schema requires only
    ``id``; ``taxonomy_term`` is optional, and inlined it was two thirds of services.json (the
    same few dozen terms in every service). The terms are published once beside the services
    (taxonomy_terms.json and .csv)."""
    term = _term(taxonomy, code, name)
    return {"id": member(link_id, "attribute", entity, key), "link_id": link_id, "link_type": entity,
            "link_entity": entity, "taxonomy_term_id": term["id"], "value": value}


_VALUE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(value, ensure_ascii=False)


def _json_value(value) -> str:
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return _VALUE(value)


def service(res: Resource, region_names: dict[str, str], zone: str, page: str | None = None) -> dict:
    """One resource as a full HSDS service object; ``zone`` is the time zone of its times,
    ``page`` the listing's page for readers to link back to (enrich.Entry.page_url)."""
    sid = uid("service", res.id)
    organization = _organization(res, sid)
    out: dict = {"id": sid, "organization_id": organization["id"], "name": res.name,
                 "status": STATUS[res.status]}
    if res.alternate_name:
        out["alternate_name"] = res.alternate_name
    if res.description:
        out["description"] = res.description
    if res.url:
        out["url"] = res.url
    if res.email:
        out["email"] = res.email
    if res.last_verified:  # only a person's check assures a listing
        out["assured_date"] = res.last_verified.isoformat()
    if res.source_updated:  # the date its source gave (an import's), kept for the next reader
        out["last_modified"] = f"{res.source_updated.isoformat()}T00:00:00Z"
    out["phones"] = [_phone(i, p, sid) for i, p in enumerate(res.phones)]
    out["schedules"] = _schedules(res, sid, zone)
    out["languages"] = [{"id": member(sid, "language", code), "service_id": sid, "code": code}
                        for code in res.languages]
    out["service_areas"] = [{"id": member(sid, "area", rid), "service_id": sid,
                             "name": region_names.get(rid, rid)} for rid in res.regions]
    if res.address is not None:
        out["service_at_locations"] = [_service_at_location(res, sid)]
    out["organization"] = organization
    out["attributes"] = _attributes(res, sid, page)
    return {k: v for k, v in out.items() if v != []}


def _organization(res: Resource, sid: str) -> dict:
    """The listing as its own provider (HSDS requires a description: the listing's, or what it is)."""
    category = vocab.CATEGORIES.get(res.category, res.category)
    out = {"id": member(sid, "organization"), "name": res.name,
           "description": markup.plain(res.description) or f"{category}: {res.name}"}
    if res.url:
        out["website"] = res.url
    if res.email:
        out["email"] = res.email
    return out


@functools.lru_cache(maxsize=None)
def standard_offset(zone: str) -> tuple[str, float]:
    """The zone's standard-time UTC offset as HSDS writes it ("-05:00") and in hours (-5).
    Taken from a fixed winter and summer day, so that builds do not depend on the build date."""
    tz = zoneinfo.ZoneInfo(zone)
    offsets = [moment.utcoffset() - (moment.dst() or dt.timedelta(0)) for moment in
               (dt.datetime(2026, 1, 15, 12, tzinfo=tz), dt.datetime(2026, 7, 15, 12, tzinfo=tz))]
    minutes = int(min(offsets).total_seconds()) // 60
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    hours = (-1 if sign == "-" else 1) * minutes / 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}", int(hours) if hours == int(hours) else hours


def _time(value: str, zone: str) -> str:
    """'19:30' -> '19:30:00-05:00': the time type of the HSDS data package, with its offset."""
    return f"{value}:00{standard_offset(zone)[0]}"


def _phone(index: int, phone, sid: str) -> dict:
    pid = member(sid, "phone", str(index))
    out = {"id": pid, "service_id": sid, "number": phone.number,
           "type": PHONE_TYPE.get(phone.type, phone.type)}
    if phone.extension:
        out["extension"] = int(phone.extension)
    if phone.description:
        out["description"] = phone.description
    if phone.keyword:
        out["attributes"] = [_attribute(pid, "phone", TAXONOMY, "keyword", "keyword",
                                        _json_value(phone.keyword), f"keyword/{index}")]
    return out


def _schedules(res: Resource, sid: str, zone: str) -> list[dict]:
    out = []
    local = {"timezone": standard_offset(zone)[1],
             "notes": f"Local time in {zone}; the offset given is its standard time."}
    if res.is_meeting:
        for index, session in enumerate(res.schedule):
            day = BYDAY[session.day]
            item = {"id": member(sid, "schedule", str(index)), "service_id": sid,
                    "freq": "MONTHLY" if session.weeks else "WEEKLY",
                    "byday": ",".join(("-1" if w == "last" else w) + day for w in session.weeks)
                    if session.weeks else day,
                    "opens_at": _time(session.time, zone), **local}
            if session.end_time:
                item["closes_at"] = _time(session.end_time, zone)
            if res.valid_from:
                item["valid_from"] = res.valid_from.isoformat()
            if res.valid_to:
                item["valid_to"] = res.valid_to.isoformat()
            out.append(item)
        return out
    for index, hours in enumerate(res.hours):
        out.append({"id": member(sid, "schedule", str(index)), "service_id": sid, "freq": "WEEKLY",
                    "byday": ",".join(BYDAY[d] for d in hours.days),
                    "opens_at": _time(hours.opens_at, zone), "closes_at": _time(hours.closes_at, zone),
                    **local})
    return out


def _service_at_location(res: Resource, sid: str) -> dict:
    lid = member(sid, "location")
    a = res.address
    address = {"id": member(sid, "address"), "location_id": lid, "address_1": a.address_1,
               "city": a.city, "state_province": a.state_province, "postal_code": a.postal_code,
               "country": a.country, "address_type": "physical"}
    if a.address_2:
        address["address_2"] = a.address_2
    location: dict = {"id": lid, "location_type": "physical", "name": res.location or res.name,
                      "addresses": [address]}
    if res.location_notes:
        location["transportation"] = res.location_notes
    if res.latitude is not None:
        location["latitude"], location["longitude"] = res.latitude, res.longitude
    if res.accessibility:
        location["accessibility"] = [
            {"id": member(sid, "accessibility", code), "location_id": lid,
             "description": vocab.ACCESSIBILITY[code], "details": code} for code in res.accessibility]
    return {"id": member(sid, "service_at_location"), "service_id": sid, "location_id": lid,
            "location": location}


def _attributes(res: Resource, sid: str, page: str | None) -> list[dict]:
    """HSDS 3.0 has no field for a record's page in the directory that publishes it (service
    url and organization website are the provider's own site): the page travels as the
    source_url attribute, which our importer reads back as the listing's source_url."""
    out = []
    for name in LIST_FIELDS:
        labels = LABELS[name] or {}
        for index, code in enumerate(getattr(res, name)):
            out.append(_attribute(sid, "service", f"{TAXONOMY}:{name}", code, labels.get(code, code),
                                  code, f"{name}/{index}"))
    for name in SCALAR_FIELDS:
        value = page if name == "source_url" else getattr(res, name)
        if value is None or (value is False and name in ("online_only", "always_open", "by_appointment")):
            continue  # walk_in: false and accepting_new_clients: false are news, and kept
        out.append(_attribute(sid, "service", TAXONOMY, name, name, _json_value(value), name))
    return out


# ---------------------------------------------------------------- files

TABLES = {
    "organizations": ["id", "name", "description", "email", "website"],
    "services": ["id", "organization_id", "name", "alternate_name", "description", "url", "email",
                 "status", "assured_date", "last_modified"],
    "service_at_location": ["id", "service_id", "location_id"],
    "locations": ["id", "location_type", "name", "transportation", "latitude", "longitude"],
    "addresses": ["id", "location_id", "address_1", "address_2", "city", "state_province",
                  "postal_code", "country", "address_type"],
    "phones": ["id", "service_id", "number", "extension", "type", "description"],
    "schedules": ["id", "service_id", "valid_from", "valid_to", "timezone", "freq", "byday",
                  "opens_at", "closes_at", "notes"],
    "languages": ["id", "service_id", "code"],
    "service_areas": ["id", "service_id", "name"],
    "accessibility": ["id", "location_id", "description", "details"],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "taxonomy_terms": ["id", "code", "name", "description", "taxonomy"],
}


def document_head(total: int) -> str:
    """services.json up to its first service: one page of the HSDS API's paginated list holding
    all ``total`` services (streams.json_head)."""
    return streams.json_head({"total_items": total, "total_pages": 1, "page_number": 1, "size": total,
                              "first_page": True, "last_page": True, "empty": not total}, "contents")


def add_rows(tables: streams.CsvTables, svc: dict, terms: dict[str, dict]) -> None:
    """One nested service object flattened into the tables; its taxonomy terms are collected
    in ``terms`` (their table is written last, sorted by id)."""
    def attributes(items):
        for attribute in items or []:
            term_id = attribute["taxonomy_term_id"]
            terms.setdefault(term_id, TERMS[term_id])
            tables.add("attributes", attribute)

    tables.add("organizations", svc["organization"])
    tables.add("services", svc)
    for phone in svc.get("phones", []):
        tables.add("phones", phone)
        attributes(phone.get("attributes"))
    for name in ("schedules", "languages", "service_areas"):
        tables.extend(name, svc.get(name, []))
    attributes(svc.get("attributes"))
    for sal in svc.get("service_at_locations", []):
        tables.add("service_at_location", sal)
        location = sal["location"]
        tables.add("locations", location)
        tables.extend("addresses", location.get("addresses", []))
        tables.extend("accessibility", location.get("accessibility", []))


# How the specification's own tabular package (schema/datapackage.json) declares our columns:
# types and formats other than free text, required columns and closed lists. The tests hold
# these to the specification's package.
FIELD_TYPES = {"latitude": "number", "longitude": "number", "extension": "number",
               "timezone": "number", "assured_date": "date", "last_modified": "datetime",
               "valid_from": "date",
               "valid_to": "date", "opens_at": "time", "closes_at": "time"}
FIELD_FORMATS = {"url": "uri", "website": "uri", "email": "email"}
REQUIRED = {"organizations": {"name", "description"}, "services": {"organization_id", "name", "status"},
            "service_at_location": {"service_id", "location_id"}, "locations": {"location_type"},
            "addresses": {"address_1", "city", "state_province", "postal_code", "country", "address_type"},
            "phones": {"number"}, "attributes": {"link_id", "taxonomy_term_id", "link_entity"},
            "taxonomy_terms": {"name", "description"}}
ENUMS = {"status": ["active", "inactive", "defunct", "temporarily closed"],
         "location_type": ["physical", "postal", "virtual"],
         "address_type": ["physical", "postal", "virtual"], "freq": ["WEEKLY", "MONTHLY"]}


def field(table: str, name: str) -> dict:
    """One column's Table Schema field, as the specification's package declares it."""
    out: dict = {"name": name, "type": FIELD_TYPES.get(name, "string")}
    if name == "id" or name.endswith("_id"):
        out["format"] = "uuid"
    elif name in FIELD_FORMATS:
        out["format"] = FIELD_FORMATS[name]
    constraints: dict = {"required": name == "id" or name in REQUIRED.get(table, ()),
                         "unique": name == "id"}
    if name in ENUMS:
        constraints["enum"] = ENUMS[name]
    out["constraints"] = constraints
    return out


def datapackage(compressed: bool = False) -> str:
    """The tabular data package's descriptor: one resource per CSV table, with the types and
    required columns of the specification's package; ``compressed``: the tables are .csv.gz."""
    gz = {"compression": "gz"} if compressed else {}
    package = {"name": "recovery-navigator-hsds", "profile": "tabular-data-package",
               "resources": [{"name": name, "path": f"{name}.csv" + (".gz" if compressed else ""), **gz,
                              "profile": "tabular-data-resource",
                              "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                              "schema": {"fields": [field(name, f) for f in TABLES[name]],
                                         "primaryKey": "id"}}
                             for name in TABLES]}
    return json.dumps(package, indent=1) + "\n"
