"""The find fixture catalog (tests/fixtures/find) built once per session, served over HTTP."""

from __future__ import annotations

import os

import pytest

from tests.conftest import EPOCH, ROOT, build, copy_project, served

FIND_FIXTURE = os.path.join(ROOT, "tests", "fixtures", "find")


def copy_find_fixture(dest: str) -> str:
    return copy_project(FIND_FIXTURE, dest)


@pytest.fixture(scope="session")
def find_site(tmp_path_factory) -> str:
    """The find fixture built with its search index (build date 2026-11-21); returns site/."""
    project = copy_find_fixture(str(tmp_path_factory.mktemp("find") / "project"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return os.path.join(project, "site")


@pytest.fixture(scope="session")
def find_url(find_site):
    """Base URL of the built find fixture on 127.0.0.1."""
    with served(find_site) as url:
        yield url


def new_page(browser, width=1280, timezone="America/New_York", clock=None, **options):
    """A page in a fresh context that records requests and script errors (CSP reports aside)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id=timezone,
                                  locale="en-US", **options)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    if clock:
        page.clock.install(time=clock)
    return page


@pytest.fixture
def fpage(browser, find_url):
    """A 1280 px page in New York on Wednesday 2026-11-25 at 18:45 (clock installed)."""
    page = new_page(browser, clock="2026-11-25T23:45:00Z")
    yield page
    page.context.close()
