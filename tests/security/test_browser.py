"""Headless Chromium on the payload site: every HTML page loads with no dialog, no script error,
no Content-Security-Policy violation and no request to another host; searching for hostile text
runs nothing, also with hostile area names in the choice of where to search; and the policy
really blocks a script injected into a page."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser fixture then skips (or, under CI, fails) with the reason
    PlaywrightError = Exception

from tests.conftest import EPOCH, build, served
from tests.security import payloads
from tests.security.conftest import html_files

pytestmark = pytest.mark.browser

# A missing file on this host is a broken link, not injected content (the site tests catch those).
MISSING = "Failed to load resource: the server responded with a status of 404"
# Fire the events hostile attributes would wait for (mouse over, focus) on every element.
PROVOKE = """() => { for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error', 'click']) {
        if (type === 'click' && el.closest('a, button, label, input, summary, form')) continue;
        el.dispatchEvent(new Event(type)); } } }"""
WATCH = ("document.addEventListener('securitypolicyviolation', e => console.error("
         "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")


def watch(browser, base: str):
    """A page that records dialogs, errors, policy violations and requests to hosts other than
    ``base``'s; returns it and its context, to close."""
    host = urlsplit(base).netloc
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.events = {"dialogs": [], "errors": [], "off_site": []}
    page.add_init_script(WATCH)

    def dialog(d):
        page.events["dialogs"].append(f"{d.type}: {d.message}")
        d.dismiss()

    def route(r):
        url = urlsplit(r.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != host:
            page.events["off_site"].append(r.request.url)
            return r.abort()
        return r.continue_()

    page.on("dialog", dialog)
    page.on("pageerror", lambda e: page.events["errors"].append(str(e)))
    page.on("console", lambda m: page.events["errors"].append(m.text) if m.type == "error" and
            not m.text.startswith(MISSING) else None)
    context.route("**/*", route)
    return page, context


@pytest.fixture
def watched(browser, serve_payload):
    """A page on the payload site that records what hostile content could set off."""
    page, context = watch(browser, serve_payload)
    yield page
    context.close()


def _urls(site: str) -> list[str]:
    out = []
    for path in html_files(site):
        rel = os.path.relpath(path, site).replace(os.sep, "/")
        out.append(rel[:-len("index.html")] if rel.endswith("index.html") else rel)
    return out


def test_every_page_of_the_payload_site_is_inert(watched, serve_payload, payload_site):
    """Each HTML page (every page type, including ones added later) loads cleanly."""
    problems = {}
    for url in _urls(payload_site):
        watched.goto(serve_payload + url, wait_until="load")
        try:
            watched.evaluate(PROVOKE)
        except PlaywrightError:  # a short-link page moved on to its target: provoke that one
            watched.wait_for_load_state("load")
            watched.evaluate(PROVOKE)
        watched.wait_for_timeout(200)
        if any(watched.events.values()) and not url.startswith("404"):
            problems[url] = {k: v[:3] for k, v in watched.events.items() if v}
        for value in watched.events.values():
            value.clear()
    assert problems == {}


@pytest.mark.parametrize("query", ["alert", "script onerror", "evil.example", "passwd", "{{ 7*7 }}"])
def test_searching_for_payloads_runs_nothing(watched, serve_payload, query):
    """Search results quote hostile names and descriptions as text."""
    watched.goto(serve_payload + "search/?q=" + query)
    watched.wait_for_selector(".pagefind-ui__search-input")
    watched.wait_for_timeout(1500)
    assert watched.locator(".pagefind-ui__result").count() >= (1 if query != "{{ 7*7 }}" else 0)
    assert watched.events == {"dialogs": [], "errors": [], "off_site": []}


def test_policy_blocks_a_script_added_to_the_page(watched, serve_payload):
    """Even a script that got into the page would not run: the policy refuses it."""
    watched.goto(serve_payload + "resources/base-clinic-html/")
    ran = watched.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.appendChild(s);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__ran = true');
        img.src = 'missing.png';
        document.body.appendChild(img);
        return new Promise(done => setTimeout(() => done(window.__ran === true), 500));
    }""")
    assert ran is False
    assert any("CSP violation: script-src" in e for e in watched.events["errors"])


@pytest.fixture(scope="module")
def serve_split_payload(tmp_path_factory):
    """The payload catalog searched area by area (search_split_at: 0), so that hostile region
    names and ids fill the search page's and the home box's choice of area. The build itself
    passing means the post-build audit found nothing in them."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    project = payloads.make_project(str(tmp_path_factory.mktemp("split-payload") / "project"))
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    assert "  - navigator\n" in text
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("  - navigator\n", "  - navigator:\n      search_split_at: 0\n"))
    assert build(project) == 0
    with served(os.path.join(project, "site")) as url:
        yield url


def test_hostile_area_names_in_the_choice_of_area_run_nothing(browser, serve_split_payload):
    """Choosing areas named with payloads and searching them sets nothing off, on the search
    page and from the home page's box."""
    page, context = watch(browser, serve_split_payload)
    try:
        page.goto(serve_split_payload + "search/?q=alert")
        page.wait_for_selector(".pagefind-ui__search-input")
        values = page.locator("#rn-search-in option").evaluate_all("els => els.map(e => e.value)")
        assert len(values) > 3 and values[0] == ""
        labels = page.locator("#rn-search-in option").evaluate_all("els => els.map(e => e.textContent)")
        assert any('<script>alert("html")</script>' in label for label in labels)  # shown as text
        for value in values[1:4]:
            page.select_option("#rn-search-in", value)
            page.wait_for_timeout(800)
            page.evaluate(PROVOKE)
        page.goto(serve_split_payload)
        page.fill("#rn-q", "alert")
        page.select_option("#rn-q-in", values[1])
        page.click(".rn-searchbox button")
        page.wait_for_selector(".pagefind-ui__search-input")
        page.wait_for_timeout(1000)
        page.evaluate(PROVOKE)
        assert page.locator("#rn-search-in").input_value() == values[1]
        assert page.events == {"dialogs": [], "errors": [], "off_site": []}
    finally:
        context.close()
