"""Load the model directory into typed records, with every problem located in its file.

``load_handbook`` reads ``role.yaml``, ``levels.yaml``, ``areas.yaml`` and one file
per competency under ``<area>/``, validates each against the pydantic models in
:mod:`generator.model`, and collects every problem instead of stopping at the first.
Cross-references between files are checked later, by :mod:`generator.validate`.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ModelInvalidError, Problem
from generator.model import Areas, Competency, Levels, Role
from generator.yamlsource import Document, read_document

ROLE_FILE = "role.yaml"
LEVELS_FILE = "levels.yaml"
AREAS_FILE = "areas.yaml"
TOP_LEVEL_FILES = (ROLE_FILE, LEVELS_FILE, AREAS_FILE)
RESERVED_DIRS = frozenset({"kits"})
"""Folders under the model directory that do not hold competencies."""

M = TypeVar("M", bound=BaseModel)


@dataclass
class Handbook:
    """The whole model, typed, with the documents it came from.

    Attributes:
        root: The model directory as given.
        role: The encoded posting.
        levels: Levels and rating scale.
        areas: Areas in reading order.
        competencies: Competencies in reading order (area order, then id).
        documents: The parsed source of each record, keyed by ``role``, ``levels``,
            ``areas`` or a competency id, for locating cross-reference problems.
        files: The file of each competency, relative to ``root``.
    """

    root: Path
    role: Role
    levels: Levels
    areas: Areas
    competencies: list[Competency]
    documents: dict[str, Document] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def level_ids(self) -> list[str]:
        """Level ids, junior first."""
        return [level.id for level in self.levels.levels]

    def competency(self, competency_id: str) -> Competency:
        """Return the competency with this id.

        Args:
            competency_id: The id to look up.

        Returns:
            The competency.

        Raises:
            KeyError: When no competency has this id.
        """
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise KeyError(competency_id)


def _display(root: Path, display_root: str, file: Path) -> str:
    relative = file.relative_to(root).as_posix()
    if display_root in ("", "."):
        return relative
    return f"{display_root.rstrip('/')}/{relative}"


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """Follow ``loc`` through nested models and return the model that holds its last part."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        nested = _find_model(info.annotation)
        if nested is None:
            return None
        current = nested
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _find_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _find_model(arg)
            if found is not None:
                return found
    return None


def _describe(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def _problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if isinstance(part, str | int))
        kind = error["type"]
        if kind == "missing":
            parent, name = loc[:-1], loc[-1]
            problems.append(
                doc.problem(
                    parent,
                    f"{_describe(parent)} is missing the required field {name!r}; add it "
                    "(see the schema reference)",
                    key=True,
                )
            )
        elif kind == "extra_forbidden":
            name = str(loc[-1])
            holder = _model_at(model, loc[:-1])
            hint = "remove it or fix its spelling"
            if holder is not None:
                allowed = list(holder.model_fields)
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else f"allowed fields: {', '.join(allowed)}"
                )
            problems.append(doc.problem(loc, f"unknown field {name!r}; {hint}", key=True))
        else:
            value = error.get("input")
            shown = repr(value) if isinstance(value, str | int | float | bool) else ""
            if len(shown) > 60:
                shown = shown[:57] + "...'"
            got = f" (got {shown})" if shown else ""
            problems.append(doc.problem(loc, f"{_describe(loc)}: {error['msg']}{got}"))
    return problems


def _parse(doc: Document, model: type[M], problems: list[Problem]) -> M | None:
    if not isinstance(doc.data, dict):
        problems.append(
            doc.problem(
                (), f"the file must hold a mapping of fields, not {type(doc.data).__name__}"
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_problems_from(exc, doc, model))
        return None


SCHEMA_HEADER = "# yaml-language-server: $schema="


def _read(file: Path, shown: str, problems: list[Problem], schema: str) -> Document | None:
    try:
        doc = read_document(file, shown)
    except ModelInvalidError as exc:
        problems.extend(exc.problems)
        return None
    with file.open("rb") as handle:
        first = handle.readline().decode("utf-8", "replace").strip()
    if not (first.startswith(SCHEMA_HEADER) and first.endswith(f"/{schema}")):
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"the first line must be '{SCHEMA_HEADER}<path to schemas>/{schema}' so "
                "editors can check the file as you type; add it",
            )
        )
    return doc


def load_handbook(root: Path, display_root: str | None = None) -> Handbook:
    """Load and type-check every file of the model.

    Args:
        root: The model directory.
        display_root: How to show ``root`` in problems; defaults to ``str(root)``.

    Returns:
        The typed model. Cross-references are not checked yet.

    Raises:
        ModelInvalidError: With every problem found in every file.
    """
    shown_root = display_root if display_root is not None else str(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ModelInvalidError(
            [
                Problem(
                    shown_root,
                    1,
                    1,
                    "the model directory does not exist; pass the folder that holds role.yaml",
                )
            ]
        )

    def shown(file: Path) -> str:
        return _display(root, shown_root, file)

    singles: dict[str, Any] = {}
    documents: dict[str, Document] = {}
    for name, model, key in (
        (ROLE_FILE, Role, "role"),
        (LEVELS_FILE, Levels, "levels"),
        (AREAS_FILE, Areas, "areas"),
    ):
        schema = f"{key}.schema.json"
        file = root / name
        if not file.is_file():
            problems.append(Problem(shown(file), 1, 1, f"{name} is missing; create it"))
            continue
        doc = _read(file, shown(file), problems, schema)
        if doc is not None:
            documents[key] = doc
            singles[key] = _parse(doc, model, problems)

    for extra in sorted(root.iterdir()):
        if extra.is_file() and extra.name not in TOP_LEVEL_FILES and not extra.name.startswith("."):
            problems.append(
                Problem(
                    shown(extra),
                    1,
                    1,
                    "unexpected file in the model directory; competency "
                    "files go in an area folder, <area>/<id>.yaml",
                )
            )

    competencies: list[Competency] = []
    files: dict[str, Path] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name in RESERVED_DIRS or folder.name.startswith("."):
            continue
        for file in sorted(folder.iterdir()):
            if file.name.startswith("."):
                continue
            if file.suffix != ".yaml" or not file.is_file():
                problems.append(
                    Problem(
                        shown(file),
                        1,
                        1,
                        "unexpected entry; competency files are "
                        "<area>/<id>.yaml (note the .yaml extension)",
                    )
                )
                continue
            doc = _read(file, shown(file), problems, "competency.schema.json")
            if doc is None:
                continue
            competency = _parse(doc, Competency, problems)
            if competency is None:
                continue
            key = competency.id
            if key in documents and key in files:
                first = shown(root / files[key])
                problems.append(
                    doc.problem(
                        ("id",),
                        f"duplicate competency id {key!r}, also used by "
                        f"{first}; ids must be unique",
                    )
                )
                continue
            documents[key] = doc
            files[key] = file.relative_to(root)
            competencies.append(competency)

    if problems or any(value is None for value in singles.values()) or len(singles) < 3:
        raise ModelInvalidError(problems)

    areas: Areas = singles["areas"]
    order = {area.id: index for index, area in enumerate(areas.areas)}
    competencies.sort(key=lambda c: (order.get(c.area, len(order)), c.id))
    return Handbook(
        root=root,
        role=singles["role"],
        levels=singles["levels"],
        areas=areas,
        competencies=competencies,
        documents=documents,
        files=files,
    )
