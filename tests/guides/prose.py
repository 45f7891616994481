"""The running text of a guide, as a reader meets it: Markdown, HTML, tables, worksheet lines and
placeholders taken out, each list item and admonition line kept as its own sentence. Readability
and sentence-length checks read this, not the source."""

from __future__ import annotations

import glob
import os
import re

from tests.conftest import ROOT

GUIDES_DIR = os.path.join(ROOT, "content", "guides")

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKER = re.compile(r"^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+\.\s+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]*\s+(?=[\"“(]?[A-Z0-9])")
_BLANK = re.compile(r"_{3,}")


def guide_names() -> list[str]:
    """Every guide in content/guides/, the index excepted, sorted."""
    paths = glob.glob(os.path.join(GUIDES_DIR, "*.md"))
    return sorted(os.path.basename(p)[:-3] for p in paths if not p.endswith("index.md"))


def source(name: str) -> str:
    with open(os.path.join(GUIDES_DIR, name + ".md"), encoding="utf-8") as handle:
        return handle.read()


def body(text: str) -> str:
    """The Markdown after the front matter."""
    return text.split("---", 2)[2] if text.startswith("---") else text


def inline(text: str) -> str:
    """Markdown inline marks removed: links keep their text; bold, italics and code marks go."""
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = _BLANK.sub("", text)
    return re.sub(r"[*_`]+", "", text).strip()


def blocks(text: str) -> list[str]:
    """Paragraphs, list items and admonition lines of a guide, as plain text, one per entry."""
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(inline(" ".join(paragraph)))
            paragraph.clear()

    for raw in body(text).splitlines():
        line = raw.strip()
        if (not line or line.startswith(("#", "|", "<", "{{", "!!!"))):
            flush()
            continue
        if _MARKER.match(line):
            flush()
            out.append(inline(_MARKER.sub("", line)))
            continue
        paragraph.append(line)
    flush()
    return [b for b in out if b]


def prose(text: str) -> str:
    """The guide's running text, each block ending as a sentence."""
    return " ".join(b if b[-1] in ".!?:\"”)" else b + "." for b in blocks(text))


def sentences(text: str) -> list[str]:
    """The sentences of a guide's running text."""
    out = []
    for block in blocks(text):
        out += [s for s in _SENTENCE_END.split(block) if s.strip()]
    return out
