"""Catalog pages in the Material look without MkDocs' per-page cost.

MkDocs renders one "shell" page per URL depth through the theme, with markers where a page's own
parts go; every catalog page is then that shell with the markers filled in. The shell is split
once, so filling is a join of strings: catalog text can never be mistaken for a marker.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from html import escape
from typing import Callable

# PATH: the page's address inside its language (regions/ohio/), for the language switch and
# the hreflang links (theme/partials/navigator-languages.html).
MARKERS = ("TITLE", "DESCRIPTION", "URL", "CRISIS", "CONTENT", "PATH")
PATH_MARK = "@@RN-PATH@@"
_SPLIT = re.compile(r"@@RN-(" + "|".join(MARKERS) + r")@@")
# Contents whose whitespace matters (and inline scripts, whose CSP hashes cover every byte).
_VERBATIM = re.compile(r"(<(script|pre|textarea)\b.*?</\2>)", re.S | re.I)
_BEFORE_TAG = re.compile(r"[ \t\r]*\n\s*<")
_AFTER_TAG = re.compile(r">[ \t\r]*\n\s*")

SHELL_MARKDOWN = """---
title: "@@RN-TITLE@@"
description: "@@RN-DESCRIPTION@@"
search:
  exclude: true
---
"""
CONTENT_MARK = "<!-- <h1> -->@@RN-CONTENT@@"  # mentions <h1 so Material adds no heading of its own
CRISIS_MARK = "@@RN-CRISIS@@"
# Material's settings block, the same on every catalog page but for its relative base.
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
SHARED_DIR = "assets/navigator/shared/"
# Rebuilds Material's settings block from the shared file, before Material's bundle reads it:
# the page's base (relative to the page) travels in the tag's data-base.
_CONFIG_SCRIPT = ("(function(s,c){{c.base=s.dataset.base;c.search=c.base+\"/\"+c.search;"
                  "var b=document.createElement(\"script\");b.id=\"__config\";"
                  "b.type=\"application/json\";b.textContent=JSON.stringify(c);s.after(b)}})"
                  "(document.currentScript,{data});\n")

# A script tag of the theme standing for several files (bundles.py): its src holds the files'
# names, "@@RN-BUNDLE:list-strings list.js page.js@@", and the shell puts the bundle's path there.
_BUNDLE = re.compile(r"@@RN-BUNDLE:([^@\"]+)@@")
Bundler = Callable[[list[str]], "tuple[str, bytes]"]


# Layouts of catalog pages: PAGE is the theme's whole page (main.html); LISTING, a listing's own
# page (theme/navigator-listing.html), lighter because a national catalog has 100,000 of them.
PAGE = "page"
LISTING = "listing"
# A listing's page in the default language only (pages.TRANSLATED_LISTINGS): the same layout,
# from a shell whose hreflang links and language switch know the page has no counterpart.
LISTING_ALONE = "listing-alone"
LISTING_DEPTH = 2  # resources/<id>/
LISTING_MARKDOWN = SHELL_MARKDOWN.replace("search:", "template: navigator-listing.html\nsearch:", 1)
# (language, depth, layout) -> the shell of that part of the site.
ShellKey = tuple[str, int, str]


def shell_path(depth: int, prefix: str = "", layout: str = PAGE) -> str:
    """Source path of the virtual shell page whose URL has ``depth`` segments inside the part
    of the site at ``prefix`` (a language's folder, "es/", or "" for the default language)."""
    if layout in (LISTING, LISTING_ALONE):
        return prefix + f"navigator-shell-{layout}/" + "/".join(["x"] * (depth - 1)) + ".md"
    return prefix + ("navigator-shell.md" if depth == 1 else
                     "navigator-shell/" + "/".join(["x"] * (depth - 1)) + ".md")


def shell_layout(src_uri: str) -> str:
    """The layout of the shell page at ``src_uri`` (inside its language's folder)."""
    for layout in (LISTING, LISTING_ALONE):
        if src_uri.startswith(f"navigator-shell-{layout}/"):
            return layout
    return PAGE


def pick(shells: "dict[ShellKey, Shell]", language: str, depth: int, layout: str = PAGE) -> ShellKey:
    """The shell a catalog page ``depth`` folders deep is filled into: its layout's when the
    theme has one for that depth, otherwise the whole page's of the nearest depth."""
    if (language, depth, layout) in shells:
        return (language, depth, layout)
    deepest = max(d for lang, d, kind in shells if lang == language and kind == PAGE)
    return (language, min(depth, deepest), PAGE)


class Shell:
    """A page of the site with holes; ``fill`` gives a finished page."""

    def __init__(self, html: str, canonical: str | None = None, bundler: Bundler | None = None):
        if canonical:
            html = html.replace(f'href="{canonical}"', 'href="@@RN-URL@@"')
        self.assets: dict[str, bytes] = {}  # files every page of this shell shares, by path
        html = _CONFIG.sub(self._shared_config, html, count=1)
        html = with_bundles(html, bundler, self.assets)
        html = squeeze(html.replace(CONTENT_MARK, "@@RN-CONTENT@@"))
        parts = _SPLIT.split(html)
        self.literals = parts[0::2]
        self.slots = parts[1::2]
        missing = {"TITLE", "CONTENT"} - set(self.slots)
        if missing:
            raise ValueError(f"the theme's page template lost the markers {sorted(missing)}")

    def _shared_config(self, match: re.Match) -> str:
        """Material's settings as a cached script file named by its content, in place of a
        copy in each page; the block is left as it is if its shape is not the one known."""
        config = json.loads(match.group(1))
        base, search = config.get("base"), config.get("search")
        if not isinstance(base, str) or not isinstance(search, str) or not search.startswith(base + "/"):
            return match.group(0)
        config["search"] = search[len(base) + 1:]
        del config["base"]
        data = _CONFIG_SCRIPT.format(data=json.dumps(config, sort_keys=True, separators=(",", ":")))
        path = SHARED_DIR + "config-" + hashlib.sha256(data.encode()).hexdigest()[:12] + ".js"
        self.assets[path] = data.encode("utf-8")
        return f'<script src="{escape(base)}/{path}" data-base="{escape(base)}"></script>'

    def write_assets(self, site_dir: str) -> None:
        """Write the files this shell's pages share (the same bytes for every depth)."""
        for path, data in self.assets.items():
            write_file(site_dir, path, data)

    def fill(self, title: str, description: str, body: str, crisis: str, url: str = "",
             path: str = "") -> str:
        values = {"TITLE": escape(title), "DESCRIPTION": escape(description), "URL": escape(url),
                  "CRISIS": crisis, "CONTENT": body, "PATH": escape(path)}
        out = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:]):
            out.append(values[slot])
            out.append(literal)
        return "".join(out)


def with_bundles(html: str, bundler: Bundler | None, assets: dict[str, bytes]) -> str:
    """``html`` with each bundle marker replaced by the bundle's path, the bundle kept in
    ``assets`` (a shell's: so the pages' cache keys, which hold the shell, change with any of
    its parts)."""
    def path(match: re.Match) -> str:
        if bundler is None:
            raise ValueError(f"the theme's page template bundles files ({match.group(1)}), "
                             "but nothing was given to make the bundle")
        name, data = bundler(match.group(1).split())
        assets[name] = data
        return name
    return _BUNDLE.sub(path, html)


def write_file(site_dir: str, path: str, data: bytes) -> None:
    target = os.path.join(site_dir, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)


def squeeze(html: str) -> str:
    """The theme's indentation and blank lines, dropped: a national catalog has a hundred
    thousand copies of the shell, and this is about a tenth of each. A line break stays wherever
    there was one, so the page renders the same."""
    parts = _VERBATIM.split(html)
    out = []
    for index in range(0, len(parts), 3):
        text = parts[index]
        if "\n" in text and not text.strip():
            text = "\n"  # between two verbatim blocks, where neither pattern can see a tag
        out.append(_AFTER_TAG.sub(">\n", _BEFORE_TAG.sub("\n<", text)))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
