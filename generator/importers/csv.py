"""A spreadsheet saved as CSV, one row per resource, in the columns of the coordinators'
template (``TEMPLATE_COLUMNS``; the file is downloadable from the coordinators' page).

Lists are separated by semicolons; yes/no cells accept yes, no, true, false, y, n, 1, 0 and x.
Opening hours and meeting times use a short form: ``Mon-Fri 9:00-17:00; Sat 10:00-14:00``
and ``Tue 19:30-20:30; Thu 7pm``.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter

from .. import text, vocab
from .meeting_guide import read_text
from .addresses import state_code
from .records import (Context, Record, Source, SourceError, clean, coordinates, dates, parse_date,
                      parse_time, shorten, split_phone, stable_id)
from .regions import Place, place_record

KIND = "spreadsheet"
TEMPLATE_COLUMNS = [
    "id", "name", "alternate_name", "category", "program", "region", "description", "status",
    "address_1", "address_2", "city", "state_province", "postal_code", "country", "online_only",
    "location", "location_notes", "latitude", "longitude", "phone", "phone_extension",
    "intake_phone", "crisis_phone", "text_phone", "text_keyword", "tty_phone", "fax", "url", "email",
    "hours", "hours_notes", "always_open", "schedule", "by_appointment", "types", "timezone",
    "valid_from", "valid_to", "conference_url", "conference_url_notes", "conference_phone",
    "conference_phone_notes", "languages", "payment", "populations", "accessibility", "walk_in",
    "accepting_new_clients", "last_verified", "verified_by", "source",
]
TEXT_FIELDS = ("alternate_name", "location", "location_notes", "url", "email", "hours_notes",
               "timezone", "conference_url", "conference_url_notes", "conference_phone",
               "conference_phone_notes", "verified_by", "source")
BOOL_FIELDS = ("online_only", "always_open", "by_appointment", "walk_in", "accepting_new_clients")
LIST_FIELDS = ("languages", "payment", "populations", "accessibility", "types")
PHONE_COLUMNS = (("phone", "main"), ("intake_phone", "intake"), ("crisis_phone", "crisis"),
                 ("text_phone", "text"), ("tty_phone", "tty"), ("fax", "fax"))
ADDRESS_COLUMNS = ("address_1", "address_2", "city", "state_province", "postal_code", "country")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}
DAY_WORDS = {d[:2]: d for d in vocab.DAYS} | {d[:3]: d for d in vocab.DAYS} | {d: d for d in vocab.DAYS} \
    | {"tues": "tuesday", "thur": "thursday", "thurs": "thursday", "weds": "wednesday"}
ORDER = list(vocab.DAYS)



def template() -> str:
    """The empty template with one example row (what the coordinators' page offers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    example = {"id": "riverside-recovery-center", "name": "Riverside Recovery Center",
               "category": "outpatient", "description": "Outpatient counselling; walk-ins on weekdays.",
               "address_1": "100 Main Street", "city": "Columbus", "state_province": "OH",
               "postal_code": "43215", "phone": "(614) 555-0100", "intake_phone": "(614) 555-0101",
               "url": "https://riverside.example.org/", "hours": "Mon-Fri 9:00-17:00; Sat 10:00-14:00",
               "languages": "en; es", "payment": "medicaid; sliding-scale", "walk_in": "yes",
               "last_verified": "2026-11-01", "verified_by": "Your name",
               "source": "Phoned the front desk"}
    writer.writerow([example.get(c, "") for c in TEMPLATE_COLUMNS])
    return buffer.getvalue()


def read(path: str, ctx: Context, columns: dict[str, str] | None = None) -> Source:
    """Rows of a sheet; ``columns`` maps our fields to the sheet's own column names
    (--column name="Agency Name") for sheets not made from the template."""
    display = os.path.basename(path)
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    given = [h for h in (reader.fieldnames or []) if h]
    rename = _renames(columns or {}, given, display)
    header = [rename.get(h, _column(h)) for h in given]
    if "name" not in header:
        shown = ", ".join(repr(h) for h in given[:12]) or "none"
        raise SourceError(f"{display}:1", f"no 'name' column (the sheet's columns: {shown}); "
                          "map the column that holds each listing's name with --column "
                          "name=\"<its heading>\", or start from the template on the coordinators' page")
    unknown = [h for h in header if h and h not in TEMPLATE_COLUMNS]
    records = []
    for row in reader:
        values = {rename.get(k, _column(k)): v for k, v in row.items() if k}
        if not any(clean(v) for v in values.values()):
            continue  # blank lines at the end of a sheet
        records.append(resource(values, f"{display}:{reader.line_num}", ctx))
    ignored = Counter({h: sum(1 for _ in records) for h in unknown})
    return Source(display, KIND, records, ignored, _clears(header))


def _renames(columns: dict[str, str], given: list[str], display: str) -> dict[str, str]:
    """The sheet's heading -> our field, from --column FIELD=HEADING; every problem at once."""
    problems, out = [], {}
    by_norm = {_column(h): h for h in given}
    for fieldname, heading in columns.items():
        if fieldname not in TEMPLATE_COLUMNS:
            close = text.closest(fieldname, TEMPLATE_COLUMNS)
            problems.append(f"--column {fieldname}=…: {fieldname!r} is not a field of the template"
                            + (f"; did you mean {close!r}?" if close else ""))
            continue
        found = heading if heading in given else by_norm.get(_column(heading))
        if found is None:
            close = text.closest(heading, given)
            problems.append(f"--column {fieldname}={heading}: the sheet has no column {heading!r}"
                            + (f"; did you mean {close!r}?" if close else ""))
            continue
        out[found] = fieldname
    if problems:
        raise SourceError(f"{display}:1", "; ".join(problems))
    return out


def _column(name: str | None) -> str:
    return re.sub(r"[\s-]+", "_", (name or "").strip().lower())


def _clears(header: list[str]) -> frozenset[str]:
    """A column that is present speaks for its field: an empty cell removes the value."""
    fields = {h for h in header if h in TEXT_FIELDS + BOOL_FIELDS + LIST_FIELDS}
    fields |= {h for h in header if h in ("description", "status", "latitude", "longitude",
                                          "hours", "schedule", "valid_from", "valid_to")}
    if any(h in header for h, _kind in PHONE_COLUMNS):
        fields.add("phones")
    if "address_1" in header:
        fields.add("address")
    if "latitude" in header:
        fields.add("longitude")
    return frozenset(fields)


def resource(row: dict, position: str, ctx: Context) -> Record:
    record = Record(position)
    get = lambda key: clean(row.get(key))  # noqa: E731
    name = get("name")
    if not name:
        return record.skip("the name cell is empty")
    rid = get("id")
    if not rid:
        record.note("id", "no id: one was made from the name; copy it into the sheet so that "
                    "later imports update this entry")
    data: dict = {"id": stable_id(rid or name, ctx.region), "name": shorten(name, 300, record, "name"),
                  "category": (get("category") or "").lower() or ctx.category}
    if data["category"] is None:
        return record.skip(f"{name!r} has no category; write one of: {', '.join(vocab.CATEGORIES)}, "
                           "or give one for every row without it with --category",
                           "no category (give one with --category)")
    if data["category"] == "meeting":
        data["program"] = (get("program") or ctx.program or "").lower() or None
    regions = [r for r in re.split(r"\s*[;,]\s*", get("region") or "") if r]
    if regions:  # the sheet's own region ids (or names) say where
        data["regions"] = [ctx.matcher.match([r]) if r != ctx.region else r for r in regions]
    description = clean(row.get("description"), multiline=True)
    if description:
        data["description"] = shorten(description, 2000, record, "description")
    if get("status"):
        data["status"] = get("status").lower().replace(" ", "-")
    if get("address_1"):
        data["address"] = {k: get(k) for k in ADDRESS_COLUMNS if get(k)}
        data["address"].setdefault("country", "US")
    for key in TEXT_FIELDS:
        if get(key):
            data[key] = get(key)
    for key in BOOL_FIELDS:
        value = (get(key) or "").lower()
        if value in YES:
            data[key] = True
        elif value in NO:
            data[key] = False
        elif value:
            record.dropped(key, f"{value!r} is not yes or no; left out")
    if "address" not in data and not data.get("online_only"):
        data["online_only"] = True
        record.note("address", "no address: listed as online or by phone only")
    point = coordinates(row.get("latitude"), row.get("longitude"), record)
    if point:
        data["latitude"], data["longitude"] = point
    for key in LIST_FIELDS:
        items = [i for i in re.split(r"\s*[;,]\s*", get(key) or "") if i]
        if items:
            data[key] = [i if key == "types" else i.lower() for i in items]
    data["phones"] = _phones(row, record)
    if get("hours"):
        data["hours"] = _hours(get("hours"), record)
    if get("schedule"):
        data["schedule"] = _sessions(get("schedule"), record)
    for key in ("valid_from", "valid_to", "last_verified"):
        if get(key):
            day = parse_date(get(key))
            if day is None:
                record.dropped(key, f"{get(key)!r} is not a date (write YYYY-MM-DD); left out")
            else:
                data[key] = day
    if "last_verified" not in data:  # a sheet's own date is a person's check; none is not
        dates(data, None, ctx, record)
    data.setdefault("source", ctx.source_label)
    if not regions:
        point = (data["latitude"], data["longitude"]) if "latitude" in data else None
        address = data.get("address") or {}
        where = Place(state=state_code(address.get("state_province") or get("state_province")),
                      city=address.get("city") or get("city"), point=point)
        if not place_record(record, data, ctx.matcher, where):
            return record
    record.data = {k: v for k, v in data.items() if v not in (None, [])}
    return record


def _phones(row: dict, record: Record) -> list[dict]:
    phones = []
    for column, kind in PHONE_COLUMNS:
        number, extension = split_phone(row.get(column))
        if not number:
            continue
        phone = {"type": kind, "number": number}
        extension = clean(row.get("phone_extension")) if column == "phone" and not extension else extension
        if extension:
            phone["extension"] = extension
        if kind == "text" and clean(row.get("text_keyword")):
            phone["keyword"] = clean(row.get("text_keyword"))
        phones.append(phone)
    return phones


_SPAN = re.compile(r"^(?P<days>[A-Za-z ,\-–]+?)\s+(?P<start>[\d:.]+\s*(?:[ap]\.?m\.?)?)"
                   r"(?:\s*[-–]\s*(?P<end>[\d:.]+\s*(?:[ap]\.?m\.?)?))?$", re.I)


def _days(words: str) -> list[str] | None:
    days = []
    for part in re.split(r"\s*,\s*|\s+", words.strip().lower()):
        ends = re.split(r"\s*[-–]\s*", part)
        names = [DAY_WORDS.get(e.rstrip(".")) for e in ends if e]
        if not names or None in names:
            return None
        if len(names) == 2:
            first, last = ORDER.index(names[0]), ORDER.index(names[1])
            days += [ORDER[(first + i) % 7] for i in range((last - first) % 7 + 1)]
        else:
            days += names
    return list(dict.fromkeys(days)) or None


def _spans(value: str, record: Record, fieldname: str):
    for part in (p.strip() for p in value.split(";") if p.strip()):
        match = _SPAN.match(part)
        days = _days(re.sub(r"\s*[-–]\s*", "-", match["days"])) if match else None
        start = parse_time(match["start"]) if match else None
        end = parse_time(match["end"]) if match and match["end"] else None
        if not days or not start or (match["end"] and not end):
            record.dropped(fieldname, f"{part!r} is not like 'Mon-Fri 9:00-17:00'; left out")
            continue
        yield days, start, end


def _hours(value: str, record: Record) -> list[dict]:
    out = []
    for days, start, end in _spans(value, record, "hours"):
        if not end:
            record.dropped("hours", f"{start} has no closing time; left out")
            continue
        out.append({"days": days, "opens_at": start, "closes_at": end})
    return out


def _sessions(value: str, record: Record) -> list[dict]:
    return [{"day": day, "time": start, **({"end_time": end} if end else {})}
            for days, start, end in _spans(value, record, "schedule") for day in days]
