"""The catalog's JSON Schema, generated from the models, for editors (yaml-language-server)."""

from __future__ import annotations

import json
import os
import sys

from .model import CatalogFile


def catalog_schema() -> dict:
    schema = CatalogFile.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Recovery Navigator catalog file"
    schema["description"] = ("resources.yaml and every file it includes: regions, resources "
                             "(services and meetings) and, in the root file only, site settings "
                             "and include.")
    return schema


def write(out: str | None) -> None:
    """The schema as JSON into ``out``, or onto standard output without one."""
    text = json.dumps(catalog_schema(), indent=2, ensure_ascii=False) + "\n"
    if not out:
        sys.stdout.write(text)
        return
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"Wrote {out}")
