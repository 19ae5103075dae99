"""Interview kits: choose questions for a round or a whole loop, deterministically per seed.

Selection rules, for each round:

* only ``active`` questions of the focus competencies, of the round's kinds if it names any;
* every focus competency gets at least one question;
* the questions fill the time left after the opening and closing, between two thirds
  of it and all of it;
* kinds are balanced: the next question comes from the kind used least so far;
* questions at the loop's level come first; among them the draw is random but tilted
  towards interviewer-only questions (a candidate may have rehearsed the public ones);
* the same seed gives the same kit; different seeds rotate through the bank, so a
  leaked question costs less.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from generator import model as m
from generator.errors import UsageError
from generator.load import Handbook

ATTEMPTS = 64
"""Randomised fills tried per round: the first that fills three quarters of the time box is
kept, otherwise the fullest."""


@dataclass(frozen=True)
class Pick:
    """A question chosen for a round, with the minute it starts at."""

    question: m.Question
    competency: m.Competency
    start: int


@dataclass(frozen=True)
class RoundPlan:
    """The questions chosen for one round."""

    round: m.Round
    picks: list[Pick]

    @property
    def budget(self) -> int:
        """Minutes available for questions."""
        return self.round.minutes - self.round.opening_minutes - self.round.closing_minutes

    @property
    def used(self) -> int:
        """Minutes the chosen questions take."""
        return sum(p.question.minutes for p in self.picks)


@dataclass(frozen=True)
class KitPlan:
    """A whole kit: a loop (or one ad-hoc round) with its questions and scorecard."""

    id: str
    title: str
    level: m.Level
    seed: int
    rounds: list[RoundPlan]
    scale: list[m.Rating]

    @property
    def competencies(self) -> list[m.Competency]:
        """Focus competencies across the kit, in order of first appearance."""
        seen: dict[str, m.Competency] = {}
        for plan in self.rounds:
            for pick in plan.picks:
                seen.setdefault(pick.competency.id, pick.competency)
        return list(seen.values())


def _eligible(handbook: Handbook, rnd: m.Round) -> dict[str, list[m.Question]]:
    pools: dict[str, list[m.Question]] = {}
    for cid in rnd.focus:
        pools[cid] = [q for q in handbook.competency(cid).questions if rnd.accepts(q)]
    return pools


def _rank(q: m.Question, level: str, rng: random.Random) -> tuple[int, float]:
    """Order candidates: the kit's level first, then a draw tilted to interviewer-only ones.

    The random part lets different seeds rotate through the whole bank.
    """
    tilt = 0.0 if q.audience is m.Audience.INTERVIEWER else 0.5
    return (0 if q.level == level else 1, rng.random() + tilt)


def _attempt(
    pools: dict[str, list[m.Question]], budget: int, level: str, rng: random.Random
) -> list[tuple[str, m.Question]] | None:
    chosen: list[tuple[str, m.Question]] = []
    used = 0
    kinds: Counter[str] = Counter()
    focus = list(pools)
    rng.shuffle(focus)
    taken: set[str] = set()

    def take(options: list[tuple[str, m.Question]]) -> None:
        nonlocal used
        options.sort(key=lambda item: (kinds[item[1].kind.value], *_rank(item[1], level, rng)))
        cid, pick = options[0]
        chosen.append((cid, pick))
        taken.add(pick.id)
        used += pick.minutes
        kinds[pick.kind.value] += 1

    for index, cid in enumerate(focus):
        # Keep room for the shortest question of every focus competency still to come.
        reserve = sum(
            min((q.minutes for q in pools[c]), default=budget) for c in focus[index + 1 :]
        )
        first = [(cid, q) for q in pools[cid] if used + q.minutes + reserve <= budget]
        if not first:
            return None
        take(first)
    while True:
        more = [
            (cid, q)
            for cid in focus
            for q in pools[cid]
            if q.id not in taken and used + q.minutes <= budget
        ]
        if not more:
            return chosen
        take(more)


def plan_round(handbook: Handbook, rnd: m.Round, level: str, seed: int, salt: str) -> RoundPlan:
    """Choose the questions for one round.

    Args:
        handbook: The validated model.
        rnd: The round to fill.
        level: Id of the level the kit hires for.
        seed: The kit's seed.
        salt: Distinguishes rounds of one loop so each draws differently.

    Returns:
        The round with its questions in interview order.

    Raises:
        UsageError: When the round cannot be filled to two thirds of its time while
            covering every focus competency.
    """
    pools = _eligible(handbook, rnd)
    budget = rnd.minutes - rnd.opening_minutes - rnd.closing_minutes
    rng = random.Random(f"{seed}:{salt}:{rnd.id}")  # noqa: S311 - reproducible, not secret
    best: list[tuple[str, m.Question]] | None = None
    for _ in range(ATTEMPTS):
        chosen = _attempt(pools, budget, level, rng)
        if chosen is None:
            continue
        if best is None or sum(q.minutes for _, q in chosen) > sum(q.minutes for _, q in best):
            best = chosen
        # Good enough: the first draw that fills three quarters wins, so seeds rotate.
        if sum(q.minutes for _, q in best) * 4 >= budget * 3:
            break
    if best is None or sum(q.minutes for _, q in best) * 3 < budget * 2:
        raise UsageError(
            f"round {rnd.id!r}: cannot fill two thirds of {budget} minutes while covering "
            f"{', '.join(rnd.focus)}; add questions, widen the kinds or shorten the round"
        )
    best.sort(key=lambda item: (rnd.focus.index(item[0]), item[1].minutes))
    picks = []
    start = rnd.opening_minutes
    for cid, q in best:
        picks.append(Pick(q, handbook.competency(cid), start))
        start += q.minutes
    return RoundPlan(rnd, picks)


def _level(handbook: Handbook, level_id: str) -> m.Level:
    try:
        return handbook.level(level_id)
    except KeyError:
        known = ", ".join(handbook.level_ids)
        raise UsageError(f"unknown level {level_id!r}; use one of {known}") from None


def plan_kit(handbook: Handbook, kit_id: str, seed: int = 0) -> KitPlan:
    """Plan a named loop from ``competencies/kits/``.

    Args:
        handbook: The validated model.
        kit_id: Id of the loop.
        seed: Selects one of many possible kits; the same seed gives the same kit.

    Returns:
        The planned kit.

    Raises:
        UsageError: When no loop has this id or a round cannot be filled.
    """
    for kit in handbook.kits:
        if kit.id == kit_id:
            rounds = [plan_round(handbook, rnd, kit.level, seed, kit.id) for rnd in kit.rounds]
            return KitPlan(
                kit.id,
                kit.title,
                _level(handbook, kit.level),
                seed,
                rounds,
                handbook.levels.rating_scale,
            )
    known = ", ".join(k.id for k in handbook.kits) or "none"
    raise UsageError(f"no interview loop {kit_id!r}; known loops: {known}")


def plan_adhoc(
    handbook: Handbook,
    *,
    level: str,
    minutes: int,
    focus: list[str],
    kinds: list[m.QuestionKind],
    seed: int = 0,
) -> KitPlan:
    """Plan one ad-hoc round from the command line.

    Args:
        handbook: The validated model.
        level: Id of the level to hire for.
        minutes: Length of the round.
        focus: Competency ids to cover.
        kinds: Question kinds to draw from; empty for any.
        seed: Selects one of many possible kits.

    Returns:
        The planned one-round kit.

    Raises:
        UsageError: On an unknown level or competency, or a round that cannot be filled.
    """
    lv = _level(handbook, level)
    written = {c.id for c in handbook.competencies}
    unknown = [cid for cid in focus if cid not in written]
    if unknown:
        raise UsageError(
            f"unknown competency {', '.join(unknown)}; use ids of written competencies"
        )
    try:
        rnd = m.Round(
            id="adhoc", title=f"{minutes}-minute round", minutes=minutes, focus=focus, kinds=kinds
        )
    except ValueError as exc:
        raise UsageError(f"cannot build that round: {exc}") from None
    plan = plan_round(handbook, rnd, level, seed, "adhoc")
    return KitPlan(
        "adhoc",
        f"{minutes}-minute {lv.title} round",
        lv,
        seed,
        [plan],
        handbook.levels.rating_scale,
    )
