"""Thin MkDocs adapter: runs the core pipeline and hands its pages to MkDocs.

Hand-written Markdown goes through MkDocs as usual; catalog pages are filled into theme-rendered
shells and written directly (see shell.py). Everything else lives in the core modules, so this
file is all that has to move when MkDocs stops supporting plugins.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
import time
from collections.abc import Mapping

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from . import audit, contrast, csp, pipeline, preview, printing, publish, share, shell, stamp, tasklist
from .errors import CatalogError, Problem

log = logging.getLogger("mkdocs.plugins.navigator")
# The live preview outlives each rebuild's plugin instance: every rebuild hands it the newest
# catalog, and the preview server makes catalog pages from it on request (preview.py).
_PREVIEW = preview.Preview()

_FOLLOW_UP = preview.FollowUp()  # its calendars, exports and search, stopped by the next edit
_MEMORY = preview.Memory()  # its catalogs kept out of the garbage collector's walks


class NavigatorConfig(Config):
    catalog = c.Type(str, default="resources.yaml")
    cache_dir = c.Type(str, default=".cache/navigator")
    search = c.Type(bool, default=True)
    # Above this many listings, search runs one area (state) at a time (search.SPLIT_AT).
    search_split_at = c.Optional(c.Type(int))
    atomic = c.Type(bool, default=True)
    pdf = c.Type(bool, default=False)  # print every guide and region sheet to PDF (pdf.py)
    pdf_paper = c.Choice(("letter", "a4"), default="letter")
    pdf_browser = c.Type(str, default="/usr/bin/chromium")


class NavigatorPlugin(BasePlugin[NavigatorConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.final_dir: str | None = None
        self.run: pipeline.Run | None = None
        self.shells: dict[int, shell.Shell] = {}
        self.staging: str | None = None
        self.failure: CatalogError | None = None  # read by the CLI to print a clean report
        self.unaudited: list[str] = []  # files MkDocs wrote, audited from disk at the end
        self.pages: list[str] = []  # hand-written pages (paths in the site), for search
        self.inputs_key: str | None = None  # what this build is made from (stamp.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        _FOLLOW_UP.stop()  # the preview's unfinished work from the last edit is out of date
        with _timed("catalog validated"):
            return self._configure(config)

    def _configure(self, config):
        if self.command == "serve" and preview.Watching.server is None:
            # MkDocs starts watching only after the first build: an edit saved while that build
            # ran is caught up with (preview.catch_up) instead of lost.
            preview.Watching.first_build = time.time_ns()
        if not config.use_directory_urls:
            raise PluginError("navigator: set use_directory_urls: true in mkdocs.yml (catalog pages "
                              "live at folder addresses such as regions/ohio/)")
        split = self.config.search_split_at
        if split is not None and split < 0:
            self.failure = CatalogError([Problem(
                os.path.basename(config.config_file_path or "mkdocs.yml"), 1, 1, "search_split_at",
                f"{split} is not a number of listings; write 0 or more (0 searches listings area "
                "by area whatever the catalog's size), or leave the option out")])
            raise PluginError("\n" + self.failure.report())
        if self.command == "build" and self.config.atomic:
            # Taken before anything is read: a file saved during the build makes the next differ.
            self.inputs_key = self.key_of_inputs(config)
        base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        try:
            self.run = pipeline.prepare(
                os.path.join(base, self.config.catalog),
                cache_dir=os.path.join(base, self.config.cache_dir),
                language=config.theme.get("language") or "en",
                site_name=config.site_name,
                site_url=config.site_url,
            )
        except CatalogError as exc:
            self.failure = exc
            raise PluginError("\n" + exc.report()) from None
        self.run.renderer.printing.pdf = self.config.pdf and self.command == "build"
        if split is not None:
            self.run.search_split_at = split
        self.run.search_enabled = self.config.search
        if self.command == "build":
            # The catalog lives until the build ends: taken out of the collector's sight, it is
            # not walked again while pages are made, and forked workers share its memory pages.
            # (The preview freezes each edit's catalog too: preview.Memory.)
            gc.freeze()
        if self.command == "serve":
            _PREVIEW.update(run=self.run, site_url=config.site_url or "")  # visible from now on
            _MEMORY.keep()
        if self.command == "build" and not self.config.atomic:
            stamp.forget(self._cache_dir(config), config.site_dir)  # written in place from here on
        for warning in self.run.catalog.warnings:
            log.warning(str(warning))
        for warning in config_warnings(config):
            log.warning(warning)
        if self.command == "build" and self.config.atomic:
            self.final_dir = config.site_dir
            config.site_dir = self.staging = publish.staging_dir(config.site_dir)
        return config

    def on_template_context(self, context, *, template_name, config):
        # The 404 page is a theme template, not a page: it gets the crisis bar here.
        context["navigator_crisis"] = self.run.renderer.national_crisis_bar
        return context

    def on_files(self, files, *, config):
        self.unaudited = [f.dest_uri for f in files if not f.is_documentation_page()
                          and f.dest_uri.lower().endswith((".html", ".htm"))]
        self.unaudited += sorted(t for t in config.theme.static_templates if t.endswith((".html", ".htm")))
        # Catalog pages link to these; a fork that has not written its own gets ours.
        for src_uri, content in {**pipeline.DEFAULT_PAGES, **pipeline.CATALOG_NAV_PAGES}.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=content))
        for depth in (1, 2):
            files.append(File.generated(config, shell.shell_path(depth), content=shell.SHELL_MARKDOWN,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        self.pages = [f.dest_uri for f in files.documentation_pages()]
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if self._is_shell(page):
            return markdown
        problems = self.run.check_placeholders(markdown, self._source_path(page, config),
                                               self._first_line(page, markdown))
        if problems:
            self.failure = CatalogError(problems)
            raise PluginError("\n" + self.failure.report())
        return markdown

    def on_page_content(self, html, *, page, config, files):
        if self._is_shell(page):
            return shell.CONTENT_MARK
        html = tasklist.name_checkboxes(self.run.fill_placeholders(html, page.url))
        return printing.printable_page(self.run.renderer, html, page.url, page.title, page.meta)

    def on_env(self, env, *, config, files):
        env.globals["navigator_csp"] = csp.policy()
        return env

    def on_page_context(self, context, *, page, config, nav):
        context["navigator_crisis"] = shell.CRISIS_MARK if self._is_shell(page) else \
            self.run.renderer.national_crisis_bar
        context["navigator_shell"] = self._is_shell(page)
        return context

    def on_post_page(self, output, *, page, config):
        if self._is_shell(page):
            self.shells[page.url.count("/")] = shell.Shell(output, page.canonical_url)
        else:
            self.unaudited.append(page.file.dest_uri)
        return output

    def on_post_build(self, *, config):
        if self.command == "serve":
            self._preview(config)
            return
        site_dir = config.site_dir
        # Built sites are audited (audit.py): catalog pages as they are written, the rest below.
        rules = audit.Rules.default(config.site_url) if self.command == "build" else None
        display = os.path.basename(self.final_dir or site_dir)
        # A national catalog's search areas need only the catalog: a forked process indexes
        # them while the pages are written.
        areas = self.run.start_search(site_dir) if self.config.search else None
        try:
            self._write_site(config, rules, display, areas)
        except CatalogError as exc:  # Pagefind's failure, here or in the forked process
            self.failure = exc
            raise PluginError("\n" + exc.report()) from None
        finally:
            if areas is not None:
                areas.cancel()  # after a failure; once waited for, it has ended already
        if self.final_dir:
            large = len(self.run.directory.entries) >= pipeline.LARGE_CATALOG
            publish.swap_into_place(site_dir, self.final_dir, background=large)
            config.site_dir = self.final_dir
            stamp.record(self._cache_dir(config), self.final_dir, self.inputs_key)
            log.info(f"navigator: site ready in {self.final_dir}")

    def _write_site(self, config, rules, display: str, areas) -> None:
        site_dir = config.site_dir
        with _timed("catalog pages (audited)" if rules else "catalog pages"):
            findings = self.run.write_pages(site_dir, self.shells, config.site_url,
                                            rules=rules, display=display)
        with _timed("calendars, short links and places"):
            findings += self.run.write_files(site_dir, rules=rules, display=display)
        with _timed("open-data exports"):
            self.run.write_exports(site_dir, config.site_url)
        for depth in self.shells:
            self.run.remove_shell(site_dir, shell.shell_path(depth))
        if rules is not None:
            with _timed("security audit of the other pages"):
                self._audit(site_dir, rules, display, findings)
        if self.run.renderer.printing.pdf:
            with _timed("PDFs"):
                self._pdfs(site_dir, config)
        if self.config.search:
            with _timed("search index (the rest of it)" if areas else "search index"):
                self.run.index_search(site_dir, self.pages, areas_job=areas)

    def up_to_date(self, config) -> bool:
        """Whether ``config.site_dir`` is the site a complete build made from exactly the
        present inputs (stamp.py), so ``navigator build`` has nothing to do; the folders of
        killed builds are cleared then too, as a build would have."""
        if not (self.config.atomic and stamp.is_current(self._cache_dir(config), config.site_dir,
                                                        self.key_of_inputs(config))):
            return False
        publish.clean_stale(config.site_dir)
        return True

    def key_of_inputs(self, config) -> str | None:
        """The stamp key: the project's files, the content, theme and catalog folders, the
        generator's code, MkDocs' settings as loaded (``!ENV`` values included) and the day."""
        settings = {"mkdocs": _plain(config), "site": os.path.abspath(config.site_dir),
                    "date": pipeline.build_date().isoformat()}
        if self.config.pdf:
            settings["browser"] = _plain(_file_facts(self.config.pdf_browser))
        roots, skip, prefixes = self._sources(config)
        return stamp.key([*roots, os.path.dirname(os.path.abspath(__file__))], skip, prefixes, settings)

    def _sources(self, config) -> tuple[list[str], list[str], tuple[str, str]]:
        """The folders a build reads (the project, content, catalog and theme), and what in them
        is output or cache: folders to skip, and the prefixes of staging folders' names."""
        project = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        roots = [project, config.docs_dir, os.path.dirname(os.path.join(project, self.config.catalog))]
        if config.theme.custom_dir:
            roots.append(config.theme.custom_dir)
        site = os.path.abspath(config.site_dir)
        name = os.path.basename(site)
        return roots, [site, self._cache_dir(config)], (f".{name}-build-", f".{name}-old-")

    def _cache_dir(self, config) -> str:
        base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        return os.path.join(base, self.config.cache_dir)

    def _watch_new_paths(self) -> None:
        """Watch what the catalog now reads (Run.watch_paths): on_serve runs once, and an edit
        can include a file from a folder not watched before."""
        if preview.Watching.server is None:
            return
        for path in self.run.watch_paths():
            if path not in preview.Watching.paths:
                preview.Watching.server.watch(path, recursive=False)
                preview.Watching.paths.add(path)

    def _preview(self, config) -> None:
        """The live preview makes catalog pages on request (preview.py), so the rebuild ends
        here and open pages reload; calendars, exports and the search index follow in the
        background until the next edit stops them."""
        self._watch_new_paths()
        site_dir, run, pages = config.site_dir, self.run, self.pages
        _PREVIEW.update(shells=self.shells)
        for depth in self.shells:
            run.remove_shell(site_dir, shell.shell_path(depth))
        # Into a folder of their own, which MkDocs does not empty at every rebuild (at 100,000
        # resources that took longer than the rest of the rebuild); served from there once done.
        out = preview.new_files_dir()
        steps = [("calendars, short links and places", lambda stop: run.write_files(out, stop)),
                 ("open-data exports", lambda stop: run.write_exports(out, config.site_url, stop=stop))]
        if self.config.search:
            # The preview server runs threads, and forking a threaded process is unsafe.
            steps.append(("search index", lambda stop: run.index_search(site_dir, pages, workers=1,
                                                                         stop=stop, output=out)))
        steps.append(("switch", lambda stop: _PREVIEW.use_files(out)))
        if _MEMORY.tidy_due():
            steps.append(("memory tidied", _MEMORY.tidy))
        _FOLLOW_UP.start(steps, on_stop=lambda: preview.discard(out))

    def _audit(self, site_dir: str, rules, display: str, findings: list) -> None:
        """Refuse to publish pages that break the security rules (audit.py)."""
        findings = sorted(findings + audit.audit_paths(site_dir, self.unaudited, rules, display))
        if findings:
            self.failure = CatalogError(findings[:audit.MAX_FINDINGS])
            raise PluginError("\n" + self.failure.report())

    def _pdfs(self, site_dir: str, config) -> None:
        """Print the guides and region sheets to PDF from the finished pages (pdf.py)."""
        from . import pdf

        try:
            pdf.write_pdfs(site_dir, printing.pdf_jobs(self.run.renderer.printing, self.run.directory),
                           self.run.directory.today, browser=self.config.pdf_browser,
                           paper=self.config.pdf_paper, language=self.run.renderer.i18n.language,
                           site_url=config.site_url,
                           config_file=os.path.basename(config.config_file_path or "mkdocs.yml"))
        except CatalogError as exc:
            self.failure = exc
            raise PluginError("\n" + exc.report()) from None

    def on_build_error(self, *, error):
        if self.staging:
            pipeline.Run.discard(self.staging)

    def on_serve(self, server, *, config, builder):
        preview.Watching.server = server
        # MkDocs watches these itself; they count for catch_up all the same.
        preview.Watching.paths = {config.docs_dir, config.config_file_path, config.theme.custom_dir} - {None}
        self._watch_new_paths()
        threading.Thread(target=preview.catch_up, args=(server,), daemon=True).start()
        server.set_app(preview.wsgi_app(_PREVIEW, server, server.get_app()))
        return server

    @staticmethod
    def _source_path(page, config) -> str:
        """The page's file as a coordinator would open it (relative to mkdocs.yml)."""
        if page.file.abs_src_path:
            base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
            return os.path.relpath(page.file.abs_src_path, base)
        return page.file.src_uri

    @staticmethod
    def _first_line(page, markdown: str) -> int:
        """The file's line number of the Markdown's first line: MkDocs hands on the page
        without its front matter, and errors must name the line a writer sees in the file."""
        try:
            source = page.file.content_string
        except (OSError, UnicodeDecodeError):
            return 1
        if not markdown or not source.endswith(markdown):
            return 1
        return source[:len(source) - len(markdown)].count("\n") + 1

    @staticmethod
    def _is_shell(page) -> bool:
        return page.file.src_uri.startswith("navigator-shell")


def _plain(value):
    """MkDocs' loaded settings as plain data for the stamp key; objects without a stable form
    (their text shows a memory address) count by their kind, their source being in mkdocs.yml."""
    if isinstance(value, BasePlugin):
        return _plain(value.config)
    if hasattr(value, "dirs") and hasattr(value, "items"):  # the theme
        return {"dirs": list(value.dirs), "settings": _plain(dict(value.items()))}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    text = str(value)
    return type(value).__name__ if " at 0x" in text else text


def _file_facts(path: str) -> list:
    try:
        info = os.stat(path)
    except OSError:
        return [path, None]
    return [path, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def config_warnings(config) -> list[str]:
    """Warnings about mkdocs.yml itself: colours under WCAG AA, a placeholder site_url."""
    folders = [config.docs_dir, config.theme.custom_dir or ""]
    out = contrast.palette_warnings(dict(config.theme), list(config.extra_css), folders)
    placeholder = share.site_url_warning(config.site_url)
    return out + ([placeholder] if placeholder else [])


@contextlib.contextmanager
def _timed(what: str):
    """Log how long a stage took (shown with -v), so slow stages are easy to spot."""
    start = time.perf_counter()
    yield
    log.debug(f"navigator: {what} in {time.perf_counter() - start:.2f}s")
