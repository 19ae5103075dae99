"""The lead's workflow: scaffolding, change summary, and schema files for editors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.load import load_handbook
from generator.schema import SCHEMA_FILES, schema_files
from generator.validate import check
from tests.conftest import FIXTURE_MODEL, REAL_MODEL, ROOT, run_handbook


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree holding the fixture model and a minimal mkdocs.yml."""
    shutil.copytree(FIXTURE_MODEL, tmp_path / "competencies")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nrepo_url: https://example.org/r\n")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    return tmp_path


def test_new_question_appends_a_valid_draft(repo: Path) -> None:
    result = run_handbook("new", "question", "cache-basics", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "added draft question cache-basics-new-question-1" in result.stdout
    handbook = load_handbook(repo / "competencies", "competencies")
    check(handbook)
    question = handbook.competency("cache-basics").questions[-1]
    assert question.id == "cache-basics-new-question-1"
    assert question.status.value == "draft"
    text = (repo / "competencies/core/cache-basics.yaml").read_text()
    assert "# New question: fill in every TODO" in text
    assert text.startswith("# yaml-language-server:")


def test_new_competency_is_valid_and_wired_in(repo: Path) -> None:
    result = run_handbook("new", "competency", "streams", "--area", "core", cwd=repo)
    assert result.returncode == 0, result.stderr
    handbook = load_handbook(repo / "competencies", "competencies")
    check(handbook)
    assert handbook.competency("streams").why_it_matters[0].requirement == "nice-streams"
    assert handbook.areas.areas[0].planned == []
    role = (repo / "competencies/role.yaml").read_text()
    assert role.startswith("# yaml-language-server:")


def test_new_competency_refuses_bad_input(repo: Path) -> None:
    bad_id = run_handbook("new", "competency", "Bad_Id", "--area", "core", cwd=repo)
    assert bad_id.returncode == 2
    assert "is not a valid id" in bad_id.stderr
    no_req = run_handbook("new", "competency", "lonely", "--area", "core", cwd=repo)
    assert no_req.returncode == 2
    assert "--requirement" in no_req.stderr
    area = run_handbook("new", "competency", "x-y", "--area", "nowhere", cwd=repo)
    assert "unknown area 'nowhere'" in area.stderr


def test_diff_summarises_changes_and_problems(repo: Path) -> None:
    run_handbook("new", "question", "cache-basics", cwd=repo)
    cache = repo / "competencies/core/cache-basics.yaml"
    cache.write_text(
        cache.read_text().replace(
            "  senior: [Chooses TTLs with numbers.]",
            "  senior: [Chooses TTLs with numbers., Sizes Redis.]",
        )
    )
    result = run_handbook("diff", "main", cwd=repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Competency model changes since `main`")
    assert "**Validation: the model is valid.**" in out
    assert "| added | `cache-basics-new-question-1` | cache-basics | interviewer | draft |" in out
    assert "- `cache-basics` · senior · added: Sizes Redis." in out
    assert "- **Changed** `cache-basics`: expectations" in out


def test_diff_reports_validation_problems(repo: Path) -> None:
    cache = repo / "competencies/core/cache-basics.yaml"
    cache.write_text(cache.read_text().replace("owner:", "ownr:"))
    result = run_handbook("diff", "main", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "**Validation: 2 error(s).**" in result.stdout
    assert "unknown field 'ownr'" in result.stdout


def test_diff_unknown_revision(repo: Path) -> None:
    result = run_handbook("diff", "no-such-ref", cwd=repo)
    assert result.returncode == 2
    assert "cannot read competencies/ at 'no-such-ref'" in result.stderr


def test_schema_files_are_committed_and_current() -> None:
    for path, text in schema_files().items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path} is stale"


def test_every_model_file_names_its_schema() -> None:
    names = {Path(p).name for p in SCHEMA_FILES}
    for file in sorted(REAL_MODEL.rglob("*.yaml")):
        first = file.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), file
        schema = (file.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), f"{file}: {schema} does not exist"
        assert schema.name in names


def test_schemas_accept_the_real_model() -> None:
    schemas = {Path(p).name: json.loads((ROOT / p).read_text()) for p in SCHEMA_FILES}
    for file in sorted(REAL_MODEL.rglob("*.yaml")):
        first = file.read_text(encoding="utf-8").split("\n", 1)[0]
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))
        jsonschema.validate(data, schemas[Path(first.split("=", 1)[1]).name])


def test_github_workflows_match_the_workflow_schema() -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml"))
    assert workflows
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", *workflows],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_actions_are_pinned_and_permissions_least() -> None:
    for path in (ROOT / ".github/workflows").glob("*.yml"):
        text = path.read_text()
        for use in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), f"{path.name}: {use}"
        workflow = yaml.safe_load(text)
        assert workflow["permissions"] == {"contents": "read"}, path.name
