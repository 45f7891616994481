"""Hostile text, ids and include paths through the whole build: refused with file, line, column,
field and the fix, or (tests/security/test_payload_site.py) shown as inert text. The rules
themselves are unit-tested in tests/unit/test_validate_rules.py and test_load.py."""

from __future__ import annotations

import os

import pytest

FILE = "catalog/attack.yaml"


def resource(**fields: str) -> str:
    base = {"id": "attack", "name": "Attack", "category": "detox", "regions": "[franklin]",
            "online_only": "true", "last_verified": "2026-10-01"}
    base.update(fields)
    return "resources:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in base.items()) + "\n"


SCRIPT_LINK = ("contains a script link (javascript:) at position {}; links may only be https://, "
               "http://, tel: or mailto: addresses, so remove it (or, in plain text, drop the colon)")
BAD_ID = ("is not a valid id: use lower-case letters, digits and single hyphens, at most 80 "
          "characters (for example \"{}\")")
INVISIBLE = "contains an invisible or direction-changing character (U+{}) at position {}; retype the text without it"
NON_ASCII_PHONE = "contains non-ASCII characters (look-alike or non-Latin digits); retype it with the digits 0-9"

TEXT_CASES = {
    "line break in a one-line field": (resource(name='"Line one\\n# Heading\\n<script>x</script>"'),
                                       "3:11: name: must fit on one line; remove the line break"),
    "bidi override in a name": (resource(name='"Help\u202eenil"'), "3:11: name: " + INVISIBLE.format("202E", 5)),
    "zero-width space in a name": (resource(name='"Help\u200bLine"'), "3:11: name: " + INVISIBLE.format("200B", 5)),
    "bidi override in a phone": (resource(phones='[{number: "\u202d614 555 0199"}]'),
                                 "8:23: phones[0].number: " + INVISIBLE.format("202D", 1)),
    "full-width digits in a phone": (resource(phones='[{number: "\uff16\uff11\uff14-555-0199"}]'),
                                     "8:23: phones[0].number: " + NON_ASCII_PHONE),
    "Arabic-Indic digits in a phone": (resource(phones='[{number: "\u0666\u0661\u0664-555-0199"}]'),
                                       "8:23: phones[0].number: " + NON_ASCII_PHONE),
    "letter O for zero in a phone": (resource(phones='[{number: "(614) 555-O199"}]'),
                                     "8:23: phones[0].number: '(614) 555-O199' is not a valid phone "
                                     "number for US; check the digits and the area code"),
    "look-alike host": (resource(url="https://ex\u0430mple.org/"),
                        "8:10: url: the web address has non-ASCII characters, which can disguise a "
                        "look-alike host; write the host in its ASCII (xn--) form"),
    "bidi override in a host": (resource(url='"https://example.org\u202e/"'),
                                "8:10: url: " + INVISIBLE.format("202E", 20)),
    "credentials in a URL": (resource(url="https://good.org@evil.example/"),
                             "8:10: url: must not contain a user name or password (the part before "
                             "@ hides the real host)"),
    "user and password in a URL": (resource(url="https://good.org:pw@evil.example/"),
                                   "8:10: url: must not contain a user name or password (the part "
                                   "before @ hides the real host)"),
    "script link in a name": (resource(name='"javascript:alert(1)"'), "3:11: name: " + SCRIPT_LINK.format(1)),
    "script link in a description": (resource(description='"[x](javascript:alert(1))"'),
                                     "8:18: description: " + SCRIPT_LINK.format(5)),
    "script link spelt with a reference": (resource(description='"[x](&#106;avascript:alert(1))"'),
                                           "8:18: description: " + SCRIPT_LINK.format(5)),
    "script link split by emphasis": (resource(description='"java**script**:alert(1)"'),
                                      "8:18: description: " + SCRIPT_LINK.format(1)),
    "script link in a URL fragment": (resource(url="https://example.org/#javascript:alert(1)"),
                                      "8:10: url: " + SCRIPT_LINK.format(22)),
}

ID_CASES = {
    "id escaping the output folder": (resource(id='"../../etc/passwd"'),
                                      "2:9: id: '../../etc/passwd' " + BAD_ID.format("etc-passwd")),
    "id differing only in case": (resource(id="Franklin-Detox"),
                                  "2:9: id: 'Franklin-Detox' " + BAD_ID.format("franklin-detox")),
    "id with a look-alike letter": (resource(id="fr\u0430nklin-detox"),
                                    "2:9: id: 'fr\u0430nklin-detox' " + BAD_ID.format("frnklin-detox")),
    "id with a slash": (resource(id="resources/evil"), "2:9: id: 'resources/evil' " + BAD_ID.format("resources-evil")),
    "region id escaping the output folder": (
        "regions:\n  - id: ../../x\n    name: X\n    timezone: America/New_York\n",
        "2:9: id: '../../x' " + BAD_ID.format("x")),
}


@pytest.mark.parametrize("case", list(TEXT_CASES) + list(ID_CASES))
def test_hostile_value_is_refused_with_its_field(attack, capsys, case):
    """Exit 1 with path:line:col: field: message; nothing published."""
    content, expected = {**TEXT_CASES, **ID_CASES}[case]
    code, out = attack.run(capsys, FILE, content)
    attack.assert_refused(code, out, f"{FILE}:{expected}")


def test_id_already_used_by_another_file_is_refused(attack, capsys):
    """Two entries can never share an address: the second file's id is named with the first."""
    code, out = attack.run(capsys, FILE, resource(id="franklin-detox"))
    attack.assert_refused(code, out, "catalog/franklin.yaml:2:9: id: id 'franklin-detox' is already "
                          "used at catalog/attack.yaml:2; ids must be unique across all files (they "
                          "become web addresses)")


ROOT_INCLUDE = "include:\n  - catalog/*.yaml\n"


@pytest.mark.parametrize("entry,message", [
    ("../../../../etc/passwd", "'../../../../etc/passwd' points outside the catalog folder; keep "
     "catalog files inside it"),
    ("/etc/passwd", "'/etc/passwd' is an absolute path; write it relative to resources.yaml, e.g. "
     "catalog/ohio.yaml"),
    ("~/catalog.yaml", "'~/catalog.yaml' is an absolute path; write it relative to resources.yaml, "
     "e.g. catalog/ohio.yaml"),
])
def test_include_outside_the_repository_is_refused(attack, capsys, entry, message):
    """An include may not reach outside the folder of resources.yaml."""
    with open(os.path.join(attack.project, "resources.yaml"), encoding="utf-8") as handle:
        root = handle.read()
    assert ROOT_INCLUDE in root
    code, out = attack.run(capsys, "resources.yaml", root.replace(ROOT_INCLUDE, ROOT_INCLUDE + f"  - {entry}\n"))
    line = root[:root.index(ROOT_INCLUDE)].count("\n") + 3
    attack.assert_refused(code, out, f"resources.yaml:{line}:5: include: {message}")


@pytest.mark.parametrize("target,message", [
    ("/etc/passwd", "points outside the catalog folder; keep catalog files inside it"),
    ("outside", "points outside the catalog folder; keep catalog files inside it"),
    ("catalog/franklin.yaml", "is or passes through a symbolic link; include the file itself"),
])
def test_symlinked_catalog_file_is_refused(attack, capsys, tmp_path, target, message):
    """A symbolic link matched by include, to outside or inside the repository, is refused."""
    if target == "outside":
        target = str(tmp_path / "o.yaml")
        (tmp_path / "o.yaml").write_text("resources: []\n")
    elif not target.startswith("/"):
        target = os.path.join(attack.project, target)
    link = os.path.join(attack.project, "catalog", "link.yaml")
    os.symlink(target, link)
    try:
        with open(os.path.join(attack.project, "resources.yaml"), encoding="utf-8") as handle:
            root = handle.read()
        line = root[:root.index(ROOT_INCLUDE)].count("\n") + 2
        code, out = attack.run(capsys, FILE, resource())
    finally:
        os.remove(link)
    attack.assert_refused(code, out, f"resources.yaml:{line}:5: include: 'catalog/link.yaml' {message}")


def test_snippet_and_template_lines_in_pages_stay_text(attack, capsys):
    """A hand-written page with a snippet include and template syntax builds, showing both as
    text: no file is pulled in and nothing is evaluated."""
    code, out = attack.run(capsys, "content/notes.md",
                           '# Notes\n\n--8<-- "/etc/passwd"\n\n--8<-- "mkdocs.yml"\n\n'
                           "{% include 'x' %} and {{ config.site_name }} and ${7*7}\n")
    assert code == 0, out
    with open(os.path.join(attack.site, "notes", "index.html"), encoding="utf-8") as handle:
        html = handle.read()
    assert "--8&lt;-- &quot;/etc/passwd&quot;" in html or '--8&lt;-- "/etc/passwd"' in html
    assert "root:x:0:0" not in html and "site_name:" not in html
    assert "{{ config.site_name }}" in html
    attack.rebuilt()
