"""Filtering speed on a region page with 300 listings, in Chromium slowed down like a mid-range
phone (CDP Emulation.setCPUThrottlingRate, 4x by default).

    .venv/bin/python bench/filters.py [--size 300] [--rate 4] [--rounds 7]

Builds a one-region synthetic catalog into bench/out/filters/, serves it on 127.0.0.1, and times
each filter change from the control's change event to the end of the page's style and layout
work (find.js applies filters synchronously). Prints the median and worst time per change, and
the page's size. The target is under 50 ms per change at 4x.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import shutil
import statistics
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

from synthetic import resource  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SCRIPT_TIMES: dict[str, list[float]] = {}  # find.js's own share of each change
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
# (what, JavaScript run in the page before the change event; ``f`` is the form)
CHANGES = [
    ("kind of help = meeting", "f.elements.cat.value = 'meeting'"),
    ("+ day = today", "f.elements.day.value = 'today'"),
    ("+ time = evening", "f.elements.tod.value = 'evening'"),
    ("clear kind, day, time", "f.elements.cat.value = ''; f.elements.day.value = ''; f.elements.tod.value = ''"),
    ("payment = medicaid", "f.elements.pay.value = 'medicaid'"),
    ("+ language = es", "f.elements.lang.value = 'es'"),
    ("open now", "f.elements.pay.value = ''; f.elements.lang.value = ''; f.elements.now.checked = true"),
    ("words 'hope'", "f.elements.now.checked = false; f.elements.q.value = 'hope'"),
    ("near 40.5,-80.5, nearest first", "f.elements.q.value = ''; f.elements.near.value = '@40.50,-80.50'; "
                                       "f.elements.sort.value = 'dist'"),
    ("+ within 25 mi", "f.elements.r.value = '25'"),
    ("clear all", "f.reset()"),
]


def make_catalog(size: int, dest: str) -> str:
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(os.path.join(dest, "catalog"))
    os.makedirs(os.path.join(dest, "content"))
    rng = random.Random(size)
    with open(os.path.join(dest, "resources.yaml"), "w") as out:
        out.write("site:\n  country: US\nregions:\n  - id: county\n    name: Bench County\n"
                  "    timezone: America/New_York\n    bounds: {south: 39.9, west: -81.1, north: 41.1, east: -79.9}\n"
                  "include:\n  - catalog/*.yaml\n")
    with open(os.path.join(dest, "catalog", "county.yaml"), "w") as out:
        out.write("resources:\n")
        for index in range(size):
            out.write(resource(rng, index, "county"))
    with open(os.path.join(dest, "content", "index.md"), "w") as out:
        out.write("# Bench\n")
    with open(os.path.join(dest, "mkdocs.yml"), "w") as out:
        out.write(f"site_name: Bench\nsite_url: https://bench.example.org/\ndocs_dir: content\n"
                  f"use_directory_urls: true\ntheme:\n  name: material\n  custom_dir: {ROOT}/theme\n"
                  "  font: false\nextra_css:\n  - assets/navigator/navigator.css\nplugins:\n  - navigator\n")
    return dest


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(site: str, rate: float, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/regions/county/"
    times: dict[str, list[float]] = {name: [] for name, _ in CHANGES}
    script_times = SCRIPT_TIMES
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 800})
            page.goto(url)
            page.wait_for_load_state("networkidle")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            for _ in range(rounds):
                for name, script in CHANGES:
                    elapsed = page.evaluate(
                        "(script) => { const f = document.querySelector('#rn-find form');"
                        " new Function('f', script)(f); const t0 = performance.now();"
                        " f.dispatchEvent(new Event('change', {bubbles: true}));"
                        " document.body.getBoundingClientRect(); void document.body.offsetHeight;"
                        " return [performance.now() - t0, RNFind.page.lastApplyMs]; }", script)
                    times[name].append(elapsed[0])
                    script_times.setdefault(name, []).append(elapsed[1])
            browser.close()
    finally:
        server.shutdown()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--rate", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    project = make_catalog(args.size, os.path.join(HERE, "out", "filters"))
    from generator.cli import main as cli

    if cli(["build", "-f", os.path.join(project, "mkdocs.yml"), "--no-search"]) != 0:
        return 1
    site = os.path.join(project, "site")
    page_file = os.path.join(site, "regions", "county", "index.html")
    with open(page_file, encoding="utf-8") as handle:
        html = handle.read()
    import re

    data = sum(len(m) for m in re.findall(r' data-[a-z]+="[^"]*"', html))
    places = os.path.getsize(os.path.join(site, "regions", "county", "places.json"))
    times = measure(site, args.rate, args.rounds)
    print(f"region page with {args.size} listings: {len(html.encode()) / 1024:.0f} KiB HTML, "
          f"{data / 1024:.1f} KiB of it filter data; places.json {places / 1024:.1f} KiB")
    print(f"Chromium, CPU throttled {args.rate:g}x, {args.rounds} rounds (ms from change event to layout):")
    worst = 0.0
    for name, values in times.items():
        # The first round warms the JIT and the zone-offset cache, as a reader's first tap does.
        print(f"  {name:34s} median {statistics.median(values):6.1f}  worst {max(values):6.1f}  "
              f"first {values[0]:6.1f}  (script median {statistics.median(SCRIPT_TIMES[name]):5.1f})")
        worst = max(worst, max(values))
    print(f"worst change: {worst:.1f} ms (target < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
