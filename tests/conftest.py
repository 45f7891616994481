"""Shared fixtures: a built copy of the fixture site, a local web server, headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import threading

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_SITE = os.path.join(ROOT, "tests", "fixtures", "site")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "fixtures")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EPOCH = "1795219200"  # SOURCE_DATE_EPOCH of every test build: 2026-11-21


def copy_project(source: str, dest: str) -> str:
    """A writable copy of a fixture project whose theme points back at the project's theme."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", ".cache"))
    config = os.path.join(dest, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("custom_dir: ../../../theme", f"custom_dir: {ROOT}/theme"))
    return dest


def copy_fixture_site(dest: str) -> str:
    """A writable copy of the fixture site (tests/fixtures/site)."""
    return copy_project(FIXTURE_SITE, dest)


def site_digest(site: str) -> dict[str, str]:
    """Every file under ``site`` with the SHA-256 of its bytes."""
    out = {}
    for folder, _dirs, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                out[os.path.relpath(path, site)] = hashlib.sha256(handle.read()).hexdigest()
    return out


@functools.cache
def _axe_script() -> str:
    import axe_playwright_python

    with open(os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js"),
              encoding="utf-8") as handle:
        return handle.read()


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each."""
    page.evaluate(_axe_script() + "\n;0")  # as DevTools does: the page's CSP refuses inline scripts
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in result["violations"]]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass

    def send_error(self, code, message=None, explain=None):
        """A missing path gets the site's 404.html with status 404, as GitHub Pages answers."""
        page = os.path.join(self.directory, "404.html")
        if code != 404 or not os.path.exists(page):
            return super().send_error(code, message, explain)
        with open(page, "rb") as handle:
            body = handle.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Under(_Quiet):
    """The site under a path (``/recovery-navigator/``), as GitHub Pages serves a project."""
    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, "no such file")
        return super().translate_path("/" + path[len(self.prefix):])


@contextlib.contextmanager
def served(site: str, prefix: str = "/"):
    """``site`` over HTTP on 127.0.0.1 for the duration, at ``prefix``; yields its base URL."""
    handler = functools.partial(type("Handler", (_Under,), {"prefix": prefix}), directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()


def build(project: str, *extra: str) -> int:
    from generator.cli import main

    return main(["build", "-f", os.path.join(project, "mkdocs.yml"), *extra])


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> str:
    """The fixture catalog built once per session (with the search index); returns site/."""
    project = copy_fixture_site(str(tmp_path_factory.mktemp("fixture") / "project"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return os.path.join(project, "site")


# What `make site` builds: the shipped mkdocs.yml, catalog, content and theme, untouched. The
# fixture site (tests/fixtures/site) differs on purpose: a small catalog with edge cases and
# Material's default palette, so that tests of the theme in any palette have a second project.
SHIPPED_FILES = ("mkdocs.yml", "resources.yaml", "catalog", "content", "theme")


def copy_shipped_project(dest: str) -> str:
    """A writable copy of the shipped project (config, catalog, content, theme), nothing else."""
    os.makedirs(dest)
    for name in SHIPPED_FILES:
        source = os.path.join(ROOT, name)
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(dest, name))
        else:
            shutil.copy2(source, os.path.join(dest, name))
    return dest


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> str:
    """The shipped project built once per session, as `make site` builds it; returns site/."""
    project = copy_shipped_project(str(tmp_path_factory.mktemp("shipped") / "project"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return os.path.join(project, "site")


# The shipped project with one setting changed on purpose: other_language_listings: translated,
# the choice for a national catalog (docs/translating.md). Spanish listing pages then exist only
# for the listings the shipped catalog translates.
TRANSLATED_ONLY = "      other_language_listings: translated\n"


@pytest.fixture(scope="session")
def translated_site(tmp_path_factory) -> str:
    """The shipped project built with Spanish listing pages only for translated listings."""
    project = copy_shipped_project(str(tmp_path_factory.mktemp("translated") / "project"))
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    assert text.count("      languages: [en, es]\n") == 1, "the shipped mkdocs.yml changed its languages line"
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("      languages: [en, es]\n", "      languages: [en, es]\n" + TRANSLATED_ONLY))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return os.path.join(project, "site")


@pytest.fixture(scope="session")
def serve_shipped(shipped_site):
    """The built shipped site over HTTP on 127.0.0.1 at the path of its site_url (the 404 page's
    addresses start there, as MkDocs writes them); yields its base URL."""
    from urllib.parse import urlsplit

    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:  # it uses !ENV
        site_url = yaml.load(handle, Loader=get_yaml_loader()).get("site_url") or "/"
    with served(shipped_site, urlsplit(site_url).path or "/") as url:
        yield url


@pytest.fixture(scope="session")
def serve_site(fixture_site):
    """The built fixture site over HTTP on 127.0.0.1; yields its base URL."""
    with served(fixture_site) as url:
        yield url


def need_chromium(what: str = "browser tests") -> str:
    """Debian's Chromium and Playwright, or a skip locally and a failure under CI=true."""
    problem = None
    if not os.path.exists(CHROMIUM):
        problem = f"no browser at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "playwright is not installed (make test installs it)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} must run in CI: {problem}")
        pytest.skip(problem)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped locally when absent, an error under CI."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, serve_site):
    """A fresh page that records every request and console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []
    pg.errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
