"""The catalog's JSON Schema, generated from the models, for editors (yaml-language-server)."""

from __future__ import annotations

from .model import CatalogFile


def catalog_schema() -> dict:
    schema = CatalogFile.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Recovery Navigator catalog file"
    schema["description"] = ("resources.yaml and every file it includes: regions, resources "
                             "(services and meetings) and, in the root file only, site settings "
                             "and include.")
    return schema
