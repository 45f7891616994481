"""Small units behind the find features: short codes, QR codes, calendar rules, place files and
the filter data of one listing."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

from generator import find, places, qr, schedule, share
from generator.exporters import ics
from tests.conftest import ROOT


def test_short_codes_are_stable_and_unique():
    """A resource keeps its short code whatever else is in the catalog."""
    alone = share.short_codes(["east-detox"])
    many = share.short_codes(["east-detox"] + [f"r{i}" for i in range(2000)])
    assert alone["east-detox"] == many["east-detox"]
    assert len(set(many.values())) == len(many)
    assert all(len(c) == share.SHORT and c.isalnum() and c.islower() for c in alone.values())


def test_short_codes_of_a_whole_catalog_match_those_made_one_by_one():
    """Encoding every id in one go gives each id the code it gets alone (addresses stay put)."""
    ids = [f"r{i}" for i in range(3000)] + ["café-ñ", "a", "x" * 200, "east-detox"]
    codes = share.short_codes(ids)
    assert all(codes[rid] == share._code(rid, share.SHORT) for rid in ids)
    assert codes["east-detox"] == "gyf5ih76"  # as published since short links began


def test_short_codes_lengthen_on_collision(monkeypatch):
    """Ids whose short codes collide both get the long form, so neither is ambiguous."""
    monkeypatch.setattr(share, "SHORT", 1)
    codes = share.short_codes([f"id-{i}" for i in range(100)])
    assert len(set(codes.values())) == 100
    assert any(len(c) == share.LONG for c in codes.values())


def test_qr_svg_is_deterministic_labelled_and_cached(tmp_path):
    """The same link gives the same SVG; the label is escaped; a second call reads the cache."""
    first = qr.qr_svg("https://example.org/r/abcdefgh/", "QR <for> \"x\"", str(tmp_path))
    again = qr.qr_svg("https://example.org/r/abcdefgh/", "QR <for> \"x\"", str(tmp_path))
    assert first == again
    assert first.startswith('<svg role="img" aria-label="QR &lt;for&gt; &#34;x&#34;" focusable="false"')
    assert len(list((tmp_path / "qr").rglob("*.svg"))) == 1
    assert qr.qr_svg("https://example.org/r/abcdefgh/", "x") != qr.qr_svg("https://example.org/r/abcdefgi/", "x")


def test_rrule_weekly_monthly_and_until():
    """Weekly on the day; monthly on the nth and last weekday; UNTIL when given."""
    assert ics.rrule(schedule.Slot(2, "19:30"), None) == {"FREQ": "WEEKLY", "BYDAY": "TU"}
    assert ics.rrule(schedule.Slot(1, "12:00", None, ("1", "last")), None) == {
        "FREQ": "MONTHLY", "BYDAY": ["1MO", "-1MO"]}
    assert ics.rrule(schedule.Slot(0, "08:00"), "until")["UNTIL"] == "until"


def test_places_json_has_zips_and_town_centroids():
    """Places become ZIP -> point and 'town st' -> mean point with its display name."""
    rows = [places.Place("43205", "Columbus", "OH", 39.0, -83.0),
            places.Place("43215", "Columbus", "OH", 40.0, -82.0),
            places.Place("43017", "Dublin", "OH", 40.1, -83.1)]
    data = json.loads(places.places_json(rows))
    assert data["z"]["43215"] == [40.0, -82.0]
    assert data["t"]["columbus oh"] == [39.5, -82.5, "Columbus, OH"]
    assert sorted(data["t"]) == ["columbus oh", "dublin oh"]


def test_zip_table_is_offline_and_has_centroids():
    """The ZIP table comes from the installed package, with coordinates for a known ZIP code."""
    table = {p.zip: p for p in places.zip_table()}
    assert len(table) > 25_000
    assert table["43215"].city == "Columbus" and 39.9 < table["43215"].latitude < 40.0


def test_zip_table_is_read_in_a_child_process():
    """The build's process never holds the package's 42,000 dicts: a child reads them, and the
    table equals what reading them in place gives."""
    script = ("import sys; from generator import places; table = places.zip_table(); "
              "print(len(table), 'zipcodes' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == [str(len(places.zip_table())), "False"]
    here = sorted((places.Place(z, c, s, float(a), float(b)) for z, c, s, a, b in places.street_zips()),
                  key=lambda p: p.zip)
    assert list(places.zip_table()) == here


class _Entry(SimpleNamespace):
    __hash__ = object.__hash__  # like enrich.Entry: one listing, compared by identity

    @property
    def hours_code(self) -> str:  # as enrich.Entry derives it
        from generator import schedule

        return schedule.hours_code(self.res)


def _entry(**fields):
    res = SimpleNamespace(id="x", category="meeting", program="na", types=["W", "S", "X"], languages=["en"],
                          populations=[], accessibility=[], payment=[], walk_in=None,
                          accepting_new_clients=True, latitude=40.0, longitude=-83.0, always_open=False,
                          hours=[], valid_from=None, valid_to=None, status="active", online_only=False,
                          schedule=[SimpleNamespace(day="wednesday", time="18:30", end_time=None, weeks=None)])
    for key, value in fields.items():
        setattr(res, key, value)
    return _Entry(res=res, attendance="in-person", timezone="America/New_York")


def test_data_attributes_fold_meeting_types_into_filters():
    """Type S adds Spanish, W adds women, X adds wheelchair; times carry their zone."""
    attrs = str(find.data_attributes(_entry()))
    assert ' data-lang="en es"' in attrs and ' data-pop="women"' in attrs and ' data-acc="wheelchair"' in attrs
    assert ' data-s="3|18:30||"' in attrs and ' data-tz="America/New_York"' in attrs
    assert ' data-new="1"' in attrs and "data-walk" not in attrs


def test_rows_leave_out_the_zone_and_kind_their_list_carries():
    """A row the same as its list says neither its zone nor its kind; one that differs says them."""
    entry = _entry()
    same = str(find.data_attributes(entry, inherit={"tz": "America/New_York", "cat": "meeting"}))
    assert "data-tz" not in same and "data-cat" not in same and ' data-s="3|18:30||"' in same
    other = str(find.data_attributes(entry, inherit={"tz": "America/Chicago", "cat": "detox"}))
    assert ' data-tz="America/New_York"' in other and ' data-cat="meeting"' in other


def test_only_the_zone_and_kind_are_left_to_the_list():
    """A list can carry nothing else for its rows: every other attribute stays on the row."""
    attrs = str(find.data_attributes(_entry(), inherit={"prog": "na", "lang": "en es"}))
    assert ' data-prog="na"' in attrs and ' data-lang="en es"' in attrs
    assert str(find.list_attributes({"tz": "America/New_York", "cat": "", "prog": "na"})) == \
        ' data-tz="America/New_York"'


def test_in_person_is_the_default_attendance():
    """In person, the usual case, is left to find.js's default; online and hybrid are written."""
    assert "data-att" not in str(find.data_attributes(_entry()))
    online = _Entry(res=_entry().res, attendance="online", timezone="America/New_York")
    assert ' data-att="online"' in str(find.data_attributes(online))


def test_coordinates_have_four_decimals():
    """Coordinates are rounded to 4 decimals (11 m at most), enough to sort by distance."""
    attrs = str(find.data_attributes(_entry(latitude=39.956712, longitude=-82.969449)))
    assert ' data-geo="39.9567,-82.9694"' in attrs


def test_sheet_rows_leave_out_coordinates():
    """Without ``geo`` (a sheet, never sorted by distance) a row has no coordinates, all else kept."""
    attrs = str(find.data_attributes(_entry(), geo=False))
    assert "data-geo" not in attrs and ' data-lang="en es"' in attrs


def test_data_attributes_escape_values():
    """Values are escaped even though they come from fixed vocabularies."""
    attrs = str(find.data_attributes(_entry(id='a"><b', schedule=[])))
    assert 'data-id="a&#34;&gt;&lt;b"' in attrs and "data-tz" not in attrs
