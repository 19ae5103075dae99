"""Export the model as a versioned JSON document for other tools.

The document's shape is documented in ``docs/contributing/export.md``. Bump
:data:`EXPORT_VERSION` on any change that removes or renames a field; adding a
field is backwards compatible and keeps the version.
"""

from __future__ import annotations

import json
from typing import Any

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

    Args:
        q: The question.
        edition: The edition being exported.

    Returns:
        ``False`` for interviewer-only questions in the candidate edition.
    """
    return edition is Edition.INTERVIEWER or q.audience is m.Audience.PUBLIC


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
