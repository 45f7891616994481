"""The catalog format for imported data: "imported, not verified by a person" with the source's
own date or none, addresses without a ZIP or outside the US, and impossible postal codes."""

from __future__ import annotations

import datetime

from catalog_helpers import ROOT, TODAY, with_fields
from generator import enrich, report
from generator.i18n import Translator
from generator.render import environment

IMPORTED = ROOT.replace("    last_verified: 2026-11-01\n", "    imported: 2026-11-20\n")
MEETING_ROOT = ROOT.replace("category: crisis-line", "category: meeting").replace(
    "    online_only: true\n", "")


def _address(lines: str) -> str:
    return with_fields(lines, ROOT.replace("    online_only: true\n", ""))


def test_imported_listing_without_a_person_s_check_is_valid_and_unverified(catalog):
    """imported: instead of last_verified is accepted; the listing is not verified and, with no
    date from its source, has no date it is known to be true."""
    (res,) = catalog(IMPORTED).resources
    assert (res.last_verified, res.imported, res.source_updated) == (None, datetime.date(2026, 11, 20), None)
    assert not res.verified and res.as_of is None


def test_listing_with_neither_date_is_refused(problems):
    """Without last_verified or imported, the coordinator is told which to write."""
    assert problems(ROOT.replace("    last_verified: 2026-11-01\n", "")) == [
        "resources.yaml:11:5: resources[0]: last_verified is required: write the date a person last checked the "
        "listing (YYYY-MM-DD); a listing brought in by navigator import and not checked yet has "
        "imported: <date> instead"]


def test_source_date_in_the_future_is_refused(problems):
    """A source_updated after the build date is an error, like last_verified."""
    assert problems(with_fields("source_updated: 2026-12-01\n", IMPORTED)) == [
        "resources.yaml:17:21: source_updated: 2026-12-01 is in the future; write the date the "
        "source gives"]


def test_undated_import_is_stale_and_a_dated_one_ages_from_its_source(catalog):
    """Freshness: no date at all is flagged; the source's date counts like a check."""
    (undated,) = catalog(IMPORTED).resources
    (old,) = catalog(with_fields("source_updated: 2022-08-25\n", IMPORTED)).resources
    (recent,) = catalog(with_fields("source_updated: 2026-10-01\n", IMPORTED)).resources
    found = [enrich.enrich(c, TODAY).entries[0].freshness for c in (
        _one(undated), _one(old), _one(recent))]
    assert found == ["flag", "flag", "fresh"]


def _one(res):
    from generator.validate import Catalog
    from generator.model import Region, Site

    region = Region(id="ohio", name="Ohio", timezone="America/New_York")
    return Catalog(site=Site(), regions={"ohio": region}, resources=[res],
                   origins={res.id: ("resources.yaml", 11)})


def test_pages_say_not_verified_since_import_with_the_source_date(catalog):
    """The verification line tells the truth: imported on a date, and the source's date or
    that it is unknown; a person's check reads as before."""
    macros = environment(Translator("en")).get_template("_macros.html").module
    (undated,) = catalog(IMPORTED).resources
    (dated,) = catalog(with_fields("source_updated: 2022-08-25\n", IMPORTED)).resources
    (checked,) = catalog(ROOT).resources
    assert str(macros.checked(undated)) == \
        "Not verified since import on November 20, 2026, source date unknown"
    assert str(macros.checked(dated)) == \
        "Not verified since import on November 20, 2026, source dated August 25, 2022"
    assert str(macros.checked(checked)) == "Verified on November 1, 2026"


def test_data_health_counts_imported_listings_nobody_has_checked(catalog):
    """The report has an 'imported, not verified' list per region, with the dates."""
    (res,) = catalog(with_fields("source_updated: 2022-08-25\n", IMPORTED)).resources
    health = report.health(enrich.enrich(_one(res), TODAY))
    assert [e.id for e in health.regions[0].unverified] == ["test-line"]
    assert health.totals["unverified"] == 1 and health.totals["flag"] == 1
    assert "    resources.yaml:11: test-line (not verified since import on 2026-11-20, source " \
        "dated 2022-08-25)" in report.text(health)


def test_us_address_without_zip_is_valid(catalog):
    """Street, city and state find a US place: the postal code may be left out."""
    (res,) = catalog(_address("address: {address_1: 100 Main St, city: Columbus, state_province: OH}\n")).resources
    assert res.address.postal_code is None and res.address.line == "100 Main St, Columbus, OH"


def test_impossible_postal_codes_are_refused(problems):
    """0 and 00000 are placeholders, not ZIP codes; the message says how to write one."""
    for code in ("0", "00000", "1234"):
        found = problems(_address(f"address: {{address_1: 100 Main St, city: Columbus, state_province: OH, "
                                  f"postal_code: \"{code}\"}}\n"))
        assert found == [f"resources.yaml:16:14: address: '{code}' is not a postal code in US; write it "
                         "like 43215 or 43215-1234, or leave it out when you do not know it"], found


def test_non_us_address_is_accepted_with_its_country(catalog):
    """A German address needs no state; its postal code is checked loosely, and the country kept."""
    (res,) = catalog(_address("address: {address_1: Hauptstraße 5, city: Berlin, postal_code: \"10115\", "
                              "country: DE}\n")).resources
    assert (res.address.country, res.address.state_province, res.address.line) == \
        ("DE", None, "Hauptstraße 5, Berlin, 10115")


def test_address_with_a_zip_or_coordinates_needs_no_state(catalog):
    """A ZIP code, or coordinates, find the place when the source gave no state."""
    (by_zip,) = catalog(_address("address: {address_1: 100 Main St, city: Columbus, postal_code: \"43215\"}\n")).resources
    (by_point,) = catalog(_address("address: {address_1: 55 Victoria St N, city: Tweed, country: CA}\n"
                                   "latitude: 44.4759824\nlongitude: -77.3114402\n")).resources
    assert by_zip.address.line == "100 Main St, Columbus, 43215"
    assert (by_point.address.state_province, by_point.address.postal_code) == (None, None)


def test_address_with_nothing_to_find_it_by_needs_coordinates(problems, catalog):
    """Neither a state nor a postal code: coordinates must say where it is."""
    bare = "address: {address_1: 5 High Street, city: Oxford, country: GB}\n"
    assert problems(_address(bare)) == [
        "resources.yaml:11:5: resources[0]: the address has neither a state/province nor a postal code, and "
        "there are no coordinates: add one of them so the place can be found"]
    (res,) = catalog(_address(bare + "latitude: 41.5\nlongitude: -81.6\n")).resources
    assert res.address.city == "Oxford"
