"""Catalog pages in the Material look without MkDocs' per-page cost.

MkDocs renders one "shell" page per URL depth through the theme, with markers where a page's own
parts go; every catalog page is then that shell with the markers filled in. The shell is split
once, so filling is a join of strings: catalog text can never be mistaken for a marker.
"""

from __future__ import annotations

import re
from html import escape

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


def shell_path(depth: int, prefix: str = "") -> str:
    """Source path of the virtual shell page whose URL has ``depth`` segments inside the part
    of the site at ``prefix`` (a language's folder, "es/", or "" for the default language)."""
    return prefix + ("navigator-shell.md" if depth == 1 else
                     "navigator-shell/" + "/".join(["x"] * (depth - 1)) + ".md")


class Shell:
    """A page of the site with holes; ``fill`` gives a finished page."""

    def __init__(self, html: str, canonical: str | None = None):
        if canonical:
            html = html.replace(f'href="{canonical}"', 'href="@@RN-URL@@"')
        html = squeeze(html.replace(CONTENT_MARK, "@@RN-CONTENT@@"))
        parts = _SPLIT.split(html)
        self.literals = parts[0::2]
        self.slots = parts[1::2]
        missing = {"TITLE", "CONTENT"} - set(self.slots)
        if missing:
            raise ValueError(f"the theme's page template lost the markers {sorted(missing)}")

    def fill(self, title: str, description: str, body: str, crisis: str, url: str = "",
             path: str = "") -> str:
        values = {"TITLE": escape(title), "DESCRIPTION": escape(description), "URL": escape(url),
                  "CRISIS": crisis, "CONTENT": body, "PATH": escape(path)}
        out = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:]):
            out.append(values[slot])
            out.append(literal)
        return "".join(out)


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
