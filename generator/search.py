"""The search index: Pagefind over one short document per region, holding its listings, plus
the hand-written pages, instead of over the finished site.

Why: Pagefind's time follows the HTML it reads. The finished site wraps every page in the theme
and repeats each listing on its region, category, find and meetings pages and behind a short
link: about 20 KB of HTML per listing, 2 GB at 100,000 listings. A search document holds only
the words a reader searches for (about 0.5 KB a listing).

Why a document per region and not per listing: Pagefind writes one file (a fragment) per
document, which made the search index the largest part of a national site's file count (one
file per listing and language). In a region's document each listing is a heading with an id,
which Pagefind returns as a sub-result; the search page's script makes the best-matching
listing lead its result, linked to the listing's own page (the heading's id is that page's
address), and lists the other listings that matched under it. A result downloads its whole
document, so a large region's listings are split over documents of at most PART listings.

Why plain text and one flat file per document: rendering these through Jinja cost ~100 us a
listing (10 s at 100,000); so the facts are put together in Python, every value escaped by
``markupsafe.escape`` in the one function that writes HTML (``document``), and each file is
named after its region's page (regions/<id>.html). The page's real address travels in
``data-pagefind-meta="url:..."``; the search page's script (theme/assets/navigator/search.js)
turns it into a link beside the Pagefind bundle.
"""

from __future__ import annotations

import contextlib
import json
import functools
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Container, Iterable, Iterator, Sequence

from markupsafe import escape

from . import background, markup, phones, publish, vocab
from .enrich import Directory, Entry, RegionNode
from .errors import CatalogError, Problem, Stopped, check
from .i18n import Translator
from .render import hours_text, session_text

# Parts of hand-written pages that are not worth a search hit: heading permalinks (Pagefind
# would add their ¶ to the result's title), lines shown only on paper (a guide's source line
# would open every excerpt), the data health report and the region tree (long lists of names
# that the listings' and regions' own documents already cover).
EXCLUDE_SELECTORS = ".headerlink, .rn-print-only, .rn-health, .rn-tree"
# The search page itself (fragments/search.html): its example queries would make it a result,
# and a result that leads back to the search page helps nobody.
SEARCH_PAGE_MARK = b'id="rn-search"'

# A reader's first query downloads the bundle's list of documents (pf_meta, about 5.6 bytes a
# document) besides ~120 KB of Pagefind's script and WebAssembly, and the word index's chunks
# for the words typed, which grow with the listings a bundle holds. With a document per listing
# the list alone was 564 KB at 100,000; with a document per region it is small, but one bundle
# was measured only with documents per listing (3.6 GB of Pagefind's memory at 100,000). Up to
# this many listings one bundle holds everything; a larger catalog gets a bundle of listings
# per area (a state, usually) and the main bundle keeps the regions and hand-written pages.
SPLIT_AT = 10_000
BUNDLE = "pagefind"  # the search index's folder in the site
# What an area bundle needs besides its index: the search page loads the interface from the
# main bundle, so each area's copy of it would be dead weight (about 0.4 MB an area).
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
            "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
            "pagefind-highlight.js")


def areas(directory: Directory, split_at: int = SPLIT_AT) -> list[RegionNode]:
    """The regions whose listings are searched in bundles of their own: none while the
    catalog has at most ``split_at`` listings; else the first level of the region tree with
    more than one region (the states, under a single country region)."""
    if len(directory.entries) <= split_at:
        return []
    level = directory.roots
    while len(level) == 1 and level[0].children:
        level = level[0].children
    return level if len(level) > 1 else []


def area_map(regions: dict[str, RegionNode], split: dict[str, RegionNode]) -> dict[str, str | None]:
    """Each region's area id; None for the regions above the areas (a country region)."""
    out: dict[str, str | None] = {}
    for rid, node in regions.items():
        area = next((n for n in [node] + node.ancestors()[::-1] if n.id in split), None)
        out[rid] = area.id if area is not None else None
    return out


def listing_areas(entry: Entry, areas_of: dict[str, str | None],
                  split: dict[str, RegionNode]) -> list[str]:
    """The ids of the areas whose bundles a listing is searched in: each area it serves. A
    listing of a region above the areas (a country-wide line) is in all."""
    keys: list[str] = []
    for rid in entry.regions:
        area = areas_of[rid]
        if area is None:
            return list(split)
        if area not in keys:
            keys.append(area)
    if len(keys) > 1:
        order = list(split)
        keys.sort(key=order.index)
    return keys


def listings_by_area(directory: Directory, split: dict[str, RegionNode]) -> dict[str, list[Entry]]:
    """Each area's listings, in catalog order; areas with none are left out."""
    out: dict[str, list[Entry]] = {key: [] for key in split}
    areas_of = area_map(directory.regions, split)
    for entry in directory.entries:
        for key in listing_areas(entry, areas_of, split):
            out[key].append(entry)
    return {key: entries for key, entries in out.items() if entries}


def choices(directory: Directory, split_at: int = SPLIT_AT) -> list[tuple[str, str, int]]:
    """(region id, name, listings) of each area with a bundle, for the search page's choice
    of where to search; empty while one bundle holds everything. Counted from the regions'
    totals, not listing by listing: the search page is made again after every edit in the
    live preview."""
    split = {a.id: a for a in areas(directory, split_at)}
    if not split:
        return []
    areas_of = area_map(directory.regions, split)
    above = {e.id for rid, node in directory.regions.items() if areas_of[rid] is None
             for e in node.entries}
    out = []
    for key, area in split.items():
        count = len(_ids_under(area) | above) if above else area.total
        if count:
            out.append((key, area.region.name, count))
    return out


def _ids_under(node: RegionNode) -> set[str]:
    ids = {e.id for e in node.entries}
    for child in node.children:
        ids |= _ids_under(child)
    return ids


def places(entry: Entry, regions: dict[str, RegionNode]) -> list[RegionNode]:
    """The listing's regions and the regions they lie in, nearest first, each once: a search
    for a county or a state finds the listings there."""
    seen, out = set(), []
    for rid in entry.regions:
        node = regions[rid]
        for place in [node] + node.ancestors()[::-1]:
            if place.id not in seen:
                seen.add(place.id)
                out.append(place)
    return out


def resource_lines(entry: Entry, regions: dict[str, RegionNode], t: Translator) -> list[str]:
    """What a search reads about a listing, as plain text, one fact a line. The first lines
    make the excerpt under a result, so the kind of help and the place come first."""
    r, _ = entry.res, t.gettext
    kind = [_(vocab.CATEGORIES[r.category])]
    if r.program:
        kind.append(_(vocab.PROGRAMS[r.program]))
    if entry.attendance:
        kind.append(_(vocab.ATTENDANCE[entry.attendance]))
    if r.status != "active":
        kind.append(_(vocab.STATUSES[r.status]))
    if entry.freshness == "flag":
        kind.append(_("Needs re-checking"))
    if entry.window == "ended":
        kind.append(_("Ended %(date)s") % {"date": t.date(r.valid_to)})
    elif entry.window == "upcoming":
        kind.append(_("Starts %(date)s") % {"date": t.date(r.valid_from)})
    lines = [r.alternate_name, " · ".join(kind)]
    if r.address:
        lines.append(entry.place)
    elif r.online_only:
        lines.append(_("Online or by phone only"))
    lines.append(markup.plain(entry.translated("description", t.language) or r.description))
    when = [session_text(s, t) for s in r.schedule] + ([_("By appointment")] if r.by_appointment else [])
    lines.append("; ".join(when))
    lines.append(_("Open 24 hours, 7 days") if r.always_open else "; ".join(hours_text(r.hours, t)))
    lines.append(entry.translated("hours_notes", t.language) or r.hours_notes)
    lines.append(", ".join(t.meeting_types.get(x, x) for x in r.types))
    lines.append(", ".join(f.name for f in r.formats))  # a group's own formats, in its words
    if r.languages:
        lines.append(_("Languages:") + " " + ", ".join(t.locale.languages.get(x, x) for x in r.languages))
    if r.payment:
        lines.append(_("Payment:") + " " + ", ".join(_(vocab.PAYMENT[x]) for x in r.payment))
    lines.append(", ".join(_(vocab.POPULATIONS[x]) for x in r.populations))
    lines.append(", ".join(_(vocab.ACCESSIBILITY[x]) for x in r.accessibility))
    lines.append(_("Walk-ins welcome") if r.walk_in else "")
    lines.append(_("Not accepting new clients") if r.accepting_new_clients is False else "")
    for p in r.phones:
        what = _(vocab.PHONE_TYPES[p.type]) if p.type != "main" else ""
        lines.append(" ".join(x for x in (phones.display(p.number, entry.country), what, p.keyword,
                                          p.description) if x))
    lines += [entry.translated("location_notes", t.language) or r.location_notes, r.conference_url_notes, r.conference_phone_notes, r.url, r.email]
    lines.append(", ".join(node.region.name for node in places(entry, regions)))
    return [line for line in lines if line]


def region_lines(node: RegionNode, t: Translator, own_language: bool = True) -> list[str]:
    """A region is found by its name, the regions it lies in and its introduction; its
    listings have documents of their own. The introduction is in the catalog's language
    (``own_language``: ``t``'s is that one); another language's document describes the region
    in its own words, as the region's page does (Renderer.region_page)."""
    # Pagefind keeps a document's text without its elements, so an introduction marked
    # lang="en" would still open a Spanish result's excerpt as if it were Spanish.
    intro = markup.plain(node.region.intro) if own_language else ""
    return [line for line in (
        ", ".join(a.region.name for a in node.ancestors()[::-1]),
        intro or t.gettext("Recovery resources in %(region)s") % {"region": node.region.name},
        t.ngettext("%(num)s resource", "%(num)s resources", node.total) % {"num": t.number(node.total)},
    ) if line]


# A region's listings are searched as parts of one document with a heading each (Pagefind
# makes a sub-result of each heading with an id), so the index holds a file per region, not per
# listing. A reader's result downloads its whole document: past this many listings a region's
# are split over several documents, which keeps a result's download small in a large county.
PART = 40


@dataclass(frozen=True)
class Group:
    """One search document: a region and the listings searched as its parts (``part`` counts
    from 1 when a region's listings fill several documents)."""

    node: RegionNode
    entries: tuple[Entry, ...] = ()
    part: int = 1


def home(entry: Entry, allowed: Container[str] | None = None) -> str:
    """The region whose document holds the listing: its first region (of those ``allowed``)."""
    return next(rid for rid in entry.regions if allowed is None or rid in allowed)


def groups(directory: Directory, entries: Iterable[Entry] | None = None,
           allowed: Container[str] | None = None, every_region: bool = True) -> list[Group]:
    """The documents of ``entries`` (default: the whole catalog), each under its home region,
    at most PART to a document, in region order; with ``every_region`` a region without
    listings still has its document, so that it is found by its name."""
    held: dict[str, list[Entry]] = {}
    for entry in directory.entries if entries is None else entries:
        held.setdefault(home(entry, allowed), []).append(entry)
    out = []
    for rid, node in directory.regions.items():
        mine = held.get(rid, [])
        if not mine and every_region:
            out.append(Group(node))
        for at in range(0, len(mine), PART):
            out.append(Group(node, tuple(mine[at:at + PART]), at // PART + 1))
    return out


def document(title: str, lines: list[str], url: str, language: str,
             parts: Sequence[tuple[str, str, list[str]]] = ()) -> str:
    """A search document: the title as its heading, each line a paragraph (Pagefind keeps
    paragraphs apart in its excerpts), the page's address as metadata, then each part (heading
    id, heading, lines) under a heading of its own. Everything is escaped. A listing's heading
    id is its page's address, which the search page's script turns back into a link
    (theme/assets/navigator/search.js)."""
    body = "".join(f"<p>{escape(line)}</p>\n" for line in lines)
    for ident, heading, more in parts:
        body += f'<h2 id="{escape(ident)}">{escape(heading)}</h2>\n'
        body += "".join(f"<p>{escape(line)}</p>\n" for line in more)
    return (f'<!doctype html><html lang="{escape(language)}"><body data-pagefind-body '
            f'data-pagefind-meta="url:{escape(url)}">\n<h1>{escape(title)}</h1>\n{body}</body></html>\n')


def group_name(group: Group, prefix: str) -> str:
    """The document's file, named after its region's page (and part)."""
    more = f".{group.part}" if group.part > 1 else ""
    return prefix + group.node.url.rstrip("/") + more + ".html"


def documents(directory: Directory, ts: Sequence[Translator], share: int = 0, shares: int = 1,
              items: list[Group] | None = None) -> Iterator[tuple[str, str]]:
    """(file name, HTML) of every ``shares``-th search document from ``share`` on, of ``items``
    or else of the whole catalog (groups); one document per language (``ts``), in its
    language's folder and marked with its ``lang``, so Pagefind makes an index per language and
    each search page searches its own. The first of ``ts`` is the catalog's language (the
    site's default). A region is described in its first part only."""
    items = groups(directory) if items is None else items
    for group in items[share::shares]:
        for t in ts:
            parts = [(t.listing_path(e), e.translated("name", t.language) or e.res.name,
                      resource_lines(e, directory.regions, t)) for e in group.entries]
            lines = region_lines(group.node, t, t.language == ts[0].language) if group.part == 1 else []
            yield group_name(group, t.prefix), document(group.node.region.name, lines,
                                                        t.prefix + group.node.url, t.language, parts)


def write_documents(directory: Directory, ts: Sequence[Translator], folder: str, workers: int = 1,
                    stop=None, items: list | None = None) -> int:
    """Write the search documents of ``items`` (default: all) into ``folder``; a national
    catalog's are shared between forked processes, which inherit the catalog instead of
    receiving a copy."""
    if workers > 1 and background.available():
        parts = background.fork_map(
            lambda share: _write_share(directory, ts, _apart(folder, share), share, workers, items),
            range(workers), workers)
        return _move_in_order(folder, parts)
    return sum(len(names) for names in _write_share(directory, ts, folder, 0, 1, items, stop))


def _apart(folder: str, share: int) -> str:
    return os.path.join(folder, f".share-{share}")


def _move_in_order(folder: str, parts: list[list[list[str]]]) -> int:
    """Move the documents each process wrote apart into ``folder``, in the order one process
    writes them. Pagefind numbers pages in the order it finds them, and a folder in memory
    lists its files in the order they were made: written there by racing processes, the
    index would differ from build to build."""
    shares, made, count = len(parts), set(), 0
    for i in itertools.count():
        part = parts[i % shares]
        if i // shares >= len(part):
            break  # the groups were dealt out in turn: the first one missing is the end
        for name in part[i // shares]:
            target = os.path.join(folder, name)
            if os.path.dirname(target) not in made:
                made.add(os.path.dirname(target))
                os.makedirs(os.path.dirname(target), exist_ok=True)
            os.rename(os.path.join(_apart(folder, i % shares), name), target)
            count += 1
    for share in range(shares):
        shutil.rmtree(_apart(folder, share), ignore_errors=True)
    return count


def _write_share(directory: Directory, ts: Sequence[Translator], folder: str, share: int, shares: int,
                 items: list | None = None, stop=None) -> list[list[str]]:
    """Write every ``shares``-th group's documents from ``share`` on; returns their names,
    group by group."""
    count, made = 0, set()
    out: list[list[str]] = []
    ts = list(ts)
    for name, html in documents(directory, ts, share, shares, items):
        check(stop, count)
        target = os.path.join(folder, name)
        if os.path.dirname(target) not in made:
            made.add(os.path.dirname(target))
            os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as out_file:
            out_file.write(html)
        if count % len(ts) == 0:
            out.append([])
        out[-1].append(name)
        count += 1
    return out


def copy_pages(site_dir: str, pages: Iterable[str], folder: str) -> int:
    """The hand-written pages as MkDocs wrote them (``pages``: paths inside the site), but not
    the search page. Those that a catalog page replaced carry no data-pagefind-body, so Pagefind
    skips them."""
    count = 0
    for page in sorted(set(pages)):
        source = os.path.join(site_dir, page)
        if not os.path.isfile(source):
            continue  # the theme shells, removed once the catalog pages were filled
        with open(source, "rb") as handle:
            html = handle.read()
        if SEARCH_PAGE_MARK in html:
            continue
        target = os.path.join(folder, page)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(html)
        count += 1
    return count


def run_pagefind(source: str, output: str, stop=None) -> None:
    """Pagefind's CLI (the binary ships in the pagefind-bin wheel); its failure is a build error.
    ``stop`` (the preview's) ends it early."""
    # Pages carry no data-pagefind-filter attributes: Pagefind writes its filter index in
    # hash-map order, which changes from run to run and would break byte-identical builds.
    # Filtering is done by the site's own scripts instead.
    with subprocess.Popen(
            [sys.executable, "-m", "pagefind_bin", "--site", source, "--output-path", output,
             "--exclude-selectors", EXCLUDE_SELECTORS, "--silent"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        while stop is not None and process.poll() is None:
            if stop():
                process.kill()
                process.communicate()
                raise Stopped
            time.sleep(0.1)
        out, err = process.communicate()
    if process.returncode != 0:
        raise CatalogError([Problem("site", 1, 1, "search", "the search index could not be "
                                    f"built: {(err or out).strip()[:500]}")])
    _sort_languages(os.path.join(output, "pagefind-entry.json"))


def _sort_languages(entry: str) -> None:
    """Pagefind lists a bundle's languages in hash-map order, which changes from run to run once
    a site has two; the same languages in the order of their names keep builds byte-identical
    (the loader looks them up by name)."""
    if not os.path.exists(entry):
        return
    with open(entry, encoding="utf-8") as handle:
        data = json.load(handle)
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    with open(entry, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))


def build_index(directory: Directory, ts: Sequence[Translator], site_dir: str, pages: Iterable[str],
                workers: int = 1, stop=None, output: str | None = None,
                split_at: int = SPLIT_AT, areas_job: "background.Forked | None" = None,
                keep: frozenset[str] = frozenset()) -> None:
    """Index the catalog and the hand-written ``pages`` into ``site_dir``/pagefind; a large
    catalog's listings go area by area into pagefind/in/<area>/ instead, ``workers`` areas at
    a time, unless ``areas_job`` (start_areas) is doing that already; the areas in ``keep``
    are in place already (the build cache). ``workers`` processes write an undivided
    catalog's documents."""
    output = output or site_dir
    split = {a.id: a for a in areas(directory, split_at)}
    folder = scratch(output, len(directory.regions) if split else
                     len(directory.entries) + len(directory.regions))
    try:
        main = os.path.join(folder, "main")
        # Split, the main bundle finds the regions by name; their listings are in the areas'.
        items = groups(directory, ()) if split else None
        write_documents(directory, ts, main, workers if items is None else 1, stop, items)
        copy_pages(site_dir, pages, main)
        run_pagefind(main, os.path.abspath(os.path.join(output, BUNDLE)), stop)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if areas_job is not None:
        areas_job.wait()
    elif split:
        index_areas(directory, ts, output, split_at, workers, stop=stop, keep=keep)


def start_areas(directory: Directory, ts: Sequence[Translator], output: str, split_at: int = SPLIT_AT,
                workers: int = 1, keep: frozenset[str] = frozenset()) -> "background.Forked | None":
    """The area bundles (index_areas) made by a forked process while the build writes its
    pages: they need only the catalog. None when there are no areas or no fork; build_index
    then makes them itself."""
    if not {a.id for a in areas(directory, split_at)} - keep or not background.available():
        return None
    return background.Forked("search", "the search index", functools.partial(index_areas, keep=keep),
                             directory, ts, output, split_at, workers)


def index_areas(directory: Directory, ts: Sequence[Translator], output: str, split_at: int = SPLIT_AT,
                workers: int = 1, stop=None, keep: frozenset[str] = frozenset()) -> None:
    """Each area's listings into ``output``/pagefind/in/<area>/, ``workers`` areas at a time,
    but for those in ``keep``."""
    split = {a.id: a for a in areas(directory, split_at)}
    grouped = {key: found for key, found in listings_by_area(directory, split).items() if key not in keep}
    areas_of = area_map(directory.regions, split)
    bundle = os.path.abspath(os.path.join(output, BUNDLE))
    folder = scratch(output, sum(len(entries) for entries in grouped.values()))
    try:
        def area(key: str) -> None:
            source = os.path.join(folder, "in", key)
            # A listing serving several areas is in each one's bundle, under its first region
            # there (or its country-wide region, which every area shares).
            allowed = {rid for rid, at in areas_of.items() if at in (key, None)}
            items = groups(directory, grouped[key], allowed, every_region=False)
            _write_share(directory, ts, source, 0, 1, items, stop)
            target = os.path.join(bundle, "in", key)
            run_pagefind(source, target, stop)
            shutil.rmtree(source, ignore_errors=True)
            for name in UI_FILES:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(os.path.join(target, name))

        # Threads, not processes: while one writes an area's documents (Python), the other
        # waits on Pagefind, which runs outside the interpreter.
        with ThreadPoolExecutor(max(1, workers)) as pool:
            for _done in pool.map(area, grouped):
                pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Documents are written to memory where the system offers it: on a disk, making and removing
# 100,000 small files took 24 s of a national build, against 8 s in memory. An area's
# documents are removed once Pagefind has read them, so memory holds two areas' at a time.
MEMORY = "/dev/shm"
_PREFIX = "navigator-search-"


def scratch(output: str, documents: int) -> str:
    """A new folder for the search documents: in memory when there is room for them (with a
    wide margin), else inside ``output`` (the staging site), which a killed build's clean-up
    removes with the rest. A killed build's folder in memory is removed by the next build."""
    try:
        stats = os.statvfs(MEMORY)
        room = stats.f_bavail * stats.f_frsize if os.access(MEMORY, os.W_OK) else 0
    except OSError:
        room = 0
    if room > 64 * 1024 * 1024 + documents * 16 * 1024:
        publish.remove_abandoned(MEMORY, (_PREFIX,), keep_own=True)
        return tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=MEMORY)
    return tempfile.mkdtemp(prefix=".navigator-search-", dir=output)
