"""Form editor comparison: Sveltia CMS (what admin/ ships) against Decap CMS, in headless Chromium
with every request beyond the local site refused. Each CMS runs on its in-browser test backend
(no GitHub); the catalog file is a region of SIZE listings (tests/corrections/big_region.py).

Measured: bundle size (raw and gzip), time to the sign-in screen, time to open the region
file's form, time to save a one-field edit, and the saved file's diff against the original
before and after `navigator tidy`.

    npm ci --prefix cms                      # Sveltia, as the build uses it
    (cd /tmp && npm pack decap-cms@3.16.3 && tar xzf decap-cms-3.16.3.tgz)
    NAVIGATOR_REPOSITORY=org/repo .venv/bin/navigator build
    .venv/bin/python bench/cms.py site --decap /tmp/package/dist --size 50 --size 500
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from generator import admin  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, served  # noqa: E402
from tests.corrections import big_region  # noqa: E402

FILE = "catalog/franklin-county.yaml"
SEED_OPFS = """async ([name, text]) => {
  const root = await navigator.storage.getDirectory();
  let dir = await root.getDirectoryHandle('sveltia-cms-test', {create: true});
  const parts = name.split('/');
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
  const file = await dir.getFileHandle(parts.at(-1), {create: true});
  const out = await file.createWritable(); await out.write(text); await out.close();
}"""
READ_OPFS = """async (name) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test');
  const parts = name.split('/');
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
}"""


def sizes(path: str) -> dict:
    with open(path, "rb") as handle:
        data = handle.read()
    return {"raw_kb": round(len(data) / 1024), "gzip_kb": round(len(gzip.compress(data, 9)) / 1024)}


def changed(before: str, after: str) -> int:
    return sum(1 for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---")))


def tidied(before: str, after: str) -> int:
    """Changed lines once `navigator tidy` has run on the saved file (in a scratch git repo)."""
    with tempfile.TemporaryDirectory() as folder:
        os.makedirs(os.path.join(folder, "catalog"))
        path = os.path.join(folder, FILE)
        run = lambda *a: subprocess.run(a, cwd=folder, check=True, capture_output=True)  # noqa: E731
        run("git", "init", "-q")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(before)
        run("git", "add", ".")
        run("git", "-c", "user.name=b", "-c", "user.email=b@example.org", "commit", "-qm", "base")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(after)
        run(os.path.join(ROOT, ".venv", "bin", "navigator"), "tidy", "--base", "HEAD", FILE)
        with open(path, encoding="utf-8") as handle:
            return changed(before, handle.read())


def sveltia_site(site: str) -> str:
    config_path = os.path.join(site, "admin", "config.yml")
    import yaml

    with open(config_path, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["backend"] = {"name": "test-repo"}
    with open(config_path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, sort_keys=False)
    return os.path.join(site, "admin", admin.SCRIPT)


def decap_site(site: str, dist: str, text: str) -> str:
    """admin-decap/: Decap's bundle, the same generated configuration, the file as its test
    backend's data (a script file: the page allows no inline script)."""
    import yaml

    folder = os.path.join(site, "admin-decap")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name in os.listdir(dist):
        if name.endswith((".js", ".wasm")) and not name.endswith(".map"):
            shutil.copy(os.path.join(dist, name), folder)
    with open(os.path.join(site, "admin", "config.yml"), encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config.pop("output", None)  # Sveltia's own option
    with open(os.path.join(folder, "config.yml"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, sort_keys=False)
    files = {"catalog": {"franklin-county.yaml": {"content": text}}}
    with open(os.path.join(folder, "repo-files.js"), "w", encoding="utf-8") as handle:
        handle.write(f"window.repoFiles = {json.dumps(files)};\n")
    # Decap compiles its configuration's schema with eval: it does not start without
    # 'unsafe-eval', which admin/ never allows; this comparison page alone adds it.
    page = admin.page("Decap").replace(f'<script src="{admin.SCRIPT}">',
                                       '<script src="repo-files.js"></script>\n<script src="decap-cms.js">')
    page = page.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as handle:
        handle.write(page)
    return os.path.join(folder, "decap-cms.js")


def session(browser, base: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    refused: list[str] = []

    def route(r):
        if r.request.url.startswith(base):
            return r.continue_()
        refused.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    return context, refused


def run_sveltia(browser, base: str, text: str, save: bool) -> dict:
    context, refused = session(browser, base)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base + "admin/")
    button = page.get_by_role("button", name=re.compile("Test Repository"))
    button.wait_for()
    out = {"sign_in_s": time.perf_counter() - start}
    page.evaluate(SEED_OPFS, [FILE, text])
    start = time.perf_counter()
    button.click()
    page.get_by_text(FILE).first.click()
    page.get_by_role("button", name=re.compile("Expand All")).first.wait_for(timeout=300_000)
    out["open_s"] = time.perf_counter() - start
    if save:
        first = text.split("    name: ", 1)[1].split("\n", 1)[0]
        field = next(h for h in page.locator("input").element_handles() if h.input_value() == first)
        field.fill(first + " (renamed)")
        page.wait_for_timeout(500)
        start = time.perf_counter()
        page.keyboard.press("Control+s")
        saved = None
        while time.perf_counter() - start < 600:
            saved = page.evaluate(READ_OPFS, FILE)
            if saved != text:
                break
            page.wait_for_timeout(200)
        done = saved is not None and saved != text
        out["save_s"] = time.perf_counter() - start if done else None
        if not done:  # the key press itself waits while the page is busy saving
            out["save_failed"] = f"not saved after {time.perf_counter() - start:.0f} s"
        else:
            out["diff_lines"] = changed(text, saved)
            out["diff_lines_after_tidy"] = tidied(text, saved)
    out["refused"] = len(refused)
    context.close()
    return out


def run_decap(browser, base: str) -> dict:
    context, refused = session(browser, base)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base + "admin-decap/")
    login = page.get_by_role("button", name=re.compile("Login", re.I))
    login.wait_for(timeout=120_000)
    out = {"sign_in_s": time.perf_counter() - start}
    start = time.perf_counter()
    login.click()
    try:
        page.get_by_text(FILE).first.click(timeout=300_000)
        page.get_by_text(re.compile("Listings", re.I)).first.wait_for(timeout=300_000)
        out["open_s"] = time.perf_counter() - start
    except PlaywrightTimeout as exc:
        out["open_failed"] = f"not open after {time.perf_counter() - start:.0f} s ({type(exc).__name__})"
    out["refused"] = len(refused)
    context.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", help="a site built with a repository configured (has admin/)")
    parser.add_argument("--decap", help="Decap CMS's dist folder (from npm pack decap-cms)")
    parser.add_argument("--size", type=int, action="append", help="listings in the region file")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--save", action="store_true", help="also save a one-field edit (Sveltia)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = {}
    work = tempfile.mkdtemp(prefix="cms-bench-")
    site = os.path.join(work, "site")
    shutil.copytree(args.site, site)
    results["sveltia_bundle"] = sizes(sveltia_site(site))
    for size in args.size or [500]:
        text = big_region.make(size)
        if args.decap:
            results["decap_bundle"] = sizes(decap_site(site, args.decap, text))
        with served(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            runs = [run_sveltia(browser, base, text, args.save and i == 0) for i in range(args.rounds)]
            results[f"sveltia_{size}"] = runs
            if args.decap:
                results[f"decap_{size}"] = [run_decap(browser, base) for _ in range(args.rounds)]
            browser.close()
    for key, value in results.items():
        if isinstance(value, list):
            medians = {k: round(statistics.median(r[k] for r in value if r.get(k) is not None), 2)
                       for k in value[0] if isinstance(value[0][k], float)}
            extra = {k: v for k, v in value[0].items() if not isinstance(v, float)}
            print(f"{key}: median of {len(value)} {medians} {extra}")
        else:
            print(f"{key}: {value}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
