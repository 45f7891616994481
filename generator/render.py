"""The directory -> catalog pages and fragments, with Jinja (autoescape on, undefined is an error).

Pure: returns page objects and strings; writing them is the adapters' business. Catalog text is
only ever a template *value*, never template source, so ``{{ }}`` in a name stays text.
"""

from __future__ import annotations

import copy
import functools
import os
import posixpath
from typing import Callable, Iterable, Iterator

import jinja2
from markupsafe import Markup, escape

from . import find, geo, geocode, markup, offline, phones, places, printing, schedule, share, side_files, vocab
from .buildcache import EVERYTHING
from .enrich import Directory, Entry, RegionNode
from .exporters import ics
from .i18n import Translator
from .i18n import prefix as i18n_prefix
from .pages import EVERY_LISTING, Page, PageJob, has_listing_page, weekly_schedule
from .shell import LISTING, LISTING_ALONE

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
DAY_ORDER = list(vocab.DAYS)
FIND_LIMIT = 2000  # listings on the site-wide find and meetings pages; beyond it, pick a region
SHORT_DAYS = dict(zip(vocab.DAYS, (vocab.N_("Sun"), vocab.N_("Mon"), vocab.N_("Tue"), vocab.N_("Wed"),
                                   vocab.N_("Thu"), vocab.N_("Fri"), vocab.N_("Sat"))))


def environment(translator: Translator, cache_dir: str | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Compiled templates are kept (checked against their source): the live preview makes
        # a new environment after every edit, and compiling costs more than the pages it shows.
        bytecode_cache=_bytecode_cache(cache_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_cached_gettext(translator), ngettext=_cached_ngettext(translator), newstyle=False)
    # Old-style callables, but with keyword formatting like Jinja's new style. The result is
    # plain text, so autoescape escapes translation and values alike on output.
    env.globals["_"] = env.globals["gettext"]
    env.filters.update(
        markdown=markup.markdown,
        plain=markup.plain,
        date=translator.date,
        time=translator.time,
        number=translator.number,
        tel=phones.tel_uri,
        sms=phones.sms_uri,
        phone=phones.display,
    )
    env.tests["contains"] = lambda seq, item: item in seq
    env.globals.update(
        vocab=vocab,
        meeting_types=translator.meeting_types,
        i18n=translator,
        label=lambda table, key: translator.gettext(getattr(vocab, table).get(key, key)),
        map_link=map_link,
        crisis_contacts=crisis_contacts,
        hours_text=lambda hours: hours_text(hours, translator),
        session_text=lambda s: session_text(s, translator),
        find_attrs=find.data_attributes,
        list_attrs=find.list_attributes,
    )
    return env


def _bytecode_cache(cache_dir: str | None) -> jinja2.BytecodeCache | None:
    if not cache_dir:
        return None
    path = os.path.join(cache_dir, "jinja")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written only costs time
    return jinja2.FileSystemBytecodeCache(path)


def crisis_contacts(entry: Entry):
    """The number to call and the number to text (enrich.contacts), either may be None."""
    return entry.call, entry.text


def _cached_gettext(translator: Translator):
    lookup = functools.lru_cache(maxsize=4096)(translator.gettext)

    def gettext(message: str, **values) -> str:
        text = lookup(message)
        return text % values if values else text
    return gettext


def _cached_ngettext(translator: Translator):
    lookup = functools.lru_cache(maxsize=1024)(translator.ngettext)

    def ngettext(singular: str, plural: str, count: int, **values) -> str:
        # The form is chosen by the count; the count is shown as the language writes numbers.
        return lookup(singular, plural, count) % dict(values, num=translator.number(count))
    return ngettext


def map_link(entry: Entry) -> str | None:
    """Open in map: at the coordinates, or else a search for the address as the geocoder asks
    for it (geocode.query: the second line, a suite or floor, only confuses a map search)."""
    res = entry.res
    return geo.map_link(res.latitude, res.longitude, geocode.query(res.address) if res.address else None)


def hours_text(hours, translator: Translator) -> list[str]:
    """Opening hours as readable lines, consecutive days joined (Mon-Fri 9:00 AM-5:00 PM)."""
    lines = []
    for block in hours:
        indexes = sorted(vocab.DAY_INDEX[d] for d in block.days)
        runs, start, prev = [], indexes[0], indexes[0]
        for index in indexes[1:] + [None]:
            if index is not None and index == prev + 1:
                prev = index
                continue
            first, last = DAY_ORDER[start], DAY_ORDER[prev]
            runs.append(translator.gettext(SHORT_DAYS[first]) if start == prev else
                        f"{translator.gettext(SHORT_DAYS[first])}–{translator.gettext(SHORT_DAYS[last])}")
            if index is not None:
                start = prev = index
        lines.append(f"{', '.join(runs)} {translator.time(block.opens_at)}–{translator.time(block.closes_at)}")
    return lines


def session_text(session, translator: Translator) -> str:
    when = translator.time(session.time)
    if session.end_time:
        when += "–" + translator.time(session.end_time)
    if session.weeks:
        weeks = ", ".join(translator.gettext(vocab.WEEKS[w]) for w in session.weeks)
        return translator.gettext("%(weeks)s %(day)s of the month, %(when)s") % {
            "weeks": weeks, "day": translator.gettext(vocab.DAYS[session.day]), "when": when}
    return f"{translator.gettext(vocab.DAYS[session.day])} {when}"


def own_text(entry: Entry, field: str, language: str, source_language: str,
             as_markdown: bool = False) -> Markup:
    """A listing's own ``field`` on a page in ``language``: its translation when it has one,
    else the original, marked with the catalog's language so that a screen reader reads it
    in the right voice (and a reader sees why it is not translated)."""
    value = entry.translated(field, language)
    marked = value is None and language != source_language
    value = value if value is not None else getattr(entry.res, field)
    if not value:
        return Markup("")
    html = markup.markdown(value) if as_markdown else escape(value)
    if not marked:
        return Markup(html)
    tag = "div" if as_markdown else "span"
    # Joined by hand: Markup.format escapes through string.Formatter, about 30 us a call, and a
    # page in another language than the catalog's makes several of these.
    return Markup(f'<{tag} lang="{escape(source_language)}">{html}</{tag}>')


class Renderer:
    """Renders every catalog page and the fragments hand-written pages embed, in one language;
    ``for_language`` gives the same catalog's renderer in another."""

    def __init__(self, directory: Directory, language: str = "en", site_name: str = "",
                 site_url: str = "", cache_dir: str | None = None,
                 print_settings: printing.Settings | None = None, languages: tuple[str, ...] = (),
                 listing_pages: str = EVERY_LISTING):
        self.directory = directory
        self.languages = languages or (language,)
        self.listing_pages = listing_pages  # pages.LISTING_PAGE_CHOICES
        self.site_name = site_name
        self.home_url = (site_url or "").rstrip("/") + "/" if site_url else ""
        self.short_codes = share.short_codes([e.id for e in directory.entries])
        self.unit = "mi" if directory.catalog.site.country in ("US", "GB") else "km"
        self.cache_dir = cache_dir
        self.gazetteer = places.Gazetteer(directory)
        # What the build prints, filled in as the engine renders the printable pages.
        self.printing = print_settings if print_settings is not None else printing.Settings()
        self._speak(language)

    def _speak(self, language: str) -> None:
        """Everything of this renderer that depends on its language."""
        prefix = i18n_prefix(language, self.languages)
        self.i18n = Translator(language, prefix)
        # Absolute addresses (QR codes, calendars, printed sheets) lead to this language's pages.
        self.site_url = self.home_url + prefix if self.home_url else ""
        self.up = "../" * prefix.count("/")  # from this language's root to the site's
        self.env = environment(self.i18n, self.cache_dir)
        self.env.globals["stale_flag_months"] = self.directory.catalog.site.stale_flag_months
        source = self.languages[0]
        self.env.globals["own"] = lambda e, field, as_markdown=False: own_text(
            e, field, language, source, as_markdown)
        # The language of catalog text shown untranslated (a region's intro) on this language's
        # pages, for its lang attribute; empty on the catalog's own language's pages.
        self.env.globals["catalog_lang"] = source if language != source else ""
        # The rule itself, not this renderer's method: the translator must not point back here
        # (a cycle would keep a replaced catalog alive until the next collection).
        self.i18n.has_listing_page = functools.partial(
            has_listing_page, language=language, languages=self.languages, listings=self.listing_pages)
        self.env.globals["href"] = self.i18n.listing_href
        self._crisis_bars: dict[tuple, str] = {}
        self._templates = {name: self.env.get_template(name + ".html") for name in (
            "region", "resource", "category", "crisis_bar")}
        self.national_crisis_bar = self.crisis_bar(self.directory.national_crisis, root="")
        self.env.globals.update(printing.template_globals(self))
        self.env.globals["offline_strings"] = functools.partial(offline.strings, self.i18n.gettext)

    def for_language(self, language: str) -> "Renderer":
        """The same catalog, places and short codes, with pages in ``language`` (under its
        folder in the site)."""
        other = copy.copy(self)
        # Its own list of printable guides (its sheets list the guides in its language); PDFs
        # are printed from the default language's.
        other.printing = printing.Settings(pdf=False)
        other._speak(language)
        return other

    def has_listing_page(self, entry: Entry, language: str | None = None) -> bool:
        """Whether ``entry`` has a page of its own in ``language`` (this renderer's by default)."""
        return has_listing_page(entry, language or self.i18n.language, self.languages, self.listing_pages)

    def listing_layout(self, entry: Entry) -> str:
        """The layout of the listing's page here: LISTING_ALONE for a page of the default
        language that some other language has no counterpart of (no hreflang to it, and the
        language switch leads to that language's home)."""
        if self.listing_pages == EVERY_LISTING or all(self.has_listing_page(entry, other)
                                                      for other in self.languages):
            return LISTING
        return LISTING_ALONE

    def own_name(self, entry: Entry) -> str:
        """The listing's name on this language's pages (plain text: titles, search)."""
        return entry.translated("name", self.i18n.language) or entry.res.name

    def _render(self, name: str, root: str, **context) -> str:
        template = self._templates.get(name) or self.env.get_template(name + ".html")
        return template.render(d=self.directory, root=root, site_root=root + self.up, **context)

    def crisis_bar(self, lines: list[Entry], root: str, anchor: str = "rn-crisis") -> str:
        """The bar of the crisis lines in force (RegionNode.crisis_lines, Directory.crisis_lines_for);
        ``anchor``: its id, which its jump link targets (a page holding two bars needs two)."""
        # Thousands of pages share a handful of crisis bars; render each combination once.
        key = (tuple(e.id for e in lines), root, anchor)
        bar = self._crisis_bars.get(key)
        if bar is None:
            bar = self._crisis_bars[key] = self._render("crisis_bar", root, lines=lines, anchor=anchor)
        return bar

    def fragment(self, name: str, root: str, **context) -> Markup:
        """A piece of a hand-written page (region tree, category list, crisis lines...)."""
        return Markup(self._render("fragments/" + name, root, **context))

    def pages(self) -> Iterator[Page]:
        """Every catalog page; a generator so that a national build never holds them all."""
        for job in self.page_jobs():
            yield job()

    def page_jobs(self) -> Iterator[PageJob]:
        """One job per catalog page, in a fixed order, so that several processes can share
        the rendering (each takes every n-th job) and still produce the same site; the live
        preview looks jobs up by address instead (preview.py)."""
        for kind in KINDS:
            yield from kind(self)

    def category_page(self, category: str, regions: list[RegionNode]) -> Page:
        _ = self.i18n.gettext
        label = vocab.CATEGORIES[category]
        return Page(f"categories/{category}/", _(label),
                    _("Where to find: %(category)s") % {"category": _(label)},
                    self._render("category", "../../", category=category, regions=regions),
                    self.national_crisis_bar)

    def region_page(self, node: RegionNode) -> Page:
        _ = self.i18n.gettext
        root = "../../"
        # Like the printed sheet, the page lists only what is current (ended meetings and
        # inactive services keep their own pages, with a badge).
        listed = [e for e in node.entries if e.current]
        meetings = [e for e in listed if e.is_meeting]
        others = [e for e in listed if not e.is_meeting]
        groups = [(cat, [e for e in others if e.category == cat]) for cat in vocab.CATEGORIES
                  if cat != "crisis-line"]
        own_crisis = [e for e in others if e.category == "crisis-line"]
        # The region's own lines first (a national line listed here too), then the rest in force.
        crisis_cards = own_crisis + [e for e in node.crisis_lines
                                     if e not in own_crisis and e not in self.directory.national_crisis]
        body = self._render("region", root, node=node, groups=[g for g in groups if g[1]],
                            crisis_cards=crisis_cards, **self.filter_context(
                                others + meetings, "region", "places.json", node.region.name, node.url),
                            calendar_url="meetings.ics" if any(ics.has_dates(e, self.directory.today)
                                                                for e in ics.region_meetings(node)) else "",
                            schedule=weekly_schedule(meetings), appointments=[
                                e for e in meetings if e.res.by_appointment and not e.res.schedule],
                            meetings=meetings)
        # The intro is in the catalog's language: another language's page describes itself.
        intro = markup.plain(node.region.intro) if self.i18n.language == self.languages[0] else ""
        description = intro or _("Recovery resources in %(region)s") % {"region": node.region.name}
        return Page(node.url, node.region.name, description, body, self.crisis_bar(node.crisis_lines, root))

    def resource_page(self, entry: Entry) -> Page:
        root = "../../"
        body = self._render("resource", root, e=entry, regions=[
            self.directory.regions[rid] for rid in entry.regions], **self.share_context(entry))
        name = self.own_name(entry)
        description = markup.plain(entry.translated("description", self.i18n.language)
                                   or entry.res.description)[:300] or name
        layout = self.listing_layout(entry)
        # A page the other languages lack: their switch leads to the listing's region there.
        switch = self.directory.regions[entry.regions[0]].url if layout == LISTING_ALONE else ""
        return Page(entry.url, name, description, body,
                    self.crisis_bar(list(entry.crisis_lines), root), layout, switch)

    # ------------------------------------------------------------ find, meetings, share
    def filter_context(self, entries: list[Entry], scope: str, places_url: str, name: str,
                       page_url: str = "") -> dict:
        """What fragments/filters.html needs for a page listing ``entries`` (at ``page_url``)."""
        _ = self.i18n.gettext
        if self.up and places_url:
            # Place names are the same in every language: the other languages' pages read the
            # default language's lookups (side_files writes them once).
            places_url = ("../" * page_url.count("/") + self.up
                          + posixpath.normpath(posixpath.join(page_url, places_url)))
        entries = [e for e in entries if e.category != "crisis-line"]
        return {"opts": find.panel_options(entries, self.i18n), "scope": scope,
                "places_url": places_url if self.gazetteer.enabled else "", "unit": self.unit,
                "unit_label": _("miles") if self.unit == "mi" else _("km"),
                "strings": find.script_strings(self.i18n, self.unit),
                "times_of_day": schedule.TIMES_OF_DAY,  # the scripts' only copy of the boundaries
                "title": _("Filter these listings"), "share_title": name}

    def share_context(self, entry: Entry) -> dict:
        # The page's QR code is drawn in the browser from short_absolute (theme/assets/navigator/
        # qr.js): made here it cost ~2 ms and ~2.5 KB per page, too much at 100,000 pages.
        short = share.short_url(self.short_codes[entry.id])
        absolute = self.site_url + short if self.site_url else ""
        dated = ics.has_dates(entry, self.directory.today)
        return {"short": short, "short_absolute": absolute, "calendar": dated,
                "calendar_region": dated and self.calendar_home(entry)}

    def calendar_home(self, entry: Entry) -> RegionNode | None:
        """The region calendar a meeting's page takes its single-meeting file from (ics.py)."""
        return ics.calendar_home(entry, (self.directory.regions[rid] for rid in entry.regions))

    def find_page(self) -> Page:
        _ = self.i18n.gettext
        d = self.directory
        listed = [e for e in d.entries if e.category != "crisis-line" and e.current]
        entries = listed if len(listed) <= FIND_LIMIT else []
        body = self._render("find", "../", entries=entries, nodes=d.roots,
                            **self.filter_context(entries, "find", "places.json", _("Find help"), "find/"))
        return Page("find/", _("Find help"), _("Filter every listing by kind of help, payment, "
                                                 "language, time and distance."), body,
                    self.national_crisis_bar)

    def meetings_page(self) -> Page:
        _ = self.i18n.gettext
        d = self.directory
        meetings = [e for e in d.entries if e.is_meeting]
        too_many = len(meetings) > FIND_LIMIT
        shown = [] if too_many else meetings
        body = self._render("meetings", "../", schedule=weekly_schedule(shown), too_many=too_many,
                            nodes=d.roots, appointments=[e for e in shown if e.res.by_appointment
                                                          and not e.res.schedule],
                            **self.filter_context(shown, "meetings", "../find/places.json", _("Meetings"),
                                                  "meetings/"))
        return Page("meetings/", _("Meetings"), _("Mutual-support meetings by day, with what is "
                                                  "on now."), body, self.national_crisis_bar)

    def files(self, kept=None) -> Iterator[tuple[str, bytes]]:
        """Files beside the pages: short links, calendars and the near-me place lookup (``kept``:
        side_files.files)."""
        return side_files.files(self, kept)


# ------------------------------------------------------------------ the page kinds, in site order

def category_jobs(r: Renderer) -> Iterator[PageJob]:
    by_name = sorted(r.directory.regions.values(), key=lambda n: n.region.name.casefold())
    for category in vocab.CATEGORIES:
        yield PageJob(f"categories/{category}/", functools.partial(r.category_page, category, by_name),
                      EVERYTHING)


def region_jobs(r: Renderer) -> Iterator[PageJob]:
    for node in r.directory.regions.values():
        yield PageJob(node.url, functools.partial(r.region_page, node),
                      functools.partial(printing.region_reads, r.directory, node))


def resource_jobs(r: Renderer) -> Iterator[PageJob]:
    for entry in r.directory.entries:
        if r.has_listing_page(entry):
            yield PageJob(entry.url, functools.partial(r.resource_page, entry),
                          functools.partial(resource_reads, entry), r.listing_layout(entry))


def finder_jobs(r: Renderer) -> Iterator[PageJob]:
    yield PageJob("find/", r.find_page, EVERYTHING)
    yield PageJob("meetings/", r.meetings_page, EVERYTHING)


def resource_reads(entry: Entry) -> list[Entry]:
    """What a resource page shows of the catalog: its listing and the crisis lines in force
    (its crisis bar); the names of its regions come with the region definitions."""
    return [entry, *entry.crisis_lines]


KINDS: tuple[Callable[[Renderer], Iterable[PageJob]], ...] = (category_jobs, region_jobs, resource_jobs, finder_jobs,
                               printing.page_jobs, offline.page_jobs)
