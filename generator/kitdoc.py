"""Interview kits as documents: JSON for hiring tools, HTML and PDF for printing.

Markdown comes from :meth:`generator.render.Renderer.kit`; this module converts it.
PDF goes through WeasyPrint, a real layout engine, on A4 or US Letter paper.
"""

from __future__ import annotations

import html
import json
import re
from importlib.resources import files
from typing import Any

import markdown

from generator.kit import KitPlan

PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def kit_json(plan: KitPlan) -> dict[str, Any]:
    """The kit as a JSON-ready mapping for hiring tools.

    Args:
        plan: The planned kit.

    Returns:
        A mapping with ``questions`` (flat, in interview order), ``rounds`` and ``scorecard``.
    """
    questions = []
    rounds = []
    for plan_round in plan.rounds:
        ids = []
        for pick in plan_round.picks:
            q = pick.question
            ids.append(q.id)
            questions.append(
                {
                    "id": q.id,
                    "round": plan_round.round.id,
                    "competency": pick.competency.id,
                    "start_minute": pick.start,
                    "minutes": q.minutes,
                    "kind": q.kind.value,
                    "level": q.level,
                    "audience": q.audience.value,
                    "prompt": q.prompt,
                    "follow_ups": [{"ask": f.ask, "probes": f.probes} for f in q.follow_ups],
                    "signals": {level: list(items) for level, items in q.signals.items()},
                    "red_flags": list(q.red_flags),
                    "model_answer": q.model_answer,
                }
            )
        rounds.append(
            {
                "id": plan_round.round.id,
                "title": plan_round.round.title,
                "minutes": plan_round.round.minutes,
                "question_minutes": plan_round.used,
                "questions": ids,
            }
        )
    return {
        "version": 1,
        "kit": plan.id,
        "title": plan.title,
        "level": plan.level.id,
        "seed": plan.seed,
        "rounds": rounds,
        "questions": questions,
        "scorecard": {
            "scale": [{"score": r.score, "label": r.label, "anchor": r.anchor} for r in plan.scale],
            "competencies": [{"id": c.id, "title": c.title} for c in plan.competencies],
            "recommendations": [r.label for r in reversed(plan.scale)],
        },
    }


def kit_json_text(plan: KitPlan) -> str:
    """Serialise :func:`kit_json` as indented JSON ending with a newline."""
    return json.dumps(kit_json(plan), indent=2, ensure_ascii=False) + "\n"


def markdown_to_html(text: str, paper: str = "a4") -> str:
    """Convert a kit's Markdown into one self-contained, printable HTML page.

    Args:
        text: The kit Markdown, front matter included.
        paper: ``a4`` or ``letter``.

    Returns:
        A complete HTML document with inline styles and no external resources.
    """
    body = re.sub(r"\A---\n.*?\n---\n", "", text, count=1, flags=re.S)
    title_match = re.search(r"^# (.+)$", body, flags=re.M)
    title = title_match.group(1) if title_match else "Interview kit"
    converted = markdown.markdown(
        body, extensions=["tables", "attr_list", "def_list", "fenced_code", "sane_lists"]
    )
    css = (files("generator") / "templates" / "kit.css").read_text(encoding="utf-8")
    css = css.replace("PAPER_SIZE", PAPER_SIZES[paper])
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{css}</style>\n</head>\n<body>\n{converted}\n</body>\n</html>\n"
    )


def html_to_pdf(document: str) -> bytes:
    """Render an HTML document to PDF with WeasyPrint.

    Args:
        document: A self-contained HTML document.

    Returns:
        The PDF bytes.
    """
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only for PDF output

    pdf = HTML(string=document).write_pdf()
    assert pdf is not None
    return bytes(pdf)
