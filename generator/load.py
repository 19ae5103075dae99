"""Load the model directory into typed records, with every problem located in its file.

``load_handbook`` reads ``role.yaml``, ``levels.yaml``, ``areas.yaml`` and one file
per competency under ``<area>/``, validates each against the pydantic models in
:mod:`generator.model`, and collects every problem instead of stopping at the first.
Cross-references between files are checked later, by :mod:`generator.validate`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ModelInvalidError, Problem
from generator.model import Areas, Competency, Kit, Level, Levels, Role, nested_models
from generator.yamlsource import Document, read_document

ROLE_FILE = "role.yaml"
LEVELS_FILE = "levels.yaml"
AREAS_FILE = "areas.yaml"
TOP_LEVEL_FILES = (ROLE_FILE, LEVELS_FILE, AREAS_FILE)
KITS_DIR = "kits"
RESERVED_DIRS = frozenset({KITS_DIR})
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
        files: The file of each competency and kit, relative to ``root``; kits are keyed
            ``kit:<id>`` here and in ``documents``.
        kits: Named interview loops from ``kits/``.
    """

    root: Path
    role: Role
    levels: Levels
    areas: Areas
    competencies: list[Competency]
    documents: dict[str, Document] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    kits: list[Kit] = field(default_factory=list)

    @property
    def level_ids(self) -> list[str]:
        """Level ids, junior first."""
        return [level.id for level in self.levels.levels]

    def level(self, level_id: str) -> Level:
        """Return the level with this id.

        Args:
            level_id: The id to look up.

        Returns:
            The level.

        Raises:
            KeyError: When no level has this id.
        """
        return _by_id(self.levels.levels, level_id)

    def competency(self, competency_id: str) -> Competency:
        """Return the competency with this id.

        Args:
            competency_id: The id to look up.

        Returns:
            The competency.

        Raises:
            KeyError: When no competency has this id.
        """
        return _by_id(self.competencies, competency_id)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)


def _by_id(items: Iterable[_Item], wanted: str) -> _Item:
    for item in items:
        if item.id == wanted:
            return item
    raise KeyError(wanted)


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
        nested = nested_models(info.annotation)
        if not nested:
            return None
        current = nested[0]
    return current


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
    first = doc.first_line
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


class _Loader:
    """Reads every file of one model directory, collecting problems as it goes."""

    def __init__(self, root: Path, shown_root: str) -> None:
        self.root = root
        self.shown_root = shown_root
        self.problems: list[Problem] = []
        self.documents: dict[str, Document] = {}
        self.files: dict[str, Path] = {}

    def shown(self, file: Path) -> str:
        return _display(self.root, self.shown_root, file)

    def problem(self, file: Path, message: str) -> None:
        self.problems.append(Problem(self.shown(file), 1, 1, message))

    def single(self, name: str, model: type[M], key: str) -> M | None:
        file = self.root / name
        if not file.is_file():
            self.problem(file, f"{name} is missing; create it")
            return None
        doc = _read(file, self.shown(file), self.problems, f"{key}.schema.json")
        if doc is None:
            return None
        self.documents[key] = doc
        return _parse(doc, model, self.problems)

    def stray_files(self) -> None:
        for extra in sorted(self.root.iterdir()):
            if (
                extra.is_file()
                and extra.name not in TOP_LEVEL_FILES
                and not extra.name.startswith(".")
            ):
                self.problem(
                    extra,
                    "unexpected file in the model directory; competency files go "
                    "in an area folder, <area>/<id>.yaml",
                )

    def folder(self, folder: Path, model: type[M], schema: str, prefix: str) -> list[M]:
        """Load every ``*.yaml`` file of ``folder`` as ``model``; ids keyed with ``prefix``."""
        records: list[M] = []
        for file in sorted(folder.iterdir()):
            if file.name.startswith("."):
                continue
            if file.suffix != ".yaml" or not file.is_file():
                self.problem(
                    file,
                    f"unexpected entry; files here are {folder.name}/<id>.yaml "
                    "(note the .yaml extension)",
                )
                continue
            doc = _read(file, self.shown(file), self.problems, schema)
            record = _parse(doc, model, self.problems) if doc is not None else None
            if doc is None or record is None:
                continue
            key = prefix + str(getattr(record, "id"))  # noqa: B009 - M is any record type
            if key in self.files:
                first = self.shown(self.root / self.files[key])
                self.problems.append(
                    doc.problem(
                        ("id",), f"duplicate id {key!r}, also used by {first}; ids must be unique"
                    )
                )
                continue
            self.documents[key] = doc
            self.files[key] = file.relative_to(self.root)
            records.append(record)
        return records


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
    if not root.is_dir():
        message = "the model directory does not exist; pass the folder that holds role.yaml"
        raise ModelInvalidError([Problem(shown_root, 1, 1, message)])
    loader = _Loader(root, shown_root)
    role = loader.single(ROLE_FILE, Role, "role")
    levels = loader.single(LEVELS_FILE, Levels, "levels")
    areas = loader.single(AREAS_FILE, Areas, "areas")
    loader.stray_files()
    competencies: list[Competency] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name not in RESERVED_DIRS and not folder.name.startswith("."):
            competencies += loader.folder(folder, Competency, "competency.schema.json", "")
    kits: list[Kit] = []
    if (root / KITS_DIR).is_dir():
        kits = loader.folder(root / KITS_DIR, Kit, "kit.schema.json", "kit:")
    if loader.problems or role is None or levels is None or areas is None:
        raise ModelInvalidError(loader.problems)
    order = {area.id: index for index, area in enumerate(areas.areas)}
    competencies.sort(key=lambda c: (order.get(c.area, len(order)), c.id))
    return Handbook(
        root=root,
        role=role,
        levels=levels,
        areas=areas,
        competencies=competencies,
        documents=loader.documents,
        files=loader.files,
        kits=kits,
    )
