"""The Content-Security-Policy every page carries, and the inline scripts it allows.

GitHub Pages cannot send headers, so the policy travels in a ``<meta http-equiv>`` tag that
theme/main.html puts first in every page's head (catalog pages inherit it from the same shell).
Scripts may come from the site itself and, inline, only when their SHA-256 is listed below;
the same for styles (one, the 404 page's). Only the 404 page has them, so only its policy
lists the hashes (``policy(pinned=True)``); every other page's lists none (108 bytes a
page less, and stricter: no inline script runs there at all). The
list is written by hand: each hash was checked against the script it names. When Material or
the theme changes one of these scripts, tests/security/test_csp.py fails and prints the new
hashes; review the scripts before pinning them here. Never compute this list from the output.
"""

from __future__ import annotations

import base64
import hashlib

# sha256 (base64, as CSP writes it) -> the inline script it allows.
INLINE_SCRIPTS: dict[str, str] = {
    "sha256-nuMyjmMsofhPq+CjbciHEbn8hX/ZnhkGwBEihS+O/UQ=":
        "the 404 page's language choice and short-link lookup (theme/partials/page-not-found.js)",
}

# sha256 -> the inline <style> it allows. Only the 404 page has one: it is answered at any
# address, and its stylesheets could not be found from an unknown root (theme/404.html).
INLINE_STYLES: dict[str, str] = {
    "sha256-JrcFiTRGlW4oGjjXrRUgBjfXSK3EPu95G1hJkYeLUac=":
        "the 404 page's styles (theme/partials/page-not-found.css)",
}

# Script elements of these types hold data and are never executed (nor checked by CSP).
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})

# Neither 'unsafe-inline' nor 'wasm-unsafe-eval' is needed: Material and Pagefind set styles
# through the CSSOM, which CSP leaves alone, and Pagefind compiles its WebAssembly inside a
# worker loaded from the site, which a page's meta policy does not govern (checked in Chromium
# by tests/security/test_browser.py). frame-ancestors, report-uri and sandbox are not listed
# because browsers ignore them in a meta tag.
_DIRECTIVES = (
    ("default-src", ["'self'"]),
    ("script-src", ["'self'"]),
    ("style-src", ["'self'"]),
    ("img-src", ["'self'", "data:"]),
    ("font-src", ["'self'"]),
    ("connect-src", ["'self'"]),
    ("worker-src", ["'self'"]),  # the offline service worker (sw.js) and Pagefind's worker
    ("object-src", ["'none'"]),
    ("base-uri", ["'self'"]),
    ("form-action", ["'self'"]),
)


def script_hash(text: str) -> str:
    """The CSP source for an inline script's text (browsers hash the text as UTF-8, after
    turning CRLF into LF)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


# Where a browser looks when a directive is missing (CSP Level 3): these fall back, directly or
# through script-src, to default-src. One written with default-src's own sources says nothing
# the browser would not read anyway, so policy() leaves it out: 94 bytes on every page, 9.4 MB
# across a national site's 100,000 listing pages. The table above still names them all, so
# that a change to default-src cannot silently widen them (policy() writes any that differ).
_FALLS_BACK = {"script-src": "default-src", "style-src": "default-src", "font-src": "default-src",
               "connect-src": "default-src", "img-src": "default-src", "worker-src": "script-src"}


def policy(pinned: bool = True) -> str:
    """The policy string: with ``pinned`` the pinned inline scripts' and styles' hashes (the 404
    page's), without them for every other page (sorted hashes keep builds byte-identical).
    Directives the browser would fill in from default-src with the same sources are omitted."""
    written: dict[str, list[str]] = {}
    for name, sources in _DIRECTIVES:
        if name == "script-src" and pinned:
            sources = sources + [f"'{h}'" for h in sorted(INLINE_SCRIPTS)]
        if name == "style-src" and pinned:
            sources = sources + [f"'{h}'" for h in sorted(INLINE_STYLES)]
        written[name] = sources
    parts = []
    for name, sources in written.items():
        if name in _FALLS_BACK and sources == effective(written, _FALLS_BACK[name]):
            continue
        parts.append(f"{name} {' '.join(sources)}")
    return "; ".join(parts)


def effective(directives: dict[str, list[str]], name: str) -> list[str]:
    """The sources a browser applies for ``name`` in a policy of ``directives``: its own, or
    those of the directive it falls back to (worker-src to script-src, then default-src)."""
    while name not in directives and name in _FALLS_BACK:
        name = _FALLS_BACK[name]
    return directives.get(name, [])


def meta_tag(pinned: bool = True) -> str:
    """The tag for a page's head; templates outside the theme shell include it verbatim."""
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(pinned)}">'
