"""Files beside the catalog pages: short links' lookup pages (short_links.py), list.js's shared
strings, calendars and near-me place lookups.

Calendars: one per region; a meeting's page cuts its own events out of its region's file in the
browser (theme/assets/navigator/calendar.js), so only a meeting no region calendar holds (one
temporarily closed) gets a file of its own.

    files(renderer) -> Iterator[(path, bytes)]    # paths relative to the site
    write(site_dir, files(renderer)) -> count
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from . import places, printing, short_links
from .exporters import ics

if TYPE_CHECKING:
    from .pages import Renderer


def files(renderer: "Renderer", kept: "Callable[..., bool] | None" = None) -> Iterator[tuple[str, bytes]]:
    """Short links, calendars and the near-me place lookup, in a fixed order. ``kept(path,
    listings it reads, *what else)`` says a short links' page, a region's calendar or its place
    lookup is the previous site's (buildcache.Cache.reuse_made_from): it is then not made at
    all, which spares the ZIP table too."""
    d, gettext = renderer.directory, renderer.i18n.gettext
    words = ics.Wording(gettext, renderer.i18n.language, renderer.i18n.listing_href)  # each language's calendars in its words
    kept = kept or _never
    yield printing.list_strings_file(gettext)
    yield from short_links.files(renderer, kept)
    events: dict[str, bytes] = {}  # each meeting written once for its file and its regions'
    for entry in d.entries:
        # A meeting its region's calendar holds gets its own file in the browser (calendar.js);
        # what no calendar can hold (no times, ended) has no file at all, so is not asked about.
        if ics.in_calendar(entry) and renderer.calendar_home(entry) is None \
                and renderer.i18n.has_listing_page(entry):
            calendar = ics.meeting_calendar(entry, d.today, renderer.site_url, words, events)
            if calendar:
                yield entry.url + "calendar.ics", calendar
    # Near-me place lookups are language-neutral: written once, with the default language's
    # pages (Renderer.filter_context points the other languages' pages at them).
    gazetteer = renderer.gazetteer if not renderer.i18n.prefix else None
    points: dict[str, list[str]] = {}  # places.points of each region, for the regions above it
    for node in d.regions.values():
        # A region's calendar shows the meetings on its page; its places, the region and the
        # areas in it (what its page reads, which holds both).
        if not kept(node.url + "meetings.ics", node.entries):
            calendar = ics.region_calendar(node, d.today, renderer.site_url, words, events)
            if calendar:
                yield node.url + "meetings.ics", calendar
        if gazetteer is not None and gazetteer.enabled and node.entries \
                and not kept(node.url + "places.json", [], places.points(node, points)):
            yield node.url + "places.json", gazetteer.region(node)
    if gazetteer is not None and gazetteer.enabled and not kept(
            "find/places.json", [], *(places.points(root, points) for root in d.roots)):
        yield "find/places.json", gazetteer.everywhere()


def _never(_path: str, _reads: list, *_extra: str) -> bool:
    return False


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write(site_dir: str, items: Iterable[tuple[str, bytes]]) -> int:
    """Write (path, bytes) pairs under ``site_dir``; returns how many. Page folders exist already
    (the pages are written first), so a file is simply opened; a missing folder is made. Short
    links each need a new folder: once one has been made beside them, the next ones are made
    straight away instead of after a failed open (a national build writes 100,000 of them)."""
    count = 0
    fresh: set[str] = set()  # folders this run has made sub-folders in
    for path, data in items:
        target = os.path.join(site_dir, path)
        folder = os.path.dirname(target)
        if os.path.dirname(folder) in fresh:
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder)
        try:
            handle = os.open(target, _CREATE, 0o666)
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            fresh.add(os.path.dirname(folder))
            handle = os.open(target, _CREATE, 0o666)
        try:
            _write_all(handle, data)
        finally:
            os.close(handle)
        count += 1
    return count


def _write_all(handle: int, data: bytes) -> None:
    """os.write until every byte is out (a plain file takes them at once, but need not)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]
