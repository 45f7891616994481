"""Shared pieces for the coordinators' toolkit tests: the real third-party fixtures (skipped
with a reason when ../shared is absent) and a writable copy of the toolkit's fixture catalog."""

from __future__ import annotations

import datetime
import json
import os
import shutil

import pytest

from tests.conftest import ROOT, SHARED

TODAY = datetime.date(2026, 11, 21)
CATALOG = os.path.join(ROOT, "tests", "fixtures", "coordinators")


def shared(*parts: str) -> str:
    """A file under ../shared/fixtures, or skip: those fixtures live beside the project."""
    path = os.path.join(SHARED, *parts)
    if not os.path.exists(path):
        pytest.skip(f"shared fixture {os.path.join(*parts)} is absent (expected in ../shared/fixtures)")
    return path


def feed_length(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return len(data) if isinstance(data, list) else 1


@pytest.fixture
def project(tmp_path) -> str:
    """A copy of the fixture catalog (regions across North America); returns resources.yaml."""
    dest = tmp_path / "project"
    shutil.copytree(CATALOG, dest)
    return str(dest / "resources.yaml")


@pytest.fixture
def empty_project(tmp_path) -> str:
    """The fixture catalog's regions with no listings yet."""
    dest = tmp_path / "empty"
    os.makedirs(dest / "catalog")
    shutil.copy(os.path.join(CATALOG, "resources.yaml"), dest / "resources.yaml")
    return str(dest / "resources.yaml")


def schema_registry(folder: str, names: list[str] | None = None, by_id: bool = True):
    """A jsonschema registry of every schema in ``folder`` (refs resolve locally, offline)."""
    import referencing
    import referencing.jsonschema

    registry = referencing.Registry()
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json") or (names and name not in names):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            document = json.load(handle)
        resource = referencing.Resource.from_contents(
            document, default_specification=referencing.jsonschema.DRAFT202012)
        registry = registry.with_resource(document.get("$id") if by_id and "$id" in document else name,
                                          resource)
    return registry
