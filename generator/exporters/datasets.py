"""Write every open-data export of the catalog into the built site under ``data/``.

    data/meetings.json          Meeting Guide feed (all meetings)
    data/hsds/services.json     HSDS 3.0, one page of full service objects
    data/hsds/*.csv + datapackage.json   HSDS 3.0 tabular data package
    data/resources.geojson      every located resource
    data/index.json             what is here, with counts (for scripts)

Per-region calendars are written with the pages (regions/<id>/meetings.ics, see ics.py).
Output is sorted and has no timestamps, so two builds of the same catalog are identical.

A national export is hundreds of megabytes, so it is written record by record (streams.py) in
one pass over the catalog. With ``workers`` > 1, forked processes each write the records of one
stretch of the catalog into part files, which are then joined in catalog order: the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import tempfile
from dataclasses import dataclass, field

from ..enrich import Directory
from ..errors import check
from . import geojson, hsds, meeting_guide, streams

FEED = "data/meetings.json"
SERVICES = "data/hsds/services.json"
GEOJSON = "data/resources.geojson"
INDEX = "data/index.json"
HSDS = "data/hsds"
ROWS = {name: fields for name, fields in hsds.TABLES.items() if name != "taxonomy_terms"}
TERMS = "taxonomy_terms"  # written last, sorted, from the terms every service used


@dataclass
class Tally:
    """What one pass wrote: counts for index.json and the taxonomy terms seen (id -> term)."""

    meetings: int = 0
    features: int = 0
    terms: dict = field(default_factory=dict)


def write(directory: Directory, site_dir: str, site_url: str | None = None, workers: int = 1,
          stop=None) -> list[str]:
    """Write the exports; returns the paths written (relative to ``site_dir``). ``stop`` (the
    live preview's, in one process) gives up early by raising errors.Stopped."""
    entries = directory.entries
    heads = {FEED: "[", SERVICES: hsds.document_head(len(entries)),
             GEOJSON: streams.json_head({"type": "FeatureCollection"}, "features")}
    tails = {FEED: "]\n", SERVICES: "]}\n", GEOJSON: "]}\n"}
    spans = _spans(len(entries), workers)
    global _PASS, _STOP
    _PASS = (directory, site_url or "", site_dir, heads, tails, spans, meeting_guide.regions(directory))
    _STOP = stop if len(spans) == 1 else None
    try:
        if len(spans) == 1:
            tally = _write_whole()
        else:
            tally = _write_in_parts(site_dir, heads, tails, spans)
    finally:
        _PASS = _STOP = None
    with open(os.path.join(site_dir, HSDS, f"{TERMS}.csv"), "w", encoding="utf-8", newline="\n") as out:
        out.write(streams.csv_line(hsds.TABLES[TERMS]))
        out.writelines(streams.csv_line(map(tally.terms[k].get, hsds.TABLES[TERMS]))
                       for k in sorted(tally.terms))
    with streams.text_file(os.path.join(site_dir, HSDS, "datapackage.json")) as out:
        out.write(hsds.datapackage())
    with streams.text_file(os.path.join(site_dir, INDEX)) as out:
        out.write(json.dumps({
            "meeting_guide_feed": {"path": "meetings.json", "meetings": tally.meetings},
            "hsds_json": {"path": "hsds/services.json", "services": len(entries)},
            "hsds_csv": {"path": "hsds/datapackage.json"},
            "geojson": {"path": "resources.geojson", "features": tally.features},
            "calendars": sorted(node.url + "meetings.ics" for node in directory.regions.values()
                                if any(e.res.is_meeting for e in node.entries)),
        }, indent=1) + "\n")
    tables = [f"{HSDS}/{name}.csv" for name in hsds.TABLES] + [f"{HSDS}/datapackage.json"]
    return sorted([FEED, SERVICES, GEOJSON, INDEX, *tables])


def _spans(total: int, workers: int) -> list[tuple[int, int]]:
    """Consecutive stretches of the catalog, one per worker."""
    workers = max(1, min(workers, total))
    step = -(-total // workers)
    return [(start, min(start + step, total)) for start in range(0, total, step)] or [(0, 0)]


def _write_records(start: int, end: int, json_out: dict[str, streams.JsonMembers],
                   tables: streams.CsvTables) -> Tally:
    """Every record of entries[start:end], each to the files it belongs in, in catalog order."""
    directory, site_url, known = _PASS[0], _PASS[1], _PASS[6]
    names = {rid: node.region.name for rid, node in directory.regions.items()}
    feed, services, located = json_out[FEED], json_out[SERVICES], json_out[GEOJSON]
    tally = Tally()
    for count, entry in enumerate(directory.entries[start:end]):
        check(_STOP, count)
        for item in meeting_guide.items(entry, site_url, known):
            feed.add(item)
        service = hsds.service(entry.res, names, entry.timezone)
        services.add(service)
        hsds.add_rows(tables, service, tally.terms)
        feature = geojson.feature(entry, site_url)
        if feature is not None:
            located.add(feature)
    tally.meetings, tally.features = feed.count, located.count
    return tally


def _write_whole() -> Tally:
    _directory, _url, site_dir, heads, tails, ((start, end),), _known = _PASS
    with contextlib.ExitStack() as stack:
        handles = _open(stack, site_dir, heads)
        for path, handle in handles.items():
            handle.write(heads[path])
        tables = stack.enter_context(streams.CsvTables(os.path.join(site_dir, HSDS), ROWS))
        tally = _write_records(start, end, {p: streams.JsonMembers(h) for p, h in handles.items()}, tables)
        for path, handle in handles.items():
            handle.write(tails[path])
    return tally


def _write_part(index: int) -> Tally:
    """One worker's stretch, into part files under <parts>/<index>/ named like the exports."""
    heads, spans = _PASS[3], _PASS[5]
    folder = os.path.join(_PARTS_DIR, str(index))
    with contextlib.ExitStack() as stack:
        handles = _open(stack, folder, heads)
        tables = stack.enter_context(streams.CsvTables(os.path.join(folder, HSDS), ROWS, header=False))
        return _write_records(*spans[index], {p: streams.JsonMembers(h) for p, h in handles.items()}, tables)


def _open(stack: contextlib.ExitStack, folder: str, paths) -> dict:
    """path -> text file under ``folder`` for writing (closed with ``stack``)."""
    handles = {}
    for path in paths:
        handles[path] = stack.enter_context(streams.text_file(os.path.join(folder, path)))
    return handles


_PASS: tuple | None = None
_STOP = None
_PARTS_DIR = ""


def _write_in_parts(site_dir: str, heads: dict, tails: dict, spans: list) -> Tally:
    global _PARTS_DIR
    os.makedirs(site_dir, exist_ok=True)
    _PARTS_DIR = tempfile.mkdtemp(prefix=".exports-", dir=site_dir)  # same disk: joining is a copy
    try:
        with multiprocessing.get_context("fork").Pool(len(spans)) as pool:
            tallies = pool.map(_write_part, range(len(spans)))
        folders = [os.path.join(_PARTS_DIR, str(i)) for i in range(len(spans))]
        for path in heads:
            streams.join_parts(os.path.join(site_dir, path), heads[path],
                               [os.path.join(f, path) for f in folders], tails[path], ",")
        for name, fields in ROWS.items():
            streams.join_parts(os.path.join(site_dir, HSDS, f"{name}.csv"), streams.csv_line(fields),
                               [os.path.join(f, HSDS, f"{name}.csv") for f in folders], "")
    finally:
        shutil.rmtree(_PARTS_DIR, ignore_errors=True)
    total = Tally(sum(t.meetings for t in tallies), sum(t.features for t in tallies))
    for tally in tallies:
        total.terms.update(tally.terms)
    return total
