"""The audit inside `navigator build`: catalog pages are checked as they are written, every
other HTML file the build makes is checked from disk, and a finding stops the publication."""

from __future__ import annotations

import os

from generator import audit, pipeline
from tests.conftest import build, copy_fixture_site, site_digest


def test_every_published_html_file_is_audited(tmp_path, monkeypatch):
    """The in-memory and from-disk audits together cover every HTML file of the built site."""
    audited: set[str] = set()
    page_audit, path_audit = audit.audit_page, audit.audit_paths

    def record_page(data, path, rules, seen=None):
        audited.add(path.split("/", 1)[1])
        return page_audit(data, path, rules, seen)

    def record_paths(site_dir, paths, rules, display="site"):
        audited.update(p for p in paths if os.path.isfile(os.path.join(site_dir, p)))
        return path_audit(site_dir, paths, rules, display)

    monkeypatch.setattr(audit, "audit_page", record_page)
    monkeypatch.setattr(audit, "audit_paths", record_paths)
    monkeypatch.setenv("NAVIGATOR_WORKERS", "1")
    project = copy_fixture_site(str(tmp_path / "project"))
    assert build(project, "--no-search") == 0
    site = os.path.join(project, "site")
    published = {p.replace(os.sep, "/") for p in site_digest(site) if p.endswith((".html", ".htm"))}
    assert published and published <= audited


def test_hand_written_and_copied_pages_that_break_the_rules_stop_the_build(tmp_path, capsys):
    """A script handler in a hand-written page and a third-party image in a copied HTML file are
    both reported with their place, exit 1, and the previous site stays as it was."""
    project = copy_fixture_site(str(tmp_path / "project"))
    assert build(project, "--no-search") == 0
    before = site_digest(os.path.join(project, "site"))
    with open(os.path.join(project, "content", "about.md"), "a", encoding="utf-8") as handle:
        handle.write('\n<b onclick="steal()">hello</b>\n')
    with open(os.path.join(project, "content", "flyer.html"), "w", encoding="utf-8") as handle:
        handle.write('<!doctype html><title>x</title><img src="https://tracker.example/p.gif">\n')
    capsys.readouterr()
    assert build(project, "--no-search") == 1
    err = capsys.readouterr().err
    assert "site/about/index.html:" in err and "event handler: the attribute onclick runs script" in err
    assert "site/flyer.html:1:" in err and "tracker.example" not in err.split("site/flyer.html")[0]
    assert "Traceback" not in err
    assert site_digest(os.path.join(project, "site")) == before


def test_catalog_pages_are_audited_as_they_are_written(tmp_path):
    """A theme shell that gained an unpinned inline script is caught on every catalog page."""
    from generator.shell import Shell

    project = copy_fixture_site(str(tmp_path / "project"))
    run = pipeline.prepare(os.path.join(project, "resources.yaml"), cache_dir=None)
    csp_meta = audit.Rules.default().meta.decode()
    shell = Shell(f"<html><head>{csp_meta}<title>@@RN-TITLE@@</title></head><body>"
                  "<script>track()</script><!-- <h1> -->@@RN-CONTENT@@</body></html>")
    found = run.write_pages(str(tmp_path / "out"), {("en", 1, "page"): shell, ("en", 2, "page"): shell}, None, workers=1,
                            rules=audit.Rules.default(), display="site")
    first = run.directory.entries[0]
    assert any(p.path == f"site/{first.url}index.html" and p.field == "script" for p in found)
    assert len(found) <= audit.MAX_FINDINGS
