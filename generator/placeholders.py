"""Live catalog data in hand-written pages, through a fixed vocabulary of placeholders.

A placeholder is a line holding only ``{{ name }}`` or ``{{ name: argument }}``. Pages are never
evaluated as templates: each known name maps to a fragment rendered from the catalog; anything
else is an error with its file and line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from . import text
from .errors import Problem

_LINE = re.compile(r"^\s{0,3}\{\{\s*([A-Za-z_][\w-]*)\s*(?::\s*([^}]*?))?\s*\}\}\s*$")
_HTML = re.compile(r"<p>\{\{\s*([A-Za-z_][\w-]*)\s*(?::\s*([^}<]*?))?\s*\}\}</p>")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Placeholder:
    name: str
    argument: str | None
    line: int


def find(markdown: str, first_line: int = 1) -> list[Placeholder]:
    """Placeholders in a page's Markdown source, outside fenced code."""
    found, fence = [], ""
    for number, line in enumerate(markdown.splitlines(), start=first_line):
        opening = _FENCE.match(line)
        if fence:
            # CommonMark: only a fence of the same character, at least as long, closes it.
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence) \
                    and not opening[2].strip():
                fence = ""
            continue
        if opening:
            fence = opening[1]
            continue
        match = _LINE.match(line)
        if match:
            found.append(Placeholder(match[1], match[2] or None, number))
    return found


def check(markdown: str, path: str, known: dict[str, Callable], arguments: dict[str, set],
          first_line: int = 1) -> list[Problem]:
    """Problems with the placeholders of one page: unknown names, missing or bad arguments.
    ``first_line`` is the file's line number of the Markdown's first line (after front matter)."""
    problems = []
    for ph in find(markdown, first_line):
        if ph.name not in known:
            problems.append(Problem(path, ph.line, 1, "placeholder", f"unknown placeholder "
                                    f"{{{{ {ph.name} }}}}; the known ones are: {', '.join(sorted(known))}"))
            continue
        allowed = arguments.get(ph.name)
        if allowed is None and ph.argument:
            problems.append(Problem(path, ph.line, 1, "placeholder", f"{{{{ {ph.name} }}}} takes no "
                                    "argument; remove the part after the colon"))
        elif allowed is not None and ph.argument not in allowed:
            problems.append(Problem(path, ph.line, 1, "placeholder", _argument_problem(ph, allowed)))
    return problems


LISTED = 12  # a national catalog has thousands of region ids; an error shows a few and the closest


def _argument_problem(ph: Placeholder, allowed: set) -> str:
    """What is wrong with a placeholder's argument. ``None`` in ``allowed`` makes the argument
    optional (``{{ crisis_lines }}`` and ``{{ crisis_lines: ohio }}`` are both fine)."""
    choices = sorted(a for a in allowed if a is not None)
    shown = ", ".join(choices[:LISTED]) + (f" (and {len(choices) - LISTED} more)" if len(choices) > LISTED else "")
    need = "needs no argument or one of" if None in allowed else "needs one of"
    close = text.closest(ph.argument, choices) if ph.argument else None
    hint = f"; did you mean {close}?" if close and len(choices) > LISTED else ""
    return f"{{{{ {ph.name}: {ph.argument or ''} }}}} {need}: {shown}{hint}"


def substitute(html: str, known: dict[str, Callable[[str | None], Markup]]) -> str:
    """Replace each placeholder paragraph in rendered HTML by its fragment (one pass: fragment
    text is never scanned again)."""
    def replace(match: re.Match) -> str:
        render = known.get(match[1])
        return str(render(match[2] or None)) if render else match[0]

    return _HTML.sub(replace, html)


class Later:
    """Fragments a page waits for until the engine has finished it: ``defer`` gives a mark in
    their place, ``fill`` swaps each mark found in a page's finished HTML for its fragment.
    The marks are random, so no hand-written page can hold one."""

    def __init__(self) -> None:
        self.waiting: dict[str, Callable[[], Markup]] = {}

    MARK = re.compile(r"<!--navigator-later-[0-9a-f]{16}-->")

    def defer(self, make: Callable[[], Markup]) -> Markup:
        mark = f"<!--navigator-later-{os.urandom(8).hex()}-->"
        self.waiting[mark] = make
        return Markup(mark)

    def fill(self, html: str) -> str:
        for mark in [mark for mark in self.waiting if mark in html]:
            html = html.replace(mark, str(self.waiting.pop(mark)()))
        return html
