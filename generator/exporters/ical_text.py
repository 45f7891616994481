"""RFC 5545 content lines for the few value types our calendars hold, written exactly as the
icalendar library writes them (tests compare the two byte for byte) at a small part of its cost:
a national build writes tens of thousands of events, and the library spends most of a build's
calendar time building objects and folding lines one character at a time.

    text(value)                  TEXT value, escaped (backslash, ; , and line breaks)
    date_time(value)             (parameters, value) of an aware datetime: ';TZID=...' or UTC 'Z'
    line(name, value) -> str     'NAME:value' folded at 75 octets, CRLF-terminated
"""

from __future__ import annotations

import datetime as dt
import functools

import icalendar
from icalendar.parser.content_line import Contentline

LIMIT = 75  # octets per line, the line break not counted
CHUNK = LIMIT - 1  # the library folds before a line's 75th octet


def text(value: str) -> str:
    """A TEXT value escaped as the library does (the order of the replacements matters)."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


@functools.lru_cache(maxsize=None)
def _zone_form(zone: dt.tzinfo) -> tuple[str, str]:
    """The parameters and suffix the library writes for date-times in ``zone``: a TZID for a
    named zone, none and 'Z' for UTC and the zones it counts as UTC; worked out once per zone."""
    sample = icalendar.vDDDTypes(dt.datetime(2000, 1, 1, tzinfo=zone))
    written = str(Contentline.from_parts("X", sample.params, sample))
    head, value = written.rsplit(":", 1)
    return head[1:], "Z" if value.endswith("Z") else ""


def date_time(value: dt.datetime) -> tuple[str, str]:
    """(parameters, value) of an aware datetime, e.g. (';TZID=America/Chicago', '20261125T190000')."""
    params, suffix = _zone_form(value.tzinfo)
    return params, (f"{value.year:04}{value.month:02}{value.day:02}"
                    f"T{value.hour:02}{value.minute:02}{value.second:02}{suffix}")


def line(name: str, value: str) -> str:
    """One content line, folded, with its CRLF."""
    return fold(f"{name}:{value}") + "\r\n"


def fold(content: str) -> str:
    """Fold a line as the library does: at most 74 octets before the first break and after each
    break's space, never splitting a character, and never leaving a backslash or caret (the
    first half of an escape) at the end of a piece."""
    if content.isascii():
        if len(content) < LIMIT:
            return content
        return _fold_ascii(content)
    if len(content.encode("utf-8")) < LIMIT:
        return content
    return _fold_unicode(content)


def _fold_ascii(content: str) -> str:
    pieces, start = [], 0
    while len(content) - start > CHUNK:
        end = start + CHUNK
        if content[end - 1] in "\\^":
            end -= 1
        pieces.append(content[start:end])
        start = end
    pieces.append(content[start:])
    return "\r\n ".join(pieces)


def _fold_unicode(content: str) -> str:
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in content:
        width = len(char.encode("utf-8"))
        if current and size + width >= LIMIT:
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else None
            pieces.append("".join(current))
            current = [carried] if carried else []
            size = len(carried.encode("utf-8")) if carried else 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)
