"""The usual slips behind a YAML syntax error, told in plain words with the corrected line.

libyaml says where it gave up ("did not find expected '-' indicator"), which is rarely where a
coordinator made the mistake, nor what to change. From the error and the lines around it we
recognise the common slips (a line indented too far or not far enough, no space after a colon
or a dash, an unquoted colon in a value, a field among list items, an unclosed quote) and show
the line as it should be written. Anything not recognised keeps libyaml's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "key: value" at the start of a line (after an optional "- "), the value split off.
_FIELD = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"\-][^:#]*?):(?P<gap>[ \t]*)(?P<value>.*)$")


@dataclass(frozen=True)
class Slip:
    line: int  # 1-based
    message: str
    col: int = 1


def explain(text: str, problem: str, line: int, context_line: int | None) -> Slip | None:
    """The slip behind libyaml's ``problem`` at ``line`` (``context_line``: where the block
    or value it was reading began), or None when it is not one we know."""
    lines = text.split("\n")
    for check in (_unclosed_quote, _no_space_after_colon, _no_space_after_dash, _colon_in_value,
                  _field_among_items, _indentation, _item_among_fields):
        found = check(lines, problem, line, context_line)
        if found:
            return found
    return None


def _at(lines: list[str], number: int | None) -> str:
    return lines[number - 1].rstrip("\r") if number and 0 < number <= len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shown(number: int, corrected: str) -> str:
    """The corrected line; its indentation in words, as leading spaces are easily missed."""
    corrected = _COMMENT_GAP.sub("  #", corrected)
    spaces = _indent(corrected)
    where = f" (indented {spaces} space{'s' if spaces != 1 else ''})" if spaces else ""
    return f"write line {number} as: {corrected.strip()}{where}"


_COMMENT_GAP = re.compile(r"[ \t]{2,}#")
_COMMENT = re.compile(r"[ \t]+#.*$")


def _quoted(value: str) -> str:
    value = value.strip()
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unclosed_quote(lines, problem, line, context_line):
    """A quoted value whose closing quote is missing: libyaml reads on to the end of the file."""
    if "found unexpected end" not in problem:
        return None
    start = _at(lines, context_line)
    match = _FIELD.match(start)
    if not match or not match["value"] or match["value"][0] not in "\"'":
        return None
    fixed = start.rstrip() + match["value"][0]
    return Slip(context_line, f"the quote that opens the value on line {context_line} is never "
                f"closed; {_shown(context_line, fixed)}")


_GLUED = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/].*)$")


def _no_space_after_colon(lines, problem, line, context_line):
    """``name:Hope House``: YAML reads the whole line as one word, not a field."""
    if "could not find expected ':'" not in problem and "did not find expected key" not in problem:
        return None
    for number in dict.fromkeys(n for n in (context_line, line, line - 1) if n):
        match = _GLUED.match(_at(lines, number))
        if match:
            fixed = f"{match['indent']}{match['dash'] or ''}{match['key']}: {match['value']}"
            return Slip(number, f"a field name needs a space after its ':'; "
                        f"{_shown(number, fixed)}")
    return None


def _no_space_after_dash(lines, problem, line, context_line):
    """``-id: x``: without its space the dash is part of a field name, not a list item."""
    for number in (line - 1, line):
        text = _at(lines, number)
        match = re.match(r"^( *)-([^\s-].*)$", text)
        if match and ":" in match[2]:
            fixed = f"{match[1]}- {match[2]}"
            return Slip(number, f"a list item needs a space after its '-'; {_shown(number, fixed)}")
    return None


def _colon_in_value(lines, problem, line, context_line):
    """``notes: Passcode: serenity``: the second ': ' would start another field."""
    if "mapping values are not allowed" not in problem:
        return None
    text = _at(lines, line)
    match = _FIELD.match(text)
    if not match or not match["gap"] or ": " not in match["value"] + " " \
            or match["value"][:1] in "\"'[{|>":
        return None
    value, comment = match["value"], ""
    found = _COMMENT.search(value)
    if found:  # a note after the value stays a note, after the closing quote
        value, comment = value[:found.start()], "  " + found.group().strip()
    fixed = f"{match['indent']}{match['dash'] or ''}{match['key']}: {_quoted(value)}{comment}"
    return Slip(line, f"the value of {match['key'].strip()!r} holds a colon followed by a space, "
                f"which YAML reads as a new field; put the value in quotes: {_shown(line, fixed)}",
                len(text) - len(match["value"]) + 1)


def _levels(lines: list[str], before: int) -> list[tuple[int, int]]:
    """(indentation, line) of the fields above line ``before``, nearest first: the
    indentations a field there may have."""
    found = []
    for number in range(before - 1, 0, -1):
        text = _at(lines, number)
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        match = _FIELD.match(text)
        if match:
            found.append((len(match["indent"]) + len(match["dash"] or ""), number))
        if _indent(text) == 0:
            break
    return found


def _indentation(lines, problem, line, context_line):
    """A field indented more or less than the fields it belongs with."""
    if not any(p in problem for p in ("mapping values are not allowed", "expected '-' indicator",
                                      "did not find expected key", "expected <block end>")):
        return None
    text = _at(lines, line)
    match = _FIELD.match(text)
    if not match or match["dash"]:
        return None
    here = _indent(text)
    levels = _levels(lines, line)
    if not levels or here in {level for level, _n in levels[:1]}:
        return None
    above = levels[0]
    if "mapping values are not allowed" in problem:
        # Deeper than the field above, which has a value of its own: YAML took this line for
        # more of that value.
        previous = _FIELD.match(_at(lines, above[1]))
        if here <= above[0] or previous is None or not previous["value"].strip():
            return None
        target = above[0]
    else:
        candidates = [level for level, _n in levels if level < here + 4]
        if not candidates:
            return None
        target = min(candidates, key=lambda level: (abs(level - here), -level))
        if target == here:
            return None
    fixed = " " * target + text.lstrip(" ")
    return Slip(line, f"line {line} is indented {here} space{'s' if here != 1 else ''}, but the "
                f"fields it belongs with are indented {target}; {_shown(line, fixed)}")


def _field_among_items(lines, problem, line, context_line):
    """A field written where the list above expects its next '- ' item."""
    if "expected '-' indicator" not in problem:
        return None
    text = _at(lines, line)
    start = _at(lines, context_line)
    match = _FIELD.match(text)
    if not match or match["dash"] or not start.lstrip().startswith("-") \
            or _indent(text) != _indent(start):
        return None
    dash = _indent(start)
    fields = " " * (dash + 2) + text.lstrip(" ")
    item = " " * dash + "- " + text.lstrip(" ")
    return Slip(line, f"line {line} is a field where the list that starts on line {context_line} "
                f"expects its next item ('- '); if it belongs to the item above, "
                f"{_shown(line, fields)}; if it starts a new item, {_shown(line, item)}")


def _item_among_fields(lines, problem, line, context_line):
    """A '- ' list item where a field was expected."""
    if "did not find expected key" not in problem:
        return None
    text = _at(lines, line)
    if not text.lstrip().startswith("- "):
        return None
    previous = [n for n in range(line - 1, 0, -1) if _at(lines, n).lstrip().startswith("- ")
                and _indent(_at(lines, n)) > _indent(text)]
    if previous and line - previous[0] < 4:
        fixed = " " * _indent(_at(lines, previous[0])) + text.lstrip(" ")
        return Slip(line, f"this list item is indented less than the item on line {previous[0]}; "
                    f"{_shown(line, fixed)}")
    return Slip(line, f"line {line} starts a list item ('- ') among the fields of an entry; a field "
                "holds either one value or a list: put the items under a field name of their own "
                "(name: then one '- ' item a line, indented below it)")
