"""Meeting Guide JSON feeds (Code4Recovery spec, as published by 12 Step Meeting List, tsml-ui
and others) -> catalog meetings.

Real feeds bend the spec: ``day`` as a number, a string or a list; 12-hour times; ``types`` as
a list, a string or null; coordinates as strings; legacy codes such as ONL; HTML in notes;
integer slugs. Each of these is read, and every change or omission is noted.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from collections import Counter

from .. import text
from ..meeting_types import MEETING_TYPES
from .addresses import PLACEHOLDER, make_address, parse_address, state_code
from .records import (Context, Record, Source, SourceError, clean, json_records, coordinates, dates, parse_date,
                      parse_time, program_named, shorten, stable_id)
from .regions import Place, place_record

KIND = "Meeting Guide feed"
# Codes seen in real feeds that are not (or no longer) in the spec, and what they safely mean.
ALIASES = {"ASBI": "ABSI", "LGBTQIAA+": "LGBTQ", "12X12": "12x12"}
LEGACY = {"ONL": "legacy code ONL (online) dropped: online attendance comes from conference_url "
                 "and conference_phone"}
HANDLED = {"name", "slug", "day", "time", "end_time", "timezone", "formatted_address", "address",
           "city", "state", "postal_code", "country", "region", "sub_region", "regions",
           "conference_url", "conference_url_notes", "conference_phone", "conference_phone_notes",
           "types", "notes", "location", "location_notes", "latitude", "longitude", "approximate",
           "updated", "url", "attendance_option"}
CLEARS = frozenset({"schedule", "by_appointment", "address", "online_only", "latitude", "longitude",
                    "conference_url", "conference_url_notes", "conference_phone",
                    "conference_phone_notes", "types", "timezone", "status", "location",
                    "location_notes", "source_url"})
_PART = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)--(\d+)$")



def json_items(raw: str, path: str, start: int | None = None) -> list[tuple[object, str]]:
    """The items of a JSON array (the top-level one, or the one at ``start``) with the
    'line:column' each starts at (a single top-level object counts as one item); minified
    feeds are one long line, so the column matters."""
    decoder = json.JSONDecoder()
    try:
        index = len(raw) - len(raw.lstrip()) if start is None else start
        if not raw[index:index + 1] == "[":
            return [(json.loads(raw), f"{1 + raw.count(chr(10), 0, index)}:1")]
        items, index = [], index + 1
        line, last = 1 + raw.count("\n", 0, index), index
        while True:
            while index < len(raw) and raw[index] in " \t\r\n":
                index += 1
            if index >= len(raw):
                raise json.JSONDecodeError("the list is not closed with ]", raw, index)
            if raw[index] == "]":
                rest = raw[index + 1:]
                if rest.strip() and start is None:
                    raise json.JSONDecodeError("extra text after the end of the list", raw,
                                               index + 1 + len(rest) - len(rest.lstrip()))
                return items
            line += raw.count("\n", last, index)
            last = index
            item, index = decoder.raw_decode(raw, index)
            items.append((item, f"{line}:{last - raw.rfind(chr(10), 0, last)}"))
            while index < len(raw) and raw[index] in " \t\r\n":
                index += 1
            if index < len(raw) and raw[index] == ",":
                index += 1
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}:{exc.lineno}:{exc.colno}", f"not valid JSON ({exc.msg}); "
                          "check that the address is the feed itself, not its web page") from None


_JSONP = re.compile(r"^\s*[A-Za-z_$][\w$.]*\s*\(([\s\S]*)\)\s*;?\s*$")
# Keys under which publishers wrap the list of meetings ({"meetings": [...]}, paginated APIs).
WRAPPERS = ("meetings", "records", "data", "items", "results", "rows", "features")
_MEETING_KEYS = {"name", "slug", "day", "time"}


def feed_items(raw: str, path: str) -> list[tuple[object, str]]:
    """The meetings of a feed with their positions: a list of meetings, a JSONP callback around
    one, or an object wrapping one under a key real publishers use. Anything else is refused
    with what was found, never read as a single meeting."""
    match = _JSONP.match(raw) if not raw.lstrip().startswith(("[", "{")) else None
    if match:
        raw = " " * match.start(1) + match[1]  # same columns, so positions still point right
    items = json_items(raw, path)
    if raw.lstrip().startswith("[") or len(items) != 1 or not isinstance(items[0][0], dict):
        return items
    wrapper = items[0][0]
    if _MEETING_KEYS <= set(wrapper) or ("slug" in wrapper and "name" in wrapper):
        return items  # one meeting on its own
    lists = [k for k, v in wrapper.items() if isinstance(v, list) and v and
             all(isinstance(x, dict) for x in v) and any(_MEETING_KEYS & set(x) for x in v)]
    key = next((k for k in WRAPPERS if k in lists), lists[0] if len(lists) == 1 else None)
    if key is None:
        keys = ", ".join(repr(k) for k in list(wrapper)[:8])
        raise SourceError(f"{path}:{items[0][1]}", f"a JSON object (keys {keys}), not a Meeting "
                          "Guide feed: a feed is a list of meetings, or an object holding that list "
                          f"under one of {', '.join(WRAPPERS)}")
    if key == "features":
        raise SourceError(f"{path}:{items[0][1]}", "a GeoJSON file, not a Meeting Guide feed; "
                          "import the feed itself (usually .../meetings.json or the feed link of "
                          "the meeting list)")
    for found in re.finditer(r'"' + re.escape(key) + r'"\s*:\s*\[', raw):
        try:
            located = json_items(raw, path, found.end() - 1)
        except SourceError:
            continue
        if [item for item, _where in located] == wrapper[key]:
            return located
    return [(m, items[0][1]) for m in wrapper[key]]


GZIP_BROKEN = "it is not a complete gzip file ({}); download it again"


def ungzip(raw: bytes, position: str) -> bytes:
    """The content of a .gz file, or a SourceError saying it is broken."""
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise SourceError(position, "cannot read the file: " + GZIP_BROKEN.format(exc)) from None


def read_text(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror}") from None
    if path.endswith(".gz"):  # the open-data copies; the name says how to read it
        raw = ungzip(raw, path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read(path: str, ctx: Context) -> Source:
    display = os.path.basename(path)
    items = feed_items(read_text(path), display)
    ignored: Counter = Counter()
    records = json_records(items, display, HANDLED, ignored,
                           lambda item, position: meeting(item, position, ctx))
    _join_parts(records)
    return Source(display, KIND, records, ignored, CLEARS)


def meeting(m: dict, position: str, ctx: Context) -> Record:
    record = Record(position)
    name = clean(m.get("name"))
    slug = clean(m.get("slug"))
    if slug is None:
        return record.skip("no slug (the feed's unique id for the meeting), so it cannot be "
                           "updated later; ask the feed's owner to add one")
    if name is None:
        return record.skip(f"meeting {slug!r} has no name", "no name")
    part = _PART.match(slug)
    record.part = bool(part)
    data: dict = {"id": stable_id(part[1] if part else slug, ctx.region),
                  "name": shorten(name, 300, record, "name"),
                  "category": "meeting",
                  "program": ctx.program or program_named(name, clean(m.get("group")))}
    problem = _schedule(m, data, record)
    if problem:
        return record.skip(f"meeting {slug!r}: {problem}", "a day or time that is not one")
    types = _types(m.get("types"), record)
    option = (clean(m.get("attendance_option")) or "").lower()
    if option == "inactive":
        data["status"] = "inactive"
    links = {k: clean(m.get(k)) for k in ("conference_url", "conference_phone")}
    if option == "in_person" and any(links.values()):
        for key in (k for k, v in links.items() if v):
            record.dropped(key, "attendance_option says in person only; the link is left out")
        links = {}
    online = any(links.values())
    point = coordinates(m.get("latitude"), m.get("longitude"), record)
    address = _address(m, record, point is not None, ctx.country)
    address = _attendance(m, option, types, address, online, data, record)
    state = address.get("state_province") if address else state_code(clean(m.get("state")))
    where = Place(state=state_code(state) if state else None,
                  city=address["city"] if address else clean(m.get("city")),
                  point=point if address else None, names=tuple(_regions(m)))
    if address:
        data["address"] = address
        if point:
            data["latitude"], data["longitude"] = point
    elif online:
        data["online_only"] = True
        if point:
            record.dropped("latitude", "the coordinates of an online meeting mark no place to go; "
                           "left out")
    if not address and not online:
        why = [n.message for n in record.notes if n.field in ("address", "postal_code")]
        return record.skip(f"meeting {slug!r}: no address to go to and no way to join online" +
                           (f" (address: {'; '.join(why)})" if why else " (no address given)"),
                           "no address to go to and no way to join online")
    if not place_record(record, data, ctx.matcher, where):
        return record
    for key in ("location", "location_notes"):
        value = clean(m.get(key))
        if value and key == "location" and not address:
            record.dropped("location", f"{value!r} names no place to go for a meeting without "
                           "an address; left out")
        elif value:
            data[key] = shorten(value, 300, record, key)
    description = clean(m.get("notes"), multiline=True)
    if description:
        data["description"] = shorten(_escape_markdown(description), 2000, record, "notes")
    for key in ("conference_url", "conference_url_notes", "conference_phone", "conference_phone_notes"):
        value = clean(m.get(key)) if online else None
        if value:
            data[key] = value if key.endswith("url") or key.endswith("phone") else \
                shorten(value, 300, record, key)
    _dial_sequence(data, record, (data.get("address") or {}).get("country", ctx.country))
    if types:
        data["types"] = types
    url = clean(m.get("url"))
    if url:  # the spec: the meeting's listing on the publisher's site, not the group's own site
        data["source_url"] = url
    zone = clean(m.get("timezone"))
    if zone and text.is_timezone(zone):
        data["timezone"] = zone
    elif zone:
        record.dropped("timezone", f"{zone!r} is not an IANA time zone; the region's is used")
    dates(data, parse_date(m.get("updated")), ctx, record)
    data["source"] = ctx.source_label
    record.data = data
    return record


def _dial_sequence(data: dict, record: Record, country: str) -> None:
    """A conference phone is kept as the feed writes it, pauses and codes included
    ('+16699009128,,71771828957#' dials straight into the meeting). Only when the whole
    sequence is not a number the catalog can check is it split: the number, and the sequence
    in the notes, so that nothing is lost."""
    from ..phones import phone_problem

    phone = data.get("conference_phone")
    if not phone or not re.search(r"[,;*#]", phone) or not phone_problem(phone, country):
        return
    number = re.split(r"[,;*#]", phone, maxsplit=1)[0].strip()
    notes = data.get("conference_phone_notes")
    data["conference_phone"] = number
    data["conference_phone_notes"] = f"{notes}; dial-in sequence {phone}" if notes else \
        f"Dial-in sequence {phone}"
    record.changed("conference_phone", f"{phone!r} split into the number and the dial-in "
                   "sequence (in conference_phone_notes)")


def _escape_markdown(value: str) -> str:
    """Notes are plain text; descriptions are Markdown, so characters that would format are
    escaped (a note '*ring the bell*' stays as typed)."""
    value = re.sub(r"([\\`*_\[\]<>])", r"\\\1", value)
    return re.sub(r"^(\s*)([-+#>]|\d+[.)])(\s)", r"\1\\\2\3", value, flags=re.M)


def _days(value) -> list[int] | str:
    values = value if isinstance(value, list) else [value]
    days = []
    for item in values:
        item = clean(item)
        if item is None:
            continue
        if not re.fullmatch(r"\d", item) or int(item) > 6:
            return f"day {item!r} is not 0 (Sunday) to 6 (Saturday)"
        days.append(int(item))
    return sorted(set(days))


def _schedule(m: dict, data: dict, record: Record) -> str | None:
    days = _days(m.get("day"))
    if isinstance(days, str):
        return days
    raw_time = clean(m.get("time"))
    time = parse_time(raw_time)
    if raw_time and time is None:
        return f"time {raw_time!r} is not a time of day"
    end = parse_time(m.get("end_time"))
    if clean(m.get("end_time")) and end is None:
        record.dropped("end_time", f"{clean(m.get('end_time'))!r} is not a time; left out")
    if raw_time and time != raw_time:
        record.changed("time", f"{raw_time!r} read as {time}")
    if not days or time is None:
        if days or time:
            record.changed("schedule", "has a day or a time but not both; listed as by appointment")
        data["by_appointment"] = True
        return None
    names = list(_DAY_NAMES)
    data["schedule"] = [{"day": names[d], "time": time, **({"end_time": end} if end else {})}
                        for d in days]
    return None


_BY_NAME = {name.casefold(): code for code, name in MEETING_TYPES.items()}
_DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


def _types(value, record: Record) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # "O,D", "O D", '["O","D"]', "[open]"
        value = [v.strip(" '\"") for v in re.split(r"[,\s]+", value.strip().strip("[]"))]
    if not isinstance(value, list):
        record.dropped("types", "is neither a list nor text; left out")
        return []
    out = []
    for code in value:
        code = clean(code)
        if code is None:
            continue
        if code in LEGACY:
            record.dropped("types", LEGACY[code])
            continue
        if code not in MEETING_TYPES and code in ALIASES:
            record.changed("types", f"{code!r} read as {ALIASES[code]!r}")
            code = ALIASES[code]
        elif code not in MEETING_TYPES and code.casefold() in _BY_NAME:
            record.changed("types", f"{code!r} read as {_BY_NAME[code.casefold()]!r} (its name)")
            code = _BY_NAME[code.casefold()]
        out.append(code)
    return list(dict.fromkeys(out))


def _yes(value) -> bool:
    """The spec's flags ('approximate: yes') as real feeds write them."""
    return str(clean(value) or "").lower() in ("yes", "true", "1", "y")


def _address(m: dict, record: Record, located: bool, country: str) -> dict | None:
    """A place to go, from formatted_address or the separate fields; None when there is none
    (each reason is noted). Placeholders ('Online', 'Zoom') are not places."""
    formatted = clean(m.get("formatted_address"))
    street = clean(m.get("address"))
    if street and street.count(",") >= 2:  # some feeds put the whole address in "address"
        formatted, street = formatted or street, None
    parts = parse_address(formatted) if formatted else None
    if parts is None and street and PLACEHOLDER.match(street):
        record.dropped("address", f"{street!r} is not a street address; left out")
        return None
    if parts is None and not street:
        if formatted:
            record.dropped("address", f"{formatted!r} is not a street address (no street, or no "
                           "city with a state, postal code or country); left out")
        return None
    if parts is None:
        parts = {"street": street, "city": m.get("city"), "state": m.get("state"),
                 "postal": m.get("postal_code"), "country": m.get("country")}
    return make_address(record, parts["street"], parts["city"], parts["state"],
                        parts["postal"] or clean(m.get("postal_code")),
                        parts["country"] or clean(m.get("country")), located=located,
                        default_country=country)


def _attendance(m: dict, option: str, types: list[str], address: dict | None, online: bool,
                data: dict, record: Record) -> dict | None:
    """The address the meeting is attended at, following the spec: an approximate address
    (approximate: yes, or an online-only attendance_option) marks a city for maps, never a
    place to go; TC (location temporarily closed) leaves an online meeting online only."""
    if address and _yes(m.get("approximate")):
        record.dropped("address", "approximate (approximate: yes), so not a place to go; left out")
        address = None
    if address and option == "online":
        record.dropped("address", "the meeting is online only (attendance_option: online); its "
                       "address is not a place to go; left out")
        address = None
    if "TC" in types:
        if online:
            types.remove("TC")
            if address:
                record.dropped("address", "location temporarily closed (TC) and the meeting is "
                               "online: listed as online only")
            address = None
        else:
            data["status"] = "temporarily-closed"
    if option == "hybrid" and not (address and online):
        record.note("attendance_option", "hybrid, but the feed gives " +
                    ("no usable address" if not address else "no way to join online") +
                    f"; listed as {'online' if online else 'in person'}")
    return address


def _regions(m: dict) -> list[str]:
    names = []
    for key in ("sub_region", "region"):
        value = clean(m.get(key))
        if value:
            names.append(value)
    regions = m.get("regions")
    if isinstance(regions, list):
        names += [r for r in (clean(x) for x in reversed(regions)) if r]
    return names


def _join_parts(records: list[Record]) -> None:
    """Our own feed writes a meeting with several start times as 'id', 'id--2', 'id--3'...;
    those parts go back into the one entry they came from."""
    bases: dict[str, Record] = {}
    for record in records:
        if record.data is None:
            continue
        rid = record.data["id"]
        if not record.part:
            bases.setdefault(rid, record)
    for record in records:
        if record.data is None or not record.part:
            continue
        rid = record.data["id"]
        base = bases.get(rid)
        if base is None:
            bases[rid] = record
            continue
        base.data.setdefault("schedule", []).extend(record.data.get("schedule", []))
        record.data, record.joined = None, rid
