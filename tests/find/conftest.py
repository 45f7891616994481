"""The find fixture catalog (tests/fixtures/find) built once per session, served over HTTP."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading

import pytest

from tests.conftest import ROOT, build

FIND_FIXTURE = os.path.join(ROOT, "tests", "fixtures", "find")


def copy_find_fixture(dest: str) -> str:
    shutil.copytree(FIND_FIXTURE, dest, ignore=shutil.ignore_patterns("site", ".cache"))
    config = os.path.join(dest, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("custom_dir: ../../../theme", f"custom_dir: {ROOT}/theme"))
    return dest


@pytest.fixture(scope="session")
def find_site(tmp_path_factory) -> str:
    """The find fixture built with its search index (build date 2026-11-21); returns site/."""
    project = copy_find_fixture(str(tmp_path_factory.mktemp("find") / "project"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795219200")
    assert build(project) == 0
    return os.path.join(project, "site")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def find_url(find_site):
    """Base URL of the built find fixture on 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=find_site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


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
