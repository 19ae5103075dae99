"""Build a site edition with MkDocs, strictly: any warning fails the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.errors import BuildError
from generator.generate import WriteReport, generate
from generator.project import Project
from generator.render import Edition
from generator.vendor import ensure_assets


def build(
    project: Project, edition: Edition, site_dir: Path | None = None
) -> tuple[WriteReport, Path]:
    """Generate the pages of ``edition`` and build them with a strict MkDocs build.

    Args:
        project: The handbook checkout.
        edition: Which edition to build.
        site_dir: Where to write the site; the edition's default when ``None``.

    Returns:
        What generation wrote, and the folder the site was built into.

    Raises:
        ModelInvalidError: When the model has errors.
        BuildError: When MkDocs reports a warning or an error.
    """
    report = generate(project, edition)
    ensure_assets(project.docs_dir)
    target = (site_dir or project.site_dir(edition)).resolve()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--clean",
        "--config-file",
        str(project.config_file(edition)),
        "--site-dir",
        str(target),
    ]
    result = subprocess.run(  # noqa: S603 - fixed command line
        command, cwd=project.root, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        detail = "\n".join(lines[-30:])
        raise BuildError(f"mkdocs build --strict failed for the {edition} edition:\n{detail}")
    return report, target
