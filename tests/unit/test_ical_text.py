"""Calendar text written without the icalendar library's objects: the same bytes as the library
writes, and files the library reads back."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _escape_char, _foldline  # the library's own rules

from export_catalogs import directories
from generator.exporters import ical_text, ics

URL = "https://example.org/navigator/"
# Characters that matter to escaping and folding, and characters of 1 to 4 UTF-8 octets.
ASCII = list("ab \\^;,:\"\r\tN")
ALPHABET = st.sampled_from(ASCII + ["é", "€", "😀", "\u2028", "\x85"])


@pytest.fixture(scope="module")
def catalogs():
    return directories()


def meetings(catalogs):
    return [(d, e) for d in catalogs.values() for e in d.entries if ics.in_calendar(e)]


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=400))
def test_escaping_matches_the_library(value):
    """TEXT escaping gives what icalendar gives for any text."""
    assert ical_text.text(value) == _escape_char(value)


@settings(max_examples=600, deadline=None)
@given(st.tuples(st.integers(0, 160), st.text(st.sampled_from(ASCII), min_size=60, max_size=300)
                 | st.text(ALPHABET, min_size=40, max_size=300))
       .map(lambda t: "x" * t[0] + t[1].replace("\n", "")))
def test_folding_matches_the_library(value):
    """Lines fold where icalendar folds them, escapes never split, for ASCII and non-ASCII."""
    assert ical_text.fold(value) == _foldline(value)


@pytest.mark.parametrize("width", range(70, 80))
def test_folding_around_the_limit(width):
    """A line of 74 octets stays whole; 75 folds; a backslash at the break moves down."""
    for tail in ("", "\\", "^", "é"):
        value = "x" * (width - len(tail.encode())) + tail + "yz"
        assert ical_text.fold(value) == _foldline(value)


@pytest.mark.parametrize("zone", ["America/New_York", "Etc/UTC", "UTC", "Europe/Berlin", "Etc/GMT+5"])
def test_date_times_match_the_library(zone):
    """A date-time in any zone is written with the library's TZID (or as UTC with Z)."""
    from zoneinfo import ZoneInfo

    value = dt.datetime(2026, 11, 25, 18, 30, tzinfo=ZoneInfo(zone))
    params, text = ical_text.date_time(value)
    event = icalendar.Event()
    event.add("dtstart", value)
    assert f"DTSTART{params}:{text}\r\n".encode() in event.to_ical()


def test_events_match_the_library_byte_for_byte(catalogs):
    """Every meeting of the test catalogs is written exactly as icalendar writes its events."""
    found = meetings(catalogs)
    assert len(found) > 15
    for directory, entry in found:
        for base in ("", URL):
            library = b"".join(e.to_ical() for e in ics.events(entry, directory.today, base))
            assert ics.event_text(entry, directory.today, base).encode("utf-8") == library, entry.id


def test_calendars_read_back_with_the_library(catalogs):
    """Each meeting's calendar parses with icalendar and gives back its name, place and rule."""
    for directory, entry in meetings(catalogs):
        data = ics.meeting_calendar(entry, directory.today, URL)
        if data is None:
            continue
        calendar = icalendar.Calendar.from_ical(data)
        for event in calendar.walk("VEVENT"):
            assert str(event["SUMMARY"]) == entry.res.name
            assert event["DTSTART"].dt.tzinfo is not None
            assert event["RRULE"]["FREQ"][0] in ("WEEKLY", "MONTHLY")
            assert str(event["URL"]) == URL + entry.url
            if "LOCATION" in event:
                assert str(event["LOCATION"]) == ics._location(entry)


def test_region_calendar_reuses_the_meeting_events(catalogs):
    """A region's calendar holds the same VEVENT text as its meetings' own calendars."""
    directory = catalogs["edge"]
    cache: dict = {}
    own = ics.meeting_calendar(directory.by_id["berlin-meeting"], directory.today, URL, cache=cache)
    region = ics.region_calendar(directory.regions["berlin"], directory.today, URL, cache=cache)
    assert cache["berlin-meeting"] in own and cache["berlin-meeting"] not in region  # closed: left out
    assert cache["utc-meeting"] in region
    zones = [str(tz["TZID"]) for tz in icalendar.Calendar.from_ical(region).walk("VTIMEZONE")]
    assert zones == ["Etc/UTC"]


@pytest.mark.parametrize("name", ['Meetings in "Ohio"; A, B \\ C ^ é' + "€" * 30, "plain"])
def test_calendar_head_matches_the_library(name):
    """The opening lines, with the calendar's name, are those the library writes."""
    cal = icalendar.Calendar()
    for key, value in (("prodid", ics.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                       ("x-wr-calname", name)):
        cal.add(key, value)
    library = cal.to_ical()
    assert ics._head(name) == library[: library.rindex(b"END:VCALENDAR")]


def spanish() -> ics.Wording:
    from generator.i18n import Translator

    return ics.Wording(Translator("es").gettext, "es")


def translated_meetings(catalogs):
    """Every meeting of the test catalogs given the first Spanish translation they hold (the
    payload catalog's hostile texts), since none of their meetings has one of its own."""
    import dataclasses

    own = next(e.res.translations["es"] for d in catalogs.values() for e in d.entries
               if e.res.translations.get("es") and e.res.translations["es"].description)
    return [(d, dataclasses.replace(e, res=e.res.model_copy(update={"translations": {"es": own}}),
                                    translated_in=("es",)))
            for d, e in meetings(catalogs)]


def test_spanish_events_match_the_library_byte_for_byte(catalogs):
    """Events in Spanish (catalogue messages, listings' own translations) are written exactly as
    icalendar writes them, hostile translated text included."""
    for directory, entry in translated_meetings(catalogs):
        library = b"".join(e.to_ical() for e in ics.events(entry, directory.today, URL, words=spanish()))
        assert ics.event_text(entry, directory.today, URL, words=spanish()).encode("utf-8") == library, entry.id


def test_spanish_events_take_the_listing_translation_and_the_catalogue(catalogs):
    """A meeting's Spanish name and description replace the originals in a Spanish calendar;
    interface words come from the catalogue; the English calendar keeps the originals."""
    checked = 0
    for directory, entry in translated_meetings(catalogs):
        own = entry.res.translations["es"]
        data = ics.meeting_calendar(entry, directory.today, URL, spanish())
        if data is None:
            continue
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
            assert str(event["SUMMARY"]) == (own.name or entry.res.name)
            assert str(event["DESCRIPTION"]).startswith(
                "Cerrado temporalmente" if entry.res.status == "temporarily-closed" else ics.markup.plain(own.description))
            if entry.res.conference_url:
                assert "Unirse en línea: " + entry.res.conference_url in str(event["DESCRIPTION"])
                assert "Join online:" not in str(event["DESCRIPTION"])
        (english, *_rest) = icalendar.Calendar.from_ical(
            ics.meeting_calendar(entry, directory.today, URL)).walk("VEVENT")
        assert str(english["SUMMARY"]) == entry.res.name
        checked += 1
    assert checked > 10


def test_wording_as_written_keeps_the_original():
    """Without a language the calendar's words are the catalogue's English and the listing's own."""
    assert ics.AS_WRITTEN.gettext("Join online:") == "Join online:"
    assert ics.AS_WRITTEN.language == ""
