"""Every resource with coordinates as a GeoJSON FeatureCollection (RFC 7946), for maps and
for other sites that want to show our listings."""

from __future__ import annotations

from typing import Iterable, Iterator

from .. import markup, phones
from ..enrich import Entry


def collection(entries: list[Entry], site_url: str = "") -> dict:
    return {"type": "FeatureCollection", "features": list(features(entries, site_url))}


def features(entries: Iterable[Entry], site_url: str = "") -> Iterator[dict]:
    """One Feature per located resource that is current (enrich.Entry.current), in catalog order."""
    for entry in entries:
        found = feature(entry, site_url)
        if found is not None:
            yield found


def feature(entry: Entry, site_url: str = "") -> dict | None:
    """A resource as a Feature; None when it has no coordinates or is not current."""
    res = entry.res
    if res.latitude is None or res.longitude is None or not entry.current:
        return None
    properties: dict = {"id": res.id, "name": res.name, "category": res.category,
                        "regions": list(res.regions),
                        "last_verified": res.last_verified.isoformat() if res.last_verified else None}
    if entry.street_address:
        properties["address"] = entry.street_address
    if res.phones:
        first = res.phones[0]
        properties["phone"] = phones.display(first.number, entry.country)
    if res.url:
        properties["website"] = res.url
    if res.program:
        properties["program"] = res.program
    summary = markup.plain(res.description)
    if summary:
        properties["description"] = summary[:300]
    if entry.approximate:
        properties["approximate"] = True
    page = entry.page_url(site_url)
    if page:
        properties["url"] = page
    return {"type": "Feature", "id": res.id,
            "geometry": {"type": "Point", "coordinates": [res.longitude, res.latitude]},
            "properties": properties}
