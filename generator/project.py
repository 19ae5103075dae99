"""Where things are in a handbook project: the model, the docs and the MkDocs configs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import UsageError
from generator.render import Edition

CONFIG_FILES = {
    Edition.CANDIDATE: "mkdocs.yml",
    Edition.INTERVIEWER: "mkdocs.interviewer.yml",
}
SITE_DIRS = {Edition.CANDIDATE: "site", Edition.INTERVIEWER: "site-interviewer"}


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads a MkDocs config, ignoring the Python tags MkDocs itself resolves.

    Built on libyaml's parser when PyYAML has it: the pure-Python one spends about
    30 ms on ``mkdocs.yml``, a tenth of a whole generate run.
    """


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)
_ConfigLoader.add_multi_constructor("!", _ignore)


@dataclass(frozen=True)
class Project:
    """A handbook checkout.

    Attributes:
        root: The folder that holds ``mkdocs.yml``.
        model_dir: The competency model folder (``competencies/`` by default).
        model_display: How to show ``model_dir`` in problems.
    """

    root: Path
    model_dir: Path
    model_display: str

    @classmethod
    def find(cls, model_dir: str = "competencies", start: Path | None = None) -> Project:
        """Locate the project that holds ``mkdocs.yml``, from ``start`` upwards.

        Args:
            model_dir: The model folder as the user gave it.
            start: Where to start looking; the current folder by default.

        Returns:
            The project.

        Raises:
            UsageError: When no ``mkdocs.yml`` is found.
        """
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILES[Edition.CANDIDATE]).is_file():
                model = Path(model_dir)
                return cls(folder, model if model.is_absolute() else Path.cwd() / model, model_dir)
        raise UsageError(
            "no mkdocs.yml here or in any parent folder; run inside the handbook checkout"
        )

    @property
    def docs_dir(self) -> Path:
        """The MkDocs docs folder."""
        return self.root / "docs"

    def config_file(self, edition: Edition) -> Path:
        """The MkDocs config of ``edition``."""
        return self.root / CONFIG_FILES[edition]

    def site_dir(self, edition: Edition) -> Path:
        """Where ``edition`` is built by default."""
        return self.root / SITE_DIRS[edition]

    def settings(self) -> dict[str, Any]:
        """The candidate config's top-level settings (Python tags ignored)."""
        text = self.config_file(Edition.CANDIDATE).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - SafeLoader subclass
        return data if isinstance(data, dict) else {}

    @property
    def repo_url(self) -> str:
        """The repository address that edit links point at (``repo_url`` of mkdocs.yml)."""
        url = self.settings().get("repo_url")
        if not isinstance(url, str) or not url:
            raise UsageError("mkdocs.yml has no repo_url; set it to the repository's address")
        return url
