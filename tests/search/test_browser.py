"""Searching the built fixture site in headless Chromium: a listing is found by its town or its
language, a region by its name, and every result links to the real page, also when the site
lives under a sub-path (as a GitHub Pages project site does). A region's listings are searched
as parts of its document: the best-matching listing leads the result, linked to its own page,
and the others that matched follow, each linked to its own page. A Spanish result describes its
region in Spanish."""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit

import pytest

from tests.conftest import axe_violations, served

pytestmark = pytest.mark.browser

DETOX = 'Scioto <Detox> & "Withdrawal" Center'


def results(page, base: str, query: str) -> list[tuple[str, str]]:
    """(title, link) of each result the search page shows for ``query``."""
    page.goto(base + "search/")
    page.wait_for_selector(".pagefind-ui__search-input")
    page.fill(".pagefind-ui__search-input", query)
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)  # let the other results of the page arrive
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def test_a_town_finds_its_listing_with_title_and_link(page, serve_site):
    """Searching for Columbus lists the detox centre there under its name, linked to its page."""
    found = results(page, serve_site, "Columbus")
    assert (DETOX, "/resources/franklin-detox/") in found
    page.click(".pagefind-ui__result-link[href='/resources/franklin-detox/']")
    page.wait_for_url("**/resources/franklin-detox/")
    assert page.locator("h1").first.inner_text() == DETOX


def test_a_language_finds_the_listings_that_speak_it(page, serve_site):
    """Searching for Spanish puts the listing that serves in Spanish first."""
    assert results(page, serve_site, "Spanish")[0] == (DETOX, "/resources/franklin-detox/")


def test_a_kind_of_help_and_a_state_find_the_listings_in_its_counties(page, serve_site):
    """Searching for detox Ohio finds the detox centre of Franklin County, Ohio."""
    assert results(page, serve_site, "detox Ohio")[0] == (DETOX, "/resources/franklin-detox/")


def test_a_region_name_finds_the_region_page(page, serve_site):
    """Searching for Franklin offers the region page itself, first."""
    assert results(page, serve_site, "Franklin")[0] == ("Franklin County", "/regions/franklin/")


def test_results_link_inside_a_sub_path(page, fixture_site, tmp_path):
    """Served under /navigator/, results link to /navigator/resources/..., and the page opens."""
    os.symlink(fixture_site, tmp_path / "navigator")
    with served(str(tmp_path)) as root:
        found = results(page, root + "navigator/", "Spanish")
        assert found[0] == (DETOX, "/navigator/resources/franklin-detox/")
        page.click(".pagefind-ui__result-link >> nth=0")
        page.wait_for_url("**/navigator/resources/franklin-detox/")
        assert page.locator("h1").first.inner_text() == DETOX


def test_a_listing_name_leads_its_result_with_its_page_and_excerpt(page, serve_site):
    """Searching a listing's name gives a result titled with that name, linked to the listing's
    page (not its region's), with an excerpt from the listing's own lines."""
    page.goto(serve_site + "search/?q=" + quote("Tuesday Night"))
    first = page.locator(".pagefind-ui__result").first
    first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    link = first.locator(".pagefind-ui__result-link").first
    assert link.get_attribute("href") == "/resources/tuesday-night-aa/"
    assert "Tuesday" in link.inner_text()
    assert "Alcoholics Anonymous" in first.locator(".pagefind-ui__result-excerpt").first.inner_text()


def test_other_listings_that_match_follow_with_their_own_pages(page, serve_site):
    """Two crisis lines of one region's document both appear, one leading the result and one
    under it, each linked to its own page: no link is a region page's anchor."""
    found = results(page, serve_site, "helpline lifeline")
    links = [link for _t, link in found]
    assert {"/resources/lifeline-988/", "/resources/samhsa-helpline/"} <= set(links)
    assert not [link for link in links if "#" in link]


def test_spanish_search_finds_a_listing_by_its_spanish_name(page, serve_shipped):
    """On /es/search/, a listing's Spanish name finds it under that name, linked to its Spanish
    page, which opens."""
    name = "Centro de Recuperación con Medicamentos de Lorain Avenue"
    page.goto(serve_shipped + "es/search/?q=" + quote(name))
    link = page.locator(".pagefind-ui__result-link").first
    link.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    path = urlsplit(serve_shipped).path
    assert (link.inner_text(), link.get_attribute("href")) == (
        name, path + "es/resources/lorain-avenue-medication-recovery/")
    link.click()
    page.wait_for_url("**/es/resources/lorain-avenue-medication-recovery/")
    assert page.locator("html").get_attribute("lang") == "es"


def region_excerpt(page, base: str, query: str, region: str) -> str:
    """The excerpt the search page at ``base`` shows under ``region``'s result for ``query``."""
    page.goto(base + "search/?q=" + quote(query))
    result = page.locator(".pagefind-ui__result").filter(
        has=page.locator(f".pagefind-ui__result-link[href$='regions/{region}/']"))
    result.first.wait_for(timeout=10_000)
    return result.first.locator(".pagefind-ui__result-excerpt").first.inner_text()  # then its listings'


def test_spanish_region_result_reads_its_spanish_description(page, serve_shipped):
    """A region's result on /es/search/ reads its Spanish description, where the English search
    reads the region's English intro."""
    english = region_excerpt(page, serve_shipped, "Philadelphia", "philadelphia")
    spanish = region_excerpt(page, serve_shipped + "es/", "Philadelphia", "philadelphia")
    assert "Help in Philadelphia" in english
    assert "Recursos para la recuperación en Philadelphia County" in spanish
    assert "Help in" not in spanish, spanish


# ------------------------------------------------------------------ searched state by state

# Each state's search keeps its own box on the page once chosen (search.js); only the shown
# one counts.
SHOWN = ".pagefind-ui__result-link:visible"


def titles_and_links(page) -> list[tuple[str, str]]:
    links = page.locator(SHOWN)
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def test_a_state_chosen_in_the_address_searches_its_listings(page, serve_split_site):
    """/search/?in=ohio&q=Columbus shows Ohio chosen and finds the detox centre in Columbus."""
    page.goto(serve_split_site + "search/?in=ohio&q=Columbus")
    page.locator(SHOWN).first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    assert page.locator("#rn-search-in").input_value() == "ohio"
    assert (DETOX, "/resources/franklin-detox/") in titles_and_links(page)


def test_choosing_another_state_searches_the_same_words_there(page, serve_split_site):
    """Switching to Arizona re-runs the search in Arizona's bundle and keeps the choice in the
    address; Arizona's listings are found, Ohio's are not; back in Ohio, the new words are
    searched there."""
    page.goto(serve_split_site + "search/?in=ohio&q=crisis")
    page.locator(SHOWN).first.wait_for(timeout=10_000)
    assert "/resources/franklin-crisis/" in [link for _t, link in titles_and_links(page)]
    page.select_option("#rn-search-in", "arizona")
    page.wait_for_url("**/search/?in=arizona&q=crisis")
    page.locator(".pagefind-ui__result-link[href='/resources/lifeline-988/']:visible").wait_for(
        timeout=10_000)
    page.wait_for_timeout(300)
    links = [link for _t, link in titles_and_links(page)]
    assert "/resources/franklin-crisis/" not in links
    assert set(links) == {"/resources/lifeline-988/", "/resources/samhsa-helpline/"}
    # Back to Ohio, changing the words on the way: Ohio's box is shown again (not made anew)
    # and searches the new words; switching ends no search worker, so nothing is logged.
    page.fill(".pagefind-ui__search-input:visible", "detox")
    page.wait_for_timeout(500)
    page.select_option("#rn-search-in", "ohio")
    page.locator(".pagefind-ui__result-link[href='/resources/franklin-detox/']:visible").wait_for(
        timeout=10_000)
    assert page.locator("#rn-search > div").count() == 2
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(serve_split_site)] == []


def test_without_a_state_search_finds_regions_not_listings(page, serve_split_site):
    """No state chosen (or an unknown one): regions and pages are found, listings are not."""
    page.goto(serve_split_site + "search/?in=atlantis&q=Franklin")
    page.locator(SHOWN).first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    assert page.locator("#rn-search-in").input_value() == ""
    assert titles_and_links(page) == [("Franklin County", "/regions/franklin/")]


def test_search_page_with_a_choice_of_state_passes_axe(page, serve_split_site):
    """The choice of state is labelled and the page has no accessibility violations."""
    page.goto(serve_split_site + "search/?in=ohio&q=detox")
    page.locator(SHOWN).first.wait_for(timeout=10_000)
    assert axe_violations(page) == []


def test_home_search_box_sends_the_chosen_state_to_the_search_page(page, serve_split_site):
    """Typing Columbus on the home page and choosing Ohio opens Ohio's results for Columbus; the
    box with its choice of state passes axe."""
    page.goto(serve_split_site)
    assert axe_violations(page) == []
    page.fill("#rn-q", "Columbus")
    page.select_option("#rn-q-in", "ohio")
    page.click(".rn-searchbox button")
    page.wait_for_url("**/search/?q=Columbus&in=ohio")
    page.locator(".pagefind-ui__result-link[href='/resources/franklin-detox/']:visible").wait_for(
        timeout=10_000)
    assert page.locator("#rn-search-in").input_value() == "ohio"
