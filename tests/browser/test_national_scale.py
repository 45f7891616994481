"""The shipped site's national-scale shapes, in Chromium: short links answered by the 404 page
(no folder per listing), a meeting's single-event calendar cut from its region's file, the 404
page styled from any root, and resource pages without a copy of what every page shares."""

from __future__ import annotations

import os
import re

import icalendar
import pytest

from generator import shell, short_links
from tests.conftest import served

LISTING = "resources/spruce-street-cma/"  # a weekly meeting of the shipped catalog


def read(site: str, path: str) -> str:
    with open(os.path.join(site, path), encoding="utf-8") as handle:
        return handle.read()


def short_code(site: str, listing: str) -> str:
    return re.search(r'class="rn-share__link" href="\.\./\.\./r/([a-z2-7]{8,13})/"',
                     read(site, listing + "index.html"))[1]


def test_no_folder_per_short_link(shipped_site):
    """r/ holds the lookup pages and their list only: one per first two letters of a code."""
    names = os.listdir(os.path.join(shipped_site, "r"))
    assert "index.html" in names
    assert all(re.fullmatch(r"[a-z2-7]{2}\.html|index\.html", n) for n in names), names
    code = short_code(shipped_site, LISTING)
    lookup = read(shipped_site, short_links.lookup_page(code))
    assert f'<a id="c-{code}" href="../{LISTING}">{code}</a>' in lookup


@pytest.mark.parametrize("root", ["/recovery-navigator/", "/", "/another/root/"])
def test_short_link_lands_on_its_listing_from_any_root(browser, shipped_site, root):
    """Opening /r/<code>/ (with or without the last slash) ends on the listing's page, whatever
    path the site is served under."""
    code = short_code(shipped_site, LISTING)
    with served(shipped_site, root) as base:
        page = browser.new_page()
        for address in (f"{base}r/{code}/", f"{base}r/{code}"):
            page.goto(address)
            page.wait_for_url(base + LISTING, timeout=10_000)
            assert page.locator("h1").inner_text() == "Spruce Street CMA"
        page.close()


def test_unknown_short_link_says_so(browser, serve_shipped):
    """A code that no listing has is reported on the 404 page, with the ways back in."""
    page = browser.new_page()
    page.goto(serve_shipped + "r/zzzzzzzz/")
    status = page.locator("#rn-short")
    status.wait_for()
    page.wait_for_function("!document.getElementById('rn-short').textContent.startsWith('Opening')")
    assert status.inner_text().startswith("No listing has this short link")
    assert page.locator("a", has_text="Find help").count() == 1
    page.close()


def test_without_scripts_a_short_link_leads_to_its_listing(browser, serve_shipped, shipped_site):
    """With JavaScript off the 404 page links to the list of short links, which leads, through
    the page of the code's first letters, to the listing."""
    code = short_code(shipped_site, LISTING)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{serve_shipped}r/{code}/")
    page.get_by_role("link", name="list of short links").click()
    page.get_by_role("link", name=code[:2], exact=True).click()
    page.locator(f"#c-{code}").click()
    assert page.url == serve_shipped + LISTING
    context.close()


@pytest.mark.parametrize("root", ["/recovery-navigator/", "/elsewhere/"])
def test_404_page_is_styled_from_any_root(browser, shipped_site, root):
    """Served under site_url's path or another one, the 404 page has its styles (the crisis bar
    dark red with white links) and no failed request."""
    with served(shipped_site, root) as base:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "no-such" not in r.url else None)
        page.goto(base + "no-such-page/")
        bar = page.eval_on_selector(".rn-404-bar", "e => getComputedStyle(e).backgroundColor")
        link = page.eval_on_selector(".rn-crisis a.rn-crisis__act", "e => getComputedStyle(e).color")
        width = page.evaluate("document.documentElement.scrollWidth")
        page.close()
    assert bar == "rgb(122, 16, 32)" and link == "rgb(255, 255, 255)"
    assert width <= 390 and failed == []


def test_add_to_calendar_saves_one_valid_meeting(browser, serve_shipped, shipped_site, tmp_path):
    """The meeting's button saves an .ics of that meeting alone, valid iCalendar with the
    VTIMEZONE its events use, the same events as in the region's calendar."""
    page = browser.new_page()
    page.goto(serve_shipped + LISTING)
    button = page.locator("a[data-rn-calendar]")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "spruce-street-cma.ics"
    data = open(download.path(), "rb").read()
    page.close()
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert events and {str(e["SUMMARY"]) for e in events} == {"Spruce Street CMA"}
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    region = icalendar.Calendar.from_ical(open(os.path.join(shipped_site, "regions/philadelphia/meetings.ics"), "rb").read())
    same = [e.to_ical() for e in region.walk("VEVENT") if str(e["UID"]).startswith("spruce-street-cma-")]
    assert [e.to_ical() for e in events] == same


def test_spanish_add_to_calendar_saves_the_meeting_in_spanish(browser, serve_shipped, shipped_site):
    """On a Spanish page the button cuts the meeting out of the Spanish region calendar: the
    same events as there, with the Spanish description and meeting types."""
    page = browser.new_page()
    page.goto(serve_shipped + "es/resources/clark-fulton-na-en-espanol/")
    with page.expect_download() as info:
        page.locator("a[data-rn-calendar]").click()
    download = info.value
    assert download.suggested_filename == "clark-fulton-na-en-espanol.ics"
    data = open(download.path(), "rb").read()
    page.close()
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 2 and all("Los recién llegados" in str(e["DESCRIPTION"]) for e in events)
    assert all("Abierta, Español, Discusión, Principiantes" in str(e["DESCRIPTION"]) for e in events)
    region = icalendar.Calendar.from_ical(open(os.path.join(shipped_site, "es/regions/cuyahoga-county/meetings.ics"), "rb").read())
    same = [e.to_ical() for e in region.walk("VEVENT") if str(e["UID"]).startswith("clark-fulton-na-en-espanol-")]
    assert [e.to_ical() for e in events] == same


def test_add_to_calendar_without_scripts_is_the_region_calendar(shipped_site):
    """Without scripts the button is a link to the region's calendar, which holds the meeting,
    and the page says so; no meeting of a region calendar has a file of its own."""
    html = read(shipped_site, LISTING + "index.html")
    assert 'href="../../regions/philadelphia/meetings.ics" data-rn-calendar="spruce-street-cma" download' in html
    assert "<noscript><br><span class=\"rn-note\">Without JavaScript the file holds every meeting in Philadelphia County.</span></noscript>" in html
    assert "UID:spruce-street-cma-1@" in read(shipped_site, "regions/philadelphia/meetings.ics")
    assert not os.path.exists(os.path.join(shipped_site, LISTING, "calendar.ics"))


def test_resource_pages_share_what_every_page_repeats(shipped_site):
    """No resource page carries Material's settings or list.js's strings inline: each loads the
    same two shared script bundles, the strings inside the deferred one (listing pages have
    their own layout, without Material's script, so no settings file either)."""
    shared = set()
    for name in os.listdir(os.path.join(shipped_site, "resources")):
        html = read(shipped_site, f"resources/{name}/index.html")
        assert 'id="__config"' not in html and '"clipboard.copy"' not in html, name
        assert '"confirmClear"' not in html, name
        shared.update(re.findall(r'src="\.\./\.\./(' + shell.SHARED_DIR + r'[^"]+)"', html))
    assert len(shared) == 2 and all("/bundle-" in path for path in shared), shared
    strings = 0
    for path in shared:
        assert os.path.exists(os.path.join(shipped_site, path)), path
        with open(os.path.join(shipped_site, path), encoding="utf-8") as handle:
            strings += handle.read().startswith("window.rnListStrings={")
    assert strings == 1
