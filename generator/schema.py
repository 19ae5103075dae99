"""JSON Schema files for editors, generated from the pydantic models.

Every model file starts with ``# yaml-language-server: $schema=...`` pointing at one
of these files, so editors with the YAML language server autocomplete fields and flag
mistakes as people type. They are written by ``handbook generate`` and checked by
``handbook generate --check`` like every other generated file.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from generator.model import Areas, Competency, Kit, Levels, Role

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "schemas/role.schema.json": Role,
    "schemas/levels.schema.json": Levels,
    "schemas/areas.schema.json": Areas,
    "schemas/competency.schema.json": Competency,
    "schemas/kit.schema.json": Kit,
}
"""Schema file paths, relative to the project root, and the model each describes."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_files() -> dict[str, str]:
    """Render every JSON Schema file.

    Returns:
        File contents keyed by path relative to the project root.
    """
    files = {}
    for path, model in SCHEMA_FILES.items():
        schema = {"$schema": SCHEMA_DIALECT, **model.model_json_schema(mode="validation")}
        files[path] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return files
