"""Model loading and cross-reference checks: each kind of bad model gets a located error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.errors import ModelInvalidError
from generator.load import load_handbook
from generator.validate import check, find_raw_html
from tests.conftest import FIXTURE_MODEL, edit_yaml

LINE = re.compile(r"^model/[\w./-]+:\d+:\d+: error: .+$")


def problems(root: Path) -> list[str]:
    with pytest.raises(ModelInvalidError) as caught:
        check(load_handbook(root, "model"))
    lines = [str(p) for p in caught.value.problems]
    for line in lines:
        assert LINE.match(line), line
    return lines


def one(root: Path, needle: str) -> str:
    found = [line for line in problems(root) if needle in line]
    assert found, f"no problem mentions {needle!r}"
    return found[0]


def test_fixture_model_is_valid() -> None:
    summary = check(load_handbook(FIXTURE_MODEL, "model"))
    assert summary.competencies == 2
    assert summary.questions == 6
    assert summary.planned_only == 1


def test_unknown_field_suggests_the_right_name(model_copy: Path) -> None:
    text = (model_copy / "core/cache-basics.yaml").read_text()
    (model_copy / "core/cache-basics.yaml").write_text(text.replace("study_notes:", "study_note:"))
    line = one(model_copy, "unknown field 'study_note'")
    assert line.startswith("model/core/cache-basics.yaml:")
    assert "did you mean 'study_notes'?" in line


def test_unknown_nested_field_points_at_the_key(model_copy: Path) -> None:
    text = (model_copy / "core/cache-basics.yaml").read_text()
    text = text.replace("    minutes: 5\n", "    minutes: 5\n    minuets: 3\n", 1)
    (model_copy / "core/cache-basics.yaml").write_text(text)
    line = one(model_copy, "unknown field 'minuets'")
    row = text.splitlines().index("    minuets: 3") + 1
    assert line.startswith(f"model/core/cache-basics.yaml:{row}:5:")


def test_wrong_type_is_located_at_the_value(model_copy: Path) -> None:
    text = (model_copy / "core/cache-basics.yaml").read_text()
    (model_copy / "core/cache-basics.yaml").write_text(
        text.replace("    minutes: 5\n", "    minutes: five\n", 1)
    )
    line = one(model_copy, "questions[0].minutes")
    row = (
        (model_copy / "core/cache-basics.yaml").read_text().splitlines().index("    minutes: five")
    )
    assert line.startswith(f"model/core/cache-basics.yaml:{row + 1}:14: error:")
    assert "'five'" in line


def test_missing_field_names_it(model_copy: Path) -> None:
    edit_yaml(model_copy / "core/cache-basics.yaml", lambda d: d.pop("owner"))
    assert "missing the required field 'owner'" in one(model_copy, "'owner'")


def test_bad_enum_lists_choices(model_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["questions"][0]["kind"] = "trivia"

    edit_yaml(model_copy / "core/cache-basics.yaml", change)
    line = one(model_copy, "questions[0].kind")
    assert "'conceptual'" in line
    assert "'trivia'" in line


def test_duplicate_question_id_across_files(model_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["questions"][0]["id"] = "cache-basics-when"

    edit_yaml(model_copy / "core/retry-basics.yaml", change)
    line = one(model_copy, "duplicate question id 'cache-basics-when'")
    assert line.startswith("model/core/retry-basics.yaml:")


def test_duplicate_competency_id(model_copy: Path) -> None:
    (model_copy / "core/copy.yaml").write_text((model_copy / "core/cache-basics.yaml").read_text())
    assert "also used by model/core/" in one(model_copy, "duplicate id 'cache-basics'")


def test_id_must_match_file_stem(model_copy: Path) -> None:
    (model_copy / "core/cache-basics.yaml").rename(model_copy / "core/caching.yaml")
    assert "must equal the file name's stem 'caching'" in one(model_copy, "stem")


def test_dangling_prerequisite(model_copy: Path) -> None:
    edit_yaml(model_copy / "core/retry-basics.yaml", lambda d: d.update(prerequisites=["nope"]))
    line = one(model_copy, "unknown competency 'nope'")
    assert line.startswith("model/core/retry-basics.yaml:")


def test_dangling_requirement(model_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["why_it_matters"][0]["requirement"] = "req-nothing"

    edit_yaml(model_copy / "core/retry-basics.yaml", change)
    assert "unknown requirement 'req-nothing'" in one(model_copy, "req-nothing")


def test_prerequisite_cycle(model_copy: Path) -> None:
    edit_yaml(
        model_copy / "core/cache-basics.yaml", lambda d: d.update(prerequisites=["retry-basics"])
    )
    line = one(model_copy, "prerequisites form a cycle")
    assert "cache-basics" in line
    assert "retry-basics" in line


def test_coverage_must_agree_both_ways(model_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["requirements"][0]["competencies"] = ["cache-basics", "retry-basics"]

    edit_yaml(model_copy / "role.yaml", change)
    line = one(model_copy, "does not list 'req-caching' under why_it_matters")
    assert line.startswith("model/role.yaml:")


def test_uncovered_requirement(model_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["requirements"][2]["competencies"] = []

    edit_yaml(model_copy / "role.yaml", change)
    assert "covered by no competency" in one(model_copy, "nice-streams")


def test_unreachable_competency(model_copy: Path) -> None:
    def role(d: dict[str, Any]) -> None:
        d["requirements"][1]["competencies"] = ["cache-basics"]

    def cache(d: dict[str, Any]) -> None:
        d["related"] = ["streams"]
        d["why_it_matters"].append({"requirement": "req-retries", "note": "Also retries."})

    def retry(d: dict[str, Any]) -> None:
        d["why_it_matters"] = [{"requirement": "req-caching", "note": "x"}]

    edit_yaml(model_copy / "role.yaml", role)
    edit_yaml(model_copy / "core/cache-basics.yaml", cache)
    edit_yaml(model_copy / "core/retry-basics.yaml", retry)
    lines = problems(model_copy)
    assert any("'retry-basics' is not reached from the role" in line for line in lines) or any(
        "does not list 'retry-basics'" in line for line in lines
    )


def test_signals_need_every_level(model_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        del d["questions"][0]["signals"]["staff"]

    edit_yaml(model_copy / "core/cache-basics.yaml", change)
    assert "no entry for level 'staff'" in one(model_copy, "level 'staff'")


def test_planned_competency_that_exists(model_copy: Path) -> None:
    edit_yaml(model_copy / "areas.yaml", lambda d: d["areas"][0]["planned"].append("cache-basics"))
    assert "remove it from planned" in one(model_copy, "planned")


def test_raw_html_is_refused(model_copy: Path) -> None:
    edit_yaml(
        model_copy / "core/cache-basics.yaml",
        lambda d: d.update(summary="Fast <script>alert(1)</script> reads."),
    )
    line = one(model_copy, "raw HTML")
    assert "'<script>'" in line


def test_every_problem_in_one_run(model_copy: Path) -> None:
    edit_yaml(model_copy / "core/cache-basics.yaml", lambda d: d.pop("owner"))
    edit_yaml(model_copy / "core/retry-basics.yaml", lambda d: d.pop("title"))
    text = (model_copy / "levels.yaml").read_text()
    (model_copy / "levels.yaml").write_text(text + "levels: []\n")
    lines = problems(model_copy)
    assert {line.split(":")[0] for line in lines} == {
        "model/core/cache-basics.yaml",
        "model/core/retry-basics.yaml",
        "model/levels.yaml",
    }


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Use `Vec<T>` here.", None),
        ("```rust\nlet v: Vec<u8> = vec![];\n```", None),
        ("    ```html\n    <div>\n    ```", None),
        ("latency < 5 ms and a<b", None),
        ("a <div> here", "<div>"),
        ("Vec<T> bare", "<T>"),
        ("<!-- hidden -->", "<!--"),
        ('<a href="x">x</a>', '<a href="x">'),
    ],
)
def test_find_raw_html(text: str, found: str | None) -> None:
    assert find_raw_html(text) == found
