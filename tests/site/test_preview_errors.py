"""Catalog errors in the live preview: a box on every page (escaped, within the site's CSP) that
goes away by itself once the error is fixed, the same lines in the terminal, and the address to
open printed at start."""

from __future__ import annotations

import http.client
import os
import pathlib
import shutil
import signal
import time

import pytest

from generator import overlay
from generator.errors import CatalogError, Problem
from tests.conftest import ROOT, copy_fixture_site
from tests.site.test_preview import _free_port, _get, _start_preview, _wait

PAGE = b"<html><head><title>t</title></head><body class='x'><h1>Hi</h1></body></html>"


def test_the_box_is_first_in_the_body_and_escapes_the_text():
    """Every problem's place, field and message are in the box, as text."""
    box = overlay.Overlay()
    box.last_good = object()
    box.failed(CatalogError([Problem("catalog/<a>.yaml", 4, 15, "category",
                                     "'<b>x</b>' is not a known category")]))
    page = overlay.inject(PAGE, "/", 7, box).decode()
    assert page.index("<body class='x'>") < page.index('class="navigator-errors"') < page.index("<h1>")
    assert "catalog/&lt;a&gt;.yaml:4:15</code> <strong>category</strong>: &#39;&lt;b&gt;x&lt;/b&gt;&#39;" \
        in page
    assert "<b>" not in page
    assert '<link rel="stylesheet" href="/_navigator-preview/preview.css">' in page
    assert page.endswith('<script src="/_navigator-preview/preview.js" data-epoch="7"></script>'
                         "</body></html>")


def test_no_box_without_errors_and_none_after_a_good_rebuild():
    """A catalog without errors gets only the reload script; a good rebuild clears the box."""
    box = overlay.Overlay()
    assert b"navigator-errors" not in overlay.inject(PAGE, "/", 1, box)
    box.last_good = object()
    box.failed(CatalogError([Problem("a.yaml", 1, 1, "", "bad")]))
    assert b"navigator-errors" in overlay.inject(PAGE, "/", 1, box)
    box.succeeded(object())
    assert b"navigator-errors" not in overlay.inject(PAGE, "/", 1, box)


def test_the_middleware_serves_its_files_and_fixes_the_length():
    """HTML answers grow by the box with a matching Content-Length; the CSS is served."""
    box = overlay.Overlay()
    box.last_good = object()
    box.failed(CatalogError([Problem("a.yaml", 1, 1, "", "bad")]))

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Length", str(len(PAGE)))])
        return [PAGE]

    class Server:
        mount_path = "/sub/"

    answers = []
    wrapped = overlay.middleware(app, Server(), box)
    body = b"".join(wrapped({"PATH_INFO": "/sub/x/"}, lambda s, h: answers.append((s, h))))
    assert dict(answers[0][1])["Content-Length"] == str(len(body)) and b"navigator-errors" in body
    css = b"".join(wrapped({"PATH_INFO": "/sub/_navigator-preview/preview.css"},
                           lambda s, h: answers.append((s, h))))
    assert answers[1][0] == "200 OK" and css.startswith(b"/*")


@pytest.mark.browser
def test_an_error_shows_on_the_open_page_and_goes_away_when_fixed(tmp_path, browser):
    """In Chromium: an error saved while the page is open shows in a box (escaped, styled within
    the CSP) without reloading by hand; fixing it removes the box; the terminal has the lines."""
    project = copy_fixture_site(str(tmp_path / "project"))
    path = os.path.join(project, "catalog", "franklin.yaml")
    with open(path, encoding="utf-8") as handle:
        good = handle.read()
    port = _free_port()
    server = _start_preview(project, port)
    url = f"http://127.0.0.1:{port}/resources/franklin-detox/"
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "_navigator-preview" in m.text else None)
    try:
        assert _wait(url, "<h1>"), "the preview never served the page"
        page.goto(url)
        assert page.locator(".navigator-errors").count() == 0
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(good.replace("    category: detox\n", "    category: <b>detox</b>\n", 1))
        box = page.locator(".navigator-errors")
        box.wait_for(state="visible", timeout=60_000)
        text = box.inner_text()
        assert "The catalog has 1 error" in text
        assert "catalog/franklin.yaml:4:15 category: '<b>detox</b>' is not a known category" in text
        assert box.locator("b").count() == 0
        assert box.evaluate("e => getComputedStyle(e).position") == "fixed"  # preview.css applied
        page.screenshot(path=str(tmp_path / "preview-error-390.png"))
        page.set_viewport_size({"width": 320, "height": 700})
        page.screenshot(path=str(tmp_path / "preview-error-320.png"))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(good)
        box.wait_for(state="detached", timeout=60_000)
        assert page.locator("h1").inner_text() == 'Scioto <Detox> & "Withdrawal" Center'
        assert violations == []
    finally:
        context.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    err = server.stderr.read()
    assert f"The preview is at http://127.0.0.1:{port}/ (it rebuilds when you save a file; Ctrl+C " \
        "stops it)" in err
    assert "catalog/franklin.yaml:4:15: category: '<b>detox</b>' is not a known category" in err
    assert "1 error found in the catalog. The preview keeps showing the last version without " \
        "errors; fix them and save, and it updates by itself." in err
    assert "Aborted with a BuildError" not in err


def test_a_placeholder_mistake_shows_in_the_preview_and_goes_away(tmp_path):
    """A misspelt placeholder on a hand-written page: the box with its line, then none once fixed."""
    project = copy_fixture_site(str(tmp_path / "project"))
    path = os.path.join(project, "content", "index.md")
    with open(path, encoding="utf-8") as handle:
        good = handle.read()
    port = _free_port()
    server = _start_preview(project, port)
    url = f"http://127.0.0.1:{port}/resources/franklin-detox/"
    try:
        assert _wait(url, "<h1>"), "the preview never served the page"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(good.replace("{{ region_tree }}", "{{ region_trees }}"))
        assert _wait(url, "content/index.md:7:1</code> <strong>placeholder</strong>: unknown "
                     "placeholder {{ region_trees }}"), "the box never showed"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(good)
        assert _wait(url, "<h1>") and _gone(url, "navigator-errors"), "the box never went"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "1 error found in the pages. The preview keeps showing" in server.stderr.read()


def _gone(url: str, needle: str, limit: float = 60.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if needle not in _get(url):
            return True
        time.sleep(0.1)
    return False


def test_serve_prints_the_address_that_answers_without_a_redirect(tmp_path):
    """With the shipped mkdocs.yml (a site_url with a path), the printed address is the page."""
    project = str(tmp_path / "shipped")
    os.makedirs(project)
    for name in ("mkdocs.yml", "resources.yaml"):
        shutil.copy(os.path.join(ROOT, name), project)
    for name in ("catalog", "content", "theme"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(project, name))
    port = _free_port()
    server = _start_preview(project, port)
    try:
        assert _wait(f"http://127.0.0.1:{port}/recovery-navigator/", "<title>"), "never served"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/recovery-navigator/")
        answer = connection.getresponse()
        assert answer.status == 200 and b"<title>" in answer.read()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert server.stderr.read().startswith(
        f"The preview is at http://127.0.0.1:{port}/recovery-navigator/ (it rebuilds when you save a "
        "file; Ctrl+C stops it)\n")


def test_a_new_file_saved_with_a_mistake_is_watched_until_fixed(tmp_path):
    """A file in a folder first included together with a mistake in it: fixing the mistake
    clears the box, although no catalog with that folder was built before."""
    from tests.site.test_preview import TUCSON

    project = copy_fixture_site(str(tmp_path / "project"))
    port = _free_port()
    server = _start_preview(project, port)
    url = f"http://127.0.0.1:{port}/resources/franklin-detox/"
    try:
        assert _wait(url, "<h1>"), "the preview never served the page"
        os.mkdir(os.path.join(project, "arizona"))
        new_file = os.path.join(project, "arizona", "tucson.yaml")
        with open(new_file, "w", encoding="utf-8") as handle:
            handle.write(TUCSON.format(name="Tucson Hotline").replace("crisis-line", "crisis-lines"))
        root = pathlib.Path(project, "resources.yaml")
        root.write_text(root.read_text(encoding="utf-8").replace(
            "  - catalog/*.yaml\n", "  - catalog/*.yaml\n  - arizona/*.yaml\n", 1), encoding="utf-8")
        assert _wait(url, "arizona/tucson.yaml:4:15</code> <strong>category</strong>"), "no box"
        time.sleep(3)  # rebuilds still queued from the edits above are over: only a watch helps
        with open(new_file, "w", encoding="utf-8") as handle:
            handle.write(TUCSON.format(name="Tucson Hotline"))
        assert _wait(f"http://127.0.0.1:{port}/resources/tucson-hotline/", "<h1>Tucson Hotline</h1>")
        assert _gone(url, "navigator-errors"), "the box never went"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_the_reload_script_polls_from_the_build_mkdocs_served():
    """The build number comes from MkDocs' own (CSP-blocked) inline reload script in the page,
    not from the server's private attributes; a page without it polls from 0."""
    page = b"<body><p>x</p><script>livereload(1733433600123456, 99);</script></body>"
    assert overlay._epoch(page) == 1733433600123456
    assert overlay._epoch(PAGE) == 0
