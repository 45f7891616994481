"""Small catalogs for the unit tests: a valid root file, and helpers to write and validate."""

from __future__ import annotations

import datetime
import os
import textwrap

from generator import validate

TODAY = datetime.date(2026, 11, 21)

# One region and one valid resource. Line numbers matter to the tests:
#   2 region entry, 10 "resources:", 11 resource entry, 12 name, 13 category, 14 regions,
#   15 online_only, 16 last_verified; fields added with ``with_fields`` start on line 17.
ROOT = """\
regions:
  - id: ohio
    name: Ohio
    timezone: America/New_York
    bounds:
      south: 38.4
      west: -84.8
      north: 42.0
      east: -80.5
resources:
  - id: test-line
    name: Test Line
    category: crisis-line
    regions: [ohio]
    online_only: true
    last_verified: 2026-11-01
"""


def with_fields(fields: str, root: str = ROOT) -> str:
    """``root`` with extra fields (written at column 0 in ``fields``) added to its last resource."""
    return root + textwrap.indent(textwrap.dedent(fields), "    ")


def write_catalog(folder, root: str, extra: str | None = None) -> str:
    """Write resources.yaml (and catalog/x.yaml, included from the root, when ``extra`` is given)
    into ``folder``; return the root file's path."""
    folder = str(folder)
    os.makedirs(os.path.join(folder, "catalog"), exist_ok=True)
    if extra is not None:
        with open(os.path.join(folder, "catalog", "x.yaml"), "w", encoding="utf-8") as handle:
            handle.write(extra)
        if "include:" not in root:
            root = root + "include:\n  - catalog/x.yaml\n"
    path = os.path.join(folder, "resources.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(root)
    return path


def run_validate(path: str):
    return validate.validate(path, today=TODAY, cache_dir=None, workers=1)
