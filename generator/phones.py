"""Phone numbers: is a number dialable, and how to show and link it."""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import shortnumberinfo


# Conference lines are dialled with the meeting's code after pauses: "+16699009128,,71771828957#".
# A comma is a pause on every phone; the digits, * and # after it are keyed in once connected.
_SEQUENCE = re.compile(r"^,[0-9,*#]*$")


def split_dial(number: str) -> tuple[str, str]:
    """The number itself and what is dialled after it (from the first comma, spaces removed)."""
    head, comma, tail = number.partition(",")
    return head.strip(), (comma + tail).replace(" ", "")


@functools.lru_cache(maxsize=65536)
def phone_problem(number: str, country: str, kind: str = "main") -> str | None:
    """Why ``number`` cannot be dialled from ``country``, or None."""
    number, sequence = split_dial(number)
    if sequence and not _SEQUENCE.match(sequence):
        return (f"{sequence!r} after the number is not a dial-in sequence; after the commas "
                "(pauses) write only the digits, * and # to key in, like \"+16699009128,,71771828957#\"")
    if not number.isascii():
        return ("contains non-ASCII characters (look-alike or non-Latin digits); retype it with "
                "the digits 0-9")
    digits = "".join(c for c in number if c.isdigit())
    if number.strip().isdigit() and len(digits) <= 6:
        try:
            parsed = phonenumbers.parse(digits, country)
        except phonenumbers.NumberParseException:
            return f"{number!r} is not a phone number"
        if shortnumberinfo.is_valid_short_number_for_region(parsed, country):
            return None
        return (f"{number!r} is not a known short code in {country}; write the full number with "
                "its area code")
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return (f"{number!r} is not a phone number; write it like \"(215) 555-0123\" and put an "
                "extension in the extension field")
    if not phonenumbers.is_valid_number(parsed):
        return (f"{number!r} is not a valid phone number for {country}; check the digits and the "
                "area code")
    return None



@functools.lru_cache(maxsize=65536)
def parse(number: str, country: str):
    digits = "".join(c for c in number if c.isdigit())
    return phonenumbers.parse(digits if number.strip().isdigit() else number, country)


# A listing's numbers appear on its page, its regions' pages, its sheet, its calendar and its
# search document: each is formatted once per process instead (phonenumbers takes ~15 us).
@functools.lru_cache(maxsize=65536)
def tel_uri(number: str, country: str, extension: str | None = None) -> str:
    """The tel: link for a validated number (E.164, or the bare short code such as 988); a
    conference line's pauses and code follow the number, its # written %23 so that no browser
    reads it as the start of a fragment."""
    return "tel:" + dial_string(number, country).replace("#", "%23") + \
        (f";ext={extension}" if extension else "")


@functools.lru_cache(maxsize=65536)
def dial_string(number: str, country: str) -> str:
    """What a phone dials: the number in E.164 (or the bare short code) and any dial-in sequence,
    as the Meeting Guide spec writes conference phones ("+16699009128,,71771828957#")."""
    number, sequence = split_dial(number)
    if number.isdigit() and len(number) <= 6:
        return number + sequence
    return phonenumbers.format_number(parse(number, country), phonenumbers.PhoneNumberFormat.E164) + sequence


def sms_uri(number: str, country: str, keyword: str | None = None) -> str:
    """The sms: link for a text line, with its keyword as the message (``?&body=`` is read by
    both Android and iOS messaging apps)."""
    from urllib.parse import quote

    uri = "sms:" + tel_uri(number, country)[len("tel:"):]
    return uri + (f"?&body={quote(keyword)}" if keyword else "")


@functools.lru_cache(maxsize=65536)
def display(number: str, country: str) -> str:
    """The number as people in ``country`` write it; vanity letters become digits; a dial-in
    sequence follows as written."""
    number, sequence = split_dial(number)
    if number.isdigit() and len(number) <= 6:
        return number + sequence
    parsed = parse(number, country)
    if parsed.country_code == phonenumbers.country_code_for_region(country):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL) + sequence
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL) + sequence
