"""When meetings happen and services are open, in their own time zone.

The reference for the browser's copy (theme/assets/navigator/schedule.js): both read the same test
cases (tests/find/cases/schedule.json). Rules:

* a session runs on its weekday, or for monthly meetings only on the listed weeks of the month
  (1-5 = the nth such weekday, ``last`` = the last one);
* an end time at or before the start time means the meeting runs past midnight; no end time means
  an hour (the Meeting Guide convention);
* valid_from / valid_to are inclusive and apply to the day a meeting starts;
* wall-clock times are read in the meeting's zone; a time that a daylight-saving change skips is
  read with the offset in force before the change (Python's ``fold=0``), as in the browser.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Sequence
from zoneinfo import ZoneInfo

from . import vocab

SOON = dt.timedelta(hours=1)
DEFAULT_LENGTH = dt.timedelta(hours=1)
LOOK_AHEAD_DAYS = 70  # long enough to reach the next "fifth Monday"

# Parts of the day for the time-of-day filter, by start time: [from, to) in minutes.
TIMES_OF_DAY = {
    "morning": (4 * 60, 12 * 60),
    "midday": (12 * 60, 17 * 60),
    "evening": (17 * 60, 21 * 60),
    "night": (21 * 60, 4 * 60),  # wraps past midnight
}


@dataclass(frozen=True)
class Slot:
    """One weekly or monthly time: Sunday = 0 (Meeting Guide numbering)."""

    day: int
    start: str
    end: Optional[str] = None
    weeks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Occurrence:
    start: dt.datetime  # aware, in the meeting's zone
    end: dt.datetime


@dataclass(frozen=True)
class Now:
    """What a meeting is doing at a moment: ``state`` is in-progress, soon or None."""

    state: Optional[str]
    current: Optional[Occurrence]  # the occurrence in progress or the next one
    minutes: Optional[int]  # minutes until it starts (soon) or until it ends (in progress)


def slots(sessions: Iterable) -> list[Slot]:
    """Model sessions (day names) as Slots."""
    return [Slot(vocab.DAY_INDEX[s.day], s.time, s.end_time, tuple(s.weeks or ())) for s in sessions]


def weekday_index(day: dt.date) -> int:
    """Sunday = 0 ... Saturday = 6."""
    return (day.weekday() + 1) % 7


def in_week(day: dt.date, weeks: Sequence[str]) -> bool:
    """Whether ``day`` is the nth (or last) of its weekday in its month, for any listed week."""
    if not weeks:
        return True
    nth = (day.day - 1) // 7 + 1
    last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
    return any(w == str(nth) or (w == "last" and last) for w in weeks)


def _minutes(hhmm: str) -> int:
    hour, minute = hhmm.split(":")
    return int(hour) * 60 + int(minute)


def local(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    """Wall-clock ``hhmm`` on ``day`` in ``zone`` (fold=0: skipped times use the earlier offset)."""
    minutes = _minutes(hhmm)
    return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone)


def occurrence(slot: Slot, day: dt.date, zone: ZoneInfo) -> Occurrence:
    """The occurrence of ``slot`` that starts on ``day`` (which must be one of its days)."""
    start = local(day, slot.start, zone)
    if slot.end is None:
        end = start.astimezone(dt.timezone.utc) + DEFAULT_LENGTH
        return Occurrence(start, end.astimezone(zone))
    end_day = day + dt.timedelta(days=1) if _minutes(slot.end) <= _minutes(slot.start) else day
    return Occurrence(start, local(end_day, slot.end, zone))


def occurs(slot: Slot, day: dt.date, valid_from: dt.date | None = None,
           valid_to: dt.date | None = None) -> bool:
    """Whether ``slot`` has an occurrence starting on ``day``."""
    if weekday_index(day) != slot.day or not in_week(day, slot.weeks):
        return False
    return not ((valid_from and day < valid_from) or (valid_to and day > valid_to))


def occurrences(slot_list: Sequence[Slot], zone: ZoneInfo, first: dt.date, days: int,
                valid_from: dt.date | None = None, valid_to: dt.date | None = None) -> Iterator[Occurrence]:
    """Occurrences starting on ``days`` local days from ``first``, in start order."""
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        found = [occurrence(s, day, zone) for s in slot_list if occurs(s, day, valid_from, valid_to)]
        yield from sorted(found, key=lambda o: o.start)


def meeting_now(slot_list: Sequence[Slot], timezone: str, now: dt.datetime,
                valid_from: dt.date | None = None, valid_to: dt.date | None = None) -> Now:
    """In progress, starting within the hour, or neither; ``now`` must be aware."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    now = now.astimezone(dt.timezone.utc)
    for occ in occurrences(slot_list, zone, today - dt.timedelta(days=1), LOOK_AHEAD_DAYS + 1,
                           valid_from, valid_to):
        # Compare instants in UTC: a wall-clock time skipped by a DST change never compares
        # equal across zones (PEP 495), but its UTC instant is well defined.
        start, end = _utc(occ.start), _utc(occ.end)
        if end <= now:
            continue
        if start <= now:
            return Now("in-progress", occ, _whole_minutes(end - now))
        wait = start - now
        return Now("soon" if wait <= SOON else None, occ, _whole_minutes(wait))
    return Now(None, None, None)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.timezone.utc)


def _whole_minutes(delta: dt.timedelta) -> int:
    return -(-int(delta.total_seconds()) // 60)  # round up: "starts in 1 min", never "in 0"


def open_now(hours: Iterable, timezone: str, now: dt.datetime, always_open: bool = False) -> bool | None:
    """Whether a service with these opening hours is open at ``now``; None when no hours are
    known. Hours that close at or before they open run past midnight (equal: 24 hours)."""
    if always_open:
        return True
    hours = list(hours)
    if not hours:
        return None
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    now = _utc(now)
    for block in hours:
        for day in (today - dt.timedelta(days=1), today):
            if any(vocab.DAY_INDEX[d] == weekday_index(day) for d in block.days):
                opens = local(day, block.opens_at, zone)
                next_day = _minutes(block.closes_at) <= _minutes(block.opens_at)
                closes = local(day + dt.timedelta(days=1) if next_day else day, block.closes_at, zone)
                if _utc(opens) <= now < _utc(closes):
                    return True
    return False


# The open-now inputs pages carry (find.py's data-s and data-h), in the forms schedule.js's
# parseSlots and parseHours read.
def slots_code(sessions) -> str:
    """Meeting times: ``day|start|end|weeks`` joined with ``;`` (Sunday = 0)."""
    return ";".join(f"{vocab.DAY_INDEX[s.day]}|{s.time}|{s.end_time or ''}|{','.join(s.weeks or ())}"
                    for s in sessions)


def hours_code(res) -> str:
    """Opening hours: ``always``, or ``days|opens|closes`` joined with ``;``."""
    if res.always_open:
        return "always"
    return ";".join(f"{','.join(str(vocab.DAY_INDEX[d]) for d in h.days)}|{h.opens_at}|{h.closes_at}"
                    for h in res.hours)


def time_of_day(hhmm: str) -> str:
    """morning, midday, evening or night, by start time."""
    minutes = _minutes(hhmm)
    for name, (low, high) in TIMES_OF_DAY.items():
        if (low <= minutes < high) if low < high else (minutes >= low or minutes < high):
            return name
    raise AssertionError("unreachable")


def first_on_or_after(slot: Slot, day: dt.date, valid_from: dt.date | None = None,
                      valid_to: dt.date | None = None) -> dt.date | None:
    """The first day on or after ``day`` that ``slot`` occurs (None if never, within validity)."""
    for offset in range(LOOK_AHEAD_DAYS):
        candidate = day + dt.timedelta(days=offset)
        if valid_to and candidate > valid_to:
            return None
        if occurs(slot, candidate, valid_from, valid_to):
            return candidate
    return None
