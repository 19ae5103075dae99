"""Cross-reference and coverage checks over a loaded model.

Per-file shape is checked while loading; this module checks what only the whole
model can tell: ids are unique and resolve, prerequisites have no cycles, the
posting and the competencies agree on coverage, every competency is reachable from
the role, every rubric covers every level, and no Markdown carries raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from generator.errors import ModelInvalidError, Problem
from generator.load import AREAS_FILE, Handbook
from generator.model import Priority
from generator.yamlsource import Document, Path_

_CODE_FENCE = re.compile(r"^( {0,12})(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1", re.S)
_HTML = re.compile(r"<!--|<\?|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_PLAIN_FIELDS = frozenset({"mermaid", "url", "id", "requirement"})


class _Covered(Protocol):
    """A requirement or an experience line: something competencies cover."""

    @property
    def id(self) -> str: ...

    @property
    def competencies(self) -> list[str]: ...


@dataclass(frozen=True)
class Summary:
    """Counts reported by a successful validation.

    Attributes:
        competencies: Competencies written.
        questions: Questions across all competencies.
        public: Questions that reach the candidate edition.
        requirements: Requirements and experience lines in the posting.
        planned_only: Requirements covered only by planned competencies.
        warnings: Problems of severity ``warning``.
    """

    competencies: int
    questions: int
    public: int
    requirements: int
    planned_only: int
    warnings: list[Problem]

    def line(self) -> str:
        """The one-line summary printed by ``handbook validate``."""
        gaps = (
            f", {self.planned_only} waiting for planned competencies" if self.planned_only else ""
        )
        return (
            f"ok: {self.competencies} competencies, {self.questions} questions "
            f"({self.public} public), {self.requirements} requirements covered{gaps}"
        )


def find_raw_html(markdown: str) -> str | None:
    """Return the first raw HTML tag outside code in ``markdown``, or ``None``.

    Args:
        markdown: Markdown text written by a lead.

    Returns:
        The offending tag, or ``None`` when the text has no raw HTML.
    """
    if "<" not in markdown:  # most text: nothing that could open a tag
        return None
    text = _CODE_FENCE.sub("", markdown)
    text = _CODE_SPAN.sub("", text)
    found = _HTML.search(text)
    return found.group(0) if found else None


def _strings(value: object, where: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _PLAIN_FIELDS:
                yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))
    elif isinstance(value, str):
        yield where, value


class _Checker:
    def __init__(self, handbook: Handbook) -> None:
        self.hb = handbook
        self.problems: list[Problem] = []
        self.competency_ids = {c.id for c in handbook.competencies}
        self.planned: dict[str, tuple[int, int]] = {}
        for a_index, area in enumerate(handbook.areas.areas):
            for p_index, planned in enumerate(area.planned):
                self.planned.setdefault(planned, (a_index, p_index))

    def doc(self, key: str) -> Document:
        return self.hb.documents[key]

    def error(self, key: str, where: Path_, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.doc(key).problem(where, message, key=at_key))

    def coverage_items(self) -> list[tuple[Path_, _Covered]]:
        role = self.hb.role
        items: list[tuple[Path_, _Covered]] = [
            (("requirements", i), r) for i, r in enumerate(role.requirements)
        ]
        items += [(("experience_lines", i), e) for i, e in enumerate(role.experience_lines)]
        return items

    def known(self, competency_id: str) -> bool:
        return competency_id in self.competency_ids or competency_id in self.planned

    def unknown_competency(self, key: str, where: Path_, competency_id: str) -> None:
        self.error(
            key,
            where,
            f"unknown competency {competency_id!r}; use the id of a file under "
            f"competencies/<area>/ or list it as planned in {AREAS_FILE}",
        )

    # ------------------------------------------------------------------ checks

    def unique(self, key: str, items: Sequence[tuple[Path_, str]], what: str) -> None:
        seen: dict[str, Path_] = {}
        for where, item_id in items:
            if item_id in seen:
                first = self.doc(key).problem(seen[item_id], "")
                self.error(
                    key,
                    where,
                    f"duplicate {what} id {item_id!r} (first at line "
                    f"{first.line}); ids must be unique",
                )
            else:
                seen[item_id] = where

    def levels_and_areas(self) -> None:
        levels = self.hb.levels
        self.unique(
            "levels", [(("levels", i, "id"), lv.id) for i, lv in enumerate(levels.levels)], "level"
        )
        scores = [r.score for r in levels.rating_scale]
        if sorted(scores) != [1, 2, 3, 4]:
            self.error(
                "levels",
                ("rating_scale",),
                "the rating scale needs scores 1, 2, 3 and 4 exactly once each",
            )
        bars = [lv.bar for lv in levels.levels]
        for bar in ("below", "at", "above"):
            if bar not in bars:
                self.error("levels", ("levels",), f"no level sits {bar} the bar; add one")
        self.unique(
            "areas", [(("areas", i, "id"), a.id) for i, a in enumerate(self.hb.areas.areas)], "area"
        )
        for a_index, area in enumerate(self.hb.areas.areas):
            for p_index, planned in enumerate(area.planned):
                if planned in self.competency_ids:
                    self.error(
                        "areas",
                        ("areas", a_index, "planned", p_index),
                        f"{planned!r} is written now; remove it from planned",
                    )

    def role(self) -> None:
        role = self.hb.role
        if role.target_level not in self.hb.level_ids:
            self.error(
                "role",
                ("target_level",),
                f"unknown level {role.target_level!r}; use one of {', '.join(self.hb.level_ids)}",
            )
        sections = {s.id for s in role.sections}
        self.unique(
            "role", [(("sections", i, "id"), s.id) for i, s in enumerate(role.sections)], "section"
        )
        ids = [(("requirements", i, "id"), r.id) for i, r in enumerate(role.requirements)]
        ids += [(("experience_lines", i, "id"), e.id) for i, e in enumerate(role.experience_lines)]
        self.unique("role", ids, "requirement")
        for index, req in enumerate(role.requirements):
            if req.section not in sections:
                self.error(
                    "role",
                    ("requirements", index, "section"),
                    f"unknown section {req.section!r}; use one of {', '.join(sorted(sections))}",
                )
        for where, item in self.coverage_items():
            if not item.competencies:
                self.error(
                    "role",
                    (*where, "id"),
                    f"requirement {item.id!r} is covered by no competency; list at "
                    "least one (a planned id is allowed)",
                )
            for c_index, cid in enumerate(item.competencies):
                if not self.known(cid):
                    self.unknown_competency("role", (*where, "competencies", c_index), cid)

    def coverage(self) -> int:
        covering: dict[str, set[str]] = {}
        located: dict[str, Path_] = {}
        for where, item in self.coverage_items():
            covering[item.id] = set(item.competencies)
            located[item.id] = (*where, "competencies")
        planned_only = 0
        for cids in covering.values():
            if cids and not cids & self.competency_ids:
                planned_only += 1
        for competency in self.hb.competencies:
            claimed = set()
            for index, cov in enumerate(competency.why_it_matters):
                where = ("why_it_matters", index, "requirement")
                if cov.requirement not in covering:
                    self.error(
                        competency.id,
                        where,
                        f"unknown requirement {cov.requirement!r}; use an id from role.yaml",
                    )
                    continue
                claimed.add(cov.requirement)
                if competency.id not in covering[cov.requirement]:
                    self.error(
                        competency.id,
                        where,
                        f"role.yaml does not list {competency.id!r} under requirement "
                        f"{cov.requirement!r}; add it there or remove this entry",
                    )
            for req_id, cids in covering.items():
                if competency.id in cids and req_id not in claimed:
                    self.error(
                        "role",
                        located[req_id],
                        f"requirement {req_id!r} lists {competency.id!r}, but "
                        f"{self.doc(competency.id).path} does not list "
                        f"{req_id!r} under why_it_matters; add it there or remove it here",
                    )
        return planned_only

    def competencies(self) -> None:
        area_ids = {a.id for a in self.hb.areas.areas}
        level_ids = self.hb.level_ids
        question_ids: dict[str, str] = {}
        for c in self.hb.competencies:
            file = self.hb.files[c.id]
            if c.id != file.stem:
                self.error(
                    c.id,
                    ("id",),
                    f"id {c.id!r} must equal the file name's stem "
                    f"{file.stem!r}; rename the file or fix the id",
                )
            if c.area not in area_ids:
                self.error(
                    c.id,
                    ("area",),
                    f"unknown area {c.area!r}; use one of "
                    f"{', '.join(sorted(area_ids))} or add it to {AREAS_FILE}",
                )
            elif c.area != file.parent.name:
                self.error(
                    c.id,
                    ("area",),
                    f"area {c.area!r} does not match the folder "
                    f"{file.parent.name!r}; move the file or fix the area",
                )
            for field in ("prerequisites", "related"):
                for index, ref in enumerate(getattr(c, field)):
                    if ref == c.id:
                        self.error(c.id, (field, index), f"{c.id!r} cannot list itself in {field}")
                    elif not self.known(ref):
                        self.unknown_competency(c.id, (field, index), ref)
            self.rubric_keys(c.id, ("expectations",), set(c.expectations), level_ids)
            for index, q in enumerate(c.questions):
                base = ("questions", index)
                if q.id in question_ids:
                    self.error(
                        c.id,
                        (*base, "id"),
                        f"duplicate question id {q.id!r}, also in "
                        f"{question_ids[q.id]}; ids must be unique across the model",
                    )
                question_ids[q.id] = file.as_posix()
                if not q.id.startswith(f"{c.id}-"):
                    self.error(
                        c.id,
                        (*base, "id"),
                        f"question id {q.id!r} must start with "
                        f"'{c.id}-' so it stays unique and traceable",
                    )
                if q.level not in level_ids:
                    self.error(
                        c.id,
                        (*base, "level"),
                        f"unknown level {q.level!r}; use one of {', '.join(level_ids)}",
                    )
                self.rubric_keys(c.id, (*base, "signals"), set(q.signals), level_ids)
            self.html(c.id)

    def rubric_keys(self, key: str, where: Path_, present: set[str], level_ids: list[str]) -> None:
        for missing in [lv for lv in level_ids if lv not in present]:
            self.error(key, where, f"no entry for level {missing!r}; every level needs one")
        for extra in sorted(present - set(level_ids)):
            self.error(
                key,
                (*where, extra),
                f"unknown level {extra!r}; use one of {', '.join(level_ids)}",
                at_key=True,
            )

    def html(self, key: str) -> None:
        for where, text in _strings(self.doc(key).data):
            tag = find_raw_html(text)
            if tag is not None:
                self.error(
                    key,
                    where,
                    f"raw HTML {tag!r} is not allowed in the model's text; "
                    "wrap code in backticks or describe it in words",
                )

    def prerequisite_cycles(self) -> None:
        graph = {
            c.id: [p for p in c.prerequisites if p in self.competency_ids]
            for c in self.hb.competencies
        }
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()
        for start in graph:
            if state.get(start):
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            trail: list[str] = []
            while stack:
                node, child = stack.pop()
                if child == 0:
                    state[node] = 1
                    trail.append(node)
                edges = graph[node]
                if child < len(edges):
                    stack.append((node, child + 1))
                    nxt = edges[child]
                    if state.get(nxt) == 1:
                        cycle = [*trail[trail.index(nxt) :], nxt]
                        if frozenset(cycle) not in reported:
                            reported.add(frozenset(cycle))
                            index = self.hb.competency(node).prerequisites.index(nxt)
                            self.error(
                                node,
                                ("prerequisites", index),
                                "prerequisites form a cycle: "
                                + " -> ".join(cycle)
                                + "; remove one of these links",
                            )
                    elif not state.get(nxt):
                        stack.append((nxt, 0))
                else:
                    state[node] = 2
                    trail.pop()

    def reachability(self) -> None:
        reached = {cid for _, item in self.coverage_items() for cid in item.competencies}
        frontier = list(reached)
        while frontier:
            cid = frontier.pop()
            if cid not in self.competency_ids:
                continue
            c = self.hb.competency(cid)
            for nxt in [*c.prerequisites, *c.related]:
                if nxt not in reached:
                    reached.add(nxt)
                    frontier.append(nxt)
        for c in self.hb.competencies:
            if c.id not in reached:
                self.error(
                    c.id,
                    ("id",),
                    f"{c.id!r} is not reached from the role: no requirement "
                    "lists it and no reached competency links to it; cover a requirement",
                )


def _check_kits(checker: _Checker) -> None:
    hb = checker.hb
    eval_focus = [r for r in hb.role.requirements if r.priority is Priority.EVALUATION_FOCUS]
    for kit in hb.kits:
        key = f"kit:{kit.id}"
        stem = hb.files[key].stem
        if kit.id != stem:
            checker.error(key, ("id",), f"id {kit.id!r} must equal the file name's stem {stem!r}")
        if kit.level not in hb.level_ids:
            checker.error(
                key,
                ("level",),
                f"unknown level {kit.level!r}; use one of {', '.join(hb.level_ids)}",
            )
        checker.unique(
            key, [(("rounds", i, "id"), r.id) for i, r in enumerate(kit.rounds)], "round"
        )
        covered: set[str] = set()
        for r_index, rnd in enumerate(kit.rounds):
            if rnd.opening_minutes + rnd.closing_minutes >= rnd.minutes - 5:
                checker.error(
                    key,
                    ("rounds", r_index, "minutes"),
                    "opening and closing leave "
                    "less than 5 minutes for questions; lengthen the round",
                )
            for f_index, cid in enumerate(rnd.focus):
                where = ("rounds", r_index, "focus", f_index)
                if cid not in checker.competency_ids:
                    checker.error(
                        key,
                        where,
                        f"unknown competency {cid!r}; a round can only "
                        "focus on a written competency",
                    )
                    continue
                if not any(rnd.accepts(q) for q in hb.competency(cid).questions):
                    kinds = ", ".join(k.value for k in rnd.kinds) or "any"
                    checker.error(
                        key,
                        where,
                        f"{cid!r} has no active question of kind {kinds}; "
                        "widen the round's kinds or add a question",
                    )
                covered.update(r.id for r in eval_focus if cid in r.competencies)
        for req in eval_focus if kit.covers_evaluation_focus else []:
            if req.id not in covered:
                options = ", ".join(c for c in req.competencies if c in checker.competency_ids)
                checker.error(
                    key,
                    ("rounds",),
                    f"no round covers the evaluation focus "
                    f"{req.text!r} ({req.id}); add one of its competencies to a round's "
                    f"focus ({options or 'none written yet'})",
                )


def check(handbook: Handbook) -> Summary:
    """Run every cross-reference and coverage check.

    Args:
        handbook: A model loaded by :func:`generator.load.load_handbook`.

    Returns:
        Counts for the one-line summary, with any warnings.

    Raises:
        ModelInvalidError: With every error found (and the warnings).
    """
    checker = _Checker(handbook)
    checker.levels_and_areas()
    checker.role()
    planned_only = checker.coverage()
    checker.competencies()
    checker.prerequisite_cycles()
    checker.reachability()
    _check_kits(checker)
    if any(p.severity == "error" for p in checker.problems):
        raise ModelInvalidError(checker.problems)
    questions = [q for c in handbook.competencies for q in c.questions]
    role = handbook.role
    return Summary(
        competencies=len(handbook.competencies),
        questions=len(questions),
        public=sum(1 for q in questions if q.audience == "public"),
        requirements=len(role.requirements) + len(role.experience_lines),
        planned_only=planned_only,
        warnings=sorted(checker.problems),
    )
