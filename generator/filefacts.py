"""What the build learnt from reading a file of the site, kept for the next build.

The offline stage (offline.py) reads every file of the finished site: its SHA-256 for the
manifests and the worker's version, and each search fragment's page address. A warm build keeps
most files of the previous site as hard links (buildcache.py), so these facts are known already:
a file is recognised by its inode, size and modification time (as git's index and make
recognise files), which a hard link shares with the previous site's file and a written file
does not.

Why an inode cannot stand for another file: the facts describe the published site, which stays
whole until the next build has finished its offline stage (the swap comes after it), so every
inode named here is still in use while the facts are read and cannot have been given to a new
file. A site written in place rewrites a file under the same inode, but with a later
modification time. The record is saved only once the site it describes is in place.
"""

from __future__ import annotations

import json
import os
from typing import Callable

NAME = "file-facts.json"
VERSION = 1


def _identity(stat: os.stat_result) -> str:
    return f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"


class Facts:
    """Facts of one kind (``kind``: 'sha256', 'fragment') about files, by path in the site."""

    def __init__(self, cache_dir: str | None) -> None:
        self.cache_dir = cache_dir
        self.old: dict[str, dict[str, list[str]]] = self._load() if cache_dir else {}
        self.new: dict[str, dict[str, list[str]]] = {}
        self.known = 0  # facts taken from the record rather than read again

    def get(self, kind: str, site_dir: str, path: str, read: Callable[[str], str]) -> str:
        """The fact ``kind`` of the file at ``path`` (in ``site_dir``): the recorded one when the
        file is the one it was recorded for, else ``read(full path)``."""
        full = os.path.join(site_dir, path)
        identity = _identity(os.stat(full))
        old = self.old.get(kind, {}).get(path)
        if old is not None and old[0] == identity:
            value = old[1]
            self.known += 1
        else:
            value = read(full)
        self.new.setdefault(kind, {})[path] = [identity, value]
        return value

    def set(self, kind: str, path: str, value: str) -> None:
        """Give the fact ``kind`` of ``path``, asked for with ``get`` just before, its value."""
        self.new[kind][path][1] = value

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
                json.dump({"version": VERSION, "facts": self.new}, handle, separators=(",", ":"))
            os.replace(partial, path)
        except OSError:
            pass  # without a record the next build reads every file again
