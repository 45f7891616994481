"""What the offline stage (offline.py) needs of the site's search index: which Pagefind files
a saved region takes along, so that searching works offline and finds what was saved.

    Search.read(site_dir, hashes, facts)              # the bundles and each page's fragment
    files_for(urls, search, language, prefix)          # what saving these pages adds
"""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
from dataclasses import dataclass, field

from .filefacts import Facts

# Pagefind files no page of the site loads (other interfaces, the highlighter).
_UNUSED_SEARCH = ("pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")


def files_for(urls: list[str], search: "Search", language: str = "en", prefix: str = "") -> list[str]:
    """The search page and, from each Pagefind bundle holding one of these pages, its index,
    its loader and the fragments (result texts) of these pages: searching works offline and
    finds what was saved."""
    # A region's listings share its document's fragment.
    mine = sorted({search.fragments[u] for u in urls if u in search.fragments})
    if not mine:
        return []
    bundles = sorted({f.rsplit("fragment/", 1)[0] for f in mine} | {"pagefind/"})
    out = [prefix + "search/"] if prefix + "search/index.html" in search.pages else []
    for bundle in bundles:
        if (bundle, language) not in search.in_language:
            search.in_language[bundle, language] = [f for f in search.bundles.get(bundle, [])
                                                    if not other_language(f, language)]
        out += search.in_language[bundle, language]
    return out + mine


def other_language(path: str, language: str) -> bool:
    """Is this Pagefind file another language's index (``es_....pf_index``, ``wasm.es.pagefind``,
    ``pagefind.es_....pf_meta``)? A bundle indexes every language of the site, and a saved
    region reads in one of them."""
    name = posixpath.basename(path)
    for prefix in ("wasm.", "pagefind."):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    else:
        if posixpath.basename(posixpath.dirname(path)) != "index":
            return False
    tag = re.match(r"([a-z]{2,3}(?:-[a-z0-9]+)?)[._]", name, re.I)
    return tag is not None and tag.group(1) not in (language, "unknown")


@dataclass(frozen=True)
class Search:
    """The site's Pagefind bundles, read once: each page's fragment, each bundle's own files."""

    pages: frozenset[str]  # the site's search pages, one per language (search/index.html, es/search/...)
    fragments: dict[str, str]  # page address -> its fragment
    bundles: dict[str, list[str]]  # bundle folder -> its loader, WebAssembly and word index
    # (bundle folder, language) -> its files a reader in that language loads, worked out once
    in_language: dict[tuple[str, str], list[str]] = field(default_factory=dict, compare=False)

    @classmethod
    def read(cls, site_dir: str, hashes: dict[str, str], facts: "Facts | None" = None) -> "Search":
        bundles: dict[str, list[str]] = {}
        for path in sorted(hashes):
            if not path.startswith("pagefind/") or "/fragment/" in path:
                continue
            folder, name = posixpath.split(path)
            if posixpath.basename(folder) == "index":
                bundles.setdefault(posixpath.dirname(folder) + "/", []).append(path)
            elif not name.startswith(_UNUSED_SEARCH) and (folder + "/" == "pagefind/" or "/in/" in folder):
                bundles.setdefault(folder + "/", []).append(path)
        for folder, files in bundles.items():
            # The language-neutral WebAssembly only for a bundle with no language of its own.
            unknown = folder + "wasm.unknown.pagefind"
            if unknown in files and sum(posixpath.basename(f).startswith("wasm.") for f in files) > 1:
                files.remove(unknown)
            files.sort(key=lambda f: ("/index/" in f, f))
        pages = frozenset(p for p in hashes if re.fullmatch(r"(?:[^/]+/)?search/index\.html", p))
        return cls(pages, fragments(site_dir, facts), bundles)


def fragments(site_dir: str, facts: "Facts | None" = None) -> dict[str, str]:
    """Each indexed page's address -> its Pagefind fragment (every bundle under pagefind/): a
    region's document's and, through the ids of its headings, its listings' (generator/search.py
    indexes a region's listings as parts of its document)."""
    out: dict[str, str] = {}
    root = os.path.join(site_dir, "pagefind")
    facts = facts or Facts(None)
    for folder, _dirs, files in os.walk(root):
        if os.path.basename(folder) != "fragment":
            continue
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(folder, name), site_dir).replace(os.sep, "/")
            for address in facts.get("fragment", site_dir, rel, fragment_addresses).split("\n"):
                out.setdefault(address, rel)
    return out


def fragment_addresses(path: str) -> str:
    """The addresses a Pagefind fragment file answers for, one a line: its region's page and,
    through the ids of its headings, its listings' (generator/search.py indexes a region's
    listings as parts of its document)."""
    with open(path, "rb") as handle:
        data = json.loads(gzip.decompress(handle.read())[len(b"pagefind_dcd"):])
    addresses = [data.get("meta", {}).get("url") or data.get("url", "").lstrip("/")]
    addresses += [anchor["id"] for anchor in data.get("anchors", []) if anchor.get("id")]
    return "\n".join(addresses)
