"""Files beside the pages: the short links' lookup pages and the calendars a meeting still needs
a file for."""

from __future__ import annotations

import os

import pytest
from markupsafe import escape

from export_catalogs import directories
from generator import csp, short_links, side_files
from generator.exporters import ics
from generator.render import Renderer


@pytest.fixture(scope="module")
def payload():
    return directories()["payload"]


def test_lookup_pages_hold_every_code_once_with_names_escaped(payload):
    """Each short code is in the lookup page of its first two letters, linked to its listing,
    hostile names escaped; the list page links every lookup page."""
    renderer = Renderer(payload, site_url="https://example.org/navigator/")
    written = dict(side_files.files(renderer))
    pages = {p: html.decode() for p, html in written.items() if p.startswith("r/")}
    for entry in payload.entries:
        code = renderer.short_codes[entry.id]
        lookup = pages[short_links.lookup_page(code)]
        assert lookup.count(f'id="c-{code}"') == 1
        assert f'<a id="c-{code}" href="../{entry.url}">{code}</a> {escape(entry.res.name)}</li>' in lookup
    for page in pages.values():
        assert "<script" not in page.split("</head>")[1] and csp.meta_tag(pinned=False) in page
    prefixes = {short_links.lookup_page(c) for c in renderer.short_codes.values()}
    assert set(pages) == prefixes | {"r/index.html"}
    assert all(f'href="{p[2:]}"' in pages["r/index.html"] for p in prefixes)


def test_no_file_per_meeting_in_a_region_calendar(payload):
    """Meetings a region calendar holds get no .ics of their own (the page cuts theirs from the
    region's); only those no region calendar holds keep one."""
    renderer = Renderer(payload, site_url="https://example.org/navigator/")
    own = {p for p, _ in side_files.files(renderer) if p.endswith("calendar.ics")}
    for entry in payload.entries:
        expected = renderer.calendar_home(entry) is None and ics.meeting_calendar(entry, payload.today) is not None
        assert (entry.url + "calendar.ics" in own) == expected, entry.id


def test_write_makes_missing_folders_only(tmp_path):
    """Files land under the site; a folder is made when missing and an existing one is kept."""
    os.makedirs(tmp_path / "resources" / "a")
    (tmp_path / "resources" / "a" / "index.html").write_text("page", encoding="utf-8")
    count = side_files.write(str(tmp_path), [("resources/a/calendar.ics", b"ics"),
                                             ("r/abc/index.html", b"<p>")])
    assert count == 2
    assert (tmp_path / "resources" / "a" / "index.html").read_text(encoding="utf-8") == "page"
    assert (tmp_path / "r" / "abc" / "index.html").read_bytes() == b"<p>"


def test_a_meetings_calendar_home_is_the_first_region_it_names(payload):
    """A meeting in a region calendar has the first region it names as its home, and that
    region's calendar holds it; one no calendar holds (temporarily closed) has none."""
    renderer = Renderer(payload, site_url="https://example.org/navigator/")
    homes = 0
    for entry in payload.entries:
        home = renderer.calendar_home(entry)
        if ics.in_calendar(entry) and entry.res.status == "active":
            assert home is payload.regions[entry.res.regions[0]], entry.id
            assert entry in ics.region_meetings(home)
            homes += 1
        else:
            assert home is None, entry.id
    assert homes > 0


def test_short_links_pages_the_cache_keeps_are_not_made(payload):
    """A lookup page the cache says is kept is not rendered; the others are, each asked with
    the national crisis lines it shows and its links."""
    renderer = Renderer(payload, site_url="https://example.org/navigator/")
    everything = dict(short_links.files(renderer))
    asked: list[tuple] = []

    def kept(path, reads, *extra):
        asked.append((path, [e.id for e in reads], extra))
        return path != "r/index.html"

    assert list(short_links.files(renderer, kept)) == [("r/index.html", everything["r/index.html"])]
    assert sorted(a[0] for a in asked) == sorted(everything)
    assert all(a[1] == [e.id for e in payload.national_crisis] for a in asked)
    assert len({a[2] for a in asked}) == len(asked)
