"""What the committed catalog already holds, for an import: its regions and which file has each id.

An import needs only these from every catalog file, yet parsing every file for them made each
import cost as much as the whole national catalog (50 state files of 2,000 listings: 70 MB of
YAML, 12 CPU s, against 2 s for the state's own import). So each included file's regions and
ids are kept in ``.cache/navigator/catalog-index.json`` beside the root file, under the SHA-256
of the file's bytes: a file whose bytes changed, or that is new, is parsed again; a file no
longer included is forgotten. The digest decides, never the size or the time: a file rewritten
within the same second with the same size, or copied in with its old time kept, is still read
again. Hashing those 70 MB takes 0.05 s.

The result is the same with or without the record (tests/coordinators/test_import_index.py):
the facts kept are exactly what a parse gives, combined in the order of the includes. The root
file is always parsed, since it says which files are included.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass

from .. import __version__, load
from .records import SourceError

NAME = "catalog-index.json"
VERSION = 1


@dataclass
class CatalogIndex:
    """What the committed catalog already holds: regions and which file has each id."""

    root_dir: str
    regions: dict[str, dict]
    ids: dict[str, tuple[str, int]]
    country: str = "US"
    parsed: int = 0  # catalog files parsed to make it (the others came from the record)


def cache_path(root_dir: str) -> str:
    return os.path.join(root_dir, ".cache", "navigator", NAME)


def catalog_index(root_file: str, use_cache: bool = True) -> CatalogIndex:
    """The regions and ids of the catalog rooted at ``root_file``; raises SourceError when the
    root file cannot be read. ``use_cache=False`` parses every file and keeps no record."""
    root_dir = os.path.dirname(os.path.abspath(root_file))
    root = load.read(root_file, os.path.basename(root_file))
    if root.problems:
        raise SourceError(str(root.problems[0]).split(":", 1)[0], "the catalog cannot be read: "
                          f"{root.problems[0]}; run `navigator validate` first")
    record = _load(root_dir) if use_cache else {}
    kept: dict[str, dict] = {}
    parsed = 0
    regions: dict[str, dict] = {}
    ids: dict[str, tuple[str, int]] = {}
    for path, display in [(root_file, os.path.basename(root_file))] + load.resolve_includes(root_dir, root)[0]:
        if path == root_file:
            facts = _facts(root)
        else:
            facts, fresh = _file_facts(path, display, record.get(display))
            parsed += fresh
            if facts.get("sha256"):
                kept[display] = facts
        for item in facts["regions"]:
            regions[item["id"]] = item
        for rid, line in facts["ids"]:
            ids.setdefault(rid, (display, line))
    if use_cache and kept != record:
        _save(root_dir, kept)
    data = root.data if isinstance(root.data, dict) else {}
    site = data.get("site")
    site = site if isinstance(site, dict) else {}
    return CatalogIndex(root_dir, regions, ids, str(site.get("country") or "US"), parsed)


def _facts(parsed: load.Parsed) -> dict:
    """The regions (whole) and the ids (with the line of their entry) that one file holds."""
    body = parsed.data if isinstance(parsed.data, dict) else {}
    regions = [item for item in body.get("regions") or []
               if isinstance(item, dict) and isinstance(item.get("id"), str)]
    ids = []
    for index, item in enumerate(body.get("resources") or []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.append([item["id"], (parsed.positions or {}).get(("resources", index), (1, 1))[0]])
    return {"regions": regions, "ids": ids}


def _file_facts(path: str, display: str, known: dict | None) -> tuple[dict, int]:
    """One included file's facts, from the record when its bytes are the ones recorded; and 1
    when the file was parsed. A file that cannot be read holds nothing and is not recorded."""
    try:
        raw, size = load.read_bytes(path)
    except OSError:
        return {"regions": [], "ids": []}, 0  # `navigator validate` names the problem
    digest = hashlib.sha256(raw).hexdigest()
    if known is not None and known.get("sha256") == digest and known.get("size") == size:
        return known, 0
    facts = _facts(load.from_bytes(raw, size, display))
    return {"sha256": digest, "size": size, **facts}, 1


def _load(root_dir: str) -> dict[str, dict]:
    """The recorded facts by file, or nothing when the record is missing, unreadable, of
    another version, or malformed in any part (a damaged record is never half trusted)."""
    try:
        with open(cache_path(root_dir), encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or record.get("version") != [VERSION, __version__]:
        return {}
    files = record.get("files")
    if not isinstance(files, dict) or not all(_well_formed(f) for f in files.values()):
        return {}
    return files


def _well_formed(facts) -> bool:
    return (isinstance(facts, dict) and isinstance(facts.get("sha256"), str)
            and isinstance(facts.get("size"), int) and isinstance(facts.get("regions"), list)
            and all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in facts["regions"])
            and isinstance(facts.get("ids"), list)
            and all(isinstance(i, list) and len(i) == 2 and isinstance(i[0], str)
                    and isinstance(i[1], int) for i in facts["ids"]))


def _save(root_dir: str, files: dict[str, dict]) -> None:
    path = cache_path(root_dir)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.{os.getpid()}.tmp"  # two imports at once never leave half a record
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump({"version": [VERSION, __version__], "files": files}, handle,
                      ensure_ascii=False, separators=(",", ":"))
        os.replace(partial, path)
    except OSError:
        pass  # without a record the next import parses every file, as it did before
