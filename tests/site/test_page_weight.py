"""A listing's own page stays light: its layout (theme/navigator-listing.html) is repeated on
every resource page, 100,000 times per language in a national catalog."""

from __future__ import annotations

import glob
import os
import re

# The layout around a listing's content, in bytes: head, header, footer, scripts, without the
# listing (<article>) and without the crisis bar (its lines are catalog data). Material's full
# shell was 6.7-7.1 KB here; the listing layout was 2.97-3.31 KB on the shipped site with five
# script tags of its own, and is 2.87-3.20 KB with two script bundles (bundles.py).
SHELL_BOUND = 3_250
# The share section without its calendar link: the short link, which the page's scripts turn
# into the share button and the QR code. It was 786-883 bytes with the button, its status line
# and the QR code's figure in the page; 310-322 now.
SHARE_BOUND = 400
# Script tags on a listing page: the two bundles of its layout (ten to eleven tags before).
SCRIPT_TAGS = 2
_ARTICLE = re.compile(rb"<article\b.*?</article>", re.S)
_CRISIS = re.compile(rb'<div class="rn-crisis".*?</ul>\s*</div>', re.S)
_SHARE = re.compile(rb'<section class="rn-share".*?</section>', re.S)
_CALENDAR = re.compile(rb'<p><a class="rn-button rn-button--quiet" href="[^"]*"[^>]*download.*?</p>', re.S)
_BUNDLE = re.compile(rb'<script (?:defer id="rn-list-strings" data-root="\.\./\.\./" )?'
                     rb'src="(?:\.\./)+assets/navigator/shared/bundle-[0-9a-f]{12}\.js"')


def shell_bytes(html: bytes) -> int:
    """Bytes of a resource page outside its listing and its crisis lines."""
    return len(_CRISIS.sub(b"", _ARTICLE.sub(b"", html, count=1), count=1))


def test_resource_pages_carry_a_light_layout_in_every_language(shipped_site):
    """Every resource page of the shipped site, in English and Spanish, is filled into the
    listing layout and its layout weighs under SHELL_BOUND bytes. Why a bound: at 100,000
    listings each byte of it is 100 KB of site per language, and the site must fit GitHub
    Pages' 1 GB (site_budget); Material's whole shell (navigation drawer, search form, colour
    switch, dialog) took 6.7-7.1 KB of each page. A theme change that brings that back fails
    here, not at the first national build."""
    for folder in ("resources", os.path.join("es", "resources")):
        pages = sorted(glob.glob(os.path.join(shipped_site, folder, "*", "index.html")))
        assert pages, folder
        for path in pages:
            with open(path, "rb") as handle:
                html = handle.read()
            assert b'<header class="md-header">' in html and b'class="md-header__title rn-home"' in html, path
            assert b'data-md-component="sidebar"' not in html, path  # Material's shell, not ours
            assert shell_bytes(html) < SHELL_BOUND, (path, shell_bytes(html))


def test_the_listing_layout_keeps_what_every_page_carries(shipped_site):
    """The lighter layout still has the policy first, the crisis bar, the way home, the
    language switch, hreflang and canonical links, breadcrumbs, the footer's links and no
    unfilled marker."""
    path = sorted(glob.glob(os.path.join(shipped_site, "resources", "*", "index.html")))[0]
    with open(path, encoding="utf-8") as handle:
        html = handle.read()
    name = os.path.basename(os.path.dirname(path))
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<link")
    assert 'class="rn-crisis"' in html and 'href="tel:' in html
    assert '<a class="md-header__title rn-home" href="../..">' in html
    assert f'href="../../es/resources/{name}/" hreflang="es"' in html
    assert f'<link rel="canonical" href="https://example.org/recovery-navigator/resources/{name}/">' in html
    assert 'hreflang="x-default"' in html and 'class="rn-breadcrumbs"' in html
    assert '<footer class="md-footer rn-footer">' in html and 'href="../../find/"' in html
    assert "@@RN-" not in html


def test_listing_pages_carry_two_script_tags_and_a_short_share_section(shipped_site):
    """Every resource page loads its scripts as the layout's two bundles, and its share section
    is the short link alone (share.js and qr.js make the button and the QR code from it): the
    page is complete without scripts, and nothing only scripts use is repeated 100,000 times."""
    for folder in ("resources", os.path.join("es", "resources")):
        for path in sorted(glob.glob(os.path.join(shipped_site, folder, "*", "index.html"))):
            with open(path, "rb") as handle:
                html = handle.read()
            assert html.count(b"<script") == SCRIPT_TAGS == len(_BUNDLE.findall(html)), path
            share = _SHARE.search(html)
            assert share and b'class="rn-share__link"' in share[0], path
            assert len(_CALENDAR.sub(b"", share[0])) < SHARE_BOUND, (path, len(share[0]))
            assert b"<button" not in share[0] and b"<figure" not in share[0], path
