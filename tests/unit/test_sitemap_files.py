"""The sitemap: one plain file up to 50,000 addresses, an index of gzip-only parts above."""

from __future__ import annotations

import gzip
import os
import re

from generator import sitemap

URL = "https://example.org/navigator/"


def locs(text: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", text)


def test_a_small_site_has_one_plain_sitemap_and_its_gzip_copy(tmp_path):
    """Up to 50,000 addresses: sitemap.xml and sitemap.xml.gz, the same text."""
    sitemap.write(str(tmp_path), URL, ["resources/a/", "resources/b/"])
    text = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert locs(text) == [URL + "resources/a/", URL + "resources/b/"]
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    assert sorted(os.listdir(tmp_path)) == ["sitemap.xml", "sitemap.xml.gz"]


def test_a_national_site_indexes_gzip_only_parts_that_hold_every_address(tmp_path):
    """Above 50,000 addresses the index names sitemap-N.xml.gz parts, written gzip-only, that
    hold every address once, in order."""
    urls = [f"resources/r{i:06d}/" for i in range(120_001)]
    sitemap.write(str(tmp_path), URL, urls)
    index = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    parts = locs(index)
    assert parts == [f"{URL}sitemap-{n}.xml.gz" for n in (1, 2, 3)]
    found = []
    for n in (1, 2, 3):
        assert not (tmp_path / f"sitemap-{n}.xml").exists()
        found += locs(gzip.decompress((tmp_path / f"sitemap-{n}.xml.gz").read_bytes()).decode("utf-8"))
    assert found == [URL + u for u in urls]
