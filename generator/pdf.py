"""PDFs of the printable pages (guides marked ``printable: true`` and every region's resource
sheet), printed by headless Chromium from the finished site.

Chromium prints exactly what a reader gets from the browser's Print command, with the same
print.css and the same scripts (the date printed, a sheet's layout), so there is one print
design to maintain. Pages are handed to the browser straight from the site folder under the
site's own address (site_url), so links in a PDF lead to the live site and no port number or
other accident of the build ends up in the file; every other request is refused. Chromium
stamps each file with the moment it was made; those stamps are replaced by the build date, so
a rebuild gives identical bytes (docs/architecture.md, "PDFs").
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import mimetypes
import os
import re
from urllib.parse import unquote, urlsplit

from .errors import CatalogError, Problem

PAPER = {"letter": "Letter", "a4": "A4"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
# Skia writes /CreationDate (D:YYYYMMDDHHmmSS+HH'mm') with the moment of printing.
_STAMP = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")


# A tagged PDF names each structure element after its DOM node, (node00004490); the numbers
# come from a counter in the browser that other work also advances, so they drift by a few.
_NODE = re.compile(rb"\(node(\d{8})\)")


def stamp(data: bytes, day: dt.date) -> bytes:
    """The PDF made repeatable: creation and modification dates set to midnight of ``day``, and
    node names renumbered by rank (0, 1, 2... in their order, which the /IDTree's sorted keys
    rely on). Every replacement has the length of what it replaces, so the cross-reference
    offsets stay right."""
    digits = day.strftime("%Y%m%d000000").encode("ascii")
    data = _STAMP.sub(lambda m: b"/" + m[1] + b" (D:" + digits, data)
    rank = {n: i for i, n in enumerate(sorted({int(m) for m in _NODE.findall(data)}))}
    return _NODE.sub(lambda m: b"(node%08d)" % rank[int(m[1])], data)


def problem(config_file: str, message: str) -> CatalogError:
    return CatalogError([Problem(config_file, 1, 1, "pdf", message)])


NO_SITE_URL = "https://site.invalid/"  # reserved name (RFC 2606): never a real host


def write_pdfs(site_dir: str, jobs: list[tuple[str, str]], day: dt.date, *, browser: str,
               paper: str = "letter", language: str = "en", site_url: str | None = None,
               config_file: str = "mkdocs.yml") -> int:
    """Print each (page url, pdf path) of ``jobs`` from ``site_dir``; returns how many."""
    if paper.lower() not in PAPER:
        raise problem(config_file, f"pdf_paper: {paper!r} is not a paper size we print on; "
                      "write letter or a4")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise problem(config_file, "PDFs need Playwright: run `pip install -c constraints.txt "
                      "'.[pdf]'`, or build without --pdf") from None
    if not os.path.exists(browser):
        raise problem(config_file, f"PDFs are printed with Chromium, and there is none at {browser}; "
                      "install it (apt-get install chromium) or set the plugin's pdf_browser option")
    # Playwright's synchronous API refuses to run where an event loop is already running (a
    # test session driving its own browser, say); a thread of its own always has none.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(_print_all, site_dir, jobs, day, browser, paper, language, site_url,
                           config_file).result()


def _print_all(site_dir: str, jobs: list[tuple[str, str]], day: dt.date, browser: str, paper: str,
               language: str, site_url: str | None, config_file: str) -> int:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    noon = dt.datetime.combine(day, dt.time(12), dt.timezone.utc)
    count = 0
    base = (site_url or NO_SITE_URL).rstrip("/") + "/"
    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=browser, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise problem(config_file, f"Chromium at {browser} did not start: "
                          f"{str(exc).strip().splitlines()[0][:300]}") from None
        context = chromium.new_context(timezone_id="UTC", locale=language, service_workers="block")
        context.route("**/*", lambda route: _answer(route, site_dir, base))
        page = context.new_page()
        page.clock.set_fixed_time(noon)  # "Printed <date>" is the build date, not the clock's
        for url, target in jobs:
            if "#" in url:  # a fresh load: going to #target on the same page would load nothing
                page.goto("about:blank")
            response = page.goto(base + url, wait_until="load")  # after the deferred scripts
            if response is None or not response.ok:
                raise problem(config_file, f"the page {url} could not be opened for printing")
            page.evaluate("document.fonts.ready.then(() => true)")
            data = page.pdf(format=PAPER[paper.lower()], print_background=True, tagged=True,
                            outline=True)
            path = os.path.join(site_dir, target)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(stamp(data, day))
            count += 1
        chromium.close()
    return count


def site_file(site_dir: str, base: str, url: str) -> str | None:
    """The file in ``site_dir`` that answers ``url`` (an address under ``base``), or None."""
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    target = os.path.normpath(os.path.join(site_dir, path))
    if target != site_dir and not target.startswith(site_dir.rstrip(os.sep) + os.sep):
        return None  # ../ out of the site
    if os.path.isdir(target):
        target = os.path.join(target, "index.html")
    return target if os.path.isfile(target) else None


def _answer(route, site_dir: str, base: str) -> None:
    path = site_file(os.path.abspath(site_dir), base, route.request.url)
    if not route.request.url.startswith(base):
        route.abort()  # nothing but the site itself
    elif path is None:
        route.fulfill(status=404, body="")
    else:
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as handle:
            route.fulfill(status=200, body=handle.read(), content_type=kind)
