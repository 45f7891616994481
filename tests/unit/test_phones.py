"""Phone numbers: tel: links and the way numbers are shown."""

from __future__ import annotations

import pytest

from generator import phones


@pytest.mark.parametrize("number, uri, shown", [
    ("988", "tel:988", "988"),
    (" 211 ", "tel:211", "211"),
    ("741741", "tel:741741", "741741"),
    ("(215) 555-0123", "tel:+12155550123", "(215) 555-0123"),
    ("215.555.0123", "tel:+12155550123", "(215) 555-0123"),
    ("1-800-662-4357", "tel:+18006624357", "(800) 662-4357"),
    ("+1 800 662 4357", "tel:+18006624357", "(800) 662-4357"),
    ("888-PARNEXT", "tel:+18887276398", "(888) 727-6398"),
    ("1-800-662-HELP", "tel:+18006624357", "(800) 662-4357"),
    ("+44 20 7946 0958", "tel:+442079460958", "+44 20 7946 0958"),
])
def test_tel_uri_and_display(number, uri, shown):
    """Short codes stay bare; others link as E.164 and show nationally, vanity letters as digits."""
    assert phones.tel_uri(number, "US") == uri
    assert phones.display(number, "US") == shown


def test_tel_uri_with_extension():
    """An extension is added as ;ext= on the tel: link."""
    assert phones.tel_uri("(215) 555-0123", "US", "204") == "tel:+12155550123;ext=204"


def test_tel_uri_extension_on_vanity_number():
    """A vanity number with an extension links to the digits plus ;ext=."""
    assert phones.tel_uri("888-PARNEXT", "US", "7") == "tel:+18887276398;ext=7"


def test_tel_uri_without_extension_has_no_suffix():
    """None or an empty extension adds nothing."""
    assert phones.tel_uri("(215) 555-0123", "US", None) == "tel:+12155550123"
    assert phones.tel_uri("(215) 555-0123", "US", "") == "tel:+12155550123"


def test_display_in_another_country():
    """A Canadian number shown for a Canadian catalog uses the national form."""
    assert phones.display("(416) 555-0123", "CA") == "(416) 555-0123"
    assert phones.tel_uri("(416) 555-0123", "CA") == "tel:+14165550123"


@pytest.mark.parametrize("number", ["988", "211", "741741", "(215) 555-0123", "1-800-662-4357",
                                    "888-PARNEXT"])
def test_valid_numbers_have_no_problem(number):
    """The numbers used above are all accepted by phone_problem for the US."""
    assert phones.phone_problem(number, "US", "main") is None


@pytest.mark.parametrize("number, message", [
    ("123", "'123' is not a known short code in US; write the full number with its area code"),
    ("(215) 155-0123", "'(215) 155-0123' is not a valid phone number for US; check the digits "
     "and the area code"),
    ("call us", "'call us' is not a phone number; write it like \"(215) 555-0123\" and put an "
     "extension in the extension field"),
    ("٩٨٨", "contains non-ASCII characters (look-alike or non-Latin digits); retype it with the "
     "digits 0-9"),
])
def test_phone_problem_messages(number, message):
    """Invalid numbers are explained in words a coordinator can act on."""
    assert phones.phone_problem(number, "US", "main") == message


@pytest.mark.parametrize("number, uri, shown, dialled", [
    ("+16699009128,,71771828957#", "tel:+16699009128,,71771828957%23",
     "(669) 900-9128,,71771828957#", "+16699009128,,71771828957#"),
    ("+1 669 900 9128,,717 7182 8957#", "tel:+16699009128,,71771828957%23",
     "(669) 900-9128,,71771828957#", "+16699009128,,71771828957#"),
    ("(646) 558-8656,,123456789#,,,,*4321#", "tel:+16465588656,,123456789%23,,,,*4321%23",
     "(646) 558-8656,,123456789#,,,,*4321#", "+16465588656,,123456789#,,,,*4321#"),
])
def test_conference_line_keeps_its_pauses_and_code(number, uri, shown, dialled):
    """A conference line's pauses, meeting code and # stay in the tel: link (# as %23), on the
    page and in what exports dial."""
    assert phones.phone_problem(number, "US", "main") is None
    assert phones.tel_uri(number, "US") == uri
    assert phones.display(number, "US") == shown
    assert phones.dial_string(number, "US") == dialled


def test_dial_in_sequence_with_letters_is_refused():
    """Only digits, commas, * and # may follow the number's first comma."""
    assert phones.phone_problem("+16699009128,,meeting 717", "US", "main") == (
        "',,meeting717' after the number is not a dial-in sequence; after the commas (pauses) "
        "write only the digits, * and # to key in, like \"+16699009128,,71771828957#\"")
