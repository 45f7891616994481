"""Script bundles of a listing page (bundles.py): the site's scripts and the list strings, in order."""

from __future__ import annotations

import os

import pytest

from generator import bundles, printing
from tests.conftest import ROOT

THEME = os.path.join(ROOT, "theme")


def identity(text: str) -> str:
    return text


def test_bundle_joins_the_named_files_in_order_after_the_strings():
    """The list strings come first, then each file whole, each ending on a line of its own."""
    path, data = bundles.make(["list-strings", "assets/navigator/page.js", "assets/navigator/offline.js"], identity, [THEME])
    text = data.decode("utf-8")
    strings = printing.list_strings_file(identity)[1].decode("utf-8")
    assert text.startswith(strings.rstrip("\n") + "\n;\n")
    with open(os.path.join(THEME, "assets", "navigator", "page.js"), encoding="utf-8") as handle:
        page = handle.read().rstrip("\n")
    with open(os.path.join(THEME, "assets", "navigator", "offline.js"), encoding="utf-8") as handle:
        offline = handle.read().rstrip("\n")
    assert text.index(page) < text.index(offline) and text.endswith(offline + "\n;\n")
    assert path.startswith("assets/navigator/shared/bundle-") and path.endswith(".js")


def test_bundle_name_follows_its_bytes():
    """Another language's strings or another order make another file name; the same parts the same one."""
    first = bundles.make(["list-strings", "assets/navigator/page.js"], identity, [THEME])
    assert bundles.make(["list-strings", "assets/navigator/page.js"], identity, [THEME]) == first
    assert bundles.make(["list-strings", "assets/navigator/page.js"], lambda s: s.upper(), [THEME])[0] != first[0]
    assert bundles.make(["assets/navigator/page.js", "list-strings"], identity, [THEME])[0] != first[0]


def test_bundle_takes_a_file_from_the_first_theme_folder_that_has_it(tmp_path):
    """A project's custom_dir, first among the theme's folders, replaces one file of the bundle."""
    (tmp_path / "assets" / "navigator").mkdir(parents=True)
    (tmp_path / "assets" / "navigator" / "page.js").write_text("ours();\n")
    _path, data = bundles.make(["assets/navigator/page.js", "assets/navigator/md-scope.js"], identity, [str(tmp_path), THEME])
    assert data.startswith(b"ours();\n;\n") and b"__md_scope" in data


@pytest.mark.parametrize("name", ["assets/navigator/missing.js", "../../mkdocs.yml", "/etc/passwd", "assets/navigator/noscript.css"])
def test_bundle_refuses_a_file_it_cannot_find_or_outside_the_assets(name):
    """A missing file, a path out of the site or a stylesheet among scripts is an error, never a bundle without it."""
    with pytest.raises((FileNotFoundError, ValueError)):
        bundles.make(["assets/navigator/page.js", name], identity, [THEME])



def _css(tmp_path, files: dict[str, str]) -> list[str]:
    """The stylesheets written under tmp_path, by their paths in the site."""
    for name, text in files.items():
        os.makedirs(os.path.dirname(tmp_path / name), exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return list(files)


def test_stylesheets_make_one_file_in_their_order_with_one_charset(tmp_path):
    """Stylesheets bundle into shared/style-<digest>.css, in the order named, one @charset first."""
    names = _css(tmp_path, {"assets/stylesheets/main.css": '@charset "UTF-8";a{color:red}',
                            "assets/navigator/print.css": "@media print {\n  a { color: #000; }\n}\n"})
    path, data = bundles.make(names, identity, [str(tmp_path)])
    assert path.startswith("assets/navigator/shared/style-") and path.endswith(".css")
    assert data == b'@charset "UTF-8";\na{color:red}\n@media print {\n  a { color: #000; }\n}\n'


def test_a_stylesheets_relative_urls_point_from_the_bundle_to_the_same_file(tmp_path):
    """url() of a part is rewritten from the bundle's folder; data:, addresses and root paths stay."""
    names = _css(tmp_path, {"assets/stylesheets/main.css":
                            "a{background:url(../images/x.png)}b{background:url('fonts/y.woff2')}"
                            'i{background:url("data:image/svg+xml;utf8,<svg/>")}u{background:url(/z.png)}'})
    _path, data = bundles.make(names, identity, [str(tmp_path)])
    assert data.decode().splitlines()[1] == (
        "a{background:url(../../images/x.png)}b{background:url('../../stylesheets/fonts/y.woff2')}"
        'i{background:url("data:image/svg+xml;utf8,<svg/>")}u{background:url(/z.png)}')


def test_a_stylesheet_with_import_is_refused(tmp_path):
    """@import cannot sit in the middle of one file: the build says which stylesheet and what to do."""
    names = _css(tmp_path, {"assets/extra.css": '@import "other.css";\na{color:red}'})
    with pytest.raises(ValueError, match=r"the stylesheet assets/extra.css uses @import, which cannot sit"):
        bundles.make(names, identity, [str(tmp_path)])
