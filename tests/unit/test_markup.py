"""Descriptions in limited Markdown: escaped HTML, safe links only, no images or headings."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from generator import markup

REL = 'rel="nofollow noreferrer"'


def test_raw_html_is_escaped():
    """A <script> tag typed in a description is shown as text, never as HTML."""
    assert str(markup.markdown("<script>alert(1)</script> hi")) == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; hi</p>\n")


def test_inline_html_with_event_handler_is_escaped():
    """An <img onerror> typed inline is escaped text."""
    assert str(markup.markdown("a <img src=x onerror=alert(1)>")) == (
        "<p>a &lt;img src=x onerror=alert(1)&gt;</p>\n")


def test_raw_html_block_is_escaped():
    """A block of HTML (an iframe) is escaped, not rendered."""
    assert str(markup.markdown('<iframe src="https://evil.example"></iframe>')) == (
        '<p>&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;</p>\n')


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JaVaScript:alert(1)",
                                  "data:text/html,<b>x</b>", "vbscript:msgbox(1)"])
def test_dangerous_scheme_links_are_not_linked(link):
    """javascript:, data: and vbscript: links produce no <a> and no href."""
    html = str(markup.markdown(f"[click]({link})"))
    assert "<a" not in html
    assert "href" not in html
    assert html.startswith("<p>[click](")


def test_javascript_reference_link_is_not_linked():
    """A reference-style definition pointing at javascript: is not turned into a link."""
    html = str(markup.markdown("[ref]\n\n[ref]: javascript:alert(1)"))
    assert "<a" not in html
    assert html == "<p>[ref]</p>\n<p>[ref]: javascript:alert(1)</p>\n"


def test_images_are_not_rendered():
    """Image syntax never produces an <img> tag."""
    html = str(markup.markdown("![alt](https://example.org/a.png)"))
    assert "<img" not in html
    assert html == (f'<p>!<a href="https://example.org/a.png" {REL}>alt</a></p>\n')


@pytest.mark.parametrize("source, expected", [
    ("# Head\n\ntext", "<p># Head</p>\n<p>text</p>\n"),
    ("### Small", "<p>### Small</p>\n"),
    ("Heading\n===\n", "<p>Heading\n===</p>\n"),
])
def test_headings_are_not_rendered(source, expected):
    """ATX and setext headings stay as plain paragraph text."""
    assert str(markup.markdown(source)) == expected


def test_allowed_link_gets_rel():
    """An https link is kept and gets rel="nofollow noreferrer"."""
    assert str(markup.markdown("[site](https://example.org/a?b=1)")) == (
        f'<p><a href="https://example.org/a?b=1" {REL}>site</a></p>\n')


def test_link_title_cannot_inject_attributes():
    """A quote inside a link title stays inside the title attribute (no onmouseover)."""
    html = str(markup.markdown('[x](https://example.org "a\\" onmouseover=alert(1) b")'))
    assert html == ('<p><a href="https://example.org" title="a&quot; onmouseover=alert(1) b" '
                    f'{REL}>x</a></p>\n')


def test_attribute_list_syntax_is_not_applied():
    """'{: onclick=...}' after a link is plain text, not an attribute."""
    assert str(markup.markdown('[x](https://example.org){: onclick="x"}')) == (
        f'<p><a href="https://example.org" {REL}>x</a>{{: onclick="x"}}</p>\n')


def test_tel_and_mailto_links_are_allowed():
    """tel: and mailto: links are kept, with rel."""
    assert str(markup.markdown("[call](tel:+12155550123) [mail](mailto:a@example.org)")) == (
        f'<p><a href="tel:+12155550123" {REL}>call</a> '
        f'<a href="mailto:a@example.org" {REL}>mail</a></p>\n')


def test_autolink_is_allowed():
    """An <https://...> autolink becomes a link with rel."""
    assert str(markup.markdown("<https://example.org>")) == (
        f'<p><a href="https://example.org" {REL}>https://example.org</a></p>\n')


def test_template_syntax_stays_literal():
    """{{ 7*7 }} is text, never evaluated."""
    assert str(markup.markdown("{{ 7*7 }} and {% if x %}")) == "<p>{{ 7*7 }} and {% if x %}</p>\n"


def test_emphasis_lists_and_code_are_kept():
    """The allowed formatting (strong, em, lists, inline code) is rendered."""
    assert str(markup.markdown("**bold** *it* `code`\n\n- a\n- b")) == (
        "<p><strong>bold</strong> <em>it</em> <code>code</code></p>\n"
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")


@pytest.mark.parametrize("source, expected", [
    ("> quote", "<p>&gt; quote</p>\n"),
    ("---", "<p>---</p>\n"),
    ("    indented", "<p>indented</p>\n"),
])
def test_block_features_are_disabled(source, expected):
    """Blockquotes, rules and indented code blocks are not rendered as such."""
    assert str(markup.markdown(source)) == expected


def test_markdown_returns_markup_and_empty_for_none():
    """The result is Markup (safe for Jinja); None or "" gives empty Markup."""
    assert isinstance(markup.markdown("x"), Markup)
    assert markup.markdown(None) == Markup("")
    assert markup.markdown("") == Markup("")


def test_plain_strips_markdown_tags():
    """plain() removes the tags Markdown produces and joins whitespace."""
    assert markup.plain("**Bold** and [link](https://example.org)\n\nSecond  para") == (
        "Bold and link Second para")


def test_plain_unescapes_entities():
    """plain() returns text, so entities become characters."""
    assert markup.plain("Tom & Jerry &lt; 6") == "Tom & Jerry < 6"


def test_plain_keeps_typed_html_as_the_visible_text():
    """Typed HTML is not markup in a description, so plain() keeps it as the text readers see."""
    assert markup.plain("<b>tag</b> x") == "<b>tag</b> x"


def test_plain_of_nothing():
    """plain(None) and plain("") are empty strings."""
    assert markup.plain(None) == ""
    assert markup.plain("") == ""


def test_inline_escapes():
    """inline() escapes text for use in HTML."""
    assert str(markup.inline("<b>&</b>")) == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert str(markup.inline(None)) == ""


@pytest.mark.parametrize("typed", ["snake_case_words", "__init__", "file_name_", "_not italics_",
                                   "a__b__c", "x __y__ z"])
def test_underscores_are_shown_as_typed(typed):
    """Underscores never make bold or italics (the subset uses * for that): text as typed."""
    assert str(markup.markdown(f"see {typed} here")) == f"<p>see {typed} here</p>\n"
    assert markup.plain(f"see {typed} here") == f"see {typed} here"


def test_underscores_inside_emphasis_links_and_code_stay_too():
    """*, ** and links still work around words with underscores."""
    assert str(markup.markdown("**snake_case** and *__init__* in `a_b`")) == (
        "<p><strong>snake_case</strong> and <em>__init__</em> in <code>a_b</code></p>\n")
