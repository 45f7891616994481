"""Placeholders in hand-written pages: found outside code, checked, substituted once."""

from __future__ import annotations

import os

from markupsafe import Markup

from generator import placeholders
from generator.placeholders import Placeholder

KNOWN = {"crisis_lines": lambda arg: Markup("<ul>crisis</ul>"),
         "region": lambda arg: Markup(f"<div>region {arg}</div>")}
ARGUMENTS = {"region": {"ohio", "pennsylvania"}}


def test_find_lines_with_only_a_placeholder():
    """A line holding only {{ name }} or {{ name: arg }} is a placeholder, with its line number."""
    page = "# Title\n\n{{ crisis_lines }}\n\n  {{region: ohio}}  \n"
    assert placeholders.find(page) == [Placeholder("crisis_lines", None, 3),
                                       Placeholder("region", "ohio", 5)]


def test_find_ignores_text_around_a_placeholder():
    """{{ name }} inside a sentence or indented as code (4 spaces) is not a placeholder."""
    page = "Call {{ crisis_lines }} now\n    {{ crisis_lines }}\n"
    assert placeholders.find(page) == []


def test_find_ignores_fenced_code():
    """Placeholders inside ``` and ~~~ fences are ignored; after the fence they count again."""
    page = ("```\n{{ crisis_lines }}\n```\n"
            "~~~md\n{{ nope }}\n~~~\n"
            "{{ region: ohio }}\n")
    assert placeholders.find(page) == [Placeholder("region", "ohio", 7)]


def test_find_ignores_a_different_fence_inside_a_fence():
    """A ``` line inside a ~~~ block does not end the block (CommonMark)."""
    page = "~~~\n```\n{{ example }}\n```\n~~~\n"
    assert placeholders.find(page) == []


def test_check_unknown_placeholder_reports_path_and_line():
    """An unknown name is reported with the page path, line and the known names."""
    problems = placeholders.check("intro\n\n{{ crisis_line }}\n", "content/index.md", KNOWN,
                                  ARGUMENTS)
    assert [str(p) for p in problems] == [
        "content/index.md:3:1: placeholder: unknown placeholder {{ crisis_line }}; the known ones "
        "are: crisis_lines, region"]


def test_check_argument_on_a_name_that_takes_none():
    """An argument given to a placeholder without arguments is refused."""
    problems = placeholders.check("{{ crisis_lines: ohio }}\n", "p.md", KNOWN, ARGUMENTS)
    assert [str(p) for p in problems] == [
        "p.md:1:1: placeholder: {{ crisis_lines }} takes no argument; remove the part after the "
        "colon"]


def test_check_missing_argument():
    """A placeholder that needs an argument lists the allowed ones when it has none."""
    problems = placeholders.check("{{ region }}\n", "p.md", KNOWN, ARGUMENTS)
    assert [str(p) for p in problems] == [
        "p.md:1:1: placeholder: {{ region:  }} needs one of: ohio, pennsylvania"]


def test_check_unknown_argument():
    """An argument outside the allowed set is refused with the allowed list."""
    problems = placeholders.check("\n{{ region: mars }}\n", "p.md", KNOWN, ARGUMENTS)
    assert [str(p) for p in problems] == [
        "p.md:2:1: placeholder: {{ region: mars }} needs one of: ohio, pennsylvania"]


def test_check_good_page_has_no_problems():
    """Known names with valid arguments give no problem."""
    page = "{{ crisis_lines }}\n{{ region: pennsylvania }}\n```\n{{ whatever }}\n```\n"
    assert placeholders.check(page, "p.md", KNOWN, ARGUMENTS) == []


def test_substitute_replaces_placeholder_paragraphs():
    """<p>{{ name }}</p> and <p>{{ name: arg }}</p> are replaced by their fragments."""
    html = "<h1>T</h1>\n<p>{{ crisis_lines }}</p>\n<p>{{ region: ohio }}</p>\n"
    assert placeholders.substitute(html, KNOWN) == (
        "<h1>T</h1>\n<ul>crisis</ul>\n<div>region ohio</div>\n")


def test_substitute_leaves_other_occurrences():
    """{{ name }} inside other text, code or an unknown name is left as it is."""
    html = ("<p>Call {{ crisis_lines }} now</p>\n<pre><code>{{ crisis_lines }}</code></pre>\n"
            "<p>{{ unknown }}</p>\n")
    assert placeholders.substitute(html, KNOWN) == html


def test_substitute_does_not_rescan_inserted_text():
    """A fragment containing {{ other }} is inserted as is, never expanded in turn."""
    calls = []

    def other(arg):
        calls.append(arg)
        return Markup("OTHER")

    known = {"first": lambda arg: Markup("<p>{{ other }}</p>"), "other": other}
    assert placeholders.substitute("<p>{{ first }}</p>", known) == "<p>{{ other }}</p>"
    assert calls == []


def test_substitute_passes_none_without_argument():
    """A placeholder without argument calls its renderer with None."""
    seen = []
    known = {"x": lambda arg: seen.append(arg) or Markup("")}
    placeholders.substitute("<p>{{ x }}</p>", known)
    assert seen == [None]


def test_a_deferred_fragment_is_made_once_where_its_mark_is():
    """Later.defer gives a mark; fill puts the fragment in its place, made then and only once,
    and leaves a page without the mark as it was."""
    made = []
    later = placeholders.Later()
    mark = later.defer(lambda: made.append(1) or Markup("<table>report</table>"))
    assert made == [] and str(mark).startswith("<!--navigator-later-")
    assert later.fill("<main>no mark here</main>") == "<main>no mark here</main>" and made == []
    assert later.fill(f"<main>{mark}</main>") == "<main><table>report</table></main>"
    assert made == [1] and later.waiting == {}
    assert str(later.defer(lambda: Markup(""))) != str(mark)  # a page cannot guess one


def test_an_engine_that_skipped_with_bundles_still_gets_its_fragments(tmp_path):
    """Build._fill_waiting fills a mark left in a written page (an engine that never passed
    the page through with_bundles), and rewrites no other page."""
    from types import SimpleNamespace

    from generator.build import Build

    later = placeholders.Later()
    mark = later.defer(lambda: Markup("<p>filled</p>"))
    (tmp_path / "data-health").mkdir()
    (tmp_path / "data-health" / "index.html").write_text(f"<main>{mark}</main>", encoding="utf-8")
    (tmp_path / "index.html").write_text("<main>home</main>", encoding="utf-8")
    before = os.stat(tmp_path / "index.html").st_mtime_ns
    stub = SimpleNamespace(pages=["data-health/index.html", "index.html"], site_dir=str(tmp_path),
                           run=SimpleNamespace(later=later))
    Build._fill_waiting(stub)  # type: ignore[arg-type]
    assert (tmp_path / "data-health" / "index.html").read_text(encoding="utf-8") == "<main><p>filled</p></main>"
    assert os.stat(tmp_path / "index.html").st_mtime_ns == before
