"""Write generated files into the project, touching only files whose content changed.

The generator owns a fixed set of folders under ``docs/`` (see
:func:`generator.render.owned_dirs`): it writes what the model produces there and
deletes what the model no longer produces. Elsewhere it only rewrites the generated
``nav`` block of the MkDocs configs; other files are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import StaleOutputError, UsageError
from generator.load import Handbook, load_handbook
from generator.project import Project
from generator.render import Edition, Renderer, owned_dirs
from generator.schema import schema_files
from generator.validate import Summary
from generator.validate import check as check_model


@dataclass
class WriteReport:
    """What a generation run did, or would do with ``check``.

    Attributes:
        written: Files created or changed, relative to the docs folder.
        deleted: Files removed because the model no longer produces them.
        unchanged: Number of files already up to date.
    """

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0

    def line(self, check: bool) -> str:
        """One-line summary for the CLI."""
        if check:
            return f"ok: {self.unchanged} generated files are up to date"
        return (
            f"generated: {len(self.written)} written, {len(self.deleted)} deleted, "
            f"{self.unchanged} unchanged"
        )


def write_files(
    root: Path, pages: dict[str, str], owned: tuple[str, ...], *, check: bool = False
) -> WriteReport:
    """Bring the files under ``root`` in line with ``pages``.

    Args:
        root: The project folder.
        pages: File contents keyed by path relative to ``root``.
        owned: Folders under ``root`` the generator owns; stray files in them are deleted.
        check: Change nothing; raise when anything would change.

    Returns:
        What was written and deleted.

    Raises:
        StaleOutputError: With ``check``, when any file would be written or deleted.
    """
    report = WriteReport()
    for relative, content in pages.items():
        target = root / relative
        data = content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        report.written.append(relative)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for folder in owned:
        base = root / folder
        if not base.is_dir():
            continue
        for existing in sorted(base.rglob("*")):
            relative = existing.relative_to(root).as_posix()
            if existing.is_file() and relative not in pages:
                report.deleted.append(relative)
                if not check:
                    existing.unlink()
        if not check:
            for directory in sorted(base.rglob("*"), reverse=True):
                if directory.is_dir() and not any(directory.iterdir()):
                    directory.rmdir()
    if check and (report.written or report.deleted):
        raise StaleOutputError(report.written + report.deleted)
    return report


NAV_BEGIN = "# BEGIN generated nav: `handbook generate` rewrites this block"
NAV_END = "# END generated nav"


def splice_nav(config_text: str, nav_yaml: str, config_name: str) -> str:
    """Replace the generated ``nav`` block of a MkDocs config with ``nav_yaml``.

    Args:
        config_text: The config file's text.
        nav_yaml: The new ``nav:`` block, as YAML.
        config_name: The config's file name, for the error message.

    Returns:
        The config text with the block replaced.

    Raises:
        UsageError: When the config has no generated nav block.
    """
    begin = config_text.find(NAV_BEGIN)
    end = config_text.find(NAV_END)
    if begin < 0 or end < begin:
        raise UsageError(
            f"{config_name}: no generated nav block; add the lines {NAV_BEGIN!r} and "
            f"{NAV_END!r} where the nav belongs"
        )
    head = config_text[: begin + len(NAV_BEGIN)]
    return f"{head}\n{nav_yaml.rstrip()}\n{config_text[end:]}"


def load_valid(project: Project) -> tuple[Handbook, Summary]:
    """Load the project's model and run every check.

    Args:
        project: The handbook checkout.

    Returns:
        The validated model and its summary.

    Raises:
        ModelInvalidError: When the model has errors.
    """
    handbook = load_handbook(project.model_dir, project.model_display)
    return handbook, check_model(handbook)


def generated_files(
    project: Project, handbook: Handbook, edition: Edition | None
) -> dict[str, str]:
    """Every generated file for ``edition`` (``None``: both), keyed by path from the root.

    Args:
        project: The handbook checkout.
        handbook: The validated model.
        edition: The edition, or ``None`` for both.

    Returns:
        File contents keyed by path relative to ``project.root``.
    """
    renderer = Renderer(handbook, project.repo_url)
    files = {f"docs/{path}": text for path, text in renderer.pages(edition).items()}
    files.update(schema_files())
    editions = [edition] if edition is not None else list(Edition)
    for each in editions:
        config = project.config_file(each)
        if not config.is_file():
            raise UsageError(f"{config.name} is missing; restore it from the repository")
        block: dict[str, Any] = {"nav": renderer.nav(each)}
        omitted = renderer.nav_omitted(each)
        if omitted:
            # Pages of very large areas are reachable from their area's index page only.
            block["not_in_nav"] = "".join(f"/{path}\n" for path in omitted)
        nav = yaml.safe_dump(block, sort_keys=False, allow_unicode=True, width=1000)
        files[config.name] = splice_nav(config.read_text(encoding="utf-8"), nav, config.name)
    return files


def generate(project: Project, edition: Edition | None, *, check: bool = False) -> WriteReport:
    """Validate the model and write (or, with ``check``, compare) every generated file.

    Args:
        project: The handbook checkout.
        edition: The edition to generate, or ``None`` for both.
        check: Write nothing; raise when any generated file is stale.

    Returns:
        What was written, deleted and left alone.

    Raises:
        ModelInvalidError: When the model has errors.
        StaleOutputError: With ``check``, when generated files are stale.
    """
    handbook, _ = load_valid(project)
    files = generated_files(project, handbook, edition)
    owned = (*(f"docs/{folder}" for folder in owned_dirs(edition)), "schemas")
    return write_files(project.root, files, owned, check=check)
