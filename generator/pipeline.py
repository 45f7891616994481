"""The stages wired together: load + validate -> enrich -> render -> write. Used by both adapters
(MkDocs plugin, CLI); knows neither."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import shutil
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from markupsafe import Markup

from . import audit, background, buildcache, geocode, placeholders, printing, search, sitemap, vocab
from .enrich import Directory, enrich
from .pages import EVERY_LISTING, PageJob
from .errors import Problem
from .render import Renderer
from .shell import Shell, ShellKey, pick
from .validate import Catalog, validate


# Catalog pages that belong in the navigation: MkDocs needs a source file for a nav entry, so
# these stand in for them and are overwritten by the catalog page of the same address.
def catalog_nav_pages(_: Callable[[str], str] = vocab.N_) -> dict[str, str]:
    """The stand-ins, titled in the language of ``_`` (a gettext)."""
    titles = {"find.md": _("Find help now"), "meetings.md": _("Meetings"),
              "list.md": _("My resource list")}  # list.md: printing.list_page
    return {src: f"---\ntitle: {title}\n---\n" for src, title in titles.items()}

EXPORTS = "data"  # the folder of the open-data exports (exporters/datasets.py), in the site


def default_pages(_: Callable[[str], str] = vocab.N_) -> dict[str, str]:
    """Pages the catalog links to, for a project that has not written its own."""
    pages = {"regions.md": (_("Regions"), "region_tree"), "search.md": (_("Search"), "search")}
    return {src: f"---\ntitle: {title}\n---\n\n# {title}\n\n{{{{ {name} }}}}\n"
            for src, (title, name) in pages.items()}


CATALOG_NAV_PAGES = catalog_nav_pages()
DEFAULT_PAGES = default_pages()


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that a rebuild gives identical output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass
class Run:
    catalog_file: str
    catalog: Catalog
    directory: Directory
    renderer: Renderer  # the default (first) language's
    # One per language of the site, the default first; the others write under their folder.
    renderers: tuple[Renderer, ...] = ()
    # Listings above which search is split by area (the plugin's search_split_at option).
    search_split_at: int = search.SPLIT_AT
    # False when the build makes no search index (--no-search): the pages then offer none.
    search_enabled: bool = True
    # The data health report being made by a forked process (report.start), until health().
    health_job: "background.Forked | None" = None
    # The live preview of a large catalog: the data health page waits for its report, which
    # the preview's follow-up makes after the rebuild (preview.fill_later), instead of holding
    # every edit up by it (3.9 s of a 100,000-listing edit).
    defer_health: bool = False
    # Fragments a page waits for until the engine has finished it (placeholders.Later).
    later: placeholders.Later = field(default_factory=placeholders.Later)

    def __post_init__(self) -> None:
        if not self.renderers:
            self.renderers = (self.renderer,)

    # ------------------------------------------------------------ hand-written pages
    def speaking(self, page_url: str) -> tuple[Renderer, str]:
        """The renderer of the language a page of the site is in (by its folder), and the
        page's address inside that language."""
        for r in self.renderers[1:]:
            if page_url.startswith(r.i18n.prefix):
                return r, page_url[len(r.i18n.prefix):]
        return self.renderer, page_url

    def placeholder_renderers(self, root: str, renderer: Renderer | None = None
                              ) -> dict[str, Callable[[str | None], Markup]]:
        r = renderer or self.renderer
        return {
            "region_tree": lambda _arg: r.fragment("region_tree", root, nodes=self.directory.roots),
            "categories": lambda _arg: r.fragment("categories", root),
            "crisis_lines": printing.placeholder_renderers(r, root)["crisis_lines"],
            "search": lambda _arg: r.fragment("search", root, areas=self.search_areas(),
                                              enabled=self.search_enabled),
            "search_box": lambda _arg: r.fragment("search_box", root, areas=self.search_areas(),
                                                  enabled=self.search_enabled),
            "catalog_counts": lambda _arg: r.fragment("catalog_counts", root),
            "services": lambda arg: r.fragment("services", root, category=arg),
            "meetings_for_newcomers": printing.placeholder_renderers(r, root)["meetings_for_newcomers"],
            "data_health": lambda _arg: self._later(functools.partial(self._health_fragment, r, root)),
        }

    def _health_fragment(self, r: Renderer, root: str) -> Markup:
        return r.fragment("data_health", root, **self.health_page())

    def _later(self, make: Callable[[], Markup]) -> Markup:
        """``make()`` now; while the forked report is being made, a mark that ``later.fill``
        replaces by it once the engine has finished the page (the engine reads the other pages
        meanwhile: 0.5 s more beside the report at 100,000 listings)."""
        return make() if self.health_job is None and not self.defer_health else self.later.defer(make)

    def health(self):
        """The freshness and quality report (report.py), made once per build."""
        if getattr(self, "_health", None) is None:
            from . import report

            job, self.health_job = self.health_job, None
            self._health = report.finish(job, self.directory) if job else report.health(self.directory)
        return self._health

    def stop_health(self) -> None:
        """End the forked process making the report, when the build stops before reading it."""
        job, self.health_job = self.health_job, None
        if job is not None:
            job.cancel()

    def health_page(self) -> dict:
        """What the data health page shows: the report, how many listings each list names
        (report.page_limit) and each region's CSV table of every problem (exporters/)."""
        from . import report
        from .exporters import datasets

        health = self.health()
        state = datasets.part_of(self.directory)[0]
        rows = health.regions
        if len(rows) > report.TABLE_ROWS:
            rows = report.rolled_up(health, state, {k: n.region.name for k, n in self.directory.regions.items()})
        tables = {r.id: f"{datasets.part_folder(state(r.id))}/{datasets.HEALTH_FILE}" for r in rows}
        return {"health": health, "rows": rows, "limit": report.page_limit(health), "tables": tables,
                "group_shown": report.GROUP_SHOWN}

    def placeholder_arguments(self) -> dict[str, set]:
        # crisis_lines and meetings_for_newcomers take an optional region id (printing.py).
        return {"services": set(vocab.CATEGORIES), **printing.placeholder_arguments(self.directory)}

    def check_placeholders(self, markdown: str, path: str, first_line: int = 1) -> list[Problem]:
        known = self.placeholder_renderers("")
        return placeholders.check(markdown, path, known, self.placeholder_arguments(), first_line)

    def fill_placeholders(self, html: str, page_url: str) -> str:
        renderer, inside = self.speaking(page_url)
        root = "../" * inside.count("/")
        return placeholders.substitute(html, self.placeholder_renderers(root, renderer))

    # ------------------------------------------------------------ catalog pages
    def jobs(self) -> Iterator[tuple[Renderer, PageJob]]:
        """Every catalog page of every language, in a fixed order: all of the default
        language's, then each other language's."""
        for renderer in self.renderers:
            for job in renderer.page_jobs():
                yield renderer, job

    def write_pages(self, site_dir: str, shells: dict[ShellKey, Shell], site_url: str | None,
                    workers: int | None = None, rules: audit.Rules | None = None,
                    display: str = "site", cache: "buildcache.Cache | None" = None) -> list[Problem]:
        """Render every catalog page into ``site_dir``; large catalogs are shared between
        processes (forked, so they inherit the catalog instead of receiving a copy). With
        ``rules``, each page is audited (audit.py) as it is written, in the same process, rather
        than read back afterwards; the findings are returned, named under ``display``. With
        ``cache``, a page made from the same inputs as in the previous site is linked from it
        (it passed the same audit there)."""
        if workers is None:
            workers = render_workers(len(self.directory.entries))
        args = (site_dir, shells, site_url, rules, display, cache)
        with _catalog_frozen():
            if workers > 1:
                parts = background.fork_map(lambda share: self._write_share(*args, share, workers),
                                            range(workers), workers)
            else:
                parts = [self._write_share(*args, 0, 1)]
        done = sorted(item for part, _found in parts for item in part)
        if cache is not None:
            for _index, url, key, kept in done:
                cache.record(url + "index.html", key, kept)
        urls = [url for _index, url, _key, _kept in done]
        sitemap.write(site_dir, site_url, urls)
        return sorted(problem for _part, found in parts for problem in found)[:audit.MAX_FINDINGS]

    def _write_share(self, site_dir: str, shells: dict[ShellKey, Shell], site_url: str | None,
                     rules: audit.Rules | None, display: str, cache: "buildcache.Cache | None",
                     share: int, shares: int) -> tuple[list[tuple[int, str, str | None, bool]], list[Problem]]:
        """Write every ``shares``-th page starting at ``share``; returns (position, url, cache
        key, kept from the previous site) and the audit's findings."""
        written: list[tuple[int, str, str | None, bool]] = []
        found: list[Problem] = []
        seen: dict = {}
        shell_keys = {key: buildcache.object_digest(shell) for key, shell in shells.items()}
        for index, (renderer, job) in enumerate(self.jobs()):
            if index % shares != share:
                continue
            language = renderer.i18n.language
            url = renderer.i18n.prefix + job.url
            key = None
            if cache is not None:
                # The key holds the shell the page is filled into below (chosen the same way) and
                # the language, whose catalogue the generator's own digest covers.
                chosen = pick(shells, language, job.url.count("/"), job.layout)
                key = cache.key(url, getattr(job, "reads", None), shell_keys[chosen], site_url or "",
                                language)
                if cache.reuse(url + "index.html", key):
                    written.append((index, url, key, True))
                    continue
            page = job()
            shell = shells[pick(shells, language, page.depth, page.layout)]
            url = renderer.i18n.prefix + page.url
            canonical = (site_url.rstrip("/") + "/" + url) if site_url else ""
            data = shell.fill(page.title, page.description, page.body, page.crisis, canonical,
                              page.switch_path or page.url).encode("utf-8")
            if rules is not None and len(found) < audit.MAX_FINDINGS:
                if len(seen) > 20_000:  # tags unique to one page would otherwise pile up
                    seen.clear()
                found += audit.audit_page(data, f"{display}/{url}index.html", rules, seen)
            folder = os.path.join(site_dir, url)
            _make_folder(folder)
            with open(os.path.join(folder, "index.html"), "wb") as out:
                out.write(data)
            written.append((index, url, key, False))
        return written, found

    def write_files(self, site_dir: str, stop: Callable[[], bool] | None = None,
                    rules: audit.Rules | None = None, display: str = "site",
                    cache: "buildcache.Cache | None" = None) -> list[Problem]:
        """Short links, calendars and place lookups (Renderer.files) into the site; ``stop``
        ends the writing early when it returns true (the preview's next edit). With ``rules``,
        the short-link pages are audited on the way, as write_pages does; returns the findings.
        With ``cache``, a file whose bytes are those of the previous site's is linked from it."""
        from . import side_files

        def kept(renderer: Renderer):
            if cache is None:
                return None
            prefix, extra = renderer.i18n.prefix, (renderer.site_url or "", renderer.i18n.language)
            return lambda path, reads, *more: cache.reuse_made_from(prefix + path, reads, *extra, *more)

        items: Iterator[tuple[str, bytes]] = (
            ((r.i18n.prefix + path), data) for r in self.renderers for path, data in r.files(kept(r)))
        if stop is not None:
            items = _until(items, stop)
        if cache is not None:
            items = cache.unchanged(items)  # the same bytes passed the same audit last time
        found: list[Problem] = []
        if rules is not None:
            items = _audited(items, rules, display, found)
        side_files.write(site_dir, items)
        return found

    def write_exports(self, site_dir: str, site_url: str | None, workers: int | None = None,
                      stop: Callable[[], bool] | None = None, limits=None,
                      cache: "buildcache.Cache | None" = None) -> list[str]:
        """Open-data exports under data/ (Meeting Guide feed, HSDS, GeoJSON, data health CSV):
        exporters/, within ``limits`` (budget.Budget: whole_exports, plain_exports); with
        ``cache``, the states whose sets are unchanged are kept. Large catalogs are written by
        forked processes, never from a threaded one (the live-reload server runs threads, and
        forking a threaded process is unsafe)."""
        import threading

        from .exporters import datasets

        if workers is None:
            workers = 1 if threading.active_count() > 1 else render_workers(len(self.directory.entries))
        whole = datasets.DEFAULT_WHOLE_MEGABYTES if limits is None else limits.whole_exports
        plain = datasets.DEFAULT_PLAIN_MEGABYTES if limits is None else limits.plain_exports
        written = datasets.write(self.directory, site_dir, site_url, workers, stop, whole, self.health(), plain,
                                 cache)
        # Material's script reads sitemap.xml beside every <link rel="alternate"> (it expects
        # language versions of the site). The pages' feed link now escapes it (theme/main.html),
        # but pages a browser or the offline cache kept from earlier builds still ask for
        # data/sitemap.xml: an empty sitemap there answers them without a 404.
        with open(os.path.join(site_dir, EXPORTS, "sitemap.xml"), "w", encoding="utf-8") as handle:
            handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                         'schemas/sitemap/0.9"></urlset>\n')
        return written

    def start_exports(self, site_dir: str, site_url: str | None, limits=None,
                      cache: "buildcache.Cache | None" = None) -> "background.Forked | None":
        """write_exports in a forked process, so that a large catalog's exports are written
        while the side files are (they need neither the other's files nor its records); None
        for a small catalog or where nothing forks. ``finish_exports`` takes what it recorded.
        Call only from a process without threads."""
        if len(self.directory.entries) < LARGE_CATALOG or not background.available():
            return None
        self.health()  # made (or taken from its own process) here: a forked process cannot wait for it
        return background.Forked("exports", "the open-data exports", functools.partial(_exports_apart, self),
                                 site_dir, site_url, limits, cache)

    @staticmethod
    def finish_exports(job: "background.Forked", cache: "buildcache.Cache | None") -> None:
        """Wait for start_exports' process; what it recorded in its copy of the cache is recorded
        here. Raises its CatalogError."""
        changes = job.wait()
        if cache is not None:
            cache.adopt(changes)

    @staticmethod
    def remove_shell(site_dir: str, source_path: str) -> None:
        folder = os.path.join(site_dir, source_path[:-3])
        index = os.path.join(folder, "index.html")
        if os.path.exists(index):
            os.remove(index)
        shutil.rmtree(os.path.join(site_dir, Run.shell_folder(source_path)), ignore_errors=True)

    @staticmethod
    def shell_folder(source_path: str) -> str:
        """The top folder in the site of the shell page at ``source_path`` (navigator-shell/ or
        navigator-shell-listing/, inside its language's), without the final /."""
        before, mark, after = source_path[:-3].partition("navigator-shell")
        return before + mark + after.split("/")[0]

    # ------------------------------------------------------------ search
    def index_search(self, site_dir: str, pages: Iterable[str] = (), workers: int | None = None,
                     stop: Callable[[], bool] | None = None, output: str | None = None,
                     areas_job=None, keep: frozenset[str] = frozenset()) -> None:
        """The Pagefind index in ``site_dir``/pagefind (search.py): a short document per listing
        and region, and the hand-written ``pages`` (paths inside the site). ``areas_job``
        (start_search) is making the area bundles already; this waits for it. The areas in
        ``keep`` are in place already (the build cache)."""
        if workers is None:
            workers = render_workers(len(self.directory.entries))
        search.build_index(self.directory, self.translators, site_dir, pages, workers, stop, output,
                           split_at=self.search_split_at, areas_job=areas_job, keep=keep)

    def start_search(self, site_dir: str, keep: frozenset[str] = frozenset(), pages: list[str] | None = None):
        """Start the search index in a forked process, so that it is made while the pages are
        written: with ``pages`` (the hand-written pages it reads), all of it (index_search);
        without, a large catalog's area bundles alone (search.start_areas). None when there is
        nothing to start or no fork. Call only from a process without threads (a build, not the
        live preview)."""
        if pages is None:
            return search.start_areas(self.directory, self.translators, site_dir, self.search_split_at,
                                      render_workers(len(self.directory.entries)), keep)
        if not background.available():
            return None
        return background.Forked("search", "the search index", functools.partial(self.index_search, keep=keep),
                                 site_dir, pages)

    def search_area_listings(self) -> dict[str, list]:
        """Each search area's listings (search.listings_by_area); empty for one bundle."""
        split = {a.id: a for a in search.areas(self.directory, self.search_split_at)}
        return search.listings_by_area(self.directory, split) if split else {}

    def prefix(self, language: str) -> str:
        """The folder of ``language``'s pages in the site ("" for the default language)."""
        return next((r.i18n.prefix for r in self.renderers if r.i18n.language == language), "")

    @property
    def translators(self) -> list:
        """The site's languages (i18n.Translator), the default first."""
        return [r.i18n for r in self.renderers]

    def search_areas(self) -> list[tuple[str, str, int]]:
        """The areas searched one at a time (search.choices); none for most catalogs."""
        return search.choices(self.directory, self.search_split_at)

    # ------------------------------------------------------------ housekeeping
    def watch_paths(self) -> list[str]:
        """What the preview watches (not recursively): the folders that hold included catalog
        files, and the files beside resources.yaml one by one. MkDocs polls every watched path
        from a thread of its own, so a national catalog's thousand files are watched through
        their few folders (watching the project folder itself would also watch site/ and
        rebuild for ever). The geocoding cache is watched once it exists."""
        root_dir = os.path.abspath(self.catalog.root_dir)
        # The geocoding cache feeds coordinates (navigator geocode rewrites it), so it counts too.
        cache = geocode.cache_path(root_dir)
        paths: set[str] = {cache} if os.path.isfile(cache) else set()
        for path in self.catalog.files:
            full = os.path.abspath(os.path.join(root_dir, path))
            folder = os.path.dirname(full)
            paths.add(full if folder == root_dir else folder)
        return sorted(paths)

    @staticmethod
    def discard(staging: str) -> None:
        shutil.rmtree(staging, ignore_errors=True)


def prepare(catalog_file: str, cache_dir: str | None = None, language: str = "en",
            site_name: str = "", today: dt.date | None = None, site_url: str | None = None,
            print_settings: printing.Settings | None = None, languages: tuple[str, ...] = (),
            listing_pages: str = EVERY_LISTING, fork_health: bool = False) -> Run:
    """Validate and enrich the catalog and get a renderer ready; raises CatalogError. With
    ``fork_health`` (a build, never from a process with threads), a large catalog's data
    health report is made by a forked process from here on (Run.health takes it)."""
    today = today or build_date()
    catalog = validate(catalog_file, today=today, cache_dir=cache_dir)
    # Everything made from here on is kept, so the garbage collector would only walk the
    # catalog's millions of objects again and again (2 of 4 seconds at 100,000 resources).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        approximate = geocode.apply(catalog)  # committed cache + postal-code centres; no network
        directory = enrich(catalog, today, approximate)
        # 2 s at 100,000 listings (the duplicates' search), the engine's data health page reads
        # it, and it needs only the listings: made beside the renderer and the engine's start.
        health_job = None
        if fork_health and len(directory.entries) >= LARGE_CATALOG and background.available():
            from . import report

            health_job = report.start(directory)
        try:
            languages = tuple(languages) or (language,)
            first = Renderer(directory, languages[0], site_name, site_url or "", cache_dir, print_settings,
                             languages, listing_pages)
            renderers = (first, *(first.for_language(other) for other in languages[1:]))
        except BaseException:
            if health_job is not None:
                health_job.cancel()
            raise
        return Run(catalog_file, catalog, directory, first, renderers, health_job=health_job)
    finally:
        if was_enabled:
            gc.enable()


def _exports_apart(run: Run, site_dir: str, site_url: str | None, limits, cache: "buildcache.Cache | None",
                   stop=None) -> dict | None:
    """Run.write_exports in a forked process; returns what it recorded in the cache."""
    mark = cache.mark() if cache is not None else None
    run.write_exports(site_dir, site_url, limits=limits, cache=cache)
    return cache.changes_since(mark) if cache is not None and mark is not None else None


def _make_folder(folder: str) -> None:
    """A page's own folder; its parent (resources/, regions/) almost always exists already, and
    os.makedirs would look for it on every page before making the folder."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


@contextlib.contextmanager
def _catalog_frozen():
    """The catalog and renderers kept out of the garbage collector's walks while the pages are
    written: rendering makes garbage enough for hundreds of collections, each of which walked
    the catalog's millions of objects again (and, in a forked writer, touched every one of them,
    so the pages they sit on were copied). The preview freezes its own catalog (preview.Memory)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _audited(items, rules: audit.Rules, display: str, found: list[Problem]):
    seen: dict = {}
    for path, data in items:
        if path.endswith(".html") and len(found) < audit.MAX_FINDINGS:
            found += audit.audit_page(data, f"{display}/{path}", rules, seen)
        yield path, data


def _until(items, stop: Callable[[], bool]):
    # Asked before every item: a region's calendar can hold thousands of meetings, and 256 of
    # them kept the next edit's rebuild waiting for seconds.
    for item in items:
        if stop():
            return
        yield item


LARGE_CATALOG = 5000  # resources; from here on, pages are rendered by several processes and
                      # the previous site is deleted in the background after the swap


def render_workers(resources: int) -> int:
    """Processes for rendering: one for small catalogs (forking costs more than it saves),
    up to one per core for national ones; NAVIGATOR_WORKERS overrides."""
    override = os.environ.get("NAVIGATOR_WORKERS", "")
    if override.isdigit() and int(override) > 0:
        return int(override)
    if resources < LARGE_CATALOG or not background.available():
        return 1
    return max(1, min(os.cpu_count() or 1, 4))
