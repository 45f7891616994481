"""The site's one stylesheet names Material's hashed stylesheets, as Material's base.html does."""

import os
import re

import material

from generator import mkdocs_engine

MATERIAL = os.path.join(os.path.dirname(material.__file__), "templates")
NAMES = [mkdocs_engine.MATERIAL_CSS, mkdocs_engine.PALETTE_CSS]


def test_every_material_stylesheet_the_bundle_names_exists():
    """Each Material stylesheet the site's bundle reads is in the installed Material (an upgrade renames them)."""
    missing = [n for n in NAMES if not os.path.isfile(os.path.join(MATERIAL, n))]
    assert not missing, f"generator/mkdocs_engine.py names {missing}: copy the names from Material's base.html"


def test_the_bundle_uses_the_stylesheets_materials_own_pages_use():
    """The bundle's Material stylesheets are exactly the ones Material's base.html links, so no page loses one."""
    with open(os.path.join(MATERIAL, "base.html"), encoding="utf-8") as handle:
        base = set(re.findall(r"'(assets/stylesheets/[^']+\.css)'", handle.read()))
    assert set(NAMES) == base
