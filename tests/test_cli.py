"""The CLI contract: output, exit codes and no tracebacks, through the real command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_MODEL, ROOT, run_handbook

LINE = re.compile(r"^[^:\s][^:]*:\d+:\d+: error: .+$")


def test_validate_valid_model_prints_one_line() -> None:
    result = run_handbook("validate", str(FIXTURE_MODEL.relative_to(ROOT)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("ok: 2 competencies, 6 questions (4 public)")
    assert result.stderr == ""


def test_validate_reports_every_problem_with_given_path(model_copy: Path) -> None:
    cache = model_copy / "core/cache-basics.yaml"
    cache.write_text(cache.read_text().replace("owner:", "ownr:"))
    retry = model_copy / "core/retry-basics.yaml"
    retry.write_text(retry.read_text().replace("    minutes: 5\n", "    minutes: -1\n", 1))
    result = run_handbook("validate", "model", cwd=model_copy.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "3 error(s); the model is not valid"
    problems = lines[:-1]
    assert all(LINE.match(line) for line in problems), problems
    assert any(
        line.startswith("model/core/cache-basics.yaml:") and "'ownr'" in line for line in problems
    )
    assert any(
        line.startswith("model/core/retry-basics.yaml:") and "minutes" in line for line in problems
    )


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"id: x\n\ttitle: y\n", "tab character"),
        (b"\xff\xfe\x00", "not valid UTF-8"),
        (b"", "the file is empty"),
        (b"a: !!python/object/apply:os.system [echo pwned]\n", "is not allowed"),
        (b"id: a\nid: b\n", "duplicate key"),
        (b"[" * 50_000, "deeper than"),
    ],
)
def test_validate_bad_file_never_tracebacks(model_copy: Path, content: bytes, needle: str) -> None:
    (model_copy / "core/cache-basics.yaml").write_bytes(content)
    result = run_handbook("validate", "model", cwd=model_copy.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("model/core/cache-basics.yaml:")
    assert LINE.match(first)
    assert needle in result.stderr


def test_validate_missing_directory() -> None:
    result = run_handbook("validate", "no-such-dir")
    assert result.returncode == 1
    assert result.stderr.startswith("no-such-dir:1:1: error: the model directory does not exist")


def test_module_and_console_script_are_the_same_cli() -> None:
    script = shutil.which("handbook", path=str(Path(sys.executable).parent))
    assert script is not None
    out = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == run_handbook("--version").stdout.strip()


def test_export_json_candidate_has_no_interviewer_questions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run_handbook(
        "export", "--format", "json", "--model-dir", str(FIXTURE_MODEL), "-o", str(target)
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(target.read_text())
    assert doc["version"] == 1
    assert doc["edition"] == "candidate"
    assert {r["id"] for r in doc["role"]["requirements"]} >= {"req-caching", "exp-go"}
    assert [lv["id"] for lv in doc["levels"]] == ["mid", "senior", "staff"]
    questions = [q for c in doc["competencies"] for q in c["questions"]]
    assert questions
    assert {q["audience"] for q in questions} == {"public"}
    assert "SECRET" not in target.read_text()
    first = questions[0]
    assert set(first) >= {
        "id",
        "prompt",
        "kind",
        "level",
        "minutes",
        "audience",
        "model_answer",
        "follow_ups",
        "signals",
        "red_flags",
    }
    assert set(first["signals"]) == {"mid", "senior", "staff"}


def test_export_json_interviewer_to_stdout() -> None:
    result = run_handbook(
        "export", "--format", "json", "--edition", "interviewer", "--model-dir", str(FIXTURE_MODEL)
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    audiences = {q["audience"] for c in doc["competencies"] for q in c["questions"]}
    assert audiences == {"public", "interviewer"}


def test_unknown_option_is_a_usage_error() -> None:
    result = run_handbook("generate", "--edition", "everyone")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
