"""Every resource with coordinates as a GeoJSON FeatureCollection (RFC 7946), for maps and
for other sites that want to show our listings."""

from __future__ import annotations

from .. import markup, phones
from ..enrich import Entry


def collection(entries: list[Entry], site_url: str = "") -> dict:
    features = []
    for entry in entries:
        res = entry.res
        if res.latitude is None or res.longitude is None or res.status == "inactive":
            continue
        properties: dict = {"id": res.id, "name": res.name, "category": res.category,
                            "regions": list(res.regions), "last_verified": res.last_verified.isoformat()}
        if res.address is not None:
            a = res.address
            properties["address"] = ", ".join(x for x in (a.address_1, a.address_2, a.city,
                                                          f"{a.state_province} {a.postal_code}") if x)
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
        if site_url:
            properties["url"] = site_url.rstrip("/") + "/" + entry.url
        features.append({"type": "Feature", "id": res.id,
                         "geometry": {"type": "Point", "coordinates": [res.longitude, res.latitude]},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}
