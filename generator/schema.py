"""The model's schema, described for people and for editors.

Two views of the same root records: JSON Schema files (every model file starts with
``# yaml-language-server: $schema=...`` pointing at one, so editors autocomplete fields
and flag mistakes as people type), and the field tables of the schema reference page.
Both are written by ``handbook generate`` and checked by ``handbook generate --check``.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from generator.model import Areas, Competency, Kit, Levels, Role, nested_models

ROOTS: tuple[tuple[str, str, type[BaseModel]], ...] = (
    ("competencies/role.yaml", "role", Role),
    ("competencies/levels.yaml", "levels", Levels),
    ("competencies/areas.yaml", "areas", Areas),
    ("competencies/<area>/<id>.yaml", "competency", Competency),
    ("competencies/kits/<id>.yaml", "kit", Kit),
)
"""Root records: the model file each describes, its schema name, and its class."""

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    f"schemas/{name}.schema.json": model for _, name, model in ROOTS
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


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        base = args[0]
        if base is str:
            for meta in args[1:]:
                pattern = getattr(meta, "pattern", None)
                if pattern and "a-z0-9" in pattern:
                    return "id"
            return "text"
        return _type_name(base)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        optional = " (optional)" if type(None) in args else ""
        return " or ".join(names) + optional
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return "one of " + ", ".join(f"`{member.value}`" for member in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    plain: dict[Any, str] = {
        str: "text",
        int: "integer",
        bool: "true or false",
        dt.date: "date (YYYY-MM-DD)",
    }
    return plain.get(annotation, str(getattr(annotation, "__name__", annotation)))


def schema_reference() -> list[dict[str, Any]]:
    """Describe every record of the model for the schema reference page.

    Returns:
        One entry per record class, roots first, each with its fields.
    """
    seen: list[type[BaseModel]] = []
    files: dict[type[BaseModel], str] = {}

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for nested in nested_models(info.annotation):
                visit(nested)

    for file, _, root in ROOTS:
        files[root] = file
        visit(root)
    result = []
    for model in seen:
        fields = [
            {
                "name": name,
                "type": _type_name(
                    typing.Annotated[info.annotation, *info.metadata]
                    if info.metadata
                    else info.annotation
                ),
                "required": info.is_required(),
                "description": info.description or "",
            }
            for name, info in model.model_fields.items()
        ]
        doc = (model.__doc__ or "").strip().split("\n\n")[0]
        result.append(
            {
                "name": model.__name__,
                "doc": " ".join(doc.split()),
                "file": files.get(model),
                "fields": fields,
            }
        )
    return result
