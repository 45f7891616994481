"""The resource page's QR code: drawn by qr.js in the browser from the page's short link, no QR
code made at build time, and the bundled encoder pinned to the reviewed file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re

import pytest

from generator import pipeline, qr
from tests.conftest import FIXTURE_SITE, ROOT

VENDOR = os.path.join(ROOT, "theme", "assets", "navigator", "vendor")
# qrcode-generator 2.0.4 from npm, dist/qrcode.js, unchanged. A new version or an edit changes
# this: read the difference, then update the version and hash here and in docs/architecture.md.
ENCODER = "qrcode-generator.js"
ENCODER_VERSION = "2.0.4"
ENCODER_SHA256 = "79ec86f82856005b1c887905cfccfcfbec3821ca61c7fd5a952faa5f778f791c"
TODAY = dt.date(2026, 11, 21)


def renderer(site_url: str):
    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None,
                           site_name="Fixture", today=TODAY, site_url=site_url)
    return run.renderer


def entry(r, rid: str):
    return next(e for e in r.directory.entries if e.id == rid)


def test_bundled_encoder_is_the_reviewed_file():
    """The vendored encoder's bytes match the pinned SHA-256, so any change gets a review."""
    with open(os.path.join(VENDOR, ENCODER), "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == ENCODER_SHA256


def test_bundled_encoder_ships_with_its_licence_and_is_documented():
    """The MIT licence sits beside the encoder; docs/architecture.md names its version and hash."""
    with open(os.path.join(VENDOR, "qrcode-generator.LICENSE.txt"), encoding="utf-8") as handle:
        licence = handle.read()
    assert f"qrcode-generator {ENCODER_VERSION}" in licence
    assert "Copyright (c) 2009 Kazuhiko Arase" in licence and "Permission is hereby granted" in licence
    with open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8") as handle:
        readme = handle.read()
    assert f"qrcode-generator` {ENCODER_VERSION}" in readme and ENCODER_SHA256 in readme


def test_resource_page_makes_no_qr_code_at_build(monkeypatch):
    """Rendering a resource page never calls segno: the page carries only the absolute short link, which qr.js encodes."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a QR code was made at build time")
    monkeypatch.setattr(qr, "qr_svg", refuse)
    monkeypatch.setattr(qr, "_make", refuse)
    r = renderer("https://fixture.example.org/")
    e = entry(r, "franklin-detox")
    body = r.resource_page(e).body
    short = "https://fixture.example.org/r/" + r.short_codes[e.id] + "/"
    assert f'class="rn-share__link" href="../../r/{r.short_codes[e.id]}/">{short}</a>' in body
    # The figure, its label and caption and the scripts come from the listing layout's bundle.
    assert "<figure" not in body and "data-qr" not in body and "<svg" not in body
    assert "<script" not in body


def test_without_site_url_the_short_link_is_relative():
    """A site without site_url has no absolute link to encode: qr.js draws a code only for an absolute one."""
    r = renderer("")
    e = entry(r, "franklin-detox")
    body = r.resource_page(e).body
    assert f'class="rn-share__link" href="../../r/{r.short_codes[e.id]}/">r/{r.short_codes[e.id]}/</a>' in body
    assert "data-qr" not in body


def listing_bundle(site: str, page: str) -> str:
    """The deferred script bundle a built listing page loads (generator/bundles.py)."""
    found = re.search(r'<script defer id="rn-list-strings" data-root="\.\./\.\./" '
                      r'src="((?:\.\./)+)(assets/navigator/shared/bundle-[0-9a-f]{12}\.js)"></script>', page)
    assert found, "the listing page loads no script bundle"
    with open(os.path.join(site, found[2]), encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("path", ["resources/east-detox/index.html", "resources/noon-aa/index.html"])
def test_built_resource_pages_carry_the_short_link_for_the_qr(find_site, path):
    """Each built resource page's short link text is the absolute link, and its script bundle holds the encoder and qr.js."""
    with open(os.path.join(find_site, path), encoding="utf-8") as handle:
        page = handle.read()
    shown = re.search(r'class="rn-share__link" href="\.\./\.\./(r/[a-z2-7]{8}/)">([^<]+)<', page)
    assert shown and shown[2] == "https://find.example.org/" + shown[1]
    bundle = listing_bundle(find_site, page)
    for name in ("qr.js", "vendor/" + ENCODER, "share.js"):
        with open(os.path.join(ROOT, "theme", "assets", "navigator", name), encoding="utf-8") as handle:
            assert handle.read().rstrip("\n") in bundle, name
    assert bundle.index("var qrcode = function") < bundle.index("root.RNQr = factory()")
    assert '"qrLabel":"QR code for {name}"' in bundle
