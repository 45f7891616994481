"""The shipped site's calendars in Spanish: each Spanish region's .ics is valid iCalendar in the
language of its pages (catalogue messages, the spec's meeting type names, listings' own
translations), and a Spanish page's "add to calendar" leads to the Spanish file."""

from __future__ import annotations

import os
import posixpath
import re

import icalendar
import pytest

from generator import vocab
from generator.i18n import Translator
from generator.meeting_types import MEETING_TYPES
from tests.find.test_site import calendar, read

MEETING = "clark-fulton-na-en-espanol"  # a Cuyahoga County meeting with a Spanish description
REGION = "regions/cuyahoga-county/meetings.ics"
CLOSED = "resources/squirrel-hill-al-anon-serenity/"  # temporarily closed: a file of its own
ES = Translator("es")


def event(cal: icalendar.Calendar, listing: str) -> icalendar.Event:
    return next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(listing + "-"))


def spanish_calendars(site: str) -> list[str]:
    return sorted(os.path.relpath(os.path.join(d, n), site) for d, _s, names in os.walk(os.path.join(site, "es"))
                  for n in names if n.endswith(".ics"))


def test_spanish_region_calendar_is_in_spanish(shipped_site):
    """The Spanish calendar is named in Spanish, and its meeting carries its Spanish description,
    program and meeting types; the English calendar keeps the English ones."""
    spanish, english = calendar(shipped_site, "es/" + REGION), calendar(shipped_site, REGION)
    assert str(spanish["X-WR-CALNAME"]) == "Reuniones en Cuyahoga County (Cleveland)"
    assert str(english["X-WR-CALNAME"]) == "Meetings in Cuyahoga County (Cleveland)"
    es, en = event(spanish, MEETING), event(english, MEETING)
    assert str(es["DESCRIPTION"]).startswith("Reunión de Narcóticos Anónimos en español, abierta a todos. "
                                             "Los recién llegados reciben gratis")
    assert "newcomers get" in str(en["DESCRIPTION"]) and "newcomers get" not in str(es["DESCRIPTION"])
    assert es["CATEGORIES"].cats == [ES.gettext(vocab.PROGRAMS["na"])] != en["CATEGORIES"].cats
    types = ", ".join(ES.meeting_types[code] for code in ("O", "S", "D", "BE"))
    assert types in str(es["DESCRIPTION"]) and MEETING_TYPES["O"] not in str(es["DESCRIPTION"]).split(", ")
    assert str(es["URL"]) == "https://example.org/recovery-navigator/es/resources/" + MEETING + "/"
    assert es["DTSTART"].dt == en["DTSTART"].dt and es["RRULE"] == en["RRULE"]


def test_spanish_calendars_hold_no_english_interface_words(shipped_site):
    """No Spanish calendar has the English of a message the calendars use, nor an English
    program name, and each one reads back as iCalendar."""
    english = ["Join online:", "By phone:", "Temporarily closed: check before you go.", "Meetings in "]
    english += [name for name in vocab.PROGRAMS.values() if ES.gettext(name) != name]
    paths = spanish_calendars(shipped_site)
    assert "es/" + REGION in paths and "es/" + CLOSED + "calendar.ics" in paths
    for path in paths:
        text = re.sub(r"\r\n[ \t]", "", read(shipped_site, path)).replace("\\,", ",")
        assert [words for words in english if words in text] == [], path
        assert calendar(shipped_site, path).walk("VEVENT"), path


@pytest.mark.parametrize("listing", [MEETING, "spruce-street-cma"])
def test_spanish_add_to_calendar_leads_to_the_spanish_calendar(shipped_site, listing):
    """The button on a Spanish meeting page links to the Spanish region calendar, which holds
    the meeting's events."""
    page = f"es/resources/{listing}/"
    href, cut = re.search(r'<a [^>]*href="([^"]+\.ics)" data-rn-calendar="([^"]+)"',
                          read(shipped_site, page + "index.html")).groups()
    target = posixpath.normpath(posixpath.join(page, href))
    assert target.startswith("es/regions/") and target.endswith("/meetings.ics") and cut == listing
    assert f"UID:{listing}-1@" in read(shipped_site, target)


def test_a_closed_meetings_own_spanish_calendar(shipped_site):
    """A temporarily closed meeting's Spanish page offers its own file, in Spanish."""
    assert 'href="calendar.ics" download=' in read(shipped_site, "es/" + CLOSED + "index.html")
    (closed, *_rest) = calendar(shipped_site, "es/" + CLOSED + "calendar.ics").walk("VEVENT")
    assert str(closed["DESCRIPTION"]).startswith(ES.gettext("Temporarily closed: check before you go."))
