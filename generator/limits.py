"""Budgets a maintainer sets under ``site.limits`` in resources.yaml: how large one file, the
whole catalog and one file's list of listings may be.

A pull request that adds fifty megabytes of valid listings would otherwise cost CI minutes and
gigabytes before anyone looked at it. Sizes are checked before a file is read, so a file over
budget costs nothing; listings are counted once a file is read. Each is an ordinary problem
with the file, the figure, the limit and the fix.
"""

from __future__ import annotations

import os

from pydantic import ValidationError

from .errors import Problem
from .model import Limits

MB = 1024 * 1024


def limits_of(root_data) -> Limits:
    """The root file's ``site.limits``; the defaults when they are missing or wrong (a wrong
    value is reported by the ordinary validation of the root file)."""
    site = root_data.get("site") if isinstance(root_data, dict) else None
    given = site.get("limits") if isinstance(site, dict) else None
    try:
        return Limits.model_validate(given or {})
    except ValidationError:
        return Limits()


def _fix(setting: str, root: str) -> str:
    return (f"or, if the catalog really needs it, raise site.limits.{setting} in {root} "
            "(a maintainer's decision)")


def sizes(includes: list[tuple[str, str]], root_size: int, limits: Limits,
          root: str) -> tuple[list[tuple[str, str]], list[str], list[Problem]]:
    """The included files within budget, the files left unread (as shown), and a problem for
    each file over budget; no file is read when the catalog as a whole is over its budget."""
    kept, skipped, problems, total = [], [], [], root_size
    for path, shown in includes:
        try:
            size = os.path.getsize(path)
        except OSError:
            kept.append((path, shown))  # reading it reports the problem
            continue
        total += size
        if size > limits.file_mb * MB:
            skipped.append(shown)
            problems.append(Problem(shown, 1, 1, "", f"the file is {size / MB:.1f} MB, over the "
                                    f"limit of {limits.file_mb} MB a file; split it into several "
                                    f"files (one per county, say), {_fix('file_mb', root)}"))
        else:
            kept.append((path, shown))
    if total > limits.catalog_mb * MB:
        return [], [shown for _path, shown in includes], [Problem(root, 1, 1, "include", f"the catalog is {total / MB:.1f} MB in "
                            f"{len(includes) + 1} files, over the limit of {limits.catalog_mb} MB; "
                            "nothing more was checked. Remove what does not belong in it, "
                            f"{_fix('catalog_mb', root)}")]
    return kept, skipped, problems


def listings(path: str, lines: dict[tuple, int], limits: Limits, root: str) -> list[Problem]:
    """A problem when one file holds more listings than its budget (``lines``: where each of
    the file's entries starts, as validate.FileResult keeps them)."""
    starts = [line for loc, line in lines.items() if loc[0] == "resources"]
    entries = len(starts)
    if entries <= limits.listings_per_file:
        return []
    first_over = sorted(starts)[limits.listings_per_file]
    return [Problem(path, first_over, 1, "resources", f"the file holds {entries:,} listings, over "
                    f"the limit of {limits.listings_per_file:,} a file (listing "
                    f"{limits.listings_per_file + 1:,} starts here); move some into files of their "
                    f"own (one per county, say), {_fix('listings_per_file', root)}")]
