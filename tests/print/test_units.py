"""Print pieces in isolation: the region-aware placeholders, worksheet lines, printable pages,
sheets and the list page as rendered, and the PDF helpers (repeatable stamps, site files)."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from generator import pdf, pipeline, placeholders, printing
from tests.conftest import FIXTURE_SITE

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def run():
    """The fixture catalog (Ohio > Franklin, Arizona), validated and ready to render."""
    return pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None,
                            site_name="Fixture", today=TODAY, site_url="https://fixture.example.org/")


def check(run, markdown: str) -> list[str]:
    return [str(p) for p in run.check_placeholders(markdown, "content/guides/g.md")]


# ------------------------------------------------------------------ placeholders

def test_region_placeholders_take_no_argument_or_a_region(run):
    """crisis_lines and meetings_for_newcomers work plain and with any region id."""
    page = ("{{ crisis_lines }}\n{{ crisis_lines: franklin }}\n"
            "{{ meetings_for_newcomers }}\n{{ meetings_for_newcomers: ohio }}\n")
    assert check(run, page) == []


def test_unknown_region_is_an_error_with_file_and_line(run):
    """A region id that does not exist is reported with the page, line and the region ids."""
    assert check(run, "# Plan\n\n{{ crisis_lines: frankln }}\n") == [
        "content/guides/g.md:3:1: placeholder: {{ crisis_lines: frankln }} needs no argument or "
        "one of: arizona, franklin, ohio"]


def test_unknown_placeholder_in_a_guide_is_an_error(run):
    """A misspelt name in a guide is an error naming the file, line and the known names."""
    problems = check(run, "intro\n{{ crisis_line: franklin }}\n")
    assert len(problems) == 1
    assert problems[0].startswith("content/guides/g.md:2:1: placeholder: unknown placeholder "
                                  "{{ crisis_line }}; the known ones are: ")
    assert "crisis_lines" in problems[0] and "meetings_for_newcomers" in problems[0]


def test_lines_count_from_the_files_first_line():
    """With first_line (the line after front matter), errors name the line in the file."""
    known = {"crisis_lines": lambda arg: ""}
    [problem] = placeholders.check("# Plan\n\n{{ crisis_line }}\n", "g.md", known, {}, first_line=5)
    assert str(problem).startswith("g.md:7:1: placeholder: unknown placeholder {{ crisis_line }}")


def test_long_argument_lists_are_cut_and_suggest_the_closest():
    """With thousands of regions the message lists twelve and suggests the nearest id."""
    known = {"crisis_lines": lambda arg: ""}
    allowed = {f"county-{i:04d}" for i in range(3000)} | {"franklin-county", None}
    [problem] = placeholders.check("{{ crisis_lines: franklin-conty }}\n", "p.md", known,
                                   {"crisis_lines": allowed})
    assert str(problem) == (
        "p.md:1:1: placeholder: {{ crisis_lines: franklin-conty }} needs no argument or one of: "
        + ", ".join(f"county-{i:04d}" for i in range(12))
        + " (and 2989 more); did you mean franklin-county?")


def test_crisis_lines_for_a_region_add_its_own_once(run):
    """National lines first, then the region's own, each once."""
    d = run.directory
    ids = [e.id for e in printing.crisis_lines(d, d.regions["franklin"])]
    assert ids == ["lifeline-988", "samhsa-helpline", "franklin-crisis"]
    assert [e.id for e in printing.crisis_lines(d, None)] == ["lifeline-988", "samhsa-helpline"]
    assert [e.id for e in printing.crisis_lines(d, d.regions["arizona"])] == [
        "lifeline-988", "samhsa-helpline"]


def test_newcomer_meetings_cover_a_region_and_its_areas(run):
    """Ohio includes Franklin's newcomer meetings; Arizona has none."""
    d = run.directory
    assert [e.id for e in printing.newcomer_meetings(d, d.regions["ohio"])] == ["tuesday-night-aa"]
    assert printing.newcomer_meetings(d, d.regions["arizona"]) == []


def test_region_placeholder_renders_that_regions_numbers(run):
    """{{ crisis_lines: franklin }} shows Franklin's own line and is marked as fixed."""
    html = run.fill_placeholders("<p>{{ crisis_lines: franklin }}</p>", "guides/plan/")
    assert 'href="tel:+16145550199"' in html and 'href="tel:988"' in html
    assert 'data-rn-local="crisis_lines" data-rn-region="franklin"' in html
    plain = run.fill_placeholders("<p>{{ crisis_lines }}</p>", "guides/plan/")
    assert "tel:+16145550199" not in plain and "data-rn-region" not in plain


# ------------------------------------------------------------------ printable pages

def test_worksheet_boxes_get_their_lines(run):
    """<div class="write-lines" data-lines="3"> becomes a box of three lines."""
    html = printing.printable_page(run.renderer, '<p>Goal:</p>\n<div class="write-lines" '
                                   'data-lines="3"></div>', "about/", "About", {})
    assert html == ('<p>Goal:</p>\n<div class="write-lines" data-lines="3" aria-hidden="true">'
                    '<span></span><span></span><span></span></div>')


def test_pages_without_printable_are_left_alone(run):
    """A page without printable: true gets no print tools and is not listed for PDFs."""
    before = list(run.renderer.printing.printables)
    html = "<h1>About</h1><p>Text</p>"
    assert printing.printable_page(run.renderer, html, "about/", "About", {}) == html
    assert run.renderer.printing.printables == before


def test_printable_page_gets_tools_under_its_title(run):
    """The print button, the printed source line and print.js follow the <h1>; the page is
    remembered (once) with whether it shows local numbers."""
    html = ('<h1 id="plan">Plan</h1>\n<div class="rn-local" data-rn-local="crisis_lines">x</div>')
    out = printing.printable_page(run.renderer, html, "guides/plan/", "Plan", {"printable": True})
    printing.printable_page(run.renderer, html, "guides/plan/", "Plan", {"printable": True})
    head, rest = out.split("</h1>", 1)
    assert head == '<h1 id="plan">Plan'
    assert rest.index("rn-printmeta") < rest.index("data-rn-print") < rest.index("data-rn-local")
    assert "https://fixture.example.org/guides/plan/" in rest
    assert '<script defer src="../../assets/navigator/print.js"></script>' in rest
    assert run.renderer.printing.printables.count(printing.Printable("guides/plan/", "Plan", True)) == 1


def test_pdf_jobs_list_guides_then_every_region_sheet(run):
    """The PDF build prints each printable page, then each in large print, then each region's
    sheet, in a fixed order."""
    settings = printing.Settings(printables=[printing.Printable("guides/plan/", "Plan", True)])
    assert printing.pdf_jobs(settings, run.directory) == [
        ("guides/plan/", "guides/plan/plan.pdf"),
        ("guides/plan/#large-print", "guides/plan/plan-large-print.pdf"),
        ("sheets/ohio/", "sheets/ohio/recovery-resources-ohio.pdf"),
        ("sheets/franklin/", "sheets/franklin/recovery-resources-franklin.pdf"),
        ("sheets/arizona/", "sheets/arizona/recovery-resources-arizona.pdf")]


# ------------------------------------------------------------------ sheets and the list page

def test_sheet_has_crisis_services_meetings_dates_and_qr(run):
    """Franklin's sheet: its crisis line, services with verified dates, meetings by day with the
    online one and how to join it, a QR code of the live page, the build date."""
    page = printing.sheet_page(run.renderer, run.directory.regions["franklin"])
    body = page.body
    assert page.url == "sheets/franklin/" and page.title == "Resource sheet: Franklin County"
    assert 'href="tel:+16145550199"' in body and 'href="tel:911"' in body
    assert "Scioto &lt;Detox&gt;" in body and "Verified Sep 1, 2026" in body
    days = re.findall(r'<h3 id="sheet-day-(\w+)">', body)
    assert days == ["monday", "tuesday", "saturday"]
    assert "SMART Recovery Online" in body and "https://meet.example.org/smart" in body
    assert '<svg role="img" aria-label="QR code for the live page of Franklin County"' in body
    assert "https://fixture.example.org/regions/franklin/" in body
    assert "Listings as of November 21, 2026." in body
    assert 'data-id="franklin-detox"' in body  # the region page's filters apply on the sheet


def test_sheet_escapes_catalog_text(run):
    """Names with markup or template syntax stay text on the sheet."""
    body = printing.sheet_page(run.renderer, run.directory.regions["franklin"]).body
    assert "<Detox>" not in body and "Tuesday Night {{ Hope }} Group" in body


def test_list_page_carries_no_listing_and_its_strings(run):
    """The list page is a shell for list.js: no resource on it, its strings as JSON data."""
    page = printing.list_page(run.renderer)
    assert page.url == "list/"
    assert 'id="rn-list-strings" data-root="../"' in page.body
    assert "franklin-detox" not in page.body
    assert '"add": "Add to my list"' in page.body


# ------------------------------------------------------------------ PDF helpers

def test_stamp_sets_dates_and_renumbers_nodes_keeping_length():
    """Creation dates become the build date and node names their rank; the length is kept."""
    data = (b"<</CreationDate (D:20270102030405+00'00')\n/ModDate (D:20270102030405+00'00')>>"
            b"/ID (node00004491)>> /ID (node00000017) /K (node00004491)")
    out = pdf.stamp(data, TODAY)
    assert len(out) == len(data)
    assert out == (b"<</CreationDate (D:20261121000000+00'00')\n/ModDate (D:20261121000000+00'00')>>"
                   b"/ID (node00000001)>> /ID (node00000000) /K (node00000001)")


def test_site_file_stays_inside_the_site(tmp_path):
    """Addresses map to files under the site folder; ../ and other hosts map to nothing."""
    site = tmp_path / "site"
    (site / "guides" / "plan").mkdir(parents=True)
    (site / "guides" / "plan" / "index.html").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    base = "https://example.org/nav/"
    assert pdf.site_file(str(site), base, base + "guides/plan/") == str(site / "guides/plan/index.html")
    assert pdf.site_file(str(site), base, base + "guides/plan/index.html?x=1") == str(
        site / "guides/plan/index.html")
    assert pdf.site_file(str(site), base, base + "../secret.txt") is None
    assert pdf.site_file(str(site), base, base + "%2e%2e/secret.txt") is None
    assert pdf.site_file(str(site), base, "https://other.example/guides/plan/") is None
    assert pdf.site_file(str(site), base, base + "missing/") is None
