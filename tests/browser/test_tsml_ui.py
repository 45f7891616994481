"""TSML UI, the meeting finder intergroups embed, reads the site's Meeting Guide feed: every
meeting of the catalog is listed, one row per weekly session, with its street, and no load error.
Checked on the shipped example (built from the shipped mkdocs.yml), its feed for each state as
data/index.json lists them, on the fixture site, and on a real intergroup feed imported with the
project's importer and exported again."""

from __future__ import annotations

import datetime
import json
import os
import shutil
from collections import Counter
from urllib.parse import urlsplit

import pytest

from generator import importers
from generator.enrich import enrich
from generator.exporters import datasets, meeting_guide
from generator.validate import validate
from tests.conftest import EPOCH, FIXTURE_SITE, ROOT, build, served
from tests.coordinators.conftest import CATALOG, shared
from tests.print.conftest import real_project

pytestmark = pytest.mark.browser

TSML = os.path.join(os.path.dirname(ROOT), "shared", "clients", "tsml-ui", "app.js")
TODAY = datetime.datetime.fromtimestamp(int(EPOCH), datetime.timezone.utc).date()
ROWS = "#tsml-ui table tbody tr:has(td.tsml-name a)"
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Meetings</title></head>
<body><div id="tsml-ui" data-src="/data/%s" data-timezone="America/New_York"></div>
<script src="/app.js" async></script></body></html>
"""


def need_tsml() -> str:
    """The client's bundle beside the project, or a skip locally and a failure under CI=true."""
    if not os.path.exists(TSML):
        message = f"TSML UI's app.js is absent (expected at {TSML})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return TSML


@pytest.fixture(scope="session")
def chromium(browser):
    """The session's Chromium (one Playwright per process: a second sync_playwright in the same
    run is refused), once TSML UI's bundle is known to be there."""
    need_tsml()
    return browser


def finder(folder: str, data: str, feed: str = "meetings.json") -> str:
    """A folder serving the client's page, its bundle and the site's data/ from one origin; the
    page reads ``feed`` (an address inside data/)."""
    os.makedirs(folder)
    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as handle:
        handle.write(PAGE % feed)
    os.symlink(TSML, os.path.join(folder, "app.js"))
    os.symlink(data, os.path.join(folder, "data"))
    return folder


def listed(chromium, folder: str, expect: int | None = None) -> tuple[dict[str, str], str]:
    """What the client lists: slug -> the text of its address/platform cell, and the page's text.
    The list grows by 25 rows as it is scrolled: scroll until the count stays the same. With
    ``expect`` (the rows the feed should give), a busy machine gets longer to render each batch
    while rows are still missing."""
    with served(folder) as base:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})

        def route(request_route):
            url = request_route.request.url
            if urlsplit(url).netloc == urlsplit(base).netloc:
                request_route.continue_()
            else:  # the map's tile server and anything else: the list needs none of it
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        try:
            page.goto(base + "index.html")
            page.wait_for_function(  # a first row, or the message of a feed it cannot read
                "rows => document.querySelector(rows) || "
                "/error/i.test((document.getElementById('tsml-ui') || {}).innerText || '')",
                arg=ROWS, timeout=30000)
            from playwright.sync_api import TimeoutError as NoMoreRows

            count, stalls = page.locator(ROWS).count(), 0
            while True:  # a loaded machine renders each batch slowly: wait for it
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                missing = expect is not None and count < expect
                try:
                    page.wait_for_function("([rows, n]) => document.querySelectorAll(rows).length > n",
                                           arg=[ROWS, count], timeout=15000 if missing else 5000)
                except NoMoreRows:
                    if not missing or stalls == 4:
                        break
                    # The client adds rows when an element below the list comes into view (an
                    # IntersectionObserver). Scrolled to the bottom before the last rows were
                    # drawn, it saw nothing change, and another scroll to the same place shows it
                    # nothing new: to the top and back down makes it look again.
                    stalls += 1
                    page.evaluate("window.scrollTo(0, 0)")
                    page.wait_for_timeout(300)
                    continue
                count = page.locator(ROWS).count()
            rows = page.locator(ROWS).evaluate_all(
                "rows => rows.map(r => [r.querySelector('td.tsml-name a').getAttribute('href'),"
                " (r.querySelector('td.tsml-address') || {innerText: ''}).innerText])")
            text = page.locator("#tsml-ui").inner_text()
        finally:
            context.close()
    found = {href.removeprefix("#/"): cell for href, cell in rows}
    assert len(found) == len(rows), "a slug is listed twice"
    return found, text


def expected(resources) -> dict[str, object]:
    """The feed's slug -> catalog meeting, for every meeting the feed must carry (not inactive,
    not ended): one per weekly session, one for a meeting by appointment."""
    out = {}
    for r in resources:
        if r.is_meeting and r.status != "inactive" and not (r.valid_to and r.valid_to < TODAY):
            out.update({meeting_guide.slug(r.id, part): r for part in range(1, max(1, len(r.schedule)) + 1)})
    return out


def check(found: dict[str, str], text: str, resources, joinable_online: bool = True) -> None:
    """Every meeting listed once per session, no load error, each street as the catalog writes
    it; active meetings not shown as inactive (``joinable_online``: the online ones too)."""
    assert "Loading error" not in text and found, text[:500]
    meetings = expected(resources)
    assert sorted(found) == sorted(meetings)
    for slug, cell in found.items():
        res = meetings[slug]
        if res.status == "temporarily-closed":
            continue
        if res.address is not None:
            assert res.address.address_1 in cell, (slug, cell)
        if res.address is not None or joinable_online:
            assert "Inactive" not in cell, (slug, cell)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The site built from the shipped mkdocs.yml, resources.yaml and catalog/, and its catalog."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    project = real_project(str(tmp_path_factory.mktemp("shipped") / "project"))
    assert build(project, "--no-search") == 0
    catalog = validate(os.path.join(ROOT, "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    return os.path.join(project, "site"), catalog.resources


def test_shipped_example_feed_lists_every_meeting(chromium, shipped, tmp_path):
    """The shipped example: all its meetings (24 active, one temporarily closed) in TSML UI, in
    person, online and hybrid, streets such as "3700 N. 5th Street" intact."""
    site, resources = shipped
    found, text = listed(chromium, finder(str(tmp_path / "finder"), os.path.join(site, "data")),
                         len(expected(resources)))
    check(found, text, resources)
    meetings = expected(resources)
    assert len({r.id for r in meetings.values() if r.status == "active"}) == 24
    assert len(found) == 37
    assert found["grupo-nueva-vida-aa"] == "3700 N. 5th Street"


def test_each_states_feed_in_the_index_lists_that_states_meetings(chromium, shipped, tmp_path):
    """Each state's feed that data/index.json lists is read whole by TSML UI; together they
    list every meeting of the catalog once, and each its index's record count."""
    site, resources = shipped
    with open(os.path.join(site, "data", "index.json"), encoding="utf-8") as handle:
        index = json.load(handle)
    feeds = [f for region in index["regions"] for f in region["files"] if f["format"] == "meeting_guide"]
    assert len(feeds) == len(index["regions"]) > 1
    everything: dict[str, str] = {}
    for number, feed in enumerate(feeds):
        with open(os.path.join(site, "data", feed["url"]), encoding="utf-8") as handle:
            slugs = [m["slug"] for m in json.load(handle)]
        if not slugs:
            continue
        found, text = listed(chromium, finder(str(tmp_path / f"finder{number}"), os.path.join(site, "data"),
                                              feed["url"]), len(slugs))
        assert "Loading error" not in text and sorted(found) == sorted(slugs) and len(found) == feed["records"]
        assert not set(found) & set(everything)
        everything.update(found)
    check(everything, "", resources)


def test_fixture_site_feed_lists_every_meeting(chromium, fixture_site, tmp_path):
    """The fixture site's meetings, with the street of the in-person one."""
    catalog = validate(os.path.join(FIXTURE_SITE, "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    found, text = listed(chromium, finder(str(tmp_path / "finder"), os.path.join(fixture_site, "data")),
                         len(expected(catalog.resources)))
    # Its online meeting's only way in is an invented link host; the client offers links to
    # well-known meeting services only, so it shows that meeting as inactive.
    check(found, text, catalog.resources, joinable_online=False)


def test_real_feed_imported_and_exported_lists_every_meeting(chromium, tmp_path):
    """A sample of Orange County's real feed (every sixth record: in person, online with an
    approximate place, hybrid), imported and exported again: every imported meeting listed."""
    records = json.loads(open(shared("meeting-guide", "tsml-ui_oc.json"), encoding="utf-8").read())[::6]
    source = tmp_path / "oc-sample.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    project = tmp_path / "project"
    os.makedirs(project / "catalog")
    shutil.copy(os.path.join(CATALOG, "resources.yaml"), project / "resources.yaml")
    outcome = importers.run("meeting-guide", str(source), str(project / "resources.yaml"),
                            importers.Options(region="california", out="catalog/feed.yaml", today=TODAY,
                                              program="aa"))  # an AA intergroup's feed
    catalog = validate(str(project / "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    datasets.write(enrich(catalog, TODAY), str(project / "site"), "https://example.org/")
    found, text = listed(chromium, finder(str(tmp_path / "finder"), str(project / "site" / "data")),
                         len(expected(catalog.resources)))
    check(found, text, catalog.resources)
    kinds = Counter(r.get("attendance_option") for r in records)
    assert kinds["online"] > 20 and kinds["hybrid"] > 10 and outcome.imported >= len(records) - 1
