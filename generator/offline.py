"""Reading with no signal: the offline page, the service worker and what it keeps.

The build writes, after every other file of the site:

    sw.js                       the service worker (templates/offline/sw.js), headed by this
                                build's version and, for each language, its offline page and
                                precache list
    offline/manifest.json       the same lists, with what each costs compressed
    <lang>/offline/regions/<id>.json
                                what saving a region in one language downloads: its pages and
                                those of its areas, their listings, its resource sheets, its ZIP
                                table (places.json) and its search bundle in that language, each
                                as [address, bytes, digest] (<lang>/ is empty for the default
                                language); a region made of areas lists only what none of its
                                areas' manifests do, and names those areas in "parts"

A reader keeps the shell of each language they read in, not of all: one language's shell is
most of the first-visit budget (docs/architecture.md, "Offline").

The version is a hash of every file of the site, so any change to any page makes a new worker,
whose caches are filled from this build alone and replace the old ones when it takes over
(docs/architecture.md, "Offline"). Addresses are relative to the site's root: the worker
resolves them against its own scope, so the site works at any base path.
"""

from __future__ import annotations

import concurrent.futures
import functools
import gzip
import hashlib
import json
import logging
import os
import posixpath
import re
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple

from . import background, i18n, offline_search, printing
from .filefacts import Facts
from .pages import Page, PageJob

if TYPE_CHECKING:
    from .enrich import Directory, RegionNode
    from .pages import Renderer

log = logging.getLogger("mkdocs.plugins.navigator")

OFFLINE_URL = "offline/"
WORKER = "sw.js"
MANIFEST = "offline/manifest.json"
REGIONS_DIR = "offline/regions"
# A page slower than this on a weak connection is answered from the cache when it has one.
NETWORK_TIMEOUT_MS = 4000
# What a first visit may download for reading offline, the worker and its precache, compressed
# (gzip -6, as servers send it).
PRECACHE_BUDGET = 300_000
_SOURCE = os.path.join(os.path.dirname(__file__), "templates", "offline", "sw.js")
# Stylesheets, scripts and icons a page loads from the site (a same-site path, never a URL).
_ASSET = re.compile(r'<(?:script[^>]*?\ssrc|link\s+rel="(?:stylesheet|icon)"[^>]*?\shref)="(?!https?:|//|data:|#)([^"?#]+)"')


# A file's digest in the manifests: the start of its SHA-256. It tells this build's file from
# another build's (nothing adversarial: both come from the same site), and 64 bits do that while
# keeping a national site's manifests small: a state lists thousands of files.
DIGEST_CHARS = 16


class File(NamedTuple):
    """One file the worker stores: its address (relative to the site's root), its bytes and its
    digest (DIGEST_CHARS of its SHA-256 in hex). Written as it is, [address, bytes, digest]; a
    tuple, since a national site's manifests make 230,000 of them a language."""

    url: str
    bytes: int
    digest: str


# ------------------------------------------------------------------ the offline page
def page_jobs(renderer: "Renderer") -> Iterator[PageJob]:
    yield PageJob(OFFLINE_URL, lambda: offline_page(renderer))


def offline_page(renderer: "Renderer") -> Page:
    """What a reader sees offline in place of a page this device has not kept."""
    _ = renderer.i18n.gettext
    # The guides' index is linked when the site has guides (printable pages under guides/).
    guides = any(p.url.startswith("guides/") for p in renderer.printing.printables)
    body = renderer._render("offline", "../", guides=guides)
    return Page(OFFLINE_URL, _("You are offline"),
                _("Crisis lines, and the pages and regions saved on this device."),
                body, renderer.national_crisis_bar)


def strings(gettext) -> dict[str, str]:
    """Interface text of offline.js, translated; {name} marks a value the script fills in."""
    _ = gettext
    return {
        "save": _("Save this region for offline ({size})"),
        "saving": _("Saving for offline… {done} of {total} files"),
        "saved": _("Saved on this device for offline use ({size})."),
        "remove": _("Remove from this device"),
        "removed": _("Removed from this device."),
        "failed": _("Could not save this region: the connection dropped. Try again when you have signal."),
        "full": _("Could not save this region: this device has no room left for it."),
        "updating": _("The site has just been updated; saving the new version…"),
        "nothingSaved": _("Nothing is saved on this device yet."),
        "listCount": _("{count} listings on your list"),
        "listEmpty": _("Your list is empty."),
        "kb": _("{n} KB"),
        "mb": _("{n} MB"),
    }


# ------------------------------------------------------------------ the build stage
def write(site_dir: str, directory: "Directory", languages: Iterable[str] = ("en",),
          facts: "Facts | None" = None, files: dict[str, int] | None = None, workers: int = 1) -> dict[str, int]:
    """Write the worker and its manifests into ``site_dir`` (the finished site); ``languages``:
    the site's, the default first (the others' pages live under their folders). ``facts`` holds
    what the previous build read from the files this one kept (filefacts.py); ``files``, every
    file of the site and its size (budget.sizes), when the caller has walked it already; with
    ``workers`` > 1, languages' region manifests are written by forked processes at once.
    Call only from a process without threads. Returns what it wrote, with sizes."""
    facts = facts or Facts(None)
    languages = tuple(languages)
    prefixes = {code: i18n.prefix(code, languages) for code in languages}
    written: dict[str, int] = {}
    hashes = _hash_site(site_dir, prefixes.values(), facts, files)
    size_of = files.__getitem__ if files is not None else lambda path: os.path.getsize(os.path.join(site_dir, path))
    version = _version(hashes)
    search = offline_search.Search.read(site_dir, hashes, facts)
    # A file is in many manifests (a listing in its county's and state's, in every language):
    # its size is asked of the disk once (461,558 asks for 115,000 files at national size).
    known: dict[str, File] = {}

    def file_of(url: str) -> File:
        found = known.get(url)
        if found is None:
            path = _path(url)
            found = known[url] = File(url, size_of(path), hashes[path][:DIGEST_CHARS])
        return found

    refs = AssetRefs(facts)
    shells = {code: [file_of(u) for u in precache_urls(site_dir, directory, hashes, prefix, refs)]
              for code, prefix in prefixes.items()}
    regions_in = functools.partial(_language_regions, site_dir, directory, hashes, search, version, file_of, refs)
    _all_regions(regions_in, [(code, prefix, [f.url for f in shells[code]]) for code, prefix in prefixes.items()],
                 facts, written, workers)
    compressed = {code: sum(len(gzip.compress(_read(site_dir, f.url), 6, mtime=0)) for f in files)
                  for code, files in shells.items()}
    manifest = {"version": version, "timeout_ms": NETWORK_TIMEOUT_MS, "languages": [
        {"code": code, "prefix": prefix, "offline": prefix + OFFLINE_URL, "precache": shells[code]}
        for code, prefix in prefixes.items()]}
    written[MANIFEST] = _write_json(site_dir, MANIFEST, dict(manifest, precache_gzip_bytes=compressed))
    with open(_SOURCE, encoding="utf-8") as source:
        worker = (f"// Generated by the build (generator/offline.py); the code is templates/offline/sw.js.\n"
                  f"var MANIFEST = {json.dumps(manifest, sort_keys=True)};\n{source.read()}").encode()
    with open(os.path.join(site_dir, WORKER), "wb") as handle:
        handle.write(worker)
    written[WORKER] = len(worker)
    # A first visit keeps the shell of the page's language: the largest one is the cost.
    first_visit = max(compressed.values()) + len(gzip.compress(worker, 6, mtime=0))
    if first_visit > PRECACHE_BUDGET:
        log.warning(f"navigator: the worker and its precache are {first_visit:,} bytes compressed, over "
                    f"their budget of {PRECACHE_BUDGET:,}: a first visit on a weak signal downloads all of it")
    return written


_Language = tuple[str, str, list[str]]  # a language's code, folder prefix and precached addresses
_Regions = tuple[dict[str, int], dict[str, list[str]]]  # the manifests written, the asset facts learnt


def _all_regions(regions_in: "Callable[[_Language], _Regions]", languages: list[_Language], facts: Facts,
                 written: dict[str, int], workers: int) -> None:
    """Every language's region manifests (``regions_in``: _language_regions). A national site's
    are 2,600 files for two languages (3.4 s); with ``workers`` > 1 each language is written by
    a forked process, which sends back what it wrote and the asset facts it learnt (the next
    build reads them: filefacts.py)."""
    if workers < 2 or len(languages) < 2 or not background.available():
        for language in languages:
            written.update(regions_in(language)[0])
        return
    # in the languages' order, as one process writes them
    for part, assets in background.fork_map(regions_in, languages, workers):
        written.update(part)
        facts.adopt("assets", assets)


def _language_regions(site_dir: str, directory: "Directory", hashes: dict[str, str],
                      search: "offline_search.Search", version: str, file_of: "Callable[[str], File]",
                      refs: "AssetRefs", language: _Language) -> _Regions:
    code, prefix, shell = language
    written: dict[str, int] = {}
    _write_regions(site_dir, directory, hashes, search, version, code, prefix, shell, file_of, written, refs)
    return written, refs.facts.new.get("assets", {})


def _write_regions(site_dir: str, directory: "Directory", hashes: dict[str, str], search: "offline_search.Search",
                   version: str, language: str, prefix: str, shell: list[str],
                   file_of: "Callable[[str], File]", written: dict[str, int], refs: "AssetRefs") -> None:
    """Each region's manifest in one language, at <prefix>offline/regions/<id>.json."""
    listed: dict[str, list[str]] = {}
    lists = {node.id: [file_of(u) for u in region_urls(site_dir, node, hashes, search, shell, language, prefix,
                                                       refs, listed)]
             for node in directory.regions.values()}
    for node in directory.regions.values():
        files = lists[node.id]
        own, parts = _own_files(files, [lists[c.id] for c in node.children]), [c.id for c in node.children]
        if own is None:
            own, parts = files, []
        record = {"version": version, "region": node.id, "language": language, "name": node.region.name,
                  "url": prefix + node.url, "bytes": sum(f.bytes for f in files), "files": own}
        rel = f"{prefix}{REGIONS_DIR}/{node.id}.json"
        written[rel] = _write_json(site_dir, rel, dict(record, parts=parts) if parts else record)


def _own_files(files: list[File], areas: list[list[File]]) -> list[File] | None:
    """What a region's manifest lists beside its areas' manifests, which the worker reads too:
    the files none of them lists. None when an area lists a file the region does not hold
    (saving the region would then download more than it says), so the region lists them all."""
    if not areas:
        return None
    theirs = {f.url for area in areas for f in area}
    if not theirs <= {f.url for f in files}:
        return None
    return [f for f in files if f.url not in theirs]


def read_region(site_dir: str, prefix: str, region_id: str) -> tuple[dict, list[File]]:
    """A region's manifest in the language under ``prefix`` and every file saving it stores,
    its areas' included, as the worker gathers them."""
    with open(os.path.join(site_dir, f"{prefix}{REGIONS_DIR}/{region_id}.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    files = [File(*f) for f in manifest["files"]]
    for part in manifest.get("parts", []):
        files += read_region(site_dir, prefix, part)[1]
    return manifest, list({f.url: f for f in files}.values())


def precache_urls(site_dir: str, directory: "Directory", hashes: dict[str, str], prefix: str = "",
                  refs: "AssetRefs | None" = None) -> list[str]:
    """The shell every visitor keeps in the language under ``prefix``: the offline page (the
    crisis lines in full), home, the list, the guides, and the stylesheets, scripts and icon
    these and listing pages load (a listing is the page readers open most). Scripts only
    region pages load travel with each saved region instead, and so do the crisis lines' own
    pages: the budget has no room here."""
    guides = prefix + "guides/"
    pages = [prefix, prefix + OFFLINE_URL, prefix + printing.LIST_URL]
    pages += sorted(p[:-len("index.html")] for p in hashes if p.startswith(guides) and p.endswith("index.html"))
    pages = [p for p in _unique(pages) if _path(p) in hashes]
    listing = [_in_language(directory.entries[0].url, prefix, hashes)] if directory.entries else []
    icon = "assets/images/favicon.png"
    assets = sorted(_assets(site_dir, pages + listing, hashes, refs))
    return _unique(pages + assets + ([icon] if icon in hashes else []))


def region_urls(site_dir: str, node: "RegionNode", hashes: dict[str, str], search: "offline_search.Search",
                precache: Iterable[str] = (), language: str = "en", prefix: str = "",
                refs: "AssetRefs | None" = None, listed: dict[str, list[str]] | None = None) -> list[str]:
    """What saving a region downloads in the language under ``prefix``: its pages and its
    areas', the listings in them and the crisis lines in force, the resource sheets, the ZIP
    tables (one for every language), the search bundle and the scripts these pages load that
    the precache does not hold. ``listed`` keeps each region's own listings' addresses for the
    next call in the same language (a listing is in its county's, state's and country's)."""
    nodes = printing.subtree(node)
    listed = {} if listed is None else listed
    urls = [prefix + n.url for n in nodes] + [prefix + printing.sheet_url(n) for n in nodes]
    for n in nodes:
        if n.id not in listed:
            listed[n.id] = [_in_language(e.url, prefix, hashes) for e in n.entries]
        urls += listed[n.id]
    # Each area's ZIP table too: near-me on an area's page reads its own.
    urls += [_in_language(e.url, prefix, hashes) for e in node.crisis_lines] + [f"regions/{n.id}/places.json" for n in nodes]
    urls = [u for u in _unique(urls) if _path(u) in hashes]
    found = offline_search.files_for(urls, search, language, prefix)
    # Pages of one kind load the same scripts: the region's page, its sheet, one listing and
    # the search page.
    listing = next((_in_language(e.url, prefix, hashes) for n in nodes for e in n.entries), None)
    samples = [prefix + node.url, prefix + printing.sheet_url(node)] + ([listing] if listing else []) + found[:1]
    assets = sorted(_assets(site_dir, samples, hashes, refs) - set(precache) - set(found))
    return urls + assets + found


def _in_language(url: str, prefix: str, hashes: dict[str, str]) -> str:
    """A listing's page in the language under ``prefix``, or the default language's where that
    language has none (other_language_listings: translated), as the pages link it."""
    own = prefix + url
    return own if not prefix or _path(own) in hashes else url


def _assets(site_dir: str, pages: Iterable[str], hashes: dict[str, str],
            refs: "AssetRefs | None" = None) -> set[str]:
    """Site files the pages load as scripts, stylesheets and icons."""
    refs = refs or AssetRefs(None)
    out = set()
    for url in pages:
        if _path(url) not in hashes:
            continue
        for ref in refs(site_dir, _path(url)):
            target = posixpath.normpath(posixpath.join(url or ".", ref)).lstrip("/")
            if target in hashes:
                out.add(target)
    return out


class AssetRefs:
    """The addresses of the scripts, stylesheets and icons a page file names, as written in it:
    read once in a build (the search page is a sample of every region's), and not at all from
    a file the previous build read and this one kept (``facts``, filefacts.py): a national
    site's manifests look at four pages for each of 2,600 regions and languages."""

    def __init__(self, facts: "Facts | None") -> None:
        self.facts = facts or Facts(None)
        self.seen: dict[str, list[str]] = {}

    def __call__(self, site_dir: str, path: str) -> list[str]:
        found = self.seen.get(path)
        if found is None:
            found = self.seen[path] = self.facts.get("assets", site_dir, path, _asset_refs).split("\n")
        return [ref for ref in found if ref]


def _asset_refs(path: str) -> str:
    """The asset addresses in the page file at ``path``, one a line."""
    with open(path, "rb") as handle:
        return "\n".join(_ASSET.findall(handle.read().decode("utf-8", "replace")))


HASH_CHUNK = 256  # files a thread hashes per task


def _hash_site(site_dir: str, prefixes: Iterable[str] = ("",), facts: "Facts | None" = None,
               files: Iterable[str] | None = None) -> dict[str, str]:
    """Every file of the site (path relative to its root, '/'-separated) -> SHA-256, except
    what this stage writes. A file the previous build hashed and this one kept is not read
    again (``facts``); threads overlap reading and hashing the others (both release the GIL):
    a 10,000-listing site has some 34,000 files."""
    own = tuple(prefix + REGIONS_DIR + "/" for prefix in prefixes)
    paths = sorted(p for p in (_files(site_dir, "") if files is None else files)
                   if p != WORKER and p != MANIFEST and not p.startswith(own))
    facts = facts or Facts(None)
    known = {p: facts.get("sha256", site_dir, p, _unread) for p in paths}
    unread = [p for p, value in known.items() if not value]

    def digests(rels: list[str]) -> list[str]:
        out = []
        for rel in rels:
            with open(os.path.join(site_dir, rel), "rb") as handle:
                out.append(hashlib.file_digest(handle, "sha256").hexdigest())
        return out

    # A thread pool's map makes a future for each item at once (its chunksize is ignored):
    # at 100,000 listings that was 114,000 futures, 213 MB, the build's peak. One per chunk.
    chunks = [unread[at:at + HASH_CHUNK] for at in range(0, len(unread), HASH_CHUNK)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for chunk, values in zip(chunks, pool.map(digests, chunks)):
            for path, value in zip(chunk, values):
                known[path] = value
                facts.set("sha256", path, value)
    return known


def _unread(_path: str) -> str:
    return ""  # hashed afterwards, several at a time


def _files(folder: str, prefix: str) -> Iterator[str]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path, prefix + entry.name + "/")
            else:
                yield prefix + entry.name


def _version(hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for path in sorted(hashes):
        digest.update(f"{path}\0{hashes[path]}\n".encode())
    return digest.hexdigest()[:16]


def _path(url: str) -> str:
    """The file behind an address: a page's address ends in '/' (or is the home page, '')."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def _read(site_dir: str, url: str) -> bytes:
    with open(os.path.join(site_dir, _path(url)), "rb") as handle:
        return handle.read()


def _write_json(site_dir: str, rel: str, data: dict) -> int:
    """Write ``data`` at ``rel``; returns the file's size."""
    path = os.path.join(site_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(text)
    return len(text)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
