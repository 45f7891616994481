"""The payload catalog: every entry of tests/fixtures/security/catalog/base.yaml copied once per
payload family, with the family's hostile text in every field that accepts free text.

Which fields accept free text is found by trying: a payload stays where the model accepts it
and is dropped where validation refuses it, so a field added to the format later is attacked
without anyone listing it here (test_payload_site.py checks that base.yaml uses every field).
"""

from __future__ import annotations

import copy
import os

import yaml
from generator import load, validate
from generator.model import Region, Resource

from tests.conftest import copy_project

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "security")
PASSWD = "/etc/passwd"

# One-line payloads (names, notes, keywords...). Each holds a unique word so tests can find it.
FAMILIES = {
    "html": '<script>alert("html")</script><img src=x onerror=alert(1)><svg onload=alert(2)>'
            '<iframe src="https://evil.example/"></iframe>',
    "quotes": '" onmouseover="alert(3)" data-x="\' onfocus=\'alert(4)\' autofocus x=\'</title>'
              '<a href="//evil.example/">',
    "template": "{{ 7*7 }} {% include 'x' %} {# c #} ${7*7} @@RN-CONTENT@@ @@RN-TITLE@@ "
                "{{ region_tree }}",
    "snippet": f'--8<-- "{PASSWD}" ;--8<-- "../../mkdocs.yml"',
    # A Markdown image (![i](...)) is refused by validation (tests/unit/test_slips.py), and the
    # renderer never makes one (tests/unit/test_markup.py); a payload here must be accepted.
    "markdown": "[x](https://evil.example/) [![i]](https://evil.example/t.png) "
                "[d](data:text/html,<b>x</b>) <style>body{display:none}</style> "
                "<a href=//evil.example style=\"background:url(https://evil.example/b)\">x</a>",
    "breakout": "</script><script>alert(5)</script><!-- <script> ]]> */ alert(6) //",
    "unicode": "Неlр Line ☎ مساعدة עזרה &amp; &lt;b&gt; &#60;b&#62; &#x3C;i&#x3E; \\\"\\\\ 𝟘𝟙",
}
# Descriptions and region intros are Markdown: add block structure on lines of their own.
BLOCK = '\n\n--8<-- "{passwd}"\n\n# Heading\n\n<script>alert(7)</script>\n\n> quote\n\n    code\n\n---\n'

KEEP = {"id", "regions", "parent", "category"}  # links between entries stay intact


def _leaves(value, path=()):
    """Paths of every text value inside an entry."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    elif isinstance(value, str):
        yield path


def _set(entry, path, value):
    target = entry
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _accepts(kind, entry) -> bool:
    """Whether one file holding just ``entry`` passes the validator's per-file checks."""
    name = "regions" if kind is Region else "resources"
    text = yaml.safe_dump({name: [entry]}, allow_unicode=True, sort_keys=False, width=10_000)
    parsed = load.parse(text, "payloads.yaml")
    parsed.text = text
    result = validate.check_file(parsed, "US")
    return not [p for p in result.problems if p.severity == "error"]


def poison(kind, entry: dict, family: str, text: str) -> tuple[dict, list[tuple]]:
    """A copy of ``entry`` with ``text`` in every field that accepts it; and those fields."""
    out = copy.deepcopy(entry)
    out["id"] = f"{entry['id']}-{family}"
    taken = []
    for path in list(_leaves(out)):
        if path[0] in KEEP:
            continue
        original = out
        for part in path:
            original = original[part]
        multi = path[-1] in ("description", "intro") and len(path) == 1
        _set(out, path, text + (BLOCK.format(passwd=PASSWD) if multi else ""))
        if _accepts(kind, out):
            taken.append(path)
        else:
            _set(out, path, original)
    return out, taken


def base_data() -> dict:
    with open(os.path.join(FIXTURE, "catalog", "base.yaml"), encoding="utf-8") as handle:
        parsed = load.parse(handle.read(), "base.yaml")
    assert not parsed.problems, parsed.problems
    return parsed.data


def payload_catalog() -> tuple[dict, dict[str, list]]:
    """The payload catalog's data, and for each poisoned entry id the fields that took text."""
    base = base_data()
    regions, resources, taken = [], [], {}
    for family, text in FAMILIES.items():
        for region in base["regions"]:
            poisoned, fields = poison(Region, region, family, text)
            regions.append(poisoned)
            taken[poisoned["id"]] = fields
        for resource in base["resources"]:
            poisoned, fields = poison(Resource, resource, family, text)
            poisoned["regions"] = [f"{r}-{family}" for r in resource["regions"]]
            resources.append(poisoned)
            taken[poisoned["id"]] = fields
    return {"regions": regions, "resources": resources}, taken


def make_project(dest: str) -> str:
    """A copy of the security fixture with catalog/payloads.yaml written; returns its folder."""
    copy_project(FIXTURE, dest)
    data, _taken = payload_catalog()
    with open(os.path.join(dest, "catalog", "payloads.yaml"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False, width=10_000)
    return dest
