"""Trial of Zensical as the engine of the hand-written pages (docs/engines.md has the results).

    python -m tools.zensical_trial --zensical /path/to/venv/bin/zensical [--out DIR]

1. Copies the project (mkdocs.yml, resources.yaml, catalog/, content/, theme/) into DIR and adds
   the pages the catalog needs, plus the two theme shells with the content mark written into
   their Markdown (Zensical runs no plugin, so nothing else would put it there).
2. Runs ``zensical build`` (in its own environment) and times it.
3. Takes Zensical's two shell pages as the core's shells and lets the core (build.py) write
   every catalog page, side file, export and the search index into Zensical's site, audited.
Prints what it measured; exits 0 whatever the audit finds (reporting it is the point).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

from generator import build, pipeline, shell
from generator.errors import CatalogError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Icons that exist in Material's templates, for a run whose zensical-ui is replaced by them
# (its own default icons are Lucide's, which Material does not ship).
MATERIAL_ICONS = ("  icon:\n" + "".join(f"    {k}: material/{v}\n" for k, v in (
    ("logo", "library"), ("repo", "git"), ("menu", "menu"), ("search", "magnify"), ("edit", "pencil"),
    ("view", "eye"), ("top", "arrow-up"))))


def prepare(out: str, material_icons: bool = False) -> str:
    """The project copied into ``out`` with the catalog's pages and the shells added."""
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for name in ("mkdocs.yml", "resources.yaml"):
        shutil.copy(os.path.join(ROOT, name), out)
    for name in ("catalog", "content", "theme"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(out, name))
    if material_icons:
        config = os.path.join(out, "mkdocs.yml")
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(text.replace("  font: false", MATERIAL_ICONS + "  font: false", 1))
    docs = os.path.join(out, "content")
    for src, text in {**pipeline.DEFAULT_PAGES, **pipeline.CATALOG_NAV_PAGES}.items():
        path = os.path.join(docs, src)
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
    for depth in (1, 2):
        path = os.path.join(docs, shell.shell_path(depth))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(shell.SHELL_MARKDOWN + "\n" + shell.CONTENT_MARK + "\n")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.zensical_trial")
    parser.add_argument("--zensical", required=True, help="the zensical command of its own venv")
    parser.add_argument("--out", default=os.path.join(ROOT, ".cache", "zensical-trial"))
    parser.add_argument("--material-icons", action="store_true",
                        help="use Material's icon names (when Material's templates stand in for zensical-ui)")
    args = parser.parse_args(argv)
    project = prepare(os.path.abspath(args.out), args.material_icons)
    started = time.perf_counter()
    result = subprocess.run([args.zensical, "build", "-f", "mkdocs.yml"], cwd=project,
                            capture_output=True, text=True)
    took = time.perf_counter() - started
    print(f"zensical build: exit {result.returncode} in {took:.2f}s")
    if result.returncode != 0:
        print(result.stdout + result.stderr)
        return 1
    site = os.path.join(project, "site")
    pages = sorted(os.path.relpath(os.path.join(f, n), site) for f, _d, names in os.walk(site)
                   for n in names if n.endswith(".html"))
    print(f"hand-written pages and shells: {len(pages)} HTML files")
    left = [p for p in pages if "{{ " in open(os.path.join(site, p), encoding="utf-8").read()]
    print(f"pages with placeholders left as text: {len(left)} ({', '.join(left[:4])}...)")
    options = build.Options(catalog=os.path.join(project, "resources.yaml"),
                            cache_dir=os.path.join(project, ".cache"), site_dir=site,
                            site_url="https://example.org/recovery-navigator/", atomic=False)
    session = build.Build(options)
    session.start()
    for depth in (1, 2):
        path = os.path.join(site, shell.shell_path(depth)[:-3], "index.html")
        with open(path, encoding="utf-8") as handle:
            html = handle.read()
        empty = 'http-equiv="Content-Security-Policy" content=""' in html
        print(f"shell at depth {depth}: {len(html):,} bytes; crisis mark "
              f"{'present' if shell.CRISIS_MARK in html else 'missing'}; policy "
              f"{'empty' if empty else 'set'}")
        session.add_shell(depth, html.replace("&lt;!-- &lt;h1&gt; --&gt;", "<!-- <h1> -->"), None)
    session.pages = [p for p in pages if not p.startswith("navigator-shell")]
    started = time.perf_counter()
    try:
        session.finish()
        print("catalog pages, side files, exports and search: written, audit passed")
    except CatalogError as exc:
        print(f"the audit refused the site: {len(exc.problems)} findings, for example")
        for problem in exc.problems[:3]:
            print("   ", problem)
    print(f"core stages after the engine: {time.perf_counter() - started:.2f}s")
    catalog_pages = sum(1 for f, _d, names in os.walk(os.path.join(site, "resources")) for n in names
                        if n == "index.html")
    print(f"resource pages written from Zensical's shell: {catalog_pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
