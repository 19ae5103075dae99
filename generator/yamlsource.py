"""Read one YAML file into plain Python data, remembering where every value came from.

The reader is deliberately strict, because the files are edited by hand through
pull requests and a silent surprise costs more than a clear error:

* only the safe scalar tags (str, int, float, bool, null, timestamp) and plain
  mappings and sequences are accepted; any other tag is refused;
* duplicate keys, anchors and aliases, and several documents in one file are refused;
* size and nesting depth are bounded, so any input is handled in bounded time and memory;
* the bytes must be UTF-8.

It walks PyYAML's event stream iteratively instead of composing a node tree, so
deeply nested input cannot exhaust the Python stack.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from generator.errors import ModelInvalidError, Problem

MAX_BYTES = 1_048_576
"""Largest file accepted: 1 MiB, about twenty times the largest competency."""

CACHE_VERSION = b"yamlsource-4"
"""Bump when :class:`Document` or the parse rules change, to invalidate cached parses."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted."""

SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)

Path_ = tuple[str | int, ...]
"""Location of a value inside a document: keys and list indices from the root."""


class Position(NamedTuple):
    """A 1-based line and column (a named tuple: cheap to build, compare and cache)."""

    line: int
    col: int


_Rows = list[tuple[Path_, int, int]]


class Document:
    """A parsed YAML file.

    Attributes:
        path: The file's path as the user gave it.
        data: The parsed value (a mapping for every model file).
        first_line: The text's first line, where model files name their JSON Schema.
    """

    def __init__(self, path: str, data: Any, first_line: str = "") -> None:
        self.path = path
        self.data = data
        self.first_line = first_line
        self._values: dict[Path_, Position] = {}
        self._keys: dict[Path_, Position] = {}
        self._rows: tuple[_Rows, _Rows] | None = None

    @property
    def values(self) -> dict[Path_, Position]:
        """Where each value starts, keyed by its path in the document."""
        self._unpack()
        return self._values

    @property
    def keys(self) -> dict[Path_, Position]:
        """Where each mapping key starts, keyed by the path of its value."""
        self._unpack()
        return self._keys

    def _unpack(self) -> None:
        if self._rows is not None:
            values, keys = self._rows
            self._rows = None
            self._values = {where: Position(line, col) for where, line, col in values}
            self._keys = {where: Position(line, col) for where, line, col in keys}

    def __getstate__(self) -> tuple[Any, ...]:
        # Positions are cached as plain (path, line, col) rows and turned back into
        # Position objects only when a problem needs one: a valid model never does,
        # which makes loading a cached parse about three times faster.
        def rows(table: dict[Path_, Position]) -> _Rows:
            return [(where, pos.line, pos.col) for where, pos in table.items()]

        return (self.path, self.data, self.first_line, rows(self.values), rows(self.keys))

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.path, self.data, self.first_line, values, keys = state
        self._values, self._keys = {}, {}
        self._rows = (values, keys)

    def problem(self, where: Path_, message: str, *, key: bool = False) -> Problem:
        """Build a problem located at ``where``, or at its nearest located parent.

        Args:
            where: Path of the value the problem is about.
            message: What is wrong and what to do.
            key: Point at the key rather than the value when both are known.

        Returns:
            The located problem.
        """
        probe = tuple(where)
        while True:
            table = (self.keys, self.values) if key else (self.values, self.keys)
            for positions in table:
                if probe in positions:
                    pos = positions[probe]
                    return Problem(self.path, pos.line, pos.col, message)
            if not probe:
                return Problem(self.path, 1, 1, message)
            probe = probe[:-1]


def _pos(mark: Any) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


def _fail(path: str, pos: Position, message: str) -> ModelInvalidError:
    return ModelInvalidError([Problem(path, pos.line, pos.col, message)])


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _fail(
            path,
            Position(line, col),
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
        ) from None


_RESOLVER = Resolver()
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about ten times faster), else the pure-Python one."""


class _Constructor(SafeConstructor):
    """SafeConstructor used only to turn resolved scalars into Python values."""


def _scalar(event: yaml.ScalarEvent, path: str) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        resolve: Any = _RESOLVER.resolve
        tag = resolve(ScalarNode, event.value, event.implicit)
    if tag not in SAFE_TAGS:
        raise _fail(
            path,
            _pos(event.start_mark),
            f"tag {event.tag!r} is not allowed; write plain YAML values without tags",
        )
    marks: Any = (event.start_mark, event.end_mark)
    node = ScalarNode(tag, event.value, marks[0], marks[1], event.style)
    try:
        return _Constructor().construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        raise _fail(
            path, _pos(event.start_mark), f"cannot read value {event.value!r}: {exc}"
        ) from None


def _is_tab(text: str, mark: Any) -> bool:
    """Whether the error sits on, or on a line indented with, a tab character."""
    if mark is None:
        return False
    lines = text.split("\n")
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    at = line[mark.column : mark.column + 1]
    return at == "\t" or "\t" in line[: len(line) - len(line.lstrip())]


def _syntax_problem(exc: yaml.YAMLError, path: str, text: str) -> ModelInvalidError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None)
    if "'\\t'" in problem or _is_tab(text, mark):
        message = "a tab character is used for indentation; indent with spaces only"
    elif "nesting depth" in problem:
        message = f"nesting is deeper than {MAX_DEPTH} levels; flatten the structure"
    else:
        message = f"YAML syntax error: {problem}"
        if context:
            message += f" ({context})"
        message += "; check indentation, quoting and the colon after each key"
    return _fail(path, _pos(mark), message)


class _Frame:
    """An open mapping or sequence while walking the event stream."""

    __slots__ = ("container", "key", "key_pos", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path_) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_pos: Position | None = None


class _Builder:
    """Builds plain data and positions from PyYAML events, one event at a time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.doc = Document(path=path, data=None)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root_set = False

    def fail(self, pos: Position, message: str) -> ModelInvalidError:
        return _fail(self.path, pos, message)

    def place(self, value: Any, pos: Position) -> Path_:
        if not self.stack:
            self.doc.data = value
            self.root_set = True
            self.doc.values[()] = pos
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            where: Path_ = (*top.path, len(top.container))
            top.container.append(value)
        else:
            assert top.key is not None
            where = (*top.path, top.key)
            top.container[top.key] = value
            if top.key_pos is not None:
                self.doc.keys[where] = top.key_pos
            top.key = None
            top.key_pos = None
        self.doc.values[where] = pos
        return where

    def expecting_key(self) -> bool:
        top = self.stack[-1] if self.stack else None
        return top is not None and isinstance(top.container, dict) and top.key is None

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(
                    _pos(event.start_mark),
                    "a second YAML document starts here; keep one document per file",
                )
        elif isinstance(event, yaml.AliasEvent):
            raise self.fail(
                _pos(event.start_mark),
                f"alias *{event.anchor} is not allowed; write the value out in full",
            )
        elif isinstance(event, yaml.ScalarEvent):
            self.check_anchor(event)
            if self.expecting_key():
                self.key(event)
            else:
                self.place(_scalar(event, self.path), _pos(event.start_mark))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.check_anchor(event)
            self.open(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()

    def check_anchor(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            raise self.fail(
                _pos(event.start_mark),
                f"anchor &{event.anchor} is not allowed; write values out in full",
            )

    def key(self, event: yaml.ScalarEvent) -> None:
        pos = _pos(event.start_mark)
        top = self.stack[-1]
        assert isinstance(top.container, dict)
        if event.tag not in (None, "!", "tag:yaml.org,2002:str"):
            raise self.fail(pos, f"tag {event.tag!r} is not allowed on a key; remove it")
        if event.value in top.container:
            first = self.doc.keys.get((*top.path, event.value))
            seen = f" (first at line {first.line})" if first else ""
            raise self.fail(pos, f"duplicate key {event.value!r}{seen}; keep one of them")
        top.key = event.value
        top.key_pos = pos

    def open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        pos = _pos(event.start_mark)
        if self.expecting_key():
            raise self.fail(
                pos,
                "a key must be a plain string, not a mapping or list; "
                "write a plain name before the colon",
            )
        if event.tag not in (None, "!") and event.tag not in SAFE_TAGS:
            raise self.fail(
                pos, f"tag {event.tag!r} is not allowed; write plain YAML values without tags"
            )
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(
                pos, f"nesting is deeper than {MAX_DEPTH} levels; flatten the structure"
            )
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        self.stack.append(_Frame(container, self.place(container, pos)))


def parse_text(text: str, path: str) -> Document:
    """Parse YAML text into a :class:`Document`.

    Args:
        text: The file's contents.
        path: The file's path, used in problems.

    Returns:
        The parsed document with positions.

    Raises:
        ModelInvalidError: On any syntax error or refused construct, located in the file.
    """
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, path, text) from None
    if not builder.root_set or builder.doc.data is None:
        raise _fail(path, Position(1, 1), "the file is empty; it must hold a YAML mapping")
    return builder.doc


def read_document(file: Path, display: str | None = None) -> Document:
    """Read and parse one YAML file.

    Args:
        file: The file to read.
        display: How to name the file in problems; defaults to ``str(file)``.

    Returns:
        The parsed document.

    Raises:
        ModelInvalidError: When the file cannot be read, is too large, is not UTF-8 or
            is not valid YAML of the accepted subset.
    """
    shown = display if display is not None else str(file)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise _fail(
                shown,
                Position(1, 1),
                f"the file is {size:,} bytes, over the limit of {MAX_BYTES:,}; split it",
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise _fail(shown, Position(1, 1), f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise _fail(shown, Position(1, 1), f"the file is over the limit of {MAX_BYTES:,} bytes")
    cached = _cache_file(raw, shown)
    if cached is not None and cached.is_file():
        try:
            with cached.open("rb") as handle:
                doc = pickle.load(handle)  # noqa: S301 - our own cache, keyed by content hash
            if isinstance(doc, Document):
                return doc
        except (OSError, pickle.PickleError, EOFError, AttributeError):
            pass
    text = _decode(raw, shown)
    doc = parse_text(text, shown)
    doc.first_line = text.split("\n", 1)[0].strip()
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump(doc, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(cached)
        except OSError:
            pass
    return doc


def _cache_file(raw: bytes, shown: str) -> Path | None:
    """Where the parse of these exact bytes, shown under this name, is cached.

    Parsing is the slowest step of loading the model; a content-addressed cache makes
    re-validating an unchanged file nearly free, which keeps ``make serve`` responsive.
    Set ``HANDBOOK_CACHE`` to move the cache, or to an empty string to turn it off.
    """
    root = os.environ.get("HANDBOOK_CACHE", str(Path.cwd() / ".cache"))
    if not root:
        return None
    key = hashlib.sha256(CACHE_VERSION + shown.encode() + b"\0" + raw).hexdigest()
    return Path(root) / "yaml" / key[:2] / f"{key}.pickle"
