"""The shipped site on a phone, in headless Chromium: crisis lines in reach at 320 px, the tasks
a mentor does counted in taps at 390 px from the home page, keyboard use, tap targets and layout
shift."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}  # a common phone's viewport in CSS pixels
EVENING = "2026-11-25T21:00:00Z"  # Wednesday, 4 pm in Philadelphia and Columbus
INTERACTIVE = ("a.rn-crisis__act, .rn-crisis__jump, .rn-entry, .rn-chip, .rn-button, .rn-listbtn, "
               "button, select, input:not([type=hidden]), summary")


def PRINT_BUTTON(page):
    return page.locator("[data-rn-print]:visible")


class Phone:
    """A page at phone size whose taps are counted (typing is not a tap)."""

    def __init__(self, browser, base: str, size=PHONE, scheme="light"):
        self.context = browser.new_context(viewport=size, color_scheme=scheme, has_touch=True,
                                           timezone_id="America/New_York", locale="en-US")
        self.page = self.context.new_page()
        self.page.clock.install(time=EVENING)
        self.page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
        self.base = base
        self.taps = 0

    def open(self, path: str = ""):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")

    def tap(self, locator):
        """Tap, and when the tap leaves the page, wait for the next one to load (a load state
        alone is that of the page tapped, which may not have started leaving yet)."""
        self.taps += 1
        target = locator.first
        href = target.evaluate("e => e.closest('a[href]') ? e.closest('a[href]').getAttribute('href') : ''")
        if href and not href.startswith(("#", "tel:", "sms:", "mailto:")):
            with self.page.expect_navigation():
                target.tap()
        else:
            target.tap()
        self.page.wait_for_load_state("networkidle")

    def from_home(self, *steps):
        """Open the home page and tap each step in turn (a step gives the locator for the page)."""
        self.open("")
        for step in steps:
            self.tap(step(self.page))

    def first_result_in_view(self) -> bool:
        """The first listing still shown is inside the viewport, top to bottom."""
        return self.page.evaluate("""() => {
            const el = [...document.querySelectorAll('#rn-results [data-id]')].find(e => !e.hidden
                && e.closest('[hidden]') === null);
            if (!el) return false;
            const r = el.getBoundingClientRect();
            return r.top >= 0 && r.top < innerHeight - 40;
        }""")

    def shown(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#rn-results [data-id]:not([hidden])",
            "els => els.filter(e => e.closest('[hidden]') === null).map(e => e.dataset.id)")

    def close(self):
        self.context.close()


@pytest.fixture
def phone(browser, serve_shipped):
    p = Phone(browser, serve_shipped)
    yield p
    p.close()


# ------------------------------------------------------------------ crisis lines

@pytest.mark.parametrize("path", ["", "regions/allegheny-county/", "find/", "guides/crisis-safety-plan/",
                                  "no-such-page/"])
def test_every_crisis_line_fits_a_320_px_screen(browser, serve_shipped, path):
    """At 320 px every crisis button is on screen (nothing to scroll sideways to), call buttons
    are tel: links and text buttons sms: links, the 404 page included (its script shows one
    language's part and hides the other's, so only the shown buttons count)."""
    phone = Phone(browser, serve_shipped, {"width": 320, "height": 640})
    phone.open(path)
    links = phone.page.eval_on_selector_all(".rn-crisis a.rn-crisis__act", """els => els
        .filter(e => e.getClientRects().length > 0).map(e => {
        const r = e.getBoundingClientRect();
        return [e.getAttribute('href'), e.textContent.trim(), r.left >= 0 && r.right <= 320, r.height]; })""")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    phone.close()
    hrefs = [href for href, *_ in links]
    assert "tel:988" in hrefs and "sms:988" in hrefs and "tel:911" in hrefs
    assert "sms:741741?&body=HOME" in hrefs
    assert all(inside and height >= 24 for _h, _t, inside, height in links), links
    assert all(h.startswith("tel:") == t.startswith("Call") for h, t, *_ in links)
    assert width <= 320


def test_a_county_page_adds_its_own_crisis_line(phone):
    """Allegheny County's pages carry its county crisis line (call and text) beside the national
    ones; the home page does not."""
    phone.open("regions/allegheny-county/")
    county = phone.page.eval_on_selector_all(".rn-crisis a", "els => els.map(e => e.getAttribute('href'))")
    phone.open("")
    home = phone.page.eval_on_selector_all(".rn-crisis a", "els => els.map(e => e.getAttribute('href'))")
    assert "tel:+14125550111" in county and "sms:+14125550112" in county
    assert "tel:+14125550111" not in home


def test_crisis_button_brings_the_bar_back_after_scrolling(phone):
    """Far down a long page the Crisis help button is on screen, and one tap shows the bar."""
    phone.open("find/")
    jump = phone.page.locator(".rn-crisis__jump")
    assert not jump.is_visible()  # the bar itself is on screen
    phone.page.mouse.wheel(0, 6000)
    jump.wait_for(state="visible")
    phone.tap(jump)
    phone.page.wait_for_function("document.getElementById('rn-crisis').getBoundingClientRect().top >= 0")
    assert phone.page.locator(".rn-crisis a[href='tel:988']").is_visible()


# ------------------------------------------------------------------ tasks, counted in taps

def test_task_meeting_tonight_near_a_zip(phone):
    """A meeting starting tonight near 19134: Meetings, the place box, Tonight (3 taps + the ZIP);
    the nearest meeting tonight is then the first thing on screen."""
    phone.open("")
    phone.tap(phone.page.get_by_role("link", name="Meetings", exact=True))
    phone.tap(phone.page.locator("#rn-f-near"))
    phone.page.keyboard.type("19134")
    phone.tap(phone.page.get_by_role("button", name="Tonight"))
    assert phone.taps <= 4
    shown = phone.shown()
    assert shown and phone.first_result_in_view()
    assert phone.page.input_value("#rn-f-r") == "25"  # a place brings a sensible distance
    assert phone.page.locator("#rn-f-count").evaluate("e => e === document.activeElement")
    assert phone.page.evaluate("document.getElementById('rn-f-count').getBoundingClientRect().top"
                               " >= document.querySelector('.md-header').getBoundingClientRect().bottom - 1")
    assert "Tonight" in phone.page.inner_text(".rn-chip[aria-pressed=true]")


def test_task_detox_taking_medicaid_in_a_county(phone):
    """Detox that takes Medicaid in Franklin County: the county, Medicaid, Detox (3 taps)."""
    phone.from_home(lambda p: p.locator(".rn-tree a", has_text="Franklin County"),
                    lambda p: p.get_by_role("button", name="Medicaid"),
                    lambda p: p.locator(".rn-toc a[href='#cat-detox']"))
    assert phone.taps <= 4
    detox = phone.page.eval_on_selector_all(
        "#cat-detox ~ .rn-cards [data-id]:not([hidden]), section:has(#cat-detox) [data-id]:not([hidden])",
        "els => els.map(e => [e.dataset.id, e.dataset.pay])")
    assert detox and all("medicaid" in pay.split() for _id, pay in detox)
    first = phone.page.locator(f"[data-id='{detox[0][0]}']").first
    box = first.bounding_box()
    assert 0 <= box["y"] < PHONE["height"] - 40


def test_task_spanish_speaking_outpatient(phone):
    """Outpatient treatment in Spanish: Outpatient from home, Spanish (2 taps)."""
    phone.from_home(lambda p: p.get_by_role("link", name="Outpatient", exact=True),
                    lambda p: p.get_by_role("button", name="Spanish"))
    assert phone.taps <= 4
    shown = phone.shown()
    # A row may leave its kind to its list: read it the way the page's script does.
    langs = phone.page.eval_on_selector_all("#rn-results [data-id]:not([hidden])",
                                            "els => els.map(e => RNFind.readItem(e)).map(i => [i.cat, i.lang])")
    assert shown and all(cat == "outpatient" and "es" in lang for cat, lang in langs)
    assert phone.first_result_in_view()


def test_task_share_a_resource(phone):
    """Sharing from a resource's page is one tap (the system share sheet, or the link copied)."""
    phone.open("resources/olde-towne-east-withdrawal-center/")
    phone.page.evaluate("navigator.share = async (data) => { window.__shared = data; }")
    phone.tap(phone.page.locator(".rn-share__button"))
    assert phone.taps <= 2
    shared = phone.page.evaluate("window.__shared")
    assert shared and shared["url"].endswith("/")


def test_task_print_a_region_sheet(phone):
    """A county's printable sheet: the county, Print a resource sheet, Print (3 taps)."""
    phone.from_home(lambda p: p.locator(".rn-tree a", has_text="Philadelphia"),
                    lambda p: p.get_by_role("link", name="Print a resource sheet"), PRINT_BUTTON)
    assert phone.taps <= 3
    assert phone.page.evaluate("window.__printed") == 1
    assert "/sheets/philadelphia/" in phone.page.url


def test_task_print_a_guide(phone):
    """A mentor guide on paper: Mentor guides, the guide, Print (3 taps)."""
    phone.from_home(lambda p: p.get_by_role("link", name="Mentor guides", exact=True),
                    lambda p: p.locator("article a", has_text="first conversation"), PRINT_BUTTON)
    assert phone.taps <= 3
    assert phone.page.evaluate("window.__printed") == 1


# ------------------------------------------------------------------ keyboard

def _focus_report(page) -> dict:
    """What has the focus: whether it is on screen and draws a ring (a radio button drawn as its
    label, like the colour-scheme switch, is judged by the label)."""
    return page.evaluate("""() => {
        const e = document.activeElement, box = e.getBoundingClientRect();
        const next = e.nextElementSibling;
        const shown = box.width === 0 && next && next.tagName === "LABEL" && !next.hidden && next
            || e;
        const s = getComputedStyle(shown), r = shown.getBoundingClientRect();
        return {tag: e.tagName, id: e.id, text: (e.textContent || e.value || '').trim().slice(0, 40),
                visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && e.closest('[hidden]') === null
                         && r.right > 0 && r.left < innerWidth,
                ring: s.outlineStyle === 'auto' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                      || s.boxShadow !== 'none'};
    }""")


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 900}], ids=["390", "desktop"])
def test_keyboard_only_meeting_tonight(browser, serve_shipped, size):
    """With Tab and Enter alone: Meetings from home, a ZIP, Tonight; every focused element is
    visible with a focus ring, and none is hidden or off screen."""
    phone = Phone(browser, serve_shipped, size)
    phone.open("")
    seen = []

    def tab_to(predicate, limit=80):
        for _ in range(limit):
            phone.page.keyboard.press("Tab")
            state = _focus_report(phone.page)
            seen.append(state)
            if predicate(state):
                return
        raise AssertionError(f"not reached in {limit} presses: {seen[-5:]}")

    tab_to(lambda s: s["tag"] == "A" and s["text"] == "Meetings")
    with phone.page.expect_navigation():
        phone.page.keyboard.press("Enter")
    phone.page.wait_for_load_state("networkidle")
    tab_to(lambda s: s["id"] == "rn-f-near")
    phone.page.keyboard.type("19134")
    tab_to(lambda s: s["text"] == "Tonight")
    phone.page.keyboard.press("Enter")
    shown = phone.shown()
    in_view = phone.first_result_in_view()
    phone.close()
    assert [s for s in seen if not s["visible"]] == []
    assert [s for s in seen if not s["ring"]] == []
    assert shown and in_view


def test_menu_button_is_reached_by_tab_and_closed_drawer_links_are_not(phone):
    """At phone width Tab reaches the menu button (a real button); the closed drawer's links are never focused;
    Enter opens the drawer with its first link focused, Escape closes it."""
    phone.open("")
    names = []
    for _ in range(12):
        phone.page.keyboard.press("Tab")
        names.append(phone.page.evaluate(
            "[document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim(),"
            " !!document.activeElement.closest('.md-sidebar--primary')]"))
    assert ["Navigation", False] in names
    assert not any(in_drawer for _n, in_drawer in names)
    menu = phone.page.locator(".md-header button.rn-menu")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.focus()
    phone.page.keyboard.press("Enter")
    phone.page.wait_for_timeout(300)
    assert phone.page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    assert menu.get_attribute("aria-expanded") == "true"
    phone.page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert phone.page.evaluate("document.activeElement.classList.contains('rn-menu')")


def test_home_search_box_shows_focus(phone):
    """The home page's search box draws a focus ring when reached by keyboard."""
    phone.open("")
    phone.page.locator("#rn-q").focus()
    phone.page.keyboard.press("Shift+Tab")
    phone.page.keyboard.press("Tab")
    assert _focus_report(phone.page)["ring"]


# ------------------------------------------------------------------ targets and layout

@pytest.mark.parametrize("path", ["", "regions/franklin-county/", "find/", "meetings/",
                                  "resources/olde-towne-east-withdrawal-center/", "guides/matching-questionnaire/"])
def test_tap_targets_are_at_least_24_px(phone, path):
    """Buttons, fields and crisis links shown at 390 px are at least 24 by 24 CSS pixels."""
    phone.open(path)
    small = phone.page.eval_on_selector_all(INTERACTIVE, """els => els.filter(e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0'
            && !e.closest('.md-sidebar, .md-search, [hidden]') && (r.width < 24 || r.height < 24);
    }).map(e => e.outerHTML.slice(0, 80))""")
    assert small == []


@pytest.mark.parametrize("path", ["find/", "regions/franklin-county/", "resources/olde-towne-east-withdrawal-center/"])
def test_page_layout_barely_shifts(phone, path):
    """Loading the page at phone size shifts the layout by less than 0.1 (Cumulative Layout
    Shift): the filter panel and the list button are in place from the first paint."""
    phone.page.add_init_script("""window.__cls = 0; new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({type: 'layout-shift', buffered: true});""")
    phone.open(path)
    phone.page.wait_for_timeout(500)
    assert phone.page.evaluate("window.__cls") < 0.1


def test_data_health_table_fits_320_px(browser, serve_shipped):
    """The data-health table fits a 320 px screen: no cell is cut off and nothing scrolls sideways."""
    phone = Phone(browser, serve_shipped, {"width": 320, "height": 640})
    phone.open("data-health/")
    right = phone.page.eval_on_selector_all("table tbody td, table tbody th", "els => Math.max(...els.map(e => e.getBoundingClientRect().right))")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    phone.close()
    assert right <= 320 and width <= 320


@pytest.mark.parametrize("path", ["find/", "meetings/", "find/?cat=detox"])
def test_first_results_on_the_first_screen(phone, path):
    """On a 390 x 844 phone the first listing of find/ and meetings/ starts on the first screen."""
    phone.open(path)
    assert phone.first_result_in_view()


@pytest.mark.parametrize("path", ["regions/franklin-county/", "regions/allegheny-county/", "regions/philadelphia/"])
def test_region_results_start_on_the_first_screen(phone, path):
    """On a county page the results (their heading, the one-line index of kinds of help, then
    the first listing) start on the first screen of a 390 x 844 phone. (A state page lists its
    counties first, on purpose.)"""
    phone.open(path)
    top = phone.page.evaluate("document.getElementById('services').getBoundingClientRect().top")
    assert 0 < top < PHONE["height"] - 120
    card = phone.page.evaluate("document.querySelector('#rn-results .rn-card').getBoundingClientRect().top")
    assert 0 < card < PHONE["height"] - 40  # the first listing's name shows without scrolling
