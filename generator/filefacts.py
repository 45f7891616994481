"""What the build learnt from reading a file of the site, kept for the next build.

The offline stage (offline.py) reads every file of the finished site: its SHA-256 for the
manifests and the worker's version, and each search fragment's page address. A warm build keeps
most files of the previous site (buildcache.py), so these facts are known already. A file is
recognised by the build cache's key for its path (what it was made from, or its bytes' digest):
the same key at the same path means the same bytes, since the same input gives byte-identical
output. That holds in CI too, where the site comes back from the cache as new files (new inodes
and times), and it costs no look at the file. A file the build cache does not record (the
engine's hand-written pages and assets, the form editor) is read every time.
"""

from __future__ import annotations

import json
import os
from typing import Callable

NAME = "file-facts.json"
VERSION = 2


class Facts:
    """Facts of one kind (``kind``: 'sha256', 'fragment') about files, by path in the site."""

    def __init__(self, cache_dir: str | None, keys: dict[str, str] | None = None) -> None:
        """``keys``: the build cache's key of each file it recorded this build, by path."""
        self.cache_dir = cache_dir
        self.keys = keys or {}
        self.old: dict[str, dict[str, list[str]]] = self._load() if cache_dir else {}
        self.new: dict[str, dict[str, list[str]]] = {}
        self.known = 0  # facts taken from the record rather than read again

    def get(self, kind: str, site_dir: str, path: str, read: Callable[[str], str]) -> str:
        """The fact ``kind`` of the file at ``path`` (in ``site_dir``): the recorded one when the
        file is the one it was recorded for, else ``read(full path)``."""
        identity = self.keys.get(path)
        if identity is None:
            return read(os.path.join(site_dir, path))
        old = self.old.get(kind, {}).get(path)
        if old is not None and old[0] == identity and old[1]:
            value = old[1]
            self.known += 1
        else:
            value = read(os.path.join(site_dir, path))
        self.new.setdefault(kind, {})[path] = [identity, value]
        return value

    def set(self, kind: str, path: str, value: str) -> None:
        """Give the fact ``kind`` of ``path``, asked for with ``get`` just before, its value."""
        if path in self.keys:
            self.new[kind][path][1] = value

    def adopt(self, kind: str, facts: dict[str, list[str]]) -> None:
        """Take the facts of ``kind`` another process recorded (a forked copy of this record)."""
        self.new.setdefault(kind, {}).update(facts)

    def _load(self) -> dict[str, dict[str, list[str]]]:
        try:
            with open(os.path.join(str(self.cache_dir), NAME), encoding="utf-8") as handle:
                record = json.load(handle)
        except (OSError, ValueError):
            return {}
        if not isinstance(record, dict) or record.get("version") != VERSION:
            return {}
        facts = record.get("facts")
        return facts if isinstance(facts, dict) else {}

    def save(self) -> None:
        """Record this build's facts (call once its site is in place)."""
        if not self.cache_dir:
            return
        path = os.path.join(self.cache_dir, NAME)
        try:
            os.makedirs(self.cache_dir, exist_ok=True)
            partial = f"{path}.{os.getpid()}.tmp"
            with open(partial, "w", encoding="utf-8") as handle:
                # dump, not dumps: dumps is twice as fast on 120,000 facts, but holds the whole
                # text at once, which raised a national build's peak memory by tens of MB.
                json.dump({"version": VERSION, "facts": self.new}, handle, separators=(",", ":"))
            os.replace(partial, path)
        except OSError:
            pass  # without a record the next build reads every file again
