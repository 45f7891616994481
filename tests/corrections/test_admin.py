"""The form editor at admin/: its configuration is generated from the catalog's JSON Schema and
covers every field; in Chromium, with every request beyond the site refused, the bundled CMS
loads it and shows a listing's form with every field."""

from __future__ import annotations

import os
import re
import shutil

import pytest
import yaml

from generator import admin, schema
from tests.conftest import EPOCH, ROOT, build, copy_fixture_site, need_chromium, served


def _paths(node: dict, defs: dict, prefix: str = "") -> set[str]:
    """Every property path in the schema below ``node`` (objects and lists of objects opened)."""
    out = set()
    for name, prop in node.get("properties", {}).items():
        out.add(prefix + name)
        resolved, _ = admin._resolve(prop, defs)
        items, _ = admin._resolve(resolved.get("items", {}), defs)
        for inner in (resolved, items):
            if inner.get("type") == "object":
                out |= _paths(inner, defs, prefix + name + ".")
    return out


def _field_paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    out = {}
    for f in fields:
        out[prefix + f["name"]] = f
        out.update(_field_paths(f.get("fields", []), prefix + f["name"] + "."))
    return out


def test_translations_are_left_out_of_a_one_language_site():
    """With no other language there is nothing to translate into: no translations field."""
    config = admin.config("org/repo", "main", [("catalog/a.yaml", "A")], ["ohio"])
    names = {f["name"] for f in config["collections"][0]["files"][0]["fields"][0]["fields"]}
    assert "translations" not in names and "description" in names


def test_config_covers_every_schema_field():
    """Each Resource property of the JSON Schema (nested ones too) has a form field, with its
    required mark, select lists where the schema has a closed list, and its help text."""
    full = schema.catalog_schema()
    defs = full["$defs"]
    config = admin.config("org/repo", "main", [("catalog/a.yaml", "A")], ["ohio", "franklin"],
                          languages=("es",))
    listing = config["collections"][0]["files"][0]["fields"][0]["fields"]
    fields = _field_paths(listing)
    # A listing's translations are a mapping by language: one group of fields per other language.
    assert {f for f in fields if not f.startswith("translations.")} == _paths(defs["Resource"], defs)
    assert {"translations.es.name", "translations.es.description"} <= set(fields)
    assert {n for n, f in fields.items() if "." not in n and f["required"]} == set(defs["Resource"]["required"])
    assert fields["category"]["widget"] == "select" and "detox" in fields["category"]["options"]
    assert fields["program"]["options"][0] == "aa"
    assert fields["payment"]["multiple"] and "medicaid" in fields["payment"]["options"]
    assert fields["schedule.day"]["options"][0] == "sunday"
    assert "O" in fields["types"]["options"] and fields["regions"]["options"] == ["ohio", "franklin"]
    assert fields["location"]["hint"] == defs["Resource"]["properties"]["location"]["description"]
    assert fields["last_verified"]["widget"] == "datetime" and fields["latitude"]["widget"] == "number"
    assert fields["online_only"]["widget"] == "boolean"
    assert fields["walk_in"]["widget"] == "select"  # yes, no or unknown: never "no" by default
    assert [o["value"] for o in fields["accepting_new_clients"]["options"]] == ["true", "false"]
    assert config["publish_mode"] == "editorial_workflow"
    assert config["output"]["omit_empty_optional_fields"] is True


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory) -> str:
    bundle = os.path.join(ROOT, admin.BUNDLE)
    if not os.path.isfile(bundle):
        if os.environ.get("CI") == "true":
            pytest.fail("the form editor must be tested in CI: run `npm ci --prefix cms`")
        pytest.skip("no CMS bundle: run `npm ci --prefix cms`")
    project = copy_fixture_site(str(tmp_path_factory.mktemp("admin") / "project"))
    modules = os.path.join("cms", "node_modules")
    for path in [admin.BUNDLE] + [os.path.join(modules, font) for _family, font, _how in admin.FONTS]:
        os.makedirs(os.path.dirname(os.path.join(project, path)), exist_ok=True)
        shutil.copyfile(os.path.join(ROOT, path), os.path.join(project, path))
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("  - navigator\n", "  - navigator:\n      repository: fixture-org/navigator\n"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return os.path.join(project, "site")


def test_admin_page_has_its_own_policy(admin_site):
    """The admin page alone allows GitHub's API; the public pages keep the site-only policy."""
    with open(os.path.join(admin_site, "admin", "index.html"), encoding="utf-8") as handle:
        page = handle.read()
    assert f'content="{admin.POLICY}"' in page and "connect-src 'self' data: blob: https://api.github.com" in page
    with open(os.path.join(admin_site, "resources", "franklin-detox", "index.html"), encoding="utf-8") as handle:
        assert "api.github.com" not in handle.read()
    with open(os.path.join(admin_site, "admin", "config.yml"), encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    assert config["backend"]["repo"] == "fixture-org/navigator"
    assert [f["file"] for f in config["collections"][0]["files"]] == ["catalog/franklin.yaml", "resources.yaml"]


@pytest.mark.browser
def test_admin_loads_the_bundled_cms_and_shows_every_field(browser, admin_site):
    """With the CMS's in-browser test backend (no GitHub), a new listing's form shows a field
    for each property of the schema's Resource; nothing beyond the site is fetched."""
    need_chromium()
    path = os.path.join(admin_site, "admin", "config.yml")
    with open(path, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["backend"] = {"name": "test-repo"}  # the one change: GitHub needs an account
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, sort_keys=False)
    listing = config["collections"][0]["files"][0]["fields"][0]["fields"]
    titles = {f["label"] for f in listing}  # one per Resource property (the test above)
    # One per Resource property, but for the translations: the fixture site has one language.
    assert len(titles) == len(set(schema.catalog_schema()["$defs"]["Resource"]["properties"]) - {"translations"})
    with served(admin_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        refused: list[str] = []

        def only_the_site(route):
            if route.request.url.startswith(base):
                return route.continue_()
            refused.append(route.request.url)
            return route.abort()

        context.route("**/*", only_the_site)
        page = context.new_page()
        page.goto(base + "admin/")
        page.get_by_role("button", name=re.compile("Test Repository")).click()
        page.get_by_text("catalog/franklin.yaml").first.click()
        page.get_by_role("button", name=re.compile("Add.*Listings")).click()
        page.wait_for_function("document.fonts.status === 'loaded'")
        icons = page.evaluate("[...document.fonts].some(f => f.family.includes('Material Symbols Outlined')"
                              " && f.status === 'loaded')")
        seen: set[str] = set()
        for _ in range(60):
            seen |= {t.strip() for t in page.locator("label, [id$='-label']").all_inner_texts()}
            if titles <= seen:
                break
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(150)
        context.close()
    assert titles - seen == set()
    assert icons  # the icon font comes from the site, not from the CDN the CMS would ask
    assert all(not u.startswith(("http://127.0.0.1", "http://localhost")) for u in refused)
