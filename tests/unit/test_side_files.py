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
