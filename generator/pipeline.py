"""The stages wired together: load + validate -> enrich -> render -> write. Used by both adapters
(MkDocs plugin, CLI); knows neither."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from . import placeholders, vocab
from .enrich import Directory, enrich
from .errors import CatalogError, Problem
from .render import Renderer
from .shell import Shell
from .validate import Catalog, validate


DEFAULT_PAGES = {
    "regions.md": "---\ntitle: Regions\n---\n\n# Regions\n\n{{ region_tree }}\n",
    "search.md": "---\ntitle: Search\n---\n\n# Search\n\n{{ search }}\n",
}


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that a rebuild gives identical output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass
class Run:
    catalog_file: str
    catalog: Catalog
    directory: Directory
    renderer: Renderer

    # ------------------------------------------------------------ hand-written pages
    def placeholder_renderers(self, root: str) -> dict[str, Callable[[str | None], Markup]]:
        r = self.renderer
        return {
            "region_tree": lambda _arg: r.fragment("region_tree", root, nodes=self.directory.roots),
            "categories": lambda _arg: r.fragment("categories", root),
            "crisis_lines": lambda _arg: r.fragment("crisis_lines", root),
            "search": lambda _arg: r.fragment("search", root),
            "search_box": lambda _arg: r.fragment("search_box", root),
            "catalog_counts": lambda _arg: r.fragment("catalog_counts", root),
            "services": lambda arg: r.fragment("services", root, category=arg),
            "meetings_for_newcomers": lambda _arg: r.fragment("newcomer_meetings", root),
        }

    def placeholder_arguments(self) -> dict[str, set]:
        return {"services": set(vocab.CATEGORIES)}

    def check_placeholders(self, markdown: str, path: str) -> list[Problem]:
        known = self.placeholder_renderers("")
        return placeholders.check(markdown, path, known, self.placeholder_arguments())

    def fill_placeholders(self, html: str, page_url: str) -> str:
        root = "../" * page_url.count("/")
        return placeholders.substitute(html, self.placeholder_renderers(root))

    # ------------------------------------------------------------ catalog pages
    def write_pages(self, site_dir: str, shells: dict[int, Shell], site_url: str | None) -> int:
        count = 0
        urls = []
        made: set[str] = set()
        for page in self.renderer.pages():
            shell = shells[min(page.depth, max(shells))]
            canonical = (site_url.rstrip("/") + "/" + page.url) if site_url else ""
            html = shell.fill(page.title, page.description, page.body, page.crisis, canonical)
            folder = os.path.join(site_dir, page.url)
            parent = os.path.dirname(folder.rstrip("/"))
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "index.html"), "w", encoding="utf-8", newline="\n") as out:
                out.write(html)
            urls.append(page.url)
            count += 1
        write_sitemap(site_dir, site_url, urls, self.directory.today)
        return count

    @staticmethod
    def remove_shell(site_dir: str, source_path: str) -> None:
        folder = os.path.join(site_dir, source_path[:-3])
        index = os.path.join(folder, "index.html")
        if os.path.exists(index):
            os.remove(index)
        top = os.path.join(site_dir, "navigator-shell")
        shutil.rmtree(top, ignore_errors=True)

    # ------------------------------------------------------------ search
    @staticmethod
    def index_search(site_dir: str) -> None:
        """Index the finished HTML with Pagefind (the binary ships in the pagefind-bin wheel)."""
        # Pages carry no data-pagefind-filter attributes: Pagefind writes its filter index in
        # hash-map order, which changes from run to run and would break byte-identical builds.
        # Filtering is done by the site's own scripts instead.
        result = subprocess.run(
            [sys.executable, "-m", "pagefind_bin", "--site", site_dir, "--silent"],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise CatalogError([Problem("site", 1, 1, "search", "the search index could not be "
                                        f"built: {(result.stderr or result.stdout).strip()[:500]}")])

    # ------------------------------------------------------------ housekeeping
    def watch_paths(self) -> list[str]:
        root_dir = self.catalog.root_dir
        return [os.path.join(root_dir, path) for path in self.catalog.files]

    @staticmethod
    def discard(staging: str) -> None:
        shutil.rmtree(staging, ignore_errors=True)


def prepare(catalog_file: str, cache_dir: str | None = None, language: str = "en",
            site_name: str = "", today: dt.date | None = None) -> Run:
    """Validate and enrich the catalog and get a renderer ready; raises CatalogError."""
    today = today or build_date()
    catalog = validate(catalog_file, today=today, cache_dir=cache_dir)
    directory = enrich(catalog, today)
    return Run(catalog_file, catalog, directory, Renderer(directory, language, site_name))


_LOC = re.compile(r"<loc>([^<]*)</loc>")


def write_sitemap(site_dir: str, site_url: str | None, catalog_urls: list[str], today: dt.date) -> None:
    """One sitemap for hand-written and catalog pages (search engines read at most 50,000 URLs
    per file, so a national catalog gets an index of several)."""
    path = os.path.join(site_dir, "sitemap.xml")
    existing = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            existing = [u for u in _LOC.findall(handle.read()) if "navigator-shell" not in u]
    for stale in ("sitemap.xml", "sitemap.xml.gz"):
        if os.path.exists(os.path.join(site_dir, stale)):
            os.remove(os.path.join(site_dir, stale))
    if not site_url:
        return  # a sitemap needs absolute addresses
    base = site_url.rstrip("/") + "/"
    urls = existing + [base + u for u in catalog_urls]
    chunks = [urls[i:i + 50_000] for i in range(0, len(urls), 50_000)] or [[]]
    names = ["sitemap.xml"] if len(chunks) == 1 else [f"sitemap-{i + 1}.xml" for i in range(len(chunks))]
    for name, chunk in zip(names, chunks):
        body = "".join(f"<url><loc>{u}</loc></url>\n" for u in chunk)
        _write_xml(os.path.join(site_dir, name),
                   '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                   f'schemas/sitemap/0.9">\n{body}</urlset>\n')
    if len(chunks) > 1:
        body = "".join(f"<sitemap><loc>{base}{n}</loc></sitemap>\n" for n in names)
        _write_xml(os.path.join(site_dir, "sitemap.xml"),
                   '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
                   f'schemas/sitemap/0.9">\n{body}</sitemapindex>\n')


def _write_xml(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    with open(path + ".gz", "wb") as handle:
        handle.write(buffer.getvalue())
