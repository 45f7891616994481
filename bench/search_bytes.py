"""Bytes a reader downloads for a first and a second Pagefind query, in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading

CHROMIUM = "/usr/bin/chromium"


def areas(site: str) -> list[str]:
    """The areas of a catalog searched area by area (pagefind/in/<area>/), or none."""
    folder = os.path.join(site, "pagefind", "in")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def measure_search(site: str, first: str, second: str, area: str | None = None) -> dict | None:
    """Bytes of the first and the next query, searching ``area`` when the index is split."""
    if not os.path.exists(CHROMIUM):
        return None
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.goto(base + "search/" + (f"?in={area}" if area else ""))
            page.wait_for_selector(".pagefind-ui__search-input")
            page.on("response", lambda r: sizes.append((r.url, len(r.body())))
                    if "/pagefind/" in r.url else None)
            page.fill(".pagefind-ui__search-input", first)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
            page.wait_for_timeout(1500)
            first_bytes = sum(n for _u, n in sizes)
            sizes.clear()
            page.fill(".pagefind-ui__search-input", second)
            page.wait_for_timeout(2500)
            second_bytes = sum(n for _u, n in sizes)
            browser.close()
    finally:
        server.shutdown()
    return {"first query KB": round(first_bytes / 1024, 1), "next query KB": round(second_bytes / 1024, 1)}
