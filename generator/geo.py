"""Distances and places. The browser's near-me sort uses the same great-circle formula."""

from __future__ import annotations


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    # Imported here: geopy loads its geocoders and an HTTP library with it (about 0.1 s), and a
    # build, which imports this module for map_link, never measures a distance.
    from geopy.distance import great_circle

    return great_circle(a, b).km


def map_link(latitude: float | None, longitude: float | None, address: str | None) -> str | None:
    """An "open in map" link: OpenStreetMap, opened only when the reader chooses to."""
    if latitude is not None and longitude is not None:
        return (f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
                f"#map=17/{latitude:.5f}/{longitude:.5f}")
    if address:
        from urllib.parse import quote

        return "https://www.openstreetmap.org/search?query=" + quote(address)
    return None
