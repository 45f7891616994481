"""QR codes as inline SVG, made at build time with ``segno`` (no script, no image request), for the
printed region sheets; resource pages draw theirs in the browser (theme/assets/navigator/qr.js).

The same link always gives the same SVG, so builds stay byte-identical.
"""

from __future__ import annotations

import hashlib
import os

from markupsafe import Markup, escape

VERSION = "segno-1/scale-3/border-2/m/mask-2"  # change when the drawing changes, to refresh caches


def qr_svg(url: str, label: str, cache_dir: str | None = None) -> Markup:
    """An SVG QR code for ``url``; ``label`` is its accessible name (role="img").

    Codes are kept in ``cache_dir`` by link: a rebuild of a large catalog reads them back
    instead of making them again."""
    svg = _read(cache_dir, url) if cache_dir else None
    if svg is None:
        svg = _make(url)
        if cache_dir:
            _write(cache_dir, url, svg)
    # segno writes the element's attributes itself; ours go on the opening tag.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1))


def _make(url: str) -> str:
    import segno  # loaded on the first code only

    # Scoring all eight masks triples the cost of a code (~5 ms); any mask gives a valid code,
    # and with error level M a fixed one scans reliably from a screen or a printed sheet.
    code = segno.make_qr(url, error="m", mask=2)
    return code.svg_inline(scale=3, border=2, dark="#000", light="#fff", svgclass="rn-qr")


def _path(cache_dir: str, url: str) -> str:
    key = hashlib.sha256(f"{VERSION}\0{url}".encode("utf-8")).hexdigest()
    return os.path.join(cache_dir, "qr", key[:2], key + ".svg")


def _read(cache_dir: str, url: str) -> str | None:
    try:
        with open(_path(cache_dir, url), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def _write(cache_dir: str, url: str, svg: str) -> None:
    path = _path(cache_dir, url)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temp = f"{path}.{os.getpid()}.tmp"
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(temp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
