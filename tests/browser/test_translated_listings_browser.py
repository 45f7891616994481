"""In Chromium, the shipped site with `other_language_listings: translated`: a Spanish reader's
list shows an untranslated listing from its English page, a Spanish short link to it lands on
that page, and the Spanish county page's link goes there too."""

from __future__ import annotations

import os
import re

from tests.conftest import served

ROOT_PATH = "/recovery-navigator/"
UNTRANSLATED = "arch-street-family-recovery-circle"
TRANSLATED = "clark-fulton-na-en-espanol"


def test_spanish_list_shows_untranslated_and_translated_listings(browser, translated_site):
    """A shared Spanish list with both: each shows its name and details, each name links the
    page the site has (English for one, Spanish for the other), and nothing is "missing"."""
    from playwright.sync_api import expect  # here: without Playwright the browser fixture skips

    with served(translated_site, ROOT_PATH) as base:
        page = browser.new_page()
        page.goto(f"{base}es/list/#ids={UNTRANSLATED},{TRANSLATED}")
        # expect() waits without evaluating a string, which the page's policy forbids.
        expect(page.locator("#rn-list-items h2 a")).to_have_count(2, timeout=10_000)
        links = page.eval_on_selector_all("#rn-list-items h2 a", "as => as.map(a => [a.textContent, a.href])")
        assert links[0] == ["Arch Street Family Recovery Circle", f"{base}resources/{UNTRANSLATED}/"]
        assert links[1][1] == f"{base}es/resources/{TRANSLATED}/"
        assert page.locator("#rn-list-items dl.rn-details").count() == 2
        page.close()


def test_spanish_short_link_of_untranslated_listing_lands_on_english_page(browser, translated_site):
    """/es/r/<code>/ of an untranslated listing ends on its English page."""
    with open(os.path.join(translated_site, "es", "regions", "philadelphia", "index.html"), encoding="utf-8") as handle:
        assert f'href="../../../resources/{UNTRANSLATED}/"' in handle.read()
    with open(os.path.join(translated_site, "resources", UNTRANSLATED, "index.html"), encoding="utf-8") as handle:
        code = re.search(r'href="\.\./\.\./r/([a-z2-7]{8,13})/"', handle.read())[1]
    with served(translated_site, ROOT_PATH) as base:
        page = browser.new_page()
        page.goto(f"{base}es/r/{code}/")
        page.wait_for_url(f"{base}resources/{UNTRANSLATED}/", timeout=10_000)
        assert page.locator("h1").inner_text() == "Arch Street Family Recovery Circle"
        page.close()
