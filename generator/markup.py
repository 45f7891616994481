"""Limited Markdown for descriptions: rendered with markdown-it (raw HTML off), then sanitised
with an allowlist (nh3), so catalog text can never add scripts, images, styles or odd links."""

from __future__ import annotations

import functools
import html as _html
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"http", "https", "mailto", "tel"}


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Headings, images, tables, code blocks and rules have no place in a short description.
    md.disable(["image", "heading", "lheading", "code", "fence", "hr", "html_block",
                "html_inline", "blockquote", "reference"])
    md.inline.ruler.before("emphasis", "literal_underscore", _underscores)
    return md


def _underscores(state, silent: bool) -> bool:
    """Underscores are text: the subset marks emphasis with * only, so snake_case_words,
    __init__ and file_name_ stay exactly as typed."""
    start = state.pos
    if state.src[start] != "_":
        return False
    end = start
    while end < state.posMax and state.src[end] == "_":
        end += 1
    if not silent:
        state.pending += state.src[start:end]
    state.pos = end
    return True


# Text without any of these needs no Markdown parser: most descriptions are plain sentences,
# and the parser costs ~120 us each, which adds up to seconds over a national catalog.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&\\!\n#|~]|^\s*([-+*>]|\d+[.)])(\s|$)|://|@")


@functools.lru_cache(maxsize=8192)
def markdown(source: str | None) -> Markup:
    """Safe HTML for a description written in limited Markdown."""
    if not source:
        return Markup("")
    if not _MARKDOWN_SYNTAX.search(source):
        return Markup("<p>") + escape(source.strip()) + Markup("</p>\n")
    html = _parser().render(source)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=SCHEMES,
                      link_rel="nofollow noreferrer", strip_comments=True)
    return Markup(clean)


@functools.lru_cache(maxsize=8192)
def plain(source: str | None) -> str:
    """Descriptions as plain text (for meta descriptions, exports and the search excerpt)."""
    if not source:
        return ""
    if not _MARKDOWN_SYNTAX.search(source):
        return " ".join(source.split())
    text = nh3.clean(_parser().render(source), tags=set())
    return " ".join(_html.unescape(text).split())


def inline(source: str | None) -> Markup:
    return escape(source or "")
