"""How problems combine: one bad entry never hides or invents others, repeats are grouped, and
output stays bounded (terminal, GitHub annotations) whatever the catalog holds."""

from __future__ import annotations

import os
import shutil

import pytest

from catalog_helpers import ROOT, run_validate, write_catalog
from generator import errors
from generator.errors import CatalogError, Problem

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def shipped_catalog(folder) -> str:
    """A copy of the shipped catalog (resources.yaml and catalog/) in ``folder``."""
    shutil.copy(os.path.join(PROJECT, "resources.yaml"), folder)
    shutil.copytree(os.path.join(PROJECT, "catalog"), os.path.join(folder, "catalog"))
    return os.path.join(str(folder), "resources.yaml")


def edit(path: str, old: str, new: str) -> None:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))


def reported(root: str) -> list[str]:
    with pytest.raises(CatalogError) as info:
        run_validate(root)
    return [str(p) for p in info.value.problems]


# ---------------------------------------------------------------- independent errors

def test_a_duplicate_key_in_a_region_reports_only_the_real_problems(tmp_path):
    """A duplicate key and an unknown field in one region of the shipped catalog give exactly
    those two problems: no region list lost, no 'region does not exist' for other listings."""
    root = shipped_catalog(tmp_path)
    with open(root, encoding="utf-8") as handle:  # the line of the region's name, wherever it is
        first = handle.read().split("\n").index("    name: Philadelphia County") + 1
    edit(root, "  - id: philadelphia\n    name: Philadelphia County\n",
         "  - id: philadelphia\n    name: Philadelphia County\n    name: Philly\n    colour: red\n")
    assert reported(root) == [
        f"resources.yaml:{first + 1}:5: the field 'name' appears twice in the same entry (first at "
        f"line {first}); keep one and delete the other",
        f"resources.yaml:{first + 2}:5: colour: unknown field 'colour'; the fields allowed here are: id, name, "
        "parent, timezone, intro, center, bounds",
    ]


def test_a_mistake_in_site_settings_keeps_the_regions(tmp_path):
    """An error under site: is reported alone; the regions beside it still count."""
    root = shipped_catalog(tmp_path)
    edit(root, "  country: US\n", "  country: USA\n")
    problems = reported(root)
    assert len(problems) == 1 and problems[0].startswith("resources.yaml:7:12: site.country:")


def test_a_file_that_cannot_be_read_causes_no_follow_on_errors(tmp_path):
    """A syntax error in an included file that defines a region is the one problem shown, not
    one 'region does not exist' per listing of that region in other files."""
    regions = ("regions:\n  - id: erie\n    name: Erie\n    timezone: America/New_York\n"
               "    parent: ohio\n  oops: [\n")
    root = write_catalog(tmp_path, ROOT.replace("regions: [ohio]", "regions: [erie]"), regions)
    problems = reported(root)
    assert len(problems) == 1 and problems[0].startswith("catalog/x.yaml:"), problems


def test_a_listing_with_a_mistake_still_has_its_region_ids_checked(tmp_path):
    """A listing set aside for one mistake still gets its wrong region id, with the closest
    valid id, in the same run."""
    extra = ("resources:\n  - id: second\n    name: Second\n    category: detox\n"
             "    regions: [ohoi]\n    online_only: maybe\n    last_verified: 2026-11-01\n")
    assert reported(write_catalog(tmp_path, ROOT, extra)) == [
        "catalog/x.yaml:5:14: regions: region 'ohoi' does not exist; did you mean 'ohio'? regions "
        "are listed in resources.yaml",
        "catalog/x.yaml:6:18: online_only: write true or false (got 'maybe')",
    ]


def test_a_listing_with_a_mistake_still_counts_against_duplicate_ids(tmp_path):
    """A repeated id is reported in the same run as the other mistake of the listing."""
    extra = ("resources:\n  - id: test-line\n    name: Second\n    category: detox\n"
             "    regions: [ohio]\n    online_only: maybe\n    last_verified: 2026-11-01\n")
    assert reported(write_catalog(tmp_path, ROOT, extra)) == [
        "catalog/x.yaml:2:9: id: id 'test-line' is already used at resources.yaml:11; ids must be "
        "unique across all files (they become web addresses)",
        "catalog/x.yaml:6:18: online_only: write true or false (got 'maybe')",
    ]


def test_a_listing_naming_a_region_set_aside_is_not_reported(tmp_path):
    """Listings in a region whose entry has a mistake are not reported as well."""
    root = ROOT.replace("    name: Ohio\n", "    name: Ohio\n    nmae: Ohio\n")
    assert reported(write_catalog(tmp_path, root)) == [
        "resources.yaml:4:5: nmae: unknown field 'nmae'; did you mean 'name'?"]


def test_problems_come_by_file_in_reading_order_then_line():
    """The root file's problems come first, then each included file's, each by line."""
    found = [Problem("catalog/b.yaml", 2, 1, "", "b"), Problem("resources.yaml", 9, 1, "", "r9"),
             Problem("catalog/a.yaml", 1, 1, "", "a"), Problem("resources.yaml", 3, 1, "", "r3")]
    order = ["resources.yaml", "catalog/b.yaml", "catalog/a.yaml"]
    assert [p.message for p in CatalogError(found, order).problems] == ["r3", "r9", "b", "a"]


# ---------------------------------------------------------------- bounded output

def test_ten_thousand_listings_with_one_id_give_one_line(tmp_path):
    """10,000 listings sharing an id are one problem naming the first lines and the count."""
    entry = ("  - id: same\n    name: Same\n    category: detox\n    regions: [ohio]\n"
             "    online_only: true\n    last_verified: 2026-11-01\n")
    extra = "resources:\n" + entry * 10_000
    with pytest.raises(CatalogError) as info:
        run_validate(write_catalog(tmp_path, ROOT, extra))
    assert [str(p) for p in info.value.problems] == [
        "catalog/x.yaml:8:9: id: id 'same' is used 10,000 times: lines 2, 8, 14 and 9,997 more; ids "
        "must be unique across all files (they become web addresses)"]
    assert len(info.value.report()) < 400


def test_repeats_of_one_problem_in_a_file_are_grouped():
    """Four or more identical problems in one file become one line with their lines."""
    same = [Problem("f.yaml", line, 3, "url", "must start with https://") for line in (9, 2, 5, 7)]
    assert [str(p) for p in errors.grouped(same)] == [
        "f.yaml:2:3: url: must start with https:// (4 times: lines 2, 5, 7 and 1 more)"]
    assert len(errors.grouped(same[:3])) == 3  # a few are shown one by one


def test_output_is_capped_per_file_and_overall():
    """Past the caps the terminal says how many more problems each file has."""
    many = [Problem(f"f{n % 5}.yaml", n, 1, "name", f"problem {n}") for n in range(1000)]
    lines = errors.text_lines(errors.ordered(many))
    assert len(lines) == errors.OVERALL + 5
    assert lines[errors.OVERALL] == ("f0.yaml: 150 more problems not shown; fix the ones above and "
                                     "run the check again to see them")


def test_github_annotations_stay_within_the_limits_and_say_how_many_more():
    """At most 10 error and 10 warning annotations; the tenth says how many more there are, and
    the rest are plain lines in the log."""
    found = [Problem("f.yaml", n, 1, "name", f"problem {n}") for n in range(1, 31)]
    found += [Problem("f.yaml", n, 1, "name", f"note {n}", "warning") for n in range(1, 4)]
    lines = errors.github_lines(errors.ordered(found))
    assert sum(line.startswith("::error") for line in lines) == 10
    assert sum(line.startswith("::warning") for line in lines) == 3
    assert ("::error::21 more errors were found; GitHub shows only 10 of a step, so they are listed "
            "in this step's log (or run `navigator validate` on your computer)") in lines
    assert "f.yaml:30:1: name: problem 30" in lines


def test_a_repeated_id_names_the_earlier_line_whichever_entry_has_mistakes(tmp_path):
    """A listing set aside on line 2 and a good one on line 8 with its id: the repeat is line 8."""
    bad = ("  - id: twice\n    name: A\n    category: detox\n    regions: [ohio]\n"
           "    online_only: maybe\n    last_verified: 2026-11-01\n")
    extra = "resources:\n" + bad + bad.replace("maybe", "true")
    assert reported(write_catalog(tmp_path, ROOT, extra)) == [
        "catalog/x.yaml:6:18: online_only: write true or false (got 'maybe')",
        "catalog/x.yaml:8:9: id: id 'twice' is already used at catalog/x.yaml:2; ids must be unique "
        "across all files (they become web addresses)",
    ]
