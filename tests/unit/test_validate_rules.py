"""One bad input per validation rule, checked through validate.validate() on tiny catalogs.

Each test asserts the exact ``path:line:col: field: message`` line a coordinator would read.
ROOT (see catalog_helpers.py) is valid; its resource starts on line 11 and fields added with
``with_fields`` start on line 17.
"""

from __future__ import annotations

import pytest

from catalog_helpers import ROOT, run_validate, with_fields, write_catalog
from generator.errors import CatalogError, Problem

# An online meeting with its join link; fields added with ``with_fields`` start on line 18.
MEETING = ROOT.replace("category: crisis-line", "category: meeting").replace(
    "    online_only: true\n",
    "    online_only: true\n    conference_url: https://meet.example.org/j/123\n")

SECOND_FILE = """\
resources:
  - id: other-line
    name: Other Line
    category: crisis-line
    regions: [ohio]
    online_only: true
    last_verified: 2026-11-01
"""


def test_base_catalog_is_valid(catalog):
    """The helper catalog validates cleanly, so every failure below comes from the one change."""
    result = catalog(ROOT)
    assert [r.id for r in result.resources] == ["test-line"]
    assert list(result.regions) == ["ohio"]
    assert result.warnings == []
    assert result.origins == {"test-line": ("resources.yaml", 11)}


def test_base_catalog_with_included_file_is_valid(catalog):
    """An included file adds its resources, recorded with its root-relative path and line."""
    result = catalog(ROOT, SECOND_FILE)
    assert [r.id for r in result.resources] == ["test-line", "other-line"]
    assert result.origins["other-line"] == ("catalog/x.yaml", 2)
    assert result.files == ["resources.yaml", "catalog/x.yaml"]


# ---------------------------------------------------------------- fields

def test_unknown_field_suggests_the_closest(problems):
    """A misspelt field is refused with a 'did you mean' naming the real field."""
    assert problems(with_fields("fone: x\n")) == [
        "resources.yaml:17:5: fone: unknown field 'fone'; did you mean 'phones'?"]


def test_unknown_field_inside_a_phone_suggests_the_closest(problems):
    """Suggestions use the fields of the nested group (a phone), not the resource."""
    assert problems(with_fields("phones:\n  - numbr: \"988\"\n")) == [
        "resources.yaml:18:9: phones[0].number: is required but missing; add it",
        "resources.yaml:18:9: phones[0].numbr: unknown field 'numbr'; did you mean 'number'?"]


def test_unknown_field_without_close_match_lists_allowed_fields(problems):
    """With nothing close, the message lists the fields allowed in that place."""
    root = ROOT.replace("    timezone: America/New_York\n",
                        "    timezone: America/New_York\n    zzzzzz: 1\n", 1)
    assert problems(root)[0] == (
        "resources.yaml:5:5: zzzzzz: unknown field 'zzzzzz'; the fields allowed here are: id, "
        "name, parent, timezone, intro, center, bounds")


def test_missing_required_field(problems):
    """A resource without a name is refused at the start of the entry."""
    assert problems(ROOT.replace("    name: Test Line\n", "")) == [
        "resources.yaml:11:5: name: is required but missing; add it"]


def test_empty_required_field(problems):
    """A name written with no value is reported as empty."""
    assert problems(ROOT.replace("name: Test Line", "name:")) == [
        "resources.yaml:12:10: name: is empty; write a value or remove the line"]


@pytest.mark.parametrize("written, hint", [("7:30 PM", "19:30"), ("7 pm", "19:00"),
                                           ("12:15 am", "00:15"), ("9.45", "09:45")])
def test_time_not_24_hour_gets_a_hint(problems, written, hint):
    """A 12-hour or malformed time is refused with its 24-hour form as the hint."""
    root = with_fields(f"program: aa\nschedule:\n  - day: monday\n    time: {written}\n", MEETING)
    assert problems(root) == [
        f"resources.yaml:21:15: schedule[0].time: {written!r} is not a 24-hour time; write the "
        f"time as \"{hint}\""]


@pytest.mark.parametrize("written", ["24:00", "noon"])
def test_time_hint_never_invents_a_different_time(problems, written):
    """A time that cannot be converted is not 'corrected' to an unrelated 19:30."""
    root = with_fields(f"program: aa\nschedule:\n  - day: monday\n    time: {written}\n", MEETING)
    result = problems(root)
    assert len(result) == 1
    assert "write the time as" not in result[0]
    assert result[0].endswith(f"{written!r} is not a time of day; write it as HH:MM from 00:00 to "
                              "23:59, for example \"19:30\" for 7:30 pm")


def test_impossible_date(problems):
    """February 30th is not a real date."""
    assert problems(ROOT.replace("2026-11-01", "2026-02-30")) == [
        "resources.yaml:16:20: last_verified: '2026-02-30' is not a real date; write it as "
        "YYYY-MM-DD, for example \"2026-03-01\""]


def test_date_in_another_format(problems):
    """A US-style date is refused with the YYYY-MM-DD instruction."""
    assert problems(ROOT.replace("2026-11-01", "11/01/2026")) == [
        "resources.yaml:16:20: last_verified: '11/01/2026' is not a real date; write it as "
        "YYYY-MM-DD, for example \"2026-03-01\""]


def test_last_verified_in_the_future(problems):
    """A verification date after the build date is refused."""
    assert problems(ROOT.replace("2026-11-01", "2026-11-22")) == [
        "resources.yaml:16:20: last_verified: 2026-11-22 is in the future; write the date the "
        "listing was last checked"]


def test_last_verified_today_is_fine(catalog):
    """A verification date equal to the build date is accepted."""
    assert catalog(ROOT.replace("2026-11-01", "2026-11-21")).resources[0].last_verified.day == 21


@pytest.mark.parametrize("written", ["yes", "no", "True", "on", "1"])
def test_booleans_must_be_true_or_false(problems, written):
    """Only the plain words true and false are booleans; yes, True, on and 1 are refused."""
    assert problems(ROOT.replace("online_only: true", f"online_only: {written}")) == [
        f"resources.yaml:15:18: online_only: write true or false (got {written!r})"]


def test_quoted_true_is_accepted(catalog):
    """A quoted "true" is the same text as a plain true and is accepted."""
    result = catalog(ROOT.replace("online_only: true", "online_only: \"true\""))
    assert result.resources[0].online_only is True


@pytest.mark.parametrize("written, hint", [("Test Line", "test-line"), ("café-ñ", "cafe-n"),
                                           ("a--b", "a-b"), ("-lead", "lead"),
                                           ("UPPER", "upper")])
def test_id_not_a_slug_gets_a_suggestion(problems, written, hint):
    """An id that is not a lower-case slug is refused with a slug suggestion."""
    assert problems(ROOT.replace("id: test-line", f"id: {written}")) == [
        f"resources.yaml:11:9: id: {written!r} is not a valid id: use lower-case letters, digits "
        f"and single hyphens, at most 80 characters (for example \"{hint}\")"]


def test_id_longer_than_80_characters(problems):
    """An id over 80 characters is refused and the suggestion is cut to 80."""
    long_id = "a" * 81
    assert problems(ROOT.replace("id: test-line", f"id: {long_id}")) == [
        f"resources.yaml:11:9: id: {long_id!r} is not a valid id: use lower-case letters, digits "
        f"and single hyphens, at most 80 characters (for example \"{'a' * 80}\")"]


# ---------------------------------------------------------------- ids, regions, categories

def test_duplicate_id_across_two_files_names_the_first(problems):
    """A resource id reused in another file names the file and line of its first use."""
    extra = SECOND_FILE.replace("id: other-line", "id: test-line")
    assert problems(ROOT, extra) == [
        "catalog/x.yaml:2:9: id: id 'test-line' is already used at resources.yaml:11; ids must be "
        "unique across all files (they become web addresses)"]


def test_duplicate_id_in_one_file(problems):
    """A resource id reused in the same file names the first line."""
    root = ROOT + SECOND_FILE.replace("resources:\n", "").replace("id: other-line", "id: test-line")
    assert problems(root) == [
        "resources.yaml:17:9: id: id 'test-line' is already used at resources.yaml:11; ids must "
        "be unique across all files (they become web addresses)"]


def test_duplicate_region_id_across_files(problems):
    """A region id reused in another file names the first region's place."""
    extra = "regions:\n  - id: ohio\n    name: Ohio again\n    timezone: America/New_York\n"
    assert problems(ROOT, extra) == [
        "catalog/x.yaml:2:9: id: region id 'ohio' is already used at resources.yaml:2; give each "
        "region its own id"]


def test_unknown_region_suggests_the_closest(problems):
    """A resource in a region that does not exist gets a 'did you mean'."""
    assert problems(ROOT.replace("regions: [ohio]", "regions: [ohoi]")) == [
        "resources.yaml:14:14: regions: region 'ohoi' does not exist; did you mean 'ohio'? regions "
        "are listed in resources.yaml"]


def test_unknown_region_without_suggestion(problems):
    """A region name with nothing close gets the list of regions instead of a suggestion."""
    assert problems(ROOT.replace("regions: [ohio]", "regions: [texas]")) == [
        "resources.yaml:14:14: regions: region 'texas' does not exist; the regions are: ohio "
        "(regions are listed in resources.yaml)"]


def test_empty_region_list(problems):
    """A resource must be in at least one region."""
    assert problems(ROOT.replace("regions: [ohio]", "regions: []")) == [
        "resources.yaml:14:14: regions: needs at least one entry"]


def test_region_parent_missing(problems):
    """A region whose parent does not exist is refused at its parent field."""
    root = ROOT.replace("    timezone: America/New_York\n",
                        "    timezone: America/New_York\n    parent: usa\n", 1)
    assert problems(root) == [
        "resources.yaml:5:13: parent: region 'usa' does not exist; the regions are: ohio "
        "(regions are listed in resources.yaml)"]


def test_region_parent_cycle(problems):
    """Two regions that are each other's parent are both reported."""
    root = ROOT.replace("    timezone: America/New_York\n",
                        "    timezone: America/New_York\n    parent: erie\n", 1)
    root = root.replace("resources:\n", "  - id: erie\n    name: Erie\n    parent: ohio\n"
                        "    timezone: America/New_York\nresources:\n")
    assert problems(root) == [
        "resources.yaml:5:13: parent: regions ['erie', 'ohio'] are each other's parents; one of "
        "them must be at the top",
        "resources.yaml:13:13: parent: regions ['erie', 'ohio'] are each other's parents; one of "
        "them must be at the top",
    ]


def test_region_parent_is_itself(problems):
    """A region that is its own parent is reported as a cycle."""
    root = ROOT.replace("    timezone: America/New_York\n",
                        "    timezone: America/New_York\n    parent: ohio\n", 1)
    assert problems(root) == [
        "resources.yaml:5:13: parent: regions ['ohio'] are each other's parents; one of them must "
        "be at the top"]


def test_unknown_category_suggests_the_closest(problems):
    """A misspelt category is refused with a suggestion and the full list."""
    assert problems(ROOT.replace("category: crisis-line", "category: detoks")) == [
        "resources.yaml:13:15: category: 'detoks' is not a known category; did you mean "
        "\"detox\"? use one of: crisis-line, detox, residential, outpatient, moud, meeting, "
        "recovery-housing, harm-reduction, peer-support, family-support, mental-health, legal, "
        "employment, housing, health, other"]


# ---------------------------------------------------------------- phones

def _phone(number: str, extra: str = "") -> str:
    return with_fields(f"phones:\n  - number: \"{number}\"\n{extra}")


def test_invalid_phone_for_the_country(problems):
    """A US number with an impossible exchange is refused."""
    assert problems(_phone("(215) 155-0123")) == [
        "resources.yaml:18:17: phones[0].number: '(215) 155-0123' is not a valid phone number "
        "for US; check the digits and the area code"]


def test_phone_checked_against_the_address_country(problems):
    """A resource with a GB address has its phone checked against GB, not US."""
    address = ("address:\n  address_1: 10 Downing Street\n  city: London\n"
               "  state_province: London\n  postal_code: SW1A 2AA\n  country: GB\n")
    root = with_fields(address + "phones:\n  - number: \"(215) 555-0123\"\n")
    root = root.replace("    online_only: true\n", "")
    assert problems(root) == [
        "resources.yaml:23:17: phones[0].number: '(215) 555-0123' is not a valid phone number "
        "for GB; check the digits and the area code"]


def test_site_country_sets_the_default_phone_country(problems):
    """site.country changes the country phones are checked against."""
    root = "site:\n  country: GB\n" + _phone("(215) 555-0123")
    assert problems(root) == [
        "resources.yaml:20:17: phones[0].number: '(215) 555-0123' is not a valid phone number "
        "for GB; check the digits and the area code"]


def test_unknown_short_code(problems):
    """A three-digit number that is not a short code asks for the full number."""
    assert problems(_phone("123")) == [
        "resources.yaml:18:17: phones[0].number: '123' is not a known short code in US; write the "
        "full number with its area code"]


def test_short_codes_are_accepted(catalog):
    """988, 211 and 741741 (Crisis Text Line) are valid US short codes."""
    root = with_fields("phones:\n  - number: 988\n  - number: \"211\"\n"
                       "  - type: text\n    number: 741741\n    keyword: HOME\n")
    phones = catalog(root).resources[0].phones
    assert [(p.type, p.number) for p in phones] == [("main", "988"), ("main", "211"),
                                                    ("text", "741741")]


@pytest.mark.parametrize("number", ["\u0662\u0661\u0665\u0665\u0665\u0665\u0660\u0661\u0662\u0663",
                                    "\uff12\uff11\uff15\uff15\uff15\uff15\uff10\uff11\uff12\uff13",
                                    "(215) 555-\uff10123"])
def test_non_ascii_digits_in_phone_rejected(problems, number):
    """Arabic-Indic or full-width digits are refused (look-alike digits)."""
    assert problems(_phone(number)) == [
        "resources.yaml:18:17: phones[0].number: contains non-ASCII characters (look-alike or "
        "non-Latin digits); retype it with the digits 0-9"]


def test_phone_that_is_not_a_number(problems):
    """Words are not a phone number."""
    assert problems(_phone("call us")) == [
        "resources.yaml:18:17: phones[0].number: 'call us' is not a phone number; write it like "
        "\"(215) 555-0123\" and put an extension in the extension field"]


def test_keyword_only_on_text_lines(problems):
    """A texting keyword on a phone that is not type: text is refused."""
    assert problems(_phone("988", "    keyword: HOME\n")) == [
        "resources.yaml:11:5: resources[0]: keyword is only for text lines (type: text)"]


def test_phone_extension_must_be_digits(problems):
    """An extension with letters is refused with an example."""
    assert problems(_phone("(215) 555-0123", "    extension: x204\n")) == [
        "resources.yaml:19:20: phones[0].extension: an extension is digits only, e.g. 204"]


# ---------------------------------------------------------------- links and email

@pytest.mark.parametrize("url, message", [
    ("javascript:alert(1)", "must start with https:// (or http://)"),
    ("data:text/html;base64,PHNjcmlwdD4=", "must start with https:// (or http://)"),
    ("ftp://files.example.org/a", "must start with https:// (or http://)"),
    ("www.example.org", "must start with https:// (or http://)"),
    ("https://good.org@evil.example",
     "must not contain a user name or password (the part before @ hides the real host)"),
    ("https://user:pw@example.org/",
     "must not contain a user name or password (the part before @ hides the real host)"),
    ("https://example.org/a b",
     "a web address may not contain spaces, quotes, backslashes or angle brackets"),
    ("https://example.org/\"onmouseover=x",
     "a web address may not contain spaces, quotes, backslashes or angle brackets"),
    ("https://example.org\\@evil.example",
     "a web address may not contain spaces, quotes, backslashes or angle brackets"),
    ("https://ex\u0430mple.org/",  # Cyrillic a
     "the web address has non-ASCII characters, which can disguise a look-alike host; write the "
     "host in its ASCII (xn--) form"),
    ("https://", "has no valid host name; write it like https://www.example.org/page"),
    ("https:///path", "has no valid host name; write it like https://www.example.org/page"),
    ("https://localhost/", "has no valid host name; write it like https://www.example.org/page"),
    ("https://example.org:99999/", "is not a valid web address"),
])
def test_url_rules(problems, url, message):
    """Only plain http(s) links with a real host and no credentials, spaces or quotes pass."""
    quoted = "'" + url.replace("'", "''") + "'"
    assert problems(with_fields(f"url: {quoted}\n")) == [
        f"resources.yaml:17:10: url: {message}"]


def test_good_url_is_accepted(catalog):
    """An ordinary https link with path, query and port is accepted."""
    url = "https://www.example.org:8443/find?q=help#top"
    assert catalog(with_fields(f"url: {url}\n")).resources[0].url == url


def test_conference_url_follows_the_same_rules(problems):
    """conference_url on a meeting is checked like url."""
    root = with_fields("program: aa\nby_appointment: true\nconference_url: javascript:x\n",
                       ROOT.replace("category: crisis-line", "category: meeting"))
    assert problems(root) == [
        "resources.yaml:19:21: conference_url: must start with https:// (or http://)"]


@pytest.mark.parametrize("email", ["intake@", "intake.example.org", "a@b", "a b@example.org",
                                   "<a@example.org>"])
def test_email_rule(problems, email):
    """Only a plain address like name@example.org is accepted."""
    assert problems(with_fields(f"email: '{email}'\n")) == [
        f"resources.yaml:17:12: email: {email!r} is not an email address like "
        "intake@example.org"]


# ---------------------------------------------------------------- coordinates and place

def test_latitude_out_of_range(problems):
    """A latitude above 90 is refused with the limit."""
    assert problems(with_fields("latitude: 95\nlongitude: -82\n")) == [
        "resources.yaml:17:15: latitude: 95.0 is not a latitude; it must be between -90 and 90"]


def test_longitude_out_of_range(problems):
    """A longitude below -180 is refused with the limit."""
    assert problems(with_fields("latitude: 40\nlongitude: -182.5\n")) == [
        "resources.yaml:18:16: longitude: -182.5 is not a longitude; it must be between -180 "
        "and 180"]


def test_latitude_not_a_decimal(problems):
    """Scientific notation is not accepted as a coordinate."""
    assert problems(with_fields("latitude: 4e1\nlongitude: -82\n")) == [
        "resources.yaml:17:15: latitude: '4e1' is not a decimal number such as 40.7128"]


def test_only_latitude(problems):
    """Latitude without longitude is refused for the entry."""
    assert problems(with_fields("latitude: 40.1\n")) == [
        "resources.yaml:11:5: resources[0]: give both latitude and longitude, or neither"]


def test_address_and_online_only_both(problems):
    """A resource with an address must not also be online_only."""
    address = ("address:\n  address_1: 1 Main St\n  city: Columbus\n  state_province: OH\n"
               "  postal_code: 43215\n")
    assert problems(with_fields(address)) == [
        "resources.yaml:11:5: resources[0]: has both an address and online_only: true; keep only "
        "one"]


def test_neither_address_nor_online_only(problems):
    """A resource with no address must say online_only: true."""
    assert problems(ROOT.replace("    online_only: true\n", "")) == [
        "resources.yaml:11:5: resources[0]: give an address, or write online_only: true for a "
        "service with no address"]


def test_postal_code_keeps_leading_zero(catalog):
    """An unquoted ZIP code such as 02139 is kept as written."""
    address = ("address:\n  address_1: 1 Main St\n  city: Cambridge\n  state_province: MA\n"
               "  postal_code: 02139\n")
    root = with_fields(address).replace("    online_only: true\n", "")
    assert catalog(root).resources[0].address.postal_code == "02139"


def test_coordinates_outside_region_bounds_is_a_warning(catalog):
    """Coordinates outside the region's bounds only warn; the catalog still validates."""
    result = catalog(with_fields("latitude: 25.76\nlongitude: -80.19\n"))
    assert [r.id for r in result.resources] == ["test-line"]
    assert [str(w) for w in result.warnings] == [
        "resources.yaml:17:15: warning: latitude: (25.76, -80.19) lies outside the bounds of "
        "region 'ohio'; check the coordinates"]
    assert result.warnings[0].severity == "warning"


def test_coordinates_inside_region_bounds_do_not_warn(catalog):
    """Coordinates inside the bounds give no warning."""
    assert catalog(with_fields("latitude: 39.96\nlongitude: -83.0\n")).warnings == []


# ---------------------------------------------------------------- characters

def test_bidi_override_in_name(problems):
    """A right-to-left override (U+202E) in a name is refused with its position."""
    assert problems(ROOT.replace("name: Test Line", "name: Test\u202eLine")) == [
        "resources.yaml:12:11: name: contains an invisible or direction-changing character "
        "(U+202E) at position 5; retype the text without it"]


def test_zero_width_space_in_name(problems):
    """A zero-width space in a name is refused."""
    assert problems(ROOT.replace("name: Test Line", "name: Te\u200bst")) == [
        "resources.yaml:12:11: name: contains an invisible or direction-changing character "
        "(U+200B) at position 3; retype the text without it"]


def test_control_character_via_yaml_escape_in_name(problems):
    """A control character written as a YAML escape (\\a) is refused in the field."""
    assert problems(ROOT.replace("name: Test Line", 'name: "Bell\\a"')) == [
        "resources.yaml:12:11: name: contains a control character (U+0007) at position 5; "
        "remove it"]


def test_raw_control_character_in_file(problems):
    """A raw control byte in the file is refused by the loader at line and column."""
    assert problems(ROOT.replace("name: Test Line", "name: Test\x1bLine")) == [
        "resources.yaml:12:15: contains the control character U+001B; delete it (it is "
        "invisible in most editors)"]


def test_line_break_in_one_line_field(problems):
    """A name with a line break (YAML escape \\n) is refused."""
    assert problems(ROOT.replace("name: Test Line", 'name: "Test\\nLine"')) == [
        "resources.yaml:12:11: name: must fit on one line; remove the line break"]


# ---------------------------------------------------------------- meetings

def test_meeting_without_program(problems):
    """A meeting must name its program."""
    root = with_fields("schedule:\n  - day: monday\n    time: \"19:30\"\n", MEETING)
    assert problems(root) == [
        "resources.yaml:11:5: program: a meeting needs its program (aa, na, smart, ...)"]


def test_meeting_without_schedule_or_by_appointment(problems):
    """A meeting needs a schedule or by_appointment: true."""
    assert problems(with_fields("program: aa\n", MEETING)) == [
        "resources.yaml:11:5: schedule: a meeting needs a schedule (day and time), or "
        "by_appointment: true"]


def test_meeting_by_appointment_needs_no_schedule(catalog):
    """by_appointment: true replaces the schedule."""
    result = catalog(with_fields("program: aa\nby_appointment: true\n", MEETING))
    assert result.resources[0].by_appointment is True


def test_meeting_only_field_on_a_non_meeting(problems):
    """A meeting field on a crisis line is refused at that field."""
    assert problems(with_fields("program: aa\n")) == [
        "resources.yaml:17:14: program: is only for meetings (category: meeting); remove it or "
        "change the category"]


def test_several_meeting_only_fields_each_reported(problems):
    """Each meeting-only field on a non-meeting is its own problem."""
    root = with_fields("by_appointment: true\ntypes: [O]\n")
    assert problems(root) == [
        "resources.yaml:17:21: by_appointment: is only for meetings (category: meeting); remove "
        "it or change the category",
        "resources.yaml:18:12: types: is only for meetings (category: meeting); remove it or "
        "change the category",
    ]


def test_unknown_meeting_type_code(problems):
    """A type code outside the Meeting Guide list is refused at its place in the list."""
    root = with_fields("program: aa\nby_appointment: true\ntypes: [O, ZZZZ]\n", MEETING)
    assert problems(root) == [
        "resources.yaml:20:16: types[1]: 'ZZZZ' is not a Meeting Guide type code; see the list on "
        "the coordinators' page"]


def test_unknown_meeting_type_code_with_lower_case_suggestion(problems):
    """A code whose close match is written in lower case (12x12) gets a suggestion."""
    root = with_fields("program: aa\nby_appointment: true\ntypes: [12x1]\n", MEETING)
    assert problems(root) == [
        "resources.yaml:20:13: types[0]: '12x1' is not a Meeting Guide type code; did you mean "
        "'12x12'? see the list on the coordinators' page"]


def test_unknown_meeting_type_code_suggests_the_closest(problems):
    """'ASLL' is refused with the suggestion 'ASL'."""
    root = with_fields("program: aa\nby_appointment: true\ntypes: [ASLL]\n", MEETING)
    assert problems(root) == [
        "resources.yaml:20:13: types[0]: 'ASLL' is not a Meeting Guide type code; did you mean "
        "'ASL'? see the list on the coordinators' page"]


def test_unknown_program(problems):
    """A program outside the vocabulary is refused with a suggestion."""
    root = with_fields("program: smrt\nby_appointment: true\n", MEETING)
    assert problems(root) == [
        "resources.yaml:18:14: program: 'smrt' is not a known program; did you mean \"smart\"? "
        "use one of: aa, na, smart, recovery-dharma, celebrate-recovery, al-anon, nar-anon, ca, "
        "cma, other"]


def test_online_meeting_needs_a_way_to_join(problems):
    """An online-only meeting without conference_url or conference_phone is refused."""
    root = with_fields("program: aa\nby_appointment: true\n",
                       ROOT.replace("category: crisis-line", "category: meeting"))
    assert problems(root) == [
        "resources.yaml:11:5: resources[0]: an online meeting needs a way to join: add "
        "conference_url or conference_phone"]


def test_online_meeting_with_conference_phone(catalog):
    """A conference phone is enough for an online meeting."""
    root = with_fields("program: aa\nby_appointment: true\nconference_phone: \"(215) 555-0123\"\n",
                       ROOT.replace("category: crisis-line", "category: meeting"))
    assert catalog(root).resources[0].conference_phone == "(215) 555-0123"


def test_meeting_valid_from_after_valid_to(problems):
    """valid_from after valid_to is refused for the entry."""
    root = with_fields("program: aa\nby_appointment: true\nvalid_from: 2026-12-01\n"
                       "valid_to: 2026-01-01\n", MEETING)
    assert problems(root) == [
        "resources.yaml:11:5: resources[0]: valid_from is after valid_to; swap the dates"]


# ---------------------------------------------------------------- language, timezone, site

@pytest.mark.parametrize("code", ["english", "EN", "xx", "eng"])
def test_language_not_iso_639_1(problems, code):
    """Languages are two-letter lower-case ISO 639-1 codes that exist."""
    assert problems(with_fields(f"languages: [en, {code}]\n")) == [
        f"resources.yaml:17:21: languages[1]: {code!r} is not an ISO 639-1 language code; use two "
        "letters such as en, es, fr"]


def test_region_timezone_invalid(problems):
    """A region's time zone must be an IANA name."""
    assert problems(ROOT.replace("timezone: America/New_York", "timezone: Eastern"))[0] == (
        "resources.yaml:4:15: timezone: 'Eastern' is not an IANA time zone; write one like "
        "\"America/New_York\"")


def test_invalid_region_does_not_also_report_it_missing(problems):
    """A region with a bad time zone gives that one problem, not 'region does not exist' too."""
    assert problems(ROOT.replace("timezone: America/New_York", "timezone: Eastern")) == [
        "resources.yaml:4:15: timezone: 'Eastern' is not an IANA time zone; write one like "
        "\"America/New_York\""]


def test_meeting_timezone_invalid(problems):
    """A meeting's own time zone is checked too."""
    root = with_fields("program: aa\nby_appointment: true\ntimezone: America/Columbus\n", MEETING)
    assert problems(root) == [
        "resources.yaml:20:15: timezone: 'America/Columbus' is not an IANA time zone; write one "
        "like \"America/New_York\""]


def test_site_crisis_resources_naming_a_missing_id(problems):
    """site.crisis_resources must name existing resources."""
    root = "site:\n  crisis_resources: [test-line, lifeline-988]\n" + ROOT
    assert problems(root) == [
        "resources.yaml:1:1: site.crisis_resources: 'lifeline-988' is not the id of any "
        "resource; add the crisis line or remove it from the list"]


def test_site_crisis_resources_must_be_crisis_lines(problems):
    """A resource listed in site.crisis_resources must have category crisis-line."""
    root = "site:\n  crisis_resources: [test-line]\n" + ROOT.replace("category: crisis-line",
                                                                     "category: detox")
    assert problems(root) == [
        "resources.yaml:15:15: category: 'test-line' is listed in site.crisis_resources but its "
        "category is 'detox'; only crisis lines belong there"]


def test_site_stale_months_not_a_number(problems):
    """stale_warn_months must be a whole number."""
    assert problems("site:\n  stale_warn_months: six\n" + ROOT) == [
        "resources.yaml:2:3: site: stale_warn_months must be a whole number of months, e.g. 6"]


@pytest.mark.parametrize("name, body", [
    ("site", "site:\n  country: US\n"),
    ("include", "include:\n  - other.yaml\n"),
])
def test_site_and_include_only_in_root_file(problems, name, body):
    """site and include in an included file are refused."""
    assert problems(ROOT, body + SECOND_FILE) == [
        f"catalog/x.yaml:1:1: {name}: {name} is only allowed in the root file (resources.yaml); "
        "move it there"]


def test_empty_included_file(problems):
    """An included file with nothing in it is refused."""
    assert problems(ROOT, "# nothing yet\n") == [
        "catalog/x.yaml:1:1: the file is empty; it should start with 'regions:' or 'resources:' "
        "(see the coordinators' guide for an example)"]


def test_included_file_yaml_problem_is_reported(problems):
    """A YAML problem in an included file is reported with that file's name, together with the
    entry's other problems (the same run shows all of them)."""
    assert problems(ROOT, "resources:\n  - id: a\n    id: b\n") == [
        "catalog/x.yaml:2:5: category: is required but missing; add it",
        "catalog/x.yaml:2:5: name: is required but missing; add it",
        "catalog/x.yaml:2:5: regions: is required but missing; add it",
        "catalog/x.yaml:3:5: the field 'id' appears twice in the same entry (first at line 2); "
        "keep one and delete the other"]


def test_include_problem_reported_through_validate(problems):
    """A missing included file stops validation with the include line."""
    assert problems(ROOT + "include:\n  - catalog/missing.yaml\n") == [
        "resources.yaml:18:5: include: the file 'catalog/missing.yaml' does not exist; check the "
        "name (paths are relative to resources.yaml)"]


# ---------------------------------------------------------------- everything in one run

def test_every_problem_is_reported_in_one_run(problems):
    """Five different mistakes in two files give five problems, by file (the root file first,
    then the files it includes) and line."""
    root = with_fields("email: nobody\n", ROOT.replace("category: crisis-line", "category: detoks"))
    extra = SECOND_FILE.replace("regions: [ohio]", "regions: [ohoi]")
    extra += ("  - id: third-line\n    name: Third\n    category: crisis-line\n"
              "    regions: [ohio]\n    online_only: true\n    last_verified: 2026-13-01\n"
              "    phones:\n      - number: \"123\"\n")
    assert problems(root, extra) == [
        "resources.yaml:13:15: category: 'detoks' is not a known category; did you mean "
        "\"detox\"? use one of: crisis-line, detox, residential, outpatient, moud, meeting, "
        "recovery-housing, harm-reduction, peer-support, family-support, mental-health, legal, "
        "employment, housing, health, other",
        "resources.yaml:17:12: email: 'nobody' is not an email address like intake@example.org",
        "catalog/x.yaml:5:14: regions: region 'ohoi' does not exist; did you mean 'ohio'? regions "
        "are listed in resources.yaml",
        "catalog/x.yaml:13:20: last_verified: '2026-13-01' is not a real date; write it as "
        "YYYY-MM-DD, for example \"2026-03-01\"",
        "catalog/x.yaml:15:17: phones[0].number: '123' is not a known short code in US; write the "
        "full number with its area code",
    ]


def test_catalog_error_report_ends_with_the_count_line(tmp_path):
    """report() lists every problem, one a line, then 'N errors found; nothing was built'."""
    root = ROOT.replace("category: crisis-line", "category: detoks").replace("2026-11-01",
                                                                             "2026-02-30")
    with pytest.raises(CatalogError) as info:
        run_validate(write_catalog(tmp_path, root))
    lines = info.value.report().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("resources.yaml:13:15: category: 'detoks'")
    assert lines[1].startswith("resources.yaml:16:20: last_verified: '2026-02-30'")
    assert lines[-1] == "2 errors found; nothing was built. Fix them and run again."
    assert str(info.value) == "2 problem(s) in the catalog"


def test_catalog_error_report_singular_and_warnings_not_counted():
    """One error and one warning: the warning is listed but the count says '1 error'."""
    error = CatalogError([Problem("b.yaml", 2, 1, "name", "bad", "error"),
                          Problem("a.yaml", 5, 1, "latitude", "odd", "warning")])
    assert error.report() == (
        "a.yaml:5:1: warning: latitude: odd\n"
        "b.yaml:2:1: name: bad\n"
        "1 error found; nothing was built. Fix it and run again.")
    assert str(error) == "1 problem(s) in the catalog"


# ---------------------------------------------------------------- Problem formats

def test_problem_str_format():
    """str(Problem) is 'path:line:col: field: message', without 'field: ' when there is none."""
    assert str(Problem("r.yaml", 3, 7, "name", "is empty")) == "r.yaml:3:7: name: is empty"
    assert str(Problem("r.yaml", 3, 7, "", "is empty")) == "r.yaml:3:7: is empty"


def test_problem_github_annotation():
    """github() gives the ::error file=,line=,col=:: workflow command."""
    assert Problem("catalog/x.yaml", 4, 9, "url", "must start with https://").github() == (
        "::error file=catalog/x.yaml,line=4,col=9::url: must start with https://")


def test_problem_github_warning_annotation():
    """A warning becomes a ::warning annotation."""
    assert Problem("r.yaml", 1, 1, "", "far away", "warning").github() == (
        "::warning file=r.yaml,line=1,col=1::far away")


def test_problem_github_escapes_percent_and_newlines():
    """%, CR and LF in the message are escaped as %25, %0D and %0A (percent first)."""
    problem = Problem("r.yaml", 2, 3, "description", "50% off\r\nnext %0A line")
    assert problem.github() == (
        "::error file=r.yaml,line=2,col=3::description: 50%25 off%0D%0Anext %250A line")


def test_problem_github_escapes_the_file_property():
    """A comma or colon in the file name is escaped in the file= property."""
    assert Problem("catalog/a,b.yaml", 1, 1, "", "x").github() == (
        "::error file=catalog/a%2Cb.yaml,line=1,col=1::x")
