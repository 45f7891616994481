"""Printing in headless Chromium: every guide and the region sheets print to one or two pages on
Letter and A4 with their text and without the site's navigation or a blank last page; a guide
opened for a region carries that region's numbers; a sheet takes the region page's filters; the
referral list round-trips through its address and prints with the chosen listings."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from tests.print.conftest import GUIDES, words

pytestmark = pytest.mark.browser

PAPERS = ("Letter", "A4")
# Text that only the site's navigation, header, search and controls show.
NAVIGATION = ("Skip to content", "Back to top", "Table of contents", "For coordinators",
              "Print this page", "Print this sheet", "Download the PDF", "Add to my list",
              "My resource list", "Share or copy", "Filter these listings")
MIN_LAST_PAGE = 150  # characters: a last page with less is a page printed for nothing
NOON = dt.datetime(2026, 11, 21, 12, tzinfo=dt.timezone.utc)


def assert_printed_well(pages: list[str], max_pages: int) -> str:
    text = "\n".join(pages)
    assert 1 <= len(pages) <= max_pages, f"{len(pages)} pages"
    assert len(re.sub(r"\s", "", pages[-1])) >= MIN_LAST_PAGE, f"last page: {pages[-1]!r}"
    for needle in NAVIGATION:
        assert needle not in text, needle
    return words(text)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", GUIDES)
def test_guide_prints_on_one_or_two_pages(printer, serve_real, name, paper):
    """Each guide fits one or two sheets of Letter and of A4, with its title, its note that it is
    peer support, the crisis line and no navigation."""
    printer.page.clock.set_fixed_time(NOON)
    text = assert_printed_well(printer(serve_real + f"guides/{name}/", paper), 2)
    title = printer.page.locator("h1").first.inner_text().rstrip("¶")
    assert title in text
    assert "Peer support, not" in text
    assert "In crisis? Help now:" in text and "988" in text
    stamp = printer.page.locator("[data-rn-printed]").first.text_content()
    at = max(text.find("Printed"), text.find("Listings as of"))
    assert "Printed November 21, 2026." in text, (stamp, text[at - 80:at + 80] if at >= 0 else text[:300])
    assert f"https://example.org/recovery-navigator/guides/{name}/" in text
    assert printer.page.errors == []


# Large print: 12 pt is 16 CSS px; every piece of text a guide prints is at least that, but the
# page-number footer, which Chromium draws in the page margin from print.css's @page rule.
LARGE_PX = 16


def smallest_printed_text(page) -> list:
    """[font size in px, text] of the smallest text shown in the article and crisis bar."""
    return page.evaluate("""() => {
        let best = [1e9, ""];
        const roots = document.querySelectorAll("article.md-content__inner, .md-banner");
        for (const root of roots) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent.trim() || !el.getClientRects().length) continue;
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (size < best[0]) best = [size, n.textContent.trim().slice(0, 60)];
          }
        }
        return best;
    }""")


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", GUIDES)
def test_guide_prints_in_large_print_on_one_or_two_pages(printer, serve_real, name, paper):
    """Opened at #large-print, each guide prints every text at 12 pt or more and still fits one
    or two sheets of Letter and of A4, with its title, crisis line and sources."""
    text = assert_printed_well(printer(serve_real + f"guides/{name}/#large-print", paper), 2)
    assert printer.page.locator("h1").first.inner_text().rstrip("¶") in text
    assert "988" in text and "Sources:" in text
    printer.page.emulate_media(media="print")
    size, sample = smallest_printed_text(printer.page)
    assert size >= LARGE_PX, (size, sample)
    assert printer.page.errors == []


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ["crisis-safety-plan", "first-conversation", "peer-support-groups"])
def test_guide_for_a_region_prints_in_large_print_on_two_pages(printer, serve_real, name, paper):
    """With Allegheny County's own crisis team and meetings added, the guides that show local
    numbers still print on two pages in large print."""
    pages = printer(serve_real + f"guides/{name}/?region=allegheny-county#large-print", paper)
    assert printer.page.locator(".rn-printtools__local").inner_text().startswith(
        "Showing the local numbers for Allegheny County (Pittsburgh).")
    text = assert_printed_well(pages, 2)
    assert "Allegheny County (Pittsburgh)" in text


def test_normal_print_is_smaller_than_large_print(printer, serve_real):
    """Without #large-print the guide keeps its compact print size (10 pt body), so large print
    is a choice, not the default."""
    printer(serve_real + "guides/overdose/")
    printer.page.emulate_media(media="print")
    size = printer.page.eval_on_selector("article p", "p => parseFloat(getComputedStyle(p).fontSize)")
    assert size < LARGE_PX


def test_large_print_works_without_scripts(browser, serve_real):
    """With JavaScript off, the Large print link still turns the print type large: the switch is
    the link's :target, read by print.css."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(serve_real + "guides/smart-goals/")
    page.click("a.rn-largeprint-link")
    assert page.evaluate("location.hash") == "#large-print"
    assert page.locator("#large-print").is_visible()
    page.emulate_media(media="print")
    assert smallest_printed_text(page)[0] >= LARGE_PX
    context.close()


def test_peer_support_guide_prints_its_example_meetings_as_examples(printer, serve_real):
    """Printed from the shipped example catalog, the newcomer meetings are labelled examples."""
    text = words("\n".join(printer(serve_real + "guides/peer-support-groups/")))
    at = text.index("Example meetings: invented for this example directory, not real meetings.")
    assert at < text.index("Germantown Al-Anon Family Group")


def test_overdose_guide_prints_the_single_use_naloxone_step(printer, serve_real):
    """On paper, the naloxone steps say a second dose needs a new device."""
    text = words("\n".join(printer(serve_real + "guides/overdose/")))
    assert "Each nasal spray holds one dose and can't be used again." in text
    assert "give a second dose with a new device, in the other nostril." in text


def test_crisis_plan_prints_its_numbers_in_full(printer, serve_real):
    """The crisis plan on paper has 988, the SAMHSA helpline's full number, 911 and naloxone."""
    text = words("\n".join(printer(serve_real + "guides/crisis-safety-plan/")))
    for needle in ("988", "1-800-662-4357", "(800) 662-4357", "911", "Naloxone", "HOME to 741741"):
        assert needle in text, needle


def test_worksheet_lines_are_drawn_on_paper(printer, serve_real):
    """A worksheet's boxes print as ruled lines of at least 8 mm (borders, not backgrounds)."""
    printer(serve_real + "guides/smart-goals/")
    page = printer.page
    page.emulate_media(media="print")
    heights = page.eval_on_selector_all(
        ".write-lines > span", "spans => spans.map(s => [s.getBoundingClientRect().height, "
        "getComputedStyle(s).borderBottomStyle])")
    assert len(heights) >= 8
    assert all(h >= 30 and style == "solid" for h, style in heights)  # 0.85 cm is 32 CSS px


@pytest.mark.parametrize("paper", PAPERS)
def test_guide_for_a_region_prints_its_local_numbers(printer, serve_real, paper):
    """Opened from Allegheny County's sheet (?region=...), the crisis plan prints that county's
    crisis team alongside the national lines, still on two pages."""
    url = serve_real + "guides/crisis-safety-plan/?region=allegheny-county"
    pages = printer(url, paper)
    assert printer.page.locator(".rn-printtools__local").inner_text().startswith(
        "Showing the local numbers for Allegheny County (Pittsburgh).")
    text = assert_printed_well(pages, 2)
    assert "Crisis lines for Allegheny County (Pittsburgh):" in text
    assert "Three Rivers Mobile Crisis Team" in text and "(412) 555-0113" in text
    assert "988 Suicide & Crisis Lifeline" in text


def test_unknown_region_keeps_the_national_numbers(printer, serve_real):
    """A region that does not exist leaves the national lines and says so on screen."""
    printer(serve_real + "guides/crisis-safety-plan/?region=atlantis")
    status = printer.page.locator(".rn-printtools__local")
    status.wait_for(state="visible")
    assert status.inner_text() == "The local numbers could not be loaded; the national numbers are shown."
    assert printer.page.locator("[data-rn-local=crisis_lines] #r-lifeline-988").count() == 1


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", ["philadelphia", "allegheny-county", "franklin-county",
                                    "cuyahoga-county", "pennsylvania", "ohio"])
def test_region_sheet_fits_two_pages(printer, serve_real, region, paper):
    """Every region's sheet prints on at most two pages with crisis lines, services, meetings,
    verified dates, the live address and the date printed."""
    printer.page.clock.set_fixed_time(NOON)
    text = assert_printed_well(printer(serve_real + f"sheets/{region}/", paper), 2)
    name = printer.page.locator("h1").inner_text()
    assert name.startswith("Recovery resources: ") and name in text
    for needle in ("Crisis lines: call or text any time", "988", "911", "Verified",
                   f"https://example.org/recovery-navigator/regions/{region}/",
                   "Listings as of November 21, 2026.", "Printed November 21, 2026."):
        assert needle in text, needle
    assert printer.page.locator(".rn-sheet__qr svg").count() == 1


def test_sheet_lists_online_meetings_with_how_to_join(printer, serve_real):
    """Online meetings are on the sheet, with the phone number or link to join."""
    text = words("\n".join(printer(serve_real + "sheets/philadelphia/")))
    assert "Philadelphia Parents Nar-Anon (online)" in text
    assert "join by phone (267) 555-0125" in text


def test_sheet_takes_the_region_pages_filters(printer, serve_real):
    """sheets/<id>/?cat=detox (the region page's filters) prints only the detox listings and
    says the sheet is filtered."""
    pages = printer(serve_real + "sheets/philadelphia/?cat=detox")
    text = words("\n".join(pages))
    assert "Riverward Withdrawal Management Center" in text
    assert "Kensington Avenue Recovery Community Center" not in text
    assert "Spruce Street CMA" not in text  # meetings are not detox
    assert "Only the listings that match the filters chosen on the region page are shown." in text
    assert "988" in text  # crisis lines stay


def test_region_page_sheet_link_keeps_the_filters(page, serve_site):
    """Following "Print a resource sheet" from a filtered region page opens the filtered sheet."""
    page.goto(serve_site + "regions/franklin/?cat=detox")
    page.click("text=Print a resource sheet")
    page.wait_for_url("**/sheets/franklin/?cat=detox")
    assert page.locator("li[data-id=franklin-detox]").is_visible()
    assert page.locator("li[data-id=tuesday-night-aa]").first.is_hidden()


# ------------------------------------------------------------------ the referral list

def _host_requests(page) -> list[str]:
    return [u for u in page.requests if urlsplit(u).scheme in ("http", "https")]


def test_referral_list_round_trips_through_its_address(browser, serve_site, tmp_path):
    """Marked on region and resource pages, the list keeps its listings, note and next steps
    in the address after #; opened elsewhere from that link, it shows and prints the same."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="UTC")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(serve_site + "regions/franklin/")
    page.get_by_role("button", name="Add to my list: Scioto <Detox> & \"Withdrawal\" Center").click()
    page.goto(serve_site + "resources/online-smart/")
    page.locator(".rn-listslot .rn-listbtn").click()
    assert page.locator(".rn-listlink").inner_text() == "My list (2)"
    page.click(".rn-listlink")
    page.wait_for_selector(".rn-list__item h2 a")
    page.fill("#rn-list-note", "Call before noon & ask about intake")
    page.fill("#rn-step-0", "Call the detox line")
    page.fill("#rn-when-0", "Monday 9am")
    link = page.evaluate("location.href")
    assert "#ids=franklin-detox,online-smart&note=Call%20before%20noon%20%26%20ask%20about%20intake" \
        "&s1=Call%20the%20detox%20line&w1=Monday%209am" in link
    stored = page.evaluate("JSON.parse(localStorage.getItem('rn-list'))")
    assert stored["ids"] == ["franklin-detox", "online-smart"]
    # Nothing about the list ever went to the server in an address's query or fragment.
    assert not [u for u in _host_requests(page) if "ids=" in u or "note=" in u]
    context.close()

    other = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="UTC")
    mentee = other.new_page()
    mentee.clock.set_fixed_time(NOON)
    mentee.goto(link)
    mentee.wait_for_selector(".rn-list__item:nth-child(2) h2 a")
    names = mentee.locator(".rn-list__item h2").all_inner_texts()
    assert names == ["Scioto <Detox> & \"Withdrawal\" Center", "SMART Recovery Online"]
    assert mentee.input_value("#rn-list-note") == "Call before noon & ask about intake"
    assert mentee.input_value("#rn-when-0") == "Monday 9am"
    assert mentee.evaluate("localStorage.getItem('rn-list')") is None  # only the link holds it
    path = tmp_path / "list.pdf"
    mentee.pdf(path=str(path), format="Letter")
    other.close()
    from tests.print.conftest import pdf_pages

    pages = pdf_pages(str(path))
    text = words("\n".join(pages))
    assert len(pages) <= 2
    for needle in ("My resource list", "Scioto <Detox> & \"Withdrawal\" Center", "(614) 555-0101",
                   "SMART Recovery Online", "https://meet.example.org/smart",
                   "Call before noon & ask about intake", "Call the detox line", "Monday 9am",
                   "Printed November 21, 2026."):
        assert needle in text, needle
    for needle in ("Remove", "Share as a link", "Add to my list", "Regions Franklin"):
        assert needle not in text, needle


def test_list_buttons_toggle_and_say_so(page, serve_site):
    """A listing's button is a toggle (aria-pressed) whose name starts with its visible words
    and names the listing."""
    page.goto(serve_site + "regions/franklin/")
    button = page.locator("#r-franklin-detox .rn-listbtn")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert button.inner_text() == "On my list"
    assert button.get_attribute("aria-label").startswith("On my list: Scioto")
    button.click()
    assert page.evaluate("localStorage.getItem('rn-list')") is None
    assert page.locator(".rn-listlink").is_hidden()


def test_shared_list_with_a_removed_listing_says_so(page, serve_site):
    """An id that is no longer in the directory shows a note instead of breaking the list."""
    page.goto(serve_site + "list/#ids=franklin-detox,closed-long-ago")
    page.wait_for_selector(".rn-list__item[data-id=closed-long-ago] p")
    assert page.locator(".rn-list__item[data-id=closed-long-ago] p").inner_text() == \
        "This listing (closed-long-ago) is no longer in the directory."


def test_list_and_sheet_make_no_off_site_requests(page, serve_site):
    """The list, a sheet and a guide-like page load only from the site itself."""
    for url in ("list/#ids=franklin-detox,online-smart", "sheets/franklin/?cat=detox", "sheets/ohio/"):
        page.goto(serve_site + url)
        page.wait_for_load_state("networkidle")
    host = urlsplit(serve_site).netloc
    assert [u for u in _host_requests(page) if urlsplit(u).netloc != host] == []
    assert page.errors == []


@pytest.mark.parametrize("url", ["list/#ids=franklin-detox,online-smart", "sheets/franklin/",
                                 "regions/franklin/"])
def test_axe_finds_nothing_on_print_pages(page, serve_site, url):
    """axe-core (WCAG 2.1 A/AA) on the list with listings, a sheet and a region page with its
    list buttons."""
    from tests.conftest import axe_violations

    page.goto(serve_site + url)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []


def test_phone_width_sheet_and_list_fit(browser, serve_site):
    """At 390 px the sheet and the list fit without sideways scrolling."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    for url in ("sheets/franklin/", "list/#ids=franklin-detox,online-smart"):
        pg.goto(serve_site + url)
        pg.wait_for_load_state("networkidle")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390, url
    context.close()


@pytest.mark.parametrize("url", ["categories/detox/", "regions/", "search/", "about/"])
def test_short_pages_print_on_one_page(printer, serve_real, url):
    """A page shorter than a sheet prints on one: no blank page after it (Material's layout
    adds one unless print.css takes back body's min-height and the collapsing top margin)."""
    pages = printer(serve_real + url)
    assert len(pages) == 1, [len(p) for p in pages]


@pytest.mark.parametrize("url", ["regions/franklin-county/", "sheets/philadelphia/"])
def test_no_card_or_row_is_split_across_pages(printer, serve_real, url):
    """Each listing's name and its first phone number print on the same page."""
    pages = [words(p) for p in printer(serve_real + url)]
    assert len(pages) >= 2
    listings = printer.page.eval_on_selector_all(
        "article.rn-card, .rn-rows li[data-id]", "els => els.map(el => [el.querySelector("
        "'.rn-card__name, .rn-row__name').textContent.trim(), (el.querySelector('a.rn-phone') || "
        "{textContent: ''}).textContent.trim()])")
    checked = 0
    for name, phone in listings:
        if not phone:
            continue
        on = [i for i, text in enumerate(pages) if name in text]
        assert on, name
        assert any(phone in pages[i] for i in on), (name, phone)
        checked += 1
    assert checked >= 10


def test_find_page_offers_add_to_list(page, serve_site):
    """Every card on the find page has an "Add to my list" button."""
    page.goto(serve_site + "find/")
    cards = page.locator("#rn-results article.rn-card")
    assert cards.count() >= 3
    assert page.locator("#rn-results article.rn-card .rn-listbtn").count() == cards.count()
