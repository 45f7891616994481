"""Printing the Spanish guides in headless Chromium: each prints on as many pages as its English
guide, on Letter and A4, in normal and in large print, with its title, its peer-support note,
the crisis line, its sources and its own address."""

from __future__ import annotations

import re

import pytest

from tests.print.conftest import GUIDES
from tests.print.test_browser import LARGE_PX, MIN_LAST_PAGE, NOON, PAPERS, smallest_printed_text, words
from tests.site.test_spanish_guides import spanish

pytestmark = pytest.mark.browser

MODES = ("", "#large-print")


def note_title(name: str) -> str:
    """The title of the guide's first note admonition (its peer-support note)."""
    return re.search(r'^!!! note "([^"]+)"', spanish(name), re.M)[1]


@pytest.mark.parametrize("mode", MODES, ids=["normal", "large"])
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", GUIDES)
def test_spanish_guide_prints_on_the_english_page_count(printer, serve_real, name, paper, mode):
    """The Spanish guide takes the same number of sheets as the English one (one or two), with
    no near-empty last page, and prints what a reader needs."""
    printer.page.clock.set_fixed_time(NOON)
    english = printer(serve_real + f"guides/{name}/{mode}", paper)
    pages = printer(serve_real + f"es/guides/{name}/{mode}", paper)
    assert len(pages) == len(english), (len(pages), len(english))
    assert len(re.sub(r"\s", "", pages[-1])) >= MIN_LAST_PAGE, pages[-1]
    text = words("\n".join(pages))
    assert printer.page.locator("h1").first.inner_text().rstrip("¶") in text
    for needle in (note_title(name), "988", "Fuentes:",
                   f"https://example.org/recovery-navigator/es/guides/{name}/"):
        assert needle in text, needle
    if mode:
        printer.page.emulate_media(media="print")
        size, sample = smallest_printed_text(printer.page)
        assert size >= LARGE_PX, (size, sample)
    assert printer.page.errors == []
