"""Catalog entries -> YAML text in the style of the hand-written catalog files.

A small emitter of our own: entries are only mappings, lists and scalars, and PyYAML's pure
Python emitter takes ~15 s for a national import. Scalars are written plain when a YAML 1.1
reader would still see the same text (editors and other tools are YAML 1.1), otherwise in
double quotes with JSON escapes, which YAML shares.
"""

from __future__ import annotations

import datetime as dt
import json
import re

_PLAIN = re.compile(r"^[A-Za-z0-9(/$€£¿¡À-ɏͰ-￿][^\n\t]*$")
_RISKY = re.compile(
    r"""(: |\s#|:$|^\s|\s$|^(y|n|yes|no|on|off|true|false|null|~)$|"""
    r"""^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^[-+]?\d[\d_]*(:[0-5]?\d)+(\.\d*)?$|"""
    r"""^0[xob]|^\d{4}-\d\d?-\d\d?|^[-+]?\.(inf|nan)$)""", re.I)
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def scalar(value, flow: bool = False) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        text = f"{value:.7f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    if isinstance(value, int):
        return str(value)
    value = str(value)
    if _PLAIN.match(value) and not _RISKY.search(value) and not (flow and _FLOW_UNSAFE.search(value)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _block(value: str, indent: str) -> list[str] | None:
    """A multi-line text as a literal block, when every line can be written as it is."""
    lines = value.split("\n")
    if any(l != l.strip() or "\t" in l for l in lines) or not lines[0]:
        return None
    return ["|-"] + [(indent + l) if l else "" for l in lines]


def mapping(data: dict, indent: str) -> list[str]:
    """The lines of a mapping whose keys start at ``indent`` (the first line carries no indent,
    so that a caller can put '- ' before it)."""
    out: list[str] = []
    for key, value in data.items():
        pad = indent if out else ""
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            inner = mapping(value, indent + "  ")
            out.append(indent + "  " + inner[0])
            out += inner[1:]
        elif isinstance(value, list):
            out += _list(key, value, pad, indent)
        elif isinstance(value, str) and "\n" in value and (block := _block(value, indent + "  ")):
            out.append(f"{pad}{key}: {block[0]}")
            out += block[1:]
        else:
            out.append(f"{pad}{key}: {scalar(value)}")
    return out


def _list(key: str, value: list, pad: str, indent: str) -> list[str]:
    if not value:
        return [f"{pad}{key}: []"]
    if all(not isinstance(v, (dict, list)) for v in value):
        items = [scalar(v, flow=True) for v in value]
        if sum(len(i) + 2 for i in items) < 72:
            return [f"{pad}{key}: [{', '.join(items)}]"]
        return [f"{pad}{key}:"] + [f"{indent}  - {scalar(v)}" for v in value]
    out = [f"{pad}{key}:"]
    for item in value:
        if isinstance(item, dict):
            inner = mapping(item, indent + "    ")
            out.append(f"{indent}  - {inner[0]}")
            out += inner[1:]
        else:
            out.append(f"{indent}  - {scalar(item)}")
    return out


def entries(items: list[dict], indent: str = "  ") -> list[str]:
    """Each entry of a ``resources:`` list as one block of text ending in a newline."""
    blocks = []
    for item in items:
        lines = mapping(item, indent + "  ")
        blocks.append(f"{indent}- " + "\n".join(lines) + "\n")
    return blocks
