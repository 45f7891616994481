"""Numbers on the pages as each language writes them (CLDR through Babel, with CLDR's minimum
grouping digits that Babel leaves out), the same as the browser's Intl writes them in the
scripts, and every count of a large catalog's pages routed through the one formatter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from catalog_helpers import TODAY, run_validate
from generator import i18n
from generator.enrich import enrich
from generator.i18n import Translator
from generator.render import Renderer, environment
from tests.conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "bench"))
import synthetic  # noqa: E402

SAMPLES = [0, 7, 999, 1000, 1234, 9999, 10000, 12345, 100000, 1234567, -1234, -12345]
SIZE = 10_500  # listings: five-digit counts on the home page, a four-digit count of meetings


@pytest.mark.parametrize("language, expected", [
    ("en", ["0", "7", "999", "1,000", "1,234", "9,999", "10,000", "12,345", "100,000", "1,234,567", "-1,234", "-12,345"]),
    ("es", ["0", "7", "999", "1000", "1234", "9999", "10.000", "12.345", "100.000", "1.234.567", "-1234", "-12.345"]),
])
def test_numbers_are_grouped_as_the_language_groups_them(language, expected):
    """English groups from four digits with commas; Spanish from five, with points."""
    assert [Translator(language).number(n) for n in SAMPLES] == expected


def test_decimals_use_the_language_separator():
    """A measure with a fraction takes the language's decimal sign."""
    assert (Translator("en").number(2.5), Translator("es").number(2.5)) == ("2.5", "2,5")


def test_numbers_match_the_browser_intl_in_every_language():
    """Each language of the interface writes numbers as Node's Intl does (ICU's CLDR data,
    what find.js, near.js and offline.js format with), so that a page and its scripts agree."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is needed to compare with Intl in CI (apt-get install nodejs)")
        pytest.skip("node is not installed")
    script = ("const [langs, nums] = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(langs.map(l => nums.map(n => n.toLocaleString(l)))))")
    languages = i18n.available()
    out = subprocess.run([node, "-e", script, json.dumps([languages, SAMPLES])], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    assert dict(zip(languages, json.loads(out))) == {
        code: [Translator(code).number(n) for n in SAMPLES] for code in languages}


def test_template_counts_take_the_language_format_and_plural():
    """ngettext in a template picks the form by the count and shows the count formatted; the
    number filter formats any other count."""
    template = '{{ ngettext("%(num)s resource", "%(num)s resources", n) }} / {{ n | number }}'
    spanish = environment(Translator("es")).from_string(template)
    english = environment(Translator("en")).from_string(template)
    assert spanish.render(n=12345) == "12.345 recursos / 12.345"
    assert spanish.render(n=1) == "1 recurso / 1"
    assert english.render(n=1234) == "1,234 resources / 1,234"


@pytest.fixture(scope="module")
def large():
    """A synthetic catalog of SIZE listings, validated and enriched, rendered in both languages."""
    with tempfile.TemporaryDirectory() as folder:
        synthetic.generate(SIZE, folder)
        directory = enrich(run_validate(os.path.join(folder, "resources.yaml")), TODAY)
    english = Renderer(directory, languages=("en", "es"))
    return english, english.for_language("es")


def test_large_catalog_counts_in_spanish_and_english(large):
    """The home page's counts of a 10,500-listing catalog: 10.500 and 3500 in Spanish,
    10,500 and 3,500 in English."""
    english, spanish = large
    assert "10.500 recursos · 65 regiones · 3500 reuniones" in spanish.fragment("catalog_counts", "")
    assert "10,500 resources · 65 regions · 3,500 meetings" in english.fragment("catalog_counts", "")


def test_large_catalog_category_counts_in_spanish(large):
    """The category list and a region tree's totals are formatted as the language writes them."""
    english, spanish = large
    meetings = english.directory.category_counts["meeting"]
    assert meetings == 3500
    assert '<span class="rn-count">3500</span>' in spanish.fragment("categories", "")
    assert '<span class="rn-count">3,500</span>' in english.fragment("categories", "")
    totals = [n.total for n in english.directory.roots]
    assert any(t >= 1000 for t in totals)
    tree = spanish.fragment("region_tree", "", nodes=english.directory.roots)
    for total in totals:
        assert f"{Translator('es').number(total)} recursos" in tree
