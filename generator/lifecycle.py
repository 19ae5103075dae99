"""Question and competency lifecycle: what is overdue for review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.errors import Problem
from generator.load import Handbook
from generator.model import QuestionStatus


@dataclass(frozen=True)
class Overdue:
    """A competency or question whose last review is too old.

    Attributes:
        problem: Where it is, as a located warning.
        reviewed: When it was last reviewed.
        age_days: Days since then.
    """

    problem: Problem
    reviewed: dt.date
    age_days: int


def overdue(handbook: Handbook, days: int, today: dt.date) -> list[Overdue]:
    """List competencies and questions last reviewed more than ``days`` days before ``today``.

    A question without its own ``last_reviewed`` is reviewed with its competency, so
    only the competency is listed. Retired questions are skipped: nobody asks them.

    Args:
        handbook: The validated model.
        days: The review interval in days.
        today: The date to measure from.

    Returns:
        Overdue items, oldest first.
    """
    found: list[Overdue] = []

    def add(key: str, where: tuple[str | int, ...], what: str, reviewed: dt.date) -> None:
        age = (today - reviewed).days
        if age > days:
            located = handbook.documents[key].problem(where, "")
            message = f"{what} last reviewed {reviewed.isoformat()} ({age} days ago); review it"
            found.append(
                Overdue(
                    Problem(located.path, located.line, located.col, message, "warning"),
                    reviewed,
                    age,
                )
            )

    for c in handbook.competencies:
        add(c.id, ("last_reviewed",), f"competency {c.id!r}", c.last_reviewed)
        for index, q in enumerate(c.questions):
            if q.status is not QuestionStatus.RETIRED and q.last_reviewed is not None:
                add(
                    c.id,
                    ("questions", index, "last_reviewed"),
                    f"question {q.id!r}",
                    q.last_reviewed,
                )
    return sorted(found, key=lambda item: (item.reviewed, item.problem))
