"""What every importer shares: the record type, the import summary, and clean-up of the values
real data sources contain (HTML in notes, 12-hour times, capitals, addresses on one line)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from .. import text


@dataclass
class Note:
    """Something an importer changed or left out, at the place in the source it came from."""

    position: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.field}: {self.message}" if self.field else \
            f"{self.position}: {self.message}"


@dataclass
class Record:
    """One source record: a catalog entry (plain data in our format), or the reason it was
    skipped. ``position`` is where the record starts in the source (file:line, or a row)."""

    position: str
    data: dict | None = None
    skipped: str | None = None
    notes: list[Note] = field(default_factory=list)
    part: bool = False  # one of several source records that make up one entry
    joined: str | None = None  # the id of the entry this record was folded into

    def note(self, fieldname: str, message: str) -> None:
        self.notes.append(Note(self.position, fieldname, message))

    def skip(self, reason: str) -> "Record":
        self.skipped, self.data = reason, None
        return self


@dataclass
class Source:
    """Everything an importer read from one source."""

    path: str
    kind: str  # the format's name for people ("Meeting Guide feed", ...)
    records: list[Record]
    ignored: Counter = field(default_factory=Counter)  # source fields we do not carry -> count
    # Fields this format is the authority on: re-importing removes them when the source no
    # longer has them. Every other field a coordinator added by hand is kept.
    clears: frozenset[str] = frozenset()
    # What the report states about the whole source (program, time zone, ...), one line each.
    remarks: list[str] = field(default_factory=list)


class SourceError(Exception):
    """The source cannot be read at all (not JSON, wrong shape, missing file)."""

    def __init__(self, position: str, message: str):
        super().__init__(f"{position}: {message}")
        self.position, self.message = position, message


# ---------------------------------------------------------------- values

_TAG = re.compile(r"<[^>]{0,500}>")
_BREAK = re.compile(r"<\s*(br|/p|p|/div|li)\b[^>]*>", re.I)


def clean(value, multiline: bool = False) -> str | None:
    """Text from a source: tags removed, entities decoded, whitespace tidied; blank -> None."""
    if value is None or isinstance(value, (list, dict)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    value = str(value)
    if "<" in value:
        value = _BREAK.sub("\n", value)
        value = _TAG.sub("", value)
    if "&" in value:
        value = html.unescape(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # Control, bidirectional and invisible characters all fail isprintable(), so they go here;
    # a national import cleans half a million values, and most are printable as they are.
    if not value.isprintable():
        value = "".join(c for c in value if c == "\n" or c == "\t" or c.isprintable())
    if multiline:
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value)]
        value = "\n\n".join(p for p in paragraphs if p)
    else:
        value = " ".join(value.split())
    return value or None


def shorten(value: str | None, limit: int, record: Record, fieldname: str) -> str | None:
    if value is not None and len(value) > limit:
        record.note(fieldname, f"was {len(value)} characters; cut to {limit}")
        return value[: limit - 1].rstrip() + "…"
    return value


_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([AaPp])?\.?\s*[Mm]?\.?\s*$")


def parse_time(value) -> str | None:
    """'8:00 PM', '20:00', '7:30', '10:00:00', 'noon' -> 'HH:MM' (24-hour), or None."""
    value = clean(value)
    if value is None:
        return None
    lowered = value.lower()
    if lowered in ("noon", "midday"):
        return "12:00"
    if lowered == "midnight":
        return "00:00"
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half and not 1 <= hour <= 12:
        return None
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_date(value) -> dt.date | None:
    """'2020-10-27 16:17:24', '2023-03-15T10:30:45Z', '8/25/2022 11:17:07 AM' -> a date."""
    value = clean(value)
    if value is None:
        return None
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if not match:
            return None
        month, day, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_float(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def coordinates(lat, lon, record: Record) -> tuple[float, float] | None:
    """Latitude and longitude from a source, or None; impossible values are reported."""
    if clean(lat) is None and clean(lon) is None:
        return None
    la, lo = parse_float(lat), parse_float(lon)
    if la is None or lo is None or not -90 <= la <= 90 or not -180 <= lo <= 180:
        record.note("latitude", f"({lat}, {lon}) are not coordinates on Earth; left out "
                    "(placeholder values such as latitude 100 are common in sample data)")
        return None
    if la == 0 and lo == 0:
        record.note("latitude", "(0, 0) is a placeholder, not a place; left out")
        return None
    return round(la, 6), round(lo, 6)


_SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def title_case(value: str | None) -> str | None:
    """'SHELBY COUNTY TREATMENT CENTER' -> 'Shelby County Treatment Center'; text that already
    has lower-case letters is left alone. Words without vowels (MHMR, LLC) stay capitals."""
    if not value or any(c.islower() for c in value):
        return value
    words = []
    for index, word in enumerate(value.split(" ")):
        core = re.sub(r"[^A-Za-z]", "", word)
        if not core or not re.search(r"[AEIOUY]", core) or re.fullmatch(r"[IVX]+", core) and len(core) > 1:
            words.append(word)
        elif index and word.lower() in _SMALL:
            words.append(word.lower())
        else:
            words.append(re.sub(r"[A-Za-z][A-Za-z']*", lambda m: m[0][0] + m[0][1:].lower(), word))
    return " ".join(words)


# ---------------------------------------------------------------- places

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "FM": "Micronesia", "MH": "Marshall Islands", "PW": "Palau",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}
COUNTRIES = {"usa": "US", "us": "US", "united states": "US", "united states of america": "US",
             "canada": "CA", "ca": "CA", "mexico": "MX", "méxico": "MX", "uk": "GB",
             "united kingdom": "GB"}
_BY_NAME = {name.lower(): code for table in (US_STATES, CA_PROVINCES) for code, name in table.items()}
_US_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_CA_POSTAL = re.compile(r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$")


def state_code(value: str | None) -> str | None:
    """'PA', 'Pennsylvania', 'alberta' -> the two-letter code, or None."""
    if not value:
        return None
    value = value.strip().rstrip(".")
    if value.upper() in US_STATES or value.upper() in CA_PROVINCES:
        return value.upper()
    return _BY_NAME.get(value.lower())


def country_code(value: str | None, state: str | None = None, postal: str | None = None) -> str:
    if value:
        found = COUNTRIES.get(value.strip().lower())
        if found:
            return found
        if re.fullmatch(r"[A-Za-z]{2}", value.strip()):
            return value.strip().upper()
    if state in CA_PROVINCES or (postal and _CA_POSTAL.match(postal)):
        return "CA"
    return "US"


def parse_address(formatted: str | None) -> dict | None:
    """'1937 West MacDade Boulevard, Woodlyn, PA 19094, USA' or
    '8318 104 St, Edmonton, Alberta, T6E 4E8, Canada' -> our address fields, or None when the
    text has no street and postal code (a city alone is not an address)."""
    formatted = clean(formatted)
    if not formatted:
        return None
    parts = [p.strip() for p in formatted.split(",") if p.strip()]
    country = None
    if parts and (parts[-1].lower() in COUNTRIES):
        country = COUNTRIES[parts.pop().lower()]
    if len(parts) < 3:
        return None
    postal = state = None
    last = parts.pop()
    match = re.match(r"^(.*?)\s*(\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$", last)
    if match and match[1]:
        state, postal = match[1], match[2]
    elif match:  # "..., Alberta, T6E 4E8"
        postal = match[2]
        state = parts.pop() if len(parts) >= 3 else None
    else:
        return None
    if not state or len(parts) < 2:
        return None
    city = parts.pop()
    street = ", ".join(parts)
    code = state_code(state)
    return {"address_1": street, "city": city, "state_province": code or state,
            "postal_code": postal.upper(), "country": country or country_code(None, code, postal)}


def split_phone(value) -> tuple[str | None, str | None]:
    """'256-734-4688 x3971' -> ('256-734-4688', '3971'); vanity letters are kept as written."""
    value = clean(value)
    if value is None:
        return None, None
    value = value.strip().strip('"').strip("'").strip()
    match = re.match(r"^(.*?)\s*(?:x|ext\.?|extension|#)\s*(\d{1,8})\s*$", value, re.I)
    if match and match[1]:
        return match[1].strip(" ,;"), match[2]
    return value or None, None


# ---------------------------------------------------------------- regions

class RegionMatcher:
    """Places records in ``root`` or the most specific region under it whose name or id matches
    one of the record's own place names (state, county, city, a feed's regions)."""

    def __init__(self, root: str, regions: dict[str, dict]):
        self.root = root
        self.lookup: dict[str, str] = {}
        children: dict[str, list[str]] = {}
        for rid, region in regions.items():
            children.setdefault(region.get("parent") or "", []).append(rid)
        stack = list(children.get(root, []))
        while stack:
            rid = stack.pop()
            stack.extend(children.get(rid, []))
            for key in self._keys(rid, str(regions[rid].get("name") or "")):
                self.lookup.setdefault(key, rid)

    @staticmethod
    def _keys(rid: str, name: str) -> list[str]:
        base = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
        keys = {rid, name.lower(), base.lower(), re.sub(r"\s+(county|parish|borough)$", "",
                                                         base.lower())}
        code = state_code(base)
        if code:
            keys.add(code.lower())
        return [k for k in keys if k]

    def match(self, names: list[str | None]) -> str:
        """``names`` from the most specific to the most general."""
        for name in names:
            if not name:
                continue
            key = name.strip().lower()
            for candidate in (key, re.sub(r"\s+(county|parish|borough)$", "", key), text.slugify(key)):
                if candidate in self.lookup:
                    return self.lookup[candidate]
        return self.root


def stable_id(value: str, fallback_prefix: str = "") -> str:
    """A catalog id from a source's own key: a slug of at most 80 characters, with a short hash
    when it had to be shortened so that two long keys never collide."""
    import hashlib

    slug = text.slugify(str(value))
    if not slug or slug.isdigit():
        slug = f"{fallback_prefix}-{slug}" if fallback_prefix and slug else (fallback_prefix or "item")
    if len(slug) > 80:
        digest = hashlib.sha1(str(value).encode("utf-8")).hexdigest()[:8]
        slug = slug[:71].rstrip("-") + "-" + digest
    return slug


@dataclass
class Context:
    """What every importer needs to know about the import it is doing."""

    region: str
    matcher: "RegionMatcher"
    today: dt.date
    source_label: str
    program: str = ""
    category: str = "other"  # for formats that do not say (HSDS)
