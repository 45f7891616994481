"""Meetings as iCalendar (RFC 5545) files, built with the ``icalendar`` library.

One VEVENT per session: the first occurrence on or after the build date (or valid_from) in the
meeting's own zone (with its VTIMEZONE), a weekly rule, or a monthly rule for nth-weekday
meetings, ending at valid_to. Output depends only on the catalog and the build date, so builds
stay byte-identical.

    meeting_calendar(entry, today=...) -> bytes | None   # None: nothing to put in a calendar
    region_calendar(node, today=...) -> bytes | None
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Callable, Iterable, Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from .. import markup, schedule, vocab
from ..enrich import Entry, RegionNode
from ..meeting_types import MEETING_TYPES

PRODID = "-//Recovery Navigator//Meetings//EN"
BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
ZONE_YEARS = 3  # VTIMEZONE rules written out this far ahead; clients know the zone by its TZID


def _identity(text: str) -> str:
    return text


def in_calendar(entry: Entry) -> bool:
    """Meetings with times that have not ended and are not inactive."""
    res = entry.res
    return res.is_meeting and bool(res.schedule) and entry.window != "ended" and res.status != "inactive"


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


def rrule(slot: schedule.Slot, until: Optional[dt.datetime]) -> dict:
    """WEEKLY on the day, or MONTHLY on the nth (-1 = last) weekday."""
    day = BYDAY[slot.day]
    rule: dict = {"FREQ": "WEEKLY", "BYDAY": day}
    if slot.weeks:
        rule = {"FREQ": "MONTHLY", "BYDAY": [("-1" if w == "last" else w) + day for w in slot.weeks]}
    if until is not None:
        rule["UNTIL"] = until
    return rule


def _description(entry: Entry, gettext: Callable[[str], str]) -> str:
    res = entry.res
    lines = []
    if res.status == "temporarily-closed":
        lines.append(gettext("Temporarily closed: check before you go."))
    if res.description:
        lines.append(markup.plain(res.description))
    if res.types:
        names = [MEETING_TYPES.get(t) or vocab.EXTRA_MEETING_TYPES.get(t, t) for t in res.types]
        lines.append(", ".join(gettext(n) for n in names))
    if res.conference_url:
        lines.append(gettext("Join online:") + " " + res.conference_url)
    if res.conference_phone:
        lines.append(gettext("By phone:") + " " + res.conference_phone)
    if res.location_notes:
        lines.append(res.location_notes)
    return "\n\n".join(lines)


def _location(entry: Entry) -> str:
    res = entry.res
    if res.address is None:
        return ""
    a = res.address
    parts = [res.location, a.address_1, a.address_2, a.city, f"{a.state_province} {a.postal_code}"]
    return ", ".join(p for p in parts if p)


def events(entry: Entry, today: dt.date, base_url: str = "", stamp: dt.datetime | None = None,
           gettext: Callable[[str], str] = _identity) -> list[icalendar.Event]:
    """The VEVENTs of one meeting (one per session that still has dates)."""
    if not in_calendar(entry):
        return []
    res = entry.res
    zone = ZoneInfo(entry.timezone)
    start_day = max(today, res.valid_from) if res.valid_from else today
    stamp = stamp or dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc)
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
        event = icalendar.Event()
        event.add("uid", f"{res.id}-{index + 1}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", occ.start)
        event.add("dtend", occ.end)
        event.add("rrule", rrule(slot, until))
        event.add("summary", res.name)
        event.add("status", "TENTATIVE" if res.status == "temporarily-closed" else "CONFIRMED")
        location = _location(entry)
        if location:
            event.add("location", location)
        if res.latitude is not None:
            event.add("geo", (res.latitude, res.longitude))
        description = _description(entry, gettext)
        if description:
            event.add("description", description)
        if res.program:
            event.add("categories", [gettext(vocab.PROGRAMS[res.program])])
        if base_url:
            event.add("url", base_url.rstrip("/") + "/" + entry.url)
        found.append(event)
    return found


@functools.lru_cache(maxsize=64)
def _timezone(tzid: str, first: dt.date) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(tzid, first_date=first,
                                        last_date=first.replace(year=first.year + ZONE_YEARS))


def _event_bytes(entry: Entry, today: dt.date, base_url: str, gettext: Callable[[str], str],
                 cache: dict | None) -> bytes:
    """A meeting's VEVENTs, serialised once per build when a ``cache`` dict is passed: the
    meeting's own file and its region's calendar share them (icalendar's serialiser is the
    slowest part of a national build)."""
    if cache is not None and entry.id in cache:
        return cache[entry.id]
    data = b"".join(event.to_ical() for event in events(entry, today, base_url, gettext=gettext))
    if cache is not None:
        cache[entry.id] = data
    return data


@functools.lru_cache(maxsize=64)
def _timezone_bytes(tzid: str, first: dt.date) -> bytes:
    return _timezone(tzid, first).to_ical()


def _head(name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    text = cal.to_ical()
    return text[: text.rindex(b"END:VCALENDAR")]


def calendar(name: str, entries: Iterable[Entry], today: dt.date, base_url: str = "",
             gettext: Callable[[str], str] = _identity, cache: dict | None = None) -> bytes | None:
    """A VCALENDAR of the given meetings, with a VTIMEZONE for every zone used; None if empty.
    Assembled from serialised parts, exactly as icalendar would write the whole calendar."""
    zones: set[str] = set()
    parts = []
    for entry in entries:
        data = _event_bytes(entry, today, base_url, gettext, cache)
        if data:
            zones.add(entry.timezone)
            parts.append(data)
    if not parts:
        return None
    first = today.replace(month=1, day=1)
    return (_head(name) + b"".join(_timezone_bytes(tzid, first) for tzid in sorted(zones))
            + b"".join(parts) + b"END:VCALENDAR\r\n")


def meeting_calendar(entry: Entry, today: dt.date, base_url: str = "",
                     gettext: Callable[[str], str] = _identity, cache: dict | None = None) -> bytes | None:
    """One meeting's .ics (every session of it)."""
    return calendar(entry.res.name, [entry], today, base_url, gettext, cache)


def region_calendar(node: RegionNode, today: dt.date, base_url: str = "",
                    gettext: Callable[[str], str] = _identity, cache: dict | None = None) -> bytes | None:
    """The meetings listed on a region's page, temporarily closed ones left out."""
    meetings = region_meetings(node)
    name = gettext("Meetings in %(region)s") % {"region": node.region.name}
    return calendar(name, meetings, today, base_url, gettext, cache)
