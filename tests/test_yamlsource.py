"""The YAML reader: positions, refusals and bounded behaviour on any input."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import yamlsource
from generator.errors import ModelInvalidError
from generator.yamlsource import MAX_BYTES, MAX_DEPTH, parse_text, read_document

FORMAT = re.compile(r"^[^:\n]+:\d+:\d+: error: .+; .+$")


def problem_of(text: str | bytes, tmp_path: Path) -> str:
    file = tmp_path / "bad.yaml"
    file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(ModelInvalidError) as caught:
        read_document(file, "bad.yaml")
    (problem,) = caught.value.problems
    assert FORMAT.match(str(problem)), str(problem)
    return str(problem)


def test_positions_of_values_and_keys() -> None:
    doc = parse_text("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert (doc.values[("a",)].line, doc.values[("a",)].col) == (1, 4)
    assert (doc.keys[("b",)].line, doc.keys[("b",)].col) == (2, 1)
    assert (doc.values[("b", 1, "c")].line, doc.values[("b", 1, "c")].col) == (4, 9)


def test_problem_falls_back_to_nearest_parent() -> None:
    doc = parse_text("a:\n  b: 1\n", "f.yaml")
    assert str(doc.problem(("a", "missing", 3), "gone")) == "f.yaml:2:3: error: gone"


def test_dates_and_scalars_are_typed() -> None:
    doc = parse_text("d: 2026-11-28\nn: null\nt: true\nf: 1.5\n", "f.yaml")
    assert doc.data == {"d": dt.date(2026, 11, 28), "n": None, "t": True, "f": 1.5}


@pytest.mark.parametrize(
    ("text", "where", "needle"),
    [
        ("a: [1, 2\n", "bad.yaml:2:1", "YAML syntax error"),
        ("a:\n\tb: 1\n", "bad.yaml:2:1", "tab character"),
        ("a: 1\nb: 2\na: 3\n", "bad.yaml:3:1", "duplicate key 'a' (first at line 1)"),
        ("a: !!python/object/apply:os.system [ls]\n", "bad.yaml:1:4", "is not allowed"),
        ("a: !custom x\n", "bad.yaml:1:4", "is not allowed"),
        ("a: !!binary aGk=\n", "bad.yaml:1:4", "is not allowed"),
        ("a: &x 1\nb: *x\n", "bad.yaml:1:4", "anchor &x is not allowed"),
        ("a: 1\n---\nb: 2\n", "bad.yaml:2:1", "second YAML document"),
        ("", "bad.yaml:1:1", "the file is empty"),
        ("# just a comment\n", "bad.yaml:1:1", "the file is empty"),
        ("? [a, b]\n: 1\n", "bad.yaml:1:3", "a key must be a plain string"),
    ],
)
def test_refused_input_is_located(text: str, where: str, needle: str, tmp_path: Path) -> None:
    problem = problem_of(text, tmp_path)
    assert problem.startswith(where + ": error: ")
    assert needle in problem


def test_non_utf8_is_located(tmp_path: Path) -> None:
    problem = problem_of(b"a: ok\nb: caf\xe9\n", tmp_path)
    assert problem.startswith("bad.yaml:2:7: error: byte 0xe9 is not valid UTF-8")


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    problem = problem_of("a: " + "x" * (MAX_BYTES + 10) + "\n", tmp_path)
    assert "over the limit" in problem


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    problem = problem_of("a: " + "[" * 100_000 + "]" * 100_000 + "\n", tmp_path)
    assert f"deeper than {MAX_DEPTH}" in problem


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(60)) + "  " * 60 + "v\n"
    assert f"deeper than {MAX_DEPTH}" in problem_of(text, tmp_path)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] " for i in range(8)]
    assert "is not allowed" in problem_of("\n".join(lines) + "\n", tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelInvalidError) as caught:
        read_document(tmp_path / "nope.yaml", "nope.yaml")
    assert str(caught.value.problems[0]).startswith("nope.yaml:1:1: error: cannot read the file")


def test_cached_parse_gives_the_same_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE", str(tmp_path / "cache"))
    file = tmp_path / "m.yaml"
    file.write_text("# schema line\na: 1\nb:\n  - x\n  - {c: 2}\n", encoding="utf-8")
    fresh = read_document(file, "m.yaml")
    assert list((tmp_path / "cache" / "yaml").rglob("*.pickle"))

    def no_parse(text: str, path: str) -> None:
        raise AssertionError("an unchanged file must come from the cache")

    monkeypatch.setattr(yamlsource, "parse_text", no_parse)
    cached = read_document(file, "m.yaml")
    assert (cached.data, cached.first_line) == (fresh.data, "# schema line")
    assert cached.values == fresh.values
    assert cached.keys == fresh.keys
    assert str(cached.problem(("b", 1, "c"), "bad")) == "m.yaml:5:9: error: bad"


def test_edited_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE", str(tmp_path / "cache"))
    file = tmp_path / "m.yaml"
    file.write_text("a: 1\n", encoding="utf-8")
    read_document(file, "m.yaml")
    file.write_text("a: 2\n", encoding="utf-8")
    assert read_document(file, "m.yaml").data == {"a": 2}


# ----------------------------------------------------------------------- properties

keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_round_trip_matches_pyyaml(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    assert parse_text(text, "f.yaml").data == yaml.safe_load(text)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_every_value_has_a_position(data: dict[str, object]) -> None:
    doc = parse_text(yaml.safe_dump(data), "f.yaml")

    def walk(value: object, where: tuple[str | int, ...]) -> None:
        assert where in doc.values
        if isinstance(value, dict):
            for key, item in value.items():
                assert (*where, key) in doc.keys
                walk(item, (*where, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*where, index))

    walk(doc.data, ())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_data_or_a_located_problem(text: str) -> None:
    problems: list[str] = []
    try:
        parse_text(text, "f.yaml")
    except ModelInvalidError as exc:
        problems = [str(p) for p in exc.problems]
        assert problems
    assert all(p.startswith("f.yaml:") for p in problems)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_pickled_document_keeps_every_position(data: dict[str, object]) -> None:
    doc = parse_text(yaml.safe_dump(data), "f.yaml")
    copy = pickle.loads(pickle.dumps(doc))  # noqa: S301 - our own bytes
    assert copy.data == doc.data
    assert copy.values == doc.values
    assert copy.keys == doc.keys
