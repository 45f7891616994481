"""A site built from a catalog with hostile text in every free-text field: it builds, every
page (whatever page types exist) holds the text only as text, and nothing in it can run."""

from __future__ import annotations

import os
import re
import typing
from html.parser import HTMLParser

import pytest

from generator import csp, model
from tests.conftest import build
from tests.security import payloads
from tests.security.conftest import digest, html_files

NAVIGATION_RELS = {"canonical", "alternate", "prev", "next"}


class Page(HTMLParser):
    """What a browser would see: tags with decoded attributes, script bodies and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = attrs
            self.scripts.append((attrs, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts[-1] = (self._script, self.scripts[-1][1] + data)
        else:
            self.text.append(data)


def parse(path: str) -> Page:
    page = Page()
    with open(path, encoding="utf-8") as handle:
        page.feed(handle.read())
    page.close()
    return page


def _models(kind, seen=None) -> dict[str, set[str]]:
    """Every model reachable from ``kind`` with its field names."""
    seen = {} if seen is None else seen
    if kind.__name__ in seen:
        return seen
    seen[kind.__name__] = set(kind.model_fields) - {"schema_"}
    for info in kind.model_fields.values():
        for inner in _flatten(info.annotation):
            if isinstance(inner, type) and issubclass(inner, model.Strict):
                _models(inner, seen)
    return seen


def _flatten(annotation):
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _flatten(arg)


def _used(data, kinds: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(model, field) pairs present in ``data`` (matched by field name)."""
    used = set()
    if isinstance(data, dict):
        for key, value in data.items():
            used |= {(name, key) for name, fields in kinds.items() if key in fields}
            used |= _used(value, kinds)
    elif isinstance(data, list):
        for item in data:
            used |= _used(item, kinds)
    return used


def test_payload_catalog_uses_every_field():
    """base.yaml (and so the payload catalog) has every field of every entry type; a field added
    to the format must be added there too, so that it gets attacked."""
    kinds = {k: v for k, v in _models(model.Resource).items()}
    kinds.update(_models(model.Region))
    used = _used(payloads.base_data(), kinds)
    missing = sorted((name, field) for name, fields in kinds.items() for field in fields
                     if (name, field) not in used)
    assert missing == [], "add these fields to tests/fixtures/security/catalog/base.yaml"


def test_every_family_reaches_the_free_text_fields():
    """Each payload family lands in the same fields as plain words do: nothing hostile is
    quietly dropped from a field that takes text."""
    base = payloads.base_data()
    _data, taken = payloads.payload_catalog()
    for entry in base["resources"]:
        _plain, reference = payloads.poison(model.Resource, entry, "plain", "Plain words here")
        for family in payloads.FAMILIES:
            assert taken[f"{entry['id']}-{family}"] == reference, (entry["id"], family)
    assert ("name",) in reference and ("description",) in reference


def test_payload_site_builds_and_passes_the_audit(payload_site):
    """The hostile catalog is valid: the build succeeds, the audit included."""
    assert os.path.exists(os.path.join(payload_site, "resources", "base-clinic-html", "index.html"))


def _allowed_script(attrs: dict[str, str], body: str) -> bool:
    if "src" in attrs:
        return not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//|\\\\)", attrs["src"], re.I)
    if attrs.get("type") in csp.DATA_SCRIPT_TYPES:
        return "<" not in body
    return csp.script_hash(body) in csp.INLINE_SCRIPTS


def _pinned_styles(path: str) -> bool:
    """Whether every <style> of the page has its hash pinned (only the 404 page has one)."""
    with open(path, encoding="utf-8") as handle:
        bodies = re.findall(r"<style>(.*?)</style>", handle.read(), re.S)
    return bool(bodies) and all(csp.script_hash(b) in csp.INLINE_STYLES for b in bodies)


def test_no_page_holds_live_markup(payload_site):
    """Parsed as a browser would: no handlers, no styles (but the 404 page's pinned ones), no
    foreign resources, no script links, and only theme scripts, on every HTML page of the
    payload site."""
    problems = []
    for path in html_files(payload_site):
        page = parse(path)
        where = os.path.relpath(path, payload_site)
        for tag, attrs in page.tags:
            for name, value in attrs.items():
                if name.startswith("on") or name == "style":
                    problems.append(f"{where}: <{tag} {name}>")
                if re.match(r"^\s*(javascript|vbscript|data):", value, re.I) and not (
                        tag == "img" and value.startswith("data:image/")):
                    problems.append(f"{where}: <{tag} {name}={value[:40]}>")
            if tag == "style" and where == "404.html" and _pinned_styles(path):
                continue  # the 404 page's own styles, pinned in csp.INLINE_STYLES
            if tag in ("iframe", "frame", "object", "embed", "base", "style", "applet"):
                problems.append(f"{where}: <{tag}>")
            src = attrs.get("src", "") if tag != "a" else ""
            if tag == "link" and not set(attrs.get("rel", "").split()) <= NAVIGATION_RELS:
                src = attrs.get("href", "")
            if re.match(r"^\s*(https?:|//)", src):
                problems.append(f"{where}: <{tag}> loads {src}")
        problems += [f"{where}: script {attrs} {body[:60]!r}" for attrs, body in page.scripts
                     if not _allowed_script(attrs, body)]
    assert problems == []


@pytest.mark.parametrize("family", list(payloads.FAMILIES))
def test_payloads_are_shown_as_text(payload_site, family):
    """Each resource page shows its family's text, character for character, as visible text."""
    text = payloads.FAMILIES[family]
    for entry in ("base-crisis", "base-clinic", "base-meeting"):
        page = parse(os.path.join(payload_site, "resources", f"{entry}-{family}", "index.html"))
        visible = "".join(page.text)
        assert text in visible, (entry, family)
        heading = [t for t, _a in page.tags].count("h1")
        assert heading == 1, (entry, family)


def test_templates_snippets_and_markers_stay_literal(payload_site):
    """Template syntax, snippet lines and the shell's own markers are never acted on."""
    leaks = []
    for path in html_files(payload_site):
        with open(path, encoding="utf-8") as handle:
            html = handle.read()
        if "root:x:0:0" in html or "site_name: Payload" in html:
            leaks.append(path)
        assert html.rstrip().endswith("</html>") and html.count("</html>") == 1, path
    assert leaks == []
    page = parse(os.path.join(payload_site, "resources", "base-clinic-template", "index.html"))
    visible = "".join(page.text)
    assert "{{ 7*7 }}" in visible and "@@RN-CONTENT@@" in visible and "{{ region_tree }}" in visible
    snippet = "".join(parse(os.path.join(payload_site, "resources", "base-clinic-snippet",
                                         "index.html")).text)
    assert '--8<-- "/etc/passwd"' in snippet


def test_payload_builds_are_byte_identical(payload_project, tmp_path, monkeypatch):
    """Two builds of the payload catalog give the same bytes in every file."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    second = payloads.make_project(str(tmp_path / "again"))
    assert build(second) == 0
    a, b = digest(os.path.join(payload_project, "site")), digest(os.path.join(second, "site"))
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
