"""Yardsticks for the build: the same resource pages through plain MkDocs (pages out of the nav,
Material theme, built-in search) and through plain Jinja, against the navigator's own renderer.

    python bench/yardsticks.py CATALOG_DIR [PAGES]
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from generator import pipeline  # noqa: E402


def as_markdown(entry) -> str:
    r = entry.res
    phones = "\n".join(f"- [{p.number}](tel:{p.number})" for p in r.phones)
    where = f"{r.address.address_1}, {r.address.city}" if r.address else "Online"
    return f"# {r.name}\n\n{r.description or ''}\n\n**Where:** {where}\n\n{phones}\n"


def plain_mkdocs(entries, work: str) -> float:
    docs = os.path.join(work, "docs")
    os.makedirs(docs)
    with open(os.path.join(docs, "index.md"), "w") as handle:
        handle.write("# Home\n")
    for entry in entries:
        with open(os.path.join(docs, f"{entry.id}.md"), "w") as handle:
            handle.write(as_markdown(entry))
    with open(os.path.join(work, "mkdocs.yml"), "w") as handle:
        handle.write("site_name: Yardstick\ntheme:\n  name: material\n  font: false\n"
                     "nav:\n  - index.md\nplugins:\n  - search\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=work, check=True)
    return time.perf_counter() - start


def plain_jinja(entries, work: str) -> float:
    import jinja2

    env = jinja2.Environment(autoescape=True)
    template = env.from_string(
        "<!doctype html><html><head><title>{{ r.name }}</title></head><body><h1>{{ r.name }}</h1>"
        "<p>{{ r.description or '' }}</p><ul>{% for p in r.phones %}<li><a href=\"tel:{{ p.number }}\">"
        "{{ p.number }}</a></li>{% endfor %}</ul></body></html>")
    start = time.perf_counter()
    for entry in entries:
        folder = os.path.join(work, entry.id)
        os.makedirs(folder)
        with open(os.path.join(folder, "index.html"), "w") as handle:
            handle.write(template.render(r=entry.res))
    return time.perf_counter() - start


def navigator_render(run, entries) -> float:
    start = time.perf_counter()
    for entry in entries:
        run.renderer.resource_page(entry)
    return time.perf_counter() - start


def main() -> int:
    catalog_dir, pages = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    run = pipeline.prepare(os.path.join(catalog_dir, "resources.yaml"), today=dt.date(2026, 11, 21))
    entries = run.directory.entries[:pages]
    work = tempfile.mkdtemp(prefix="yardstick-")
    try:
        mk = plain_mkdocs(entries, os.path.join(work, "mkdocs"))
        jj = plain_jinja(entries, os.path.join(work, "jinja"))
        nav = navigator_render(run, entries)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(entries)
    print(f"yardsticks over {n} resource pages (per page): plain MkDocs {mk / n * 1000:.2f} ms, "
          f"plain Jinja {jj / n * 1000:.3f} ms, navigator render (no write) {nav / n * 1000:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
