"""What a finished site was built from, so that building an unchanged project again does nothing.

A national site has hundreds of thousands of files; writing them all again when nothing has
changed takes minutes. After each complete build the pipeline records a key of everything the
site was made from; the next build compares a fresh key with it and, when they agree and the
site folder is still the one that build swapped into place, leaves the site as it is.

The key is deliberately wide: any change to a file under the project, the theme, the content or
the generator's own code, to an installed package, to the build settings or to the build date
makes it differ. A false "changed" costs one ordinary build; a false "unchanged" would publish a
stale site, so files are compared by their metadata including ``st_ctime``, which every write
updates and no tool can set back.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from typing import Iterable

STAMP_NAME = "site-stamp.json"
VERSION = 1  # raise when the key's recipe changes, so old stamps stop matching

# A file changed this recently could change again within the same tick of the file system's
# clock and keep the metadata the key saw; such a build records no stamp (the next one builds).
SETTLE_SECONDS = 2.0

# Folders that are never inputs: tools' own state, virtual environments, caches.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                       ".pytest_cache", ".hypothesis", ".ruff_cache", ".mypy_cache", ".tox", ".nox"})


def key(roots: Iterable[str], skip: Iterable[str], skip_prefixes: Iterable[str],
        settings: dict) -> str | None:
    """A digest of every file under ``roots`` (path and metadata, not content) except the
    folders ``skip`` and those whose names start with one of ``skip_prefixes``, together with
    ``settings``, the Python version and the installed packages; None when a file changed too
    recently for its metadata to be trusted (SETTLE_SECONDS)."""
    digest = _started(settings)
    newest = 0

    def visit(path: str, info: os.stat_result | None, is_folder: bool) -> None:
        nonlocal newest
        if info is None:
            digest.update(f"{path}\0gone\n".encode("utf-8", "surrogateescape"))
            return
        if not is_folder:  # a folder's contents speak for it (the build's cache moves its times)
            newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
            link = os.readlink(path) if os.path.islink(path) else ""
            digest.update(f"{path}\0{link}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
                          f"\0{info.st_ino}\n".encode("utf-8", "surrogateescape"))

    _each(roots, skip, skip_prefixes, visit)
    if newest > time.time_ns() - SETTLE_SECONDS * 1e9:
        return None
    return digest.hexdigest()


def _started(settings: dict):
    """A key's digest holding what every key holds: its recipe, ``settings``, Python's version
    and the installed packages."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([VERSION, settings, sys.version, packages()], sort_keys=True,
                             default=str).encode("utf-8"))
    return digest


def changed_between(roots: Iterable[str], start_ns: int, end_ns: int) -> bool:
    """Whether a file or folder under ``roots`` last changed between the two moments (ns); a
    folder's times move when a file in it is added, removed or renamed."""
    found = False

    def visit(_path: str, info: os.stat_result | None, _is_folder: bool) -> None:
        nonlocal found
        if info is not None:
            found = found or any(start_ns <= t <= end_ns for t in (info.st_mtime_ns, info.st_ctime_ns))

    _each(roots, (), (), visit)
    return found


def contents(roots: Iterable[str], skip: Iterable[str], skip_prefixes: Iterable[str],
             skip_files: Iterable[str], settings: dict) -> str:
    """A digest of the path and bytes of every file under ``roots`` but the folders ``skip``,
    those whose names start with one of ``skip_prefixes`` and the files ``skip_files``, with
    ``settings``, the Python version and the installed packages. By content, not metadata: a
    fresh checkout (CI) has new times on every file, and the same bytes."""
    digest = _started(settings)

    def visit(path: str, info: os.stat_result | None, is_folder: bool) -> None:
        if is_folder:
            return
        digest.update(f"{path}\0".encode("utf-8", "surrogateescape"))
        try:
            with open(path, "rb") as handle:
                digest.update(hashlib.file_digest(handle, "blake2b").digest())
        except OSError:
            digest.update(b"gone")
        digest.update(b"\n")

    _each(roots, skip, skip_prefixes, visit, {os.path.abspath(p) for p in skip_files})
    return digest.hexdigest()


def _each(roots: Iterable[str], skip: Iterable[str], skip_prefixes: Iterable[str], visit,
          skip_files: "set[str] | frozenset[str]" = frozenset()) -> None:
    """``visit(path, stat or None, is_folder)`` for every folder and file under ``roots`` but
    ``skip_files`` (absolute paths), in a fixed order, following links (a folder reached twice
    is read once, so loops end)."""
    roots = sorted({os.path.abspath(r) for r in roots})
    # A folder to skip that is itself a root (a cache set to the project folder, say) is read:
    # skipping it would leave nothing to compare, and the site would never be built again.
    skip = {os.path.realpath(path) for path in skip} - {os.path.realpath(r) for r in roots}
    prefixes = tuple(skip_prefixes)
    seen: set[str] = set()

    def walk(folder: str) -> None:
        real = os.path.realpath(folder)
        if real in seen or real in skip:
            return
        seen.add(real)
        try:
            visit(folder, os.stat(folder), True)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            visit(folder, None, True)
            return
        for entry in entries:
            if entry.name in SKIP_DIRS or entry.name.endswith(".egg-info") or entry.name.startswith(prefixes):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                walk(entry.path)
            elif entry.path not in skip_files:
                one(entry.path)

    def one(path: str) -> None:
        try:
            visit(path, os.stat(path), False)
        except OSError:
            visit(path, None, False)

    for root in roots:
        walk(root) if os.path.isdir(root) else one(root)


def packages() -> list[str]:
    """Installed distributions by name and version, read from the names of their metadata
    folders (``mkdocs_material-9.8.1.dist-info``), which is much quicker than asking
    importlib.metadata."""
    names = []
    for place in sys.path:
        try:
            names += [n for n in os.listdir(place or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(names)


def site_id(site_dir: str) -> list[int] | None:
    try:
        info = os.stat(site_dir)
    except OSError:
        return None
    return [info.st_dev, info.st_ino]


def is_current(cache_dir: str, site_dir: str, build_key: str | None) -> bool:
    """Whether ``site_dir`` is the folder the last complete build with this key put in place."""
    if build_key is None:
        return False
    entry = _read(cache_dir).get(os.path.abspath(site_dir))
    site = site_id(site_dir)
    return isinstance(entry, dict) and site is not None and entry.get("key") == build_key \
        and entry.get("site") == site


def record(cache_dir: str, site_dir: str, build_key: str | None) -> None:
    """Remember that ``site_dir``, as it now is, was built from ``build_key`` (None: forget it)."""
    if build_key is None:
        forget(cache_dir, site_dir)
        return
    stamps = _read(cache_dir)
    stamps[os.path.abspath(site_dir)] = {"key": build_key, "site": site_id(site_dir)}
    _write(cache_dir, stamps)


def forget(cache_dir: str, site_dir: str) -> None:
    """Drop the record for ``site_dir`` (before a build that writes into it in place)."""
    stamps = _read(cache_dir)
    if stamps.pop(os.path.abspath(site_dir), None) is not None:
        _write(cache_dir, stamps)


def _read(cache_dir: str) -> dict:
    try:
        with open(os.path.join(cache_dir, STAMP_NAME), encoding="utf-8") as handle:
            stamps = json.load(handle)
    except (OSError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def _write(cache_dir: str, stamps: dict) -> None:
    try:
        os.makedirs(cache_dir, exist_ok=True)
        path = os.path.join(cache_dir, STAMP_NAME)
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump(stamps, handle, sort_keys=True, indent=1)
        os.replace(partial, path)
    except OSError:
        pass  # without a record the next build simply builds everything again
