"""Budgets under site.limits: listings per file, file size and catalog size, each reported as an
ordinary problem with the file, the figure, the limit and the fix; files over budget are not read."""

from __future__ import annotations

import os

import pytest

from catalog_helpers import ROOT, run_validate, write_catalog
from generator.errors import CatalogError
from generator.model import Limits

LISTING = ("  - id: line-{n}\n    name: Line {n}\n    category: crisis-line\n    regions: [ohio]\n"
           "    online_only: true\n    last_verified: 2026-11-01\n")


def limited(settings: str) -> str:
    return "site:\n  limits:\n" + "".join(f"    {line}\n" for line in settings.split(";")) + ROOT


def reported(root: str, extra: str | None = None, tmp_path=None) -> list[str]:
    with pytest.raises(CatalogError) as info:
        run_validate(write_catalog(tmp_path, root, extra))
    return [str(p) for p in info.value.problems]


def test_the_defaults_are_sane():
    """By default a file may hold 20,000 listings and 32 MB, the catalog 128 MB: room for the
    SAMHSA directory in one file (12,165 listings, 15.8 MB) and a national catalog of 100,000
    listings (about 62 MB), not for a 50 MB file."""
    assert (Limits().listings_per_file, Limits().file_mb, Limits().catalog_mb) == (20_000, 32, 128)


def test_too_many_listings_in_one_file(tmp_path):
    """Past listings_per_file, the first listing over the limit is named, with the fix."""
    extra = "resources:\n" + "".join(LISTING.format(n=n) for n in range(4))
    assert reported(limited("listings_per_file: 3"), extra, tmp_path) == [
        "catalog/x.yaml:20:5: resources: the file holds 4 listings, over the limit of 3 a file "
        "(listing 4 starts here); move some into files of their own (one per county, say), or, if "
        "the catalog really needs it, raise site.limits.listings_per_file in resources.yaml (a "
        "maintainer's decision)"]


def test_a_file_over_its_size_is_not_read(tmp_path):
    """A file over file_mb is refused by its size alone: its broken content is never looked at."""
    extra = "resources:\n  - id: [unclosed\n" + "# padding\n" * 120_000
    assert reported(limited("file_mb: 1"), extra, tmp_path) == [
        "catalog/x.yaml:1:1: the file is 1.1 MB, over the limit of 1 MB a file; split it into "
        "several files (one per county, say), or, if the catalog really needs it, raise "
        "site.limits.file_mb in resources.yaml (a maintainer's decision)"]


def test_a_catalog_over_its_size_reads_no_included_file(tmp_path):
    """Past catalog_mb nothing else is checked, and the one problem says how big it is."""
    os.makedirs(tmp_path / "catalog")
    for n in range(3):
        (tmp_path / "catalog" / f"f{n}.yaml").write_text("resources: []\n" + "# padding\n" * 50_000)
    root = limited("catalog_mb: 1") + "include:\n  - catalog/*.yaml\n"
    assert reported(root, None, tmp_path) == [
        "resources.yaml:1:1: include: the catalog is 1.4 MB in 4 files, over the limit of 1 MB; "
        "nothing more was checked. Remove what does not belong in it, or, if the catalog really "
        "needs it, raise site.limits.catalog_mb in resources.yaml (a maintainer's decision)"]


def test_a_wrong_limit_is_an_ordinary_error(tmp_path):
    """A limit that is not a positive number is reported at its line."""
    assert reported(limited("file_mb: 100"), None, tmp_path) == [
        "resources.yaml:3:14: site.limits.file_mb: 100 is out of range (limit 64); check the value"]
