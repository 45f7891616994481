"""Whole-site checks on the find fixture: find and meetings pages, data for the filters, short
links, QR codes, calendars and the place lookup files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess

import icalendar
import pytest

LISTED = ["east-detox", "west-detox", "north-outpatient", "mujeres-na", "noon-aa", "late-night-na",
          "monthly-smart", "step-sessions", "closed-for-repairs-aa", "winter-shelter-aa", "desert-sunrise-aa"]


def read(site: str, path: str) -> str:
    with open(os.path.join(site, path), encoding="utf-8") as handle:
        return handle.read()


def calendar(site: str, path: str) -> icalendar.Calendar:
    with open(os.path.join(site, path), "rb") as handle:
        return icalendar.Calendar.from_ical(handle.read())


CALENDAR_JS = os.path.join(os.path.dirname(__file__), "..", "..", "theme", "assets", "navigator", "calendar.js")


def meeting_calendar(site: str, listing: str) -> icalendar.Calendar:
    """What a meeting page's "Add to calendar" saves: its link's region calendar, cut by
    calendar.js (run in node) to the meeting's own events."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is needed for the calendar tests in CI (apt-get install nodejs)")
        pytest.skip("node is not installed")
    link = re.search(r'<a [^>]*href="\.\./\.\./([^"]+\.ics)" data-rn-calendar="([^"]+)"',
                     read(site, f"resources/{listing}/index.html"))
    assert link and link[2] == listing, "no add-to-calendar link to the region's calendar"
    script = ("const fs=require('fs');const c=require(process.argv[1]);"
              "const out=c.single(fs.readFileSync(process.argv[2],'utf8'),process.argv[3]);"
              "if(out===null)process.exit(3);process.stdout.write(out)")
    result = subprocess.run([node, "-e", script, CALENDAR_JS, os.path.join(site, link[1]), listing],
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return icalendar.Calendar.from_ical(result.stdout)


def events(cal: icalendar.Calendar) -> list:
    return [c for c in cal.walk("VEVENT")]


def test_find_page_lists_every_listing_without_script(find_site):
    """find/ has a card for every listing but the crisis lines, and a filter panel that a
    browser without JavaScript hides (noscript.css)."""
    html = read(find_site, "find/index.html")
    ids = re.findall(r'<article class="rn-card[^"]*" id="r-([a-z0-9-]+)"', html)
    assert sorted(ids) == sorted(LISTED)
    assert '<noscript><link rel="stylesheet" href="../assets/navigator/noscript.css"></noscript>\n<div class="rn-find" id="rn-find" data-pagefind-ignore' in html
    assert '<script type="application/json" id="rn-strings">' in html


def test_meetings_page_by_day_with_appointments_last(find_site):
    """meetings/ lists meetings under each day (Sunday first), by-appointment ones at the end."""
    html = read(find_site, "meetings/index.html")
    days = re.findall(r'<h2 id="day-([a-z]+)">', html)
    assert days == ["monday", "tuesday", "wednesday", "thursday", "saturday", "appointment"]
    wednesday = html.split('id="day-wednesday"')[1].split("</section>")[0]
    assert wednesday.index("Desert Sunrise") < wednesday.index("Downtown Noon") < wednesday.index("Mujeres")
    assert "Temporarily closed" in html.split('id="day-thursday"')[1].split("</section>")[0]
    assert "Step Sessions by Appointment" in html.split('id="day-appointment"')[1]


def test_listing_data_attributes(find_site):
    """Cards carry compact filter data; meeting type codes feed language and population."""
    html = read(find_site, "regions/columbus/index.html")
    meeting = re.search(r'<li class="rn-meeting"( data-id="mujeres-na"[^>]*)>', html)[1]
    assert 'data-lang="es"' in meeting and 'data-pop="women"' in meeting
    assert 'data-types="C W S"' in meeting and 'data-s="3|18:30|19:30|"' in meeting
    assert "data-tz" not in meeting and 'id="rn-results" data-tz="America/New_York"' in html
    card = re.search(r'<article [^>]*id="r-east-detox"([^>]*)>', html)[1]
    assert 'data-pay="medicaid private-insurance"' in card and 'data-walk="1"' in card
    assert 'data-h="always"' in card and 'data-geo="39.9567,-82.9694"' in card


def test_region_page_offers_its_calendar(find_site):
    """A region with meetings links its .ics; the file holds its active, dated meetings only."""
    html = read(find_site, "regions/columbus/index.html")
    assert '<a href="meetings.ics" download>' in html
    cal = calendar(find_site, "regions/columbus/meetings.ics")
    names = sorted({str(e["SUMMARY"]) for e in events(cal)})
    assert names == ["Downtown Noon AA", "Late Night NA", "Monthly SMART Online", "Mujeres en Recuperacion NA",
                     "Winter Shelter AA"]
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]


def test_meeting_calendar_weekly_in_its_zone(find_site):
    """A weekly meeting: DTSTART in its zone on the first date after the build, RRULE weekly."""
    cal = meeting_calendar(find_site, "mujeres-na")
    (event,) = events(cal)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert event["DTSTART"].dt == dt.datetime(2026, 11, 25, 18, 30, tzinfo=event["DTSTART"].dt.tzinfo)
    assert str(event["DTSTART"].params["TZID"]) == "America/New_York"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["WE"]
    assert str(event["URL"]) == "https://find.example.org/resources/mujeres-na/"


def test_meeting_calendar_monthly_past_midnight_and_validity(find_site):
    """Monthly nth-weekday rules, an end on the next day, and valid_from/valid_to as start/UNTIL."""
    (monthly,) = events(meeting_calendar(find_site, "monthly-smart"))
    assert monthly["RRULE"]["FREQ"] == ["MONTHLY"] and monthly["RRULE"]["BYDAY"] == ["1MO", "-1MO"]
    assert monthly["DTSTART"].dt.date() == dt.date(2026, 11, 30)
    (late,) = events(meeting_calendar(find_site, "late-night-na"))
    assert late["DTEND"].dt - late["DTSTART"].dt == dt.timedelta(hours=1)
    assert late["DTEND"].dt.date() == dt.date(2026, 11, 22)
    (winter,) = events(meeting_calendar(find_site, "winter-shelter-aa"))
    assert winter["DTSTART"].dt.date() == dt.date(2026, 12, 1)
    assert winter["RRULE"]["UNTIL"][0].timestamp() == dt.datetime(2027, 4, 1, 0, 0, tzinfo=dt.timezone.utc).timestamp()  # 20:00 EDT


def test_calendar_files_only_where_there_are_dates(find_site):
    """By-appointment meetings and services get no .ics; a temporarily closed one, which no
    region calendar holds, keeps a file of its own, tentative; a meeting a region calendar
    holds has none."""
    assert not os.path.exists(os.path.join(find_site, "resources/step-sessions/calendar.ics"))
    assert not os.path.exists(os.path.join(find_site, "resources/east-detox/calendar.ics"))
    (closed,) = events(calendar(find_site, "resources/closed-for-repairs-aa/calendar.ics"))
    assert str(closed["STATUS"]) == "TENTATIVE"
    page = read(find_site, "resources/step-sessions/index.html")
    assert "calendar.ics" not in page and "data-rn-calendar" not in page
    assert not os.path.exists(os.path.join(find_site, "resources/mujeres-na/calendar.ics"))
    assert 'href="calendar.ics" download="closed-for-repairs-aa.ics"' in read(find_site, "resources/closed-for-repairs-aa/index.html")


def test_phoenix_calendar_has_its_own_zone(find_site):
    """A meeting in Arizona is written with the America/Phoenix VTIMEZONE."""
    cal = calendar(find_site, "regions/phoenix/meetings.ics")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Phoenix"]


def test_short_link_resolves_through_its_lookup_page(find_site):
    """Each resource page shows its short link, absolute, for the QR code qr.js draws in the
    browser; the short link has no page of its own, and its lookup page links the listing."""
    html = read(find_site, "resources/east-detox/index.html")
    short = re.search(r'class="rn-share__link" href="\.\./\.\./r/([a-z2-7]{8})/">https://find\.example\.org/r/\1/<', html)
    assert short, "short link missing"
    code = short[1]
    assert not os.path.exists(os.path.join(find_site, "r", code))
    lookup = read(find_site, f"r/{code[:2]}.html")
    assert f'<a id="c-{code}" href="../resources/east-detox/">{code}</a> East Side Detox</li>' in lookup
    assert 'href="tel:988"' in lookup and "Content-Security-Policy" in lookup


def test_places_cover_each_region_and_no_more(find_site):
    """The near-me lookup ships the ZIP codes around each region; Phoenix's are not in Columbus's."""
    columbus = json.loads(read(find_site, "regions/columbus/places.json"))
    phoenix = json.loads(read(find_site, "regions/phoenix/places.json"))
    everywhere = json.loads(read(find_site, "find/places.json"))
    assert "43205" in columbus["z"] and "43215" in columbus["z"]
    assert "85003" not in columbus["z"] and "85003" in phoenix["z"]
    assert set(columbus["z"]) | set(phoenix["z"]) <= set(everywhere["z"])
    assert columbus["t"]["columbus oh"][2] == "Columbus, OH"
    assert len(columbus["z"]) < 400


def test_search_page_offers_find_links(find_site):
    """The search page carries the find-page hint and the place lookup script."""
    html = read(find_site, "search/index.html")
    assert 'id="rn-search-find" hidden' in html and "search-near.js" in html
