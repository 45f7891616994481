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

Stylesheets are not bundled: the listing page's own ones are the ones every other page loads
(and the offline precache holds), so a bundle of them would be downloaded and kept twice.
"""

from __future__ import annotations

import hashlib
import os
from typing import Callable

from . import printing, shell

LIST_STRINGS = "list-strings"


def make(names: list[str], gettext: Callable[[str], str], folders: list[str]) -> tuple[str, bytes]:
    """The bundle of ``names`` (scripts by their path in the site, or LIST_STRINGS) as (path
    inside the site, bytes); a file no folder has is an error, never a bundle without it."""
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


def _read(name: str, folders: list[str]) -> bytes:
    if name.startswith("/") or ".." in name.split("/") or not name.endswith(".js"):
        raise ValueError(f"a script bundle names {name!r}, which is not a script inside the site")
    for folder in folders:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                return handle.read()
    raise FileNotFoundError(f"a script bundle names {name}, which neither the docs folder nor the theme has")
