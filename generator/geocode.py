"""Coordinates for resources that have an address but none of their own.

``navigator geocode`` asks a Nominatim server through geopy (one request a second at most,
retries with growing waits) and writes what it learns to ``geocode-cache.json`` beside the
catalog. That file is committed: builds read it and never touch the network, so they stay fast
and identical. Where the server has no answer, or while offline, the centre of the postal code
(from the ``zipcodes`` package's data, shipped inside the package) stands in, marked
approximate so pages say so.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from typing import Callable, Iterable

from . import __version__
from .errors import CatalogError, Problem

CACHE_NAME = "geocode-cache.json"
DEFAULT_DOMAIN = "nominatim.openstreetmap.org"


def query(address) -> str:
    """The cache key and search text for an address (the second line, a suite or floor, does
    not help a geocoder and is left out)."""
    tail = " ".join(x for x in (address.state_province, address.postal_code) if x)
    return f"{address.address_1}, {address.city}{', ' + tail if tail else ''}, {address.country}"


# ---------------------------------------------------------------- the cache

@dataclasses.dataclass
class Cache:
    path: str
    entries: dict[str, dict]

    @classmethod
    def load(cls, path: str) -> "Cache":
        if not os.path.exists(path):
            return cls(path, {})
        display = os.path.basename(path)
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError([Problem(display, 1, 1, "", f"cannot read the geocoding cache: {exc}")])
        except json.JSONDecodeError as exc:
            raise CatalogError([Problem(display, exc.lineno, exc.colno, "", f"the geocoding cache is "
                                        f"not valid JSON ({exc.msg}); fix it or delete it and run "
                                        "`navigator geocode` again")]) from None
        entries = data.get("addresses") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            raise CatalogError([Problem(display, 1, 1, "addresses", "the geocoding cache has no "
                                        "'addresses' mapping; delete it and run `navigator geocode`")])
        return cls(path, {k: v for k, v in entries.items() if isinstance(v, dict)})

    def save(self) -> None:
        """Sorted, one address per line: small diffs in pull requests."""
        lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}"
                 for k, v in sorted(self.entries.items())]
        text = '{"version": 1, "addresses": {\n' + ",\n".join(lines) + "\n}}\n"
        temp = self.path + ".tmp"
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, self.path)


def cache_path(root_dir: str) -> str:
    return os.path.join(root_dir, CACHE_NAME)


# ---------------------------------------------------------------- postal-code centres

class PostalCodes:
    """Centres of US ZIP codes from the data inside the ``zipcodes`` package (no download)."""

    def __init__(self) -> None:
        self._all: dict[str, tuple[float, float]] | None = None

    def centre(self, postal_code: str, country: str, many: bool = False) -> tuple[float, float] | None:
        if country != "US":
            return None
        code = str(postal_code or "").strip()[:5]
        if len(code) != 5 or not code.isdigit():
            return None
        import zipcodes

        if many or self._all is not None:  # one bulk read beats thousands of single look-ups
            if self._all is None:
                self._all = {z["zip_code"]: (float(z["lat"]), float(z["long"]))
                             for z in zipcodes.list_all() if z.get("lat") and z.get("long")}
            return self._all.get(code)
        found = zipcodes.matching(code)
        if not found or not found[0].get("lat"):
            return None
        return float(found[0]["lat"]), float(found[0]["long"])


# ---------------------------------------------------------------- at build time

_GIVEN: list = []  # resources whose coordinates the last apply() filled in


def apply(catalog, path: str | None = None) -> frozenset[str]:
    """Give every resource with an address but no coordinates the cached ones, or its postal
    code's centre; returns the ids whose coordinates are approximate. No network."""
    # A long-lived process may validate unchanged files only once (validate._RECENT) and so
    # meet the same resources again: take back what was filled in last time, then fill again
    # from the current cache.
    for res in _GIVEN:
        res.latitude = res.longitude = None
    _GIVEN.clear()
    missing = [r for r in catalog.resources if r.address is not None and r.latitude is None]
    _GIVEN.extend(missing)
    if not missing:
        return frozenset()
    cache = Cache.load(path or cache_path(catalog.root_dir))
    postal = PostalCodes()
    many = len(missing) > 2000
    approximate = set()
    for res in missing:
        hit = cache.entries.get(query(res.address))
        if hit and isinstance(hit.get("latitude"), (int, float)) and isinstance(hit.get("longitude"), (int, float)):
            res.latitude, res.longitude = float(hit["latitude"]), float(hit["longitude"])
            if hit.get("approximate"):
                approximate.add(res.id)
            continue
        centre = postal.centre(res.address.postal_code, res.address.country, many)
        if centre:
            res.latitude, res.longitude = centre
            approximate.add(res.id)
    return frozenset(approximate)


# ---------------------------------------------------------------- asking a geocoder

@dataclasses.dataclass
class Settings:
    domain: str = DEFAULT_DOMAIN
    scheme: str = "https"
    user_agent: str = f"recovery-navigator/{__version__}"
    timeout: float = 10.0
    min_delay: float = 1.0  # Nominatim's usage policy: at most one request a second
    retries: int = 3
    backoff: float = 2.0  # seconds before the first retry; doubles each time


class Geocoder:
    """geopy's Nominatim behind geopy's RateLimiter, with retries that wait longer each time
    (and as long as the server asks after HTTP 429)."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep):
        from geopy.adapters import URLLibAdapter
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        self.settings, self.sleep = settings, sleep
        # urllib rather than requests: requests retries quietly on its own, which would ignore
        # Retry-After and our back-off.
        self.nominatim = Nominatim(domain=settings.domain, scheme=settings.scheme,
                                   user_agent=settings.user_agent, timeout=settings.timeout,
                                   adapter_factory=URLLibAdapter)
        self.limited = RateLimiter(self.nominatim.geocode, min_delay_seconds=settings.min_delay,
                                   max_retries=0, swallow_exceptions=False)

    def lookup(self, address) -> dict:
        """{'status': 'found', 'latitude', 'longitude'} or {'status': 'not-found'} or
        {'status': 'failed', 'error': ...} once the retries are used up."""
        from geopy import exc as geopy_exc

        search = {key: value for key, value in (
            ("street", address.address_1), ("city", address.city), ("state", address.state_province),
            ("postalcode", address.postal_code)) if value}
        error = ""
        for attempt in range(self.settings.retries + 1):
            try:
                found = self.limited(search, exactly_one=True, country_codes=address.country.lower())
            except geopy_exc.GeocoderRateLimited as exc:
                error, wait = f"rate limited: {exc}", exc.retry_after or self.settings.backoff * 2 ** attempt
            except (geopy_exc.GeocoderServiceError, geopy_exc.GeopyError, ValueError) as exc:
                error, wait = f"{type(exc).__name__}: {exc}", self.settings.backoff * 2 ** attempt
            else:
                if found is None:
                    return {"status": "not-found"}
                return {"status": "found", "latitude": round(found.latitude, 6),
                        "longitude": round(found.longitude, 6)}
            if attempt < self.settings.retries:
                self.sleep(wait)
        return {"status": "failed", "error": error[:300]}


@dataclasses.dataclass
class Summary:
    asked: int = 0
    found: int = 0
    not_found: int = 0
    failed: int = 0
    postal: int = 0
    cached: int = 0
    messages: list[str] = dataclasses.field(default_factory=list)


def run(resources: Iterable, cache: Cache, geocoder: Geocoder | None, retry_not_found: bool = False,
        limit: int | None = None, origins: dict | None = None) -> Summary:
    """Fill the cache for every address without coordinates. ``geocoder`` None means offline:
    postal-code centres only (kept until a run with the network finds better)."""
    summary = Summary()
    postal = PostalCodes()
    todo: dict = {}
    for res in resources:
        if res.address is not None and res.latitude is None:
            todo.setdefault(query(res.address), res)
    many = len(todo) > 2000
    for key, res in todo.items():
        entry = cache.entries.get(key, {})
        status = entry.get("status")
        if status == "found" or (status == "not-found" and not retry_not_found) or \
                (geocoder is None and status in ("not-found", "failed", "offline")):
            summary.cached += 1
            continue
        if geocoder is not None and (limit is None or summary.asked < limit):
            summary.asked += 1
            hit = geocoder.lookup(res.address)
        else:
            hit = {"status": "offline"}
        where = (origins or {}).get(res.id)
        place = f"{where[0]}:{where[1]}: " if where else ""
        if hit["status"] == "found":
            summary.found += 1
            cache.entries[key] = {"status": "found", "latitude": hit["latitude"],
                                  "longitude": hit["longitude"], "source": "nominatim"}
            continue
        if hit["status"] == "not-found":
            summary.not_found += 1
            summary.messages.append(f"{place}{res.id}: the geocoder does not know {key!r}; check "
                                    "the address, or add latitude and longitude by hand")
        elif hit["status"] == "failed":
            summary.failed += 1
            summary.messages.append(f"{place}{res.id}: geocoding failed ({hit['error']}); it will be "
                                    "tried again next time")
        centre = postal.centre(res.address.postal_code, res.address.country, many)
        fallback = {"status": hit["status"]}
        if centre:
            summary.postal += 1
            fallback.update(latitude=round(centre[0], 6), longitude=round(centre[1], 6),
                            source="postal-code", approximate=True)
        cache.entries[key] = fallback
    return summary


def default_user_agent(mkdocs_file: str) -> str:
    """'recovery-navigator/0.1.0 (Site name; site URL)': Nominatim asks callers to say who they
    are. Read from mkdocs.yml without MkDocs (its custom tags are ignored)."""
    import yaml

    class Loose(yaml.SafeLoader):
        pass

    Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    name = url = ""
    try:
        with open(mkdocs_file, encoding="utf-8") as handle:
            config = yaml.load(handle, Loader=Loose) or {}
        name, url = str(config.get("site_name") or ""), str(config.get("site_url") or "")
    except (OSError, yaml.YAMLError, AttributeError):
        pass
    about = "; ".join(x for x in (name, url) if x)
    return f"recovery-navigator/{__version__}" + (f" ({about})" if about else "")
