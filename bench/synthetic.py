"""Synthetic catalogs for benchmarks: N resources over states and counties, one file per county.

Deterministic for a given size (seeded), realistic in shape: every category, a third meetings,
phones in the fictional 555-01XX range, example.org sites.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil

CATEGORIES = ["crisis-line", "detox", "residential", "outpatient", "moud", "recovery-housing",
              "harm-reduction", "peer-support", "family-support", "mental-health", "legal",
              "employment", "housing", "health", "other"]
PROGRAMS = ["aa", "na", "smart", "recovery-dharma", "celebrate-recovery", "al-anon", "nar-anon", "ca", "cma"]
DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
TYPES = ["O", "C", "W", "M", "BE", "SP", "D", "X", "LGBTQ", "S", "ASL", "B", "ST"]
AREA = ["215", "412", "614", "216", "312", "305", "206", "503", "617", "303"]
WORDS = ["Harbor", "Bridge", "Cedar", "Summit", "Riverside", "Hope", "New Day", "Lighthouse",
         "Maple", "Unity", "Serenity", "Northside", "Eastgate", "Pioneer", "Willow", "Crossroads"]


def regions_for(size: int) -> list[tuple[str, str, str | None]]:
    states = max(2, min(50, size // 2000))
    counties = max(2, min(12, size // (states * 150) or 2))
    out = []
    for s in range(states):
        sid = f"state-{s:02d}"
        out.append((sid, f"State {s:02d}", None))
        for c in range(counties):
            out.append((f"{sid}-county-{c:02d}", f"County {c:02d} of State {s:02d}", sid))
    return out


def resource(rng: random.Random, index: int, region: str) -> str:
    rid = f"r{index:06d}"
    area = AREA[index % len(AREA)]
    phone = f"({area}) 555-01{index % 100:02d}"
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {index}"
    lat, lon = 40 + rng.random(), -80 - rng.random()
    common = (f"  - id: {rid}\n    regions: [{region}]\n    last_verified: 2026-{1 + index % 10:02d}-15\n"
              f"    phones:\n      - number: \"{phone}\"\n        type: main\n")
    address = (f"    address:\n      address_1: {100 + index % 900} Main St\n      city: Springfield\n"
               f"      state_province: PA\n      postal_code: \"{15000 + index % 4000:05d}\"\n"
               f"    latitude: {lat:.5f}\n    longitude: {lon:.5f}\n")
    if index % 3 == 0:
        day = DAYS[index % 7]
        hour = 6 + index % 16
        types = ", ".join(sorted(set(rng.sample(TYPES, 3))))
        return (common + f"    name: {name} Group\n    category: meeting\n"
                f"    program: {PROGRAMS[index % len(PROGRAMS)]}\n" + address +
                f"    schedule:\n      - day: {day}\n        time: \"{hour:02d}:00\"\n"
                f"        end_time: \"{hour + 1:02d}:00\"\n    types: [{types}]\n")
    category = CATEGORIES[index % len(CATEGORIES)]
    return (common + f"    name: {name} Center\n    category: {category}\n" + address +
            f"    description: Services for adults and families. **Walk-ins** welcome on weekdays.\n"
            f"    url: https://site{index}.example.org/\n"
            f"    hours:\n      - days: [monday, tuesday, wednesday, thursday, friday]\n"
            f"        opens_at: \"08:00\"\n        closes_at: \"17:00\"\n"
            f"    languages: [en, es]\n    payment: [medicaid, sliding-scale]\n")


def generate(size: int, dest: str) -> str:
    """Write a catalog of ``size`` resources into ``dest``; returns the root file's path."""
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(os.path.join(dest, "catalog"))
    rng = random.Random(size)
    regions = regions_for(size)
    counties = [r for r in regions if r[2] is not None]
    with open(os.path.join(dest, "resources.yaml"), "w") as root:
        root.write("site:\n  country: US\nregions:\n")
        for rid, name, parent in regions:
            root.write(f"  - id: {rid}\n    name: {name}\n    timezone: America/New_York\n")
            if parent:
                root.write(f"    parent: {parent}\n")
        root.write("include:\n  - catalog/*.yaml\n")
    per_county = [[] for _ in counties]
    for index in range(size):
        per_county[index % len(counties)].append(index)
    for (rid, _name, _parent), indexes in zip(counties, per_county):
        with open(os.path.join(dest, "catalog", f"{rid}.yaml"), "w") as out:
            out.write("resources:\n")
            for index in indexes:
                out.write(resource(rng, index, rid))
    return os.path.join(dest, "resources.yaml")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", type=int)
    parser.add_argument("dest")
    args = parser.parse_args()
    print(generate(args.size, args.dest))
