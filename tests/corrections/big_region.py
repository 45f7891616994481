"""A region file of 500 listings made from the shipped Franklin County file: its real layout
(comments, folded descriptions, flow lists, quoted phone numbers and times), entries repeated
with numbered ids, and a comment every tenth entry as coordinators write them."""

from __future__ import annotations

import os
import re

from tests.conftest import ROOT

SOURCE = os.path.join(ROOT, "catalog", "franklin-county.yaml")


def entries(text: str) -> tuple[str, list[str]]:
    """The file's head (down to ``resources:``) and each entry's lines as one string."""
    head, _, body = text.partition("\nresources:\n")
    parts = re.split(r"(?m)^(?=  - id: )", body)
    return head + "\nresources:\n", [p for p in parts if p.startswith("  - id: ")]


def make(size: int = 500) -> str:
    with open(SOURCE, encoding="utf-8") as handle:
        head, blocks = entries(handle.read())
    out = [head]
    for index in range(size):
        block = blocks[index % len(blocks)]
        block = re.sub(r"^(  - id: )(\S+)", lambda m: f"{m.group(1)}{m.group(2)}-{index:03d}", block)
        if not block.endswith("\n\n"):
            block += "\n"
        if index % 10 == 0:
            block = f"  # checked by phone in round {index // 10} (kept by every tool)\n" + block
        out.append(block)
    return "".join(out).rstrip("\n") + "\n"


def write(folder: str, size: int = 500) -> str:
    path = os.path.join(folder, "franklin-county.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(make(size))
    return path
