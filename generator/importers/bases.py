"""What the last import wrote into each catalog file, kept beside it (``<file>.imported.json``)
so that a re-import can tell a coordinator's hand edit (the file differs from what the import
wrote) from a value the source has since changed (the file still says what the import wrote).

Commit it with the catalog file. Without it (the first import, or a file imported before it
existed) the source's values win, as they always did.
"""

from __future__ import annotations

import json
import os
from typing import Callable

VERSION = 1


def path_for(catalog_file: str) -> str:
    stem, _ext = os.path.splitext(catalog_file)
    return stem + ".imported.json"


def read(catalog_file: str) -> dict[str, dict]:
    """Entry id -> {field: the value as last imported}; empty when there is no record."""
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
    sorted and indented so that a re-import of an unchanged source changes no byte."""
    entries = dict(base)
    for rid, data in imported.items():
        entries[rid] = {key: canon(value, key) for key, value in data.items()
                        if key not in ("imported",)}
    text = json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, indent=1,
                      sort_keys=True)
    with open(path_for(catalog_file), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text + "\n")
