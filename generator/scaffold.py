"""Scaffolding: ``handbook new competency`` and ``handbook new question``.

Both write skeletons that pass ``handbook validate`` as they stand, with a comment on
every field saying what goes there. A new competency is wired into the model: it is
listed under the requirements it covers in ``role.yaml`` and removed from its area's
``planned`` list. A new question starts as a ``draft``, so it never reaches a kit or the
site until a lead has filled it in and set it ``active``.

Edits to existing files are made on the text, line by line, so that comments and
formatting written by people survive.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from generator.errors import UsageError
from generator.load import AREAS_FILE, ROLE_FILE, Handbook
from generator.yamlsource import Document

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _edit_flow_list(
    doc: Document,
    text: str,
    where: tuple[str | int, ...],
    change: Callable[[list[str]], list[str]],
) -> str:
    """Rewrite the one-line flow list (``[a, b]``) at ``where`` with ``change``."""
    position = doc.values.get(where)
    lines = text.split("\n")
    line = lines[position.line - 1] if position else ""
    start = position.col - 1 if position else 0
    end = line.find("]", start)
    if position is None or line[start : start + 1] != "[" or end < 0:
        raise UsageError(
            f"{doc.path}: the list at {'.'.join(map(str, where))} is not a one-line "
            "[a, b] list; edit it by hand"
        )
    items = [part.strip() for part in line[start + 1 : end].split(",") if part.strip()]
    lines[position.line - 1] = f"{line[:start]}[{', '.join(change(items))}]{line[end + 1 :]}"
    return "\n".join(lines)


def competency_skeleton(
    competency_id: str, area: str, requirements: list[str], level_ids: list[str], today: dt.date
) -> str:
    """The YAML text of a new competency that passes validation.

    Args:
        competency_id: Id of the new competency.
        area: Its area id.
        requirements: Requirement ids it covers.
        level_ids: Every level id, for expectations.
        today: Date for ``last_reviewed``.

    Returns:
        The file's text.
    """
    why = "".join(
        f"  - requirement: {req}\n    note: TODO one sentence on how this competency serves "
        "that posting line.\n"
        for req in requirements
    )
    expectations = "".join(
        f"  {level}:\n    - TODO an observable behaviour at this level.\n"
        "    - TODO a second behaviour.\n    - TODO a third behaviour.\n"
        for level in level_ids
    )
    title = competency_id.replace("-", " ").capitalize()
    return f"""# yaml-language-server: $schema=../../schemas/competency.schema.json
# New competency. Every field is described in docs/reference/schema.md; the content bar
# (1,200+ words of notes, 4+ checked references, 10+ questions) is in CONTRIBUTING.md.
id: {competency_id}  # equals the file name's stem
title: {title}  # title of the study page
area: {area}  # equals the folder name
# Two to four sentences: what this is and why it matters.
summary: >-
  TODO summary.
# The posting lines this covers; role.yaml lists this competency under each of them.
why_it_matters:
{why}# Competencies to study first, and ones worth reading next (ids).
prerequisites: []
related: []
tags: []  # lower-case-hyphenated tags for the tags page
# 8 to 15 concepts a candidate must be able to explain.
key_concepts:
  - term: TODO concept
    definition: TODO a precise definition in one to three sentences.
# The main text, in Markdown. Headings start at ###. Content tabs and admonitions work.
study_notes: |
  ### TODO heading

  TODO how it works underneath, trade-offs with numbers, failure modes, operations.
# Design decisions: two or more options each, and when to choose which.
trade_offs: []
# Mistakes seen in production or interviews, and what to do instead.
pitfalls: []
# Where Go, Python, Rust, Java and Node.js differ; leave out a language with nothing to add.
language_notes:
  go: TODO
# Mermaid diagrams, without the code fence.
diagrams: []
# Primary, stable sources (official docs, RFCs, papers, books). Check every URL exists.
references:
  - title: TODO title
    url: https://example.org/TODO
    kind: docs
# Observable behaviours per level; at least three each, plainly different between levels.
expectations:
{expectations}owner: "@handbook/TODO"  # team or handle that keeps this current
last_reviewed: {today.isoformat()}
# Questions: add them with `handbook new question {competency_id}`.
questions: []
"""


def question_skeleton(question_id: str, level_ids: list[str], level: str) -> str:
    """The YAML text of one new question (a list item under ``questions:``), as a draft.

    Args:
        question_id: Id of the new question.
        level_ids: Every level id, for signals.
        level: The level it targets.

    Returns:
        Text to append under the competency's ``questions:`` key.
    """
    signals = "".join(
        f"      {lv}:\n        - TODO what an answer at this level contains.\n" for lv in level_ids
    )
    return f"""  # New question: fill in every TODO, then set status to active.
  - id: {question_id}  # unique; starts with the competency id
    prompt: |  # the question as asked
      TODO
    kind: conceptual  # conceptual, design, debugging, coding, operational or behavioural
    level: {level}  # the level it targets
    minutes: 10  # time box, follow-ups included
    audience: interviewer  # public reaches candidates with its model answer; interviewer never
    status: draft  # draft questions never reach kits or the site
    model_answer: |  # what a strong answer says (150+ words for public questions)
      TODO
    follow_ups:  # in the order to ask them
      - ask: TODO
        probes: TODO what this follow-up tells you
      - ask: TODO
        probes: TODO
    signals:  # per level, what an answer at that level contains
{signals}    red_flags:  # what disqualifies an answer
      - TODO
      - TODO
    tags: []
"""


def new_competency(
    handbook: Handbook, competency_id: str, area: str, requirements: list[str], today: dt.date
) -> list[Path]:
    """Create a competency file and wire it into ``role.yaml`` and ``areas.yaml``.

    Args:
        handbook: The valid model to add to.
        competency_id: Id of the new competency.
        area: Id of its area.
        requirements: Requirement ids it covers (at least one).
        today: Date for ``last_reviewed``.

    Returns:
        The files written.

    Raises:
        UsageError: On a bad id, an unknown area or requirement, or an existing file.
    """
    if not _ID.match(competency_id):
        raise UsageError(
            f"{competency_id!r} is not a valid id; use lower-case words joined by "
            "hyphens, such as 'event-streaming'"
        )
    areas = [a.id for a in handbook.areas.areas]
    if area not in areas:
        raise UsageError(f"unknown area {area!r}; use one of {', '.join(areas)}")
    if any(c.id == competency_id for c in handbook.competencies):
        raise UsageError(f"competency {competency_id!r} exists already")
    items = {r.id: ("requirements", i) for i, r in enumerate(handbook.role.requirements)}
    items |= {e.id: ("experience_lines", i) for i, e in enumerate(handbook.role.experience_lines)}
    listed = [r.id for r in handbook.role.lines() if competency_id in r.competencies]
    requirements = list(dict.fromkeys([*listed, *requirements]))
    if not requirements:
        raise UsageError(
            "name at least one requirement it covers with --requirement ID "
            "(ids are in role.yaml and on the posting map)"
        )
    unknown = [r for r in requirements if r not in items]
    if unknown:
        raise UsageError(f"unknown requirement {', '.join(unknown)}; use ids from role.yaml")
    target = handbook.root / area / f"{competency_id}.yaml"
    if target.exists():
        raise UsageError(f"{target} exists already")

    role_file = handbook.root / ROLE_FILE
    role_text = role_file.read_text(encoding="utf-8")
    for req in requirements:
        group, index = items[req]
        if competency_id not in handbook.role.model_dump()[group][index]["competencies"]:
            role_text = _edit_flow_list(
                handbook.documents["role"],
                role_text,
                (group, index, "competencies"),
                lambda items: [*items, competency_id],
            )
    written = [target, role_file]
    for a_index, a in enumerate(handbook.areas.areas):
        if competency_id in a.planned:
            areas_file = handbook.root / AREAS_FILE
            areas_text = _edit_flow_list(
                handbook.documents["areas"],
                areas_file.read_text(encoding="utf-8"),
                ("areas", a_index, "planned"),
                lambda items: [i for i in items if i != competency_id],
            )
            areas_file.write_text(areas_text, encoding="utf-8")
            written.append(areas_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        competency_skeleton(competency_id, area, requirements, handbook.level_ids, today),
        encoding="utf-8",
    )
    role_file.write_text(role_text, encoding="utf-8")
    return written


def new_question(handbook: Handbook, competency_id: str) -> tuple[Path, str]:
    """Append a draft question skeleton to a competency file.

    Args:
        handbook: The valid model.
        competency_id: The competency that gets the question.

    Returns:
        The file changed and the new question's id.

    Raises:
        UsageError: On an unknown competency or a file whose last key is not ``questions``.
    """
    if competency_id not in handbook.files:
        raise UsageError(f"unknown competency {competency_id!r}")
    taken = {q.id for c in handbook.competencies for q in c.questions}
    number = 1
    while f"{competency_id}-new-question-{number}" in taken:
        number += 1
    question_id = f"{competency_id}-new-question-{number}"
    file = handbook.root / handbook.files[competency_id]
    text = file.read_text(encoding="utf-8")
    last_key = [line for line in text.split("\n") if re.match(r"^[a-z_]+:", line)][-1]
    if not last_key.startswith("questions:"):
        raise UsageError(
            f"{file}: questions must be the last key for `new question` to append; "
            "add the question by hand"
        )
    if re.search(r"^questions:\s*\[\]\s*(#.*)?$", text, flags=re.M):
        text = re.sub(r"^questions:\s*\[\]", "questions:", text, flags=re.M)
    level = handbook.role.target_level
    skeleton = question_skeleton(question_id, handbook.level_ids, level)
    existing = re.search(r"^questions:\n(?:#.*\n)*( *)- ", text, flags=re.M)
    if existing and existing.group(1) != "  ":
        indent = existing.group(1)
        skeleton = "\n".join(indent + line[2:] if line else line for line in skeleton.split("\n"))
    file.write_text(text.rstrip("\n") + "\n" + skeleton, encoding="utf-8")
    return file, question_id
