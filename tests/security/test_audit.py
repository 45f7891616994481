"""The post-build audit (generator/audit.py): what it refuses, what it lets through, and that a
finding stops the build before anything is published."""

from __future__ import annotations

import pytest

from generator import audit, csp

RULES = audit.Rules.default("https://fixture.example.org/")
PINNED = next(iter(csp.INLINE_SCRIPTS))


def page(body: str = "", head: str = "") -> bytes:
    """A minimal page with the policy in place and ``body`` in it."""
    return (f"<!doctype html><html><head>{csp.meta_tag()}<meta charset=\"utf-8\">{head}</head>"
            f"<body>\n{body}\n</body></html>").encode("utf-8")


def findings(body: str = "", head: str = "", data: bytes | None = None) -> list[str]:
    return [str(p) for p in audit.audit_page(data or page(body, head), "site/x/index.html", RULES)]


def test_clean_page_has_no_findings():
    """Local scripts, stylesheets, images, links out and escaped text pass."""
    assert findings(
        '<script src="../assets/navigator/find.js"></script><img src="../img/a.png" alt="">'
        '<link rel="stylesheet" href="/assets/x.css"><a href="https://other.example/">x</a>'
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; turn on=off, onboarding = fine, style=x</p>'
        '<a title="x onclick=y" href="tel:988">call</a><img src="data:image/png;base64,AAAA" alt="">'
        '<script type="application/json">{"a": "\\u003cscript\\u003e"}</script>'
        '<link rel="canonical" href="https://fixture.example.org/x/">') == []


def test_pinned_inline_script_passes_and_unpinned_is_refused():
    """Only inline scripts whose hash is in csp.INLINE_SCRIPTS are allowed."""
    pinned_text = {csp.script_hash(t): t for t in _pinned_texts()}[PINNED]
    assert findings(f"<script>{pinned_text}</script>") == []
    out = findings("<script>alert(1)</script>")
    assert len(out) == 1
    assert out[0].startswith("site/x/index.html:2:1: script: an inline script that is not pinned (sha256-")


def test_page_without_pinned_hashes_may_run_no_inline_script_or_style():
    """Under the policy that pins nothing (every page but the 404), even a pinned script or
    style is refused, while the same page under the pinned policy passes; data blocks pass."""
    plain = csp.meta_tag(pinned=False)
    pinned_text = {csp.script_hash(t): t for t in _pinned_texts()}[PINNED]
    for body in (f"<script>{pinned_text}</script>", f"<style>{_theme_partial('page-not-found.css')}</style>"):
        assert findings(body) == []
        out = findings(data=page(body).replace(csp.meta_tag().encode(), plain.encode()))
        assert len(out) == 1 and ("not pinned" in out[0] or "inline <style>" in out[0])
    data = page('<script type="application/json">{"a": 1}</script>').replace(csp.meta_tag().encode(), plain.encode())
    assert findings(data=data) == []


def _theme_partial(name: str) -> str:
    """A partial of the theme, as the 404 page includes it (Jinja drops the last newline)."""
    import os
    path = os.path.join(os.path.dirname(csp.__file__), "..", "theme", "partials", name)
    with open(path, encoding="utf-8") as handle:
        return handle.read().removesuffix("\n")


def _pinned_texts() -> list[str]:
    """The only inline script the theme writes: the 404 page's language choice and short-link lookup."""
    return [_theme_partial("page-not-found.js")]


@pytest.mark.parametrize("body", [
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script type=module>alert(1)</script>",
    "<script type=\"text/javascript\">alert(1)</script>",
    "<script\n>alert(1)</script>",
    "<script title=\">\">alert(1)</script>",
])
def test_inline_script_variants_are_refused(body):
    """Upper case, module, explicit type, odd spacing and quoted '>' do not hide a script."""
    assert any(": script: " in f for f in findings(body))


def test_unclosed_script_is_refused():
    """A <script> that never ends is a finding, not a crash."""
    assert "site/x/index.html:2:1: script: a <script> element is never closed" in findings("<script>x")


@pytest.mark.parametrize("body,name", [
    ('<img src=x onerror=alert(1)>', "onerror"),
    ('<svg onload=alert(1)>', "onload"),
    ('<body onload="x()">', "onload"),
    ('<a href="#" ONCLICK="x()">', "onclick"),
    ('<img/onerror=alert(1) src=x>', "onerror"),
    ('<a title=">" onclick=x>', "onclick"),
    ("<a title='a'onclick=x>", "onclick"),
    ('<img src=x"y onerror=alert(1)>', "onerror"),
    ('<div\tonmouseover\n=\nx>', "onmouseover"),
])
def test_event_handler_attributes_are_refused(body, name):
    """on...= attributes are found however the tag is written."""
    out = findings(body)
    assert any(f": event handler: the attribute {name} runs script" in f for f in out), out


@pytest.mark.parametrize("body", [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="javascript&#x3A;alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<form action="javascript:alert(1)"></form>',
    '<p>javascript:alert(1)</p>',
])
def test_script_links_are_refused_however_disguised(body):
    """javascript: is found in any case, split by tabs or newlines, or spelt with references."""
    assert any(": javascript: " in f for f in findings(body)), findings(body)


@pytest.mark.parametrize("body,tag", [
    ('<script src="https://cdn.example/x.js"></script>', "script"),
    ('<script src="//cdn.example/x.js"></script>', "script"),
    ('<script src="\\\\cdn.example/x.js"></script>', "script"),
    ('<script src=" https:cdn.example/x.js"></script>', "script"),
    ('<link rel="stylesheet" href="https://fonts.example/x.css">', "link"),
    ('<link rel="preconnect" href="https://fonts.example">', "link"),
    ('<link rel="icon" href="//evil.example/f.ico">', "link"),
    ('<img src="https://tracker.example/p.gif">', "img"),
    ('<img srcset="a.png 1x, https://tracker.example/p.gif 2x">', "img"),
    ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    ('<iframe src="data:text/html,<b>x</b>"></iframe>', "iframe"),
    ('<object data="https://evil.example/x.swf"></object>', "object"),
    ('<video poster="https://evil.example/p.png"></video>', "video"),
    ('<form action="https://evil.example/collect"></form>', "form"),
    ('<svg><image href="https://evil.example/i.png"/></svg>', "image"),
    ('<svg><use xlink:href="https://evil.example/s.svg#a"/></svg>', "use"),
    ('<img src="&#x2F;&#x2F;evil.example/p.gif">', "img"),
    ('<table background="https://evil.example/b.png"></table>', "table"),
])
def test_resources_from_other_hosts_are_refused(body, tag):
    """Anything the browser would fetch from another host (or a data: page) is a finding."""
    out = findings(body)
    assert any(f": resource: <{tag} " in f for f in out), out


def test_base_and_meta_refresh_are_refused():
    """<base> and a refresh to another site change where readers end up."""
    out = findings(head='<base href="https://evil.example/">'
                   '<meta http-equiv="refresh" content="0; url=https://evil.example/">')
    assert [f.split(": ")[1] for f in out] == ["resource", "resource"]


def test_style_elements_are_refused():
    """A <style> element would be blocked by the policy, so it fails the build. (style=
    attributes are left to the policy itself: the browser tests see any it blocks.)"""
    out = findings('<p style="color:red">x</p><style>p{}</style>')
    assert [f.split(": ")[1] for f in out] == ["style"]


def test_pinned_style_element_passes():
    """The 404 page's own styles, whose hash csp.INLINE_STYLES pins, pass; one byte more does not."""
    css = _theme_partial("page-not-found.css")
    assert csp.script_hash(css) in csp.INLINE_STYLES
    assert findings(f"<style>{css}</style>") == []
    assert [f.split(": ")[1] for f in findings(f"<style>{css} </style>")] == ["style"]


def test_json_data_block_that_could_end_early_is_refused():
    """A data block holding '<!--' could swallow the page's own closing tags."""
    out = findings('<script type="application/json">{"a": "<!--"}</script>')
    assert any("a data block holds" in f for f in out)


def test_missing_or_late_policy_is_refused():
    """Every page needs the current policy, before anything that loads."""
    bare = b"<!doctype html><html><head><title>x</title></head><body></body></html>"
    assert findings(data=bare)[0].startswith("site/x/index.html:1:1: csp: the page has no "
                                             "Content-Security-Policy meta tag")
    late = (f'<html><head><link rel="stylesheet" href="a.css">{csp.meta_tag()}</head></html>').encode()
    assert ": csp: <link comes before the Content-Security-Policy" in findings(data=late)[0]


def test_findings_per_file_are_capped():
    """A page full of handlers reports at most MAX_PER_FILE findings."""
    assert len(findings("<b onclick=x></b>" * 50)) == audit.MAX_PER_FILE


def test_site_audit_names_files_under_the_display_folder(tmp_path):
    """audit_site walks every HTML file and names it as the published path."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(page("<b onclick=x></b>"))
    (tmp_path / "index.html").write_bytes(page())
    (tmp_path / "data.json").write_text("<script>not html</script>")
    out = [str(p) for p in audit.audit_site(str(tmp_path), RULES, display="site")]
    assert out == ["site/a/index.html:2:4: event handler: the attribute onclick runs script (blocked "
                   f"by the Content-Security-Policy); {audit.FIX_SCRIPT}"]


def test_parallel_and_serial_audits_agree(tmp_path, monkeypatch):
    """The process pool finds the same problems as the serial pass."""
    for index in range(30):
        body = "<b onclick=x></b>" if index % 7 == 0 else "<p>ok</p>"
        (tmp_path / f"p{index}.html").write_bytes(page(body))
    serial = audit.audit_site(str(tmp_path), RULES, workers=1)
    monkeypatch.setattr(audit, "PARALLEL_FROM", 1)
    assert audit.audit_site(str(tmp_path), RULES, workers=2) == serial
    assert len(serial) == 5


def test_hand_written_page_with_raw_html_stops_the_build(attack, capsys):
    """Raw HTML in a content page (MkDocs lets it through) fails the build with the page named."""
    code, out = attack.run(capsys, "content/evil.md",
                           "# Evil\n\n<script>alert(1)</script>\n\n<img src=\"https://tracker.example/p.gif\" "
                           "onerror=\"alert(2)\">\n\n[x](javascript:alert(3))\n")
    attack.assert_refused(code, out)
    lines = [line for line in out.splitlines() if line.startswith("site/evil/index.html:")]
    kinds = sorted({line.split(": ")[1] for line in lines})
    assert kinds == ["event handler", "javascript", "resource", "script"], out
