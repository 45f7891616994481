"""Meeting now/next and opening hours in the meeting's own zone (generator/schedule.py), on the
cases the browser's schedule.js is tested with too."""

from __future__ import annotations

import datetime as dt
import json
import os
from types import SimpleNamespace

import pytest

from generator import geo, schedule, vocab

CASES = os.path.join(os.path.dirname(__file__), "cases", "schedule.json")
with open(CASES, encoding="utf-8") as _handle:
    DATA = json.load(_handle)
DAY_NAMES = list(vocab.DAYS)


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _date(text):
    return dt.date.fromisoformat(text) if text else None


@pytest.mark.parametrize("case", DATA["meetings"], ids=lambda c: c["name"])
def test_meeting_now_matches_shared_cases(case):
    """Each shared case gives the expected state, minutes and occurrence start."""
    slots = [schedule.Slot(day, start, end, tuple(weeks)) for day, start, end, weeks in case["slots"]]
    result = schedule.meeting_now(slots, case["tz"], _utc(case["now"]), _date(case.get("valid_from")),
                                  _date(case.get("valid_to")))
    assert result.state == case["state"]
    assert result.minutes == case["minutes"]
    expected = dt.datetime.fromisoformat(case["start"]) if case["start"] else None
    if expected is None:
        assert result.current is None
    else:
        assert result.current.start.timestamp() == expected.timestamp()
        assert result.current.start.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("case", DATA["hours"], ids=lambda c: c["name"])
def test_open_now_matches_shared_cases(case):
    """Opening hours give open, closed or unknown as the shared cases expect."""
    hours = [SimpleNamespace(days=[DAY_NAMES[d] for d in days], opens_at=o, closes_at=c)
             for days, o, c in case["hours"]]
    assert schedule.open_now(hours, case["tz"], _utc(case["now"]), case["always"]) == case["open"]


@pytest.mark.parametrize("hhmm,part", DATA["time_of_day"])
def test_time_of_day_buckets(hhmm, part):
    """Start times fall into morning, midday, evening or night (night wraps past midnight)."""
    assert schedule.time_of_day(hhmm) == part


@pytest.mark.parametrize("a,b,km", DATA["distance_km"])
def test_shared_distances_are_geopys(a, b, km):
    """The distances the browser is tested against are what geopy's great circle gives."""
    assert geo.distance_km(tuple(a), tuple(b)) == pytest.approx(km, abs=1e-6)


def test_in_week_last_and_fifth():
    """'last' is the final such weekday of the month; '5' exists only in long months."""
    assert schedule.in_week(dt.date(2026, 11, 30), ["last"])
    assert schedule.in_week(dt.date(2026, 11, 30), ["5"])
    assert not schedule.in_week(dt.date(2026, 11, 23), ["last"])
    assert schedule.in_week(dt.date(2026, 2, 23), ["last"]) and schedule.in_week(dt.date(2026, 2, 23), ["4"])


def test_first_on_or_after_respects_validity():
    """The first occurrence on or after a day skips days before valid_from and stops at valid_to."""
    slot = schedule.Slot(2, "20:00", "21:00")
    assert schedule.first_on_or_after(slot, dt.date(2026, 11, 1)) == dt.date(2026, 11, 3)
    assert schedule.first_on_or_after(slot, dt.date(2026, 11, 1), valid_from=dt.date(2026, 11, 5)) == \
        dt.date(2026, 11, 10)
    assert schedule.first_on_or_after(slot, dt.date(2026, 11, 4), valid_to=dt.date(2026, 11, 9)) is None


def test_slots_from_model_sessions():
    """Catalog sessions become slots numbered from Sunday, with their weeks."""
    session = SimpleNamespace(day="monday", time="12:00", end_time=None, weeks=["1", "last"])
    assert schedule.slots([session]) == [schedule.Slot(1, "12:00", None, ("1", "last"))]


@pytest.mark.parametrize("case", DATA["hours"], ids=lambda c: c["name"])
def test_hours_code_is_what_the_script_tests_read(case):
    """schedule.hours_code writes each shared case in the text schedule.test.js hands to
    parseHours (``always``, or ``days|opens|closes`` joined with ``;``)."""
    hours = [SimpleNamespace(days=[DAY_NAMES[d] for d in days], opens_at=o, closes_at=c)
             for days, o, c in case["hours"]]
    res = SimpleNamespace(always_open=case["always"], hours=hours)
    expected = "always" if case["always"] else ";".join(
        f"{','.join(map(str, days))}|{o}|{c}" for days, o, c in case["hours"])
    assert schedule.hours_code(res) == expected


@pytest.mark.parametrize("case", DATA["meetings"], ids=lambda c: c["name"])
def test_slots_code_is_what_the_script_tests_read(case):
    """schedule.slots_code writes each shared case's meeting times as schedule.test.js hands
    them to parseSlots (``day|start|end|weeks`` joined with ``;``)."""
    sessions = [SimpleNamespace(day=DAY_NAMES[d], time=s, end_time=e, weeks=w) for d, s, e, w in case["slots"]]
    assert schedule.slots_code(sessions) == ";".join(
        f"{d}|{s}|{e or ''}|{','.join(w)}" for d, s, e, w in case["slots"])
