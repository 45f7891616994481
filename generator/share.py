"""Short links for resource pages (``r/<code>/``, easy to text or read out); the page draws a QR
code of its short link in the browser (theme/assets/navigator/qr.js).

A code depends only on the resource's id, so it stays the same from build to build; the rare
codes shared by two ids are lengthened for those ids alone.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections import defaultdict
from typing import Iterable

SHORT = 8
LONG = 13
# Base32 (a-z, 2-7): no 0, 1, 8 or 9 to confuse with O, l and B when read aloud.


@functools.lru_cache(maxsize=1 << 18)  # the preview works the codes out again after each edit
def _code(resource_id: str, length: int) -> str:
    # Base32 works in blocks of 5 bytes (8 letters), so the first 10 bytes give exactly the
    # first 16 letters of the whole digest's encoding, for a third of the work.
    digest = hashlib.sha256(resource_id.encode("utf-8")).digest()[:10]
    return base64.b32encode(digest).decode("ascii").lower()[:length]


def short_codes(resource_ids: Iterable[str]) -> dict[str, str]:
    """id -> short code, unique across the catalog."""
    groups: dict[str, list[str]] = defaultdict(list)
    for rid in resource_ids:
        groups[_code(rid, SHORT)].append(rid)
    codes = {}
    for code, ids in groups.items():
        for rid in ids:
            codes[rid] = code if len(ids) == 1 else _code(rid, LONG)
    return codes


def short_url(code: str) -> str:
    """The site-relative address of a short link."""
    return f"r/{code}/"
