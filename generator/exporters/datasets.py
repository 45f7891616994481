"""Write every open-data export of the catalog into the built site under ``data/``.

Each state (the first level of the region tree with more than one region, as search splits
its index) gets a complete set of its own under ``data/regions/<id>/``:

    meetings.json               Meeting Guide feed (the state's meetings)
    hsds/services.json          HSDS 3.0, one page of full service objects
    hsds/taxonomy_terms.json    the taxonomy terms its attributes name by id
    hsds/*.csv + datapackage.json   HSDS 3.0 tabular data package
    resources.geojson           every located resource
    health.csv                  the data health report, one row per listing and problem

and the same set for the whole catalog sits directly under ``data/``: the Meeting Guide feed
always (pages announce it and meeting finders take one address), each other format only while
its files together stay within ``whole_megabytes`` (index.py says which and why). The larger
files have gzip copies beside them (``.gz``); a format whose files add up to more than
``plain_megabytes`` (a national catalog's HSDS) is published as the gzip copies alone, which is
what keeps a national site within its host's limit. ``data/index.json`` lists every file with
its record count, size and SHA-256. Per-region calendars are written with the pages (ics.py).

Every listing is in exactly one state's set: the state of its first region. Output is sorted and
has no timestamps (gzip's included), so two builds of the same catalog are identical. With
``workers`` > 1, forked processes write the states' sets; the whole-catalog files are then joined
from them, state after state.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field

from .. import background, report, search
from ..enrich import Directory, Entry
from ..errors import check
from . import geojson, health_csv, hsds, index, meeting_guide, streams

DATA = "data"
REGIONS = "data/regions"  # each state's set: data/regions/<id>/
FEED = "data/meetings.json"
SERVICES = "data/hsds/services.json"
GEOJSON = "data/resources.geojson"
INDEX = "data/index.json"
HSDS = "data/hsds"
# Inside a set's folder:
FEED_FILE, SERVICES_FILE, GEOJSON_FILE = "meetings.json", "hsds/services.json", "resources.geojson"
TERMS_FILE = "hsds/taxonomy_terms.json"
HEALTH_FILE = "health.csv"
ROWS = {name: fields for name, fields in hsds.TABLES.items() if name != "taxonomy_terms"}
TERMS = "taxonomy_terms"  # written last, sorted, from the terms the set's services used
TABLE_FILES = [f"hsds/{name}.csv" for name in hsds.TABLES]
# The files of each format in a set, and which format the whole catalog always gets.
FORMATS = {"meeting_guide": [FEED_FILE], "hsds_json": [SERVICES_FILE, TERMS_FILE],
           "hsds_csv": [*TABLE_FILES, "hsds/datapackage.json"], "geojson": [GEOJSON_FILE],
           "data_health": [HEALTH_FILE]}
# Always whole and always plain: meeting finders take one address and fetch it as JSON.
FEED_FORMATS = ("meeting_guide",)
# Files that get a gzip copy: those read by programs that take .gz (our HSDS import, frictionless,
# pandas, GDAL). Not the Meeting Guide feed: TSML UI and the app fetch it as plain JSON.
COMPRESSED = frozenset({SERVICES_FILE, GEOJSON_FILE, *TABLE_FILES, HEALTH_FILE})
DEFAULT_WHOLE_MEGABYTES = 25
DEFAULT_PLAIN_MEGABYTES = 25


@dataclass
class Written:
    """One set as written: records per file, where each JSON file's members start and end
    (bytes), and the taxonomy terms its services used (id -> term)."""

    records: dict[str, int] = field(default_factory=dict)
    members: dict[str, tuple[int, int]] = field(default_factory=dict)
    terms: dict = field(default_factory=dict)


def part_of(directory: Directory):
    """region id -> the id of the state whose set holds that region's listings: the region's
    state, or for a region above the states (a country) its top region."""
    level = search.areas(directory, 0) or directory.roots
    areas_of = search.area_map(directory.regions, {node.id: node for node in level})

    def key(region_id: str) -> str:
        node = directory.regions[region_id]
        return areas_of[region_id] or (node.ancestors() or [node])[0].id
    return key, [node.id for node in level]


def parts(directory: Directory) -> list[tuple[str, str, list[Entry]]]:
    """(region id, name, listings in catalog order) for each state with listings, in the order
    of the region tree; every listing goes with the state of its first region (part_of)."""
    key, order = part_of(directory)
    groups: dict[str, list[Entry]] = {k: [] for k in order}
    for entry in directory.entries:
        groups.setdefault(key(entry.regions[0]), []).append(entry)
    return [(k, directory.regions[k].region.name, entries) for k, entries in groups.items() if entries]


def write(directory: Directory, site_dir: str, site_url: str | None = None, workers: int = 1,
          stop=None, whole_megabytes: int = DEFAULT_WHOLE_MEGABYTES,
          health: report.Health | None = None, plain_megabytes: int = DEFAULT_PLAIN_MEGABYTES,
          cache=None) -> list[str]:
    """Write the exports; returns the paths written (relative to ``site_dir``). ``stop`` (the
    live preview's, in one process) gives up early by raising errors.Stopped. ``health`` is
    the build's data health report, made here when not given. With ``cache``
    (buildcache.Cache), a state whose listings, health lines and publishing rules are those
    of the previous build keeps its files (``_Kept``): one edit makes one state's set again."""
    groups = parts(directory)
    key = part_of(directory)[0]
    problems: dict[str, list] = {}
    for region in (health or report.health(directory)).regions:
        problems.setdefault(key(region.id), []).append(region)
    folders = [part_folder(key) for key, _name, _entries in groups]
    health_lines = [[streams.csv_line(row) for region in problems.get(key, [])
                     for row in health_csv.rows(region, site_url or "")] for key, _name, _entries in groups]
    kept = _Kept(cache, groups, folders, health_lines, site_url or "")
    global _PASS, _STOP
    _PASS = (directory, site_url or "", site_dir, groups, meeting_guide.regions(directory), health_lines)
    _STOP = stop if workers <= 1 else None
    try:
        sets = _write_parts([i for i in range(len(groups)) if i not in kept.notes], workers)
        # Each state's bytes per format as written (before any descriptor names .gz tables).
        state_sizes = {i: kept.notes[i]["sizes"] if i in kept.notes else _sizes(site_dir, folders[i])
                       for i in range(len(groups))}
        sizes = {fmt: sum(state[fmt] for state in state_sizes.values()) for fmt in FORMATS}
        whole = [fmt for fmt in FORMATS if fmt in FEED_FORMATS or sizes[fmt] <= whole_megabytes * index.MEGABYTE]
        packed = [fmt for fmt in FORMATS if fmt not in FEED_FORMATS and sizes[fmt] > plain_megabytes * index.MEGABYTE]
        sets.update(_write_parts(kept.keep(packed, whole), workers))
    finally:
        _PASS = _STOP = None
    sets.update({i: kept.written(i) for i in kept.notes})
    ordered = [sets[i] for i in range(len(groups))]
    total = _join_whole(site_dir, folders, ordered, len(directory.entries), whole)
    listing = [("", DATA, total, whole)] + [(key, f, s, list(FORMATS)) for (key, _n, _e), f, s
                                            in zip(groups, folders, ordered)]
    paths = [f"{folder}/{p}" for _key, folder, _set, formats in listing
             for fmt in formats for p in FORMATS[fmt]]
    compress, gz_only = _compression(site_dir, listing, packed, kept.folders)
    fresh = [p for p in paths if not kept.holds(p)]
    described = index.describe(site_dir, fresh, [p for p in compress if not kept.holds(p)], workers,
                               {p for p in gz_only if not kept.holds(p)})
    described.update(kept.described())
    calendars = sorted(node.url + "meetings.ics" for node in directory.regions.values()
                       if any(e.is_meeting for e in node.entries))
    document = index.document(listing, groups, described, sizes, (whole, whole_megabytes),
                              (packed, plain_megabytes), calendars, FORMATS)
    with streams.text_file(os.path.join(site_dir, INDEX)) as out:
        out.write(document)
    written = sorted([*(p for p in paths if p not in gz_only), *(p + ".gz" for p in compress), INDEX])
    kept.record(written, ordered, packed, described, state_sizes)
    return written


def _sizes(site_dir: str, folder: str) -> dict[str, int]:
    return {fmt: sum(os.path.getsize(os.path.join(site_dir, folder, p)) for p in files)
            for fmt, files in FORMATS.items()}


def _write_parts(numbers: list[int], workers: int) -> dict[int, Written]:
    """The sets of the states ``numbers``, by number; forked processes when ``workers`` > 1."""
    if workers > 1 and len(numbers) > 1:
        return dict(zip(numbers, background.fork_map(_write_part, numbers, workers)))
    return {i: _write_part(i) for i in numbers}


class _Kept:
    """The states whose set the previous build wrote from the same inputs: what it noted about
    each (the records, the members' places in the JSON files, the terms, the sizes per format,
    each file's size and SHA-256) stands in for writing and reading the files again. Kept
    files are hard links to the published site's, so nothing here ever writes into them."""

    NOTE = "exports:"

    def __init__(self, cache, groups: list, folders: list[str], health_lines: list[list[str]], site_url: str):
        self.cache, self.folders_of = cache, folders
        self.keys: list[str | None] = []
        self.notes: dict[int, dict] = {}
        for number, (_key, _name, entries) in enumerate(groups):
            made_from = (cache.key(folders[number] + "/", entries, site_url, *health_lines[number])
                         if cache else None)
            self.keys.append(made_from)
            note = cache.noted(self.NOTE + folders[number], made_from) if cache else None
            if note is not None:
                self.notes[number] = note
            elif cache:
                cache.release_under(folders[number] + "/")  # written below, never into a shared file

    @property
    def folders(self) -> set[str]:
        return {self.folders_of[i] for i in self.notes}

    def holds(self, path: str) -> bool:
        """Whether ``path`` (in the site) is in a kept state's folder (data/regions/<id>/...)."""
        return "/".join(path.split("/", 3)[:3]) in self.folders

    def keep(self, packed: list[str], whole: list[str]) -> list[int]:
        """Link the noted states' files into the new site where the publishing rules are those
        they were written under; returns the states that must be written after all."""
        again = []
        for number, note in sorted(self.notes.items()):
            usable = note["packed"] == packed and not set(packed) & set(whole)
            if not usable or not self._link(note["files"], self.keys[number]):
                again.append(number)
        for number in again:
            del self.notes[number]
            self.cache.release_under(self.folders_of[number] + "/")
        return again

    def _link(self, files: list[str], key: str | None) -> bool:
        done = []
        for path in files:
            if not self.cache.reuse(path, key):
                for linked in done:  # written again below: never through a link
                    self.cache.drop(linked)
                return False
            done.append(path)
        return True

    def written(self, number: int) -> Written:
        saved = self.notes[number]["written"]
        return Written(saved["records"], {p: tuple(span) for p, span in saved["members"].items()},
                       saved["terms"])

    def described(self) -> dict[str, dict]:
        return {path: facts for note in self.notes.values() for path, facts in note["described"].items()}

    def record(self, written: list[str], sets: list[Written], packed: list[str], described: dict,
               sizes: dict[int, dict[str, int]]) -> None:
        """Note each state's set for the next build, and record its files under its key."""
        if self.cache is None:
            return
        for number, folder in enumerate(self.folders_of):
            key, inside = self.keys[number], folder + "/"
            files = [p for p in written if p.startswith(inside)]
            for path in files:
                self.cache.record(path, key, kept=number in self.notes)
            mine = {p: facts for p, facts in described.items() if p.startswith(inside)}
            own = sets[number]
            self.cache.note(self.NOTE + folder, key, {
                "files": files, "packed": packed, "sizes": sizes[number], "described": mine,
                "written": {"records": own.records, "members": own.members, "terms": own.terms}})


def _compression(site_dir: str, listing: list, packed: list[str],
                 kept: "set[str] | frozenset[str]" = frozenset()) -> tuple[list[str], set[str]]:
    """The files to give a gzip copy, and those of them to publish gzip-only (the formats in
    ``packed``; a packed CSV package's descriptor then names the .csv.gz tables, rewritten
    but in the ``kept`` folders, whose files are links to the published site's)."""
    compress, gz_only = [], set()
    for _key, folder, _set, formats in listing:
        for fmt in formats:
            zipped = [f"{folder}/{p}" for p in FORMATS[fmt] if p in COMPRESSED]
            compress += zipped
            if fmt in packed:
                gz_only.update(zipped)
        if "hsds_csv" in packed and "hsds_csv" in formats and folder not in kept:
            with streams.text_file(os.path.join(site_dir, folder, "hsds", "datapackage.json")) as out:
                out.write(hsds.datapackage(compressed=True))
    return compress, gz_only


def part_folder(key: str) -> str:
    return f"{REGIONS}/{key}"


def _heads(count: int) -> tuple[dict[str, str], dict[str, str]]:
    heads = {FEED_FILE: "[", SERVICES_FILE: hsds.document_head(count),
             GEOJSON_FILE: streams.json_head({"type": "FeatureCollection"}, "features")}
    return heads, {FEED_FILE: "]\n", SERVICES_FILE: "]}\n", GEOJSON_FILE: "]}\n"}


def _write_part(number: int) -> Written:
    """One state's complete set, written record by record in catalog order."""
    directory, site_url, site_dir, groups, known, health_lines = _PASS
    _key, _name, entries = groups[number]
    folder = os.path.join(site_dir, part_folder(groups[number][0]))
    names = {rid: node.region.name for rid, node in directory.regions.items()}
    heads, tails = _heads(len(entries))
    out = Written()
    with contextlib.ExitStack() as stack:
        handles = {p: stack.enter_context(streams.text_file(os.path.join(folder, p))) for p in heads}
        for path, handle in handles.items():
            handle.write(heads[path])
        members = {p: streams.JsonMembers(h) for p, h in handles.items()}
        tables = stack.enter_context(streams.CsvTables(os.path.join(folder, "hsds"), ROWS))
        for count, entry in enumerate(entries):
            check(_STOP, count)
            for item in meeting_guide.items(entry, site_url, known):
                members[FEED_FILE].add(item)
            service = hsds.service(entry.res, names, entry.timezone, entry.page_url(site_url))
            members[SERVICES_FILE].add(service)
            hsds.add_rows(tables, service, out.terms)
            feature = geojson.feature(entry, site_url)
            if feature is not None:
                members[GEOJSON_FILE].add(feature)
        for path, handle in handles.items():
            handle.write(tails[path])
    for path in heads:
        size = os.path.getsize(os.path.join(folder, path))
        out.members[path] = (len(heads[path].encode("utf-8")), size - len(tails[path].encode("utf-8")))
        out.records[path] = members[path].count
    out.records.update({f"hsds/{name}.csv": rows for name, rows in tables.rows.items()})
    with streams.text_file(os.path.join(folder, HEALTH_FILE)) as handle:
        handle.write(streams.csv_line(health_csv.FIELDS))
        handle.writelines(health_lines[number])
    out.records[HEALTH_FILE] = len(health_lines[number])
    _write_terms(folder, out)
    return out


def _write_terms(folder: str, written: Written, tables: bool = True, page: bool = True) -> None:
    """The set's taxonomy terms, sorted by id: the CSV table with the data package's descriptor
    (``tables``) and the JSON page that services.json's attributes refer to (``page``)."""
    terms = [written.terms[k] for k in sorted(written.terms)]
    written.records[TERMS_FILE] = written.records[f"hsds/{TERMS}.csv"] = len(terms)
    if tables:
        with streams.text_file(os.path.join(folder, "hsds", f"{TERMS}.csv")) as out:
            out.write(streams.csv_line(hsds.TABLES[TERMS]))
            out.writelines(streams.csv_line(map(term.get, hsds.TABLES[TERMS])) for term in terms)
        with streams.text_file(os.path.join(folder, "hsds", "datapackage.json")) as out:
            out.write(hsds.datapackage())
    if page:
        with streams.text_file(os.path.join(folder, TERMS_FILE)) as out:
            streams.json_array(out, terms, hsds.document_head(len(terms)), "]}\n")


def _join_whole(site_dir: str, folders: list[str], sets: list[Written], count: int,
                formats: list[str]) -> Written:
    """The whole-catalog files of ``formats`` under data/, joined from the states' sets."""
    heads, tails = _heads(count)
    total = Written()
    for item in sets:
        total.terms.update(item.terms)
    wanted = {p for fmt in formats for p in FORMATS[fmt]}
    for path in heads:
        total.records[path] = sum(s.records[path] for s in sets)
        if path in wanted:
            streams.join_parts(os.path.join(site_dir, DATA, path), heads[path],
                               [(os.path.join(site_dir, f, path), *s.members[path])
                                for f, s in zip(folders, sets)], tails[path], ",")
    header = {f"hsds/{name}.csv": streams.csv_line(fields) for name, fields in ROWS.items()}
    header[HEALTH_FILE] = streams.csv_line(health_csv.FIELDS)
    for path, line in header.items():
        total.records[path] = sum(s.records[path] for s in sets)
        if path in wanted:
            parts = [os.path.join(site_dir, f, path) for f in folders]
            streams.join_parts(os.path.join(site_dir, DATA, path), line,
                               [(p, len(line.encode("utf-8")), os.path.getsize(p)) for p in parts], "")
    _write_terms(os.path.join(site_dir, DATA), total, "hsds_csv" in formats, "hsds_json" in formats)
    return total


_PASS: tuple | None = None
_STOP = None
