"""Printing the Spanish guides in headless Chromium: each prints on as many sheets as its English
original, on Letter and A4, in ordinary and large print, without a last page printed for
nothing (Spanish runs longer, so the translation is kept tight enough to fit)."""

from __future__ import annotations

import glob
import os

import pytest

from tests.conftest import ROOT
from tests.print.conftest import words
from tests.print.test_browser import MIN_LAST_PAGE, PAPERS

pytestmark = pytest.mark.browser

SPANISH = sorted(os.path.basename(p)[:-3]
                 for p in glob.glob(os.path.join(ROOT, "content", "es", "guides", "*.md"))
                 if not p.endswith("index.md"))


def test_every_spanish_guide_has_an_english_original():
    """A Spanish guide is the counterpart of an English one, at the same file name."""
    assert SPANISH
    for name in SPANISH:
        assert os.path.exists(os.path.join(ROOT, "content", "guides", name + ".md")), name


@pytest.mark.parametrize("mode", ["", "#large-print"])
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", SPANISH)
def test_spanish_guide_prints_on_as_many_pages_as_the_english_one(printer, serve_real, name,
                                                                   paper, mode):
    """Same number of printed pages as the English guide, with the Spanish title, and a last
    page worth printing."""
    english = printer(serve_real + f"guides/{name}/{mode}", paper)
    spanish = printer(serve_real + f"es/guides/{name}/{mode}", paper)
    title = printer.page.locator("h1").first.inner_text().rstrip("¶")
    assert title in words("\n".join(spanish)) and title != "404", title
    assert len(spanish) == len(english), (len(english), len(spanish))
    assert len("".join(spanish[-1].split())) >= MIN_LAST_PAGE, spanish[-1]
    assert printer.page.errors == []
