from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
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


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the real site, built strictly once per test session."""
    out = tmp_path_factory.mktemp("sites")
    built = {}
    for edition in ("candidate", "interviewer"):
        target = out / edition
        result = run_handbook("build", "--edition", edition, "--site-dir", str(target))
        assert result.returncode == 0, result.stderr + result.stdout
        built[edition] = target
    return built


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def served(sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Each built edition served over HTTP on localhost; yields base URLs by edition."""
    servers = []
    urls = {}
    for edition, root in sites.items():
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[edition] = f"http://127.0.0.1:{server.server_address[1]}"
    yield urls
    for server in servers:
        server.shutdown()
