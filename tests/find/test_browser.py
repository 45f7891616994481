"""The find features in headless Chromium: filters and counts, shared URLs, near-me by ZIP,
meetings "now" in the meeting's zone, no JavaScript, keyboard, 320 px, axe and privacy."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.test_pages import _off_site
from tests.conftest import axe_violations
from tests.find.conftest import new_page

pytestmark = pytest.mark.browser

NEW_YORK_EVENING = "2026-11-25T23:45:00Z"  # Wednesday 18:45 in Columbus


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#rn-results [data-id]:not([hidden])", "els => [...new Set(els.map(e => e.dataset.id))]")


def query_soon(page, expected: str) -> str:
    """The address's query once find.js has written ``expected`` (it waits for a pause in
    typing, and an earlier choice may be in the address already), or what it holds after 4 s."""
    for _ in range(80):
        query = urlsplit(page.url).query
        if query == expected:
            return query
        page.wait_for_timeout(50)
    return urlsplit(page.url).query


def count_text(page) -> str:
    return page.locator("#rn-f-count").inner_text()


def test_filters_update_the_count_and_the_address(fpage, find_url):
    """Choosing a kind of help and a payment narrows the list, says so, and goes into the URL."""
    fpage.goto(find_url + "regions/columbus/")
    assert count_text(fpage) == "Showing all 10 listings"
    fpage.click("#rn-f-more summary")
    fpage.select_option("#rn-f-cat", "detox")
    assert sorted(visible_ids(fpage)) == ["east-detox", "west-detox"]
    assert count_text(fpage) == "Showing 2 of 10 listings"
    fpage.select_option("#rn-f-pay", "medicaid")
    assert visible_ids(fpage) == ["east-detox"]
    assert query_soon(fpage, "cat=detox&pay=medicaid") == "cat=detox&pay=medicaid"
    assert fpage.locator("#services ~ section.rn-group:not([hidden])").count() == 1
    assert fpage.errors == []


def test_listings_are_laid_out_lazily_only_after_a_change(fpage, find_url):
    """As loaded every listing is drawn; from the first filter change, off-screen ones wait to be scrolled to."""
    fpage.goto(find_url + "regions/columbus/")
    lazy = "el => getComputedStyle(el).contentVisibility"
    assert fpage.eval_on_selector("#rn-results .rn-card", lazy) == "visible"
    fpage.click("#rn-f-more summary")
    fpage.select_option("#rn-f-cat", "detox")
    assert "rn-filtered" in fpage.get_attribute("#rn-results", "class")
    assert fpage.eval_on_selector("#rn-results .rn-card", lazy) == "auto"
    fpage.select_option("#rn-f-cat", "")
    assert count_text(fpage) == "Showing all 10 listings"
    assert fpage.errors == []


def test_shared_address_reopens_the_same_view(fpage, find_url):
    """A copied link with filters opens with the same controls set and the same listings."""
    fpage.goto(find_url + "find/?cat=meeting&lang=es&type=W")
    assert visible_ids(fpage) == ["mujeres-na"]
    assert fpage.input_value("#rn-f-lang") == "es"
    assert fpage.locator("#rn-f-more").get_attribute("open") is not None
    assert fpage.is_checked("input[name=type][value=W]")


def test_share_button_copies_the_view(browser, find_url):
    """Without the Web Share API the share button copies the current address and says so."""
    page = new_page(browser, permissions=["clipboard-read", "clipboard-write"])
    page.goto(find_url + "find/?cat=detox")
    page.evaluate("delete Navigator.prototype.share")
    page.click("#rn-f-share")
    page.locator("#rn-f-status", has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == find_url + "find/?cat=detox"
    assert "Link copied" in page.inner_text("#rn-f-status")
    page.context.close()


def test_near_zip_sorts_by_distance(fpage, find_url):
    """A ZIP code typed in "near" brings nearest-first within 25 miles: the closest listing first,
    with miles; "Any distance" chosen by hand brings back the one 1,700 miles away, last."""
    fpage.goto(find_url + "find/")
    fpage.fill("#rn-f-near", "43205")
    fpage.locator("#rn-f-place", has_text="43205").wait_for()
    order = fpage.eval_on_selector_all(
        "#rn-results [data-geo]:not([hidden])", "els => els.map(e => e.dataset.id)")
    assert order[0] == "east-detox" and "desert-sunrise-aa" not in order
    assert fpage.input_value("#rn-f-r") == "25" and fpage.input_value("#rn-f-sort") == "dist"
    miles = [float(t.split()[0].replace(",", "")) for t in fpage.locator("#rn-results .rn-dist").all_inner_texts() if t]
    assert miles == sorted(miles) and miles[0] < 1
    assert query_soon(fpage, "near=43205&r=25&sort=dist") == "near=43205&r=25&sort=dist"
    fpage.select_option("#rn-f-r", "")
    order = fpage.eval_on_selector_all(
        "#rn-results [data-geo]:not([hidden])", "els => els.map(e => e.dataset.id)")
    assert order[0] == "east-detox" and order[-1] == "desert-sunrise-aa"
    assert query_soon(fpage, "near=43205&sort=dist") == "near=43205&sort=dist"


def test_near_town_with_radius(fpage, find_url):
    """A town name and a radius keep nearby listings and online-only ones, and drop Phoenix."""
    fpage.goto(find_url + "find/?near=Columbus%2C%20OH&r=25")
    fpage.locator("#rn-f-place", has_text="Columbus, OH").wait_for()
    ids = visible_ids(fpage)
    assert "desert-sunrise-aa" not in ids and "monthly-smart" in ids and "east-detox" in ids


def test_meeting_in_progress_and_reader_time(browser, find_url):
    """At 18:45 in Columbus a reader in Los Angeles sees the 18:30 meeting in progress, with
    their own time (15:30) beside it."""
    page = new_page(browser, timezone="America/Los_Angeles", clock=NEW_YORK_EVENING)
    page.goto(find_url + "meetings/")
    row = page.locator("#day-wednesday ~ ul li[data-id=mujeres-na]")
    assert row.locator(".rn-now").inner_text() == "In progress, ends in 45 min"
    assert row.locator(".rn-yourtime").inner_text() == "Wed 3:30 PM your time"
    page.click("#rn-f-more summary")
    page.check("#rn-f-now")
    assert visible_ids(page) == ["mujeres-na"]
    page.context.close()


def test_open_now_counts_services_and_past_midnight(browser, find_url):
    """Open now keeps a 24-hour detox; at 00:10 on Sunday the Saturday 23:30 meeting is on."""
    page = new_page(browser, clock="2026-11-29T05:10:00Z")
    page.goto(find_url + "regions/columbus/?now=1")
    assert sorted(visible_ids(page)) == ["east-detox", "late-night-na"]
    page.context.close()


def test_empty_result_says_what_to_relax(fpage, find_url):
    """With nothing left, each filter is offered for removal with the count it would bring back."""
    fpage.goto(find_url + "find/?cat=detox&prog=smart")
    assert visible_ids(fpage) == []
    buttons = fpage.locator("#rn-f-empty button").all_inner_texts()
    assert buttons == ["Remove “Program: SMART Recovery” (2)",
                       "Remove “Kind of help: Detox / withdrawal management” (1)", "Clear all filters"]
    fpage.locator("#rn-f-empty button", has_text="SMART").click()
    assert sorted(visible_ids(fpage)) == ["east-detox", "west-detox"]
    assert fpage.evaluate("document.activeElement.id") == "rn-f-count"


def test_without_javascript_every_listing_is_there(browser, find_url):
    """With scripts off the find page shows every listing and no filter controls."""
    page = new_page(browser, java_script_enabled=False)
    page.goto(find_url + "find/?cat=detox")
    shown = page.eval_on_selector_all("#rn-results [data-id]", "els => els.filter(e => e.offsetParent).length")
    assert shown == 11
    assert not page.is_visible("#rn-find")
    page.context.close()


def test_keyboard_only(fpage, find_url):
    """The filters work from the keyboard: past the Filters sheet's summary (open on a wide
    screen) Tab reaches the kind of help, and an arrow key picks one."""
    fpage.goto(find_url + "find/")
    for _ in range(40):
        fpage.keyboard.press("Tab")
        if fpage.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert fpage.evaluate("document.activeElement.parentElement.id") == "rn-f-sheet"
    for _ in range(5):
        fpage.keyboard.press("Tab")
        if fpage.evaluate("document.activeElement.id") == "rn-f-cat":
            break
    assert fpage.evaluate("document.activeElement.id") == "rn-f-cat"
    fpage.keyboard.press("ArrowDown")
    assert count_text(fpage).startswith("Showing 2 of 11")


@pytest.mark.parametrize("url", ["find/", "regions/columbus/", "meetings/"])
def test_phone_width_320(browser, find_url, url):
    """At 320 px with every filter open the page does not scroll sideways."""
    page = new_page(browser, width=320)
    page.goto(find_url + url)
    page.click("#rn-f-sheet > summary")
    page.click("#rn-f-more summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.context.close()


AXE_PAGES = ["find/", "meetings/", "regions/columbus/", "regions/phoenix/", "resources/mujeres-na/",
             "find/?cat=detox&prog=smart", "find/?near=43205&sort=dist&r=5"]


@pytest.mark.parametrize("url", AXE_PAGES)
def test_axe_and_no_off_site_requests(fpage, find_url, url):
    """axe-core (WCAG 2.1 A/AA) finds nothing with the filters open, and nothing leaves the host."""
    fpage.goto(find_url + url)
    fpage.wait_for_load_state("networkidle")
    if fpage.locator("#rn-f-more summary").count():
        fpage.click("#rn-f-more summary")
    assert axe_violations(fpage) == []
    assert _off_site(fpage.requests, find_url) == []


def test_search_offers_near_me_for_a_zip(fpage, find_url):
    """Typing a ZIP code into search offers the find page sorted by distance from it."""
    fpage.goto(find_url + "search/")
    fpage.wait_for_selector(".pagefind-ui__search-input")
    fpage.fill(".pagefind-ui__search-input", "43205")
    link = fpage.locator("#rn-search-find a").first
    link.wait_for()
    assert link.get_attribute("href") == "../find/?near=43205&sort=dist"
    link.click()
    fpage.wait_for_url(re.compile(r".*/find/\?near=43205&sort=dist$"))
    fpage.locator("#rn-results .rn-dist", has_text="mi").first.wait_for()


def test_search_finds_by_city_and_program(fpage, find_url):
    """Pagefind finds a meeting by its city and program name."""
    fpage.goto(find_url + "search/?q=Phoenix")
    fpage.locator(".pagefind-ui__result-link", has_text="Desert Sunrise AA").wait_for(timeout=10_000)
    fpage.goto(find_url + "search/?q=SMART")
    fpage.locator(".pagefind-ui__result-link", has_text="Monthly SMART Online").wait_for(timeout=10_000)


@pytest.mark.parametrize("part", ["morning", "evening", "night"])
def test_time_of_day_reads_the_boundaries_python_wrote(fpage, find_url, part):
    """With a part of the day chosen, the meeting rows shown are exactly those whose start
    schedule.time_of_day puts in it: the script reads the page's data-times-of-day."""
    from generator import schedule

    fpage.goto(find_url + f"find/?cat=meeting&tod={part}")
    rows = fpage.eval_on_selector_all(
        "#rn-results [data-id][data-s]", "els => els.map(e => [e.dataset.s, !e.hidden])")
    assert rows and fpage.errors == []
    for slots, shown in rows:
        starts = [s.split("|")[1] for s in slots.split(";")]
        assert shown == any(schedule.time_of_day(t) == part for t in starts), (slots, shown)
    assert any(shown for _s, shown in rows)


def test_what_the_reader_does_before_the_script_runs_is_kept(browser, find_url):
    """While find.js is still on its way the quick choices are off (a tap is not swallowed), and
    a ZIP typed meanwhile is applied, nearest first, once the script runs."""
    page = new_page(browser, width=390, clock="2026-11-25T23:45:00Z")
    held = []
    page.route("**/assets/navigator/find.js", lambda route: held.append(route))
    page.goto(find_url + "find/", wait_until="commit")
    page.locator("#rn-results [data-id]").last.wait_for(state="attached")
    page.wait_for_function("() => document.readyState === 'interactive'")
    chips = page.locator(".rn-chip")
    assert chips.count() and all(c.is_disabled() for c in chips.all())
    page.fill("#rn-f-near", "43205")
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    page.locator("#rn-f-place", has_text="43205").wait_for()
    assert not chips.first.is_disabled() and not page.locator("#rn-f-share").is_disabled()
    assert page.input_value("#rn-f-near") == "43205" and page.input_value("#rn-f-sort") == "dist"
    assert page.eval_on_selector_all("#rn-results [data-geo]:not([hidden])", "els => els.map(e => e.dataset.id)")[0] == "east-detox"
    assert query_soon(page, "near=43205&r=25&sort=dist") == "near=43205&r=25&sort=dist"
    assert page.errors == []
    page.context.close()
