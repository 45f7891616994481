"""Open Referral HSDS 3.0 -> catalog entries. Reads JSON (a service, an organization with its
services, a service-at-location, an array, or a paginated API page) and the CSV tabular data
package (a folder of tables, its datapackage.json, or the same tables as one JSON object).

One service is one record. HSDS has no categories of ours: ``--category`` sets one for all,
unless the data came from our own export (its ``recovery-navigator`` attributes say).
Placeholder values common in sample data (latitude 100, ``timezone: 3``) are reported, not
imported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zoneinfo
from collections import Counter

from .. import text, vocab
from ..exporters.hsds import BYDAY, TAXONOMY, standard_offset
from .meeting_guide import _escape_markdown, json_items, read_text
from .addresses import make_address, state_code
from .records import (Context, Record, Source, SourceError, clean, coordinates, dates, parse_date,
                      parse_time, shorten, split_phone, stable_id)
from .hsds_tables import UNUSED, assemble, csv_tables, older_tables, weekday_row
from .regions import Place, place_record

KIND = "HSDS data"
DAYS = {code: day for day, code in BYDAY.items()}
PHONE_TYPES = {"voice": "main", "cell": "main", "textphone": "tty", "sms": "text", "text": "text",
               "fax": "fax", "tty": "tty", "intake": "intake", "crisis": "crisis", "main": "main"}
STATUS = {"active": "active", "inactive": "inactive", "defunct": "inactive",
          "temporarily closed": "temporarily-closed"}
USED = {"id", "name", "alternate_name", "description", "url", "email", "status", "assured_date",
        "last_modified", "phones", "schedules", "languages", "service_at_locations", "attributes",
        "organization", "organization_id", "service_areas", "cost_options"}
ACCESS_WORDS = (("wheelchair", "wheelchair"), ("induction loop", "hearing-loop"),
                ("hearing loop", "hearing-loop"), ("sign language", "asl"), ("braille", "braille"),
                ("large print", "large-print"), ("interpret", "interpreter"), ("parking", "parking"))
CLEARS = frozenset({"phones", "hours", "schedule", "address", "online_only", "latitude", "longitude",
                    "languages", "source_url"})



def read(path: str, ctx: Context) -> Source:
    display = os.path.basename(path.rstrip("/"))
    tables = None
    if os.path.isdir(path) or path.endswith((".csv", "datapackage.json")):
        tables = csv_tables(path if os.path.isdir(path) else os.path.dirname(path))
    else:
        found = json_items(read_text(path), display)
        data = found[0][0] if len(found) == 1 else [item for item, _line in found]
        if isinstance(data, dict) and any(str(k).endswith(".csv") for k in data):
            tables = older_tables({k[:-4]: v for k, v in data.items() if isinstance(v, list)}, display)
    if tables is not None:
        items = assemble(tables, "" if os.path.isdir(path) or path.endswith((".csv", "datapackage.json"))
                          else display)
        ignored = Counter({f"table {name}.csv": len(rows) for name, rows in tables.items()
                           if name in UNUSED and rows})
    else:
        items, ignored = _unwrap(data, display), Counter()
    terms = terms_beside(path) if tables is None else {}
    records = []
    for position, kind, item, extra in items:
        if kind != "service":
            records.append(Record(position).skip(kind))
            continue
        for key, value in item.items():
            if key not in USED and value not in (None, "", [], {}):
                ignored[key] += 1
        item = _with_terms(item, terms, ignored)
        records.append(service(item, position, ctx, extra))
    if not records:
        raise SourceError(display, "no services, organizations or service-at-locations found; "
                          "is this HSDS 3.0 data?")
    return Source(display, KIND, records, ignored, CLEARS)


# ---------------------------------------------------------------- taxonomy terms by id

TERMS_FILES = ("taxonomy_terms.json", "taxonomy_terms.json.gz")
UNKNOWN_TERM = "attributes naming a taxonomy term not in the file nor in a taxonomy_terms.json beside it"


def terms_beside(path: str) -> dict[str, dict]:
    """id -> term from the taxonomy_terms.json (a page of terms, as our export writes it, or a
    list) in the folder of an HSDS JSON file; {} when there is none."""
    for name in TERMS_FILES:
        found = os.path.join(os.path.dirname(os.path.abspath(path)), name)
        if os.path.isfile(found):
            data = json_items(read_text(found), name)
            items = [item for item, _line in data]
            if len(items) == 1 and isinstance(items[0], dict):
                items = items[0].get("contents") or []
            return {t["id"]: t for t in items if isinstance(t, dict) and t.get("id")}
    return {}


def _with_terms(svc: dict, terms: dict[str, dict], ignored: Counter) -> dict:
    """The service with each attribute that names its term only by id given the term (from
    ``terms``); attributes whose term is nowhere are counted in ``ignored``."""
    def named(attributes):
        if not isinstance(attributes, list):
            return attributes
        out = []
        for attribute in attributes:
            if isinstance(attribute, dict) and not attribute.get("taxonomy_term") \
                    and attribute.get("taxonomy_term_id"):
                term = terms.get(attribute["taxonomy_term_id"])
                if term is None:
                    ignored[UNKNOWN_TERM] += 1
                else:
                    attribute = {**attribute, "taxonomy_term": term}
            out.append(attribute)
        return out

    out = {**svc, "attributes": named(svc.get("attributes"))} if "attributes" in svc else dict(svc)
    if isinstance(svc.get("phones"), list):
        out["phones"] = [{**p, "attributes": named(p.get("attributes"))} if isinstance(p, dict)
                         and p.get("attributes") else p for p in svc["phones"]]
    return out


# ---------------------------------------------------------------- finding the services

def _unwrap(data, display: str, pointer: str = "#") -> list[tuple[str, str, dict, dict]]:
    """(position, kind, service, extra) for every service in a JSON document; kind is
    'service' or the reason the item holds none."""
    if isinstance(data, list):
        return [x for i, item in enumerate(data) for x in _unwrap(item, display, f"{pointer}/{i}")]
    if not isinstance(data, dict):
        return [(f"{display}{pointer}", "not an HSDS object", {}, {})]
    if isinstance(data.get("contents"), list):
        return _unwrap(data["contents"], display, f"{pointer}/contents")
    if isinstance(data.get("services"), list):  # an organization with its services
        organization = {k: v for k, v in data.items() if k != "services"}
        if not data["services"]:
            return [(f"{display}{pointer}", f"organization {data.get('name')!r} lists no services", {}, {})]
        return [(f"{display}{pointer}/services/{i}", "service", s, {"organization": organization})
                for i, s in enumerate(data["services"]) if isinstance(s, dict)]
    if isinstance(data.get("service"), dict):  # a service-at-location
        sal = {k: v for k, v in data.items() if k != "service"}
        return [(f"{display}{pointer}", "service", data["service"], {"service_at_location": sal})]
    if any(k in data for k in ("legal_status", "tax_status", "year_incorporated", "website",
                                "organization_identifiers")) and "status" not in data:
        return [(f"{display}{pointer}", f"organization {data.get('name')!r} lists no services", {}, {})]
    if "location_type" in data or "addresses" in data:
        return [(f"{display}{pointer}", "a location on its own, with no service to list", {}, {})]
    if "name" in data and ("status" in data or "phones" in data or "schedules" in data):
        return [(f"{display}{pointer}", "service", data, {})]
    return [(f"{display}{pointer}", "not a service, organization or service-at-location", {}, {})]


# ---------------------------------------------------------------- one service

def _own(svc: dict) -> dict:
    """Values our own export carries in recovery-navigator attributes."""
    own: dict = {}
    for attribute in svc.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        taxonomy = str(term.get("taxonomy") or "")
        if taxonomy.startswith(TAXONOMY + ":"):
            own.setdefault(taxonomy.split(":", 1)[1], []).append(term.get("code"))
        elif taxonomy == TAXONOMY and term.get("code"):
            try:
                own[term["code"]] = json.loads(attribute.get("value") or "null")
            except ValueError:
                own[term["code"]] = attribute.get("value")
    return own


def service(svc: dict, position: str, ctx: Context, extra: dict) -> Record:
    record = Record(position)
    own = _own(svc)
    name = clean(svc.get("name"))
    if not name:
        return record.skip("the service has no name")
    if not own.get("id") and not clean(svc.get("id")):
        return record.skip(f"service {name!r} has no id, so it cannot be updated later")
    category = own.get("category") or ctx.category or "other"
    data: dict = {"id": own.get("id") or stable_id(clean(svc["id"]).lower(), ctx.region),
                  "name": shorten(name, 300, record, "name"), "category": category}
    if category == "meeting":
        data["program"] = own.get("program") or ctx.program
    for key in ("alternate_name", "url", "email"):
        value = clean(svc.get(key))
        if value:
            data[key] = value
    description = clean(svc.get("description"), multiline=True) if not own else svc.get("description")
    if description:
        data["description"] = shorten(description if own else _escape_markdown(description), 2000,
                                      record, "description")
    status = STATUS.get(str(clean(svc.get("status")) or "active").lower())
    if status and status != "active":
        data["status"] = status
    sal = (svc.get("service_at_locations") or [extra.get("service_at_location") or {}])[0] or {}
    location = sal.get("location") or {}
    if not location and extra.get("organization"):
        location = ((extra["organization"].get("locations") or [{}])[0]) or {}
    _place(location, data, record, own)
    phones = [p for group in (svc.get("phones"), sal.get("phones"), location.get("phones")) for p in group or []]
    data["phones"] = _phones(phones, record)
    older = [weekday_row(r, "") for r in svc.get("regular_schedule") or location.get("regular_schedule") or []]
    timed = _times(svc.get("schedules") or sal.get("schedules") or location.get("schedules") or older,
                   data, record, category == "meeting")
    data["languages"] = _languages(svc.get("languages") or location.get("languages") or [], record)
    if not own:
        data["payment"] = _payment(svc)
    named = ctx.matcher.match(_areas(svc)) if own.get("regions") else ctx.region
    if own.get("regions") and set(own["regions"]) <= ctx.matcher.regions.keys():
        data["regions"] = own["regions"]
    elif named != ctx.region:  # another site's export: a region of ours named as its areas are
        data["regions"] = [named]
        record.changed("regions", f"{', '.join(own['regions'])} (the publishing site's regions) "
                       f"placed in {named}, by name")
    else:
        address = data.get("address") or {}
        point = (data["latitude"], data["longitude"]) if "latitude" in data else None
        where = Place(state=state_code(address.get("state_province")), city=address.get("city"),
                      point=point, names=tuple(n for n in [_area(location), *_areas(svc)] if n))
        if not place_record(record, data, ctx.matcher, where):
            return record
        if own.get("regions"):  # another site's export: its regions are not this catalog's
            record.changed("regions", f"{', '.join(own['regions'])} (the publishing site's "
                           f"regions) placed in {data['regions'][0]}")
    for key, value in own.items():
        if key not in ("id", "category", "regions") and value not in (None, []):
            data[key] = value
    zone = data.get("timezone") if text.is_timezone(str(data.get("timezone") or "")) else None
    _localise(timed, zone or ctx.matcher.zone(data["regions"][0]), record)
    # HSDS: assured_date is when someone last checked the service; last_modified only an edit.
    dates(data, parse_date(svc.get("last_modified")), ctx, record, parse_date(svc.get("assured_date")))
    if not own:
        data["source"] = ctx.source_label
    record.data = {k: v for k, v in data.items() if v not in (None, [])}
    return record


def _areas(svc: dict) -> list[str]:
    """The names of the service's service areas (our export: the names of its regions)."""
    return [n for area in svc.get("service_areas") or [] if isinstance(area, dict)
            and (n := clean(area.get("name")))]


def _area(location: dict) -> str | None:
    """The county or area an HSDS address names (its 'region'), for placing the service."""
    for address in location.get("addresses") or []:
        if clean(address.get("region")):
            return clean(address.get("region"))
    return None


def _place(location: dict, data: dict, record: Record, own: dict) -> None:
    addresses = location.get("addresses") or [  # HSDA (1.x) JSON: physical_address lists
        {**a, "address_type": "physical"} for a in location.get("physical_address") or []] or []
    address = next((a for a in addresses if a.get("address_type") == "physical"), None) or \
        (addresses[0] if addresses else None)
    point = coordinates(location.get("latitude"), location.get("longitude"), record)
    if address:
        found = make_address(record, address.get("address_1"), address.get("city"),
                             address.get("state_province"), address.get("postal_code"),
                             address.get("country"), address.get("address_2"), point is not None)
        if found:
            data["address"] = found
    if "address" not in data:
        if not own:
            record.note("address", "no physical address: listed as online or by phone only")
        data["online_only"] = True
        return
    if point:
        data["latitude"], data["longitude"] = point
    venue = clean(location.get("name"))
    if venue and venue != data["name"] and not own:
        data["location"] = shorten(venue, 300, record, "location")
    notes = clean(location.get("transportation"))
    if notes and not own:
        data["location_notes"] = shorten(notes, 300, record, "location_notes")
    if not own:
        found = []
        for item in location.get("accessibility") or []:
            words = " ".join(str(item.get(k) or "") for k in ("description", "details")).lower()
            found += [code for needle, code in ACCESS_WORDS if needle in words]
        if found:
            data["accessibility"] = list(dict.fromkeys(found))


def _phones(phones: list[dict], record: Record) -> list[dict]:
    out, seen = [], set()
    for phone in phones:
        number, extension = split_phone(phone.get("number"))
        if not number:
            continue
        ext = phone.get("extension")
        if ext not in (None, ""):
            ext = str(int(float(ext))) if re.fullmatch(r"\d+(\.0+)?", str(ext)) else str(ext)
            extension = ext
        kind = PHONE_TYPES.get(str(phone.get("type") or "voice").lower())
        key = (re.sub(r"\D", "", number), extension, kind)  # 988 to call and 988 to text are two
        if key in seen:
            continue
        seen.add(key)
        if kind is None:
            record.changed("phones", f"phone type {phone.get('type')!r} read as main")
            kind = "main"
        item = {"type": kind, "number": number}
        if extension:
            item["extension"] = extension
        description = clean(phone.get("description"))
        if description:
            item["description"] = shorten(description, 300, record, "phones.description")
        keyword = _own(phone).get("keyword")
        if keyword:
            item["keyword"] = keyword
        out.append(item)
    return out


# A time with its UTC offset, as HSDS 3.0's time type writes it: "19:00:00-05:00", "23:00:00Z".
_OFFSET = re.compile(r"^(.*\d)\s*(?:(Z)|([+-])(\d{2}):?(\d{2})?)$", re.IGNORECASE)
_HOURS = re.compile(r"\s*[+-]?\d+(\.\d+)?\s*")  # a schedule's timezone: hours from UTC
WEEK = list(BYDAY)


def _clock(value) -> tuple[str | None, int | None]:
    """'19:00:00-05:00' -> ('19:00', -300): the time as written and its UTC offset in minutes
    (None when the time carries no offset)."""
    match = _OFFSET.match(str(clean(value) or ""))
    if not match or ":" not in match[1] or parse_time(match[1]) is None:
        return parse_time(value), None
    minutes = 0 if match[2] else int(match[4]) * 60 + int(match[5] or 0)
    return parse_time(match[1]), -minutes if match[3] == "-" else minutes


def _times(schedules: list[dict], data: dict, record: Record, meeting: bool) -> list[tuple[dict, int | None]]:
    """Sessions (meetings) or opening hours from the schedules, each with the UTC offset its
    times were given at (see _localise)."""
    timed = []
    for schedule in schedules:
        zone = schedule.get("timezone")
        if isinstance(zone, (int, float)) and not isinstance(zone, bool) or _HOURS.fullmatch(str(zone)):
            timed.append(({}, round(float(zone) * 60)))  # HSDS 3.0: the UTC offset in hours
        elif zone not in (None, "") and not (isinstance(zone, str) and text.is_timezone(zone)):
            record.dropped("schedules.timezone", f"{zone!r} is not a time zone name or a UTC offset "
                           "in hours; the region's time zone is used")
        (opens, offset), (closes, _o) = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
        tokens = [t.strip().upper() for t in str(schedule.get("byday") or "").split(",") if t.strip()]
        days = []
        for token in tokens:
            match = re.fullmatch(r"(-?\d)?(SU|MO|TU|WE|TH|FR|SA)", token)
            if match:
                days.append((match[1], DAYS[match[2]]))
        if not days or not opens:
            if schedule.get("description") and "hours_notes" not in data:
                data["hours_notes"] = shorten(clean(schedule["description"]), 300, record, "hours_notes")
            elif tokens or opens:
                record.dropped("schedules", f"a schedule without days or an opening time "
                            f"(byday {schedule.get('byday')!r}); left out")
            continue
        if meeting:
            weeks = sorted({("last" if w == "-1" else w) for w, _d in days if w})
            for day in dict.fromkeys(d for _w, d in days):
                session = {"day": day, "time": opens, **({"end_time": closes} if closes else {})}
                if weeks:
                    session["weeks"] = weeks
                data.setdefault("schedule", []).append(session)
                timed.append((session, offset))
        elif closes:
            data.setdefault("hours", []).append({"days": [d for _w, d in days], "opens_at": opens,
                                                 "closes_at": closes})
            timed.append((data["hours"][-1], offset))
    if meeting and not data.get("schedule"):
        data["by_appointment"] = True
    return timed


def zone_offsets(zone: str) -> set[int]:
    """The UTC offsets (minutes) a zone keeps in winter and in summer."""
    tz = zoneinfo.ZoneInfo(zone)
    return {int(dt.datetime(2026, month, 15, 12, tzinfo=tz).utcoffset().total_seconds()) // 60
            for month in (1, 7)}


def _localise(timed: list[tuple[dict, int | None]], zone: str | None, record: Record) -> None:
    """Times are kept as the local times of the listing's zone. A time given at one of the
    zone's own offsets (standard or summer time: our export writes the standard one) already is;
    a time given at another offset is moved into the zone's standard time, days included."""
    if zone is None or not text.is_timezone(zone):
        return  # a region without a valid zone: the catalog check reports it
    own, standard = zone_offsets(zone), standard_offset(zone)
    for item, offset in timed:
        if offset is None or offset in own:
            continue
        if not item:  # a schedule's own timezone number, not one of the zone's offsets
            record.dropped("schedules.timezone", f"UTC offset {offset / 60:g} hours is not one of "
                           f"{zone}'s; the times are read by their own offset, else as local times")
            continue
        shift = int(standard[1] * 60 - offset)
        for key in ("time", "end_time", "opens_at", "closes_at"):
            if key in item:
                start = key in ("time", "opens_at")
                minutes = int(item[key][:2]) * 60 + int(item[key][3:]) + shift
                item[key] = f"{minutes % 1440 // 60:02d}:{minutes % 60:02d}"
                if start and minutes // 1440:
                    move = minutes // 1440
                    if "day" in item:
                        item["day"] = WEEK[(WEEK.index(item["day"]) + move) % 7]
                    else:
                        item["days"] = [WEEK[(WEEK.index(d) + move) % 7] for d in item["days"]]
        sign = "-" if offset < 0 else "+"
        record.changed("schedules", f"times given at UTC{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d} "
                       f"written in the local time of {zone} (UTC{standard[0]} standard time)")


def _languages(items: list[dict], record: Record) -> list[str]:
    out = []
    for item in items:
        code = str(clean(item.get("code")) or "").lower()
        if code in text.ISO_639_1:
            out.append(code)
        elif code or item.get("name"):
            record.dropped("languages", f"{code or item.get('name')!r} is not a two-letter ISO 639-1 "
                        "code; left out")
    return list(dict.fromkeys(out))


def _payment(svc: dict) -> list[str]:
    words = " ".join(str(svc.get(k) or "") for k in ("fees", "fees_description")).lower()
    found = []
    for option in svc.get("cost_options") or []:
        words += " " + str(option.get("option") or "").lower()
        if option.get("amount") in (0, "0", 0.0):
            found.append("free")
    for needle, code in (("medicaid", "medicaid"), ("medicare", "medicare"), ("sliding", "sliding-scale"),
                         ("free of charge", "free"), ("insurance", "private-insurance")):
        if needle in words and code in vocab.PAYMENT:
            found.append(code)
    return list(dict.fromkeys(found))
