"""One build, whatever the engine: every stage in order, from the catalog to the published site.

    validate + enrich      Build.start      (pipeline.prepare; staging folder beside the site)
    hand-written pages     the engine       (engine.py: it asks this module for placeholders,
                                             print tools and the crisis bar, and hands back the
                                             theme shells the catalog pages are filled into)
    catalog pages          Build.finish     (audited as they are written)
    side files, exports, audit of the engine's pages, PDFs, search, the form editor, the offline
    manifests (offline.py), publish (swap + stamp)

``build(options, engine)`` runs them all; an engine's own command (``mkdocs build``,
``mkdocs gh-deploy``) reaches the same ``Build.start`` and ``Build.finish`` through the plugin,
so every path that publishes is staged, audited and swapped the same way. The live preview
(preview.py) stops after the engine's pages and makes catalog pages on request.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import (admin, audit, budget, buildcache, bundles, corrections, engine_replay, enrich, filefacts, geocode, i18n,
               offline, pages, pipeline, placeholders, printing, publish, reports, share, shell, stamp, tasklist)
from .search_plan import SearchPlan
from .errors import CatalogError, Problem

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("mkdocs.plugins.navigator")


@dataclass
class Options:
    """The project's settings, whichever engine read them (absolute paths)."""

    catalog: str
    cache_dir: str
    site_dir: str
    site_url: str | None = None
    site_name: str = ""
    language: str = "en"
    # The site's languages, the default first (the plugin's languages:); the others' pages
    # live in a folder named for each (es/), at the same paths.
    languages: tuple[str, ...] = ()
    languages_line: int = 1  # where the settings file lists them, for its errors
    # Which listings have a page of their own in the other languages (pages.LISTING_PAGE_CHOICES).
    other_language_listings: str = pages.EVERY_LISTING
    other_language_listings_line: int = 1
    config_file: str = "mkdocs.yml"  # the settings file's name, as messages show it
    search: bool = True
    # Above this many listings, search runs one area (state) at a time (search.SPLIT_AT).
    search_split_at: int | None = None
    atomic: bool = True  # build in a staging folder, then swap it into place
    pdf: bool = False  # print every guide and region sheet to PDF (pdf.py)
    pdf_paper: str = "letter"
    pdf_browser: str = "/usr/bin/chromium"
    site_budget: budget.Budget = field(default_factory=budget.Budget)  # checked before the swap
    project_dir: str = ""  # the folder of the settings file (the form editor's bundle is there)
    # The correction loop (corrections.py): the GitHub repository taking reports and edits.
    repository: str = ""
    repo_url: str | None = None
    branch: str = "main"
    report_email: str = ""
    reuse: bool = True  # keep the previous site's files whose inputs are unchanged (buildcache.py)

    def problems(self) -> list[Problem]:
        """Settings that cannot work, as problems naming the settings file."""
        split, out = self.search_split_at, self.site_budget.problems(self.config_file)
        out += i18n.language_problems(self.languages, self.config_file, self.languages_line)
        if self.other_language_listings not in pages.LISTING_PAGE_CHOICES:
            out.append(Problem(
                self.config_file, self.other_language_listings_line, 1, "other_language_listings",
                f"{self.other_language_listings!r} is not a choice; write {pages.EVERY_LISTING} (a page "
                f"per listing in every language) or {pages.TRANSLATED_LISTINGS} (in the other languages, "
                "pages only for listings translated into them)"))
        if split is not None and split < 0:
            out.append(Problem(
                self.config_file, 1, 1, "search_split_at",
                f"{split} is not a number of listings; write 0 or more (0 searches listings area "
                "by area whatever the catalog's size), or leave the option out"))
        return out


class Build:
    """One build (or one preview rebuild): the catalog run, where the site is being written,
    and what the engine handed over on the way (shells, its pages for search and audit)."""

    def __init__(self, options: Options, preview: bool = False) -> None:
        self.options = options
        self.preview = preview
        self._run: pipeline.Run | None = None
        self.shells: dict[shell.ShellKey, shell.Shell] = {}
        self.final_dir: str | None = None
        self.staging: str | None = None
        self.inputs_key: str | None = None  # what this build is made from (stamp.py)
        self.unaudited: list[str] = []  # files the engine wrote, audited from disk at the end
        self.pages: list[str] = []  # hand-written pages (paths in the site), for search
        self.failure: CatalogError | None = None  # the report adapters print
        self.corrections = corrections.Settings()  # no repository: no report or edit links
        # Where the site's own files come from, first found first (MkDocs: the docs folder,
        # then theme.dirs): the files a shell bundles are read there (bundles.py).
        self.asset_folders: list[str] = []
        self._bundles_written: set[tuple[str, str]] = set()  # (site folder, path)
        self._bundles: dict[tuple[str, ...], tuple[str, bytes]] = {}  # (site folder, *names) -> bundle
        self.site_files: list[str] = []  # every file of the finished site (budget.sizes)
        # What the engine asks and answers while it renders, kept for the next build's
        # (engine_replay.py); None when its run is not recorded.
        self.recorder: engine_replay.Recorder | None = None
        self.engine_late: engine_replay.Late | None = None  # a kept engine run's last step, if any

    @property
    def run(self) -> pipeline.Run:
        """The validated catalog and its renderer (from start on)."""
        if self._run is None:
            raise RuntimeError("Build.start has not run")
        return self._run

    @property
    def site_dir(self) -> str:
        """Where the engine writes: the staging folder while a build runs."""
        return self.staging or self.options.site_dir

    # ------------------------------------------------------------ validate + enrich
    def start(self, inputs_key: str | None = None) -> None:
        """Validate and enrich the catalog, then make the staging folder; raises CatalogError.
        ``inputs_key`` is the stamp key taken before anything was read (stamp.py)."""
        o = self.options
        # The collector stays off until the catalog is frozen: the first collection after
        # pipeline.prepare would walk every object it made, all of them kept (1 s at 100,000
        # listings). The catalog lives until the build ends: frozen, it is not walked again
        # while pages are made, and forked workers share its memory pages. (The preview
        # freezes each edit's catalog itself: preview.Memory.)
        collecting = gc.isenabled() and not self.preview
        if collecting:
            gc.disable()
        try:
            self._validate(inputs_key)
            if not self.preview:
                gc.freeze()
        finally:
            if collecting:
                gc.enable()
        if o.search_split_at is not None:
            self.run.search_split_at = o.search_split_at
        self.run.search_enabled = o.search
        for warning in self.run.catalog.warnings:
            log.warning(str(warning))
        # Printed sheets, short links and QR codes carry site_url: a placeholder address there
        # sends readers nowhere once the listings are real (an example catalog says it is one).
        placeholder = share.site_url_warning(o.site_url)
        if placeholder and not self.run.catalog.site.example_data:
            log.warning(placeholder)
        if self.preview:
            return
        if not o.atomic:
            stamp.forget(o.cache_dir, o.site_dir)  # written in place from here on
        else:
            self.final_dir = o.site_dir
            self.staging = publish.staging_dir(o.site_dir)

    def _validate(self, inputs_key: str | None) -> None:
        o = self.options
        with _timed("catalog validated"):
            problems = o.problems()
            if problems:
                self._fail(CatalogError(problems))
            self.inputs_key = inputs_key
            try:
                self._run = pipeline.prepare(
                    o.catalog, cache_dir=o.cache_dir, language=o.language, site_name=o.site_name,
                    site_url=o.site_url, print_settings=printing.Settings(pdf=o.pdf and not self.preview),
                    languages=o.languages, listing_pages=o.other_language_listings,
                    fork_health=not self.preview)
                self._run.defer_health = self.preview and len(self._run.directory.entries) >= pipeline.LARGE_CATALOG
                self.corrections = corrections.settings(
                    o.repository, o.repo_url, o.branch, o.report_email,
                    o.project_dir or os.path.dirname(o.catalog), o.config_file)
                for renderer in self._run.renderers:
                    corrections.install(renderer, self.corrections)
                    if not self.preview:
                        reports.install(renderer, log)  # open reports, with a workflow's token
            except BaseException as exc:
                if self._run is not None:
                    self._run.stop_health()  # nothing will read the report now
                if isinstance(exc, CatalogError):
                    self._fail(exc)
                raise

    def adopt(self, run: pipeline.Run) -> None:
        """Preview with an earlier edit's catalog (this edit's has errors: overlay.py)."""
        self._run = run

    # ------------------------------------------------------------ the engine's pages
    def check_page(self, markdown: str, path: str, first_line: int = 1) -> None:
        """Refuse unknown placeholders in a hand-written page (placeholders.py)."""
        problems = self.run.check_placeholders(markdown, path, first_line)
        if problems:
            self._fail(CatalogError(problems))
        self._note("check_page", (markdown, path, first_line), None)

    def page_html(self, html: str, url: str, title: str, meta: dict) -> str:
        """A hand-written page's content with its placeholders filled and, when it is marked
        printable, its print tools (printing.py)."""
        filled = tasklist.name_checkboxes(self.run.fill_placeholders(html, url))
        renderer, inside = self.run.speaking(url)
        answer = printing.printable_page(renderer, filled, inside, title, meta)
        self._note("page_html", (html, url, title, meta), answer)
        return answer

    def crisis_bar(self, is_shell: bool, url: str = "", anchor: str = "") -> str:
        """What the theme puts in the crisis block: the national lines in the language of the
        page at ``url`` (their jump target's id ``anchor`` when not the usual), or the shell's
        mark."""
        if is_shell:
            answer = shell.CRISIS_MARK
        else:
            renderer = self.run.speaking(url)[0]
            answer = (renderer.crisis_bar(renderer.directory.national_crisis, "", anchor=anchor) if anchor
                      else renderer.national_crisis_bar)
        self._note("crisis_bar", (is_shell, url, anchor), answer)
        return answer

    def _note(self, name: str, args: tuple, answer) -> None:
        if self.recorder is not None:
            self.recorder.note(name, args, answer)

    def add_shell(self, depth: int, html: str, canonical_url: str | None, language: str = "",
                  layout: str = shell.PAGE) -> None:
        """A theme shell for catalog pages ``depth`` folders deep inside ``language``'s part of
        the site (the default language when not given) in ``layout`` (shell.LISTING: a
        listing's own page); the files its pages share are written."""
        self._note("add_shell", (depth, html, canonical_url, language, layout), None)
        key = (language or self.run.renderer.i18n.language, depth, layout)
        gettext = self.run.speaking(self.run.prefix(key[0]))[0].i18n.gettext
        self.shells[key] = shell.Shell(html, canonical_url, functools.partial(self.bundle, gettext=gettext))
        self.shells[key].write_assets(self.site_dir)

    def bundle(self, names: list[str], gettext=str) -> tuple[str, bytes]:
        """bundles.make of ``names``. One that reads no language's strings (the site's
        stylesheet, named on every page) is made once for each site folder, not for each page."""
        if bundles.LIST_STRINGS in names:
            return bundles.make(names, gettext, self.asset_folders)
        key = (self.site_dir, *names)
        if key not in self._bundles:
            self._bundles = {k: v for k, v in self._bundles.items() if k[0] == self.site_dir}
            self._bundles[key] = bundles.make(names, gettext, self.asset_folders)
        return self._bundles[key]

    def with_bundles(self, html: str) -> str:
        """A page the engine made itself (a hand-written page, a 404 page) with the address of
        each bundle it names (the site's stylesheet), the bundle written once."""
        assets: dict[str, bytes] = {}
        given = html
        # The preview of a large catalog leaves the marks to its follow-up (preview.fill_later).
        filled = html if self.run.defer_health else self.run.later.fill(html)
        html = shell.with_bundles(filled, functools.partial(self.bundle, gettext=self.run.renderer.i18n.gettext), assets)
        if self.recorder is not None and placeholders.Later.MARK.search(given):
            self._note("with_bundles", (given,), html)  # a page that waited for a fragment
        for path, data in assets.items():
            if (self.site_dir, path) not in self._bundles_written:
                self._bundles_written.add((self.site_dir, path))
                shell.write_file(self.site_dir, path, data)
        return html

    # ------------------------------------------------------------ everything after the engine
    def finish(self) -> None:
        """Catalog pages, side files, exports, the audit, PDFs and search into the staging
        folder, then the swap into place; raises CatalogError (nothing is published then)."""
        o = self.options
        self._fill_waiting()
        if self.recorder is not None:
            self.recorder.keep(self, o.cache_dir)  # before anything but the engine's files is written
        # The listing folders hold only the files this build writes or keeps there (the cache
        # records each: a stage that writes there must record its files), unless the engine put
        # files of the project's own in them (asked before the spare is taken: it holds the
        # previous listing folders). The walk of the site then need not open them.
        listings = tuple(r.i18n.prefix + enrich.LISTINGS for r in self.run.renderers)
        engine_listings = any(os.path.exists(os.path.join(self.site_dir, folder)) for folder in listings)
        cache = self._cache()  # may move the engine's pages into the spare (buildcache.py)
        site_dir = self.site_dir
        rules = audit.Rules.default(o.site_url)
        display = os.path.basename(self.final_dir or site_dir)
        # Pages that wait for the data health report are finished once the side files are
        # written, unless the search index must read them before (one bundle: started with the
        # catalog pages): the report's forked process then works while the catalog pages are
        # written (0.9 s at 100,000 listings).
        plan = SearchPlan(self, cache, self.engine_late.paths if self.engine_late is not None else ())
        if self.engine_late is None or not plan.split:
            self._finish_engine_pages(cache)
            plan.settle(self)
        plan.start(self)
        try:
            self._write_site(rules, display, cache, plan)
        except CatalogError as exc:  # Pagefind's failure, here or in the forked process
            self._fail(exc)
        finally:
            plan.cancel()  # after a failure; once waited for, it has ended already
            self.run.stop_health()  # read by the exports: ended already, but after a failure
        if cache is not None:
            cache.drop_unclaimed()  # a removed listing's page, left in the spare
        # the form editor (admin.py), counted in the budget like every other page
        admin.write(site_dir, o.project_dir or os.path.dirname(o.catalog), self.corrections, self.run.directory,
                        languages=tuple(o.languages[1:]))
        # What the previous build read from the files this one kept (recorded once the site is in
        # place; a build without the cache reads every file).
        facts = filefacts.Facts(o.cache_dir if cache is not None else None, cache.new if cache else None)
        with _timed("offline manifests and service worker"):
            # last: its version hashes every other file. The walk of the site serves the budget
            # too, with what the stage wrote.
            workers = pipeline.render_workers(len(self.run.directory.entries))
            unlisted = listings if cache is not None and not engine_listings else ()
            files = budget.sizes(site_dir, workers, unlisted, cache.paths() if cache is not None else ())
            files.update(offline.write(site_dir, self.run.directory, o.languages or (self.run.renderer.i18n.language,),
                                       facts, files, workers))
        self._check_budget(files)
        if self.final_dir:
            # The site this one replaces is kept as the next build's staging folder when the
            # cache can say which of its files to remove then (buildcache.py, the spare).
            trim = cache.spare_trim() if cache is not None else None
            publish.swap_into_place(site_dir, self.final_dir, background=self._large(), spare=trim is not None)
            self.staging = None
            stamp.record(o.cache_dir, self.final_dir, self.inputs_key)
            facts.save()
            if cache is not None:
                cache.save(self.final_dir, self.site_files, trim)
                log.debug(f"navigator: build cache: {cache.kept:,} files kept from the previous site, "
                          f"{cache.made:,} made")
            if self.recorder is not None:
                self.recorder.save(o.cache_dir)
            log.info(f"navigator: site ready in {self.final_dir}")

    def _finish_engine_pages(self, cache: buildcache.Cache | None) -> None:
        """A kept engine run's pages that wait for a fragment (the data health report, made by a
        forked process meanwhile), finished before anything reads them (engine_replay.py); a
        page that a catalog page or side file has replaced meanwhile stays replaced."""
        if self.engine_late is not None:
            late, self.engine_late = self.engine_late, None
            late(self, cache.new if cache is not None else ())

    def _fill_waiting(self) -> None:
        """Fragments still waiting (placeholders.Later) in pages an engine wrote without
        passing them through with_bundles: filled in the files."""
        for page in self.pages if self.run.later.waiting else ():
            path = os.path.join(self.site_dir, page)
            with open(path, encoding="utf-8") as handle:
                html = handle.read()
            filled = self.run.later.fill(html)
            if filled != html:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(filled)

    def searched_pages(self) -> list[str]:
        """The hand-written pages as the search index will find them once the catalog pages are
        written: without the theme shells (removed then) and the pages a catalog page replaces
        (the stand-ins for find/, meetings/ and list/: pipeline.catalog_nav_pages)."""
        tops = tuple(pipeline.Run.shell_folder(shell.shell_path(depth, self.run.prefix(language), layout)) + "/"
                     for language, depth, layout in self.shells)
        replaced = {renderer.i18n.prefix + job.url + "index.html" for renderer, job in self.run.jobs()}
        return [page for page in self.pages if not page.startswith(tops) and page not in replaced]

    def _write_site(self, rules: audit.Rules, display: str, cache: buildcache.Cache | None,
                    plan: "SearchPlan") -> None:
        o, site_dir, run = self.options, self.site_dir, self.run
        with _timed("catalog pages (audited)"):
            findings = run.write_pages(site_dir, self.shells, o.site_url, rules=rules, display=display,
                                       cache=cache)
        # Each state's set of exports is kept when its listings and health lines are unchanged;
        # the whole-catalog files and the index are joined again (exporters/datasets.py). A
        # large catalog's are written by a forked process meanwhile: the side files keep one core.
        exports = run.start_exports(site_dir, o.site_url, o.site_budget, cache)
        try:
            with _timed("calendars, short links and places"):
                findings += run.write_files(site_dir, rules=rules, display=display, cache=cache)
            # While the forked exports finish: the pages that waited for the data health report,
            # then the search index's main bundle, which reads them (search_plan.py).
            self._finish_engine_pages(cache)
            plan.settle(self)
            with _timed("open-data exports" if exports is None else "open-data exports (the rest of them)"):
                if exports is None:
                    run.write_exports(site_dir, o.site_url, limits=o.site_budget, cache=cache)
                else:
                    run.finish_exports(exports, cache)
        finally:
            if exports is not None:
                exports.cancel()  # after a failure; once waited for, it has ended already
        for language, depth, layout in self.shells:
            run.remove_shell(site_dir, shell.shell_path(depth, run.prefix(language), layout))
        with _timed("security audit of the other pages"):
            findings = sorted(findings + audit.audit_paths(site_dir, self.unaudited, rules, display))
            if findings:
                self._fail(CatalogError(findings[:audit.MAX_FINDINGS]))
        if run.renderer.printing.pdf:
            with _timed("PDFs"):
                self._pdfs()
        if o.search:
            with _timed("search index (the rest of it)" if plan.job else "search index"):
                plan.make(self)
            plan.record()

    # ------------------------------------------------------------ the build cache
    def _cache(self) -> buildcache.Cache | None:
        """The build cache for this build (buildcache.py); None when the site is written in
        place or PDFs are printed (they are written into finished pages, which may be links
        to the published site's files)."""
        o, run = self.options, self.run
        if not self.final_dir or self.staging is None or run.renderer.printing.pdf:
            buildcache.Cache.forget(o.cache_dir)
            return None
        previous = self.final_dir if os.path.isdir(self.final_dir) else None
        cache = buildcache.Cache(o.cache_dir, previous, self.staging, enabled=o.reuse)
        catalog, renderer = run.catalog, run.renderer
        settings = {k: v for k, v in vars(o).items() if k != "reuse"}
        cache.settle([
            buildcache.code_digest(), repr(stamp.packages()), repr(sorted(settings.items())),
            run.directory.today.isoformat(), renderer.i18n.language, repr(catalog.site),
            repr(sorted((node.region.id, node.region) for node in run.directory.regions.values())),
            buildcache.file_digest(geocode.cache_path(os.path.abspath(catalog.root_dir))),
            repr(self.corrections), repr(renderer.printing), repr(renderer.env.globals.get("open_reports")),
            repr((run.search_split_at, run.search_enabled)),
        ], catalog.root_dir, catalog.files)
        if previous is not None:
            with _timed("the spare taken as the staging folder"):
                self.staging = cache.take_spare(self.final_dir, background=self._large()) or self.staging
        return cache

    def _large(self) -> bool:
        """A catalog whose old sites are deleted by a process of their own (publish.hand_over)."""
        return len(self.run.directory.entries) >= pipeline.LARGE_CATALOG

    def _check_budget(self, files: dict[str, int]) -> None:
        """Count what was written (``files``: every file of the site, with its size) by kind
        (shown with -v), and stop before the swap when the site is over its budget (budget.py)."""
        self.site_files = list(files)
        with _timed("size budget"):
            site = budget.breakdown(files)
        limits = self.options.site_budget
        log.debug(f"navigator: the site by kind (budget {limits.megabytes:,} MB and {limits.files:,} "
                  f"files):\n{site.table()}")
        problems = limits.check(site, self.options.config_file, self.options.other_language_listings)
        if problems:
            self._fail(CatalogError(problems))

    def _pdfs(self) -> None:
        """Print the guides and region sheets to PDF from the finished pages (pdf.py)."""
        from . import pdf

        o, run = self.options, self.run
        try:
            pdf.write_pdfs(self.site_dir, printing.pdf_jobs(run.renderer.printing, run.directory),
                           run.directory.today, browser=o.pdf_browser, paper=o.pdf_paper,
                           language=run.renderer.i18n.language, site_url=o.site_url,
                           config_file=o.config_file)
        except CatalogError as exc:
            self._fail(exc)

    def discard(self) -> None:
        """After a failure: remove the staging folder; the previous site stays as it was."""
        if self._run is not None:
            self._run.stop_health()
        if self.staging:
            if self._run is not None and self._large() and self.final_dir:
                # a national staging folder (the spare) takes long to delete
                publish.hand_over(self.staging, os.path.dirname(os.path.abspath(self.final_dir)),
                                  f".{os.path.basename(os.path.abspath(self.final_dir))}-old-")
            else:
                pipeline.Run.discard(self.staging)
            self.staging = None

    def _fail(self, exc: CatalogError):
        self.failure = exc
        raise exc


def build(options: Options, engine: "Engine", inputs_key: str | None = None) -> Build:
    """Build the site: the catalog, the engine's pages, then everything else, published only
    when all of it passed; raises CatalogError (the previous site is then left as it was)."""
    session = Build(options)
    session.start(inputs_key)
    try:
        engine_replay.render(engine, session, options.reuse)
        session.finish()
    except BaseException:
        session.discard()
        raise
    return session


@contextlib.contextmanager
def _timed(what: str):
    """Log how long a stage took (shown with -v), so slow stages are easy to spot."""
    start = time.perf_counter()
    yield
    log.debug(f"navigator: {what} in {time.perf_counter() - start:.2f}s")
