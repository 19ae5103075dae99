"""MkDocs hook: regenerate pages from the model while ``mkdocs serve`` runs.

Registered under ``hooks:`` in ``mkdocs.yml``. During ``mkdocs serve`` (and only
then) every rebuild first runs ``handbook generate`` for the edition being served,
which rewrites only the pages whose content changed, so saving a competency file
updates its pages and the browser reloads. Builds through ``handbook build`` have
generated already and skip it; Zensical ignores hooks, which is fine because the
generated pages are real files in ``docs/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.handbook")
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether MkDocs is serving.

    Args:
        command: The MkDocs command: ``build``, ``gh-deploy`` or ``serve``.
        dirty: Whether MkDocs runs a dirty build.
    """
    global _serving  # noqa: PLW0603 - MkDocs hooks are module-level functions
    _serving = command == "serve"
    del dirty


def on_pre_build(config: Any) -> None:
    """Regenerate the edition's pages before each rebuild while serving.

    Args:
        config: The MkDocs configuration.
    """
    if not _serving:
        return
    # Imported here so that plain builds (and other MkDocs-compatible tools that load
    # the hook) need nothing beyond MkDocs itself.
    from generator.errors import HandbookError, ModelInvalidError  # noqa: PLC0415
    from generator.generate import generate  # noqa: PLC0415
    from generator.project import Project  # noqa: PLC0415
    from generator.render import Edition  # noqa: PLC0415

    edition = Edition(config.extra.get("edition", Edition.CANDIDATE.value))
    project = Project.find(start=Path(config.config_file_path).parent)
    try:
        report = generate(project, edition)
    except ModelInvalidError as exc:
        for problem in exc.problems:
            log.warning(str(problem))
        return
    except HandbookError as exc:
        log.warning(str(exc))
        return
    if report.written or report.deleted:
        log.info(
            f"handbook: regenerated {len(report.written)} page(s), removed {len(report.deleted)}"
        )
