"""The package's exceptions and the problem record every check reports.

Every exception the package raises on purpose derives from :class:`HandbookError`,
so the CLI can turn any of them into readable lines and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the model, located in a file.

    Attributes:
        path: The file, as the user gave it (relative paths stay relative).
        line: 1-based line number.
        col: 1-based column number.
        message: What is wrong and what to do about it.
        severity: ``error`` fails validation; ``warning`` does not.
    """

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """Format as ``path:line:col: severity: message``."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class HandbookError(Exception):
    """Root of every error the handbook raises on purpose."""


class ModelInvalidError(HandbookError, ValueError):
    """The model has one or more errors.

    Args:
        problems: Every problem found, errors and warnings.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the model")


class UsageError(HandbookError, ValueError):
    """The command was called with arguments that cannot work."""


class BuildError(HandbookError, RuntimeError):
    """MkDocs or another external step failed."""


class StaleOutputError(HandbookError):
    """Generated files differ from what the model produces (``generate --check``).

    Args:
        stale: Paths of files that would be written, changed or deleted.
    """

    def __init__(self, stale: list[str]) -> None:
        self.stale = stale
        super().__init__(f"{len(stale)} generated file(s) are stale")
