"""Printed output: a resource sheet per region, the personal referral list page, the region-aware
placeholders that put local numbers into guides, and the print tools of printable hand-written
pages (``printable: true`` in their front matter).

Pure like render.py: returns pages and strings from the directory, knows neither MkDocs nor the
command line. PDFs of the printable pages are made afterwards from the finished site (pdf.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from markupsafe import Markup

from . import qr, shell, vocab
from .buildcache import EVERYTHING
from .enrich import Directory, Entry, RegionNode
from .pages import Page, PageJob, Renderer, weekly_schedule

# Placeholders that take an optional region id: without one they show what suits every region
# (the national crisis lines); with one, that region's own numbers. On a printable page without
# an argument, ``?region=<id>`` in the address swaps in a region's numbers in the browser.
REGION_PLACEHOLDERS = ("crisis_lines", "meetings_for_newcomers")
NEWCOMER_TYPE = "BE"  # Meeting Guide: beginner / newcomer
NEWCOMER_LIMIT = 12
_H1_END = re.compile(r"</h1>")
# Space to write in a worksheet, as authors write it (content/guides/*.md); 1 to 20 lines.
_WRITE_LINES = re.compile(r'<div class="write-lines" data-lines="([1-9]|1[0-9]|20)"></div>')


def _write_lines(match: re.Match) -> str:
    lines = "<span></span>" * int(match[1])
    return f'<div class="write-lines" data-lines="{match[1]}" aria-hidden="true">{lines}</div>'


@dataclass(frozen=True)
class Printable:
    """A hand-written page marked ``printable: true``."""

    url: str
    title: str
    local: bool  # shows region-dependent numbers (a region placeholder without argument)

    @property
    def pdf_name(self) -> str:
        return (self.url.rstrip("/").rsplit("/", 1)[-1] or "index") + ".pdf"  # "" is the home page

    @property
    def large_pdf_name(self) -> str:
        return self.pdf_name[:-len(".pdf")] + "-large-print.pdf"


@dataclass
class Settings:
    """What the build prints: given to the renderer, and filled with the printable pages as
    the engine renders them (before the catalog pages, whose sheets list them)."""

    pdf: bool = False
    printables: list[Printable] = field(default_factory=list)


def template_globals(renderer: Renderer) -> dict:
    """The template globals the print pieces use."""
    return {"print_settings": renderer.printing, "sheet_url": sheet_url, "sheet_pdf": sheet_pdf,
            "list_strings": functools.partial(list_strings, renderer.i18n.gettext),
            "list_strings_file": functools.partial(str, list_strings_file(renderer.i18n.gettext)[0])}


# ------------------------------------------------------------------ addresses

def sheet_url(node: RegionNode) -> str:
    """The resource sheet of a region (depth 2, like region pages, so it shares their shell)."""
    return f"sheets/{node.id}/"


def sheet_pdf(node: RegionNode) -> str:
    return f"recovery-resources-{node.id}.pdf"


LIST_URL = "list/"
LARGE_PRINT = "#large-print"  # the id in fragments/print_tools.html


def pdf_jobs(settings: Settings, directory: Directory) -> list[tuple[str, str]]:
    """(page url, pdf path) for every page the PDF build prints, in a fixed order."""
    jobs = [(p.url, p.url + p.pdf_name) for p in settings.printables]
    # The same pages in large print: print.css sets large type while #large-print is the target.
    jobs += [(p.url + LARGE_PRINT, p.url + p.large_pdf_name) for p in settings.printables]
    jobs += [(sheet_url(n), sheet_url(n) + sheet_pdf(n)) for n in directory.regions.values()]
    return jobs


# ------------------------------------------------------------------ catalog data for print

def subtree(node: RegionNode) -> list[RegionNode]:
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.children))
    return out


def crisis_lines(directory: Directory, node: RegionNode | None) -> list[Entry]:
    """National lines first, then the region's own and those of the areas around it."""
    return list(node.crisis_lines if node is not None else directory.national_crisis)


def region_reads(directory: Directory, node: RegionNode) -> list[Entry]:
    """What a region's page and sheet show of the catalog (for the build cache): the listings
    of the region and the areas in it, and the crisis lines in force there."""
    return [e for area in subtree(node) for e in area.entries] + crisis_lines(directory, node) \
        + list(directory.national_crisis)


def newcomer_meetings(directory: Directory, node: RegionNode | None) -> list[Entry]:
    """Current meetings marked for newcomers, in the region and its areas (or everywhere)."""
    def wanted(e: Entry) -> bool:
        return e.is_meeting and NEWCOMER_TYPE in e.res.types and e.current

    if node is None:
        return [e for e in directory.entries if wanted(e)]
    found: dict[str, Entry] = {}
    for area in subtree(node):  # only the region's own entries: a national catalog has 100,000
        for e in area.entries:
            if wanted(e):
                found[e.id] = e
    return sorted(found.values(), key=lambda e: (e.res.name.casefold(), e.id))  # directory order


# ------------------------------------------------------------------ placeholders

def placeholder_renderers(renderer: Renderer, root: str) -> dict[str, Callable[[str | None], Markup]]:
    """The region-aware placeholders; they replace the plain ones of the same names."""
    d = renderer.directory

    def node(arg: str | None) -> RegionNode | None:
        return d.regions[arg] if arg else None

    return {
        "crisis_lines": lambda arg: renderer.fragment(
            "crisis_lines", root, lines=crisis_lines(d, node(arg)), region=node(arg)),
        "meetings_for_newcomers": lambda arg: renderer.fragment(
            "newcomer_meetings", root, entries=newcomer_meetings(d, node(arg)), region=node(arg),
            limit=NEWCOMER_LIMIT),
    }


def placeholder_arguments(directory: Directory) -> dict[str, set]:
    """Either placeholder takes no argument or a region id."""
    ids: set = set(directory.regions) | {None}
    return {name: ids for name in REGION_PLACEHOLDERS}


# ------------------------------------------------------------------ hand-written pages

def _uses_local_numbers(html: str) -> bool:
    return 'data-rn-local="' in html and "data-rn-region=" not in html


def printable_page(renderer: Renderer, html: str, url: str, title: str, meta: dict) -> str:
    """Draw the lines of worksheet boxes; then add the print tools and the printed source line
    to a page marked ``printable: true``, and remember it for the PDF build and the sheets'
    list of guides."""
    html = _WRITE_LINES.sub(_write_lines, html)
    if not meta.get("printable"):
        return html
    page = Printable(url, title, _uses_local_numbers(html))
    if page not in renderer.printing.printables:
        renderer.printing.printables.append(page)
    root = "../" * url.count("/")
    # str(): adding a plain string to Markup would escape the page.
    tools = str(renderer.fragment("print_tools", root, page=page, pdf=renderer.printing.pdf))
    live = renderer.site_url + url if renderer.site_url else ""
    source = str(renderer.fragment("print_meta", root, live=live, site_name=renderer.site_name))
    match = _H1_END.search(html)
    at = match.end() if match else 0
    return html[:at] + "\n" + source + tools + html[at:]


# ------------------------------------------------------------------ catalog pages

def page_jobs(renderer: Renderer) -> Iterator[PageJob]:
    """The sheet of every region, then the referral list page."""
    for node in renderer.directory.regions.values():
        yield PageJob(sheet_url(node), functools.partial(sheet_page, renderer, node),
                      functools.partial(region_reads, renderer.directory, node))
    yield PageJob(LIST_URL, functools.partial(list_page, renderer), EVERYTHING)


def sheet_page(renderer: Renderer, node: RegionNode) -> Page:
    _ = renderer.i18n.gettext
    d, root = renderer.directory, "../../"
    others = [e for e in node.entries if not e.is_meeting and e.category != "crisis-line"
              and e.current]
    groups = [(cat, [e for e in others if e.category == cat]) for cat in vocab.CATEGORIES]
    meetings = [e for e in node.entries if e.is_meeting]
    live = renderer.site_url + node.url if renderer.site_url else ""
    label = _("QR code for the live page of %(region)s") % {"region": node.region.name}
    body = renderer._render(
        "sheet", root, node=node, crisis=crisis_lines(d, node), groups=[g for g in groups if g[1]],
        schedule=weekly_schedule(meetings), live=live, site_name=renderer.site_name,
        qr=qr.qr_svg(live, label, renderer.cache_dir) if live else "",
        appointments=[e for e in meetings if e.res.by_appointment and not e.res.schedule and e.current],
        guides=[p for p in renderer.printing.printables if p.local],
        local_crisis=renderer.fragment("crisis_lines", root, lines=crisis_lines(d, node), region=node),
        local_newcomers=renderer.fragment("newcomer_meetings", root, entries=newcomer_meetings(d, node),
                                          region=node, limit=NEWCOMER_LIMIT))
    title = _("Resource sheet: %(region)s") % {"region": node.region.name}
    description = _("A printable list of crisis lines, services and meetings in %(region)s.") % {
        "region": node.region.name}
    return Page(sheet_url(node), title, description, body, renderer.crisis_bar(node.crisis_lines, root))


def list_page(renderer: Renderer) -> Page:
    _ = renderer.i18n.gettext
    body = renderer._render("list", "../", site_name=renderer.site_name)
    return Page(LIST_URL, _("My resource list"), _("Resources you marked, with a note and next "
                                                   "steps, to print or share as a link."),
                body, renderer.national_crisis_bar)


def list_strings_file(gettext: Callable[[str], str]) -> tuple[str, bytes]:
    """list.js's strings as a shared script, named by its content, for the pages that carry
    the list buttons (one cached file instead of a copy in each of up to 100,000 pages)."""
    data = json.dumps(list_strings(gettext), sort_keys=True, separators=(",", ":"))
    script = f"window.rnListStrings={data};\n".encode("utf-8")
    return f"{shell.SHARED_DIR}list-strings-{hashlib.sha256(script).hexdigest()[:12]}.js", script


def list_strings(gettext: Callable[[str], str]) -> dict[str, str]:
    """Interface text of list.js and of a listing's share button and QR code (share.js, qr.js), translated;
    {name} marks a value filled in by the script."""
    _ = gettext
    return {
        "add": _("Add to my list"),
        "added": _("On my list"),
        "removeLabel": _("Remove {name} from my list"),
        "remove": _("Remove"),
        "myList": _("My list ({count})"),
        "missing": _("This listing ({id}) is no longer in the directory."),
        "offline": _("Could not load this listing ({id}). Check the connection and reload."),
        "loading": _("Loading…"),
        "cleared": _("The list is empty now."),
        "confirmClear": _("Remove every listing, the note and the next steps from this list?"),
        "copied": _("Link copied. Paste it into a text message or email."),
        "copyFailed": _("Copy the link from the address bar."),
        # a listing's share button and QR code, made by share.js and qr.js from its short link
        "share": _("Share or copy the link"),
        "shareFailed": _("Copy the short link above."),
        "shared": _("Shared."),
        "qrLabel": _("QR code for {name}"),
        "qrCaption": _("Scan to open this page on another phone"),
        "shareTitle": _("Resource list"),
        "printed": _("Printed {date}."),
        "full": _("The list holds at most {max} listings."),
    }
