"""The resource page's QR code in headless Chromium: drawn by qr.js, it decodes (zxing-cpp) to the
page's short link on screen and on paper; absent without JavaScript; axe and privacy."""

from __future__ import annotations

import io
import subprocess

import pytest

from tests.browser.test_pages import _off_site
from tests.conftest import axe_violations
from tests.print.conftest import need

pytestmark = pytest.mark.browser

RESOURCE = "resources/franklin-detox/"  # its name has <, & and quotes, for the label


def decode(png: bytes) -> list[str]:
    """The text of every QR code zxing-cpp finds in a PNG."""
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return [(r.text, r.format.name, r.ec_level) for r in found]


def short_link(page) -> str:
    return page.locator(".rn-share__link").inner_text()


def open_resource(browser, base: str, width: int = 390, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.goto(base + RESOURCE)
    return page


def test_drawn_code_decodes_to_the_short_link(browser, serve_site):
    """At 390 px the drawn QR code, read back from a screenshot, is the page's short link (level M)."""
    page = open_resource(browser, serve_site)
    svg = page.locator(".rn-share__qr svg")
    svg.wait_for()
    link = short_link(page)
    assert link.startswith("https://fixture.example.org/r/")
    assert decode(svg.screenshot()) == [(link, "QRCode", "M")]
    assert svg.get_attribute("role") == "img"
    assert svg.get_attribute("aria-label") == 'QR code for Scioto <Detox> & "Withdrawal" Center'
    assert page.locator(".rn-share__qr figcaption").is_visible()
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert _off_site(page.requests, serve_site) == []
    page.context.close()


def test_printed_page_carries_a_readable_code(browser, serve_site, tmp_path):
    """Printed to PDF and rasterised at 150 dpi, the resource page's QR code still decodes."""
    pdftoppm = need("pdftoppm")
    page = open_resource(browser, serve_site, width=1280)
    page.locator(".rn-share__qr svg").wait_for()
    link = short_link(page)
    pdf = tmp_path / "resource.pdf"
    page.pdf(path=str(pdf), format="Letter")
    page.context.close()
    subprocess.run([pdftoppm, "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True, timeout=60)
    found = [code for png in sorted(tmp_path.glob("p*.png")) for code in decode(png.read_bytes())]
    assert found == [(link, "QRCode", "M")]


def test_without_javascript_only_the_short_link_shows(browser, serve_site):
    """With scripts off there is no empty QR frame or caption, and the short link is still there."""
    page = open_resource(browser, serve_site, java_script_enabled=False)
    assert page.locator(".rn-share__link").is_visible()
    assert page.locator(".rn-share__qr").count() == 0  # made by qr.js
    assert page.locator(".rn-share__button").count() == 0  # made by share.js
    assert page.locator(".rn-share__qr svg").count() == 0
    page.context.close()


def test_axe_finds_nothing_with_the_code_drawn(browser, serve_site):
    """axe-core (WCAG 2.1 A/AA) passes on a resource page once its QR code is drawn."""
    page = open_resource(browser, serve_site)
    page.locator(".rn-share__qr svg").wait_for()
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    assert _off_site(page.requests, serve_site) == []
    page.context.close()
