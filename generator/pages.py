"""What every kind of catalog page shares: the page, the job that makes it, and what a page
kind may ask of the renderer.

A page kind is a function ``kind(renderer) -> Iterable[PageJob]``; render.KINDS lists them in
the order the site is written (render.py: categories, regions, resources, find, meetings;
printing.py: region sheets, the referral list). Kinds depend on this module, never on each
other or on render.py, so adding one is adding a function and a line in render.KINDS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol

from . import shell, vocab

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from .enrich import Directory, Entry, RegionNode
    from .i18n import Translator
    from .places import Gazetteer


@dataclass
class Page:
    """One catalog page: ``body`` is HTML for the content area; the rest is plain text."""

    url: str
    title: str
    description: str
    body: str
    crisis: str
    layout: str = shell.PAGE  # the theme's layout it is filled into (shell.py)
    # Where the other languages' switch leads from a page they have no version of (a listing
    # page in shell.LISTING_ALONE: its region's page); empty: to this same page.
    switch_path: str = ""

    @property
    def depth(self) -> int:
        return self.url.count("/")


@dataclass(frozen=True)
class PageJob:
    """A catalog page not made yet: its address, and how to make it."""

    url: str
    make: Callable[[], Page]
    # What the page shows of the catalog, for the build cache (buildcache.py): a function
    # giving the listings it reads, buildcache.EVERYTHING, or None (made again every build).
    # Region definitions, site settings, templates and the theme's shell count for every page.
    reads: Callable[[], Iterable["Entry"]] | str | None = None
    layout: str = shell.PAGE  # the page's, known before it is made (for the build cache's key)

    def __call__(self) -> Page:
        return self.make()


class Renderer(Protocol):
    """What page kinds and side files use of render.Renderer."""

    directory: "Directory"
    i18n: "Translator"
    env: "jinja2.Environment"
    site_name: str
    site_url: str
    cache_dir: str | None
    short_codes: dict[str, str]
    gazetteer: "Gazetteer"
    printing: Any  # printing.Settings
    national_crisis_bar: str

    def _render(self, name: str, root: str, **context) -> str: ...

    def fragment(self, name: str, root: str, **context) -> "Markup": ...

    def crisis_bar(self, regional: list["Entry"], root: str, anchor: str = "rn-crisis") -> str: ...

    def calendar_home(self, entry: "Entry") -> "RegionNode | None": ...


PageKind = Callable[[Renderer], Iterable[PageJob]]

# Which listings have a page of their own in the site's other languages (the plugin's
# other_language_listings). A page per listing in every language doubles the largest part of a
# national site: 100,000 listings in two languages do not fit GitHub Pages' 1 GB or the file
# budget. With TRANSLATED_LISTINGS another language gets the pages of the listings that carry
# text of their own in it; its pages link the others to the default language's page, whose text
# is the listing's own anyway (docs/translating.md, "Listing pages in other languages").
EVERY_LISTING = "all"
TRANSLATED_LISTINGS = "translated"
LISTING_PAGE_CHOICES = (EVERY_LISTING, TRANSLATED_LISTINGS)


def has_listing_page(entry: "Entry", language: str, languages: tuple[str, ...],
                     listings: str = EVERY_LISTING) -> bool:
    """Whether ``entry`` has a page of its own in ``language`` (one of ``languages``, the
    default first), given the site's ``listings`` choice."""
    return (listings == EVERY_LISTING or language == languages[0]
            or language in entry.translated_in)


def weekly_schedule(meetings: list["Entry"]) -> list[tuple[str, list[tuple[Any, "Entry"]]]]:
    """Meetings by day (Sunday first, as Meeting Guide numbers them), each day by start time."""
    days: dict[str, list] = {day: [] for day in vocab.DAYS}
    for entry in meetings:
        if not entry.current:
            continue
        for session in entry.res.schedule:
            days[session.day].append((session, entry))
    return [(day, sorted(items, key=lambda item: (item[0].time, item[1].res.name.casefold())))
            for day, items in days.items() if items]
