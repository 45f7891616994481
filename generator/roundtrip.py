"""Changes written into an existing catalog file so that only the changed values' lines change.

Every tool that writes into a catalog file a person keeps (the importers' merge, the form
editor's pull requests through ``navigator tidy``) goes through here. ruamel.yaml's round-trip
mode keeps comments, key order, quoting and flow lists; values that did not change keep the
very objects read from the file, so their text is written back byte for byte. The catalog files
are indented the way ``indent()`` says (the shipped ones and the importers' output); a file
written otherwise is refused rather than reflowed (``LayoutError``).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString,
                                      LiteralScalarString, SingleQuotedScalarString)

from . import load as catalog_load
from .yamlout import scalar as yaml_scalar
from .model import Address, Hours, Phone, Resource, Session

RESOURCE_ORDER = list(Resource.model_fields)


def _defaults() -> dict[str, object]:
    """Field name -> the value the model assumes when the field is left out, for the names that
    mean one thing wherever they appear (a form editor writes these out for every listing)."""
    found: dict[str, set] = {}
    for model in (Resource, Address, Phone, Hours, Session):
        for name, info in model.model_fields.items():
            if not info.is_required() and info.default is not None:
                found.setdefault(name, set()).add(repr(info.default))
    values = {name: info.default for model in (Resource, Address, Phone, Hours, Session)
              for name, info in model.model_fields.items() if name in found}
    return {name: values[name] for name, reprs in found.items() if len(reprs) == 1}


DEFAULTS = _defaults()
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


class LayoutError(ValueError):
    """The file is not laid out as the catalog's files are, so a round trip would reflow it."""


def yaml() -> YAML:
    """A round-trip reader and writer set up like the catalog files: two-space mappings, list
    items indented two spaces under their key, lines never wrapped."""
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1 << 16
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def dump(data) -> str:
    out = io.StringIO()
    yaml().dump(data, out)
    return out.getvalue()


def load(text: str):
    """The file as ruamel's round-trip objects, after checking that writing it back unchanged
    gives the same text (otherwise every line the writer reflows would show in the diff)."""
    data = yaml().load(text)
    if dump(data) != text:
        raise LayoutError("the file's indentation or line breaks differ from the catalog's usual "
                          "layout (two spaces per level, list items as '  - '); writing it would "
                          "change lines nobody edited")
    return data


# ---------------------------------------------------------------- whole files

def reapply(base_text: str, edited, path: str = "catalog.yaml") -> str:
    """``base_text`` changed to hold the data ``edited`` (plain data, as another writer saved
    it, reflowed and without comments). Entries are matched by id and keep the file's order (new
    ones go at the end); an entry whose values did not change keeps its text, a changed one
    only its changed values' lines (see update_entry_text). Only the entries are read with
    ruamel, which takes ~9 s for a whole 500-listing file."""
    parsed = catalog_load.parse(base_text, path)
    if parsed.problems or not isinstance(parsed.data, dict) or not isinstance(edited, dict):
        raise LayoutError(f"{path} is not a catalog file that can be read; fix it first "
                          "(navigator validate)")
    base = parsed.data
    rest = [k for k in {**base, **edited} if k != "resources"]
    if any(not same(base.get(k), edited.get(k)) for k in rest) or not base.get("resources"):
        doc = load(base_text)  # the site settings or regions changed: a whole-file round trip
        update_map(doc, edited)
        return dump(doc)
    head, spans, tail, indent = _entry_spans(base_text, parsed)
    old_items = base["resources"]
    new_items = {item.get("id"): item for item in edited.get("resources") or [] if isinstance(item, dict)}
    out = [head]
    for item, span in zip(old_items, spans):
        new = new_items.pop(item.get("id"), None)
        if new is None:
            continue  # removed
        out.append(span if same(item, new) else update_entry_text(span, indent, new))
    if new_items:
        doc = CommentedMap(resources=CommentedSeq(fresh(item) for item in new_items.values()))
        added = dump(doc).split("\n", 1)[1]
        if not out[-1].endswith("\n\n"):
            out.append("\n")
        out.append(added)
    if tail and not out[-1].endswith("\n\n"):
        out.append("\n")
    return "".join(out) + tail


def _entry_spans(text: str, parsed) -> tuple[str, list[str], str, str]:
    """The text before the first entry, each entry's text (with the blank and comment lines
    after it), the text after the list, and the indent before each entry's '- '."""
    lines = text.splitlines(keepends=True)
    count = len(parsed.data["resources"])
    starts = [parsed.positions[("resources", i)] for i in range(count)]
    key_lines = sorted(pos[0] for loc, pos in (parsed.keys or {}).items() if len(loc) == 1)
    end = next((k for k in key_lines if k > starts[-1][0]), len(lines) + 1)
    bounds = [line for line, _col in starts] + [end]
    spans = ["".join(lines[bounds[i] - 1:bounds[i + 1] - 1]) for i in range(count)]
    return ("".join(lines[:bounds[0] - 1]), spans, "".join(lines[end - 1:]),
            " " * max(0, starts[0][1] - 3))


def update_entry_text(text: str, indent: str, new: dict) -> str:
    """One ``resources:`` entry as written in a file (``indent`` before its '- ', trailing
    blank and comment lines included) with its values replaced by ``new``."""
    if indent != "  ":
        raise LayoutError("the entries are not indented by two spaces under 'resources:'")
    doc = load("resources:\n" + text)  # read as the file has it, so that it is written alike
    update_map(doc["resources"][0], new, RESOURCE_ORDER)
    return dump(doc).split("\n", 1)[1]


# ---------------------------------------------------------------- values

def update_map(old: CommentedMap, new: dict, order: list[str] | None = None) -> None:
    """Make ``old`` hold ``new``'s keys and values, keeping untouched keys' objects (and so
    their text and comments); a new key goes after the keys that come before it in ``order``."""
    new = {k: v for k, v in new.items() if v is not None}
    for key in [k for k in old if k not in new]:
        del old[key]
    for key, value in new.items():
        if key in old:
            old[key] = merged(old[key], value, key)
            continue
        if key in DEFAULTS and same(DEFAULTS[key], value):
            continue  # the other writer spelled out what leaving the field out already means
        position = len(old)
        if order and key in order:
            rank = order.index(key)
            earlier = [i for i, k in enumerate(old) if k in order and order.index(k) < rank]
            position = earlier[-1] + 1 if earlier else 0
        old.insert(position, key, fresh(value, key))


def merged(old, new, key: str = ""):
    """``old`` itself when it already says ``new``; otherwise ``new`` in ``old``'s style."""
    if same(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        update_map(old, new, RESOURCE_ORDER if "id" in new else None)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        update_list(old, new, key)
        return old
    return styled(old, new, key)


def update_list(old: CommentedSeq, new: list, key: str) -> None:
    """Lists of entries are matched by id (an edit to one entry leaves the others' objects in
    place even when one was added or removed); other lists item by item."""
    ids = [item.get("id") for item in old if isinstance(item, dict)]
    if ids and len(ids) == len(old) and all(isinstance(i, dict) and "id" in i for i in new):
        by_id = {item["id"]: item for item in old}
        items = [merged(by_id[i["id"]], i, key) if i["id"] in by_id else fresh(i, key) for i in new]
    elif len(old) == len(new):
        items = [merged(o, n, key) for o, n in zip(old, new)]
    else:
        items = [fresh(v, key) for v in new]
    for index in range(len(old) - 1, len(items) - 1, -1):
        del old[index]
    for index, item in enumerate(items):
        if index < len(old):
            if old[index] is not item:
                old[index] = item
        else:
            old.append(item)


def same(old, new) -> bool:
    return _canon(old) == _canon(new)


def equivalent(old, new) -> bool:
    """The same data once fields that only spell out their default are left out."""
    return _canon(old, True) == _canon(new, True)


def _canon(value, drop_defaults: bool = False):
    """A form in which a value read from the file and one from another writer compare equal."""
    if isinstance(value, dict):
        return {str(k): _canon(v, drop_defaults) for k, v in value.items() if v is not None
                and not (drop_defaults and k in DEFAULTS and _canon(v) == _canon(DEFAULTS[k]))}
    if isinstance(value, (list, tuple)):
        return [_canon(v, drop_defaults) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(float(value))
    if value is None:
        return None
    return str(value)


def fresh(value, key: str = ""):
    """A new value as the catalog writes it: mappings in block style, short lists of words in
    flow style ([a, b]), text quoted when YAML 1.1 readers would read it as something else."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = fresh(v, k)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(fresh(v, key) for v in value)
        if value and all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return styled(None, value, key)


def styled(old, new, key: str = ""):
    """``new`` written the way ``old`` was (quoted, folded...), or plainly when that is safe."""
    if not isinstance(new, str):
        return new
    if isinstance(old, (dt.date, dt.datetime)) and _DATE.match(new):
        return dt.date.fromisoformat(new)
    if "\n" in new:
        return LiteralScalarString(new)
    if isinstance(old, FoldedScalarString):
        return FoldedScalarString(new)
    if isinstance(old, SingleQuotedScalarString) and "'" not in new:
        return SingleQuotedScalarString(new)
    if isinstance(old, DoubleQuotedScalarString) or yaml_scalar(new) != new:
        return DoubleQuotedScalarString(new)
    return new
