"""The guides index groups every guide by the moment it is used and says how long it takes, and
the site's navigation lists every guide."""

from __future__ import annotations

import os
import re

import yaml

from tests.conftest import ROOT
from tests.guides.prose import GUIDES_DIR, guide_names

MOMENTS = ("For the first meetings", "Every week", "When things go wrong",
           "For coordinators and mentors in training")
ENTRY = re.compile(r"^- \[[^\]]+\]\(([a-z0-9-]+)\.md\)(, about (\d+) minutes[^:]*)?: .+$", re.M)


def index_sections() -> dict[str, str]:
    with open(os.path.join(GUIDES_DIR, "index.md"), encoding="utf-8") as handle:
        text = handle.read()
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_index_groups_guides_by_moment_in_order():
    """The index's sections are the four moments, in the order a mentor meets them."""
    assert tuple(index_sections()) == MOMENTS


def test_every_guide_is_listed_with_the_time_it_takes():
    """Each guide is listed under a moment, and at least once with "about N minutes"."""
    timed: dict[str, int] = {}
    listed: set[str] = set()
    for body in index_sections().values():
        for match in ENTRY.finditer(body):
            listed.add(match[1])
            if match[3]:
                timed[match[1]] = int(match[3])
    assert sorted(listed) == guide_names()
    assert sorted(timed) == guide_names()
    assert all(5 <= minutes <= 60 for minutes in timed.values()), timed


def test_navigation_lists_every_guide():
    """mkdocs.yml's Mentor guides menu has the index and each guide once."""
    from mkdocs.utils.yaml import get_yaml_loader

    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=get_yaml_loader())  # mkdocs.yml uses !ENV
    menu = next(item["Mentor guides"] for item in config["nav"]
                if isinstance(item, dict) and "Mentor guides" in item)
    pages = [entry if isinstance(entry, str) else next(iter(entry.values())) for entry in menu]
    assert pages[0] == "guides/index.md"
    assert sorted(pages[1:]) == [f"guides/{name}.md" for name in guide_names()]
