"""The listing pages' own layout names Material's hashed stylesheets, as Material's base.html does."""

import os
import re

import material

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAYOUT = os.path.join(ROOT, "theme", "navigator-listing.html")
MATERIAL = os.path.join(os.path.dirname(material.__file__), "templates")


def test_every_material_asset_the_listing_layout_names_exists():
    """Each Material stylesheet or script the listing layout names is in the installed Material (an upgrade renames them)."""
    with open(LAYOUT, encoding="utf-8") as handle:
        names = re.findall(r"'(assets/(?:stylesheets|javascripts)/[^']+)'", handle.read())
    assert names, "the layout names no Material asset; update this test"
    missing = [n for n in names if not os.path.isfile(os.path.join(MATERIAL, n))]
    assert not missing, f"theme/navigator-listing.html names {missing}: copy the names from Material's base.html"


def test_the_listing_layout_uses_the_stylesheets_materials_own_pages_use():
    """The listing layout's Material stylesheets are the ones Material's base.html links, so listing pages look like the rest."""
    with open(os.path.join(MATERIAL, "base.html"), encoding="utf-8") as handle:
        base = set(re.findall(r"'(assets/stylesheets/[^']+\.css)'", handle.read()))
    with open(LAYOUT, encoding="utf-8") as handle:
        ours = set(re.findall(r"'(assets/stylesheets/[^']+\.css)'", handle.read()))
    assert ours and ours <= base
