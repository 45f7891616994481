"""A fixture catalog whose search is split by state, for the site and browser tests."""

from __future__ import annotations

import os

import pytest

from tests.conftest import EPOCH, build, copy_fixture_site, served


def split_project(dest: str, split_at: str = "3") -> str:
    """The fixture catalog with search split by state from 3 listings on (a national
    catalog's default is 10,000)."""
    project = copy_fixture_site(dest)
    path = os.path.join(project, "mkdocs.yml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace("  - navigator\n", f"  - navigator:\n      search_split_at: {split_at}\n"))
    return project


@pytest.fixture(scope="session")
def split_site(tmp_path_factory) -> str:
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    project = split_project(str(tmp_path_factory.mktemp("split") / "project"))
    assert build(project) == 0
    return os.path.join(project, "site")


@pytest.fixture(scope="session")
def serve_split_site(split_site):
    with served(split_site) as url:
        yield url
