from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_MODEL = ROOT / "tests" / "fixtures" / "model"
REAL_MODEL = ROOT / "competencies"


def run_handbook(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture model."""
    target = tmp_path / "model"
    shutil.copytree(FIXTURE_MODEL, target)
    return target


Edit = Callable[[dict[str, Any]], None]


def edit_yaml(path: Path, change: Edit) -> None:
    """Load a YAML file, let ``change`` mutate it, and write it back."""
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0] + "\n" if text.startswith("#") else ""
    data = yaml.safe_load(text)
    change(data)
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(header + dumped, encoding="utf-8")
