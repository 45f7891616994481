"""data/index.json, the list of the open-data files, and the gzip copies it names.

For each file: its address relative to the index, its format, how many records it holds (meetings,
services, features or table rows), its size in bytes and its SHA-256, and the same for its gzip
copy when it has one, so that a script can fetch the states it wants and check what it got. The
whole-catalog section says, format by format, whether the single files were published and how
large they would be.

gzip copies carry no file name and a modification time of 0, so the same export gives the same
bytes in every build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os

from .. import background

MEGABYTE = 1_000_000
LEVEL = 6  # zlib's default: nearly all of level 9's gain (a few per cent) at a third of the time
RULE = ("Each format's whole-catalog files are published when that format's files for all "
        "regions add up to at most limit_megabytes (site_budget: whole_exports); the Meeting "
        "Guide feed is published whole at any size. Every region's files are always published.")
PLAIN_RULE = ("A format whose files for all regions add up to more than limit_megabytes "
              "(site_budget: plain_exports) is published as gzip files only: their url ends in .gz "
              "and 'uncompressed' gives the size and SHA-256 of the content. The Meeting Guide feed "
              "is always plain.")


def compress(source: str, target: str) -> None:
    """A gzip copy of ``source`` with no name and no time in its header (same input, same bytes)."""
    with open(source, "rb") as plain, open(target, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=LEVEL, mtime=0) as out:
            while chunk := plain.read(1 << 20):
                out.write(chunk)


def digest(path: str) -> dict:
    """A file's size and SHA-256."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return {"bytes": os.path.getsize(path), "sha256": sha.hexdigest()}


def _describe_one(job: tuple[str, str, bool, bool]) -> dict:
    site_dir, path, zipped, gz_only = job
    full = os.path.join(site_dir, path)
    out = digest(full)
    if zipped:
        compress(full, full + ".gz")
        out["gzip"] = digest(full + ".gz")
    if gz_only:
        os.remove(full)
        out["plain"] = False
    return out


def describe(site_dir: str, paths: list[str], compressed: list[str], workers: int = 1,
             gz_only: "set[str] | frozenset[str]" = frozenset()) -> dict[str, dict]:
    """path -> size and SHA-256 of each file (paths inside the site), writing the gzip copies of
    ``compressed`` on the way and removing the plain files of ``gz_only`` once compressed;
    several processes when ``workers`` > 1."""
    zipped = set(compressed)
    jobs = [(site_dir, path, path in zipped, path in gz_only) for path in paths]
    if workers > 1 and len(jobs) > 1:
        found = background.fork_map(_describe_one, jobs, workers)
    else:
        found = [_describe_one(job) for job in jobs]
    return dict(zip(paths, found))


def _file(path: str, fmt: str, records: int | None, facts: dict) -> dict:
    url = path.split("/", 1)[1]  # the index sits in data/: addresses are relative to it
    if facts.get("plain") is False:
        out: dict = {"url": url + ".gz", "format": fmt, "compression": "gzip"}
        if records is not None:
            out["records"] = records
        out.update(facts["gzip"])
        out["uncompressed"] = {"bytes": facts["bytes"], "sha256": facts["sha256"]}
        return out
    out = {"url": url, "format": fmt}
    if records is not None:
        out["records"] = records
    out["bytes"], out["sha256"] = facts["bytes"], facts["sha256"]
    if "gzip" in facts:
        out["gzip"] = {"url": url + ".gz", **facts["gzip"]}
    return out


def _files(folder: str, written, formats: list[str], described: dict, all_formats: dict) -> list[dict]:
    return [_file(f"{folder}/{p}", fmt, written.records.get(p), described[f"{folder}/{p}"])
            for fmt in formats for p in all_formats[fmt]]


def document(listing: list, groups: list, described: dict, sizes: dict, whole: tuple[list, int],
             packed: tuple[list, int], calendars: list[str], all_formats: dict) -> str:
    """The text of data/index.json. ``listing``: (region id or "", folder, what was written,
    formats) with the whole catalog first; ``sizes``: each format's bytes over all regions;
    ``whole`` and ``packed``: the formats published whole and gzip-only, with their limits."""
    (_key, folder, written, formats), *regions = listing
    out = {
        "whole_catalog": {
            "limit_megabytes": whole[1], "rule": RULE,
            "formats": {fmt: {"published": fmt in whole[0], "bytes": sizes[fmt]} for fmt in all_formats},
            "files": _files(folder, written, formats, described, all_formats)},
        "gzip_only": {"limit_megabytes": packed[1], "rule": PLAIN_RULE, "formats": packed[0]},
        "regions": [{"id": key, "name": name, "listings": len(entries),
                     "files": _files(f, w, fmts, described, all_formats)}
                    for (key, name, entries), (_k, f, w, fmts) in zip(groups, regions)],
        "calendars": calendars,
    }
    return json.dumps(out, indent=1, ensure_ascii=False) + "\n"
