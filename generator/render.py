"""The directory -> catalog pages and fragments, with Jinja (autoescape on, undefined is an error).

Pure: returns page objects and strings; writing them is the adapters' business. Catalog text is
only ever a template *value*, never template source, so ``{{ }}`` in a name stays text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator

import jinja2
from markupsafe import Markup

from . import geo, markup, phones, vocab
from .enrich import Directory, Entry, RegionNode
from .i18n import Translator
from .meeting_types import MEETING_TYPES

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
DAY_ORDER = list(vocab.DAYS)
SHORT_DAYS = {d: d[:3].title() for d in vocab.DAYS}


@dataclass
class Page:
    """One catalog page: ``body`` is HTML for the content area; the rest is plain text."""

    url: str
    title: str
    description: str
    body: str
    crisis: str

    @property
    def depth(self) -> int:
        return self.url.count("/")


def environment(translator: Translator) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_translations(translator.catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        markdown=markup.markdown,
        plain=markup.plain,
        date=translator.date,
        time=translator.time,
        tel=phones.tel_uri,
        phone=phones.display,
    )
    env.tests["contains"] = lambda seq, item: item in seq
    env.globals.update(
        vocab=vocab,
        meeting_types=MEETING_TYPES,
        i18n=translator,
        label=lambda table, key: translator.gettext(getattr(vocab, table).get(key, key)),
        map_link=map_link,
        crisis_contacts=crisis_contacts,
        hours_text=lambda hours: hours_text(hours, translator),
        session_text=lambda s: session_text(s, translator),
    )
    return env


def crisis_contacts(entry: Entry):
    """The number to call (a crisis line first) and the number to text, either may be None."""
    calls = [p for p in entry.res.phones if p.type not in ("text", "fax")]
    call = next((p for p in calls if p.type == "crisis"), calls[0] if calls else None)
    text = next((p for p in entry.res.phones if p.type == "text"), None)
    return call, text


def map_link(entry: Entry) -> str | None:
    res = entry.res
    address = None
    if res.address:
        a = res.address
        address = ", ".join(x for x in (a.address_1, a.city, a.state_province, a.postal_code) if x)
    return geo.map_link(res.latitude, res.longitude, address)


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


class Renderer:
    """Renders every catalog page and the fragments hand-written pages embed."""

    def __init__(self, directory: Directory, language: str = "en", site_name: str = ""):
        self.directory = directory
        self.i18n = Translator(language)
        self.env = environment(self.i18n)
        self.site_name = site_name
        self._templates = {name: self.env.get_template(name + ".html") for name in (
            "region", "resource", "category", "crisis_bar")}
        self.national_crisis_bar = self.crisis_bar(directory.national_crisis, root="")

    def _render(self, name: str, root: str, **context) -> str:
        template = self._templates.get(name) or self.env.get_template(name + ".html")
        return template.render(d=self.directory, root=root, **context)

    def crisis_bar(self, regional: list[Entry], root: str) -> str:
        lines = list(self.directory.national_crisis) + [e for e in regional
                                                          if e not in self.directory.national_crisis]
        return self._render("crisis_bar", root, lines=lines)

    def fragment(self, name: str, root: str, **context) -> Markup:
        """A piece of a hand-written page (region tree, category list, crisis lines...)."""
        return Markup(self._render("fragments/" + name, root, **context))

    def pages(self) -> Iterator[Page]:
        """Every catalog page; a generator so that a national build never holds them all."""
        d = self.directory
        _ = self.i18n.gettext
        by_name = sorted(d.regions.values(), key=lambda n: n.region.name.casefold())
        for category, label in vocab.CATEGORIES.items():
            yield Page(f"categories/{category}/", _(label),
                       _("Where to find: %(category)s") % {"category": _(label)},
                       self._render("category", "../../", category=category, regions=by_name),
                       self.national_crisis_bar)
        for node in d.regions.values():
            yield self.region_page(node)
        for entry in d.entries:
            yield self.resource_page(entry)

    def region_page(self, node: RegionNode) -> Page:
        _ = self.i18n.gettext
        root = "../../"
        meetings = [e for e in node.entries if e.res.is_meeting]
        others = [e for e in node.entries if not e.res.is_meeting]
        groups = [(cat, [e for e in others if e.res.category == cat]) for cat in vocab.CATEGORIES
                  if cat != "crisis-line"]
        own_crisis = [e for e in others if e.res.category == "crisis-line"]
        crisis_cards = own_crisis + [e for e in node.crisis if e not in own_crisis]
        body = self._render("region", root, node=node, groups=[g for g in groups if g[1]],
                            crisis_cards=crisis_cards,
                            schedule=weekly_schedule(meetings), appointments=[
                                e for e in meetings if e.res.by_appointment and not e.res.schedule],
                            meetings=meetings)
        description = markup.plain(node.region.intro) or _("Recovery resources in %(region)s") % {
            "region": node.region.name}
        return Page(node.url, node.region.name, description, body, self.crisis_bar(node.crisis, root))

    def resource_page(self, entry: Entry) -> Page:
        root = "../../"
        regional = []
        for rid in entry.res.regions:
            regional += self.directory.regions[rid].crisis
        body = self._render("resource", root, e=entry, regions=[
            self.directory.regions[rid] for rid in entry.res.regions])
        description = markup.plain(entry.res.description)[:300] or entry.res.name
        return Page(entry.url, entry.res.name, description, body, self.crisis_bar(regional, root))


def weekly_schedule(meetings: list[Entry]) -> list[tuple[str, list[tuple[object, Entry]]]]:
    """Meetings by day (Sunday first, as Meeting Guide numbers them), each day by start time."""
    days: dict[str, list] = {day: [] for day in DAY_ORDER}
    for entry in meetings:
        if entry.window == "ended" or entry.res.status == "inactive":
            continue
        for session in entry.res.schedule:
            days[session.day].append((session, entry))
    return [(day, sorted(items, key=lambda item: (item[0].time, item[1].res.name.casefold())))
            for day, items in days.items() if items]
