"""The interface's message catalogues, with Babel:

    python -m tools.messages extract      # write generator/locales/messages.pot from the sources
    python -m tools.messages update       # merge it into every language's messages.po
    python -m tools.messages init LANG    # start a new language's messages.po
    python -m tools.messages check        # exit 1 when the .pot is stale or a message is untranslated

What is read is in babel.cfg (the project's root): the Python modules (``_``, ``gettext``,
``ngettext`` and ``N_``, which marks vocabulary labels), the Jinja templates of the generator and
the theme, and the section titles of mkdocs.yml's nav. The scripts' messages are the
dictionaries of ``_()`` calls that the templates hand to theme/assets/navigator/*.js
(find.script_strings, printing.list_strings), so they are read with the Python.
"""

from __future__ import annotations

import io
import os
import sys

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCALES = os.path.join(ROOT, "generator", "locales")
POT = os.path.join(LOCALES, "messages.pot")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PROJECT = "Recovery Navigator"
HEADER = ("# Messages of the Recovery Navigator interface (python -m tools.messages; "
          "docs/translating.md).\n#")


def extract() -> Catalog:
    """Every message of the sources named in babel.cfg, in a fixed order (byte-identical
    output for the same sources: no dates, no line numbers that move with every edit)."""
    with open(os.path.join(ROOT, "babel.cfg"), encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project=PROJECT, charset="utf-8", fuzzy=False, header_comment=HEADER)
    for filename, _lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        catalog.add(message, None, [(filename, 0)], auto_comments=comments, context=context)
    return catalog


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=False, sort_output=True, include_lineno=False,
             width=100, ignore_obsolete=True)
    return _without_dates(buffer.getvalue())


def _without_dates(data: bytes) -> bytes:
    # POT-Creation-Date and PO-Revision-Date change on every run; a catalogue is compared
    # with the sources, not with the clock.
    lines = [line for line in data.split(b"\n")
             if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))]
    return b"\n".join(lines)


def po_path(language: str) -> str:
    return os.path.join(LOCALES, language, "LC_MESSAGES", "messages.po")


def languages() -> list[str]:
    return sorted(name for name in os.listdir(LOCALES) if os.path.isfile(po_path(name)))


def read(path: str, locale: str | None = None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def update(language: str, template: Catalog) -> Catalog:
    """The language's catalogue with the template's messages: new ones empty, changed ones
    marked fuzzy (shown in English until a translator checks them), removed ones dropped."""
    catalog = read(po_path(language), language)
    catalog.update(template, no_fuzzy_matching=False)
    catalog.obsolete.clear()
    return catalog


def untranslated(language: str, template: Catalog) -> list[str]:
    """The template's messages that the language's catalogue does not translate (or only
    fuzzily)."""
    catalog = read(po_path(language), language)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = () if found is None else (found.string if isinstance(found.string, tuple)
                                            else (found.string,))
        if found is None or found.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def extract_nav(fileobj, keywords, comment_tags, options):
    """Babel extraction method for mkdocs.yml: the titles of the nav's sections (a page's own
    title comes from the page in each language; mkdocs_languages.py)."""
    import yaml

    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    nav = next((value for key, value in root.value if key.value == "nav"), None) if root else None

    def walk(node):
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(value, yaml.SequenceNode):
                    yield key.start_mark.line + 1, "_", key.value, []
                    yield from walk(value)

    if nav is not None:
        yield from walk(nav)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    template = extract()
    if command == "extract":
        os.makedirs(LOCALES, exist_ok=True)
        with open(POT, "wb") as out:
            out.write(render(template))
        print(f"{os.path.relpath(POT)}: {len(template)} messages")
    elif command == "update":
        for language in languages():
            data = render(update(language, template))  # read before the file is opened for writing
            with open(po_path(language), "wb") as out:
                out.write(data)
            print(f"{os.path.relpath(po_path(language))}: {len(untranslated(language, template))} to translate")
    elif command == "init" and len(argv) == 2:
        catalog = Catalog(locale=argv[1], project=PROJECT, charset="utf-8", fuzzy=False,
                          header_comment=HEADER)
        catalog.update(template)
        os.makedirs(os.path.dirname(po_path(argv[1])), exist_ok=True)
        with open(po_path(argv[1]), "wb") as out:
            out.write(render(catalog))
        print(f"wrote {os.path.relpath(po_path(argv[1]))}")
    elif command == "check":
        problems = []
        if not os.path.isfile(POT) or render(template) != open(POT, "rb").read():
            problems.append(f"{os.path.relpath(POT)} is out of date: run python -m tools.messages extract")
        for language in languages():
            for msgid in untranslated(language, template):
                problems.append(f"{os.path.relpath(po_path(language))}: no translation of {msgid!r}")
        print("\n".join(problems) or "catalogues up to date")
        return 1 if problems else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
