"""Change summary: compare the model at a git revision with the working tree, as Markdown.

``handbook diff BASE`` prints what a reviewer of a pull request needs: competencies and
questions added, removed and changed, expectation changes per level, coverage changes
against the posting, and whatever validation reports for the working tree.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ModelInvalidError, Problem, UsageError
from generator.load import Handbook, load_handbook
from generator.model import Competency
from generator.validate import check


@dataclass
class Side:
    """One side of the comparison: a loaded model, or the problems that stopped it loading."""

    handbook: Handbook | None
    problems: list[Problem] = field(default_factory=list)


def load_side(root: Path, display: str) -> Side:
    """Load and validate a model, keeping problems instead of raising.

    Args:
        root: The model folder.
        display: How to show it in problems.

    Returns:
        The model (when it loads) and every problem found.
    """
    try:
        handbook = load_handbook(root, display)
    except ModelInvalidError as exc:
        return Side(None, exc.problems)
    try:
        check(handbook)
    except ModelInvalidError as exc:
        return Side(handbook, exc.problems)
    return Side(handbook)


def model_at_revision(repo: Path, ref: str, model_dir: str, target: Path) -> Path:
    """Extract the model folder as it was at ``ref`` into ``target``.

    Args:
        repo: The git work tree.
        ref: Any git revision (branch, tag, commit).
        model_dir: The model folder, relative to the work tree.
        target: An empty folder to extract into.

    Returns:
        The extracted model folder.

    Raises:
        UsageError: When git cannot read the revision.
    """
    result = subprocess.run(  # noqa: S603 - argument list, no shell
        ["git", "archive", "--format=tar", ref, "--", model_dir],  # noqa: S607 - git on PATH
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"cannot read {model_dir}/ at {ref!r}: {message[-1] if message else ''}")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(target, filter="data")
    return target / model_dir


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _changed_fields(before: dict[str, Any], after: dict[str, Any], skip: set[str]) -> list[str]:
    notes = []
    for key in after:
        if key in skip or before.get(key) == after.get(key):
            continue
        old, new = before.get(key), after.get(key)
        if isinstance(new, str) and isinstance(old, str):
            delta = _words(new) - _words(old)
            notes.append(f"{key} ({delta:+d} words)" if delta else key)
        elif isinstance(new, list) and isinstance(old, list) and len(new) != len(old):
            notes.append(f"{key} ({len(new) - len(old):+d})")
        else:
            notes.append(key)
    return notes


def _questions(handbook: Handbook | None) -> dict[str, tuple[str, dict[str, Any]]]:
    if handbook is None:
        return {}
    return {
        q.id: (c.id, q.model_dump(mode="json")) for c in handbook.competencies for q in c.questions
    }


def _competency_lines(old: dict[str, Competency], new: dict[str, Competency]) -> list[str]:
    lines: list[str] = []
    for cid in sorted(new.keys() - old.keys()):
        c = new[cid]
        lines.append(
            f"- **Added** `{cid}` ({c.title}): {_words(c.study_notes)} words, "
            f"{len(c.questions)} questions"
        )
    lines += [
        f"- **Removed** `{cid}` ({old[cid].title})" for cid in sorted(old.keys() - new.keys())
    ]
    for cid in sorted(new.keys() & old.keys()):
        before = old[cid].model_dump(mode="json")
        fields = _changed_fields(before, new[cid].model_dump(mode="json"), {"questions"})
        if fields:
            lines.append(f"- **Changed** `{cid}`: {', '.join(fields)}")
    return lines


def _question_rows(base: Side, head: Side) -> list[str]:
    old_q, new_q = _questions(base.handbook), _questions(head.handbook)
    rows = []
    for change, ids, source in (
        ("added", new_q.keys() - old_q.keys(), new_q),
        ("removed", old_q.keys() - new_q.keys(), old_q),
    ):
        for qid in sorted(ids):
            cid, q = source[qid]
            rows.append(f"| {change} | `{qid}` | {cid} | {q['audience']} | {q['status']} |")
    for qid in sorted(new_q.keys() & old_q.keys()):
        cid, q = new_q[qid]
        fields = _changed_fields(old_q[qid][1], q, set())
        if fields:
            rows.append(
                f"| changed: {', '.join(fields)} | `{qid}` | {cid} | {q['audience']} | "
                f"{q['status']} |"
            )
    return rows


def _expectation_lines(
    old: dict[str, Competency], new: dict[str, Competency], levels: list[str]
) -> list[str]:
    lines = []
    for cid in sorted(new.keys() & old.keys()):
        for level in levels:
            before = old[cid].expectations.get(level, [])
            after = new[cid].expectations.get(level, [])
            lines += [
                f"- `{cid}` · {level} · added: {item}" for item in after if item not in before
            ]
            lines += [
                f"- `{cid}` · {level} · removed: {item}" for item in before if item not in after
            ]
    return lines


def _coverage(side: Side) -> dict[str, list[str]]:
    if side.handbook is None:
        return {}
    return {r.id: list(r.competencies) for r in side.handbook.role.lines()}


def summary(base: Side, head: Side, base_label: str) -> str:
    """Render the change summary as Markdown.

    Args:
        base: The model at the base revision.
        head: The model in the working tree.
        base_label: How to name the base revision.

    Returns:
        Markdown for a pull request comment or a CI job summary.
    """
    out = [f"## Competency model changes since `{base_label}`", ""]
    errors = [p for p in head.problems if p.severity == "error"]
    if errors:
        out += [f"**Validation: {len(errors)} error(s).** Fix these before merging:", "", "```"]
        out += [str(p) for p in errors[:50]] + ["```", ""]
    else:
        out += ["**Validation: the model is valid.**", ""]
    if head.handbook is None:
        return "\n".join(out)
    old = {c.id: c for c in base.handbook.competencies} if base.handbook else {}
    new = {c.id: c for c in head.handbook.competencies}
    out += ["### Competencies", "", *(_competency_lines(old, new) or ["No change."]), ""]
    rows = _question_rows(base, head)
    header = [
        "| Change | Question | Competency | Audience | Status |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += ["### Questions", "", *((header + rows) if rows else ["No change."]), ""]
    expectations = _expectation_lines(old, new, head.handbook.level_ids)
    out += ["### Expectations by level", "", *(expectations or ["No change."]), ""]
    old_cov, new_cov = _coverage(base), _coverage(head)
    changes = [
        f"- `{rid}`: {', '.join(old_cov.get(rid, [])) or 'none'} → {', '.join(comps) or 'none'}"
        for rid, comps in new_cov.items()
        if old_cov.get(rid) != comps
    ]
    gaps_before = sum(1 for comps in old_cov.values() if not set(comps) & set(old))
    gaps_after = sum(1 for comps in new_cov.values() if not set(comps) & set(new))
    out += [
        "### Coverage of the posting",
        "",
        f"Posting lines waiting for a written competency: {gaps_before} → {gaps_after}.",
        "",
    ]
    out += changes or ["No change to which competencies cover which lines."]
    return "\n".join(out) + "\n"


def diff(repo: Path, model_dir: str, ref: str) -> str:
    """Compare the model at ``ref`` with the working tree.

    Args:
        repo: The git work tree.
        model_dir: The model folder relative to the work tree.
        ref: The base revision.

    Returns:
        The Markdown summary.
    """
    head = load_side(repo / model_dir, model_dir)
    with tempfile.TemporaryDirectory() as folder:
        base = load_side(model_at_revision(repo, ref, model_dir, Path(folder)), model_dir)
    return summary(base, head, ref)
