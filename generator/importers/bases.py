"""What the last import wrote into each catalog file, kept beside it (``<file>.imported.json``)
so that a re-import can tell a coordinator's hand edit (the file differs from what the import
wrote) from a value the source has since changed (the file still says what the import wrote).

Each field is kept as a short digest of its value, one entry per line, so the file stays small
and its diff follows the catalog's. Commit it with the catalog file. Without it (the first
import, or a file imported before it existed) the source's values win, as they always did.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Callable

VERSION = 1


def path_for(catalog_file: str) -> str:
    stem, _ext = os.path.splitext(catalog_file)
    return stem + ".imported.json"


def digest(value) -> str | None:
    """A value in its canonical form (merge.canon) as 12 hex digits; None stays None."""
    if value is None:
        return None
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read(catalog_file: str) -> dict[str, dict]:
    """Entry id -> {field: digest of the value as last imported}; empty without a record."""
    try:
        with open(path_for(catalog_file), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    return {k: v for k, v in entries.items() if isinstance(v, dict)} if isinstance(entries, dict) else {}


def write(catalog_file: str, base: dict[str, dict], imported: dict[str, dict],
          canon: Callable) -> None:
    """Record ``imported`` (id -> the entry as the source gave it this time) over ``base``;
    sorted, one entry a line, so that re-importing an unchanged source changes no byte."""
    entries = dict(base)
    for rid, data in imported.items():
        entries[rid] = {key: digest(canon(value, key)) for key, value in data.items() if key != "imported"}
    lines = [f"{json.dumps(rid)}: {json.dumps(entries[rid], sort_keys=True, separators=(',', ':'))}"
             for rid in sorted(entries)]
    with open(path_for(catalog_file), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(f'{{"version": {VERSION}, "entries": {{\n' + ",\n".join(lines) + "\n}}\n")
