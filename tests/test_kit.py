"""Interview kits: selection rules, determinism, rotation and every output format."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.errors import UsageError
from generator.kit import plan_adhoc, plan_kit
from generator.load import load_handbook
from generator.model import QuestionKind, QuestionStatus
from generator.validate import check
from tests.conftest import FIXTURE_MODEL, REAL_MODEL, edit_yaml, run_handbook


def fixture() -> Any:
    handbook = load_handbook(FIXTURE_MODEL, "model")
    check(handbook)
    return handbook


def real() -> Any:
    handbook = load_handbook(REAL_MODEL, "competencies")
    check(handbook)
    return handbook


REAL_KITS = [k.id for k in load_handbook(REAL_MODEL, "competencies").kits]


def test_round_fills_time_box_and_covers_focus() -> None:
    plan = plan_kit(fixture(), "screen", seed=0)
    (rnd,) = plan.rounds
    assert rnd.budget * 2 <= rnd.used * 3
    assert rnd.used <= rnd.budget
    assert {p.competency.id for p in rnd.picks} == {"cache-basics", "retry-basics"}


def test_same_seed_same_kit_and_seeds_rotate() -> None:
    handbook = fixture()
    ids = {
        seed: [p.question.id for p in plan_kit(handbook, "screen", seed).rounds[0].picks]
        for seed in range(8)
    }
    assert ids[3] == [p.question.id for p in plan_kit(handbook, "screen", 3).rounds[0].picks]
    assert len({tuple(sorted(v)) for v in ids.values()}) > 1


def test_drafts_and_retired_questions_are_never_chosen(model_copy: Path) -> None:
    def retire(d: dict[str, Any]) -> None:
        d["questions"][1]["status"] = "retired"

    edit_yaml(model_copy / "core/cache-basics.yaml", retire)
    handbook = load_handbook(model_copy, "model")
    check(handbook)
    for seed in range(20):
        for rnd in plan_kit(handbook, "screen", seed).rounds:
            for pick in rnd.picks:
                assert pick.question.status is QuestionStatus.ACTIVE


def test_adhoc_round_respects_kinds() -> None:
    plan = plan_adhoc(
        fixture(),
        level="senior",
        minutes=30,
        focus=["cache-basics"],
        kinds=[QuestionKind.DEBUGGING],
        seed=1,
    )
    assert {p.question.kind for p in plan.rounds[0].picks} == {QuestionKind.DEBUGGING}


def test_round_that_cannot_be_filled_is_an_error() -> None:
    with pytest.raises(UsageError, match="cannot fill two thirds"):
        plan_adhoc(fixture(), level="senior", minutes=90, focus=["cache-basics"], kinds=[], seed=0)


def test_unknown_loop_and_level() -> None:
    with pytest.raises(UsageError, match="no interview loop 'nope'; known loops: screen"):
        plan_kit(fixture(), "nope")
    with pytest.raises(UsageError, match="unknown level 'cto'"):
        plan_adhoc(fixture(), level="cto", minutes=30, focus=["cache-basics"], kinds=[])


def test_real_loops_fill_every_round_for_many_seeds() -> None:
    handbook = real()
    assert REAL_KITS
    for kit_id, seed in [(k, s) for k in REAL_KITS for s in range(10)]:
        plan = plan_kit(handbook, kit_id, seed)
        for rnd in plan.rounds:
            assert rnd.budget * 2 <= rnd.used * 3 <= rnd.budget * 3
            assert {p.competency.id for p in rnd.picks} == set(rnd.round.focus)
            if rnd.round.kinds:
                assert {p.question.kind for p in rnd.picks} <= set(rnd.round.kinds)


def test_real_model_has_a_phone_screen_and_an_onsite() -> None:
    assert {"phone-screen", "senior-onsite"} <= set(REAL_KITS)


def test_kit_json_through_the_cli() -> None:
    result = run_handbook("kit", "screen", "--format", "json", "--model-dir", str(FIXTURE_MODEL))
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["kit"] == "screen"
    first = doc["questions"][0]
    assert set(first) >= {
        "id",
        "competency",
        "minutes",
        "prompt",
        "follow_ups",
        "signals",
        "red_flags",
    }
    assert [c["id"] for c in doc["scorecard"]["competencies"]]
    assert [r["score"] for r in doc["scorecard"]["scale"]] == [1, 2, 3, 4]


def test_kit_markdown_has_plan_rubrics_and_scorecard() -> None:
    result = run_handbook("kit", "screen", "--model-dir", str(FIXTURE_MODEL))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for needle in (
        "| Minute | What |",
        "**Follow-ups, in order**",
        "Below the bar",
        "At the bar",
        "Above the bar",
        "**Red flags:**",
        "## Scorecard",
        "**Overall recommendation**",
        "Strong hire",
    ):
        assert needle in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_kit_pdf_is_a_real_pdf(tmp_path: Path, paper: str) -> None:
    target = tmp_path / "kit.pdf"
    result = run_handbook(
        "kit",
        "screen",
        "--format",
        "pdf",
        "--paper",
        paper,
        "-o",
        str(target),
        "--model-dir",
        str(FIXTURE_MODEL),
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(target)
    width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == {"a4": (595, 842), "letter": (612, 792)}[paper]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Scorecard" in text
    assert "Overall recommendation" in text


def test_kit_html_is_self_contained(tmp_path: Path) -> None:
    target = tmp_path / "kit.html"
    result = run_handbook(
        "kit", "screen", "--format", "html", "-o", str(target), "--model-dir", str(FIXTURE_MODEL)
    )
    assert result.returncode == 0, result.stderr
    page = target.read_text()
    assert page.startswith("<!doctype html>")
    assert "<table>" in page
    assert "http" not in page.split("<body>")[0]


def test_adhoc_cli_and_usage_errors() -> None:
    ok = run_handbook(
        "kit",
        "--level",
        "senior",
        "--minutes",
        "30",
        "--focus",
        "cache-basics,retry-basics",
        "--model-dir",
        str(FIXTURE_MODEL),
    )
    assert ok.returncode == 0, ok.stderr
    both = run_handbook("kit", "screen", "--level", "senior", "--model-dir", str(FIXTURE_MODEL))
    assert both.returncode == 2
    assert "not both" in both.stderr
    kind = run_handbook(
        "kit",
        "--level",
        "senior",
        "--minutes",
        "30",
        "--focus",
        "cache-basics",
        "--kind",
        "trivia",
        "--model-dir",
        str(FIXTURE_MODEL),
    )
    assert kind.returncode == 2
    assert "--kind takes" in kind.stderr


def test_csv_export_loads_in_a_spreadsheet_reader(tmp_path: Path) -> None:
    target = tmp_path / "q.csv"
    result = run_handbook(
        "export",
        "--format",
        "csv",
        "--edition",
        "interviewer",
        "-o",
        str(target),
        "--model-dir",
        str(FIXTURE_MODEL),
    )
    assert result.returncode == 0, result.stderr
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    assert {r["audience"] for r in rows} == {"public", "interviewer"}
    candidate = run_handbook("export", "--format", "csv", "--model-dir", str(FIXTURE_MODEL))
    assert "SECRET" not in candidate.stdout


def test_anki_export_has_one_card_per_public_question() -> None:
    result = run_handbook(
        "export", "--format", "anki", "--edition", "interviewer", "--model-dir", str(FIXTURE_MODEL)
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "#separator:tab"
    cards = [line for line in lines if not line.startswith("#")]
    assert len(cards) == 2
    assert all(len(card.split("\t")) == 3 for card in cards)
    assert "SECRET" not in result.stdout


def test_stale_lists_overdue_items() -> None:
    late = run_handbook("stale", "--days", "20", "--today", "2026-11-28", str(FIXTURE_MODEL))
    assert late.returncode == 1
    assert "competency 'cache-basics' last reviewed 2026-11-01 (27 days ago)" in late.stdout
    fresh = run_handbook("stale", "--days", "90", "--today", "2026-11-28", str(FIXTURE_MODEL))
    assert fresh.returncode == 0
    assert fresh.stdout == ""


def test_seeds_rotate_through_the_real_bank() -> None:
    handbook = real()
    for kit_id in REAL_KITS:
        one = {p.question.id for r in plan_kit(handbook, kit_id, 0).rounds for p in r.picks}
        seen = {
            p.question.id
            for s in range(20)
            for r in plan_kit(handbook, kit_id, s).rounds
            for p in r.picks
        }
        assert len(seen) >= len(one) * 1.5, kit_id
