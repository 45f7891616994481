"""The build cache: files of the previous site that can be kept because what they are made from
has not changed.

A national site has hundreds of thousands of files, and a pull request usually changes one
catalog file. Every file the build writes is recorded in ``.cache/navigator/build-cache.json``
under its path in the site, with a key:

- a *made-from* key, for outputs whose inputs are known before they are made (catalog pages,
  the open-data exports, the search index): a digest of everything they read. The next build
  works the key out again and, when it is the same, links the file of the previous site into
  the new one instead of making it (``reuse``);
- a *content* key (``=`` and a digest of the bytes), for outputs that are cheap to make but
  costly to write (short links, calendars, place lookups): made again, written only when the
  bytes differ (``unchanged``).

Nothing here knows the site's kinds of output: a stage asks with a path and a key, so a new kind
of page or file is cached as soon as its stage says what it reads, and is simply made every time
until then. A made-from key is always built from ``Cache.base`` (the generator's code and
templates, the installed packages, the build's settings, the build date, the site settings and
region definitions, the geocoding cache, and what the engine handed over) plus the stage's own
inputs; catalog listings enter as the digest of the catalog file they are written in
(``entry_key``), so a listing's key changes whenever anything in its file does.

The new site is built in a staging folder (publish.py); a kept file is a hard link to the
previous site's (a copy where links are refused), so the previous site stays whole until the
swap. A kept file is never written again in the same build.

The staging folder is the *spare* when there is one: the site before the previous one, which
the last swap set aside. Its files that the previous build kept are already links to the
published site's (``shared``), so a national build need not make a hundred thousand folders
and links again; everything else in it is removed first (``trim``, the list the last build
worked out), and the engine's pages are moved in. A shared file the build does not keep is
unlinked before anything is written at its path (``reuse``, ``reuse_group``, ``release``):
writing into it would change the published site. Shared files no output claimed are stale
(a listing removed) and go at the end (``drop_unclaimed``). The record is trusted only for the
folder it describes (its path, and its device and inode as stamp.py checks them, unless
NAVIGATOR_SITE_RESTORED=1 says the folder was restored together with the cache, as the deploy
workflow does); files edited by hand inside ``site/`` are not noticed: ``navigator build
--force`` makes everything again.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
import shutil
import sys
from typing import Iterable, Iterator

from . import publish
from .stamp import site_id

VERSION = 2  # raise when a key's recipe changes, so that old records stop matching
NAME = "build-cache.json"
RESTORED = "NAVIGATOR_SITE_RESTORED"  # set to 1 where site/ comes back with the cache (CI)
SMALL_SPARE = 1_000  # files: a spare with this few to remove is kept whatever was kept
EVERYTHING = "*"  # a job that reads the whole catalog (pages.PageJob.reads)
MEMO_AT = 32  # listings: a longer list a job reads has its keys kept for the next job asking


def digest(*parts: str | bytes) -> str:
    """One key from several parts (each length-prefixed, so parts cannot run into each other)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def object_digest(thing) -> str:
    """The digest of an object's attributes as written out (a theme shell: whatever it holds)."""
    return digest(repr(sorted(vars(thing).items())))


def file_digest(path: str) -> str:
    """The digest of a file's bytes; '' when it cannot be read (the key then differs)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return ""


def code_digest() -> str:
    """The generator's own files (code, templates, translations): any change to them changes
    every made-from key."""
    package = os.path.dirname(os.path.abspath(__file__))
    parts = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
        for name in sorted(names):
            if not name.endswith((".pyc", ".pyo")):
                path = os.path.join(folder, name)
                parts += [os.path.relpath(path, package), file_digest(path)]
    return digest(*parts)


class Cache:
    """What the previous build wrote (``old``) and what this one writes (``new``), by path."""

    def __init__(self, cache_dir: str, previous: str | None, staging: str, enabled: bool = True) -> None:
        self.cache_dir = cache_dir
        self.previous = previous
        self.staging = staging
        self._record = self._load() if enabled and previous else {}
        outputs = self._record.get("outputs")
        self.old: dict[str, str] = outputs if isinstance(outputs, dict) else {}
        self.new: dict[str, str] = {}
        self.shared: set[str] = set()  # the spare's files that are the published site's
        self._shared_sorted: list[str] | None = None
        self._kept_paths: set[str] = set()
        self.base = ""  # set by ``settle`` before any made-from key is asked for
        self.files: dict[str, str] = {}  # catalog file -> digest of its bytes
        self._entries: dict[str, str] = {}  # listing id -> entry_key
        self._read_keys: dict[tuple, tuple] = {}  # a PageJob.reads call -> (it, its _Keys)
        self._pending: dict[str, str] = {}  # side file -> its made-from key (reuse_made_from)
        self.kept = 0
        self.made = 0

    # ------------------------------------------------------------ keys
    def settle(self, base: Iterable[str], catalog_root: str, catalog_files: Iterable[str]) -> None:
        """Fix the parts every made-from key shares, and the digest of each catalog file."""
        self.files = {path: file_digest(os.path.join(catalog_root, path)) for path in catalog_files}
        everything = digest(*(part for item in sorted(self.files.items()) for part in item))
        self.base = digest(str(VERSION), sys.version, *base)
        self.everything = digest(self.base, everything)

    def entry_key(self, entry) -> str:
        """A listing's key: its catalog file's bytes and its id (the rest of what it is made
        from is in ``base``: the regions, site settings, build date and geocoding cache)."""
        key = self._entries.get(entry.id)
        if key is None:
            # A listing from a file the catalog does not list is never kept (a key of its own).
            source = self.files.get(entry.origin[0]) or os.urandom(16).hex()
            key = self._entries[entry.id] = digest(source, entry.id)
        return key

    def key(self, path: str, reads, *extra: str) -> str | None:
        """The made-from key of the output at ``path``: ``reads`` is EVERYTHING, the listings
        it shows, a function giving one of those (PageJob.reads), or None (unknown inputs: not
        cached)."""
        if callable(reads):
            reads = self._called(reads)
        if reads is None or not self.base:
            return None
        if reads == EVERYTHING:
            return digest(self.everything, path, *extra)
        if isinstance(reads, _Keys):
            return digest(self.base, path, *extra, *reads)
        return digest(self.base, path, *extra, *sorted({self.entry_key(e) for e in reads}))

    def _called(self, reads):
        """What a PageJob.reads function gives; a long list of listings as their keys, worked
        out once for every job with the same call: a region's page and its sheet, in each
        language, read the whole region (1.2 million lookups at 100,000 listings, 4 times over)."""
        call = (reads.func, *map(id, reads.args)) \
            if isinstance(reads, functools.partial) and not reads.keywords else None
        found = self._read_keys.get(call) if call is not None else None
        if found is not None:
            return found[1]
        listed = reads()
        if call is None or listed is None or isinstance(listed, str) or len(listed) <= MEMO_AT:
            return listed
        keys = _Keys(sorted({self.entry_key(e) for e in listed}))
        self._read_keys[call] = (reads, keys)  # the call kept, so its arguments' ids stay theirs
        return keys

    # ------------------------------------------------------------ kept or made
    def reuse(self, path: str, key: str | None) -> bool:
        """Link the previous site's file at ``path`` into the new site when it was made from
        the same key; False when it must be made. Safe in forked workers (nothing recorded:
        the caller records with ``record``)."""
        if key is None or self.old.get(path) != key or self.previous is None:
            self.release(path)
            return False
        if path in self.shared:
            return True
        return _link(os.path.join(self.previous, path), os.path.join(self.staging, path))

    def release(self, path: str) -> None:
        """About to be written: when ``path`` is a shared file of the spare, unlink it first."""
        if path in self.shared:
            self.shared.discard(path)
            _unlink(os.path.join(self.staging, path))

    def release_under(self, folder: str) -> None:
        """``release`` every shared file under ``folder`` (a path in the site ending in /)."""
        if self._shared_sorted is None:
            self._shared_sorted = sorted(self.shared)
        start = bisect.bisect_left(self._shared_sorted, folder)
        for path in self._shared_sorted[start:]:
            if not path.startswith(folder):
                break
            self.release(path)

    def record(self, path: str, key: str | None, kept: bool) -> None:
        if key is not None:
            self.new[path] = key
            if kept:
                self.kept += 1
                self._kept_paths.add(path)
            else:
                self.made += 1

    def reuse_group(self, name: str, key: str | None) -> bool:
        """Keep every file a group (one stage's output, such as the search index) wrote last
        time, when the group's key is the same; all of them or none."""
        paths = json.loads(self.old.get("files:" + name, "[]"))
        if key is None or self.old.get("group:" + name) != key:
            for path in paths:  # the stage writes its files again, maybe at the same paths
                self.release(path)
            return False
        for done, path in enumerate(paths):
            if not self.reuse(path, self.old.get(path)):
                # Made again by the caller: the links go first, or its writes would reach
                # through them into the published site's files.
                for linked in paths[:done]:
                    self.shared.discard(linked)
                    os.unlink(os.path.join(self.staging, linked))
                for path in paths[done:]:
                    self.release(path)
                return False
        for path in paths:
            self.record(path, self.old[path], kept=True)
        self.new["group:" + name], self.new["files:" + name] = key, self.old["files:" + name]
        return True

    def present(self, folder: str, leave: str = "") -> list[str]:
        """The files under ``folder`` (a path in the site) now, but for those under ``leave``."""
        paths = []
        for here, subfolders, names in os.walk(os.path.join(self.staging, folder)):
            if leave and os.path.relpath(here, self.staging).replace(os.sep, "/") == leave:
                subfolders[:] = []
                continue
            subfolders.sort()
            paths += [os.path.relpath(os.path.join(here, file), self.staging).replace(os.sep, "/")
                      for file in sorted(names)]
        return paths

    def record_group(self, name: str, key: str | None, folder: str, leave: str = "",
                     before: Iterable[str] = ()) -> None:
        """Record the files under ``folder`` (a path in the site) as the group's output: all
        but those under ``leave`` (a folder other groups record) and those ``before`` the stage
        ran (``present``: another stage's, such as a hand-written file the engine copied)."""
        if key is None:
            return
        earlier = set(before)
        paths = [path for path in self.present(folder, leave) if path not in earlier]
        for path in paths:
            self.record(path, "group:" + key, kept=False)
        self.new["group:" + name], self.new["files:" + name] = key, json.dumps(paths)

    def reuse_made_from(self, path: str, reads, *extra: str) -> bool:
        """Link the previous site's file at ``path`` when it was made from the same inputs (the
        listings ``reads`` and ``extra``, as ``key``), and record it; when not, ``unchanged``
        records the file made instead under that key. For side files whose inputs are known (a
        region's calendar and places)."""
        key = self.key(path, reads, *extra)
        if self.reuse(path, key):
            self.record(path, key, kept=True)
            return True
        if key is not None:
            self._pending[path] = key
        return False

    def unchanged(self, items: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
        """The (path, bytes) pairs whose bytes differ from the previous site's file; the others
        are linked from it. Every pair is recorded by its content, or by the made-from key
        ``reuse_made_from`` worked out for it (then it is written: its key said it changed)."""
        for path, data in items:
            made_from = self._pending.pop(path, None)
            if made_from is not None:
                self.record(path, made_from, kept=False)
                yield path, data
                continue
            key = "=" + hashlib.blake2b(data, digest_size=16).hexdigest()
            kept = self.reuse(path, key)
            self.record(path, key, kept)
            if not kept:
                yield path, data

    # ------------------------------------------------------------ work in a forked process
    def mark(self) -> tuple:
        """What this cache holds now; a forked process that asks its own copy of the cache
        takes this first, and sends back ``changes_since`` it for the build to ``adopt``."""
        return dict(self.new), set(self.shared), set(self._kept_paths), self.kept, self.made

    def changes_since(self, mark: tuple) -> dict:
        new, shared, kept_paths, kept, made = mark
        return {"new": {path: key for path, key in self.new.items() if new.get(path) != key},
                "unshared": sorted(shared - self.shared), "kept_paths": sorted(self._kept_paths - kept_paths),
                "counts": (self.kept - kept, self.made - made)}

    def adopt(self, changes: dict) -> None:
        """What a forked process recorded in its copy (``changes_since``), as if recorded here;
        the files it released or dropped are gone already."""
        self.new.update(changes["new"])
        self.shared.difference_update(changes["unshared"])
        self._shared_sorted = None
        self._kept_paths.update(changes["kept_paths"])
        self.kept += changes["counts"][0]
        self.made += changes["counts"][1]

    def noted(self, name: str, key: str | None):
        """What the previous build noted under ``name`` (``note``), when it noted it under the
        same key; None otherwise."""
        value = self.old.get("note:" + name)
        if key is None or not value or not value.startswith(key + " "):
            return None
        return json.loads(value[len(key) + 1:])

    def note(self, name: str, key: str | None, value) -> None:
        """Keep ``value`` (JSON) for the next build under ``name``, valid for ``key`` alone: what
        a stage knows about files it kept, so that it need not read them again."""
        if key is not None:
            # Key order kept as made: what is read back is written out again in that order.
            self.new["note:" + name] = key + " " + json.dumps(value, separators=(",", ":"))

    # ------------------------------------------------------------ the spare
    def take_spare(self, site_dir: str, background: bool = False) -> str | None:
        """The spare as this build's staging folder, when it is the one the last build set
        aside under the same code and settings (``base``): its unshared files removed, the
        engine's pages (in ``staging``) moved in. Returns its path; None means the staging
        folder stays as it is. Call after ``settle``."""
        spare = self._record.get("spare")
        if not (isinstance(spare, dict) and isinstance(spare.get("trim"), list)
                and isinstance(self._record.get("made"), list) and self._record.get("base") == self.base):
            publish.drop_spare(site_dir, background)
            return None
        folder = publish.take_spare(site_dir, spare.get("site_id"), background)
        if folder is None:
            return None
        publish.trim(folder, spare["trim"])
        self.shared = set(_paths(self.old)) - set(self._record["made"])
        publish.merge(self.staging, folder, self._replaced)
        self.staging = folder
        return folder

    def _replaced(self, path: str) -> None:
        if path.endswith("/"):
            self.release_under(path)  # already gone: the folder was removed
        self.shared.discard(path)
        self._shared_sorted = None

    def paths(self) -> Iterator[str]:
        """Every file this build recorded so far (made or kept)."""
        return _paths(self.new)

    def drop(self, path: str) -> None:
        """Unlink a file this build linked or claimed, to write it again."""
        self.shared.discard(path)
        os.unlink(os.path.join(self.staging, path))

    def drop_unclaimed(self) -> None:
        """Remove the spare's shared files that no output of this build claimed (call when every
        stage that asks the cache has run)."""
        publish.trim(self.staging, sorted(self.shared - self.new.keys()))
        self.shared &= self.new.keys()

    def spare_trim(self) -> list[str] | None:
        """What the next build must remove from the site this one replaces, to take it as its
        staging folder: every file of it but those this build kept (they are the new site's
        too). None when the previous record does not list that site's files."""
        uncached = self._record.get("uncached")
        if not isinstance(uncached, list):
            return None
        trim = sorted((set(_paths(self.old)) | set(uncached)) - self._kept_paths)
        # Most of a large site made again (new code, a new day): a fresh folder is cheaper than
        # removing the old files one by one. A small site's costs nothing either way.
        return trim if len(trim) <= max(len(self._kept_paths), SMALL_SPARE) else None

    # ------------------------------------------------------------ the record
    def _load(self) -> dict:
        try:
            with open(os.path.join(self.cache_dir, NAME), encoding="utf-8") as handle:
                record = json.load(handle)
        except (OSError, ValueError):
            return {}
        # A site restored together with the cache (a CI cache step) is a new folder with the
        # same files: the workflow says so, and the folder's identity is not asked for.
        restored = os.environ.get(RESTORED) == "1"
        if not isinstance(record, dict) or record.get("version") != VERSION \
                or record.get("site") != os.path.abspath(self.previous or "") \
                or (record.get("site_id") != site_id(self.previous or "") and not restored):
            return {}
        return record

    def save(self, site_dir: str, files: Iterable[str] | None = None, trim: list[str] | None = None) -> None:
        """Record this build's outputs for ``site_dir`` (call once it is in place): with
        ``files`` (every file of the site), what the next build needs to take the spare, and
        with ``trim`` (``spare_trim``), the spare that swap set aside."""
        path = os.path.join(self.cache_dir, NAME)
        record: dict = {"version": VERSION, "site": os.path.abspath(site_dir),
                        "site_id": site_id(site_dir), "outputs": self.new, "base": self.base}
        if files is not None:
            paths = set(_paths(self.new))
            record["made"] = sorted(paths - self._kept_paths)
            record["uncached"] = sorted(set(files) - paths)
        if trim is not None:
            record["spare"] = {"site_id": site_id(publish.spare_dir(site_dir)), "trim": trim}
        try:
            os.makedirs(self.cache_dir, exist_ok=True)
            partial = f"{path}.{os.getpid()}.tmp"
            with open(partial, "w", encoding="utf-8") as handle:
                # dump, not dumps: the record's whole text at once would raise the build's peak
                # memory (see filefacts.save)
                json.dump(record, handle, sort_keys=True, separators=(",", ":"))
            os.replace(partial, path)
        except OSError:
            pass  # without a record the next build makes everything again

    @staticmethod
    def forget(cache_dir: str) -> None:
        """Drop the record (a build that writes its site in place, or prints PDFs into it)."""
        try:
            os.remove(os.path.join(cache_dir, NAME))
        except OSError:
            pass


class _Keys(tuple):
    """The sorted keys of the listings a job reads (Cache._called)."""


def _paths(outputs: dict[str, str]) -> Iterator[str]:
    """The files among a record's outputs (not its groups' and notes' entries)."""
    return (p for p in outputs if not p.startswith(("group:", "files:", "note:")))


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _link(source: str, target: str) -> bool:
    """Put ``source`` at ``target`` as a hard link (a copy where links are refused), replacing
    what is there (an engine's stand-in page); False when ``source`` is missing."""
    for attempt in range(3):
        try:
            os.link(source, target)
            return True
        except FileNotFoundError:
            if not os.path.exists(source):
                return False
            os.makedirs(os.path.dirname(target), exist_ok=True)
        except FileExistsError:
            os.unlink(target)
        except OSError:  # another file system, or links not allowed
            try:
                shutil.copyfile(source, target)
            except OSError:
                return False
            return True
    return False
