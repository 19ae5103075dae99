"""Real strict builds of the real site, and what each edition may contain."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.load import load_handbook
from generator.model import Audience
from tests.conftest import REAL_MODEL, run_handbook

pytestmark = pytest.mark.build

EXTERNAL = re.compile(r"""(?:src|href)=["']?(https?:)?//(?!example-org\.github\.io)[^"' >]+""")


def snippets() -> list[tuple[str, str]]:
    """An id and a run of plain words from every interviewer-only question."""
    handbook = load_handbook(REAL_MODEL, "competencies")
    found = []
    for competency in handbook.competencies:
        for q in competency.questions:
            if q.audience is Audience.INTERVIEWER:
                runs = re.findall(r"[A-Za-z][A-Za-z ,]{30,}", q.prompt)
                found.append((q.id, max(runs, key=len).strip()[:60] if runs else q.id))
    return found


def site_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file()
        and p.suffix in {".html", ".json", ".xml", ".txt", ".js"}
        and "assets/" not in p.relative_to(site).as_posix()
    }


def test_candidate_site_holds_nothing_interviewer_only(sites: dict[str, Path]) -> None:
    files = site_text(sites["candidate"])
    assert "search/search_index.json" in files
    assert "sitemap.xml" in files
    checked = snippets()
    assert checked, "the real model has no interviewer-only question to check"
    for question_id, text in checked:
        for path, content in files.items():
            assert question_id not in content, f"{question_id} leaked into {path}"
            assert text not in content, f"text of {question_id} leaked into {path}"
    assert not any(path.startswith("interviewer/") for path in files)


def test_interviewer_site_holds_every_question(sites: dict[str, Path]) -> None:
    files = site_text(sites["interviewer"])
    index = files["search/search_index.json"]
    for question_id, _ in snippets():
        assert any(question_id in text for text in files.values()), question_id
    assert "Confidential: interviewer edition." in files["index.html"]
    assert index


def test_no_request_leaves_the_origin(sites: dict[str, Path]) -> None:
    for edition, site in sites.items():
        for path, content in site_text(site).items():
            if not path.endswith(".html"):
                continue
            for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", content):
                assert not EXTERNAL.search(tag), f"{edition}/{path}: {tag}"


def test_mermaid_is_served_from_the_site_and_only_where_needed(sites: dict[str, Path]) -> None:
    site = sites["candidate"]
    assert (site / "assets/vendor/mermaid-11.17.2.min.js").stat().st_size > 1_000_000
    assert "vendor/mermaid-11.17.2.min.js" in (site / "assets/javascripts/handbook.js").read_text()
    home = (site / "index.html").read_text()
    assert "mermaid-11.17.2.min.js" not in home, "Mermaid must not block every page's render"
    study = (site / "competencies/system-design/caching/index.html").read_text()
    assert 'class="hb-mermaid"' in study


def test_every_competency_has_a_study_page(sites: dict[str, Path]) -> None:
    handbook = load_handbook(REAL_MODEL, "competencies")
    for competency in handbook.competencies:
        page = sites["candidate"] / "competencies" / competency.area / competency.id / "index.html"
        assert page.is_file(), page
        assert competency.title in page.read_text()


def test_generated_pages_are_committed_and_fresh() -> None:
    result = run_handbook("generate", "--check")
    assert result.returncode == 0, result.stderr


def test_every_internal_link_resolves(sites: dict[str, Path]) -> None:
    lychee = Path(sys.executable).parent / "lychee"
    for site in sites.values():
        result = subprocess.run(
            [
                str(lychee),
                "--offline",
                "--no-progress",
                "--index-files",
                "index.html",
                "--exclude-path",
                str(site / "404.html"),
                str(site),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_pages_ship_no_dead_weight(sites: dict[str, Path]) -> None:
    site = sites["candidate"]
    study = (site / "competencies/languages/go/index.html").read_text()
    assert '<div class="highlight">' in study
    assert '<span class="w">' not in study, "white-space spans should be unwrapped"
    assert "__codelineno" not in study, "line anchors nobody links to"
    assert not re.search(r"\n[ \t]+<", study.split("<pre", 1)[0]), "indentation left in"
    bank = (site / "questions/index.html").read_text()
    assert 'id="caching-' in bank
    assert 'data-labels="' in bank
    # The overall bank hides its table of contents, so the navigation drawer must not
    # carry one either, and questions are a list of links, not headings.
    assert not re.search(r'class="md-nav__link"[^>]*href="#caching-', bank)
    assert not re.search(r'<h2 id="caching-', bank)
