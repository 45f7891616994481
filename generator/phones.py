"""Phone numbers: is a number dialable, and how to show and link it."""

from __future__ import annotations

import functools

import phonenumbers
from phonenumbers import shortnumberinfo


@functools.lru_cache(maxsize=65536)
def phone_problem(number: str, country: str, kind: str = "main") -> str | None:
    """Why ``number`` cannot be dialled from ``country``, or None."""
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
    """The tel: link for a validated number (E.164, or the bare short code such as 988)."""
    parsed = parse(number, country)
    if number.strip().isdigit() and len(number.strip()) <= 6:
        uri = "tel:" + number.strip()
    else:
        uri = "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return uri + (f";ext={extension}" if extension else "")


def sms_uri(number: str, country: str, keyword: str | None = None) -> str:
    """The sms: link for a text line, with its keyword as the message (``?&body=`` is read by
    both Android and iOS messaging apps)."""
    from urllib.parse import quote

    uri = "sms:" + tel_uri(number, country)[len("tel:"):]
    return uri + (f"?&body={quote(keyword)}" if keyword else "")


@functools.lru_cache(maxsize=65536)
def display(number: str, country: str) -> str:
    """The number as people in ``country`` write it; vanity letters become digits."""
    if number.strip().isdigit() and len(number.strip()) <= 6:
        return number.strip()
    parsed = parse(number, country)
    if parsed.country_code == phonenumbers.country_code_for_region(country):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
