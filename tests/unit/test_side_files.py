"""Short-link pages filled from one render of their template: the same HTML as rendering each
page, every value escaped; templates that transform a value are rendered page by page."""

from __future__ import annotations

import os

import jinja2
import pytest
from markupsafe import Markup

from export_catalogs import directories
from generator import csp, share, side_files
from generator.render import Renderer

HOSTILE = ['<script>alert(1)</script>', '" onmouseover="x', "Tom & Jerry's", "{{ 7*7 }}", "plain"]


@pytest.fixture(scope="module")
def payload():
    return directories()["payload"]


def environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def test_every_short_link_page_equals_its_own_render(payload):
    """For hostile names, the filled page is what short_link.html renders for that resource."""
    renderer = Renderer(payload, site_url="https://example.org/navigator/")
    template = renderer.env.get_template("short_link.html")
    context = {"d": payload, "csp_meta": Markup(csp.meta_tag())}
    page = side_files.ShortLinkPage(template, **context)
    page.check(**side_files.short_link_values(renderer, payload.entries[0]))
    assert page.stamped
    written = dict(side_files.files(renderer))
    for entry in payload.entries:
        values = side_files.short_link_values(renderer, entry)
        html = template.render(**context, **values)
        assert page.render(**values) == html
        assert written[share.short_url(renderer.short_codes[entry.id]) + "index.html"] == html.encode()
        assert "<script>alert" not in html.split("</head>")[1]


@pytest.mark.parametrize("name", HOSTILE)
def test_values_are_escaped_like_autoescape(name):
    """Each value goes in escaped exactly as Jinja's autoescape escapes it."""
    template = environment().from_string('<a href="{{ target }}" title="{{ name }}">{{ name }}</a>'
                                         '<link href="{{ canonical }}">')
    page = side_files.ShortLinkPage(template)
    values = {"name": name, "target": "../../r/" + name, "canonical": "https://x.org/?a=1&b=2"}
    assert page.stamped and page.render(**values) == template.render(**values)


def test_a_template_that_transforms_a_value_is_rendered_page_by_page():
    """A filter on a value leaves a marker behind; the page then comes from the template."""
    template = environment().from_string("<title>{{ name | upper }}</title>{{ target }}{{ canonical }}")
    page = side_files.ShortLinkPage(template)
    assert not page.stamped
    assert page.render(name="a<b", target="t", canonical="c") == "<title>A&lt;B</title>tc"


def test_a_template_that_tests_a_value_fails_the_check():
    """A value used in a condition gives a different page; the check turns the pieces off."""
    template = environment().from_string(
        "{{ name }}{% if name | length > 8 %} (long){% endif %}{{ target }}{{ canonical }}")
    page = side_files.ShortLinkPage(template)
    page.check(name="a long name", target="t", canonical="c")
    assert not page.stamped
    assert page.render(name="a long name", target="t", canonical="c") == "a long name (long)tc"


def test_write_makes_missing_folders_only(tmp_path):
    """Files land under the site; a folder is made when missing and an existing one is kept."""
    os.makedirs(tmp_path / "resources" / "a")
    (tmp_path / "resources" / "a" / "index.html").write_text("page", encoding="utf-8")
    count = side_files.write(str(tmp_path), [("resources/a/calendar.ics", b"ics"),
                                             ("r/abc/index.html", b"<p>")])
    assert count == 2
    assert (tmp_path / "resources" / "a" / "index.html").read_text(encoding="utf-8") == "page"
    assert (tmp_path / "r" / "abc" / "index.html").read_bytes() == b"<p>"
