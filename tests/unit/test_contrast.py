"""WCAG contrast of palettes (generator/contrast.py), the checkbox names of task lists
(generator/tasklist.py), sms: links and the placeholder site_url warning."""

from __future__ import annotations

import os

import pytest

from generator import contrast, phones, share, tasklist

THEME_CSS = os.path.join(os.path.dirname(__file__), "..", "..", "theme", "assets", "navigator",
                         "navigator.css")


def test_ratio_matches_wcag_reference_figures():
    """Black on white is 21:1, white on white 1:1, Material's teal #009485 on white 3.77:1."""
    white, black = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
    assert contrast.ratio(black, white) == pytest.approx(21.0)
    assert contrast.ratio(white, white) == pytest.approx(1.0)
    assert contrast.ratio(contrast.parse_color("#009485"), white) == pytest.approx(3.77, abs=0.01)


def test_translucent_colours_are_laid_over_their_background():
    """A colour with alpha is composited over what lies under it (#ffffff80 over black is grey)."""
    grey = contrast.parse_color("#ffffff80", under=(0.0, 0.0, 0.0))
    assert grey == pytest.approx((128 / 255,) * 3, abs=0.002)
    assert contrast.parse_color("hsla(0, 0%, 100%, 0.5)", under=(0.0, 0.0, 0.0)) == pytest.approx((0.5,) * 3)


def test_materials_teal_is_reported_with_its_figure():
    """The named teal palette warns for header text and links at 3.77:1, naming the fix."""
    warnings = contrast.palette_warnings({"palette": {"primary": "teal", "accent": "deep orange"}}, [], [])
    assert any("header text at 3.77:1 contrast, below the 4.5:1 of WCAG 2.1 AA" in w for w in warnings)
    assert any("links at 3.77:1" in w for w in warnings)
    assert all(w.startswith("theme.palette in mkdocs.yml: scheme default, primary teal") for w in warnings)


def test_the_themes_own_palette_meets_aa_in_both_schemes():
    """primary/accent custom, with the theme's stylesheet, gives no warning, light or dark."""
    folder = os.path.dirname(THEME_CSS)
    palette = [{"scheme": s, "primary": "custom", "accent": "custom"} for s in ("default", "slate")]
    assert contrast.palette_warnings({"palette": palette}, ["navigator.css"], [folder]) == []


def test_checkboxes_are_named_by_their_item():
    """A task-list checkbox gets its item's text (tags dropped, escaped) as aria-label."""
    html = ('<li class="task-list-item"><label class="task-list-control"><input type="checkbox" '
            'disabled/><span class="task-list-indicator"></span></label> I\'m <em>"new"</em> &amp; here</li>')
    out = tasklist.name_checkboxes(html)
    assert 'aria-label="I&#x27;m &quot;new&quot; &amp; here" disabled/>' in out


def test_sms_links_carry_the_keyword():
    """A text line becomes an sms: link to its E.164 number with the keyword as the body."""
    assert phones.sms_uri("741741", "US", "HOME") == "sms:741741?&body=HOME"
    assert phones.sms_uri("(412) 555-0112", "US") == "sms:+14125550112"


def test_placeholder_site_url_warns():
    """A site_url on example.org names itself in a warning; a real one gives none."""
    assert "site_url is https://example.org/x/, a placeholder" in share.site_url_warning("https://example.org/x/")
    assert share.site_url_warning("https://someone.github.io/navigator/") is None
    assert share.site_url_warning(None) is None
    assert share.site_url_warning("https://fixture.example.org/") is None  # chosen, not left over
