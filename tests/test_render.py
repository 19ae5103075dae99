"""Rendering: golden files for every page type, and edition separation.

Set HANDBOOK_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change,
then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.generate import write_files
from generator.load import load_handbook
from generator.render import Edition, Renderer, question_title
from generator.validate import check
from tests.conftest import FIXTURE_MODEL

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("HANDBOOK_UPDATE_GOLDEN") == "1"
REPO = "https://github.com/example-org/handbook"


def render(edition: Edition | None) -> dict[str, str]:
    handbook = load_handbook(FIXTURE_MODEL, "model")
    check(handbook)
    return Renderer(handbook, REPO).pages(edition)


@pytest.mark.parametrize("edition", [Edition.CANDIDATE, Edition.INTERVIEWER])
def test_pages_match_golden_files(edition: Edition) -> None:
    pages = render(edition)
    folder = GOLDEN / edition.value
    if UPDATE:
        write_files(folder, pages, ("",))
    expected = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.md"))
    }
    assert sorted(pages) == sorted(expected)
    for path, text in pages.items():
        assert text == expected[path], f"{path} differs from its golden file"


def test_rendering_is_deterministic() -> None:
    assert render(None) == render(None)


def test_candidate_pages_hold_no_interviewer_text() -> None:
    pages = render(Edition.CANDIDATE)
    assert not any(path.startswith("interviewer/") for path in pages)
    assert not any("SECRET" in text for text in pages.values())


def test_drafts_are_not_rendered() -> None:
    pages = render(None)
    assert not any("A draft question." in text for text in pages.values())


def test_interviewer_pages_hold_full_rubrics() -> None:
    page = render(Edition.INTERVIEWER)["interviewer/core/cache-basics.md"]
    for needle in (
        "SECRET-INTERVIEWER-ONLY-PROMPT",
        "Restarts Redis.",
        "Fixes it platform-wide.",
        "How would you prevent it?",
    ):
        assert needle in page


def test_calibration_has_a_page_per_area_linked_from_each_rubric() -> None:
    pages = render(Edition.INTERVIEWER)
    index = pages["interviewer/calibration/index.md"]
    assert "[Core](core.md): 1 question with rated samples" in index
    area = pages["interviewer/calibration/core.md"]
    # Highest score first, each sample under its own anchor, the rating folded away.
    assert area.index("works out the hit ratio") < area.index("for an hour")
    assert "{ #cache-basics-when }" in area
    assert "{ #cache-basics-when-sample-2 }" in area
    assert '??? note "Rating: 4 (Strong hire)"' in area
    rubric = pages["interviewer/core/cache-basics.md"]
    link = "[2 rated sample answers](../../interviewer/calibration/core.md#cache-basics-when)"
    assert link in rubric
    assert rubric.count("rated sample answers") == 1


def test_study_page_links_to_its_yaml() -> None:
    page = render(Edition.CANDIDATE)["competencies/core/cache-basics.md"]
    assert f"{REPO}/edit/main/competencies/core/cache-basics.yaml" in page


def test_write_files_touches_only_changed_files(tmp_path: Path) -> None:
    pages = {"docs/a.md": "a\n", "docs/b.md": "b\n"}
    first = write_files(tmp_path, pages, ("docs",))
    assert sorted(first.written) == ["docs/a.md", "docs/b.md"]
    stamp = (tmp_path / "docs/a.md").stat().st_mtime_ns
    (tmp_path / "docs/stale.md").write_text("old")
    second = write_files(tmp_path, {**pages, "docs/b.md": "B\n"}, ("docs",))
    assert second.written == ["docs/b.md"]
    assert second.deleted == ["docs/stale.md"]
    assert (tmp_path / "docs/a.md").stat().st_mtime_ns == stamp
    assert write_files(tmp_path, {**pages, "docs/b.md": "B\n"}, ("docs",)).written == []


def test_large_areas_list_only_their_index_in_the_navigation() -> None:
    handbook = load_handbook(FIXTURE_MODEL, "competencies")
    check(handbook)
    full = Renderer(handbook, REPO)
    assert full.nav_omitted(Edition.INTERVIEWER) == []
    small = Renderer(handbook, REPO, nav_area_limit=0)
    nav = str(small.nav(Edition.INTERVIEWER))
    omitted = small.nav_omitted(Edition.INTERVIEWER)
    study = [full.page_path(c) for c in handbook.competencies]
    assert study
    for path in study:
        assert path in str(full.nav(Edition.INTERVIEWER))
        assert path not in nav
        assert path in omitted
    assert all(f"interviewer/{c.area}/{c.id}.md" in omitted for c in handbook.competencies)
    assert small.nav_omitted(Edition.CANDIDATE) == study
    # Each area keeps its index page, which links every competency.
    assert "competencies/" + handbook.competencies[0].area + "/index.md" in nav


@pytest.mark.parametrize(
    ("prompt", "title"),
    [
        (
            "Explain how `VACUUM` reclaims space in PostgreSQL. Then say when it cannot.",
            "Explain how VACUUM reclaims space in PostgreSQL.",
        ),
        (
            "MySQL 8.0. A join between `orders` and `customers` takes 9 s. Why?",
            "MySQL 8.0. A join between orders and customers takes 9 s.",
        ),
        (
            "Production scenario.\nIt is 14:09.  Checkout is down.",
            "Production scenario. It is 14:09. Checkout is down.",
        ),
    ],
)
def test_question_title_is_a_telling_first_sentence(prompt: str, title: str) -> None:
    handbook = load_handbook(FIXTURE_MODEL, "competencies")
    question = handbook.competencies[0].questions[0].model_copy(update={"prompt": prompt})
    assert question_title(question) == title
