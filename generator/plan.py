"""Study plans: an order derived from prerequisites and the posting's priorities, packed into days.

The order is a topological sort of the prerequisite graph. Among the competencies
whose prerequisites are done, the one the posting weighs most comes first; the
weight counts the requirements a competency covers, with evaluation focus and
system design knowledge counting most. Time estimates come from the content itself:
reading time of the study notes plus the minutes of its practice questions.
"""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass

from generator import model as m
from generator.load import Handbook

READING_WORDS_PER_MINUTE = 120
"""Slow, note-taking reading speed for dense technical text."""

PRIORITY_WEIGHTS = {
    m.Priority.EVALUATION_FOCUS: 4,
    m.Priority.SYSTEM_DESIGN: 3,
    m.Priority.REQUIRED: 3,
    m.Priority.RESPONSIBILITY: 2,
    m.Priority.GOOD_TO_HAVE: 1,
}


@dataclass(frozen=True)
class StudyItem:
    """One competency in the study order.

    Attributes:
        competency: The competency.
        weight: How much the posting weighs it.
        reading_minutes: Time to read the study notes carefully.
        practice_minutes: Time to answer its public practice questions.
    """

    competency: m.Competency
    weight: int
    reading_minutes: int
    practice_minutes: int

    @property
    def minutes(self) -> int:
        """Total study time for the competency."""
        return self.reading_minutes + self.practice_minutes


@dataclass(frozen=True)
class Day:
    """One day of a plan: the competencies (or parts of one) to study that day."""

    number: int
    items: list[tuple[StudyItem, int]]

    @property
    def minutes(self) -> int:
        """Minutes planned for the day."""
        return sum(minutes for _, minutes in self.items)


def _weight(handbook: Handbook, competency: m.Competency) -> int:
    priorities = {r.id: r.priority for r in handbook.role.requirements}
    return sum(
        PRIORITY_WEIGHTS.get(priorities.get(cov.requirement, m.Priority.REQUIRED), 1)
        for cov in competency.why_it_matters
    )


def study_order(handbook: Handbook) -> list[StudyItem]:
    """Order every competency so that prerequisites come first and weightier topics early.

    Args:
        handbook: The validated model (prerequisites have no cycles).

    Returns:
        Every competency once, in study order.
    """
    written = {c.id: c for c in handbook.competencies}
    waiting = {c.id: {p for p in c.prerequisites if p in written} for c in handbook.competencies}
    unlocks: dict[str, list[str]] = {cid: [] for cid in written}
    for cid, needs in waiting.items():
        for need in needs:
            unlocks[need].append(cid)
    weights = {cid: _weight(handbook, c) for cid, c in written.items()}
    ready = [(-weights[cid], cid) for cid, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order: list[StudyItem] = []
    while ready:
        _, cid = heapq.heappop(ready)
        competency = written[cid]
        words = len(re.findall(r"\w+", competency.study_notes))
        practice = sum(q.minutes for q in competency.questions if q.for_candidates)
        order.append(
            StudyItem(
                competency, weights[cid], math.ceil(words / READING_WORDS_PER_MINUTE), practice
            )
        )
        for nxt in sorted(unlocks[cid]):
            waiting[nxt].discard(cid)
            if not waiting[nxt]:
                heapq.heappush(ready, (-weights[nxt], nxt))
    return order


def pack(order: list[StudyItem], days: int) -> list[Day]:
    """Spread the study order over ``days`` days of roughly equal length.

    A competency may be split across two days; the order is kept.

    Args:
        order: Competencies in study order.
        days: Number of study days.

    Returns:
        The days, each with its share of competencies and minutes.
    """
    total = sum(item.minutes for item in order)
    per_day = max(1, math.ceil(total / days))
    plan: list[Day] = []
    current: list[tuple[StudyItem, int]] = []
    room = per_day
    for item in order:
        left = item.minutes
        while left > 0:
            take = min(left, room)
            current.append((item, take))
            left -= take
            room -= take
            if room == 0:
                plan.append(Day(len(plan) + 1, current))
                current, room = [], per_day
    if current:
        plan.append(Day(len(plan) + 1, current))
    return plan
