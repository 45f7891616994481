"""Script bundles: the scripts a listing's own page loads, joined into one shared file per
language, named by its content like the other shared files (shell.SHARED_DIR).

Why: a national catalog has 100,000 listing pages (and as many again per further language), and
each script tag costs 50-140 bytes of every one of them: seven tags (the list strings, list.js,
share.js, the QR encoder, qr.js, page.js, offline.js) were about 450 bytes a page. The theme's
listing layout names the files a tag stands for in a marker (``shell.BUNDLE``); the shell
replaces the marker with the bundle's address, and the pages' cache keys follow the bundle's
bytes, because the shell holds them (buildcache.object_digest).

The parts are the theme's files (``assets/navigator/`` in the first of the theme's folders that
has the file, as MkDocs itself picks them, so a project's custom_dir can replace one) and, by the name
``list-strings``, the list tools' strings in the shell's language (printing.list_strings_file).
They are joined in the order named, each on lines of its own, so each runs as it did in a
tag of its own: every part is a function expression or plain statements, and none starts a
strict-mode prologue that would reach the others.
"""

from __future__ import annotations

import hashlib
import os
from typing import Callable

from . import printing, shell

LIST_STRINGS = "list-strings"


def make(names: list[str], gettext: Callable[[str], str], theme_dirs: list[str]) -> tuple[str, bytes]:
    """The bundle of ``names`` (paths under the theme's assets/navigator/, or LIST_STRINGS) as
    (path inside the site, bytes); a missing file is an error, never a bundle without it."""
    parts = []
    for name in names:
        if name == LIST_STRINGS:
            parts.append(printing.list_strings_file(gettext)[1])
            continue
        if os.path.isabs(name) or ".." in name.split("/"):
            raise ValueError(f"a script bundle names {name!r}, outside assets/navigator/")
        found = [os.path.join(d, "assets", "navigator", name) for d in theme_dirs]
        found = [path for path in found if os.path.isfile(path)]
        if not found:
            raise FileNotFoundError(f"a script bundle names assets/navigator/{name}, which no theme folder has")
        with open(found[0], "rb") as handle:
            parts.append(handle.read())
    # A line of its own between parts: a file ending in a comment or without a semicolon
    # cannot run into the next one.
    data = b"".join(part.rstrip(b"\n") + b"\n;\n" for part in parts)
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{shell.SHARED_DIR}bundle-{digest}.js", data
