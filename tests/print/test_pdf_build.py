"""The PDF build (navigator build --pdf, or pdf: true in mkdocs.yml): every printable page and
every region sheet printed by Chromium into site/, linked from the pages, the same bytes on
every build; a missing browser stops the build with a clear message and no traceback."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess

from tests.conftest import build, copy_fixture_site
from tests.print.conftest import need, pdf_pages, word_height

PDFS = ("plan/plan.pdf", "plan/plan-large-print.pdf", "sheets/ohio/recovery-resources-ohio.pdf",
        "sheets/franklin/recovery-resources-franklin.pdf",
        "sheets/arizona/recovery-resources-arizona.pdf")


def project_with_a_guide(dest: str, **options: str) -> str:
    """The fixture site plus one printable page, with extra plugin options in mkdocs.yml."""
    project = copy_fixture_site(dest)
    with open(os.path.join(project, "content", "plan.md"), "w", encoding="utf-8") as handle:
        handle.write("---\nprintable: true\n---\n# Safety plan\n\n{{ crisis_lines }}\n\n"
                     'My warning signs:\n\n<div class="write-lines" data-lines="3"></div>\n')
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    if options:
        block = "".join(f"\n      {k}: {v}" for k, v in options.items())
        assert "plugins:\n  - navigator\n" in text
        text = text.replace("plugins:\n  - navigator\n", f"plugins:\n  - navigator:{block}\n")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text)
    return project


def digests(site: str) -> dict[str, str]:
    out = {}
    for path in PDFS:
        with open(os.path.join(site, path), "rb") as handle:
            out[path] = hashlib.sha256(handle.read()).hexdigest()
    return out


def test_pdf_build_prints_guides_and_sheets_the_same_every_time(tmp_path, monkeypatch, chromium):
    """--pdf writes a PDF of the printable page and of each region sheet, each linked from its
    page; the files are dated by the build and identical from one build to the next."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    project = project_with_a_guide(str(tmp_path / "p"))
    assert build(project, "--no-search", "--pdf") == 0
    site = os.path.join(project, "site")
    first = digests(site)
    for path in PDFS:
        pages = pdf_pages(os.path.join(site, path))
        assert 1 <= len(pages) <= 2, path
    info = subprocess.run([need("pdfinfo"), os.path.join(site, PDFS[0])], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"CreationDate:\s+Sat Nov 21 00:00:00 2026 UTC", info), info
    assert re.search(r"Tagged:\s+yes", info)
    plan = "\n".join(pdf_pages(os.path.join(site, PDFS[0])))
    assert "Safety plan" in plan and "988" in plan and "Skip to content" not in plan
    assert "Printed November 21, 2026." in plan  # the build date, not the clock's
    large = "\n".join(pdf_pages(os.path.join(site, PDFS[1])))
    assert "Safety plan" in large and "Printed November 21, 2026." in large
    # Body text in the large-print PDF is at least 12/10 the height of the normal one (12.5 pt
    # against 10 pt); the exact sizes are checked in the browser (test_browser.py).
    assert word_height(os.path.join(site, PDFS[1])) >= 1.2 * word_height(os.path.join(site, PDFS[0]))
    sheet = "\n".join(pdf_pages(os.path.join(site, PDFS[3])))
    assert "Recovery resources: Franklin County" in sheet and "(614) 555-0199" in sheet
    with open(os.path.join(site, "plan", "index.html"), encoding="utf-8") as handle:
        html = handle.read()
    assert 'href="plan.pdf" download>Download the PDF</a>' in html
    assert 'href="plan-large-print.pdf" download>Download the large-print PDF</a>' in html
    with open(os.path.join(site, "sheets", "franklin", "index.html"), encoding="utf-8") as handle:
        assert 'href="recovery-resources-franklin.pdf" download>' in handle.read()
    with open(os.path.join(site, "regions", "franklin", "index.html"), encoding="utf-8") as handle:
        assert 'href="../../sheets/franklin/recovery-resources-franklin.pdf" download>' in handle.read()
    assert build(project, "--no-search", "--pdf", "--force") == 0
    assert digests(site) == first


def test_pdf_option_in_mkdocs_yml_on_a4(tmp_path, monkeypatch, chromium):
    """pdf: true with pdf_paper: a4 in mkdocs.yml prints on A4 without the command-line flag."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    project = project_with_a_guide(str(tmp_path / "p"), pdf="true", pdf_paper="a4")
    assert build(project, "--no-search") == 0
    info = subprocess.run([need("pdfinfo"), os.path.join(project, "site", PDFS[1])],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 84\d\.\d+ pts \(A4\)", info), info


def test_pdf_build_without_chromium_stops_cleanly(tmp_path, capsys):
    """A browser path that does not exist: exit 1, a message saying what to do, no traceback,
    and the previous site left as it was."""
    project = project_with_a_guide(str(tmp_path / "p"), pdf_browser="/nonexistent/chromium")
    assert build(project, "--no-search") == 0
    before = os.listdir(os.path.join(project, "site"))
    capsys.readouterr()
    assert build(project, "--no-search", "--pdf") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "mkdocs.yml:1:1: pdf: PDFs are printed with Chromium, and there is none at "
        "/nonexistent/chromium; install it (apt-get install chromium) or set the plugin's "
        "pdf_browser option")
    assert "Traceback" not in err
    assert "The build stopped; the previous site was left as it was." in err
    assert os.listdir(os.path.join(project, "site")) == before
    assert not os.path.exists(os.path.join(project, "site", "plan", "plan.pdf"))
