"""The Content-Security-Policy: on every page, first, strict, and its pinned inline-script hashes
match the scripts the theme really writes (so a changed script is reviewed, never auto-pinned)."""

from __future__ import annotations

import os
import re

from generator import csp
from tests.security.conftest import html_files

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)


def _inline_scripts(site: str) -> dict[str, str]:
    """Hash -> text of every executable inline script in the built site."""
    found = {}
    for path in html_files(site):
        with open(path, encoding="utf-8") as handle:
            for attrs, body in _SCRIPT.findall(handle.read()):
                kind = re.search(r'type="([^"]*)"', attrs)
                if "src=" in attrs or (kind and kind.group(1) in csp.DATA_SCRIPT_TYPES):
                    continue
                found[csp.script_hash(body)] = body
    return found


def test_pinned_style_is_the_404_pages(fixture_site):
    """The one pinned inline style is exactly the 404 page's, and no other page has a style."""
    found = {}
    for path in html_files(fixture_site):
        with open(path, encoding="utf-8") as handle:
            for body in re.findall(r"<style\b[^>]*>(.*?)</style\s*>", handle.read(), re.S | re.I):
                found.setdefault(csp.script_hash(body), []).append(path.rsplit("/site/", 1)[1])
    assert {h: paths for h, paths in found.items()} == {h: ["404.html"] for h in csp.INLINE_STYLES}


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_pinned_hashes_match_the_theme_scripts(fixture_site, payload_site):
    """The pinned list is exactly the set of inline scripts the theme writes; when it differs,
    review the scripts printed here and update generator/csp.py by hand."""
    found = {**_inline_scripts(fixture_site), **_inline_scripts(payload_site)}
    unpinned = {h: t[:300] for h, t in found.items() if h not in csp.INLINE_SCRIPTS}
    unused = sorted(set(csp.INLINE_SCRIPTS) - set(found))
    assert unpinned == {}, "inline scripts to review before pinning in generator/csp.py"
    assert unused == [], "pinned hashes no page uses any more: remove them from generator/csp.py"


def test_every_page_carries_the_policy_before_anything_loads(fixture_site, payload_site):
    """Each HTML file has the policy once, in <head>, before any script, stylesheet or style, and
    its charset still within the first 1024 bytes."""
    for path in html_files(fixture_site) + html_files(payload_site):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        meta = csp.meta_tag(pinned=os.path.basename(path) == "404.html")
        assert text.count(meta) == 1, path
        at = text.index(meta)
        assert at < text.index("</head>"), path
        for tag in ("<script", "<link", "<style"):
            assert tag not in text[:at], (path, tag)
        assert '<meta charset="utf-8">' in text.encode("utf-8")[:1024].decode("utf-8", "ignore"), path


def test_policy_allows_only_this_site():
    """Scripts and styles from this site or pinned (one style: the 404 page's); no eval;
    nothing from other hosts."""
    d = _directives(csp.policy())
    e = {name: csp.effective(d, name) for name in (
        "default-src", "script-src", "style-src", "img-src", "font-src", "connect-src", "worker-src",
        "object-src", "base-uri", "form-action")}
    assert e["default-src"] == ["'self'"]
    assert e["script-src"][0] == "'self'"
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in e["script-src"][1:])
    assert e["style-src"] == ["'self'"] + [f"'{h}'" for h in sorted(csp.INLINE_STYLES)]
    assert len(csp.INLINE_STYLES) == 1
    assert e["img-src"] == ["'self'", "data:"]
    assert e["font-src"] == ["'self'"]
    assert e["connect-src"] == ["'self'"]
    assert e["worker-src"] == ["'self'"]  # the offline service worker and Pagefind's, both the site's
    assert e["object-src"] == ["'none'"]
    assert e["base-uri"] == ["'self'"]
    assert e["form-action"] == ["'self'"]
    words = " ".join(sum(d.values(), []))
    for loose in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "*", "http:", "https:"):
        assert loose not in words.split() and f"'{loose}'" not in words.split()


def test_policy_is_identical_on_every_page(fixture_site):
    """One policy string on every page, with the pinned hashes (sorted, so builds stay
    byte-identical) on the 404 pages only: no other page runs inline code."""
    policies: dict[bool, set[str]] = {True: set(), False: set()}
    for path in html_files(fixture_site):
        with open(path, encoding="utf-8") as handle:
            policies[os.path.basename(path) == "404.html"].update(
                re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', handle.read()))
    assert policies == {True: {csp.policy()}, False: {csp.policy(pinned=False)}}


def test_unpinned_policy_is_the_pinned_one_without_hashes():
    """Every other page's policy is the 404 page's with no inline script or style allowed."""
    plain, pinned = _directives(csp.policy(pinned=False)), _directives(csp.policy())
    names = ("default-src", "img-src", "font-src", "connect-src", "worker-src", "object-src",
             "base-uri", "form-action")
    assert csp.effective(plain, "script-src") == ["'self'"] and csp.effective(plain, "style-src") == ["'self'"]
    assert {k: csp.effective(plain, k) for k in names} == {k: csp.effective(pinned, k) for k in names}


def test_directives_the_browser_fills_in_from_default_src_are_left_out():
    """A directive with default-src's own sources is not written (the browser falls back to
    default-src); one that differs, or carries pinned hashes, is."""
    plain, pinned = _directives(csp.policy(pinned=False)), _directives(csp.policy())
    assert set(plain) == {"default-src", "img-src", "object-src", "base-uri", "form-action"}
    assert {"script-src", "style-src", "worker-src"} <= set(pinned)
    assert csp.effective({"default-src": ["'self'"]}, "worker-src") == ["'self'"]
    assert csp.effective({"default-src": ["'self'"], "script-src": ["'none'"]}, "worker-src") == ["'none'"]


def test_script_hash_matches_the_browser_form():
    """Hashes are base64 SHA-256 of the UTF-8 text, CRLF read as LF (as browsers do)."""
    assert csp.script_hash("alert(1)") == "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
    assert csp.script_hash("a\r\nb") == csp.script_hash("a\nb")
