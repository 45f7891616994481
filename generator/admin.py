"""The form editor at admin/: Sveltia CMS, bundled from npm at build time, with a configuration
generated from the catalog's JSON Schema, so the form asks exactly what the validator checks.

Every save is a pull request (publish_mode: editorial_workflow), checked by the same
pull-request workflow as any other change; `navigator tidy` in that workflow puts back the
file's comments and layout so only the changed values' lines differ. This is the one page that
talks to GitHub's API; its own Content-Security-Policy (``POLICY``) allows that host and
GitHub's image host and nothing else beyond the site.
"""

from __future__ import annotations

import logging
import os
import shutil

import yaml

from . import schema as catalog_schema
from .meeting_types import MEETING_TYPES
from .vocab import EXTRA_MEETING_TYPES

log = logging.getLogger("mkdocs.plugins.navigator")

# `npm ci --prefix cms` installs the pinned release (cms/package-lock.json) here.
BUNDLE = os.path.join("cms", "node_modules", "@sveltia", "cms", "dist", "sveltia-cms.js")
SCRIPT = "sveltia-cms.js"
# Sveltia asks a public CDN for its fonts, which the page's policy refuses; the same fonts from
# npm (cms/package.json) are served from the site under the family names Sveltia uses. Without
# the icon font its buttons show words such as "expand_more".
FONTS = [  # (family, file under cms/node_modules, CSS descriptors)
    ("Material Symbols Outlined", "@fontsource-variable/material-symbols-outlined/files/"
     "material-symbols-outlined-latin-wght-normal.woff2", "font-weight:100 700;font-display:block"),
    ("Source Sans 3", "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
     "font-weight:200 900;font-display:swap"),
    ("Noto Mono", "@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
     "font-weight:400;font-display:swap"),
]
# Svelte injects its styles as <style> elements, hence 'unsafe-inline' for styles on this page
# only; scripts stay 'self'. GitHub: the API, and the host of avatars and file previews.
POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com",
    "font-src 'self' data:", "connect-src 'self' data: blob: https://api.github.com", "media-src 'self' blob:",
    "frame-src 'self' blob:", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'",
    "form-action 'self'"])
# Values the schema leaves open but the site knows (vocab.py); the validator accepts others.
KNOWN_OPTIONS = {"types": sorted({**MEETING_TYPES, **EXTRA_MEETING_TYPES})}
_WIDGETS = {"boolean": "boolean", "number": "number", "integer": "number"}


def _resolve(node: dict, defs: dict) -> tuple[dict, bool]:
    """The schema of a property without its ``null`` alternative, and whether null is allowed."""
    options = node.get("anyOf")
    nullable = False
    if options:
        rest = [o for o in options if o.get("type") != "null"]
        nullable = len(rest) < len(options)
        node = {**node, **rest[0]} if rest else node
        node.pop("anyOf", None)
    if "$ref" in node:
        node = {**defs[node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node, nullable


def field(name: str, node: dict, required: bool, defs: dict, regions: list[str],
          languages: tuple[str, ...] = ()) -> dict | None:
    """One form field for one schema property; None for a mapping with no keys to offer."""
    node, nullable = _resolve(node, defs)
    out: dict = {"name": name, "label": node.get("title") or name.replace("_", " ").capitalize(),
                 "required": required}
    if node.get("description"):
        out["hint"] = node["description"]
    kind = node.get("type")
    kind = next((k for k in kind if k != "integer"), kind[0]) if isinstance(kind, list) else kind
    if "enum" in node:
        out.update(widget="select", options=[str(v) for v in node["enum"]])
    elif kind == "boolean" and nullable:
        # Yes, no or not known: a checkbox would write "no" into every listing left unknown.
        out.update(widget="select", options=[{"label": "Yes", "value": "true"},
                                             {"label": "No", "value": "false"}])
    elif kind == "array":
        items, _ = _resolve(node.get("items", {}), defs)
        options = items.get("enum") or (regions if name == "regions" else KNOWN_OPTIONS.get(name))
        if items.get("type") == "object":
            out.update(widget="list", fields=object_fields(items, defs, regions, languages))
        elif options:
            out.update(widget="select", multiple=True, options=list(dict.fromkeys(str(v) for v in options)))
        else:
            out.update(widget="list")
        if node.get("minItems"):
            out["min"] = node["minItems"]
    elif kind == "object" and not node.get("properties") and isinstance(node.get("additionalProperties"), dict):
        # A mapping by language (a listing's translations): the form has a fixed set of fields,
        # one per other language of the site; with none, nothing to fill in.
        if not languages:
            return None
        entry, _ = _resolve(node["additionalProperties"], defs)
        out.update(widget="object", fields=[
            {"name": code, "label": code, "required": False, "widget": "object",
             "fields": object_fields(entry, defs, regions)} for code in languages])
    elif kind == "object":
        out.update(widget="object", fields=object_fields(node, defs, regions, languages))
    elif node.get("format") == "date":
        out.update(widget="datetime", format="YYYY-MM-DD", time_format=False)
    elif kind in _WIDGETS:
        out["widget"] = _WIDGETS[kind]
        if kind == "number":
            out["value_type"] = "float"
    elif name == "description":
        out["widget"] = "markdown"
    else:
        out["widget"] = "string"
        if node.get("pattern"):
            out["pattern"] = [node["pattern"], f"must match {node['pattern']}"]
    return out


def object_fields(node: dict, defs: dict, regions: list[str], languages: tuple[str, ...] = ()) -> list[dict]:
    required = set(node.get("required", []))
    made = (field(name, prop, name in required, defs, regions, languages)
            for name, prop in node.get("properties", {}).items())
    return [f for f in made if f is not None]


def config(repository: str, branch: str, files: list[tuple[str, str]], regions: list[str],
           backend: dict | None = None, languages: tuple[str, ...] = ()) -> dict:
    """The CMS configuration: one entry per catalog file (``files``: path in the repository,
    label), each a list of listings whose form is the schema's Resource; ``languages``: the
    site's languages but the default, offered for a listing's own translations."""
    schema = catalog_schema.catalog_schema()
    defs = schema["$defs"]
    listing = object_fields(defs["Resource"], defs, regions, languages)
    return {
        "backend": backend or {"name": "github", "repo": repository, "branch": branch,
                               "open_authoring": True},
        "publish_mode": "editorial_workflow",
        # An optional field left empty is left out of the file (as a coordinator would), not
        # written as '' (which the validator refuses for closed lists); lists indented as ours.
        "output": {"omit_empty_optional_fields": True,
                   "yaml": {"indent_size": 2, "indent_sequences": True}},
        "media_folder": "content/assets/uploads",
        "collections": [{
            "name": "catalog", "label": "Catalog", "editor": {"preview": False},
            "description": "One catalog file per region. Open a file, then the listing to change.",
            "files": [{"name": path.rsplit("/", 1)[-1].rsplit(".", 1)[0], "label": label, "file": path,
                       "format": "yaml", "fields": [{
                           "name": "resources", "label": "Listings", "widget": "list",
                           "required": False, "summary": "{{fields.name}} ({{fields.id}})",
                           "fields": listing}]}
                      for path, label in files]}],
    }


def page(title: str) -> str:
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n<title>{title}</title>\n'
            f'<link href="config.yml" type="application/yaml" rel="cms-config-url">\n'
            f'<link rel="stylesheet" href="fonts.css">\n</head>\n'
            f'<body>\n<script src="{SCRIPT}"></script>\n</body>\n</html>\n')


def write(site_dir: str, project_dir: str, settings, directory, backend: dict | None = None,
          languages: tuple[str, ...] = ()) -> bool:
    """admin/ in the built site, when the site names its repository and the bundle is installed;
    ``languages``: the site's other languages, for a listing's own translations."""
    if not settings.repository:
        return False
    bundle = os.path.join(project_dir, BUNDLE)
    if not os.path.isfile(bundle):
        log.warning("navigator: no form editor at admin/: run `npm ci --prefix cms` to install "
                    "the pinned Sveltia CMS, then build again")
        return False
    root_dir = directory.catalog.root_dir
    origins = sorted({path for path, _line in directory.catalog.origins.values()})
    files = [(os.path.relpath(os.path.join(root_dir, p), settings.base).replace(os.sep, "/"), p)
             for p in origins]
    folder = os.path.join(site_dir, "admin")
    os.makedirs(folder, exist_ok=True)
    shutil.copyfile(bundle, os.path.join(folder, SCRIPT))
    _copy_fonts(os.path.join(project_dir, "cms", "node_modules"), folder)
    with open(os.path.join(folder, "config.yml"), "w", encoding="utf-8") as handle:
        # The listing form is one object shared by every file: YAML writes it once (an anchor)
        # and refers to it from the other files, so the file grows by a few lines per file.
        yaml.safe_dump(config(settings.repository, settings.branch, files, sorted(directory.regions),
                              backend, languages), handle, sort_keys=False, allow_unicode=True, width=1 << 16)
    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as handle:
        handle.write(page("Edit the catalog"))
    return True


def _copy_fonts(modules: str, folder: str) -> None:
    """The editor's fonts beside it, and fonts.css declaring them (fonts not installed are
    left out: the editor then falls back to the system's fonts)."""
    rules = []
    os.makedirs(os.path.join(folder, "fonts"), exist_ok=True)
    for family, path, descriptors in FONTS:
        source = os.path.join(modules, path)
        if not os.path.isfile(source):
            continue
        name = os.path.basename(path)
        shutil.copyfile(source, os.path.join(folder, "fonts", name))
        rules.append(f"@font-face{{font-family:'{family}';font-style:normal;{descriptors};"
                     f"src:url(fonts/{name}) format('woff2')}}")
    with open(os.path.join(folder, "fonts.css"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(rules) + "\n")
