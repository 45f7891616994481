"""BMLT (Basic Meeting List Toolbox) semantic-interface answers -> catalog meetings.

Narcotics Anonymous service bodies publish their meetings through a BMLT root server's
read-only semantic interface. This reads a saved GetSearchResults answer (JSON or JSONP; a list
of meetings, or ``{"meetings", "formats"}`` when asked with ``get_used_formats``), the server's
GetFormats (from that wrapper or a file of its own) and, optionally, GetServiceBodies.

Every value in these answers is text ("1", "52.52", "" for none); weekdays count from
1 = Sunday; ``duration_time`` is the only way to an end time; the keys of a meeting depend on
the server. Each rule below is one the field reference or real servers call for.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

from .. import text
from . import bmlt_formats as formats_
from .bmlt_meeting import Files, Import, split
from .countries import country as country_code
from .meeting_guide import read_text
from .records import Context, Source, SourceError, clean, json_records

KIND = "BMLT meeting list"
HANDLED = {
    "id_bigint", "root_server_uri", "meeting_name", "weekday_tinyint", "start_time",
    "duration_time", "time_zone", "venue_type", "formats", "format_shared_id_list", "lang_enum",
    "latitude", "longitude", "published", "service_body_bigint", "service_body_name",
    "location_text", "location_info", "location_street", "location_municipality",
    "location_province", "location_postal_code_1", "location_nation", "location_sub_province",
    "comments", "virtual_meeting_link", "virtual_meeting_additional_info", "phone_meeting_number",
    "public_transport", "train_lines", "bus_lines", "format_comments",
    # values of the search, not facts about the meeting
    "distance_in_km", "distance_in_miles", "root_server_id",
}
CLEARS = frozenset({"schedule", "address", "online_only", "latitude", "longitude", "conference_url",
                    "conference_url_notes", "conference_phone", "conference_phone_notes", "types",
                    "formats", "languages", "timezone", "status", "location", "location_notes",
                    "description"})


# ---------------------------------------------------------------- reading files

def parse(path: str) -> tuple[object, str]:
    """A JSON or JSONP answer -> (the value, its text with any JSONP callback blanked out, so
    that lines and columns stay those of the file)."""
    raw = read_text(path)
    match = re.match(r"^\s*[A-Za-z_$][\w$.]*\s*\(", raw)
    if match:
        end = raw.rstrip().rstrip(";").rstrip()
        if not end.endswith(")"):
            raise SourceError(os.path.basename(path), "starts like JSONP (callback(...)) but does "
                              "not end with ')'; save the whole answer of the server again")
        body_end = len(end) - 1
        raw = _blank(raw[:match.end()]) + raw[match.end():body_end] + _blank(raw[body_end:])
    try:
        return json.loads(raw), raw
    except json.JSONDecodeError as exc:
        raise SourceError(f"{os.path.basename(path)}:{exc.lineno}:{exc.colno}",
                          f"not valid JSON or JSONP ({exc.msg}); save the server's answer itself "
                          "(the address with ?switcher=...), not a web page") \
            from None


def _blank(part: str) -> str:
    """Spaces for everything but line breaks, so that positions after it do not move."""
    return re.sub(r"[^\n]", " ", part)


def array_items(raw: str, start: int) -> list[tuple[object, str]]:
    """The items of the JSON array starting at ``raw[start]`` ('[') with the 'line:column'
    each starts at (minified answers are one long line, so the column matters)."""
    decoder, index, items = json.JSONDecoder(), start + 1, []
    # Lines are counted on from the previous item, so a big answer is scanned once, not per item.
    line, newline, counted = raw.count("\n", 0, index) + 1, raw.rfind("\n", 0, index), index
    while True:
        while raw[index] in " \t\r\n,":
            index += 1
        if raw[index] == "]":
            return items
        line += raw.count("\n", counted, index)
        newline = max(newline, raw.rfind("\n", counted, index))
        counted = index
        item, index = decoder.raw_decode(raw, index)
        items.append((item, f"{line}:{counted - newline}"))  # 1-based column


def _list_start(raw: str, key: str | None) -> int:
    if key is None:
        return raw.index("[")
    match = re.search(r'(?<!\\)"' + key + r'"\s*:\s*\[', raw)
    return match.end() - 1 if match else -1


def meeting_items(path: str) -> tuple[list[tuple[object, str]], list[dict] | None]:
    """The meetings of a GetSearchResults answer with their positions, and the formats that
    came with them (None when the answer has none)."""
    display = os.path.basename(path)
    data, raw = parse(path)
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        start = _list_start(raw, "meetings")
        items = array_items(raw, start) if start >= 0 else [(m, "1:1") for m in data["meetings"]]
        listed = data.get("formats")
        return items, listed if isinstance(listed, list) else None
    if isinstance(data, list) and not data:
        return [], None
    if isinstance(data, list) and any(isinstance(m, dict) and ("id_bigint" in m or "meeting_name" in m)
                                      for m in data):
        return array_items(raw, _list_start(raw, None)), None
    what = _what(data)
    raise SourceError(display, f"this is {what}, not a meeting list; save "
                      "<server>/client_interface/json/?switcher=GetSearchResults and import that "
                      "(the formats go with --formats, the service bodies with --service-bodies)")


def _what(data: object) -> str:
    if isinstance(data, dict) and "formats" in data:
        return "a GetFormats answer (get_formats_only)"
    items = data if isinstance(data, list) else []
    if items and all(isinstance(i, dict) and "key_string" in i for i in items):
        return "a GetFormats answer"
    if items and all(isinstance(i, dict) and "parent_id" in i for i in items):
        return "a GetServiceBodies answer"
    return f"a JSON {type(data).__name__} of another shape"


def read_formats(path: str) -> list[dict]:
    data, _raw = parse(path)
    if isinstance(data, dict) and isinstance(data.get("formats"), list):
        data = data["formats"]
    if not isinstance(data, list) or not any(isinstance(i, dict) and "key_string" in i for i in data):
        raise SourceError(os.path.basename(path), f"this is {_what(data)}, not a format list; save "
                          "<server>/client_interface/json/?switcher=GetFormats and pass that with "
                          "--formats")
    return data


def read_service_bodies(path: str) -> dict[tuple[str, str], list[str]]:
    """(server, service body id) -> its name and the names of the bodies above it (area,
    region, ...); the server is '' unless the answer names one (aggregators)."""
    data, _raw = parse(path)
    if not isinstance(data, list) or not all(isinstance(i, dict) and "id" in i for i in data):
        raise SourceError(os.path.basename(path), f"this is {_what(data)}, not a service body "
                          "list; save <server>/client_interface/json/?switcher=GetServiceBodies")
    bodies = {(_uri(b) or "", str(b["id"])): b for b in data}
    chains: dict[tuple[str, str], list[str]] = {}
    for key in bodies:
        names, seen, current = [], set(), key
        while current in bodies and current not in seen:  # parents may be null, "0" or missing
            seen.add(current)
            name = clean(bodies[current].get("name"))
            if name:
                names.append(name)
            current = (key[0], str(bodies[current].get("parent_id") or "0"))
        chains[key] = names
    return chains


# ---------------------------------------------------------------- one import

def read(path: str, ctx: Context, files: Files) -> Source:
    display = os.path.basename(path)
    if files.timezone and not text.is_timezone(files.timezone):
        raise SourceError("--timezone", f"{files.timezone!r} is not an IANA time zone; write one "
                          "like Europe/Berlin or America/New_York")
    for key, week in files.week_formats.items():
        if week not in ("1", "2", "3", "4", "5", "last"):
            raise SourceError("--week-format", f"{key}={week}: the week is 1, 2, 3, 4, 5 or last "
                              "(for example --week-format Wo1=1)")
    items, listed = meeting_items(path)
    if files.formats:
        listed = read_formats(files.formats)
    meetings = [m for m, _ in items if isinstance(m, dict)]
    table = formats_.Formats([f for f in map(formats_.read_format, listed or []) if f])
    used = Counter(k for m in meetings for k in split(m.get("formats")))
    if used and not table.all and not files.without_formats:
        keys = ", ".join(k for k, _ in used.most_common(6)) + (" ..." if len(used) > 6 else "")
        raise SourceError(display, f"the meetings use formats ({keys}) but no format list came "
                          "with them; save <server>/client_interface/json/?switcher=GetFormats "
                          "from the same server and pass it with --formats FILE (or pass "
                          "--without-formats to import the meetings without their formats)")
    server = _server(display, meetings, files, table)
    chains = read_service_bodies(files.service_bodies) if files.service_bodies else {}
    job = Import(ctx, files, table, server, chains, _named_country(meetings))
    records = json_records(items, display, HANDLED, job.ignored, job.meeting)
    source = Source(display, KIND, records, job.ignored, CLEARS)
    source.remarks = job.remarks(used, files)
    return source


def _server(display: str, meetings: list[dict], files: Files, table: formats_.Formats) -> str:
    """The root server of meetings that do not name their own: the one the meetings name, else
    the one given, else the formats'. An aggregator's answer names several; each meeting is
    then read with its own server's formats. Formats of another server are accepted only when
    every key and id the meetings use agrees with them (servers that hold copies of one data set)."""
    named = {_uri(m) for m in meetings} - {None}
    if len(named) > 1:
        unplaced = sorted(named - table.servers) if table.all else []
        if unplaced:
            raise SourceError(display, f"the meetings come from {len(named)} servers, but no "
                              f"format names {' or '.join(unplaced)} as its server; save the "
                              "meetings with get_used_formats=1, so that each format comes with "
                              "its server")
        if any(_uri(m) is None for m in meetings):
            raise SourceError(display, "some meetings of this list of several servers do not say "
                              "which server they come from (root_server_uri); save the answer "
                              "with all fields")
        return sorted(named)[0]
    server = next(iter(named), None) or (files.server or "").rstrip("/") or None
    if server is None and len(table.servers) == 1:
        server = next(iter(table.servers))
    if server is None:
        raise SourceError(display, "the meetings do not say which server they come from "
                          "(root_server_uri), so they could not be told apart from another "
                          "server's on the next import; pass --server with the server's address "
                          "(https://example.org/main_server)")
    if table.servers and server not in table.servers:
        for m in meetings:
            keys, ids = split(m.get("formats")), split(m.get("format_shared_id_list"))
            if ids and not table.agrees(keys, ids):
                raise SourceError(display, f"the formats come from another server "
                                  f"({', '.join(sorted(table.servers))}) and do not match: "
                                  f"meeting {clean(m.get('id_bigint'))} uses {', '.join(keys)} "
                                  f"with ids {', '.join(ids)}; save GetFormats from {server}")
        table.only_server = True  # the copy's formats stand for the meetings' server
    return server


def _uri(m: dict) -> str | None:
    uri = clean(m.get("root_server_uri"))
    return uri.rstrip("/") if uri else None


def _named_country(meetings: list[dict]) -> str | None:
    """The one country the meetings that name a country all name, if there is one."""
    codes = {country_code(n)[0] for n in {clean(m.get("location_nation")) for m in meetings} if n}
    codes.discard(None)
    return next(iter(codes)) if len(codes) == 1 else None
