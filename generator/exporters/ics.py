"""Meetings as iCalendar (RFC 5545) files. Time zones come from the ``icalendar`` library;
events are written by ical_text.py exactly as the library would write them (tests check this).

One VEVENT per session: the first occurrence on or after the build date (or valid_from) in the
meeting's own zone (with its VTIMEZONE), a weekly rule, or a monthly rule for nth-weekday
meetings, ending at valid_to. Output depends only on the catalog and the build date, so builds
stay byte-identical.

    meeting_calendar(entry, today=...) -> bytes | None   # None: nothing to put in a calendar
    calendar_home(entry, nodes) -> RegionNode | None     # the region calendar that holds it
    region_calendar(node, today=...) -> bytes | None
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable, Iterable, Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from .. import markup, schedule, vocab
from ..enrich import Entry, RegionNode
from ..meeting_types import MEETING_TYPES
from . import ical_text

PRODID = "-//Recovery Navigator//Meetings//EN"
BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
ZONE_YEARS = 3  # VTIMEZONE rules written out this far ahead; clients know the zone by its TZID


class Wording:
    """The language of a calendar's text: the catalogue's messages and the listings' own
    translations in it. The default is the messages and listings as written."""

    def __init__(self, gettext: Callable[[str], str] | None = None, language: str = "",
                 href: Callable[[Entry], str] | None = None) -> None:
        self.gettext: Callable[[str], str] = gettext or (lambda text: text)
        self.language = language
        # A listing's page from the calendar's base address (the language's root): an event
        # links to the page in its language (i18n.Translator.listing_href).
        self.href: Callable[[Entry], str] = href or (lambda entry: entry.url)

    def own(self, entry: Entry, field: str) -> str:
        """The listing's ``field`` in this language: its translation, else the original."""
        found = entry.translated(field, self.language) if self.language else None
        return found or getattr(entry.res, field) or ""


AS_WRITTEN = Wording()


def in_calendar(entry: Entry) -> bool:
    """Meetings with times that have not ended and are not inactive."""
    return entry.is_meeting and entry.current and bool(entry.res.schedule)


def has_dates(entry: Entry, today: dt.date) -> bool:
    """Whether the meeting's calendar would hold any event (a session with a date ahead)."""
    if not in_calendar(entry):
        return False
    res = entry.res
    start = max(today, res.valid_from) if res.valid_from else today
    return any(schedule.first_on_or_after(slot, start, res.valid_from, res.valid_to) is not None
               for slot in schedule.slots(res.schedule))


def region_meetings(node: RegionNode) -> list[Entry]:
    """The meetings of a region's calendar: those on its page, temporarily closed ones left out."""
    return [e for e in node.entries if in_calendar(e) and e.res.status == "active"]


def calendar_home(entry: Entry, nodes: Iterable[RegionNode]) -> RegionNode | None:
    """The first of ``nodes`` (the regions the meeting names, in its order): its calendar holds
    the meeting, as each of them lists it (enrich), and its page's "add to calendar" cuts the
    meeting out of that file in the browser, so a national catalog needs no file per meeting.
    None for a meeting no region calendar holds (temporarily closed), which keeps a file of its
    own."""
    # Not looked up in the region's listings: a scan of a list of thousands, for every meeting
    # in every language, cost 0.7 s a language at 100,000 listings.
    if not (in_calendar(entry) and entry.res.status == "active"):
        return None
    return next(iter(nodes), None)


def rrule(slot: schedule.Slot, until: Optional[dt.datetime]) -> dict:
    """WEEKLY on the day, or MONTHLY on the nth (-1 = last) weekday."""
    day = BYDAY[slot.day]
    rule: dict = {"FREQ": "WEEKLY", "BYDAY": day}
    if slot.weeks:
        rule = {"FREQ": "MONTHLY", "BYDAY": [("-1" if w == "last" else w) + day for w in slot.weeks]}
    if until is not None:
        rule["UNTIL"] = until
    return rule


def _description(entry: Entry, words: Wording) -> str:
    res, gettext = entry.res, words.gettext
    lines = []
    description = words.own(entry, "description")
    if res.status == "temporarily-closed":
        lines.append(gettext("Temporarily closed: check before you go."))
    if description:
        lines.append(markup.plain(description))
    if res.types:
        names = [MEETING_TYPES.get(t) or vocab.EXTRA_MEETING_TYPES.get(t, t) for t in res.types]
        lines.append(", ".join(gettext(n) for n in names))
    if res.conference_url:
        lines.append(gettext("Join online:") + " " + res.conference_url)
    if res.conference_phone:
        lines.append(gettext("By phone:") + " " + res.conference_phone)
    location_notes = words.own(entry, "location_notes")
    if location_notes:
        lines.append(location_notes)
    return "\n\n".join(lines)


def _location(entry: Entry) -> str:
    return entry.place


@dataclass(frozen=True)
class Session:
    """What differs between the VEVENTs of one meeting."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    rule: dict


def sessions(entry: Entry, today: dt.date, base_url: str = "") -> list[Session]:
    """One per session that still has dates: the first occurrence on or after the build date
    (or valid_from) in the meeting's zone, and the rule that repeats it until valid_to."""
    if not in_calendar(entry):
        return []
    res = entry.res
    zone = ZoneInfo(entry.timezone)
    start_day = max(today, res.valid_from) if res.valid_from else today
    host = urlsplit(base_url).hostname or "recovery-navigator.invalid"
    found = []
    for index, slot in enumerate(schedule.slots(res.schedule)):
        first = schedule.first_on_or_after(slot, start_day, res.valid_from, res.valid_to)
        if first is None:
            continue
        occ = schedule.occurrence(slot, first, zone)
        until = None
        if res.valid_to:
            until = schedule.local(res.valid_to, slot.start, zone).astimezone(dt.timezone.utc)
        found.append(Session(f"{res.id}-{index + 1}@{host}", occ.start, occ.end, rrule(slot, until)))
    return found


def details(entry: Entry, base_url: str = "", words: Wording = AS_WRITTEN) -> dict:
    """The properties every VEVENT of a meeting shares, by lower-case name, in name order."""
    res = entry.res
    out: dict = {}
    if res.program:
        out["categories"] = [words.gettext(vocab.PROGRAMS[res.program])]
    description = _description(entry, words)
    if description:
        out["description"] = description
    if res.latitude is not None:
        out["geo"] = (res.latitude, res.longitude)
    location = _location(entry)
    if location:
        out["location"] = location
    out["status"] = "TENTATIVE" if res.status == "temporarily-closed" else "CONFIRMED"
    out["summary"] = words.own(entry, "name")
    page = entry.page_url(base_url, words.href(entry))
    if page:
        out["url"] = page
    return out


def _stamp(today: dt.date, stamp: dt.datetime | None) -> dt.datetime:
    return stamp or dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc)


def events(entry: Entry, today: dt.date, base_url: str = "", stamp: dt.datetime | None = None,
           words: Wording = AS_WRITTEN) -> list[icalendar.Event]:
    """The VEVENTs of one meeting as the icalendar library's objects (the reference that
    ``event_text`` is tested against)."""
    shared = details(entry, base_url, words)
    found = []
    for session in sessions(entry, today, base_url):
        event = icalendar.Event()
        event.add("uid", session.uid)
        event.add("dtstamp", _stamp(today, stamp))
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("rrule", session.rule)
        for name, value in shared.items():
            event.add(name, value)
        found.append(event)
    return found


def event_text(entry: Entry, today: dt.date, base_url: str = "", stamp: dt.datetime | None = None,
               words: Wording = AS_WRITTEN) -> str:
    """The VEVENTs of ``events``, written as the library writes them, without its objects."""
    found = sessions(entry, today, base_url)
    if not found:
        return ""
    shared = details(entry, base_url, words)
    summary = ical_text.line("SUMMARY", ical_text.text(shared.pop("summary")))
    after_rule = "".join(ical_text.line(name.upper(), _value(name, value)) for name, value in shared.items())
    stamp_line = "DTSTAMP:" + ical_text.date_time(_stamp(today, stamp))[1] + "\r\n"
    parts = []
    for session in found:
        parts += ["BEGIN:VEVENT\r\n", summary, _date_time_line("DTSTART", session.start),
                  _date_time_line("DTEND", session.end), stamp_line,
                  ical_text.line("UID", ical_text.text(session.uid)),
                  ical_text.line("RRULE", _recur(session.rule)), after_rule, "END:VEVENT\r\n"]
    return "".join(parts)


def _value(name: str, value) -> str:
    if name == "categories":
        return ",".join(ical_text.text(item) for item in value)
    if name == "geo":
        return f"{float(value[0])};{float(value[1])}"
    if name == "url":
        return value
    return ical_text.text(value)


def _date_time_line(name: str, value: dt.datetime) -> str:
    params, text = ical_text.date_time(value)
    return ical_text.line(name + params, text)


def _recur(rule: dict) -> str:
    """An RRULE value with its parts in the library's order (FREQ, UNTIL, BYDAY)."""
    text = "FREQ=" + rule["FREQ"]
    if "UNTIL" in rule:
        text += ";UNTIL=" + ical_text.date_time(rule["UNTIL"])[1]
    days = rule["BYDAY"]
    return text + ";BYDAY=" + (days if isinstance(days, str) else ",".join(days))


@functools.lru_cache(maxsize=64)
def _timezone(tzid: str, first: dt.date) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(tzid, first_date=first,
                                        last_date=first.replace(year=first.year + ZONE_YEARS))


def _event_bytes(entry: Entry, today: dt.date, base_url: str, words: Wording,
                 cache: dict | None) -> bytes:
    """A meeting's VEVENTs, written once per build when a ``cache`` dict is passed: the
    meeting's own file and its regions' calendars share them."""
    if cache is not None and entry.id in cache:
        return cache[entry.id]
    data = event_text(entry, today, base_url, words=words).encode("utf-8")
    if cache is not None and data:
        cache[entry.id] = data
    return data


@functools.lru_cache(maxsize=64)
def _timezone_bytes(tzid: str, first: dt.date) -> bytes:
    return _timezone(tzid, first).to_ical()


@functools.lru_cache(maxsize=1)
def _calendar_properties() -> bytes:
    """BEGIN:VCALENDAR and the properties every calendar has, as the library writes them."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    text = cal.to_ical()
    return text[: text.rindex(b"END:VCALENDAR")]


def _head(name: str) -> bytes:
    """The calendar's opening lines; its name comes last in the library's property order.
    X-WR-CALNAME is not an RFC 5545 property, and the library writes its value unescaped; it is
    kept that way so that calendars stay byte for byte as they were (names are single lines:
    validation refuses line breaks)."""
    return _calendar_properties() + ical_text.line("X-WR-CALNAME", name).encode("utf-8")


def calendar(name: str, entries: Iterable[Entry], today: dt.date, base_url: str = "",
             words: Wording = AS_WRITTEN, cache: dict | None = None) -> bytes | None:
    """A VCALENDAR of the given meetings, with a VTIMEZONE for every zone used; None if empty.
    Assembled from serialised parts, exactly as icalendar would write the whole calendar."""
    zones: set[str] = set()
    parts = []
    for entry in entries:
        data = _event_bytes(entry, today, base_url, words, cache)
        if data:
            zones.add(entry.timezone)
            parts.append(data)
    if not parts:
        return None
    first = today.replace(month=1, day=1)
    return (_head(name) + b"".join(_timezone_bytes(tzid, first) for tzid in sorted(zones))
            + b"".join(parts) + b"END:VCALENDAR\r\n")


def meeting_calendar(entry: Entry, today: dt.date, base_url: str = "",
                     words: Wording = AS_WRITTEN, cache: dict | None = None) -> bytes | None:
    """One meeting's .ics (every session of it), named as the meeting is in its language."""
    return calendar(words.own(entry, "name"), [entry], today, base_url, words, cache)


def region_calendar(node: RegionNode, today: dt.date, base_url: str = "",
                    words: Wording = AS_WRITTEN, cache: dict | None = None) -> bytes | None:
    """The meetings listed on a region's page, temporarily closed ones left out."""
    meetings = region_meetings(node)
    name = words.gettext("Meetings in %(region)s") % {"region": node.region.name}
    return calendar(name, meetings, today, base_url, words, cache)
