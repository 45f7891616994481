"""Small rules the security tests rely on: script links in text, and catalog text in messages."""

from __future__ import annotations

import pytest

from generator import text


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "JavaScript:x", "java\tscript:x", "vbscript:msgbox", "[x](javascript:y)",
    "[x](&#106;avascript:y)", "java&#115;cript&#58;y", "java**script**:y", "java`script`:y",
    "<b>java</b>script:y", "https://example.org/#javascript:x",
])
def test_script_links_are_found(value):
    """javascript:/vbscript: is found as written, with entities, or split by Markdown marks."""
    assert text.script_link(value) is not None


@pytest.mark.parametrize("value", [
    "Learn JavaScript today", "Script: what to say", "Transcript: the first call", "java script",
    "Prescriptions: bring them", "a & b: c", "Call 988: free",
])
def test_ordinary_text_is_not_a_script_link(value):
    """Words near a colon, and JavaScript without one, are ordinary text."""
    assert text.script_link(value) is None


def test_script_link_message_names_what_was_found():
    """The message quotes the link and its position so the coordinator can find it."""
    assert text.script_link("see javascript:x") == (
        "contains a script link (javascript:) at position 5; links may only be https://, http://, "
        "tel: or mailto: addresses, so remove it (or, in plain text, drop the colon)")


def test_braces_in_a_phone_number_give_a_message_not_a_crash(tmp_path):
    """Catalog text with { } inside a rule's message is shown, not treated as a format string."""
    from generator.errors import CatalogError
    from tests.unit.catalog_helpers import run_validate, with_fields, write_catalog

    path = write_catalog(tmp_path, with_fields('phones:\n  - number: "{% include x %} {0}"\n'))
    with pytest.raises(CatalogError) as info:
        run_validate(path)
    assert [str(p) for p in info.value.problems] == [
        "resources.yaml:18:17: phones[0].number: '(% include x %) (0)' is not a phone number; "
        "write it like \"(215) 555-0123\" and put an extension in the extension field"]
