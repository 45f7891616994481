"""What every importer shares: the record type, the import summary, and clean-up of the values
real data sources contain (HTML in notes, 12-hour times, capitals, addresses on one line)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import text


class Matcher(Protocol):
    """What importers ask of regions.RegionMatcher; named here, since regions.py imports this
    module (an import back, even for types only, would close a circle)."""

    def place(self, where: Any) -> tuple[str | None, str]: ...

    def match(self, names: list[str | None]) -> str: ...

    @property
    def regions(self) -> dict[str, dict]: ...  # every region of the catalog, by id


# Quoted values and numbers in a message: blanked to find messages of one kind (an apostrophe
# inside a word, as in "feed's", is not a quote).
QUOTED = re.compile(r"(?<!\w)'[^']*'(?!\w)|\"[^\"]*\"|\d+")


@dataclass
class Note:
    """Something an importer changed or left out, at the place in the source it came from.
    ``kind`` sorts it in the import report: 'dropped' (a source value not kept), 'changed' (a
    value kept in another form) or 'note' (anything else worth knowing)."""

    position: str
    field: str
    message: str
    kind: str = "note"

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
    reason: str | None = None  # the kind of skip, for grouping in the report

    def note(self, fieldname: str, message: str, kind: str = "note") -> None:
        self.notes.append(Note(self.position, fieldname, message, kind))

    def dropped(self, fieldname: str, message: str) -> None:
        """A source value that is not carried into the catalog, and why."""
        self.note(fieldname, message, "dropped")

    def changed(self, fieldname: str, message: str) -> None:
        """A source value carried in another form ('8:00 PM' read as 20:00)."""
        self.note(fieldname, message, "changed")

    def skip(self, detail: str, reason: str | None = None) -> "Record":
        """Leave the record out: ``detail`` names this record's problem, ``reason`` the kind of
        problem shared by others (the report groups and counts by it; default: the detail with
        quoted values and numbers blanked)."""
        self.skipped, self.data = detail, None
        self.reason = reason or re.sub(QUOTED, "…", detail)
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
        record.changed(fieldname, f"was {len(value)} characters; cut to {limit}")
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
        record.dropped("latitude", f"({lat}, {lon}) are not coordinates on Earth; left out "
                    "(placeholder values such as latitude 100 are common in sample data)")
        return None
    if la == 0 and lo == 0:
        record.dropped("latitude", "(0, 0) is a placeholder, not a place; left out")
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
    matcher: Matcher  # a regions.RegionMatcher
    today: dt.date  # the day of the import (imported: in new entries)
    source_label: str
    program: str | None = None  # --program: the fellowship of every meeting; None: from the source
    category: str | None = None  # --category: for records whose source does not say
    verified: dt.date | None = None  # --verified: a person checked the whole source that day
    country: str = "US"  # the site's country: addresses that name none are there



# ---------------------------------------------------------------- dates: never invented

def dates(data: dict, source_date: dt.date | None, ctx: Context, record: Record,
          checked: dt.date | None = None) -> None:
    """The catalog's dates for an imported record. last_verified only when a person vouched
    for it: the source says someone checked it (``checked``, HSDS assured_date) or the
    coordinator did (--verified); otherwise ``imported`` (the day of the import) marks it as
    not verified by a person. The date the source gives for the record is kept as
    source_updated. An undated record stays undated: it counts as stale until someone checks."""
    checked = checked or ctx.verified
    source_date = _not_after(source_date, ctx.today, record, "source_updated")
    if checked is not None:
        data["last_verified"] = _not_after(checked, ctx.today, record, "last_verified")
    else:
        data["imported"] = ctx.today
    if source_date is not None:
        data["source_updated"] = source_date


def _not_after(day: dt.date | None, today: dt.date, record: Record, fieldname: str) -> dt.date | None:
    if day is not None and day > today:
        record.changed(fieldname, f"{day} is after the day of the import; read as {today}")
        return today
    return day


# ---------------------------------------------------------------- programs: never defaulted

# Fellowship names as they appear in meeting names and feed fields, most specific first
# ("Al-Anon" before "Anonymous"), with the catalog's program id.
_PROGRAM_NAMES = (
    (r"\bal[- ]?anon\b|\balateen\b", "al-anon"),
    (r"\bnar[- ]?anon\b", "nar-anon"),
    (r"\bcrystal meth anonymous\b|\bcma\b", "cma"),
    (r"\bcocaine anonymous\b", "ca"),
    (r"\bnarcotics anonymous\b", "na"),
    (r"\bsmart recovery\b", "smart"),
    (r"\brecovery dharma\b", "recovery-dharma"),
    (r"\bcelebrate recovery\b", "celebrate-recovery"),
    (r"\balcoholics anonymous\b", "aa"),
)


def program_named(*texts: str | None) -> str | None:
    """The program a meeting's own words name ('Westside Al-Anon Family Group' -> al-anon),
    or None when they name none."""
    for value in texts:
        if not value:
            continue
        lowered = value.lower()
        for pattern, program in _PROGRAM_NAMES:
            if re.search(pattern, lowered):
                return program
    return None


def require_programs(records: list[Record], kind: str, path: str) -> None:
    """Stop the import when meetings are left whose program neither the source nor --program
    gave: guessing one (AA, say) would file another fellowship's meetings under it."""
    unknown = [r for r in records if r.data is not None and r.data.get("category") == "meeting"
               and not r.data.get("program")]
    if not unknown:
        return
    from ..vocab import PROGRAMS

    where = ", ".join(r.position for r in unknown[:3]) + (" ..." if len(unknown) > 3 else "")
    raise SourceError(path, f"the {kind} does not say which fellowship {len(unknown)} of its "
                      f"meetings belong to (first at {where}); pass --program with one of: "
                      f"{', '.join(PROGRAMS)}")


def json_records(items, display: str, handled, ignored: Counter, make) -> list[Record]:
    """One record per item of a JSON list of meetings (``items``: (item, position) pairs):
    ``make(item, 'file:position')`` for each object, a skip for anything else; the source's
    fields with no place in the catalog (not in ``handled``) are counted in ``ignored``."""
    records = []
    for number, (item, position) in enumerate(items, start=1):
        where = f"{display}:{position}"
        if not isinstance(item, dict):
            records.append(Record(where).skip(f"meeting {number} is not a JSON object"))
            continue
        for key, value in item.items():
            if key not in handled and clean(value) is not None:
                ignored[key] += 1
        records.append(make(item, where))
    return records
