"""Write every open-data export of the catalog into the built site under ``data/``.

    data/meetings.json          Meeting Guide feed (all meetings)
    data/hsds/services.json     HSDS 3.0, one page of full service objects
    data/hsds/*.csv + datapackage.json   HSDS 3.0 tabular data package
    data/resources.geojson      every located resource
    data/index.json             what is here, with counts (for scripts)

Per-region calendars are written with the pages (regions/<id>/meetings.ics, see ics.py).
Output is sorted and has no timestamps, so two builds of the same catalog are identical.
"""

from __future__ import annotations

import json
import os

from ..enrich import Directory
from . import geojson, hsds, meeting_guide

FEED = "data/meetings.json"


def _write(site_dir: str, path: str, text: str) -> None:
    full = os.path.join(site_dir, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def region_paths(directory: Directory) -> dict[str, list[str]]:
    """Region id -> the names from the top region down to it (Meeting Guide 'regions')."""
    out = {}
    for rid, node in directory.regions.items():
        out[rid] = [n.region.name for n in node.ancestors()] + [node.region.name]
    return out


def write(directory: Directory, site_dir: str, site_url: str | None = None) -> list[str]:
    """Write the exports; returns the paths written (relative to ``site_dir``)."""
    site_url = site_url or ""
    entries = directory.entries
    names = {rid: node.region.name for rid, node in directory.regions.items()}
    feed = meeting_guide.meetings(entries, site_url, region_paths(directory))
    services = [hsds.service(e.res, names) for e in entries]
    document = {"total_items": len(services), "total_pages": 1, "page_number": 1,
                "size": len(services), "first_page": True, "last_page": True,
                "empty": not services, "contents": services}
    located = geojson.collection(entries, site_url)
    files = {FEED: _json(feed), "data/hsds/services.json": _json(document),
             "data/resources.geojson": _json(located)}
    for name, text in hsds.csv_files(services).items():
        files[f"data/hsds/{name}"] = text
    files["data/index.json"] = json.dumps({
        "meeting_guide_feed": {"path": "meetings.json", "meetings": len(feed)},
        "hsds_json": {"path": "hsds/services.json", "services": len(services)},
        "hsds_csv": {"path": "hsds/datapackage.json"},
        "geojson": {"path": "resources.geojson", "features": len(located["features"])},
        "calendars": sorted(node.url + "meetings.ics" for node in directory.regions.values()
                            if any(e.res.is_meeting for e in node.entries)),
    }, indent=1) + "\n"
    for path, text in files.items():
        _write(site_dir, path, text)
    return sorted(files)
