"""The site's size budget: what a build wrote, by kind, against the host's limits.

A build measures its staging folder at the end, before the swap (build.py), so a site its host
would refuse is never published and the previous one stays. The defaults fit GitHub Pages: a
published site may be at most 1 GB. Pages sets no file count, but every file costs time to make,
upload and delete (a 100,000-listing site in 337,317 files took 88 s to delete on the development
disk); 150,000 is the figure a national catalog of 100,000 listings, one page each, is meant to
fit in, so the default allows that and no more.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any, Iterable

from . import background, offline, pages, pipeline, search, share
from .errors import Problem
from .exporters import datasets

MEGABYTE = 1_000_000  # hosts state their limits in decimal units: 1 GB is 1,000 MB
DEFAULT_MEGABYTES = 1000  # GitHub Pages' limit for a published site
DEFAULT_FILES = 150_000
SETTING = "site_budget"
LARGEST_SHOWN = 3  # kinds named in the error, largest first

_ONE_PAGE_EACH = "*/index.html"
OTHER_LISTINGS = "the other languages' resource pages"
# Each file's kind is the first whose pattern matches its path in the site (fnmatch: * spans /).
# The addresses come from the modules that make them, so a moved page is still counted right.
KINDS: tuple[tuple[str, str | tuple[str, ...]], ...] = (
    ("PDFs", "*.pdf"),
    ("search index", f"{search.BUNDLE}/*"),
    ("resource pages", "resources/" + _ONE_PAGE_EACH),
    ("calendars, one per meeting", "resources/*.ics"),
    ("calendars, one per region", "regions/*.ics"),
    ("region pages", "regions/" + _ONE_PAGE_EACH),
    ("near-me places", "*places.json"),
    ("sheets", "sheets/*"),  # printing.sheet_url
    ("short links", share.FOLDER + "*"),  # the lookup pages (short_links.py)
    ("category pages", "categories/*"),
    ("finder pages (find, meetings, list)",
     tuple(name[:-len(".md")] + "/index.html" for name in pipeline.CATALOG_NAV_PAGES)),
    ("data: compressed copies (.gz)", f"{datasets.DATA}/*.gz"),
    ("data: HSDS JSON", f"{datasets.DATA}/*{os.path.dirname(datasets.SERVICES_FILE)}/*.json"),
    ("data: data health CSV", f"{datasets.DATA}/*{datasets.HEALTH_FILE}"),
    ("data: HSDS CSV", f"{datasets.DATA}/*.csv"),
    ("data: Meeting Guide JSON", f"{datasets.DATA}/*{datasets.FEED_FILE}"),
    ("data: GeoJSON", f"{datasets.DATA}/*{datasets.GEOJSON_FILE}"),
    ("data: index and sitemap", "data/*"),
    ("offline (worker, manifests, page)", (offline.WORKER, offline.OFFLINE_URL + "*")),
    ("assets (styles, scripts, images)", "assets/*"),
    ("sitemaps", ("sitemap.xml*", "sitemap-*.xml.gz")),
    # Every page of each further language, in its two-letter folder (es/: i18n.prefix); their
    # listing pages apart, the largest part of a second language at national size.
    (OTHER_LISTINGS, "??/resources/" + _ONE_PAGE_EACH),
    ("the other languages' pages", "??/*"),
    ("hand-written pages and other files", "*"),
)


# The kinds published gzip-only with plain_exports: 0 (their gzip copies are counted apart).
PLAIN_EXPORTS = ("data: HSDS JSON", "data: data health CSV", "data: HSDS CSV", "data: GeoJSON")

# Every kind's patterns in one expression, in order: the first alternative that matches names the
# kind (a site of 100,000 listings has 334,000 files, each tried against up to 27 patterns).
_KIND_NAMES = [kind for kind, patterns in KINDS for _ in ((patterns,) if isinstance(patterns, str) else patterns)]
_KINDS = re.compile("|".join(f"(?P<k{number}>{fnmatch.translate(pattern)})" for number, pattern in enumerate(
    pattern for _kind, patterns in KINDS for pattern in ((patterns,) if isinstance(patterns, str) else patterns))))


def kind_of(path: str) -> str:
    """The kind of one file, by its path inside the site (forward slashes)."""
    found = _KINDS.match(path)
    if found is None or found.lastgroup is None:
        raise AssertionError("the last kind matches every path")
    return _KIND_NAMES[int(found.lastgroup[1:])]


@dataclass
class Breakdown:
    """Bytes and files per kind of one site folder."""

    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [bytes, files]

    def add(self, path: str, size: int) -> None:
        tally = self.kinds.setdefault(kind_of(path), [0, 0])
        tally[0] += size
        tally[1] += 1

    @property
    def bytes(self) -> int:
        return sum(b for b, _f in self.kinds.values())

    @property
    def files(self) -> int:
        return sum(f for _b, f in self.kinds.values())

    def largest(self, by: int) -> list[tuple[str, int, int]]:
        """(kind, bytes, files), largest first by bytes (``by`` 0) or files (1); ties by name."""
        rows = [(kind, b, f) for kind, (b, f) in self.kinds.items()]
        return sorted(rows, key=lambda row: (-(row[1] if by == 0 else row[2]), row[0]))

    def table(self) -> str:
        """The breakdown as aligned lines, largest first."""
        width = max((len(kind) for kind in self.kinds), default=0)
        lines = [f"  {kind:<{width}}  {megabytes(b):>12}  {f:>9,} files"
                 for kind, b, f in self.largest(0)]
        lines.append(f"  {'whole site':<{width}}  {megabytes(self.bytes):>12}  {self.files:>9,} files")
        return "\n".join(lines)


def measure(site_dir: str) -> Breakdown:
    """Every file under ``site_dir`` by kind (sizes as the host counts them: bytes of content)."""
    return breakdown(sizes(site_dir))


def sizes(site_dir: str, workers: int = 1, unlisted: Iterable[str] = (),
          known: Iterable[str] = ()) -> dict[str, int]:
    """Every file under ``site_dir`` (its path in the site, with /) and its size in bytes.

    ``unlisted``: folders (paths in the site, ending in /) whose subfolders are not listed;
    the files in those are the ``known`` ones that exist. For a national site's 100,000
    listing folders (resources/<id>/), which hold only what the build wrote or kept there
    (the build cache's record): opening 100,000 folders was most of the walk (0.8 s of a
    core), a look at each known file costs half as much.

    With ``workers`` > 1, forked processes share the folders two levels down and the known
    files: listing a folder is the kernel's work, so two cores take 0.95 s where one took
    1.35-2.3 s. Not from a process with threads."""
    out: dict[str, int] = {}
    handoff: list[tuple[str, str]] = []
    skip = tuple(unlisted)
    _walk([("", site_dir)], out, handoff if workers > 1 else None, skip)
    inside = [path for path in known if path.startswith(skip) and "/" in _below(path, skip)] if skip else []
    if len(handoff) + len(inside) < SHARED_WALK or workers < 2:
        _walk(handoff, out)
        out.update(_stat_share((site_dir, inside)))
        return out
    shares: list[tuple[str, Any]] = [("walk", handoff[n::workers]) for n in range(workers)]
    shares += [("stat", (site_dir, inside[n::workers])) for n in range(workers) if inside]
    for part in background.fork_map(_share, shares, workers):
        out.update(part)
    return out


SHARED_WALK = 5_000  # folders and files: fewer are listed faster than processes start


def _below(path: str, folders: tuple[str, ...]) -> str:
    """What follows the first of ``folders`` that ``path`` starts with."""
    return next(path[len(f):] for f in folders if path.startswith(f))


def _walk(folders: list[tuple[str, str]], out: dict[str, int],
          handoff: list[tuple[str, str]] | None = None, skip: tuple[str, ...] = ()) -> None:
    """The files under ``folders`` ((path in the site, folder) pairs) into ``out``; with
    ``handoff``, the folders two levels down go there instead of being listed; the subfolders
    of ``skip`` (paths in the site) are left out."""
    stack = list(folders)
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prefix in skip:
                        continue
                    inner = (prefix + entry.name + "/", entry.path)
                    (handoff if handoff is not None and "/" in prefix else stack).append(inner)
                else:
                    out[prefix + entry.name] = entry.stat(follow_symlinks=False).st_size


def _stat_share(job: tuple[str, list[str]]) -> dict[str, int]:
    """The size of each of the files (paths in the site) that exists."""
    site_dir, paths = job
    out: dict[str, int] = {}
    for path in paths:
        try:
            info = os.lstat(os.path.join(site_dir, path))
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            out[path] = info.st_size
    return out


def _share(job: tuple[str, Any]) -> dict[str, int]:
    kind, work = job
    if kind == "stat":
        return _stat_share(work)
    out: dict[str, int] = {}
    _walk(work, out)
    return out


def breakdown(files: dict[str, int]) -> Breakdown:
    """``files`` (path -> bytes) by kind."""
    out = Breakdown()
    for path, size in files.items():
        out.add(path, size)
    return out


def megabytes(size: int) -> str:
    return f"{size / MEGABYTE:,.2f} MB"


@dataclass
class Budget:
    """The limits a built site must keep to, and where each was set (a line of the settings
    file; ``plugin_line`` is the navigator plugin's, where an unset limit would be written)."""

    megabytes: int = DEFAULT_MEGABYTES
    files: int = DEFAULT_FILES
    lines: dict[str, int] = field(default_factory=dict)  # "megabytes"/"files" -> line, when set
    plugin_line: int = 1
    # Megabytes up to which a format's whole-catalog export is published beside the per-region
    # files, and above which a format is published gzip-only (exporters/datasets.py, content/data.md).
    whole_exports: int = datasets.DEFAULT_WHOLE_MEGABYTES
    plain_exports: int = datasets.DEFAULT_PLAIN_MEGABYTES

    def problems(self, config_file: str) -> list[Problem]:
        """Limits that are not a positive whole number (the exports' may be 0: never whole,
        always gzip-only)."""
        out = []
        for name, what, least in (("megabytes", "megabytes (1000 is GitHub Pages' limit of 1 GB)", 1),
                                  ("files", "files", 1), ("whole_exports", "megabytes", 0),
                                  ("plain_exports", "megabytes", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                fix = "write a whole number above 0" if least else "write a whole number, 0 or more"
                out.append(self._problem(config_file, name, f"{value!r} is not a number of {what}; {fix}"))
        return out

    def check(self, site: Breakdown, config_file: str, listing_pages: str = pages.EVERY_LISTING) -> list[Problem]:
        """One problem for each limit the site is over, naming the figures, the largest kinds,
        the settings that would shrink it here (``listing_pages``: the site's
        other_language_listings) and the fix."""
        out = []
        if site.bytes > self.megabytes * MEGABYTE:
            largest = ", ".join(f"{kind} {megabytes(b)}" for kind, b, _f in site.largest(0)[:LARGEST_SHOWN])
            levers = "; ".join(f"{setting} ({what}: {size} less)" for setting, what, size
                               in self.levers(site, listing_pages))
            out.append(self._problem(config_file, "megabytes", (
                f"the site is {megabytes(site.bytes)}, over its budget of {self.megabytes:,} MB; "
                f"largest: {largest}. "
                + (f"Settings that make this site smaller: {levers}. Otherwise make" if levers else "Make")
                + " the largest kinds smaller (fewer listings in this site, or "
                f"fewer exports), or raise {SETTING}: megabytes: if the host publishes larger sites "
                f"(GitHub Pages: 1000)")))
        if site.files > self.files:
            largest = ", ".join(f"{kind} {f:,}" for kind, _b, f in site.largest(1)[:LARGEST_SHOWN])
            out.append(self._problem(config_file, "files", (
                f"the site has {site.files:,} files, over its budget of {self.files:,}; largest: "
                f"{largest}. Make the largest kinds smaller, or raise {SETTING}: files: if the host "
                f"takes more")))
        return out

    def levers(self, site: Breakdown, listing_pages: str = pages.EVERY_LISTING) -> list[tuple[str, str, str]]:
        """The settings not yet used that would make this site smaller, with what each does and
        about how much it saves, measured from the site's own kinds."""
        sizes = {kind: b for kind, b, _f in site.largest(0)}
        out = []
        other = sizes.get(OTHER_LISTINGS, 0)
        if listing_pages == pages.EVERY_LISTING and other:
            out.append(("other_language_listings: translated",
                        "other languages' listing pages only for translated listings", f"up to {megabytes(other)}"))
        plain = sum(sizes.get(kind, 0) for kind in PLAIN_EXPORTS)
        if self.plain_exports and plain:
            out.append((f"{SETTING}: plain_exports: 0", "exports gzip-only but the Meeting Guide feed",
                        f"about {megabytes(plain)}"))
        return out

    def _problem(self, config_file: str, name: str, message: str) -> Problem:
        line = self.lines.get(name)
        return Problem(config_file, line or self.plugin_line, 1, f"{SETTING}.{name}", message)
