"""Catalog pages for the live preview, made when a browser asks for one.

A build writes every catalog page; the preview cannot afford that after each edit (a national
catalog has a hundred thousand pages, and writing them takes minutes). Instead the preview keeps
the latest validated catalog and the theme shells, and fills a page when it is requested. An edit
is then visible as soon as the catalog has been validated again.
"""

from __future__ import annotations

import atexit
import gc
import logging
import mimetypes
import os
import posixpath
import shutil
import tempfile
import threading
import time
from typing import Any

from . import overlay, publish, stamp
from .pages import PageJob
from .shell import Shell, ShellKey, pick, shell_path

log = logging.getLogger("mkdocs.plugins.navigator")


class Preview:
    """The newest catalog run and theme shells; safe to read from the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._run = None
        self._shells: dict[ShellKey, Shell] = {}
        self._jobs: dict[str, PageJob] | None = None
        self.site_url = ""
        self.files_dir: str | None = None  # calendars, short links, exports, search index

    def update(self, run=None, shells: dict[ShellKey, Shell] | None = None, site_url: str | None = None) -> None:
        """Switch to a newer run (after validation) or newer shells (after the theme rendered)."""
        with self._lock:
            if run is not None:
                self._run, self._jobs = run, None
            if shells:
                self._shells = dict(shells)
            if site_url is not None:
                self.site_url = site_url

    def page(self, path: str) -> bytes | None:
        """The HTML of the catalog page at ``path`` (relative to the site root), or None when
        no catalog page lives there (the server then looks on disk)."""
        url = page_url(path)
        if url is None:
            return None
        with self._lock:
            run, shells = self._run, self._shells
            if run is None or not shells:
                return None
            if self._jobs is None:
                self._jobs = _index(run)
            job = self._jobs.get(url)
        if job is None:
            return None
        renderer, job = job
        page, language = job(), renderer.i18n.language
        shell = shells[pick(shells, language, page.depth, page.layout)]
        canonical = (self.site_url.rstrip("/") + "/" + url) if self.site_url else ""
        return shell.fill(page.title, page.description, page.body, page.crisis, canonical,
                          page.url).encode("utf-8")


    def use_files(self, folder: str) -> None:
        """Serve the files beside the pages from ``folder`` from now on; the folder used until
        now is deleted by a separate process (a national catalog's take a while)."""
        with self._lock:
            previous, self.files_dir = self.files_dir, folder
        if previous:
            discard(previous)

    def file(self, path: str) -> str | None:
        """The file for ``path`` among the files beside the pages, or None."""
        folder = self.files_dir
        if not folder:
            return None
        clean = posixpath.normpath("/" + path.lstrip("/")).lstrip("/")  # never above folder
        full = os.path.join(folder, clean, "index.html") if path.endswith("/") else os.path.join(folder, clean)
        return full if clean != "." and os.path.isfile(full) else None


def _index(run) -> dict[str, tuple[Any, PageJob]]:
    # The collector paused: a hundred thousand new jobs would otherwise make it walk the whole
    # catalog several times (1.5 s at 100,000 resources, against 0.1 s).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return {r.i18n.prefix + job.url: (r, job) for r, job in run.jobs()}
    finally:
        if was_enabled:
            gc.enable()


def new_files_dir() -> str:
    """A fresh folder, outside the site MkDocs empties on every rebuild, for one edit's files.
    Folders left by previews that have ended are removed first; this preview's go at exit."""
    # In the background: a stopped preview of a national catalog leaves 100,000s of files, and
    # deleting them here held up the first build by half a minute.
    publish.remove_abandoned(tempfile.gettempdir(), (_PREFIX,), keep_own=True, background=True)
    folder = tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-")
    if not _MADE:
        atexit.register(_remove_made)
    _MADE.append(folder)
    return folder


_MADE: list[str] = []


def _remove_made() -> None:
    for folder in _MADE:
        shutil.rmtree(folder, ignore_errors=True)
_PREFIX = "navigator-preview-"


def discard(folder: str) -> None:
    """Delete one of the preview's folders from a process of its own (publish.hand_over)."""
    publish.hand_over(folder, os.path.dirname(folder), _PREFIX)


def page_url(path: str) -> str | None:
    """``regions/ohio/`` for ``regions/ohio/`` or ``regions/ohio/index.html``; None otherwise."""
    path = path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    if path and not path.endswith("/"):
        return None
    clean = posixpath.normpath("/" + path).lstrip("/")
    if not path or clean + "/" != path:
        return None  # the site root, or a path with ./ or ../ in it
    return path


class Memory:
    """Keeps the preview's catalog out of the garbage collector's walks.

    Why: each edit makes a new catalog (two million objects at 100,000 listings), and every
    few edits Python's collector walked all of them, holding the preview up for 2-5 s in the
    middle of a rebuild. Frozen after each edit (gc.freeze), they are never walked; the catalog
    an edit replaces has no reference cycles (enrich.RegionNode), so it is freed all the same.
    What little does form cycles (the templates' environment, a few hundred objects an edit)
    is collected every ``every`` edits, once the edit's other work is done."""

    def __init__(self, every: int = 25) -> None:
        self.every = every
        self.edits = 0

    def keep(self) -> None:
        """Freeze everything alive now: call once the new catalog is in place."""
        gc.freeze()
        self.edits += 1

    def tidy_due(self) -> bool:
        return self.edits >= self.every

    def tidy(self, stop=None) -> None:
        """Collect whatever cycles the edits so far have left, then freeze again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.edits = 0


class FollowUp:
    """The preview's slower steps, one after another in a thread; a new edit stops them
    between steps. Each step is called with a function that tells whether it should stop,
    so a long step can end early too; otherwise it is waited for."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.stopped = threading.Event()

    def start(self, steps: list, on_stop=None) -> None:
        # The rebuild does not wait for the last edit's steps: the new thread does, so that two
        # never write the same file at once. What a stopped step still writes is written over.
        previous = self.thread
        self.stop()
        self.stopped = stopped = threading.Event()

        def work():
            if previous is not None:
                previous.join()
            for what, step in steps:
                if stopped.is_set():
                    if on_stop is not None:
                        on_stop()
                    return
                started = time.perf_counter()
                try:
                    step(stopped.is_set)
                    log.debug(f"navigator: {what} in {time.perf_counter() - started:.2f}s (preview)")
                except Exception as exc:  # reported, as the build would; the preview goes on
                    if not stopped.is_set():  # a folder emptied under a stopped step is no news
                        log.error(f"navigator: {what} failed: {exc}")
                    if on_stop is not None:
                        on_stop()
                    return

        self.thread = threading.Thread(target=work, name="navigator-preview", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()

    def wait(self) -> None:
        self.stop()
        if self.thread is not None:
            self.thread.join()
            self.thread = None


def wsgi_app(live: Preview, server, files_app):
    """The preview server's request handler. A catalog page asked for is made from the preview
    and put where MkDocs serves files from, then served by MkDocs like any page (with its reload
    script); the files beside the pages come from the preview's folder; the rest is MkDocs'.
    Only the server's public attributes are used (mount_path, root)."""
    mount, root = server.mount_path, server.root

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        if path.startswith(mount):
            try:
                html = live.page(path[len(mount):])
            except Exception:  # a page that fails to render is reported, as a build would
                log.exception("navigator: the page %s could not be made", path)
                html = None
            if html is None:
                found = live.file(path[len(mount):])
                data, kind = _read(found) if found is not None else (None, "")
                if data is not None:
                    start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(data)))])
                    return [data]
            else:
                _place(root, page_url(path[len(mount):]) or "", html)
        return files_app(environ, start_response)

    return app


def _place(root: str, url: str, html: bytes) -> None:
    """Write a catalog page where the server reads pages from; made again at every request, so
    it is always the newest catalog's (a rebuild empties the folder anyway)."""
    folder = os.path.join(root, url)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".navigator-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(html)
        os.replace(temporary, os.path.join(folder, "index.html"))
    except OSError:  # the folder was emptied by a rebuild meanwhile: the next request makes it
        log.debug("navigator: could not write the preview page %s", url)


def _read(path: str) -> tuple[bytes | None, str]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:  # replaced by a newer edit's files meanwhile
        return None, ""
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return data, kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith(("json", "javascript")) else "")


class Watching:
    """The preview's server and what it has been asked to watch (on_serve runs only once)."""
    server = None
    paths: set[str] = set()
    first_build: int | None = None  # when the first build began (time.time_ns)
    config_file: str | None = None  # the settings file, touched to ask for one more build


def catch_up(server, wait: float = 120.0) -> None:
    """Rebuild once more if a watched file changed between the start of the first build and the
    moment MkDocs' file pollers took their first look (they start after that build)."""
    end = time.monotonic() + wait
    while not server.observer.is_alive():
        if time.monotonic() > end:
            return
        time.sleep(0.1)
    # Each poller takes its first look as its own thread starts, within a second of now; edits
    # later than that are the pollers' to see (counting them here would only build twice).
    # A file's times come from a clock that may trail time.time_ns() by a tick: allow for it.
    looked = time.time_ns() + 1_000_000_000
    time.sleep(1.0)
    if Watching.first_build is None or not stamp.changed_between(
            set(Watching.paths), Watching.first_build - 100_000_000, looked):
        return
    # Saving the settings file again (its time only) makes MkDocs' own watcher rebuild.
    log.info("navigator: a file changed during the first build; building again")
    if Watching.config_file:
        os.utime(Watching.config_file)


# The live preview outlives each rebuild's plugin instance: every rebuild hands it the newest
# catalog, and the preview server makes catalog pages from it on request.
LIVE = Preview()
_FOLLOW_UP = FollowUp()  # its calendars, exports and search, stopped by the next edit
_MEMORY = Memory()  # its catalogs kept out of the garbage collector's walks


def edited() -> None:
    """A rebuild begins: the unfinished work of the last edit is out of date."""
    _FOLLOW_UP.stop()
    if Watching.server is None:
        # MkDocs starts watching only after the first build: an edit saved during it is caught
        # up with (catch_up) instead of lost.
        Watching.first_build = time.time_ns()


def start(session) -> None:
    """Validate an edit's catalog. While it has errors the preview goes on with the last
    catalog without them and shows the errors on every page (overlay.py); a preview that has
    none yet stops with them (CatalogError)."""
    from .errors import CatalogError

    try:
        session.start()
    except CatalogError as exc:
        last_good = overlay.OVERLAY.failed(exc)
        if last_good is None:
            raise
        session.adopt(last_good)
    else:
        overlay.OVERLAY.succeeded(session.run)


def serve(server, config, session):
    """Set up MkDocs' live-reload server once: what to watch, the catch-up after the first
    build, catalog pages made on request and the error box on every page."""
    Watching.server, Watching.config_file = server, config.config_file_path
    # MkDocs watches these itself; they count for catch_up all the same.
    Watching.paths = {config.docs_dir, config.config_file_path, config.theme.custom_dir} - {None}
    watch_new_paths(session.run, session.failure)
    threading.Thread(target=catch_up, args=(server,), daemon=True).start()
    server.set_app(overlay.middleware(wsgi_app(LIVE, server, server.get_app()), server))
    overlay.announce(server)
    return server


def validated(session, site_url: str) -> None:
    """The edit's catalog is valid: its pages are visible from now on."""
    LIVE.update(run=session.run, site_url=site_url)
    _MEMORY.keep()


def rebuilt(session) -> None:
    """The engine has rendered the edit's pages and shells: catalog pages are made on request
    from here, so the rebuild ends and open pages reload; calendars, exports and the search
    index follow in the background until the next edit stops them."""
    watch_new_paths(session.run, session.failure)
    site_dir, run, pages, site_url = session.site_dir, session.run, session.pages, session.options.site_url
    LIVE.update(shells=session.shells)
    for language, depth, layout in session.shells:
        run.remove_shell(site_dir, shell_path(depth, run.prefix(language), layout))
    # Into a folder of their own, which MkDocs does not empty at every rebuild (at 100,000
    # resources that took longer than the rest of the rebuild); served from there once done.
    out = new_files_dir()
    steps = [("data health page", lambda stop: fill_later(run, site_dir, pages, stop)),
             ("calendars, short links and places", lambda stop: run.write_files(out, stop)),
             ("open-data exports", lambda stop: run.write_exports(
                 out, site_url, stop=stop, limits=session.options.site_budget))]
    if session.options.search:
        # The preview server runs threads, and forking a threaded process is unsafe.
        steps.append(("search index", lambda stop: run.index_search(site_dir, pages, workers=1,
                                                                     stop=stop, output=out)))
    steps.append(("switch", lambda stop: LIVE.use_files(out)))
    if _MEMORY.tidy_due():
        steps.append(("memory tidied", _MEMORY.tidy))
    _FOLLOW_UP.start(steps, on_stop=lambda: discard(out))


def fill_later(run, site_dir: str, pages: list[str], stop=lambda: False) -> None:
    """The fragments the engine's pages wait for (run.later: the data health report of a large
    catalog, Run.defer_health), made after the rebuild. Each goes into a page that still holds
    its mark: a newer edit's engine may have written the page again meanwhile, with a mark of
    its own, and that page is left to its own follow-up."""
    for mark, make in list(run.later.waiting.items()):
        if stop():
            return
        fragment = str(make())
        run.later.waiting.pop(mark, None)
        for page in pages:
            path = os.path.join(site_dir, page)
            try:
                with open(path, encoding="utf-8") as handle:
                    html = handle.read()
            except OSError:
                continue  # removed meanwhile by a newer rebuild
            if mark in html:
                temp = f"{path}.{os.getpid()}.tmp"
                with open(temp, "w", encoding="utf-8") as handle:
                    handle.write(html.replace(mark, fragment))
                os.replace(temp, path)  # a reader never sees half a page


def watch_new_paths(run, failure=None) -> None:
    """Watch what the catalog now reads (Run.watch_paths), and what a catalog with errors read
    (``failure``): the server is set up once, and an edit can include a file from a folder not
    watched before."""
    if Watching.server is None:
        return
    failed = overlay.watch_paths(failure, run.catalog.root_dir) if failure else []
    for path in run.watch_paths() + failed:
        if path not in Watching.paths:
            Watching.server.watch(path, recursive=False)
            Watching.paths.add(path)
