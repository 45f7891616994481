"""Accessible names for the checkboxes of Markdown task lists (``- [ ] text`` in the guides).

pymdownx.tasklist draws each box in a ``<label>`` of its own, with the item's text after it, so
a screen reader announces an unnamed checkbox; the box gets the item's text as its name."""

from __future__ import annotations

import html
import re

_ITEM = re.compile(r'(<label class="task-list-control"><input type="checkbox")([^>]*/?>)'
                   r'(<span class="task-list-indicator"></span></label>)([^<]*(?:<(?!/?(?:li|ul|ol|p)\b)[^>]*>[^<]*)*)')
_TAG = re.compile(r"<[^>]+>")


def name_checkboxes(page_html: str) -> str:
    """The page with each task-list checkbox named by the text of its item."""
    def named(match: re.Match) -> str:
        text = " ".join(html.unescape(_TAG.sub("", match.group(4))).split())
        if not text:
            return match.group(0)
        return (f'{match.group(1)} aria-label="{html.escape(text, quote=True)}"{match.group(2)}'
                f"{match.group(3)}{match.group(4)}")
    return _ITEM.sub(named, page_html)
