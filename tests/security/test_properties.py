"""Property-based tests of the loader and validator (Hypothesis): mutated and random catalogs
never raise anything but CatalogError with positions, and valid random resources come back
exactly as written. Under CI=true each test runs thousands of examples (bounded to about a
minute in all); locally a few hundred."""

from __future__ import annotations

import datetime as dt
import os
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import text as text_rules
from generator import validate, vocab
from generator.errors import CatalogError
from generator.render import Renderer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TODAY = dt.date(2026, 11, 21)
CI = os.environ.get("CI") == "true"

for name, examples in (("security-ci", 1500), ("security-dev", 150)):
    settings.register_profile(name, max_examples=examples, deadline=None, database=None,
                              suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.function_scoped_fixture])
PROFILE = settings.get_profile("security-ci" if CI else "security-dev")
SMALL = settings(PROFILE, max_examples=max(50, PROFILE.max_examples // 5))

PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): \S")


def _example_files() -> dict[str, str]:
    files = {"resources.yaml": open(os.path.join(ROOT, "resources.yaml"), encoding="utf-8").read()}
    for name in sorted(os.listdir(os.path.join(ROOT, "catalog"))):
        if name.endswith(".yaml"):
            with open(os.path.join(ROOT, "catalog", name), encoding="utf-8") as handle:
                files[f"catalog/{name}"] = handle.read()
    return files


EXAMPLE = _example_files()


class Project:
    """The example catalog in a folder, with one file replaced per example; the validator's
    cache keeps the files that did not change from being read again."""

    def __init__(self, folder: str):
        self.folder = folder
        os.makedirs(os.path.join(folder, "catalog"), exist_ok=True)
        for rel, content in EXAMPLE.items():
            self.write(rel, content.encode("utf-8"))

    def write(self, rel: str, data: bytes) -> None:
        with open(os.path.join(self.folder, rel), "wb") as handle:
            handle.write(data)

    def check(self, rel: str, data: bytes) -> None:
        """Validate with ``rel`` holding ``data``: a Catalog, or CatalogError with positions."""
        self.write(rel, data)
        try:
            validate.validate(os.path.join(self.folder, "resources.yaml"), today=TODAY,
                              cache_dir=os.path.join(self.folder, ".cache"), workers=1)
        except CatalogError as exc:
            assert exc.problems
            lines = {r: EXAMPLE[r].count("\n") + 2 for r in EXAMPLE}
            lines[rel] = data.count(b"\n") + 2
            for problem in exc.problems:
                assert PROBLEM_LINE.match(str(problem)), str(problem)
                assert problem.path in EXAMPLE, problem
                assert 1 <= problem.line <= lines[problem.path], problem
                assert problem.col >= 1 and problem.message, problem
        finally:
            self.write(rel, EXAMPLE[rel].encode("utf-8"))


_PROJECTS: dict[str, Project] = {}


def project(tmp_path_factory) -> Project:
    if "p" not in _PROJECTS:
        _PROJECTS["p"] = Project(str(tmp_path_factory.mktemp("fuzz")))
    return _PROJECTS["p"]


# ------------------------------------------------------------------ mutated example files

NASTY = list(":-[]{}#&*!|>'\"%@`,?~\\\t\n \r") + ["\x00", "\x1b", "\u202e", "\ufeff", "é", "\u0430",
                                                      "---", "...", "<<: *a", "&a ", "!!python/object:os.system ",
                                                      "{{ x }}", "<script>", "19:30", "NO", "0x1F", "1e3"]
mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("indent"), st.integers(0, 10_000), st.integers(-4, 4)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.sampled_from(NASTY)),
    st.tuples(st.just("chars"), st.integers(0, 10_000), st.text(max_size=8)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000)),
)


def mutate(source: str, steps) -> str:
    lines = source.split("\n")
    for step in steps:
        kind, at = step[0], step[1] % max(1, len(lines))
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = step[2] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "indent":
            stripped = lines[at].lstrip(" ")
            width = max(0, len(lines[at]) - len(stripped) + step[2])
            lines[at] = " " * width + stripped
        elif kind in ("insert", "chars"):
            line = lines[at]
            col = (step[1] // 7) % (len(line) + 1)
            lines[at] = line[:col] + step[2] + line[col:]
        elif kind == "truncate":
            lines = lines[:at + 1]
    return "\n".join(lines)


@settings(PROFILE)
@given(rel=st.sampled_from(sorted(EXAMPLE)), steps=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_example_catalog_fails_only_with_positions(tmp_path_factory, rel, steps):
    """Deleting, duplicating, swapping, re-indenting lines or inserting characters anywhere in
    the example catalog gives either a valid catalog or CatalogError problems with positions."""
    project(tmp_path_factory).check(rel, mutate(EXAMPLE[rel], steps).encode("utf-8", "surrogatepass"))


@SMALL
@given(data=st.binary(max_size=2000))
def test_random_bytes_fail_only_with_positions(tmp_path_factory, data):
    """Any bytes at all in a catalog file are refused cleanly (or, rarely, accepted)."""
    project(tmp_path_factory).check("catalog/ohio.yaml" if "catalog/ohio.yaml" in EXAMPLE
                                    else sorted(EXAMPLE)[-1], data)


yaml_scalar = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(),
                        st.floats(allow_nan=False), st.dates().map(str))
yaml_value = st.recursive(yaml_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=20)


@SMALL
@given(entries=st.lists(st.dictionaries(
    st.sampled_from(["id", "name", "category", "regions", "phones", "address", "schedule", "hours",
                     "url", "last_verified", "online_only", "description", "types", "bogus"]),
    yaml_value, max_size=8), max_size=4))
def test_random_shapes_fail_only_with_positions(tmp_path_factory, entries):
    """Well-formed YAML of the wrong shape (lists for text, maps for lists...) is refused with
    positions, never a crash."""
    text = yaml.safe_dump({"resources": entries}, allow_unicode=True)
    project(tmp_path_factory).check(sorted(EXAMPLE)[-1], text.encode("utf-8"))


# ------------------------------------------------------------------ valid resources round-trip

def _clean_text(value: str) -> bool:
    return (value == value.strip() and value != "" and "\n" not in value and "\r" not in value
            and text_rules.forbidden_character(value) is None and text_rules.script_link(value) is None)


line_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp")),
                    min_size=1, max_size=120).map(str.strip).filter(_clean_text)
host = st.from_regex(r"[a-z][a-z0-9]{0,10}\.(org|com|net|example)", fullmatch=True)
PHONES = ["(614) 555-0100", "614-555-0199", "+1 215 555 0123", "988", "1-800-662-4357"]


@st.composite
def resources(draw):
    category = draw(st.sampled_from(sorted(c for c in vocab.CATEGORIES if c != "meeting")))
    res = {"id": draw(st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)),
           "name": draw(line_text), "category": category, "regions": ["ohio"],
           "online_only": "true",
           "last_verified": str(draw(st.dates(dt.date(2020, 1, 1), TODAY))),
           "phones": [{"number": draw(st.sampled_from(PHONES))}]}
    if draw(st.booleans()):
        res["description"] = draw(line_text)
    if draw(st.booleans()):
        res["url"] = f"https://{draw(host)}/{draw(st.from_regex(r'[a-z0-9/_-]{0,20}', fullmatch=True))}"
    if draw(st.booleans()):
        res["location_notes"] = draw(line_text)
    return res


@settings(PROFILE)
@given(res=resources())
def test_valid_resources_round_trip(tmp_path_factory, res):
    """A valid resource written as YAML validates to exactly the values written, and its page
    shows the name escaped."""
    folder = project(tmp_path_factory).folder
    path = os.path.join(folder, "round", "resources.yaml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    root = {"regions": [{"id": "ohio", "name": "Ohio", "timezone": "America/New_York"}],
            "resources": [res]}
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(root, handle, allow_unicode=True, sort_keys=False, width=10_000)
    catalog = validate.validate(path, today=TODAY, cache_dir=None, workers=1)
    (got,) = catalog.resources
    assert got.id == res["id"] and got.name == res["name"]
    assert got.description == res.get("description") and got.url == res.get("url")
    assert got.location_notes == res.get("location_notes")
    assert got.last_verified.isoformat() == res["last_verified"]
    assert got.phones[0].number == res["phones"][0]["number"]


def test_round_trip_renders_names_escaped(tmp_path):
    """A name full of markup reaches its page escaped, as Jinja autoescape writes it."""
    from markupsafe import escape

    from generator.enrich import enrich

    name = "<b>Tom & \"Jerry's\"</b> {{ x }}"
    path = os.path.join(str(tmp_path), "resources.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"regions": [{"id": "ohio", "name": "Ohio", "timezone": "America/New_York"}],
                        "resources": [{"id": "r", "name": name, "category": "detox", "regions": ["ohio"],
                                       "online_only": "true", "last_verified": "2026-01-01"}]}, handle)
    directory = enrich(validate.validate(path, today=TODAY, cache_dir=None, workers=1), TODAY)
    page = Renderer(directory).resource_page(directory.entries[0])
    assert f"<h1>{escape(name)}</h1>" in page.body


def test_profile_follows_ci():
    """CI runs thousands of examples; a developer's run stays short."""
    assert PROFILE.max_examples == (1500 if CI else 150)


# ------------------------------------------------------------------ the script-link check

def _script_link_reference(value: str) -> bool:
    """The check as first written: the pattern on the value, then on its decoded form."""
    import html

    found = text_rules._SCRIPT_LINK.search(value)
    if not found and any(c in value for c in "&*_`~\\<"):
        found = text_rules._SCRIPT_LINK.search(text_rules._MARKUP.sub("", html.unescape(value)))
    return found is not None


@SMALL
@given(value=st.tuples(
    st.text(max_size=4), st.sampled_from(["java", "JaVa", "vb", "live", "jav", ""]),
    st.sampled_from(["", " ", "\t", "\x00", "*", "&#x20;", "<b>"]),
    st.sampled_from(["script", "SCRIPT", "\u017fcript", "scr\u0130pt", "scr\u0131pt", "scr*ipt",
                     "&#115;cript", "scri<i>pt", "sc ript", "cript", "&amp;script"]),
    st.sampled_from(["", " ", "\t", "_"]), st.sampled_from([":", "", ";", "&#58;"]),
    st.text(max_size=4)).map("".join))
def test_script_link_shortcut_agrees_with_the_pattern(value):
    """Skipping values that cannot spell "script" never changes what is found."""
    assert (text_rules.script_link(value) is not None) == _script_link_reference(value)
