"""Catalog errors in the live preview: a box on every page, the same lines in the terminal.

While the catalog has errors, the preview keeps showing the last catalog without them (a
rebuild that stopped would leave MkDocs waiting and the browser on a stale page, with nothing
said), puts the list of problems first in every page it serves, and prints them. The next
rebuild without errors clears the box; pages reload by themselves (preview.js), as MkDocs' own
inline reload script is blocked by the site's Content-Security-Policy.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading

import jinja2

from . import errors
from .errors import CatalogError, Problem

ASSETS = os.path.join(os.path.dirname(__file__), "templates", "preview")
PREFIX = "_navigator-preview/"  # under the site's address: the preview's own files
_FILES = {"preview.css": "text/css; charset=utf-8", "preview.js": "text/javascript; charset=utf-8"}


class Overlay:
    """The problems of the newest rebuild, and the newest catalog run without any."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.problems: list[Problem] = []
        self.last_good = None  # the pipeline.Run of the last rebuild without errors

    def succeeded(self, run) -> None:
        """A rebuild validated the catalog: no box from now on."""
        with self._lock:
            self.problems, self.last_good = [], run

    def failed(self, error: CatalogError):
        """A rebuild found errors: print them and show them on every page; returns the last run
        without errors to go on previewing, or None when there has been none yet."""
        with self._lock:
            self.problems = list(error.problems)
            previous = self.last_good
        if previous is not None:  # else the preview stops, and the command line reports them
            print(terminal_report(error), file=sys.stderr, flush=True)
        return previous

    def noted(self, error: CatalogError) -> bool:
        """Problems found later in a rebuild (a hand-written page's placeholders): printed and
        added to the box; False when the preview has no catalog to go on with."""
        with self._lock:
            if self.last_good is None:
                return False
            self.problems = self.problems + list(error.problems)
        print(terminal_report(error, "in the pages"), file=sys.stderr, flush=True)
        return True

    def box(self, base: str) -> bytes:
        """The HTML of the box (empty when there are no errors); ``base``: the preview files'
        address."""
        with self._lock:
            problems = self.problems
        if not problems:
            return b""
        shown, notes = errors.bounded(problems)
        count = sum(1 for p in problems if p.severity == "error")
        return _template().render(base=base, count=count, shown=shown, notes=notes).encode("utf-8")


OVERLAY = Overlay()


def watch_paths(error: CatalogError, root_dir: str) -> list[str]:
    """The folders (and root-folder files) holding the files a catalog with errors read, for
    the preview to watch: a file newly included and saved with a mistake must be watched
    before it is fixed, although no catalog with it was ever built (as pipeline.Run.watch_paths)."""
    paths = set()
    for path in error.files:
        full = os.path.abspath(os.path.join(root_dir, path))
        folder = os.path.dirname(full)
        paths.add(full if folder == os.path.abspath(root_dir) else folder)
    return sorted(paths)


def terminal_report(error: CatalogError, where: str = "in the catalog") -> str:
    """What the terminal running the preview prints for a rebuild with errors."""
    return "\n".join(errors.text_lines(error.problems) + [
        f"{_count(error)} found {where}. The preview keeps showing the last version without "
        "errors; fix them and save, and it updates by itself."])


def _count(error: CatalogError) -> str:
    count = sum(1 for p in error.problems if p.severity == "error")
    return f"{count} error{'s' if count != 1 else ''}"


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("errors.html")


def inject(page: bytes, mount: str, epoch: int, overlay: Overlay = OVERLAY) -> bytes:
    """``page`` with the error box first in its body and the reload script last."""
    base = mount + PREFIX
    script = f'<script src="{base}preview.js" data-epoch="{int(epoch)}"></script>'.encode()
    end = page.rfind(b"</body>")
    page = page + script if end < 0 else page[:end] + script + page[end:]
    box = overlay.box(base)
    if box:
        start = page.find(b"<body")
        start = page.find(b">", start) + 1 if start >= 0 else 0
        page = page[:start] + box + page[start:]
    return page


def middleware(app, server, overlay: Overlay = OVERLAY):
    """Wrap the preview server's handler: its own files at PREFIX, and every HTML page it
    sends with the error box and the reload script."""
    mount = server.mount_path

    def wrapped(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(mount + PREFIX):
            return _asset(path[len(mount + PREFIX):], start_response)
        held: dict = {}

        def capture(status, headers, exc_info=None):
            held.update(status=status, headers=headers)
            return lambda data: None  # the write() form is not used by MkDocs' server

        body = app(environ, capture)
        if "status" not in held:  # an application that answers once its body is read
            body = [b"".join(body)]
        headers = held.get("headers", [])
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not kind.startswith("text/html") or not held.get("status", "").startswith("200"):
            start_response(held.get("status", "500 Internal Server Error"), headers)
            return body
        try:
            page = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        page = inject(page, mount, _epoch(page), overlay)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(held["status"], headers + [("Content-Length", str(len(page)))])
        return [page]

    return wrapped


def _asset(name: str, start_response):
    if name not in _FILES:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found"]
    with open(os.path.join(ASSETS, name), "rb") as handle:
        data = handle.read()
    start_response("200 OK", [("Content-Type", _FILES[name]), ("Content-Length", str(len(data))),
                              ("Cache-Control", "no-store")])
    return [data]


_EPOCH = re.compile(rb"livereload\((\d+),")


def _epoch(page: bytes) -> int:
    """The build the page was served from, as MkDocs writes it into its own reload script
    (inline, so the CSP blocks it; preview.js polls with the same number)."""
    found = _EPOCH.search(page)
    return int(found[1]) if found else 0


def announce(server) -> None:
    """Say where the preview is (MkDocs' own line is hidden with its other messages)."""
    print(f"The preview is at {server.url} (it rebuilds when you save a file; Ctrl+C stops it)",
          file=sys.stderr, flush=True)
