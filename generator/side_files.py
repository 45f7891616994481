"""Files beside the catalog pages: short-link redirect pages, calendars and near-me place lookups.

A national catalog has one short link per resource, so the redirect page (short_link.html) is
rendered once per build with markers where the resource's values go; each page is then the
pieces joined with the values, escaped with markupsafe exactly as the template's autoescape
escapes them. That holds while the template only prints those values; one that filters a value
leaves a marker changed, and the first page is also rendered the ordinary way and compared, so
such a template is simply rendered page by page.

    files(renderer) -> Iterator[(path, bytes)]    # paths relative to the site
    write(site_dir, files(renderer)) -> count
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import TYPE_CHECKING, Iterable, Iterator

import jinja2
from markupsafe import Markup, escape

from . import csp, share
from .exporters import ics

if TYPE_CHECKING:
    from .enrich import Entry
    from .pages import Renderer

FIELDS = ("name", "target", "canonical")
_MARK = "\x00{}\x00"  # cannot occur in a template or a rendered value (validation refuses it)
_SPLIT = re.compile("\x00(" + "|".join(FIELDS) + ")\x00")


class ShortLinkPage:
    """short_link.html for any resource, from one render of the template."""

    def __init__(self, template: jinja2.Template, **context):
        self.template = template
        self.context = context
        marked = template.render(**context, **{f: Markup(_MARK.format(f)) for f in FIELDS})
        self.pieces = _SPLIT.split(marked)
        # Every piece in odd position is a field name; a marker left anywhere else means the
        # template changed a value on the way out, and the pieces cannot be trusted.
        self.stamped = "\x00" not in "".join(self.pieces[::2])

    def render(self, **values: str) -> str:
        if not self.stamped:
            return self.template.render(**self.context, **values)
        pieces = self.pieces[:]
        for index in range(1, len(pieces), 2):
            pieces[index] = escape(values[pieces[index]])
        return "".join(pieces)

    def check(self, **values: str) -> None:
        """Fall back to page-by-page rendering unless the pieces give what the template gives."""
        if self.stamped and self.render(**values) != self.template.render(**self.context, **values):
            self.stamped = False


def short_link_values(renderer: "Renderer", entry: "Entry") -> dict[str, str]:
    target = "../../" + entry.url
    name = entry.translated("name", renderer.i18n.language) or entry.res.name  # the page's own title
    return {"name": name, "target": target,
            "canonical": renderer.site_url + entry.url if renderer.site_url else target}


def files(renderer: "Renderer") -> Iterator[tuple[str, bytes]]:
    """Short links, calendars and the near-me place lookup, in a fixed order."""
    d, gettext = renderer.directory, renderer.i18n.gettext
    # These pages are not made from the theme's shell, so they carry their own CSP.
    page = ShortLinkPage(renderer.env.get_template("short_link.html"), d=d,
                         csp_meta=Markup(csp.meta_tag()))
    if d.entries:
        page.check(**short_link_values(renderer, d.entries[0]))
    events: dict[str, bytes] = {}  # each meeting written once for its file and its regions'
    for entry in d.entries:
        html = page.render(**short_link_values(renderer, entry))
        yield share.short_url(renderer.short_codes[entry.id]) + "index.html", html.encode("utf-8")
        calendar = ics.meeting_calendar(entry, d.today, renderer.site_url, gettext, events)
        if calendar:
            yield entry.url + "calendar.ics", calendar
    # Near-me place lookups are language-neutral: written once, with the default language's
    # pages (Renderer.filter_context points the other languages' pages at them).
    gazetteer = renderer.gazetteer if not renderer.i18n.prefix else None
    for node in d.regions.values():
        calendar = ics.region_calendar(node, d.today, renderer.site_url, gettext, events)
        if calendar:
            yield node.url + "meetings.ics", calendar
        if gazetteer is not None and gazetteer.enabled and node.entries:
            yield node.url + "places.json", gazetteer.region(node)
    if gazetteer is not None and gazetteer.enabled:
        yield "find/places.json", gazetteer.everywhere()


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
