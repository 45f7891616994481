"""Which region an imported record belongs in: by its state (or province) and county, or by
coordinates inside a region's bounds, never by a city name alone.

The region given to `navigator import --region` is the area of the import. A record whose
state is outside that area cannot be placed, and is reported with its source position rather
than filed under a region of the same name elsewhere (Santa Clara, Utah is not Santa Clara
County, California). Within the area, the most specific region wins: the county (named by the
source, or found from a US ZIP code), a region whose bounds hold the coordinates, a region the
source names itself (a feed's regions), the city within the record's state, then the state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import text
from .addresses import US_STATES, state_code, zip_facts
from .records import Matcher, Record

_SUFFIX = re.compile(r"\s+(county|parish|borough|census area|municipality|city and borough)$")


def _key(name: str) -> str:
    base = re.sub(r"\s*\(.*?\)\s*", " ", name).strip().lower()
    return _SUFFIX.sub("", base)


@dataclass
class Place:
    """Where a record is: what its source says, normalised."""

    state: str | None = None  # two-letter code
    county: str | None = None
    city: str | None = None
    point: tuple[float, float] | None = None
    names: tuple[str, ...] = ()  # the source's own region names, most specific first


class RegionMatcher:
    """Places records in ``root`` or the most specific region under it (see the module)."""

    def __init__(self, root: str, regions: dict[str, dict]):
        self.root = root
        self.regions = regions
        self.children: dict[str, list[str]] = {}
        for rid, region in regions.items():
            self.children.setdefault(region.get("parent") or "", []).append(rid)
        self.state_of = {rid: self._state(rid) for rid in regions}
        self.inside = self._below(root)
        self.depth = {rid: self._depth(rid) for rid in self.inside}

    # -------------------------------------------------- the region tree

    def _below(self, rid: str) -> list[str]:
        out, stack = [rid], list(self.children.get(rid, []))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(self.children.get(child, []))
        return out

    def _depth(self, rid: str) -> int:
        depth, seen = 0, {rid}
        while self.regions.get(rid, {}).get("parent") and depth < 50:
            rid = self.regions[rid]["parent"]
            if rid in seen:
                break
            seen.add(rid)
            depth += 1
        return depth

    def _own_state(self, rid: str) -> str | None:
        name = str(self.regions[rid].get("name") or "")
        return state_code(re.sub(r"\s*\(.*?\)\s*", " ", name).strip()) or \
            state_code(rid.replace("-", " "))

    def _state(self, rid: str) -> str | None:
        """The state or province a region lies in: its own, or its nearest ancestor's."""
        seen = set()
        while rid and rid in self.regions and rid not in seen:
            seen.add(rid)
            found = self._own_state(rid)
            if found:
                return found
            rid = self.regions[rid].get("parent") or ""
        return None

    def zone(self, rid: str) -> str | None:
        """The time zone a region's listings keep their times in: its own, or its nearest
        ancestor's."""
        seen = set()
        while rid and rid in self.regions and rid not in seen:
            seen.add(rid)
            if self.regions[rid].get("timezone"):
                return str(self.regions[rid]["timezone"])
            rid = self.regions[rid].get("parent") or ""
        return None

    def _bounds(self, rid: str):
        bounds = self.regions[rid].get("bounds")
        try:
            return tuple(float(bounds[k]) for k in ("south", "west", "north", "east"))
        except (TypeError, KeyError, ValueError):
            return None

    # -------------------------------------------------- placing

    def place(self, where: Place) -> tuple[str | None, str]:
        """(region id, how it was found), or (None, why it cannot be placed here)."""
        root_state = self.state_of.get(self.root)
        if where.state and root_state and where.state != root_state:
            return None, (f"it is in {where.state}, outside region {self.root!r} "
                          f"({US_STATES.get(root_state, root_state)})")
        if where.state:  # the regions in that state, or else those tied to no state at all
            scope = [r for r in self.inside if self.state_of[r] == where.state] or \
                [r for r in self.inside if self.state_of[r] is None]
        else:
            scope = self.inside
        if not scope:
            return None, f"no region under {self.root!r} covers {where.state}"
        if where.county and where.state:
            found = self._named(scope, [where.county], counties=True)
            if found:
                return found, "county"
        if where.point:
            holding = [r for r in scope if (b := self._bounds(r)) and
                       b[0] <= where.point[0] <= b[2] and b[1] <= where.point[1] <= b[3]]
            if holding:
                return self._deepest(holding), "coordinates"
        found = self._named(scope, list(where.names))
        if found:
            return found, "the source's region"
        if where.city and where.state:  # a city counts only within its own state
            found = self._named(scope, [where.city])
            if found:
                return found, "city within the state"
        return self._shallowest(scope), "the area of the import"

    def _named(self, scope: list[str], names: list[str], counties: bool = False) -> str | None:
        for name in names:
            if not name:
                continue
            wanted = {_key(name), text.slugify(_key(name))}
            hits = [r for r in scope if _key(str(self.regions[r].get("name") or "")) in wanted
                    or (not counties and r in wanted)]
            if counties:
                hits = [r for r in hits if self._own_state(r) is None]  # not a state named alike
            if hits:
                return self._deepest(hits)
        return None

    def _deepest(self, ids: list[str]) -> str:
        return sorted(ids, key=lambda r: (-self.depth.get(r, 0), r))[0]

    def _shallowest(self, ids: list[str]) -> str:
        return sorted(ids, key=lambda r: (self.depth.get(r, 0), r))[0]

    def match(self, names: list[str | None]) -> str:
        """A region from place names alone, most specific first (a feed's own regions; no
        state is known): the area of the import when none matches."""
        return self._named(self.inside, [n for n in names if n]) or self.root


def place_record(record: Record, data: dict, matcher: Matcher, where: Place) -> bool:
    """Set ``data['regions']`` from ``where``, or skip the record (False) saying why it cannot
    be placed; the county a US ZIP code lies in is looked up when the source gives none."""
    if where.county is None and where.state in US_STATES:
        postal = (data.get("address") or {}).get("postal_code")
        facts = zip_facts(postal)
        if facts and facts[0] == where.state and facts[1]:
            where.county = facts[1]
    region, how = matcher.place(where)
    if region is None:
        record.skip(f"cannot be placed: {how}", "outside the area of the import (by state)")
        return False
    data["regions"] = [region]
    return True
