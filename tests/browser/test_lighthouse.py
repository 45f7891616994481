"""Lighthouse mobile on the shipped site, served with gzip under its site_url path: accessibility,
best practices and SEO at 100 and no layout shift to speak of (CLS < 0.1) on the home page, a
county page, a resource page and find/. Performance depends on the machine's load and is
measured in bench/lighthouse.py instead. Needs `npm ci --prefix tools/lighthouse` (.ci/run does
it): skipped locally without it, a failure under CI=true."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.conftest import need_chromium
from tools import lighthouse as lh

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lighthouse_base(shipped_site, serve_shipped):
    need_chromium("Lighthouse")
    if not os.path.exists(lh.BINARY):
        if os.environ.get("CI") == "true":
            pytest.fail("Lighthouse is needed in CI: npm ci --prefix tools/lighthouse")
        pytest.skip("Lighthouse is not installed (npm ci --prefix tools/lighthouse)")
    with lh.serve(shipped_site, urlsplit(serve_shipped).path) as base:
        yield base


@pytest.mark.parametrize("page", sorted(lh.PAGES))
def test_lighthouse_scores_of_the_shipped_site(lighthouse_base, page):
    """Accessibility, best practices and SEO score 100 and CLS stays under 0.1 on a phone."""
    scores = lh.audit(lighthouse_base + lh.PAGES[page])
    got = {k: scores[k] for k in ("accessibility", "best-practices", "seo")}
    assert got == {"accessibility": 100, "best-practices": 100, "seo": 100}, scores["failed"]
    assert scores["cls"] < 0.1
