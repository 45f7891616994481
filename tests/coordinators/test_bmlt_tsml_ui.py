"""Round trip of NA meetings: recorded BMLT answers -> `navigator import bmlt` -> `navigator build`
-> the site's Meeting Guide feed (data/meetings.json) -> TSML UI, the meeting finder intergroups
embed (../shared/clients/tsml-ui), in headless Chromium: every imported meeting is listed, with
its attendance and meeting types."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections import Counter

import pytest

from generator import importers
from generator.meeting_types import MEETING_TYPES
from tests.conftest import EPOCH, ROOT, build, copy_fixture_site
from tests.coordinators.conftest import TODAY, shared

pytestmark = pytest.mark.browser

CLIENT = os.path.join(os.path.dirname(ROOT), "shared", "clients", "tsml-ui")
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Meetings</title></head>
<body><div id="tsml-ui" data-src="/data/meetings.json" data-timezone="America/New_York"></div>
<script src="/app.js" async></script></body></html>
"""
IMPORTS = [  # (meetings, formats, service bodies, region)
    (("bmlt", "bread_berlin_GetSearchResults.json"), ("bmlt", "bread_germany_GetFormats_de.json"),
     None, "berlin-brandenburg"),
    (("bmlt", "bmlt-workflow_hudson_GetSearchResults.jsonp"), ("bmlt", "yap_gnyr_GetFormats_en.json"),
     ("bmlt", "yap_gnyr_GetServiceBodies.json"), "northeast"),
]


def _client() -> str:
    app = os.path.join(CLIENT, "app.js")
    if not os.path.exists(app):
        if os.environ.get("CI") == "true":
            pytest.fail(f"TSML UI must be tested in CI: {app} is absent")
        pytest.skip(f"TSML UI is absent (expected {app})")
    return app


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory):
    """The fixture site with the BMLT test regions and both recorded lists imported, built;
    returns (folder served to TSML UI, the imported entries)."""
    app = _client()
    project = copy_fixture_site(str(tmp_path_factory.mktemp("bmlt") / "project"))
    for name in os.listdir(os.path.join(project, "catalog")):
        os.remove(os.path.join(project, "catalog", name))
    shutil.copy(os.path.join(ROOT, "tests", "fixtures", "bmlt", "resources.yaml"),
                os.path.join(project, "resources.yaml"))
    entries = []
    for meetings, formats, bodies, region in IMPORTS:
        options = importers.Options(region=region, today=TODAY, formats=shared(*formats),
                                    service_bodies=shared(*bodies) if bodies else None)
        outcome = importers.run("bmlt", shared(*meetings), os.path.join(project, "resources.yaml"),
                                options)
        entries += [r.data for r in outcome.source.records if r.data]
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project, "--no-search") == 0
    served = str(tmp_path_factory.mktemp("tsml"))
    shutil.copytree(os.path.join(project, "site", "data"), os.path.join(served, "data"))
    os.symlink(app, os.path.join(served, "app.js"))
    with open(os.path.join(served, "index.html"), "w", encoding="utf-8") as handle:
        handle.write(PAGE)
    return served, entries


@pytest.fixture
def tsml_page(browser, imported_site):
    """TSML UI reading the built feed from 127.0.0.1; requests elsewhere (map tiles) refused."""
    folder, _entries = imported_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else route.abort())
    page.goto(base + "/index.html")
    page.wait_for_selector("#tsml-ui table tbody tr, #tsml-ui [role=alert], #tsml-ui .alert",
                           timeout=30000)
    yield page
    context.close()
    server.shutdown()


def _all_rows(page) -> list[str]:
    """The slug of every listed meeting, scrolling until the list stops growing."""
    last = -1
    for _ in range(200):
        count = page.locator("#tsml-ui table tbody tr").count()
        if count == last:
            break
        last = count
        page.mouse.wheel(0, 50000)
        page.wait_for_timeout(300)
    return page.eval_on_selector_all("#tsml-ui table tbody tr td a[href^='#/']",
                                     "links => links.map(a => a.getAttribute('href').slice(2))")


def _menu(page) -> dict[str, int]:
    """The type menu's entries and their counts (attendance first, then the types)."""
    page.click("#tsml-ui button#type")
    return {item.locator("span").first.inner_text(): int(item.locator("span").nth(1).inner_text())
            for item in page.locator("#tsml-ui [aria-labelledby=type] button:has(span + span)").all()}


def _attendance(entry: dict) -> str:
    if entry.get("online_only"):
        return "Online"
    return "Hybrid" if entry.get("conference_url") or entry.get("conference_phone") else "In-person"


def test_every_imported_meeting_is_listed(tsml_page, imported_site):
    """TSML UI shows no loading error and one row per imported meeting (each has one weekly
    session), online and in person alike."""
    _folder, entries = imported_site
    assert "error" not in tsml_page.inner_text("#tsml-ui").lower()
    assert sorted(_all_rows(tsml_page)) == sorted(e["id"] for e in entries)


def test_attendance_and_types_reach_the_client(tsml_page, imported_site):
    """The type menu counts as many in-person, online and hybrid meetings, and as many of each
    meeting type, as the catalog holds."""
    _folder, entries = imported_site
    expected = Counter(_attendance(e) for e in entries)
    expected.update(MEETING_TYPES[t] for e in entries for t in e.get("types", []))
    assert _menu(tsml_page) == dict(expected)
