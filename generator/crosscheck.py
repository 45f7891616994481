"""The whole-catalog pass: the files' validated entries assembled into one catalog, and the
checks that need all of it (ids unique across files, regions that exist, a region tree without
cycles, crisis lines, dates against the build date).

An entry set aside for its own problems (validate.SetAside) still counts here for what it
says about others (its id, its region ids), and nothing is reported that only follows from a
problem already reported: a region set aside, or a file that could not be read at all.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from . import errors, text
from .errors import Problem
from .model import Region, Resource, Site

ROOT_ONLY = ("site", "include")


@dataclass
class Catalog:
    """The validated catalog: what every later stage reads."""

    site: Site
    regions: dict[str, Region]
    resources: list[Resource]
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (file, line)
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    root_dir: str = "."
    failed: set[str] = field(default_factory=set)  # ids already reported as invalid
    failed_regions: set[str] = field(default_factory=set)  # regions set aside for their problems
    set_aside: list = field(default_factory=list)  # (SetAside, file, line) of resources left out
    incomplete: bool = False  # a file could not be read at all: what it defines is unknown


def assemble(results: list, root_dir: str, today: dt.date,
              problems: list[Problem]) -> Catalog:
    root = results[0].model
    catalog = Catalog(site=(root.site if root and root.site else Site()), regions={}, resources=[],
                      root_dir=root_dir, files=[r.path for r in results])
    region_at: dict[str, tuple[str, int]] = {}
    # Where ids were first given by entries set aside, and every place of an id given more than
    # once (only repeated ids get a list: a national catalog has 100,000 ids).
    aside_at: dict[tuple[str, str], tuple[str, int]] = {}
    repeats: dict[tuple[str, str], list[tuple[str, int]]] = {}

    def first_use(kind: str, ident: str, place: tuple[str, int], seen: dict) -> bool:
        first = seen.get(ident) or aside_at.get((kind, ident))
        if first is None:
            return True
        repeats.setdefault((kind, ident), [first]).append(place)
        return False

    for result in results:
        catalog.failed |= result.failed
        model = result.model
        if model is None:
            catalog.incomplete = True
            continue
        if result is not results[0]:
            for name in ROOT_ONLY:
                if getattr(model, name):
                    problems.append(Problem(result.path, 1, 1, name, f"{name} is only allowed in the "
                                            "root file (resources.yaml); move it there"))
        for index, region in zip(result.indexes.get("regions", []), model.regions):
            place = (result.path, result.lines.get(("regions", index), 1))
            if first_use("regions", region.id, place, region_at):
                catalog.regions[region.id] = region
                region_at[region.id] = place
        entries = model.resources if result.briefs is None else result.briefs
        for index, res in zip(result.indexes.get("resources", []), entries):
            place = (result.path, result.lines.get(("resources", index), 1))
            if res.id in catalog.origins or ("resources", res.id) in aside_at:
                first_use("resources", res.id, place, catalog.origins)
                continue
            catalog.origins[res.id] = place
            catalog.resources.append(res)
        for aside in result.set_aside:
            place = (result.path, result.lines.get((aside.kind, aside.index), 1))
            if first_use(aside.kind, aside.id, place, region_at if aside.kind == "regions"
                         else catalog.origins):
                aside_at[(aside.kind, aside.id)] = place
            if aside.kind == "regions":
                catalog.failed_regions.add(aside.id)
            else:
                catalog.set_aside.append((aside, *place))
    rank = {path: index for index, path in enumerate(catalog.files)}
    for (kind, ident), places in repeats.items():
        places.sort(key=lambda place: (rank.get(place[0], len(rank)), place[1]))
        problems.append(_duplicate("region id", ident, places, "give each region its own id")
                        if kind == "regions" else
                        _duplicate("id", ident, places, "ids must be unique across all files (they "
                                   "become web addresses)"))
    _check_regions(catalog, region_at, problems)
    _check_resources(catalog, today, problems)
    return catalog


def _duplicate(what: str, ident: str, places: list[tuple[str, int]], rule: str) -> Problem:
    """One problem for all the repeats of one id, placed at its first repeat."""
    path, line = places[1]
    if len(places) == 2:
        first = places[0]
        return Problem(path, line, 1, "id", f"{what} {ident!r} is already used at "
                       f"{first[0]}:{first[1]}; {rule}")
    return Problem(path, line, 1, "id", f"{what} {ident!r} is used {len(places):,} times: "
                   f"{errors.places(places)}; {rule}")


def _check_regions(catalog: Catalog, region_at: dict, problems: list[Problem]) -> None:
    for region in catalog.regions.values():
        path, line = region_at[region.id]
        if region.parent and not _region_known(region.parent, catalog):
            problems.append(Problem(path, line, 1, "parent", _unknown_region(region.parent, catalog)))
            continue
        seen, current = {region.id}, region.parent
        while current:
            if current in seen:
                problems.append(Problem(path, line, 1, "parent", f"regions {sorted(seen)} are each "
                                        "other's parents; one of them must be at the top"))
                break
            seen.add(current)
            current = catalog.regions[current].parent if current in catalog.regions else None


def _region_known(region_id: str, catalog: Catalog) -> bool:
    """Whether a region id may be used: defined, or defined in an entry already reported (or
    in a file that could not be read), so that one mistake is not reported again at every use."""
    return (region_id in catalog.regions or region_id in catalog.failed_regions
            or catalog.incomplete)


def _unknown_region(region_id: str, catalog: Catalog) -> str:
    known = sorted(catalog.regions)
    close = text.closest(region_id, known)
    if close:
        return (f"region {region_id!r} does not exist; did you mean {close!r}? regions are listed "
                "in resources.yaml")
    if len(known) <= 12:
        return (f"region {region_id!r} does not exist; the regions are: {', '.join(known)} "
                "(regions are listed in resources.yaml)")
    return f"region {region_id!r} does not exist; regions are listed in resources.yaml"


def _check_resources(catalog: Catalog, today: dt.date, problems: list[Problem]) -> None:
    crisis = set(catalog.site.crisis_resources)
    for aside, path, line in catalog.set_aside:  # left out for other problems, checked all the same
        crisis.discard(aside.id)
        for region_id in aside.regions:
            if not _region_known(region_id, catalog):
                problems.append(Problem(path, line, 1, "regions", _unknown_region(region_id, catalog)))
    for res in catalog.resources:
        path, line = catalog.origins[res.id]
        for region_id in res.regions:
            if not _region_known(region_id, catalog):
                problems.append(Problem(path, line, 1, "regions", _unknown_region(region_id, catalog)))
        for name in ("last_verified", "imported", "source_updated"):
            when = getattr(res, name, None)
            if when is not None and when > today:
                what = "the listing was last checked" if name == "last_verified" else \
                    "it was imported" if name == "imported" else "the source gives"
                problems.append(Problem(path, line, 1, name, f"{when} is in the future; write the "
                                        f"date {what}"))
        if res.latitude is not None:
            for region_id in res.regions:
                region = catalog.regions.get(region_id)
                if region and region.bounds and not region.bounds.contains(res.latitude, res.longitude):
                    problems.append(Problem(path, line, 1, "latitude", f"({res.latitude}, "
                                            f"{res.longitude}) lies outside the bounds of region "
                                            f"{region_id!r}; check the coordinates", "warning"))
        if res.id in crisis:
            crisis.discard(res.id)
            if res.category != "crisis-line":
                problems.append(Problem(path, line, 1, "category", f"{res.id!r} is listed in "
                                        "site.crisis_resources but its category is "
                                        f"{res.category!r}; only crisis lines belong there"))
    if catalog.incomplete:
        crisis = set()  # the lines may be in the file that could not be read
    for missing in sorted(crisis - catalog.failed):
        problems.append(Problem(os.path.basename(catalog.files[0]) if catalog.files else "resources.yaml",
                                1, 1, "site.crisis_resources", f"{missing!r} is not the id of any "
                                "resource; add the crisis line or remove it from the list"))
