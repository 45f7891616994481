"""Short links for resource pages (``r/<code>/``, easy to text or read out); the page draws a QR
code of its short link in the browser (theme/assets/navigator/qr.js).

A code depends only on the resource's id, so it stays the same from build to build; the rare
codes shared by two ids are lengthened for those ids alone.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from typing import Iterable

SHORT = 8  # at most 8: short_codes encodes the first 5 bytes of each digest only
LONG = 13
# Base32 (a-z, 2-7): no 0, 1, 8 or 9 to confuse with O, l and B when read aloud.


def _code(resource_id: str, length: int) -> str:
    # Base32 works in blocks of 5 bytes (8 letters), so the first 10 bytes give exactly the
    # first 16 letters of the whole digest's encoding, for a third of the work.
    digest = hashlib.sha256(resource_id.encode("utf-8")).digest()[:10]
    return base64.b32encode(digest).decode("ascii").lower()[:length]


# The first 8 letters of each id's code, kept between calls: the preview works out every code
# again after each edit. A short code is a prefix of them (SHORT is at most 8).
_FIRST_BLOCK: dict[str, str] = {}


def short_codes(resource_ids: Iterable[str]) -> dict[str, str]:
    """id -> short code, unique across the catalog."""
    ids = list(resource_ids)
    missing = [rid for rid in ids if rid not in _FIRST_BLOCK]
    if len(_FIRST_BLOCK) + len(missing) > 1 << 18:
        _FIRST_BLOCK.clear()
        missing = ids
    # One 5-byte block per id is one 8-letter group of a single encoding, so the whole catalog
    # is encoded in one call: 0.3 s at 100,000 ids, against 1.2 s id by id.
    blocks = b"".join(hashlib.sha256(rid.encode("utf-8")).digest()[:5] for rid in missing)
    text = base64.b32encode(blocks).decode("ascii").lower()
    _FIRST_BLOCK.update((rid, text[8 * i:8 * i + 8]) for i, rid in enumerate(missing))
    groups: dict[str, list[str]] = defaultdict(list)
    for rid in ids:
        groups[_FIRST_BLOCK[rid][:SHORT]].append(rid)
    codes = {}
    for code, members in groups.items():
        for rid in members:
            codes[rid] = code if len(members) == 1 else _code(rid, LONG)
    return codes


FOLDER = "r/"  # short links and their lookup pages (short_links.py)


def short_url(code: str) -> str:
    """The site-relative address of a short link."""
    return f"{FOLDER}{code}/"


# Domains reserved for examples (RFC 2606): a site_url on one of them is the sample config left
# unchanged. (Names under them, such as a test's fixture.example.org, are chosen on purpose.)
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")


def site_url_warning(site_url: str | None) -> str | None:
    """The build's warning when short links and QR codes would print a placeholder address."""
    from urllib.parse import urlsplit

    host = (urlsplit(site_url or "").hostname or "").lower()
    if host not in PLACEHOLDER_HOSTS:
        return None
    return (f"mkdocs.yml: site_url is {site_url}, a placeholder: printed sheets, short links and "
            "QR codes will show that address. Set site_url to the address the site is published "
            "at (for GitHub Pages, https://<user>.github.io/<repository>/)")
