"""The resource page's QR code: an element with the short link that qr.js draws in the browser,
no QR code made at build time, and the bundled encoder pinned to the reviewed file."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
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
    """Rendering a resource page never calls segno: the figure carries the link, hidden until drawn."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a QR code was made at build time")
    monkeypatch.setattr(qr, "qr_svg", refuse)
    monkeypatch.setattr(qr, "_make", refuse)
    r = renderer("https://fixture.example.org/")
    e = entry(r, "franklin-detox")
    body = r.resource_page(e).body
    short = "https://fixture.example.org/r/" + r.short_codes[e.id] + "/"
    figure = re.search(r'<figure class="rn-share__qr" data-qr="([^"]+)" data-qr-label="([^"]+)" hidden>'
                       r"<figcaption>Scan to open this page on another phone</figcaption></figure>", body)
    assert figure, "QR figure missing"
    assert figure[1] == short
    assert html.unescape(figure[2]) == f"QR code for {e.res.name}"
    assert "<svg" not in body
    assert body.index("vendor/qrcode-generator.js") < body.index("assets/navigator/qr.js")
    assert '<script defer src="../../assets/navigator/qr.js"></script>' in body


def test_without_site_url_there_is_no_qr_figure_or_script():
    """A site without site_url has no absolute link to encode: short link only, no QR script."""
    r = renderer("")
    body = r.resource_page(entry(r, "franklin-detox")).body
    assert 'class="rn-share__link"' in body
    assert "data-qr" not in body and "qr.js" not in body and "qrcode-generator" not in body


@pytest.mark.parametrize("path", ["resources/east-detox/index.html", "resources/noon-aa/index.html"])
def test_built_resource_pages_carry_the_short_link_for_the_qr(find_site, path):
    """Each built resource page's QR figure holds the same absolute link as its short link text."""
    with open(os.path.join(find_site, path), encoding="utf-8") as handle:
        page = handle.read()
    shown = re.search(r'class="rn-share__link" href="\.\./\.\./(r/[a-z2-7]{8}/)">([^<]+)<', page)
    assert shown and shown[2] == "https://find.example.org/" + shown[1]
    assert f'data-qr="{shown[2]}"' in page
    assert os.path.exists(os.path.join(find_site, "assets/navigator/qr.js"))
    assert os.path.exists(os.path.join(find_site, "assets/navigator/vendor", ENCODER))
