"""Two ways to build the site in two languages, measured on one synthetic catalog.

    python bench/i18n.py                      # 10,000 listings, median of 3 builds each
    python bench/i18n.py --size 1000 --runs 1 --json bench/out/i18n.json

(a) the project as shipped: the navigator plugin makes every page, catalog and hand-written,
    in English and Spanish (``languages: [en, es]``), in one MkDocs build.
(b) mkdocs-static-i18n for the hand-written pages: the plugin (PyPI ``mkdocs-static-i18n``)
    builds content/en/ and content/es/ (its "folder" layout) as MkDocs builds of their own, and
    the catalog pages are made in one language by the navigator plugin (``languages: [en]``).
    static-i18n cannot run in the same build as the navigator plugin (it reads every page's
    source file, and catalog pages have none: the attempt's error is reported), so (b) is two
    builds whose times add up and whose sites are laid one over the other: the hand-written
    pages of both languages from static-i18n, everything else from the navigator.

Every build is cold (no cache, no previous site) and runs in a process of its own; the figures
are wall seconds, CPU seconds (user + system, Pagefind included), the site's bytes and files.
After the figures, what each site has, read from the built files: Spanish catalog pages, a
Spanish 404 page, the language switch, the Spanish navigation, search per language.

static-i18n is a bench-only extra: ``.venv/bin/python -m pip install mkdocs-static-i18n==1.3.1``;
without it (b) is skipped with that reason.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

import synthetic  # noqa: E402
from run import folder_size, project_for  # noqa: E402

from generator import i18n, stamp  # noqa: E402

STATIC_I18N = "mkdocs_static_i18n"
INSTALL = ".venv/bin/python -m pip install mkdocs-static-i18n==1.3.1"
EPOCH = "1795219200"  # the synthetic catalog's dates are fixed; so is the build's "today"

# static-i18n's configuration for our two languages in its "folder" layout (content/en/, content/es/).
I18N_PLUGIN = """  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: es
          name: Español
          build: true
"""


def timed(args: list[str], cwd: str) -> dict:
    """Run ``python args`` in ``cwd``; wall and CPU seconds (the process and its children)."""
    env = dict(os.environ, PYTHONPATH=ROOT, SOURCE_DATE_EPOCH=EPOCH)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"ok": proc.returncode == 0, "wall": wall, "cpu": cpu,
            "error": "" if proc.returncode == 0 else _last_error(proc.stderr)}


def _last_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^\w*(Error|Exception)\b", line)]
    return (errors or lines or ["(no output)"])[-1][:300]


def fresh(folder: str) -> None:
    """Cold: no build cache, no previous site, no stamp that would skip the build."""
    for name in (".cache", "site", "site-pages", "site-catalog"):
        shutil.rmtree(os.path.join(folder, name), ignore_errors=True)


def shipped(catalog: str, work: str) -> str:
    """(a): the catalog with the project's mkdocs.yml and content as they are."""
    folder = os.path.join(work, "shipped")
    shutil.copytree(catalog, folder)
    return project_for(folder)


def _config(folder: str) -> str:
    with open(os.path.join(folder, "mkdocs.yml"), encoding="utf-8") as handle:
        return handle.read()


def _write_config(folder: str, text: str) -> None:
    with open(os.path.join(folder, "mkdocs.yml"), "w", encoding="utf-8") as handle:
        handle.write(text)


def _one_language(text: str) -> str:
    assert "languages: [en, es]" in text, "mkdocs.yml no longer sets languages: [en, es]; update bench/i18n.py"
    return text.replace("languages: [en, es]", "languages: [en]")


def static_pages(catalog: str, work: str) -> tuple[str, str]:
    """(b): the hand-written pages in static-i18n's folder layout, built without the navigator
    plugin (site-pages/), and the catalog in English by the navigator (site-catalog/)."""
    pages = os.path.join(work, "static-i18n")
    shutil.copytree(catalog, pages)
    project_for(pages)
    content = os.path.join(pages, "content")
    english = os.path.join(pages, "content-en")
    os.mkdir(english)
    for name in sorted(os.listdir(content)):
        if name != "es":
            shutil.move(os.path.join(content, name), os.path.join(english, name))
    shutil.move(english, os.path.join(content, "en"))
    text = _config(pages)
    navigator = text[text.index("  - navigator:"):text.index("\nnav:")]
    together = text.replace(navigator, I18N_PLUGIN + navigator.replace("languages: [en, es]", "languages: [en]"))
    _write_config(pages, together)  # first tried as one build: reported, then split
    catalog_only = os.path.join(work, "catalog-en")
    shutil.copytree(catalog, catalog_only)
    project_for(catalog_only)
    # Its hand-written pages come from static-i18n: without content/es/ the one-language
    # navigator would make the Spanish ones again, as English pages under es/.
    shutil.rmtree(os.path.join(catalog_only, "content", "es"))
    _write_config(catalog_only, _one_language(_config(catalog_only)))
    return pages, catalog_only


def _pages_only(pages: str) -> None:
    text = _config(pages)
    navigator = text[text.index("  - navigator:"):text.index("\nnav:")]
    text = text.replace(navigator, "").replace("site_dir: site", "site_dir: site-pages")
    # Without the navigator the catalog pages named in the nav do not exist: MkDocs keeps them
    # as broken links, which is what a site made this way would have to fix by hand.
    _write_config(pages, text)


def merge(pages_site: str, catalog_site: str, target: str) -> None:
    """One site: the navigator's files, with static-i18n's hand-written pages over them."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(catalog_site, target)
    shutil.copytree(pages_site, target, dirs_exist_ok=True)


def site_facts(site: str) -> dict:
    """Bytes and files of a built site, and which language features it has."""
    files = sum(len(names) for _dirs, _subs, names in os.walk(site))
    region = _first_region(site)
    es = i18n.Translator("es")
    facts: dict[str, object] = {"MB": round(folder_size(site) / 1e6, 1), "files": files}
    facts["Spanish catalog pages"] = _lang(os.path.join(site, "es", region, "index.html")) == "es" if region else False
    facts["404 pages (their lang)"] = ", ".join(
        f"/{path} {_lang(os.path.join(site, path)) or 'missing'}" for path in ("404.html", "es/404.html"))
    facts["crisis bar on hand-written pages"] = "rn-crisis" in _read(site, "guides/boundaries/index.html")
    facts["switch on hand-written pages"] = 'hreflang="es"' in _read(site, "guides/boundaries/index.html")
    facts["switch on catalog pages"] = 'hreflang="es"' in _read(site, region + "index.html") if region else False
    facts["Spanish navigation titles"] = es.gettext("Mentor guides") in _read(site, "es/guides/boundaries/index.html")
    facts["search languages"] = _search_languages(site)
    return facts


def _first_region(site: str) -> str:
    regions = os.path.join(site, "regions")
    names = sorted(os.listdir(regions)) if os.path.isdir(regions) else []
    return next((f"regions/{n}/" for n in names if os.path.exists(os.path.join(regions, n, "index.html"))), "")


def _read(site: str, path: str) -> str:
    try:
        with open(os.path.join(site, path), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""


def _lang(path: str) -> str:
    found = re.search(r'<html[^>]* lang="([^"]+)"', _read(os.path.dirname(path), os.path.basename(path)))
    return found.group(1) if found else ""


def _search_languages(site: str) -> str:
    entry = _read(site, "pagefind/pagefind-entry.json")
    if entry:
        return ", ".join(sorted(json.loads(entry).get("languages", {})))
    return "MkDocs search" if os.path.exists(os.path.join(site, "search", "search_index.json")) else "none"


def median(runs: list[dict]) -> dict:
    return {"wall": round(statistics.median(r["wall"] for r in runs), 1),
            "cpu": round(statistics.median(r["cpu"] for r in runs), 1)}


def bench_shipped(folder: str, runs: int) -> dict:
    found = []
    for _ in range(runs):
        fresh(folder)
        time.sleep(stamp.SETTLE_SECONDS)
        found.append(timed(["-m", "generator", "build"], folder))
        if not found[-1]["ok"]:
            raise RuntimeError(f"the shipped build failed: {found[-1]['error']}")
    return {**median(found), **site_facts(os.path.join(folder, "site"))}


def bench_static(pages: str, catalog_only: str, runs: int) -> dict:
    fresh(pages)
    together = timed(["-m", "mkdocs", "build", "-q"], pages)
    out: dict = {"one build with the navigator": "works" if together["ok"] else f"fails: {together['error']}"}
    _pages_only(pages)
    page_runs, catalog_runs, sums = [], [], []
    for _ in range(runs):
        fresh(pages)
        fresh(catalog_only)
        time.sleep(stamp.SETTLE_SECONDS)
        page_runs.append(timed(["-m", "mkdocs", "build", "-q"], pages))
        catalog_runs.append(timed(["-m", "generator", "build"], catalog_only))
        for name, run in (("static-i18n", page_runs[-1]), ("catalog", catalog_runs[-1])):
            if not run["ok"]:
                raise RuntimeError(f"the {name} build failed: {run['error']}")
        sums.append({"wall": page_runs[-1]["wall"] + catalog_runs[-1]["wall"],
                     "cpu": page_runs[-1]["cpu"] + catalog_runs[-1]["cpu"]})
    merged = os.path.join(pages, "site")
    merge(os.path.join(pages, "site-pages"), os.path.join(catalog_only, "site"), merged)
    out.update({**median(sums), "hand-written pages (static-i18n)": median(page_runs),
                "catalog in English (navigator)": median(catalog_runs), **site_facts(merged)})
    return out


def table(results: dict) -> str:
    keys = [k for k in results["(a) own generator"] if not isinstance(results["(a) own generator"][k], dict)]
    columns = list(results)
    rows = [["measure", *columns], ["---"] * (len(columns) + 1)]
    for key in keys:
        rows.append([key, *(str(results[c].get(key, "-")) for c in columns)])
    text = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    for column, values in results.items():
        for key, value in values.items():
            if key not in keys:
                text += f"\n{column}, {key}: {value}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="synthetic listings (default 10,000)")
    parser.add_argument("--runs", type=int, default=3, help="cold builds of each way; the median is shown")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="navigator-i18n-bench-")
    try:
        catalog = os.path.join(work, "catalog")
        synthetic.generate(args.size, catalog)
        results = {"(a) own generator": bench_shipped(shipped(catalog, work), args.runs)}
        if importlib.util.find_spec(STATIC_I18N) is None:
            print(f"(b) skipped: mkdocs-static-i18n is not installed ({INSTALL})")
        else:
            results["(b) static-i18n + catalog in English"] = bench_static(*static_pages(catalog, work), args.runs)
        print(f"{args.size:,} synthetic listings, median of {args.runs} cold builds each\n")
        print(table(results))
        if args.json:
            os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump({"size": args.size, "runs": args.runs, **results}, handle, indent=2)
    finally:
        if args.keep:
            print(f"\nwork folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
