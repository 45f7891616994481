"""Fixtures for the print tests: the real site (content/ with its guides, the example catalog)
built once into a temporary folder, served over HTTP, and PDF helpers (Chromium, pdftotext)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from tests.conftest import EPOCH, ROOT, build, served
from tests.guides.prose import guide_names

GUIDES = tuple(guide_names())  # every guide in content/guides/, so a new one is printed too


def real_project(dest: str, **plugin_options: str) -> str:
    """A copy of the project's own mkdocs.yml that builds content/ and the example catalog from
    the repository into ``dest`` (nothing is written inside the repository)."""
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        text = handle.read()
    options = "".join(f"\n      {k}: {v}" for k, v in plugin_options.items())
    replaced = {
        "docs_dir: content": f"docs_dir: {ROOT}/content",
        "custom_dir: theme": f"custom_dir: {ROOT}/theme",
        "catalog: resources.yaml": f"catalog: {ROOT}/resources.yaml{options}",
    }
    for old, new in replaced.items():
        assert text.count(old) == 1, f"mkdocs.yml no longer has {old!r}; update tests/print"
        text = text.replace(old, new)
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, "mkdocs.yml"), "w", encoding="utf-8") as handle:
        handle.write(text)
    return dest


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> str:
    """The project's own site (guides, example catalog), without search; returns site/."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    project = real_project(str(tmp_path_factory.mktemp("real") / "project"))
    assert build(project, "--no-search") == 0
    return os.path.join(project, "site")


@pytest.fixture(scope="session")
def serve_real(real_site):
    with served(real_site) as url:
        yield url


def need(tool: str) -> str:
    """A command-line tool the test needs: skipped locally without it, an error under CI."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (apt-get install poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdf_pages(path: str) -> list[str]:
    """The text of each page of a PDF, in the order Chromium wrote it (pdftotext -raw keeps the
    cards of a row apart); pages are separated by form feeds."""
    text = subprocess.run([need("pdftotext"), "-raw", path, "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def word_height(path: str) -> float:
    """The most common height, in points, of the words' boxes in a PDF: the size of its body
    text, give or take the font's line spacing."""
    boxes = subprocess.run([need("pdftotext"), "-bbox", path, "-"], capture_output=True,
                           text=True, check=True).stdout
    heights = [round(float(b) - float(a), 1) for a, b in
               re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)]
    return max(set(heights), key=heights.count)


def words(text: str) -> str:
    """Text with runs of white space made single, for phrase checks across line ends."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium and Playwright, for the PDF build: skipped locally when either is
    missing, an error under CI (as the browser fixture does)."""
    from tests.conftest import need_chromium

    return need_chromium("the PDF build's tests")


def _wait_for_printed_date(page) -> None:
    """Until print.js has written "Printed <date>." where a page asks for it: on a loaded
    machine the PDF was once made before the deferred script had run. A page whose script never
    writes it is left to the test's own assertion."""
    import re

    from playwright.sync_api import expect

    stamps = page.locator("[data-rn-printed]")
    if not stamps.count():
        return
    label = stamps.first.get_attribute("data-label") or ""
    pattern = re.compile(re.escape(label).replace(re.escape("{date}"), ".+"))
    try:
        expect(stamps.first).to_have_text(pattern, timeout=10_000)
    except AssertionError:
        pass


@pytest.fixture
def printer(browser, tmp_path):
    """print(url, paper) -> list of page texts: the page printed to PDF by Chromium, the way a
    reader's Print command does (print media, the page's own @page rules)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="UTC")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def print_(url: str, paper: str = "Letter") -> list[str]:
        page.goto(url, wait_until="networkidle")
        _wait_for_printed_date(page)
        path = tmp_path / f"page-{paper}.pdf"
        page.pdf(path=str(path), format=paper)
        return pdf_pages(str(path))

    print_.page = page
    yield print_
    context.close()
