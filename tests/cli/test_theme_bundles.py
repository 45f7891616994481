"""`navigator build` with a project theme (custom_dir) that changes the listing layout's script
bundles: its own file goes into the bundle; a file no theme folder has stops the build with one
line naming it, exit code 1 and no traceback."""

from __future__ import annotations

import glob
import os
import re
import shutil

from tests.cli.test_cli import run
from tests.conftest import ROOT, copy_fixture_site

LAYOUT = os.path.join(ROOT, "theme", "navigator-listing.html")


def project_with_theme(tmp_path, layout: str | None = None, page_js: str | None = None) -> str:
    """The fixture project with a custom_dir of its own (the navigator theme stays below it)."""
    project = copy_fixture_site(str(tmp_path / "project"))
    theme = os.path.join(project, "mytheme")
    os.makedirs(os.path.join(theme, "assets", "navigator"))
    if layout is not None:
        with open(os.path.join(theme, "navigator-listing.html"), "w", encoding="utf-8") as handle:
            handle.write(layout)
    if page_js is not None:
        with open(os.path.join(theme, "assets", "navigator", "page.js"), "w", encoding="utf-8") as handle:
            handle.write(page_js)
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    text = re.sub(r"custom_dir: .*", "custom_dir: mytheme", text, count=1)
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text)
    return project


def test_a_bundle_naming_a_missing_script_stops_the_build(tmp_path):
    """A listing layout bundling a file no theme folder has: exit 1, one line naming it, no traceback."""
    with open(LAYOUT, encoding="utf-8") as handle:
        layout = handle.read().replace("assets/navigator/offline.js@@", "assets/navigator/missing.js@@")
    assert "missing.js" in layout
    project = project_with_theme(tmp_path, layout=layout)
    result = run("build", "-f", "mkdocs.yml", cwd=project)
    assert result.returncode == 1, result.stderr
    assert ("navigator: the theme's navigator-listing.html cannot hold catalog pages: a script "
            "bundle names assets/navigator/missing.js, which neither the docs folder nor the theme has") in result.stderr
    assert "Traceback" not in result.stderr
    assert not os.path.exists(os.path.join(project, "site", "index.html"))


def test_a_projects_own_script_goes_into_the_bundle(tmp_path):
    """A page.js in the project's custom_dir replaces the navigator theme's in every listing page's bundle."""
    project = project_with_theme(tmp_path, page_js="window.ourPage = 1;\n")
    result = run("build", "-f", "mkdocs.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    site = os.path.join(project, "site")
    page = glob.glob(os.path.join(site, "resources", "*", "index.html"))[0]
    with open(page, encoding="utf-8") as handle:
        html = handle.read()
    path = re.search(r'<script defer id="rn-list-strings" data-root="\.\./\.\./" src="\.\./\.\./'
                     r'(assets/navigator/shared/bundle-[0-9a-f]{12}\.js)"', html)[1]
    with open(os.path.join(site, path), encoding="utf-8") as handle:
        bundle = handle.read()
    assert "window.ourPage = 1;" in bundle and "Material's menu button" not in bundle
    shutil.rmtree(site)


def test_an_extra_stylesheet_the_one_stylesheet_cannot_hold_stops_the_build(tmp_path):
    """An extra_css file with @import: exit 1, mkdocs.yml's extra_css line, the file and the fix, no traceback."""
    project = project_with_theme(tmp_path)
    with open(os.path.join(project, "mytheme", "assets", "extra.css"), "w", encoding="utf-8") as handle:
        handle.write('@import "more.css";\na { color: #005f55; }\n')
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("extra_css:\n", "extra_css:\n  - assets/extra.css\n", 1))
    line = text.splitlines().index("extra_css:") + 1
    result = run("build", "-f", "mkdocs.yml", cwd=project)
    assert result.returncode == 1, result.stderr
    assert (f"mkdocs.yml:{line}: extra_css: the stylesheet assets/extra.css uses @import, which cannot sit "
            "inside the site's one stylesheet: put the imported rules in the file itself") in result.stderr
    assert "Traceback" not in result.stderr
    assert not os.path.exists(os.path.join(project, "site", "index.html"))
