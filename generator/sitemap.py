"""The site's sitemap: the hand-written pages the engine listed, and every catalog page."""

from __future__ import annotations

import gzip
import io
import os
import re


_LOC = re.compile(r"<loc>([^<]*)</loc>")


def write(site_dir: str, site_url: str | None, catalog_urls: list[str]) -> None:
    """One sitemap for hand-written and catalog pages (search engines read at most 50,000 URLs
    per file, so a national catalog gets an index of several). The several are written gzip
    only, as the sitemap protocol allows: 8 MB less at 100,000 listings, and only crawlers
    read them."""
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
    known = set(existing)
    urls = existing + [base + u for u in catalog_urls if base + u not in known]
    chunks = [urls[i:i + 50_000] for i in range(0, len(urls), 50_000)] or [[]]
    names = ["sitemap.xml"] if len(chunks) == 1 else [f"sitemap-{i + 1}.xml.gz" for i in range(len(chunks))]
    for name, chunk in zip(names, chunks):
        body = "".join(f"<url><loc>{u}</loc></url>\n" for u in chunk)
        _write_xml(os.path.join(site_dir, name.removesuffix(".gz")),
                   '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                   f'schemas/sitemap/0.9">\n{body}</urlset>\n', plain=len(chunks) == 1)
    if len(chunks) > 1:
        body = "".join(f"<sitemap><loc>{base}{n}</loc></sitemap>\n" for n in names)
        _write_xml(os.path.join(site_dir, "sitemap.xml"),
                   '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
                   f'schemas/sitemap/0.9">\n{body}</sitemapindex>\n')


def _write_xml(path: str, text: str, plain: bool = True) -> None:
    """``path`` and its gzip copy ``path``.gz; only the copy when not ``plain``."""
    if plain:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    with open(path + ".gz", "wb") as handle:
        handle.write(buffer.getvalue())
