"""Write generator/meeting_types.py from the Meeting Guide spec's types.json:
``python -m tools.meeting_types PATH/TO/types.json``.

The spec (Code4Recovery) names every meeting type code in several languages; the table is made
from it rather than typed, and tests/unit/test_meeting_types_table.py fails when the committed
table and the spec's file differ.
"""

from __future__ import annotations

import json
import os
import sys

TARGET = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "generator",
                      "meeting_types.py")
HEADER = '''"""Meeting Guide type codes (Code4Recovery spec) and their names in the spec's languages.

Made by ``python -m tools.meeting_types types.json`` from the spec's types.json: do not edit by
hand. ``MEETING_TYPES`` holds the English names (the catalog's codes are checked against it);
``type_name`` gives a code's name in a language, English when the spec has none.
"""

'''
FOOTER = '''
MEETING_TYPES = {code: names["en"] for code, names in MEETING_TYPE_NAMES.items()}


def type_name(code: str, language: str) -> str | None:
    """The spec's name of ``code`` in ``language`` (English when it has none); None for a code
    the spec does not define."""
    names = MEETING_TYPE_NAMES.get(code)
    return None if names is None else names.get(language) or names["en"]
'''


def render(types: dict[str, dict[str, str]]) -> str:
    """The module's text: codes in the spec's order, languages sorted, English first."""
    lines = ["MEETING_TYPE_NAMES = {"]
    for code, names in types.items():
        ordered = {"en": names["en"], **{k: names[k] for k in sorted(names) if k != "en"}}
        lines.append(f"    {code!r}: {{")
        lines.extend(f"        {lang!r}: {name!r}," for lang, name in ordered.items())
        lines.append("    },")
    lines.append("}")
    return HEADER + "\n".join(lines) + "\n" + FOOTER


def read(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tools.meeting_types PATH/TO/types.json", file=sys.stderr)
        return 2
    with open(TARGET, "w", encoding="utf-8") as out:
        out.write(render(read(argv[0])))
    print(f"wrote {os.path.relpath(TARGET)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
