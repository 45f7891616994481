"""Whole-site tests of the printable output: the guides build with their placeholders' data and
print tools, every region has a resource sheet one click from its page, the list page exists,
and bad placeholders in a guide stop the build with file:line."""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import build, copy_fixture_site
from tests.print.conftest import GUIDES

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read(site: str, url: str) -> str:
    with open(os.path.join(site, url, "index.html"), encoding="utf-8") as handle:
        return handle.read()


def content(html: str) -> str:
    """The page's article, without the navigation and the crisis bar around it."""
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].rsplit("</article>", 1)[0]


def source(name: str) -> str:
    from tests.conftest import ROOT

    with open(os.path.join(ROOT, "content", "guides", name + ".md"), encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("name", GUIDES)
def test_guide_is_printable_with_one_kind_disclaimer(name):
    """Each guide is marked printable and says once, in a note, that it is peer support and not
    medical advice; nowhere else does it repeat that."""
    text = source(name)
    assert "\nprintable: true\n" in text.split("---", 2)[1]
    notes = re.findall(r'^!!! note "Peer support, not [^"]+"\n    (.+)\n', text, re.M)
    assert len(notes) == 1, notes
    assert "medical" in notes[0], notes[0]
    rest = re.sub(r'^!!! note "Peer support, not [^"]+"\n    .+\n', "", text, flags=re.M)
    assert not re.search(r"(not|n't) (a )?medical", rest), name
    assert "Peer support, not" not in rest


@pytest.mark.parametrize("name", GUIDES)
def test_guide_page_has_print_tools_and_source_line(real_site, name):
    """A built guide has its print button, the printed source line and print.js, and worksheet
    boxes with their lines."""
    html = content(read(real_site, f"guides/{name}/"))
    assert 'data-rn-print hidden>Print this page</button>' in html
    assert f'<p class="rn-print-only rn-printmeta">Recovery Navigator · https://example.org/recovery-navigator/guides/{name}/' in html
    assert '<script defer src="../../assets/navigator/print.js"></script>' in html
    assert '<a class="rn-button rn-button--quiet rn-largeprint-link" href="#large-print">Large print</a>' in html
    assert '<p class="rn-largeprint" id="large-print">' in html
    assert "{{" not in html
    assert '<div class="write-lines" data-lines="N"' not in html
    for match in re.finditer(r'<div class="write-lines" data-lines="(\d+)" aria-hidden="true">(.*?)</div>', html):
        assert match[2] == "<span></span>" * int(match[1])


def test_guides_carry_their_placeholders_data(real_site):
    """Guides with placeholders show the catalog's data: crisis lines with 988 and the SAMHSA
    helpline, and the example catalog's meetings for newcomers."""
    for name in ("crisis-safety-plan", "first-conversation"):
        html = content(read(real_site, f"guides/{name}/"))
        local = html.split('data-rn-local="crisis_lines"', 1)[1]
        assert 'href="tel:988"' in local and 'href="tel:+18006624357"' in local, name
        assert "Crisis Text Line" in local
    html = content(read(real_site, "guides/peer-support-groups/"))
    newcomers = html.split('data-rn-local="meetings_for_newcomers"', 1)[1].split("</div>", 1)[0]
    assert newcomers.count('<li class="rn-meeting">') >= 3
    assert "Germantown Al-Anon Family Group" in newcomers


def test_example_listings_are_labelled_on_the_shipped_site(real_site):
    """The shipped catalog is invented (site: example_data): the guide's newcomer meetings, a
    region's crisis lines in a guide and every sheet say they are examples."""
    html = content(read(real_site, "guides/peer-support-groups/"))
    newcomers = html.split('data-rn-local="meetings_for_newcomers"', 1)[1]
    assert newcomers.index('<p class="rn-example">Example meetings: invented for this example '
                           'directory, not real meetings.</p>') < newcomers.index('<li class="rn-meeting">')
    for region in ("philadelphia", "ohio"):
        sheet = read(real_site, f"sheets/{region}/")
        assert ('<strong class="rn-example">Example data: these listings are invented, except '
                'the national crisis lines.</strong>') in sheet
        local = sheet.split('<template id="rn-local-crisis_lines">', 1)[1].split("</template>", 1)[0]
        assert ('<span class="rn-example">(example listings: the local lines are invented; the national '
                'lines are real)</span></p>') in local


def test_real_listings_carry_no_example_label(tmp_path):
    """A catalog without example_data (the fixture site stands in for real data) prints its
    meetings, crisis lines and sheets without the example label."""
    project = copy_fixture_site(str(tmp_path / "p"))
    with open(os.path.join(project, "content", "plan.md"), "w", encoding="utf-8") as handle:
        handle.write("---\nprintable: true\n---\n# Plan\n\n{{ meetings_for_newcomers }}\n\n"
                     "{{ crisis_lines: franklin }}\n")
    assert build(project, "--no-search") == 0
    site = os.path.join(project, "site")
    assert "Tuesday Night {{ Hope }} Group" in read(site, "plan/")
    for url in ("plan/", "sheets/franklin/"):
        assert "rn-example" not in read(site, url), url


def test_crisis_plan_always_names_988_and_samhsa(real_site):
    """The crisis plan gives 988, the SAMHSA helpline, 911 and naloxone steps in its own text,
    whatever the catalog holds."""
    text = source("crisis-safety-plan")
    for needle in ("[988](tel:988)", "[1-800-662-4357](tel:+18006624357)", "[911](tel:911)", "Naloxone",
                   "[Overdose: what to do](overdose.md)"):
        assert needle in text


def test_every_region_has_a_sheet_one_click_from_its_page(real_site):
    """Each region page links to its sheet (keeping the filters), and the sheet exists."""
    for region in ("pennsylvania", "philadelphia", "allegheny-county", "ohio", "franklin-county",
                   "cuyahoga-county"):
        page = read(real_site, f"regions/{region}/")
        assert f'href="../../sheets/{region}/" data-rn-keep-query>Print a resource sheet</a>' in page
        sheet = read(real_site, f"sheets/{region}/")
        assert "Recovery resources: " in sheet and 'data-rn-sheet' in sheet


def test_sheet_lists_guides_with_local_numbers(real_site):
    """A sheet links to the guides that can show its region's numbers (?region=<id>)."""
    sheet = read(real_site, "sheets/allegheny-county/")
    assert '<a href="../../guides/crisis-safety-plan/?region=allegheny-county">Crisis and safety plan</a>' in sheet
    assert "smart-goals/?region" not in sheet  # no local numbers in that one
    local = sheet.split('<template id="rn-local-crisis_lines">', 1)[1].split("</template>", 1)[0]
    assert "Three Rivers Mobile Crisis Team" in local
    assert local.count("Three Rivers Mobile Crisis Team</a></h3>") == 1


def test_add_to_list_is_offered_on_listing_pages(real_site):
    """Region, find and meetings pages load list.js with its strings, a resource page both in
    its script bundle; the resource page names the listing to add."""
    for url in ("regions/philadelphia/", "find/", "meetings/"):
        html = read(real_site, url)
        assert 'id="rn-list-strings"' in html and "assets/navigator/list.js" in html, url
    resource = read(real_site, "resources/girard-avenue-medication-clinic/")
    bundle = re.search(r'<script defer id="rn-list-strings" data-root="\.\./\.\./" src="\.\./\.\./'
                       r'(assets/navigator/shared/bundle-[0-9a-f]{12}\.js)"></script>', resource)
    assert bundle, "the resource page loads no script bundle"
    with open(os.path.join(real_site, bundle[1]), encoding="utf-8") as handle:
        text = handle.read()
    assert text.startswith("window.rnListStrings={") and "function ListPage" in text
    assert 'data-rn-list-id="girard-avenue-medication-clinic"' in resource
    assert 'data-rn-print hidden>Print these results</button>' in read(real_site, "find/")


def test_print_stylesheet_is_on_every_page(real_site):
    """Hand-written and catalog pages alike link the site's one stylesheet, which ends with
    print.css, after the other styles and all inside @media print."""
    bundles = set()
    for url in ("", "guides/smart-goals/", "regions/ohio/", "sheets/ohio/", "list/",
                "resources/girard-avenue-medication-clinic/"):
        html = read(real_site, url)
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"([^>]*)>', html.split("</head>")[0])
        assert len(links) == 1 and "/assets/navigator/shared/style-" in "/" + links[0][0], (url, links)
        bundles.add(links[0][0].lstrip("./"))
    assert len(bundles) == 1
    with open(os.path.join(real_site, bundles.pop()), encoding="utf-8") as handle:
        bundle = handle.read()
    with open(os.path.join(ROOT, "theme", "assets", "navigator", "print.css"), encoding="utf-8") as handle:
        printing = handle.read().strip()
    assert bundle.rstrip().endswith(printing)
    start = printing.index("@media print {")
    assert not re.sub(r"/\*.*?\*/", "", printing[:start], flags=re.S).strip()  # comments only
    rules = re.sub(r"/\*.*?\*/", lambda m: " " * len(m.group(0)), printing[start:], flags=re.S)
    depth = 0
    for at, char in enumerate(rules):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth > 0 or at < rules.index("{") or at == len(rules) - 1, "a rule of print.css outside @media print"


def test_pdf_links_only_when_pdfs_are_built(real_site):
    """Without --pdf no page links to a PDF (the link would be broken)."""
    for url in ("guides/smart-goals/", "sheets/ohio/", "regions/ohio/"):
        assert ".pdf" not in read(real_site, url)


def test_unknown_placeholder_in_a_guide_stops_the_build(tmp_path, capsys):
    """A misspelt placeholder in a guide fails the build with the guide's file and line."""
    project = copy_fixture_site(str(tmp_path / "p"))
    os.makedirs(os.path.join(project, "content", "guides"))
    with open(os.path.join(project, "content", "guides", "plan.md"), "w", encoding="utf-8") as handle:
        handle.write("---\nprintable: true\n---\n# Plan\n\nCall these:\n\n{{ crisis_numbers }}\n")
    # The line is the file's: front matter (which MkDocs strips before plugins see the page) counts.
    assert build(project, "--no-search") == 1
    err = capsys.readouterr().err
    assert "content/guides/plan.md:8:1: placeholder: unknown placeholder {{ crisis_numbers }}; " \
        "the known ones are: " in err


def test_unknown_region_in_a_guide_stops_the_build(tmp_path, capsys):
    """A region id that is not in the catalog fails the build and lists the ids."""
    project = copy_fixture_site(str(tmp_path / "p"))
    with open(os.path.join(project, "content", "plan.md"), "w", encoding="utf-8") as handle:
        handle.write("# Plan\n\n{{ meetings_for_newcomers: frankln }}\n")
    assert build(project, "--no-search") == 1
    err = capsys.readouterr().err
    assert ("content/plan.md:3:1: placeholder: {{ meetings_for_newcomers: frankln }} needs no "
            "argument or one of: arizona, franklin, ohio") in err


def test_guide_for_a_region_carries_its_numbers(tmp_path):
    """{{ crisis_lines: franklin }} in a printable page puts Franklin's line into the page."""
    project = copy_fixture_site(str(tmp_path / "p"))
    with open(os.path.join(project, "content", "plan.md"), "w", encoding="utf-8") as handle:
        handle.write("---\nprintable: true\n---\n# Plan\n\n{{ crisis_lines: franklin }}\n\n"
                     "{{ meetings_for_newcomers: franklin }}\n")
    assert build(project, "--no-search") == 0
    html = content(read(os.path.join(project, "site"), "plan/"))
    assert "Crisis lines for Franklin County:" in html and 'href="tel:+16145550199"' in html
    assert "Meetings for newcomers in Franklin County:" in html
    assert "Tuesday Night {{ Hope }} Group" in html
    assert "rn-printtools" in html

