"""A whole site of 1,200 synthetic listings: its counts are written as each language writes
numbers, 1,200 on English pages and 1200 on Spanish ones (CLDR groups Spanish numbers only from
five digits; tests/unit/test_numbers.py covers five-digit counts on the same templates)."""

from __future__ import annotations

import os
import re
import sys

import pytest

from tests.conftest import EPOCH, ROOT, build

sys.path.insert(0, os.path.join(ROOT, "bench"))
import synthetic  # noqa: E402
from run import project_for  # noqa: E402

SIZE = 1200
PAGES = ["index.html", "data-health/index.html"]  # the region tree: tests/unit/test_numbers.py


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    project = str(tmp_path_factory.mktemp("numbers") / "project")
    synthetic.generate(SIZE, project)
    project_for(project)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project, "--no-search") == 0
    return os.path.join(project, "site")


def text(site: str, path: str) -> str:
    with open(os.path.join(site, path), encoding="utf-8") as handle:
        return re.sub(r"<[^>]+>", " ", handle.read())


def test_home_counts_per_language(site):
    """The home page counts the catalog in each language's way."""
    assert "1,200 resources" in text(site, "index.html")
    assert "1200 recursos" in text(site, "es/index.html")


def test_data_health_total_per_language(site):
    """The data health page states the total as the language writes it."""
    assert "1,200 listings on" in text(site, "data-health/index.html")
    assert re.search(r"\b1200 anuncios\b", text(site, "es/data-health/index.html"))


@pytest.mark.parametrize("path", PAGES)
def test_no_english_grouping_on_spanish_pages(site, path):
    """No count of four or more digits on a Spanish page carries a separator (English's comma
    or a point), while the English page has grouped ones."""
    assert re.search(r"\b\d,\d{3}\b", text(site, path)), path
    assert not re.search(r"\b\d[.,]\d{3}\b", text(site, "es/" + path)), path
