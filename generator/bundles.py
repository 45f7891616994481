"""Script bundles: the scripts a listing's own page loads, joined into one shared file (per
language for the deferred one, which holds the list strings), named by its content like the
other shared files (shell.SHARED_DIR).

Why: a national catalog has 100,000 listing pages (and as many again per further language), and
each script tag costs 50-140 bytes of every one of them: ten tags (the list strings, list.js,
share.js, the QR encoder, qr.js, page.js, offline.js at the end; md-scope.js, palette.js and
device-scheme.js at the top) were about 700 bytes a page. The theme's listing layout names the
files a tag stands for in a marker (``shell._BUNDLE``); the shell replaces the marker with the
bundle's address, and the pages' cache keys follow the bundle's bytes, because the shell holds
them (buildcache.object_digest).

The parts are the site's files by their path in the site ("assets/navigator/list.js"), read
from the first of ``folders`` that has the file, as MkDocs picks them (the docs folder, then the
theme's folders: a project's custom_dir can replace one), and, by the name ``list-strings``, the
list tools' strings in the shell's language (printing.list_strings_file). They are joined in the
order named, each on lines of its own, so each runs as it did in a tag of its own: every part is
a function expression or plain statements, and none starts a strict-mode prologue that would
reach the others.

Stylesheets are bundled the same way, into one file for every page of the site
(theme/partials/navigator-styles.html; a stylesheet bundle is one of stylesheets only): four
links fewer on each page, about 330 bytes of each of 100,000 listing pages, and one request
instead of five on a first visit. Every page links the same bundle, so it is downloaded and
kept offline once. The parts keep the order the links had (Material's, the palette, extra_css,
printable.css, print.css, whose rules sit inside its own ``@media print``); a part's relative
``url()`` is rewritten to point from the bundle's folder to the same file, a ``@charset`` is said
once at the top, and a part with ``@import`` is refused (it would have to come first).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from typing import Callable

from . import printing, shell

LIST_STRINGS = "list-strings"


def make(names: list[str], gettext: Callable[[str], str], folders: list[str]) -> tuple[str, bytes]:
    """The bundle of ``names`` (scripts by their path in the site, or LIST_STRINGS) as (path
    inside the site, bytes); a file no folder has is an error, never a bundle without it."""
    if names and all(name.endswith(".css") for name in names):
        return _styles(names, folders)
    parts = []
    for name in names:
        if name == LIST_STRINGS:
            parts.append(printing.list_strings_file(gettext)[1])
        else:
            parts.append(_read(name, folders))
    # A line of its own between parts: a script ending in a comment or without a semicolon
    # cannot run into the next one.
    data = b"".join(part.rstrip(b"\n") + b"\n;\n" for part in parts)
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{shell.SHARED_DIR}bundle-{digest}.js", data


_CHARSET = re.compile(rb'@charset\s+"[^"]*"\s*;\s*', re.I)
_URL = re.compile(rb"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""", re.I)


def _styles(names: list[str], folders: list[str]) -> tuple[str, bytes]:
    parts = [b'@charset "UTF-8";\n']
    for name in names:
        text = _CHARSET.sub(b"", _read(name, folders, ".css"))
        if re.search(rb"@import\b", text, re.I):
            raise ValueError(f"the stylesheet {name} uses @import, which cannot sit inside the site's "
                             "one stylesheet: put the imported rules in the file itself")
        folder = posixpath.dirname(name)
        parts.append(_URL.sub(lambda match: _moved(match, folder), text).rstrip(b"\n") + b"\n")
    data = b"".join(parts)
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{shell.SHARED_DIR}style-{digest}.css", data


def _moved(match: re.Match, folder: str) -> bytes:
    """A url() of a part, from the bundle's folder (shell.SHARED_DIR) to the same file."""
    target = match.group(2).decode("utf-8")
    if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", target, re.I):
        return match.group(0)  # data:, an address or the site's root: the same from anywhere
    moved = posixpath.relpath(posixpath.normpath(posixpath.join(folder, target)), shell.SHARED_DIR.rstrip("/"))
    return b"url(" + match.group(1) + moved.encode("utf-8") + match.group(1) + b")"


def _read(name: str, folders: list[str], suffix: str = ".js") -> bytes:
    kind = "script" if suffix == ".js" else "stylesheet"
    if name.startswith("/") or ".." in name.split("/") or not name.endswith(suffix):
        raise ValueError(f"a {kind} bundle names {name!r}, which is not a {kind} inside the site")
    for folder in folders:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                return handle.read()
    raise FileNotFoundError(f"a {kind} bundle names {name}, which neither the docs folder nor the theme has")
