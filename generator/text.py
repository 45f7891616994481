"""Checks and helpers for untrusted catalog text: characters, links, ids, suggestions."""

from __future__ import annotations

import difflib
import html
import functools
import re
import unicodedata
import zoneinfo
from urllib.parse import urlsplit

# Bidirectional overrides and isolates can make a name or a phone number read differently from
# what it is ("Trojan Source"); zero-width characters hide look-alike hosts and ids.
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")


def forbidden_character(value: str) -> str | None:
    """Describe the first control, bidirectional or invisible character in ``value``, if any."""
    if value.isascii():  # nearly every value: one regex pass instead of a loop
        match = _ASCII_CONTROL.search(value)
        if not match:
            return None
    for index, char in enumerate(value):
        if char in "\n\t":
            continue
        if char in BIDI or char in INVISIBLE:
            return (f"contains an invisible or direction-changing character (U+{ord(char):04X}) at "
                    f"position {index + 1}; retype the text without it")
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and char != "\r":
            return (f"contains a control character (U+{ord(char):04X}) at position {index + 1}; "
                    "remove it")
    return None


# What the post-build audit (audit.py) refuses anywhere on a page; caught here first so that the
# coordinator gets the file and line rather than a page of the built site.
_SCRIPT_LINK = re.compile(r"(?i)(?:java|vb|live)[\x00-\x20]*script[\x00-\x20]*:")


_MARKUP = re.compile(r"<[^>]*>|[*_`~\\]")


# Letters that the pattern's (?i) takes for s or i although lower() keeps them apart: long s,
# dotted capital I and dotless i.
_ODD_CASE = ("\u017f", "\u0130", "\u0131")


def _may_hold_script(value: str) -> bool:
    """Whether the pattern could match at all: every match spells "script". Far cheaper than
    the pattern, and most of the half a million values of a national import fail it."""
    return "script" in value.lower() or any(c in value for c in _ODD_CASE)


def script_link(value: str) -> str | None:
    """Describe a javascript:/vbscript: link written in ``value``, if any, also one that only
    appears once Markdown has decoded character references and dropped emphasis marks."""
    match = _SCRIPT_LINK.search(value) if _may_hold_script(value) else None
    if not match and any(c in value for c in "&*_`~\\<"):
        decoded = _MARKUP.sub("", html.unescape(value))
        if _may_hold_script(decoded):
            match = _SCRIPT_LINK.search(decoded)
    if not match:
        return None
    return (f"contains a script link ({' '.join(match.group().split())}) at position "
            f"{match.start() + 1}; links may only be https://, http://, tel: or mailto: addresses, "
            "so remove it (or, in plain text, drop the colon)")


def slugify(value: str) -> str:
    """A suggestion for an id: ASCII, lower case, hyphens."""
    value = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def time_hint(value: str) -> str | None:
    """Best guess at the 24-hour form of a time someone wrote (7:05 pm -> 19:05), or None."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.h](\d{2}))?\s*([aApP])?\.?\s*[mM]?\.?\s*", str(value))
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    if half == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# Markdown's image syntax, ![alt](address): the site shows no pictures from other sites (each
# would tell that site who reads the page), and the descriptions' Markdown has no images.
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)?")


def image_problem(value: str) -> str | None:
    """Why ``value`` cannot hold a Markdown image, with the fix; None when it holds none."""
    match = _IMAGE.search(value) if "![" in value else None
    if match is None:
        return None
    image = match.group() if len(match.group()) <= 80 else match.group()[:77] + "..."
    return (f"has a Markdown image, {image}; the site shows no pictures from other sites, since "
            "each would learn who reads the page: remove it, or link to the picture with "
            "[text](address), without the '!'")


def closest(value: str, options) -> str | None:
    """The option most like ``value``, ignoring case, or None."""
    by_folded = {str(option).casefold(): option for option in options}
    matches = difflib.get_close_matches(str(value).casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[matches[0]] if matches else None


def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a link on the site, or None when it can."""
    if any(c.isspace() for c in value) or any(c in value for c in "\"'<>`\\"):
        return "a web address may not contain spaces, quotes, backslashes or angle brackets"
    if not value.isascii():
        return ("the web address has non-ASCII characters, which can disguise a look-alike host; "
                "write the host in its ASCII (xn--) form")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return "is not a valid web address"
    if parts.scheme not in ("http", "https"):
        return "must start with https:// (or http://)"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "must not contain a user name or password (the part before @ hides the real host)"
    host = parts.hostname or ""
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}", host):
        return "has no valid host name; write it like https://www.example.org/page"
    if port is not None and not 0 < port < 65536:
        return "has an invalid port"
    return None


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_timezone(value: str) -> bool:
    return value in _timezones()


ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb "
    "lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om "
    "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw "
    "ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)
