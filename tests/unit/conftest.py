"""Fixtures for the unit tests: small catalogs written to tmp_path and validated."""

from __future__ import annotations

import pytest

from catalog_helpers import run_validate, write_catalog
from generator.errors import CatalogError


@pytest.fixture
def catalog(tmp_path):
    """Write a catalog into tmp_path and validate it; returns the Catalog."""
    def build(root: str, extra: str | None = None):
        return run_validate(write_catalog(tmp_path, root, extra))
    return build


@pytest.fixture
def problems(tmp_path):
    """Write a catalog into tmp_path, expect validation to fail, return every problem as text."""
    def collect(root: str, extra: str | None = None) -> list[str]:
        path = write_catalog(tmp_path, root, extra)
        with pytest.raises(CatalogError) as info:
            run_validate(path)
        return [str(p) for p in info.value.problems]
    return collect
