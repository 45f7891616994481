""""Report a change" and "Edit this listing" in Chromium on a site that names its repository:
the links carry the listing id, its file:line and the page address, and nothing is requested
from another host before a tap. A site without a repository shows neither."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import EPOCH, build, copy_fixture_site, served

PAGES = {"resource": "franklin-detox", "meeting": "tuesday-night-aa"}


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory) -> str:
    project = copy_fixture_site(str(tmp_path_factory.mktemp("linked") / "project"))
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("  - navigator\n", "  - navigator:\n      repository: "
                                  "https://github.com/fixture-org/navigator\n      report_email: "
                                  "listings@fixture.example.org\n"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return project


def origin(project: str, listing: str) -> str:
    """Where the listing starts, found by reading the catalog files as a coordinator would."""
    for folder, _dirs, files in os.walk(project):
        for name in sorted(files):
            if not name.endswith(".yaml") or "site" in folder.split(os.sep):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    if re.match(rf"^\s*- id: {re.escape(listing)}\s*$", line):
                        return f"{os.path.relpath(path, project)}:{number}"
    raise AssertionError(f"{listing} not in the catalog")


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(PAGES))
def test_report_link_carries_listing_source_and_page(browser, linked_site, kind):
    """The link opens GitHub's issue form with the id, file:line and address filled in; no
    request leaves the site before the tap."""
    listing = PAGES[kind]
    with served(os.path.join(linked_site, "site")) as base:
        context = browser.new_context()
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}resources/{listing}/")
        page.wait_for_load_state("networkidle")
        report = page.get_by_role("link", name="Report a change")
        href = report.get_attribute("href")
        edit = page.get_by_role("link", name="Edit this listing").get_attribute("href")
        email = page.locator("a.rn-fix__email").get_attribute("href")
        notice = page.locator(".rn-fix").inner_text()
        assert [u for u in requests if urlsplit(u).netloc != urlsplit(base).netloc] == []
        assert report.is_visible()
        context.close()
    parts = urlsplit(href)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    where = origin(linked_site, listing)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/fixture-org/navigator/issues/new")
    assert query["template"] == "report-a-change.yml"
    assert query["listing"] == listing and query["source"] == where
    assert query["page"] == f"https://fixture.example.org/resources/{listing}/"
    file, line = where.rsplit(":", 1)
    assert edit == f"https://github.com/fixture-org/navigator/edit/main/{file}#L{line}"
    assert email.startswith("mailto:listings@fixture.example.org?subject=")
    assert "GitHub account" in notice and "public" in notice


def test_the_form_asks_for_what_the_link_fills_in():
    """The issue form in the template has a field for each key the link fills in, and the three
    questions a reporter answers."""
    import yaml

    from generator import corrections
    from tests.conftest import ROOT

    with open(os.path.join(ROOT, ".github", "ISSUE_TEMPLATE", corrections.FORM), encoding="utf-8") as handle:
        form = yaml.safe_load(handle)
    ids = [item.get("id") for item in form["body"] if item["type"] != "markdown"]
    assert set(corrections.FORM_FIELDS) <= set(ids)
    assert {"wrong", "right", "how"} <= set(ids)


def test_site_without_repository_shows_no_links(fixture_site):
    """The fixture site names no repository: its listing and region pages have no such links."""
    for page in ("resources/franklin-detox/index.html", "regions/franklin/index.html"):
        with open(os.path.join(fixture_site, page), encoding="utf-8") as handle:
            text = handle.read()
        assert "rn-fix" not in text and "github.com" not in text
