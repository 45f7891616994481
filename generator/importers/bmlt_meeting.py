"""One BMLT meeting -> one catalog meeting (or the reason it cannot be one), and the statements
the import report makes about the whole list (program, time zone, countries, formats)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import text
from ..vocab import DAYS, PROGRAMS
from . import bmlt_formats as formats_
from .countries import country as country_code
from .meeting_guide import _escape_markdown
from .addresses import make_address, state_code
from .records import Context, Record, clean, coordinates, dates, shorten, stable_id
from .regions import Place, place_record

DAY_NAMES = list(DAYS)  # BMLT weekday_tinyint 1 = Sunday ... 7 = Saturday
VENUES = {"1": "in person", "2": "online", "3": "hybrid"}
# The BMLT installer's default map centre: servers leave it on meetings nobody placed.
PLACEHOLDER = (34.235918, -118.563659)
PROMPT = "#@-@#"  # BMLT stores a custom field's prompt with its value: "ÖPNV#@-@#U7 ..."
_HMS = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")


@dataclass
class Files:
    """What the coordinator gave besides the meetings."""

    formats: str | None = None  # a GetFormats answer
    service_bodies: str | None = None  # a GetServiceBodies answer
    timezone: str | None = None  # the zone of meetings whose time_zone is empty
    server: str | None = None  # root_server_uri when the answer does not carry it
    without_formats: bool = False  # import although no formats were given
    program_given: bool = False
    region_zones: dict[str, str] = field(default_factory=dict)  # catalog region id -> its zone
    # --week-format: a server's own format that means "only in this week of the month" -> the
    # week (1-5 or last); no NAWS code says so, so only the coordinator can
    week_formats: dict[str, str] = field(default_factory=dict)
    country: str = "US"  # the catalog's country, for addresses that name none


def split(value) -> list[str]:
    return [p.strip() for p in (clean(value) or "").split(",") if p.strip()]


def minutes(value) -> int | None:
    """'19:30:00' -> 1170; None for anything else."""
    match = _HMS.match(clean(value) or "")
    if not match or int(match[2]) > 59 or int(match[3] or 0) > 59:
        return None
    return int(match[1]) * 60 + int(match[2])


def hhmm(total: int) -> str:
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


class Import:
    """The state of one import: what every meeting needs, and what the report counts."""

    def __init__(self, ctx: Context, files: Files, table: formats_.Formats, server: str,
                 chains: dict[tuple[str, str], list[str]], named_country: str | None):
        self.ctx, self.files, self.table, self.server = ctx, files, table, server
        self.chains, self.named_country = chains, named_country
        self.servers: Counter = Counter()  # meetings imported per server
        self.ignored: Counter = Counter()
        self.zones: Counter = Counter()  # where each imported meeting's zone came from
        self.countries: Counter = Counter()  # addresses whose country had to be supplied
        self.types: Counter = Counter()
        self.own: Counter = Counter()
        self.weeks: Counter = Counter()

    # ------------------------------------------------------------ a meeting

    def meeting(self, m: dict, position: str) -> Record:
        record = Record(position)
        ident, name = clean(m.get("id_bigint")), clean(m.get("meeting_name"))
        if ident is None:
            return record.skip("no id_bigint (the server's id of the meeting), so it could not be "
                               "updated on the next import")
        label = f"meeting {ident}" + (f" ({name})" if name else "")
        if name is None:
            return record.skip(f"{label}: no meeting_name", "no meeting_name")
        if clean(m.get("published")) == "0":
            return record.skip(f"{label}: not published on its server",
                               "not published on its server")
        session = self._session(m, record)
        if isinstance(session, str):
            return record.skip(f"{label}: {session}", re.sub(r"'[^']*'", "…", session))
        server = (clean(m.get("root_server_uri")) or self.server).rstrip("/")
        body = clean(m.get("service_body_bigint")) or ""
        chain = self.chains.get((server, body)) or self.chains.get(("", body)) or []
        if not chain and clean(m.get("service_body_name")):
            chain = [clean(m.get("service_body_name"))]
        parts = urlsplit(server)
        data: dict = {"id": stable_id(f"{parts.netloc}{parts.path}-{ident}"),
                      "name": shorten(name, 300, record, "meeting_name"),
                      "category": "meeting", "program": self.ctx.program}
        meaning = self._formats(m, record, server)
        problem = self._place(m, data, record, meaning["attendance"])
        if problem:
            return record.skip(f"{label}: {problem}", problem)
        if not place_record(record, data, self.ctx.matcher, self._where(m, data, chain)):
            return record
        if meaning["weeks"]:
            order = ["1", "2", "3", "4", "5", "last"]
            session["weeks"] = [int(w) if w.isdigit() else w
                                for w in sorted(set(meaning["weeks"]), key=order.index)]
        data["schedule"] = [session]
        for key in ("types", "formats", "languages"):
            if meaning[key]:
                data[key] = meaning[key]
        self._zone(m, data, record)
        self._texts(m, data, record)
        dates(data, None, self.ctx, record)  # BMLT answers carry no date of their own
        data["source"] = (self.ctx.source_label or f"BMLT {server}") + (f", {chain[0]}" if chain else "")
        self.servers[server] += 1
        for counter, key in meaning["tally"]:
            counter[key] += 1
        record.data = data
        return record

    def _session(self, m: dict, record: Record) -> dict | str:
        day = clean(m.get("weekday_tinyint"))
        if day is None:
            return "no weekday_tinyint (day of the week)"
        if day not in ("1", "2", "3", "4", "5", "6", "7"):
            return f"weekday_tinyint {day!r} is not 1 (Sunday) to 7 (Saturday)"
        start = minutes(m.get("start_time"))
        if start is None or start >= 24 * 60:
            raw = clean(m.get("start_time"))
            return f"start_time {raw!r} is not a time of day" if raw else "no start_time"
        session = {"day": DAY_NAMES[int(day) - 1], "time": hhmm(start)}
        raw = clean(m.get("duration_time"))
        length = minutes(raw)
        if raw is None:
            return session
        if length is None or not 0 < length < 24 * 60:
            record.dropped("duration_time", f"{raw!r} is not a length between 0 and 24 hours; the "
                           "meeting is listed without an end time")
            return session
        session["end_time"] = hhmm(start + length)  # past midnight stays past midnight: 00:30
        return session

    def _formats(self, m: dict, record: Record, server: str) -> dict:
        lang = clean(m.get("lang_enum")) or ""
        out: dict = {"types": [], "languages": [], "formats": [], "attendance": set(), "weeks": [],
                     "tally": []}  # (counter, label) for the report, once the meeting is taken
        for key in split(m.get("formats")):
            if key in self.files.week_formats:
                out["weeks"].append(self.files.week_formats[key])
                out["tally"].append((self.weeks, f"{key} → week {self.files.week_formats[key]}"))
                continue
            fmt = self.table.get(key, lang, server)
            if fmt is None:
                if self.table.all:
                    record.dropped("formats", f"{key!r} is not in the server's format list; left out")
                continue
            meaning = formats_.meaning(fmt)
            if meaning.attendance:
                out["attendance"].add(meaning.attendance)
            if meaning.type and meaning.type not in out["types"]:
                out["types"].append(meaning.type)
                out["tally"].append((self.types, f"{fmt.key} → {meaning.type}"))
            if meaning.language and meaning.language not in out["languages"]:
                out["languages"].append(meaning.language)
            if meaning.own and meaning.own not in out["formats"]:
                out["formats"].append(meaning.own)
                out["tally"].append((self.own, fmt.key))
        return out

    # ------------------------------------------------------------ where and how to attend

    def _attendance(self, m: dict, record: Record, flags: set, street: bool, joinable: bool) -> str:
        venue = clean(m.get("venue_type"))
        if venue in VENUES:
            return VENUES[venue]
        if venue is not None:
            record.note("venue_type", f"{venue!r} is not 1, 2 or 3; attendance read from the "
                        "formats and the address")
        if formats_.HYBRID in flags and street and joinable:
            return "hybrid"
        if formats_.ONLINE in flags or (joinable and not street):
            return "online" if joinable else "in person"
        return "in person"

    def _place(self, m: dict, data: dict, record: Record, flags: set) -> str | None:
        join = self._join(m, record)
        street = clean(m.get("location_street"))
        mode = self._attendance(m, record, flags, bool(street), bool(join))
        if formats_.CLOSED_FOR_NOW in flags:
            if join:
                mode = "online"
                record.changed("formats", "the location is temporarily closed (TC) and the meeting "
                               "can be joined online: listed as online only")
            else:
                data["status"] = "temporarily-closed"
        if mode == "hybrid" and not join:
            record.changed("venue_type", "hybrid, but no virtual_meeting_link or phone_meeting_number: "
                           "listed as in person")
            mode = "in person"
        if mode == "hybrid" and not (street and clean(m.get("location_municipality"))):
            record.changed("venue_type", "hybrid, but no street and town to go to: listed as online "
                           "only")
            mode = "online"
        if mode == "online":
            if not join:
                return "an online meeting with no virtual_meeting_link or phone_meeting_number"
            dropped = [f for f in ("location_street", "location_text") if clean(m.get(f))]
            if dropped:
                record.dropped("location", f"online meeting: {', '.join(dropped)} not shown as a place "
                               "to go")
            point = coordinates(m.get("latitude"), m.get("longitude"), Record(record.position))
            if point:
                what = "are BMLT's default map centre" if point == PLACEHOLDER else \
                    "are not a place to go"
                record.dropped("latitude", f"online meeting: its coordinates {what}; left out")
            data["online_only"] = True
            data.update(join)
            return None
        point = coordinates(m.get("latitude"), m.get("longitude"), record)
        address = self._address(m, record, point not in (None, PLACEHOLDER))
        if isinstance(address, str):
            return address
        data["address"] = address
        if point == PLACEHOLDER:
            record.dropped("latitude", "the coordinates are BMLT's default map centre, not the "
                           "meeting's place; left out")
        elif point:
            data["latitude"], data["longitude"] = point
        venue = clean(m.get("location_text"))
        if venue:
            data["location"] = shorten(venue, 300, record, "location_text")
        if mode == "hybrid":
            data.update(join)
        elif join:
            record.dropped("virtual_meeting_link", "venue_type 1 (in person): the online link or "
                           "phone is left out")
        return None

    @staticmethod
    def _where(m: dict, data: dict, chain: list[str]) -> Place:
        """Where the meeting is, for the catalog's regions: its state (US and Canada), county,
        town and point, and as names the service bodies above it and, elsewhere, its province
        (a German Land is no state the region tree knows by code)."""
        province = clean(m.get("location_province"))
        state = state_code(province) if province else None
        names = chain + ([province] if province and not state else [])
        point = (data["latitude"], data["longitude"]) if "latitude" in data else None
        return Place(state=state, county=clean(m.get("location_sub_province")),
                     city=clean(m.get("location_municipality")), point=point, names=tuple(names))

    def _join(self, m: dict, record: Record) -> dict:
        out: dict = {}
        link = clean(m.get("virtual_meeting_link"))
        if link and not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) and "." in link.split("/")[0]:
            record.changed("virtual_meeting_link", f"{link!r} has no https://; added")
            link = "https://" + link
        if link and text.url_problem(link):
            record.dropped("virtual_meeting_link", f"{link!r}: {text.url_problem(link)}; left out")
            link = None
        if link:
            out["conference_url"] = link
        phone = clean(m.get("phone_meeting_number"))
        if phone:
            out["conference_phone"] = phone
        notes = clean(m.get("virtual_meeting_additional_info"))
        if notes and out:
            key = "conference_url_notes" if link else "conference_phone_notes"
            out[key] = shorten(notes, 300, record, "virtual_meeting_additional_info")
        return out  # a phone keeps its pauses and code ("+4930123456,,123#"): one tap dials them

    def _address(self, m: dict, record: Record, located: bool) -> dict | str:
        street, city = clean(m.get("location_street")), clean(m.get("location_municipality"))
        if not street or not city:
            missing = " and ".join(f for f, v in (("location_street", street),
                                                  ("location_municipality", city)) if not v)
            return f"in person, but no {missing}: nobody could find it"
        code = self._country(clean(m.get("location_nation")), record)
        address = make_address(record, shorten(street, 300, record, "location_street"), city,
                               m.get("location_province"), m.get("location_postal_code_1"), code,
                               located=located, default_country=code)
        return address or "in person, but the address is not complete enough to find it"

    def _country(self, nation: str | None, record: Record) -> str:
        if nation:
            code, read_as = country_code(nation)
            if code and read_as:
                record.changed("location_nation", f"{nation!r} read as {read_as!r} ({code})")
            if code:
                return code
        fallback = self.named_country or self.files.country
        if nation:
            record.changed("location_nation", f"{nation!r} is not a country name; read as {fallback}")
        else:
            self.countries[fallback] += 1
        return fallback

    # ------------------------------------------------------------ time zone and texts

    def _zone(self, m: dict, data: dict, record: Record) -> None:
        zone = clean(m.get("time_zone"))
        if zone and text.is_timezone(zone):
            data["timezone"] = zone
            self.zones["the server"] += 1
            return
        if zone:
            record.note("time_zone", f"{zone!r} is not an IANA time zone")
        if self.files.timezone:
            data["timezone"] = self.files.timezone
            self.zones["--timezone"] += 1
        else:
            self.zones[("region", self.files.region_zones.get(data["regions"][0], ""))] += 1

    def _texts(self, m: dict, data: dict, record: Record) -> None:
        paragraphs = lines_of(m.get("comments")) + lines_of(_prompted(m.get("format_comments")))
        if data.get("online_only"):  # no place to go: what it says is about the meeting
            paragraphs += lines_of(m.get("location_info"))
        else:
            lines = lines_of(m.get("location_info"))
            for key in ("public_transport", "train_lines", "bus_lines"):
                lines += lines_of(_prompted(m.get(key)))
            joined = sentences(lines)
            if joined:
                data["location_notes"] = shorten(joined, 300, record, "location_info")
        description = "\n\n".join(_escape_markdown(p) for p in paragraphs)
        if description:
            data["description"] = shorten(description, 2000, record, "comments")

    # ------------------------------------------------------------ the report

    def remarks(self, used: Counter, files: Files) -> list[str]:
        program = self.ctx.program
        servers = "; ".join(f"{uri} ({n})" for uri, n in sorted(self.servers.items())) \
            if len(self.servers) > 1 else self.server
        out = [f"server {servers}; program {program} ({PROGRAMS.get(program, program)}) for "
               "every meeting" + ("" if files.program_given else
                                  " (BMLT lists Narcotics Anonymous; --program sets another)")]
        zone_from = {"the server": "their own time_zone",
                     "--timezone": f"{files.timezone} (given with --timezone)"}
        for key, n in sorted(self.zones.items(), key=lambda kv: str(kv[0])):
            why = zone_from.get(key) or (f"{key[1]}, their region's zone (the server gives none; "
                                         "--timezone sets another)")
            out.append(f"time zone of {n} meeting(s): {why}")
        for code, n in self.countries.items():
            why = "the only country the others name" if code == self.named_country else \
                "the catalog's country"
            out.append(f"country of {n} address(es) without location_nation: {code}, {why}")
        if not self.table.all and used:
            out.append("formats not imported (no format list given): " +
                       ", ".join(f"{k} ({n})" for k, n in sorted(used.items())))
        if self.types:
            out.append("formats read as meeting types: " +
                       ", ".join(f"{k} ({n})" for k, n in sorted(self.types.items())))
        if self.weeks:
            out.append("formats read as weeks of the month (--week-format): " +
                       ", ".join(f"{k} ({n})" for k, n in sorted(self.weeks.items())))
        if self.own:
            out.append("formats kept as the service body's own: " +
                       ", ".join(f"{k} ({n})" for k, n in sorted(self.own.items())))
        return out


def _prompted(value) -> str | None:
    """'ÖPNV#@-@#U7 Richard-Wagner-Platz' -> 'ÖPNV: U7 Richard-Wagner-Platz'."""
    value = value if isinstance(value, str) else None
    if value and PROMPT in value:
        prompt, _, rest = value.partition(PROMPT)
        value = f"{prompt.strip()}: {rest.strip()}" if prompt.strip() and rest.strip() else \
            (rest.strip() or None)
    return value


_BREAK = re.compile(r"<\s*br\s*/?\s*>|\r?\n", re.I)


def lines_of(value) -> list[str]:
    """A source text cut at its HTML line breaks and newlines, each line cleaned."""
    if not isinstance(value, str):
        return []
    return [line for line in (clean(part) for part in _BREAK.split(value)) if line]


def sentences(lines: list[str]) -> str | None:
    """Lines as one line of text: a line that does not end a sentence is followed by '; '."""
    out = ""
    for line in lines:
        if out:
            out += " " if out[-1] in ".!?:;" else "; "
        out += line
    return out or None
