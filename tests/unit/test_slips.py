"""Common slips in typing a catalog file: YAML slips are explained in plain words with the
corrected line, instead of libyaml's own text ("did not find expected '-' indicator"); a value
lost to a '#' and a Markdown image are errors that show the fix."""

from __future__ import annotations

import pytest

from catalog_helpers import ROOT, run_validate, with_fields, write_catalog
from generator import load
from generator.errors import CatalogError

HEAD = "resources:\n  - id: x\n    name: X\n"

SLIPS = {
    "a field indented too far": (
        HEAD + "     category: detox\n    regions: [ohio]\n",
        "f.yaml:4:1: line 4 is indented 5 spaces, but the fields it belongs with are indented 4; "
        "write line 4 as: category: detox (indented 4 spaces)"),
    "a field not indented far enough": (
        HEAD + "   category: detox\n    regions: [ohio]\n",
        "f.yaml:4:1: line 4 is indented 3 spaces, but the fields it belongs with are indented 4; "
        "write line 4 as: category: detox (indented 4 spaces)"),
    "a phone's field out of line": (
        HEAD + "    phones:\n      - number: '988'\n       type: crisis\n",
        "f.yaml:6:1: line 6 is indented 7 spaces, but the fields it belongs with are indented 8; "
        "write line 6 as: type: crisis (indented 8 spaces)"),
    "no space after a colon": (
        "resources:\n  - id: x\n    name:Hope House\n    category: detox\n",
        "f.yaml:3:1: a field name needs a space after its ':'; write line 3 as: name: Hope House "
        "(indented 4 spaces)"),
    "no space after a dash": (
        "resources:\n  -id: x\n   name: X\n",
        "f.yaml:2:1: a list item needs a space after its '-'; write line 2 as: - id: x "
        "(indented 2 spaces)"),
    "an unquoted colon in a value": (
        HEAD + "    conference_url_notes: Passcode: serenity\n",
        "f.yaml:4:27: the value of 'conference_url_notes' holds a colon followed by a space, which "
        "YAML reads as a new field; put the value in quotes: write line 4 as: conference_url_notes: "
        '"Passcode: serenity" (indented 4 spaces)'),
    "a field where the list expects an item": (
        HEAD + "  category: detox\n",
        "f.yaml:4:1: line 4 is a field where the list that starts on line 2 expects its next item "
        "('- '); if it belongs to the item above, write line 4 as: category: detox (indented 4 "
        "spaces); if it starts a new item, write line 4 as: - category: detox (indented 2 spaces)"),
    "a list item among fields": (
        HEAD + "    - aa\n",
        "f.yaml:4:1: line 4 starts a list item ('- ') among the fields of an entry; a field holds "
        "either one value or a list: put the items under a field name of their own (name: then one "
        "'- ' item a line, indented below it)"),
    "a list item out of line": (
        HEAD + "    types:\n      - O\n     - D\n",
        "f.yaml:6:1: this list item is indented less than the item on line 5; write line 6 as: - D "
        "(indented 6 spaces)"),
    "an unclosed quote": (
        HEAD.replace("name: X", 'name: "Hope House') + "    category: detox\n",
        'f.yaml:3:1: the quote that opens the value on line 3 is never closed; write line 3 as: '
        'name: "Hope House" (indented 4 spaces)'),
}


@pytest.mark.parametrize("case", list(SLIPS))
def test_a_common_slip_is_explained_with_the_corrected_line(case):
    """Each slip names the line to change and shows it corrected."""
    text, expected = SLIPS[case]
    assert [str(p) for p in load.parse(text, "f.yaml").problems] == [expected]


def test_a_value_starting_with_a_hash_is_an_error_with_the_quoted_line(tmp_path):
    """'location: #3 Main' keeps nothing of the value: an error showing the quoted form."""
    with pytest.raises(CatalogError) as info:
        run_validate(write_catalog(tmp_path, with_fields("location: #2 Annex\n")))
    assert [str(p) for p in info.value.problems] == [
        'resources.yaml:17:15: location: the value starts with "#", which YAML reads as the start of '
        'a comment, so the field is empty; put the value in quotes: location: "#2 Annex"']


def test_a_note_after_a_hash_and_space_is_still_a_comment(tmp_path):
    """'# checked in May' after a field with no value stays a quiet comment."""
    root = ROOT.replace("    regions: [ohio]\n", "    regions: # checked in May\n      - ohio\n")
    assert run_validate(write_catalog(tmp_path, root)).resources


def test_an_image_in_a_description_is_refused_with_the_fix(tmp_path):
    """'![](https://...)' in a description is an error at its line, naming the field and fix."""
    with pytest.raises(CatalogError) as info:
        run_validate(write_catalog(tmp_path, with_fields(
            "description: Our building ![](https://example.org/door.png) is blue\n")))
    assert [str(p) for p in info.value.problems] == [
        "resources.yaml:17:18: description: has a Markdown image, ![](https://example.org/door.png); the "
        "site shows no pictures from other sites, since each would learn who reads the page: remove "
        "it, or link to the picture with [text](address), without the '!'"]
