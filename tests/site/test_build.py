"""Whole-site tests on the fixture catalog: pages exist, links resolve, output is deterministic,
a failed build leaves the previous site alone."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser


from tests.conftest import build, copy_fixture_site, site_digest


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "script":
            self.scripts.append(attrs.get("src") or "")


def read(site: str, url: str) -> str:
    with open(os.path.join(site, url, "index.html"), encoding="utf-8") as handle:
        return handle.read()


def html_files(site: str):
    for folder, _dirs, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                yield os.path.join(folder, name)


def test_expected_pages_exist(fixture_site):
    """Home, regions, every region, every resource, every category and search are built."""
    for url in ("", "regions/", "search/", "regions/ohio/", "regions/franklin/", "regions/arizona/",
                "resources/franklin-detox/", "resources/tuesday-night-aa/", "resources/lifeline-988/",
                "categories/detox/", "categories/meeting/"):
        assert os.path.exists(os.path.join(fixture_site, url, "index.html")), url
    assert os.path.exists(os.path.join(fixture_site, "pagefind", "pagefind-ui.js"))


def test_shell_pages_are_not_published(fixture_site):
    """The theme shells used to wrap catalog pages leave no trace in the site."""
    assert not os.path.exists(os.path.join(fixture_site, "navigator-shell"))
    for path in html_files(fixture_site):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert "@@RN-" not in text, path
        assert "navigator-shell" not in text, path


def test_every_internal_link_resolves(fixture_site):
    """Each relative href/src on every page points at a file that exists (anchors included)."""
    assert broken_links(fixture_site) == []


def test_every_internal_link_resolves_in_shipped_site(shipped_site):
    """The same on the shipped site, both languages (a Spanish page's link into the
    language-neutral data/ once led to es/data/)."""
    assert broken_links(shipped_site, "/recovery-navigator/") == []


def broken_links(site: str, site_path: str = "/") -> list[str]:
    """Every href/src of the site's pages that leads to no file, as "page -> link"; a link
    starting with ``site_path`` (the 404 page's) counts from the site's root."""
    broken = []
    for path in html_files(site):
        parser = Links()
        with open(path, encoding="utf-8") as handle:
            parser.feed(handle.read())
        for link in parser.links:
            if re.match(r"^(https?:|tel:|sms:|mailto:|#|data:image/svg)", link):
                continue
            target = link.split("#")[0].split("?")[0]
            if target.startswith(site_path):
                resolved = os.path.normpath(os.path.join(site, target[len(site_path):]))
            else:
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
            if os.path.isdir(resolved):
                resolved = os.path.join(resolved, "index.html")
            if not os.path.exists(resolved) and not _short_link_known(site, resolved):
                broken.append(f"{os.path.relpath(path, site)} -> {link}")
    return broken


def _short_link_known(site: str, resolved: str) -> bool:
    """A short link has no file: the 404 page resolves it from its code's lookup page
    (short_links.py), which must hold the code."""
    match = re.fullmatch(r"((?:[a-z]{2}/)?r)/([a-z2-7]{8,13})", os.path.relpath(resolved, site).replace(os.sep, "/"))
    lookup = os.path.join(site, match[1], f"{match[2][:2]}.html") if match else ""
    if not match or not os.path.exists(lookup):
        return False
    with open(lookup, encoding="utf-8") as handle:
        return f'id="c-{match[2]}"' in handle.read()


def test_crisis_numbers_on_every_page(fixture_site):
    """988 and the SAMHSA helpline are tel: links on every page, hand-written or generated."""
    for path in html_files(fixture_site):
        if path.endswith("404.html"):
            continue
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert 'href="tel:988"' in text, path
        assert 'href="tel:+18006624357"' in text, path


def test_region_page_has_regional_crisis_line_and_schedule(fixture_site):
    """A county page lists its own crisis line in the bar and meetings grouped by day."""
    html = read(fixture_site, "regions/franklin/")
    bar = html.split('class="rn-crisis"')[1].split("</div>")[0]
    assert "tel:+16145550199" in bar
    days = re.findall(r'<h3 id="day-(\w+)">', html)
    assert days == ["monday", "tuesday", "saturday"]
    assert "11:30\u202fPM–12:30\u202fAM" in html or "11:30 PM–12:30 AM" in html


def test_catalog_text_is_escaped(fixture_site):
    """Markup and template syntax in catalog values reach the page as inert text."""
    html = read(fixture_site, "resources/franklin-detox/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<h1>Scioto &lt;Detox&gt; &amp; &#34;Withdrawal&#34; Center</h1>" in html
    meeting = read(fixture_site, "resources/tuesday-night-aa/")
    assert "Tuesday Night {{ Hope }} Group" in meeting


def test_no_third_party_assets(fixture_site):
    """No page loads a script, style, font or image from another host."""
    for path in html_files(fixture_site):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', text), path
        assert not re.search(r'<link[^>]+rel="(stylesheet|preconnect|preload)"[^>]+href="(https?:)?//', text), path
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_sitemap_lists_catalog_pages(fixture_site):
    """The sitemap has hand-written and catalog pages with absolute addresses, no shells."""
    with open(os.path.join(fixture_site, "sitemap.xml"), encoding="utf-8") as handle:
        text = handle.read()
    assert "<loc>https://fixture.example.org/resources/franklin-detox/</loc>" in text
    assert "<loc>https://fixture.example.org/search/</loc>" in text
    assert "navigator-shell" not in text


_digest = site_digest


def test_builds_are_byte_identical(tmp_path, monkeypatch):
    """Two builds of the same input produce the same bytes in every file."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    first = copy_fixture_site(str(tmp_path / "a"))
    second = copy_fixture_site(str(tmp_path / "b"))
    assert build(first) == 0
    assert build(second) == 0
    a, b = _digest(os.path.join(first, "site")), _digest(os.path.join(second, "site"))
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_failed_build_leaves_previous_site(tmp_path, capsys):
    """A catalog error stops the build, names file:line, and the old site stays byte for byte."""
    project = copy_fixture_site(str(tmp_path / "p"))
    assert build(project, "--no-search") == 0
    before = _digest(os.path.join(project, "site"))
    path = os.path.join(project, "catalog", "franklin.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace('time: "19:30"', 'time: "7:30 PM"'))
    assert build(project, "--no-search") == 1
    err = capsys.readouterr().err
    assert ('catalog/franklin.yaml:47:15: schedule[0].time: \'7:30 PM\' is not a 24-hour time; '
            'write the time as "19:30"') in err
    assert _digest(os.path.join(project, "site")) == before
    leftovers = [n for n in os.listdir(project) if n.startswith(".site-")]
    assert leftovers == []


def test_unknown_placeholder_is_a_build_error(tmp_path, capsys):
    """A misspelt placeholder in a hand-written page fails the build with its file and line."""
    project = copy_fixture_site(str(tmp_path / "p"))
    with open(os.path.join(project, "content", "index.md"), "a", encoding="utf-8") as handle:
        handle.write("\n{{ region_trees }}\n")
    assert build(project, "--no-search") == 1
    err = capsys.readouterr().err
    assert "content/index.md:11:1: placeholder: unknown placeholder {{ region_trees }}; the known " \
        "ones are: " in err


def test_parallel_rendering_gives_the_same_site(tmp_path, monkeypatch):
    """Rendering in two forked processes writes exactly what one process writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    one = copy_fixture_site(str(tmp_path / "one"))
    two = copy_fixture_site(str(tmp_path / "two"))
    monkeypatch.setenv("NAVIGATOR_WORKERS", "1")
    assert build(one, "--no-search") == 0
    monkeypatch.setenv("NAVIGATOR_WORKERS", "2")
    assert build(two, "--no-search") == 0
    assert _digest(os.path.join(one, "site")) == _digest(os.path.join(two, "site"))
