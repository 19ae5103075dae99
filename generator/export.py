"""Export the model as a versioned JSON document for other tools.

The document's shape is documented in ``docs/contributing/export.md``. Bump
:data:`EXPORT_VERSION` on any change that removes or renames a field; adding a
field is backwards compatible and keeps the version.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

import markdown

from generator import model as m
from generator.load import Handbook
from generator.render import Edition

EXPORT_VERSION = 1
"""Version of the JSON export format."""


def _question(q: m.Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "prompt": q.prompt,
        "kind": q.kind.value,
        "level": q.level,
        "minutes": q.minutes,
        "audience": q.audience.value,
        "status": q.status.value,
        "model_answer": q.model_answer,
        "follow_ups": [{"ask": f.ask, "probes": f.probes} for f in q.follow_ups],
        "signals": {level: list(items) for level, items in q.signals.items()},
        "red_flags": list(q.red_flags),
        "tags": list(q.tags),
    }


def visible(q: m.Question, edition: Edition) -> bool:
    """Whether a question may appear in ``edition``'s exports.

    The interviewer edition exports every question with its status; the candidate
    edition only active public ones.

    Args:
        q: The question.
        edition: The edition being exported.

    Returns:
        Whether to include the question.
    """
    if edition is Edition.INTERVIEWER:
        return True
    return q.for_candidates


def export_document(handbook: Handbook, edition: Edition) -> dict[str, Any]:
    """Build the export document for ``edition``.

    Args:
        handbook: The validated model.
        edition: ``candidate`` leaves out every interviewer-only question.

    Returns:
        A JSON-ready mapping.
    """
    role = handbook.role
    requirements = [
        {
            "id": r.id,
            "section": r.section,
            "text": r.text,
            "priority": r.priority.value,
            "competencies": list(r.competencies),
        }
        for r in role.requirements
    ] + [
        {
            "id": e.id,
            "section": "experience",
            "text": e.text,
            "priority": "required",
            "competencies": list(e.competencies),
        }
        for e in role.experience_lines
    ]
    competencies = [
        {
            "id": c.id,
            "title": c.title,
            "area": c.area,
            "summary": c.summary,
            "requirements": [cov.requirement for cov in c.why_it_matters],
            "prerequisites": list(c.prerequisites),
            "related": list(c.related),
            "expectations": {level: list(items) for level, items in c.expectations.items()},
            "last_reviewed": c.last_reviewed.isoformat(),
            "questions": [_question(q) for q in c.questions if visible(q, edition)],
        }
        for c in handbook.competencies
    ]
    return {
        "version": EXPORT_VERSION,
        "edition": edition.value,
        "role": {
            "id": role.id,
            "title": role.title,
            "experience": role.experience,
            "target_level": role.target_level,
            "requirements": requirements,
        },
        "levels": [
            {"id": lv.id, "title": lv.title, "bar": lv.bar, "years": lv.years}
            for lv in handbook.levels.levels
        ],
        "rating_scale": [
            {"score": r.score, "label": r.label, "anchor": r.anchor}
            for r in handbook.levels.rating_scale
        ],
        "areas": [{"id": a.id, "title": a.title} for a in handbook.areas.areas],
        "competencies": competencies,
    }


def export_json(handbook: Handbook, edition: Edition) -> str:
    """Serialise the export document as stable, indented JSON.

    Args:
        handbook: The validated model.
        edition: The edition to export.

    Returns:
        The JSON text, ending with a newline.
    """
    return json.dumps(export_document(handbook, edition), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "id",
    "competency",
    "competency_title",
    "area",
    "kind",
    "level",
    "minutes",
    "audience",
    "status",
    "last_reviewed",
    "prompt",
    "follow_ups",
    "model_answer",
    "signals_below",
    "signals_at",
    "signals_above",
    "red_flags",
    "tags",
)


def export_csv(handbook: Handbook, edition: Edition) -> str:
    """One row per question, for spreadsheets and applicant tracking system imports.

    Multi-valued cells (follow-ups, signals, red flags) hold one item per line. Signal
    columns follow the levels' positions against the bar: below, at and above.

    Args:
        handbook: The validated model.
        edition: ``candidate`` leaves out every interviewer-only question.

    Returns:
        RFC 4180 CSV text with a header row and CRLF line endings.
    """
    bars = {level.bar: level.id for level in handbook.levels.levels}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in handbook.competencies:
        for q in c.questions:
            if not visible(q, edition):
                continue
            writer.writerow(
                [
                    q.id,
                    c.id,
                    c.title,
                    c.area,
                    q.kind.value,
                    q.level,
                    q.minutes,
                    q.audience.value,
                    q.status.value,
                    (q.last_reviewed or c.last_reviewed).isoformat(),
                    q.prompt.strip(),
                    "\n".join(f"{i}. {f.ask}" for i, f in enumerate(q.follow_ups, 1)),
                    q.model_answer.strip(),
                    *(
                        "\n".join(q.signals.get(bars.get(bar, ""), []))
                        for bar in ("below", "at", "above")
                    ),
                    "\n".join(q.red_flags),
                    " ".join(q.tags),
                ]
            )
    return buffer.getvalue()


def _anki_field(text: str) -> str:
    """Markdown to the HTML Anki shows, escaped and kept on one line."""
    rendered = markdown.markdown(
        html.escape(text.strip(), quote=False), extensions=["fenced_code", "tables", "sane_lists"]
    )
    return rendered.replace("\t", "    ").replace("\r", "").replace("\n", "<br>")


def export_anki(handbook: Handbook, edition: Edition) -> str:
    """Public questions as flashcards in Anki's importable plain-text format.

    Front: the prompt; back: the model answer. Tags carry the area, competency and kind.
    Anki reads the ``#`` header lines (Anki 2.1.55 and later) for the separator, HTML
    and the tags column.

    Args:
        handbook: The validated model.
        edition: Ignored beyond the candidate rule: flashcards only ever hold public
            questions, which is what candidates may study.

    Returns:
        Tab-separated text, one card per line.
    """
    del edition
    lines = ["#separator:tab", "#html:true", "#tags column:3", "#deck:Backend Competency Handbook"]
    for c in handbook.competencies:
        for q in c.questions:
            if not visible(q, Edition.CANDIDATE):
                continue
            tags = " ".join([f"area::{c.area}", f"competency::{c.id}", f"kind::{q.kind.value}"])
            lines.append("\t".join([_anki_field(q.prompt), _anki_field(q.model_answer), tags]))
    return "\n".join(lines) + "\n"
