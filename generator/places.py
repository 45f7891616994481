"""ZIP code and town centroids for the browser's "near" lookup, shipped with the site so that
typing a ZIP code asks no other host.

The data comes from the ``zipcodes`` package (US ZIP codes with centroids, embedded in the wheel;
no download). Each region gets only the places in and around it: its bounds (or centre) with a
margin, or else the neighbourhood of its listings; the site-wide file is their union.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from .enrich import Directory, RegionNode

CELL = 0.25  # degrees; places are selected by grid cell
MARGIN = 0.3  # degrees (about 30 km) around a region's bounds: people near the edge look too
AROUND = 0.5  # degrees around a centre or a listing when a region has no bounds


@dataclass(frozen=True)
class Place:
    zip: str
    city: str
    state: str
    latitude: float
    longitude: float


@functools.lru_cache(maxsize=1)
def zip_table() -> tuple[Place, ...]:
    """Every US ZIP code with a centroid, in ZIP order. A child process reads them: the package
    hands out 42,000 dicts of 14 fields each, some 170 MB that a process keeps once they are
    freed, on top of a national catalog's peak; the child passes on the five fields used here."""
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, check=True)
        rows = json.loads(done.stdout)
    except (OSError, subprocess.CalledProcessError, ValueError):
        rows = street_zips()  # no interpreter to start (an embedded one): read them here
    return tuple(sorted((Place(z, city, state, float(lat), float(lon)) for z, city, state, lat, lon in rows),
                        key=lambda p: p.zip))


_CHILD = "import json, sys; from generator.places import street_zips; json.dump(street_zips(), sys.stdout)"


def street_zips() -> list[list[str]]:
    """[zip, city, state, latitude, longitude] of every active street-delivery ZIP code: PO box
    and single-organisation codes are not where anyone is standing, and they would double the
    files."""
    import zipcodes  # ~0.3 s to read; only builds that ship places pay it

    return [[z["zip_code"], z["city"], z["state"], z["lat"], z["long"]] for z in zipcodes.filter_by(active=True)
            if z.get("lat") and z.get("long") and z.get("zip_code_type") == "STANDARD"]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // CELL), int(lon // CELL)


def _box(cells: set, south: float, west: float, north: float, east: float) -> None:
    low, high = _cell(south, west), _cell(north, east)
    for a in range(low[0], high[0] + 1):
        for b in range(low[1], high[1] + 1):
            cells.add((a, b))


def region_cells(node: RegionNode, by_zip: dict[str, Place],
                 memo: dict[str, frozenset] | None = None) -> set[tuple[int, int]]:
    """Grid cells a region's near-me lookup needs, its sub-regions included; ``memo`` (region
    id -> cells) spares working out a sub-region again for each region above it."""
    if memo is not None and node.id in memo:
        return set(memo[node.id])
    cells: set[tuple[int, int]] = set()
    region = node.region
    if region.bounds:
        b = region.bounds
        _box(cells, b.south - MARGIN, b.west - MARGIN, b.north + MARGIN, b.east + MARGIN)
    elif region.center:
        c = region.center
        _box(cells, c.latitude - AROUND, c.longitude - AROUND, c.latitude + AROUND, c.longitude + AROUND)
    else:
        for entry in node.entries:
            res = entry.res
            point = (res.latitude, res.longitude) if res.latitude is not None and res.longitude is not None else None
            zip5 = (res.address.postal_code or "")[:5] if res.address else ""
            if point is None and zip5 in by_zip:
                place = by_zip[zip5]
                point = (place.latitude, place.longitude)
            if point:
                _box(cells, point[0] - AROUND, point[1] - AROUND, point[0] + AROUND, point[1] + AROUND)
    for child in node.children:
        cells |= region_cells(child, by_zip, memo)
    if memo is not None:
        memo[node.id] = frozenset(cells)
    return cells


def points(node: RegionNode, memo: dict[str, list[str]] | None = None) -> str:
    """What a region's lookup reads of its listings, as one line: each listing's coordinates
    and ZIP code in the region and the areas below it (region_cells; the regions' own bounds
    and centres are among every key's settings). The build cache keys the file by this, so
    an edit to a description or a phone number neither makes it again nor loads the ZIP table.
    ``memo`` keeps each region's points for the regions it lies in (one call per region of a
    build: a national site's listings are otherwise read once for each region above them)."""
    return "|".join(sorted(_points(node, {} if memo is None else memo)))


def _points(node: RegionNode, memo: dict[str, list[str]]) -> list[str]:
    found = memo.get(node.id)
    if found is None:
        found = [f"{res.latitude},{res.longitude},{res.address.postal_code if res.address else ''}"
                 for res in (entry.res for entry in node.entries)]
        for child in node.children:
            found += _points(child, memo)
        memo[node.id] = found
    return found


def places_json(places: list[Place]) -> bytes:
    """The lookup file: ZIP -> [lat, lon]; "town st" -> [lat, lon, "Town, ST"] (mean of its ZIPs).
    Three decimals (about 100 m) are finer than a ZIP code's own spread."""
    towns: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for place in places:
        towns[(place.city, place.state)].append(place)
    data = {
        "z": {p.zip: [round(p.latitude, 3), round(p.longitude, 3)] for p in places},
        "t": {f"{city.casefold()} {state.casefold()}": [
            round(sum(p.latitude for p in group) / len(group), 3),
            round(sum(p.longitude for p in group) / len(group), 3), f"{city}, {state}"]
            for (city, state), group in sorted(towns.items())},
    }
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode("utf-8")


class Gazetteer:
    """Places per region for one build (the ZIP table is read once, only for US catalogs)."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.enabled = directory.catalog.site.country == "US"
        self._by_cell: dict[tuple[int, int], list[Place]] | None = None
        self._by_zip: dict[str, Place] = {}
        self._cells: dict[str, frozenset] = {}
        self._files: dict[frozenset, bytes] = {}  # regions with the same cells share a file

    def _index(self) -> dict[tuple[int, int], list[Place]]:
        if self._by_cell is None:
            self._by_cell = defaultdict(list)
            for place in zip_table():
                self._by_cell[_cell(place.latitude, place.longitude)].append(place)
                self._by_zip[place.zip] = place
        return self._by_cell

    def for_cells(self, cells: Collection[tuple[int, int]]) -> list[Place]:
        index = self._index()
        return sorted((p for c in cells for p in index.get(c, ())), key=lambda p: p.zip)

    def region(self, node: RegionNode) -> bytes:
        self._index()
        cells = frozenset(region_cells(node, self._by_zip, self._cells))
        if cells not in self._files:
            self._files[cells] = places_json(self.for_cells(cells))
        return self._files[cells]

    def everywhere(self) -> bytes:
        self._index()
        cells: set[tuple[int, int]] = set()
        for root in self.directory.roots:
            cells |= region_cells(root, self._by_zip, self._cells)
        return places_json(self.for_cells(cells))
