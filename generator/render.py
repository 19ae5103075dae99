"""Render the model into Markdown pages for one edition.

Python prepares plain view objects (links, counts, filtered question lists);
the Jinja templates under ``generator/templates/`` only lay them out. Nothing
here touches the file system: :mod:`generator.generate` writes the result.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2

from generator import model as m
from generator.kit import KitPlan, plan_kit
from generator.load import Handbook
from generator.plan import pack, study_order
from generator.schema import schema_reference

LANGUAGE_TITLES = {
    m.Language.GO: "Go",
    m.Language.PYTHON: "Python",
    m.Language.RUST: "Rust",
    m.Language.JAVA: "Java",
    m.Language.NODEJS: "Node.js",
}
PRIORITY_TITLES = {
    m.Priority.RESPONSIBILITY: "Responsibility",
    m.Priority.REQUIRED: "Required",
    m.Priority.GOOD_TO_HAVE: "Good to have",
    m.Priority.SYSTEM_DESIGN: "System design knowledge",
    m.Priority.EVALUATION_FOCUS: "Evaluation focus",
}


class Edition(StrEnum):
    """Which site is built: the public candidate edition or the private interviewer edition."""

    CANDIDATE = "candidate"
    INTERVIEWER = "interviewer"


CANDIDATE_DIRS = ("competencies", "guide", "questions", "reference")
"""Folders under ``docs/`` whose contents the generator owns in every edition."""

INTERVIEWER_DIRS = ("interviewer",)
"""Folders under ``docs/`` that only the interviewer edition builds."""


def owned_dirs(edition: Edition | None) -> tuple[str, ...]:
    """Folders under ``docs/`` the generator owns for ``edition`` (``None`` for both).

    Args:
        edition: The edition, or ``None`` for the pages of both editions.

    Returns:
        Folder names relative to ``docs/``.
    """
    if edition is Edition.CANDIDATE:
        return CANDIDATE_DIRS
    return CANDIDATE_DIRS + INTERVIEWER_DIRS


@dataclass(frozen=True)
class Link:
    """A reference to a competency: a written page or a planned one."""

    id: str
    title: str
    url: str | None


def _environment() -> jinja2.Environment:
    cache = Path(os.environ.get("HANDBOOK_CACHE", Path.cwd() / ".cache")) / "jinja"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode: jinja2.BytecodeCache | None = jinja2.FileSystemBytecodeCache(str(cache))
    except OSError:
        bytecode = None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        bytecode_cache=bytecode,
        undefined=jinja2.StrictUndefined,
        # Output is Markdown, not HTML; raw HTML in model text is refused by validation.
        autoescape=False,  # noqa: S701
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["block"] = _block
    env.filters["cell"] = _cell
    env.filters["oneline"] = _oneline
    return env


def _block(text: str, width: int = 4) -> str:
    """Indent Markdown so it nests inside an admonition or a content tab."""
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.strip("\n").split("\n"))


def _cell(text: str) -> str:
    """Make Markdown safe for one table cell."""
    return re.sub(r"\s*\n\s*", " ", text.strip()).replace("|", "\\|")


def _oneline(text: str) -> str:
    """Collapse text to one line, as for a title or a description."""
    return re.sub(r"\s+", " ", text).strip()


def _plain(text: str, limit: int = 155) -> str:
    """Strip Markdown marks and cut text to ``limit`` characters for meta descriptions."""
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_#>]", "", text)
    text = _oneline(text).replace('"', "'")
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


NAV_AREA_LIMIT = 40
"""Most competencies an area may list one by one in the site navigation.

Every page carries the navigation, and Material expands the reader's own area in it, so
an area of thousands of competencies would make each of its pages, and the build, grow
with the model. A larger area lists only its index page, which links every competency.
"""


class Renderer:
    """Turns a validated :class:`~generator.load.Handbook` into Markdown pages.

    Args:
        handbook: The validated model.
        repo_url: Address of the repository, for "edit this competency" links.
        branch: The branch that edit links point at.
        nav_area_limit: Most competencies an area lists one by one in the navigation.
    """

    def __init__(
        self,
        handbook: Handbook,
        repo_url: str,
        branch: str = "main",
        nav_area_limit: int = NAV_AREA_LIMIT,
    ) -> None:
        self.hb = handbook
        self.nav_area_limit = nav_area_limit
        self.repo_url = repo_url.rstrip("/")
        self.branch = branch
        self.env = _environment()
        self.areas = {a.id: a for a in handbook.areas.areas}
        self.planned = {p for a in handbook.areas.areas for p in a.planned}
        self.requirements = {r.id: r for r in handbook.role.requirements}
        self.experience = {e.id: e for e in handbook.role.experience_lines}
        self.sections = {s.id: s for s in handbook.role.sections}

    # ------------------------------------------------------------------ views

    def page_path(self, competency: m.Competency) -> str:
        """Path of a competency's study page, relative to ``docs/``."""
        return f"competencies/{competency.area}/{competency.id}.md"

    def rubric_path(self, competency: m.Competency) -> str:
        """Path of a competency's interviewer rubric page, relative to ``docs/``."""
        return f"interviewer/{competency.area}/{competency.id}.md"

    @functools.cached_property
    def level_titles(self) -> dict[str, str]:
        """Each level's title by id."""
        return {lv.id: lv.title for lv in self.hb.levels.levels}

    def link(self, competency_id: str, from_dir: str) -> Link:
        """Link to a competency from a page in ``from_dir`` (relative to ``docs/``)."""
        try:
            competency = self.hb.competency(competency_id)
        except KeyError:
            return Link(competency_id, competency_id.replace("-", " ").capitalize(), None)
        target = self.page_path(competency)
        return Link(competency.id, competency.title, _relative(target, from_dir))

    def questions(self, competency: m.Competency, edition: Edition) -> list[m.Question]:
        """Questions a reader of ``edition`` may see, drafts and retired ones excluded."""
        if edition is Edition.CANDIDATE:
            return [q for q in competency.questions if q.for_candidates]
        return [q for q in competency.questions if q.status is m.QuestionStatus.ACTIVE]

    def edit_url(self, competency: m.Competency) -> str:
        """Address of the page that edits a competency's YAML file in the repository."""
        path = f"competencies/{self.hb.files[competency.id].as_posix()}"
        return f"{self.repo_url}/edit/{self.branch}/{path}"

    def coverage(self, item: m.Requirement | m.ExperienceLine, from_dir: str) -> dict[str, Any]:
        """Links and public question count for one requirement on the posting map."""
        links = [self.link(cid, from_dir) for cid in item.competencies]
        written = [self.hb.competency(link.id) for link in links if link.url is not None]
        count = sum(len(self.questions(c, Edition.CANDIDATE)) for c in written)
        return {"item": item, "links": links, "questions": count, "covered": bool(written)}

    # ------------------------------------------------------------------ pages

    def pages(self, edition: Edition | None) -> dict[str, str]:
        """Render every page of ``edition`` (``None``: the pages of both).

        Args:
            edition: Which edition's pages to render.

        Returns:
            Page contents keyed by path relative to ``docs/``, in a stable order.
        """
        pages: dict[str, str] = {}
        pages["competencies/index.md"] = self._render("competencies.md.j2", areas=self._areas)
        for area in self._areas:
            pages[f"competencies/{area['area'].id}/index.md"] = self._render("area.md.j2", **area)
        for competency in self.hb.competencies:
            pages[self.page_path(competency)] = self._study_page(competency)
        pages["guide/posting-map.md"] = self._posting_map()
        pages["guide/leveling.md"] = self._leveling()
        pages["guide/study-plan.md"] = self._study_plan()
        pages["guide/self-assessment.md"] = self._self_assessment()
        pages["guide/tags.md"] = self._render("tags.md.j2")
        pages["questions/index.md"] = self._question_bank(None)
        for area in self._areas:
            pages[f"questions/{area['area'].id}.md"] = self._question_bank(area["area"])
        pages["reference/schema.md"] = self._render("schema.md.j2", models=schema_reference())
        if edition is not Edition.CANDIDATE:
            pages["interviewer/index.md"] = self._render(
                "interviewer_index.md.j2",
                areas=self._areas,
                levels=self.hb.levels,
                role=self.hb.role,
            )
            pages.update(self._calibration())
            for kit in self.hb.kits:
                pages[f"interviewer/kits/{kit.id}.md"] = self.kit(plan_kit(self.hb, kit.id, 0))
            for competency in self.hb.competencies:
                pages[self.rubric_path(competency)] = self._render(
                    "rubrics.md.j2",
                    c=competency,
                    study=self.link(competency.id, f"interviewer/{competency.area}"),
                    questions=self.questions(competency, Edition.INTERVIEWER),
                    titles={q.id: question_title(q) for q in competency.questions},
                    calibration={
                        q.id: self.calibration_link(competency, q, f"interviewer/{competency.area}")
                        for q in competency.questions
                    },
                    levels=self.hb.levels.levels,
                    description=_plain(f"Interview questions and rubrics for {competency.title}."),
                )
        return dict(sorted(pages.items()))

    def nav(self, edition: Edition) -> list[Any]:
        """The site navigation for ``edition``, as MkDocs ``nav`` entries.

        Args:
            edition: The edition whose navigation to build.

        Returns:
            A list suitable for the ``nav`` key of ``mkdocs.yml``.
        """
        areas: list[Any] = []
        for area in self._areas:
            pages: list[Any] = [f"competencies/{area['area'].id}/index.md"]
            if self._listed(area):
                pages += [{c.title: self.page_path(c)} for c in area["competencies"]]
            areas.append({area["area"].title: pages})
        nav: list[Any] = [
            {"Home": "index.md"},
            {
                "Prepare": [
                    "guide/posting-map.md",
                    "guide/study-plan.md",
                    "guide/self-assessment.md",
                    "guide/leveling.md",
                    "guide/tags.md",
                ]
            },
            {
                "Question bank": [
                    "questions/index.md",
                    *(f"questions/{a['area'].id}.md" for a in self._areas),
                ]
            },
            {"Competencies": ["competencies/index.md", *areas]},
            {
                "Contribute": [
                    "contributing/index.md",
                    "reference/schema.md",
                    "contributing/api.md",
                    "about/benchmarks.md",
                    "about/build-profile.md",
                    "about/lighthouse.md",
                    "about/portability.md",
                ]
            },
        ]
        if edition is Edition.INTERVIEWER:
            interviewer: list[Any] = [
                "interviewer/index.md",
                "interviewing/index.md",
                "interviewing/debrief.md",
                {
                    "Calibration": [
                        "interviewer/calibration/index.md",
                        *(
                            self.calibration_path(a["area"].id)
                            for a in self._areas
                            if self._calibrated(a["competencies"])
                        ),
                    ]
                },
                {"Loops": [f"interviewer/kits/{k.id}.md" for k in self.hb.kits]},
            ]
            for area in filter(self._listed, self._areas):
                interviewer.append(
                    {
                        area["area"].title: [
                            {c.title: self.rubric_path(c)} for c in area["competencies"]
                        ]
                    }
                )
            nav.append({"Interview": interviewer})
        return nav

    def nav_omitted(self, edition: Edition) -> list[str]:
        """Pages of ``edition`` that :meth:`nav` leaves out because their area is too large.

        Args:
            edition: The edition whose navigation is built.

        Returns:
            Paths relative to ``docs/``, for MkDocs' ``not_in_nav``.
        """
        omitted: list[str] = []
        for area in self._areas:
            if self._listed(area):
                continue
            for c in area["competencies"]:
                omitted.append(self.page_path(c))
                if edition is Edition.INTERVIEWER:
                    omitted.append(self.rubric_path(c))
        return omitted

    def _listed(self, area: dict[str, Any]) -> bool:
        return len(area["competencies"]) <= self.nav_area_limit

    @functools.cached_property
    def _areas(self) -> list[dict[str, Any]]:
        """Areas that have written competencies, with their counts: computed once per renderer."""
        result = []
        for area in self.hb.areas.areas:
            written = [c for c in self.hb.competencies if c.area == area.id]
            if not written:
                continue
            result.append(
                {
                    "area": area,
                    "competencies": written,
                    "public_counts": {
                        c.id: len(self.questions(c, Edition.CANDIDATE)) for c in written
                    },
                    "planned": [p.replace("-", " ").capitalize() for p in area.planned],
                    "description": _plain(area.summary),
                }
            )
        return result

    def _study_page(self, c: m.Competency) -> str:
        here = f"competencies/{c.area}"
        why = []
        for cov in c.why_it_matters:
            item = self.requirements.get(cov.requirement) or self.experience[cov.requirement]
            section = (
                self.sections[item.section].title
                if isinstance(item, m.Requirement)
                else "Experience"
            )
            why.append({"text": item.text, "section": section, "note": cov.note})
        notes = c.language_notes
        languages = [
            (title, getattr(notes, lang.value))
            for lang, title in LANGUAGE_TITLES.items()
            if notes is not None and getattr(notes, lang.value)
        ]
        return self._render(
            "study.md.j2",
            c=c,
            area=self.areas[c.area],
            description=_plain(c.summary),
            why=why,
            prerequisites=[self.link(p, here) for p in c.prerequisites],
            related=[self.link(r, here) for r in c.related],
            languages=languages,
            levels=self.hb.levels.levels,
            questions=self.questions(c, Edition.CANDIDATE),
            titles={q.id: question_title(q) for q in c.questions},
            level_titles=self.level_titles,
            edit_url=self.edit_url(c),
            posting_map=_relative("guide/posting-map.md", here),
        )

    def _posting_map(self) -> str:
        role = self.hb.role
        here = "guide"
        groups: list[dict[str, Any]] = []
        for section in role.sections:
            rows = [self.coverage(r, here) for r in role.requirements if r.section == section.id]
            groups.append({"section": section, "rows": rows})
        experience = [self.coverage(e, here) for e in role.experience_lines]
        rows = [row for group in groups for row in group["rows"]] + experience
        return self._render(
            "posting_map.md.j2",
            role=role,
            groups=groups,
            experience=experience,
            covered=sum(1 for row in rows if row["covered"]),
            total=len(rows),
            priorities=PRIORITY_TITLES,
        )

    def _question_bank(self, area: m.Area | None) -> str:
        here = "questions"
        competencies = [c for c in self.hb.competencies if area is None or c.area == area.id]
        entries: list[dict[str, Any]] = []
        for c in competencies:
            study = _relative(self.page_path(c), here)
            for q in self.questions(c, Edition.CANDIDATE):
                entries.append({"q": q, "c": c, "title": question_title(q), "study": study})
        # The filter's option labels travel once, on the filter box, not on every item.
        labels = {
            "competency": {c.id: c.title for c in competencies},
            "level": self.level_titles,
        }
        return self._render(
            "question_bank.md.j2",
            area=area,
            areas=self._areas,
            entries=entries,
            level_titles=self.level_titles,
            filter_labels=labels,
        )

    def _leveling(self) -> str:
        here = "guide"
        return self._render(
            "leveling.md.j2",
            levels=self.hb.levels,
            target=self.hb.role.target_level,
            areas=self._area_rows(here),
        )

    def _study_plan(self) -> str:
        here = "guide"
        order = study_order(self.hb)
        links = {
            item.competency.id: _relative(self.page_path(item.competency), here) for item in order
        }
        return self._render(
            "study_plan.md.j2",
            order=order,
            links=links,
            titles={item.competency.id: item.competency.title for item in order},
            total_hours=round(sum(item.minutes for item in order) / 60, 1),
            plans=[("Two-week plan", 10, pack(order, 10)), ("Six-week plan", 30, pack(order, 30))],
        )

    def _self_assessment(self) -> str:
        target = self.hb.role.target_level
        level = self.hb.level(target)
        return self._render(
            "self_assessment.md.j2", level=level, target=target, areas=self._area_rows("guide")
        )

    def _area_rows(self, here: str) -> list[dict[str, Any]]:
        """Each area's competencies with a link to their study pages from ``here``."""
        return [
            {
                "area": a["area"],
                "rows": [
                    {"c": c, "link": _relative(self.page_path(c), here)} for c in a["competencies"]
                ],
            }
            for a in self._areas
        ]

    def calibration_path(self, area_id: str) -> str:
        """Path of an area's calibration page (interviewer edition), relative to ``docs/``."""
        return f"interviewer/calibration/{area_id}.md"

    def calibration_link(self, c: m.Competency, q: m.Question, from_dir: str) -> str | None:
        """Link from a page in ``from_dir`` to the rated samples of ``q`` (a question of ``c``).

        Returns ``None`` when the question has no samples.
        """
        if not q.samples:
            return None
        return f"{_relative(self.calibration_path(c.area), from_dir)}#{q.id}"

    @staticmethod
    def _calibrated(competencies: list[m.Competency]) -> list[tuple[m.Competency, m.Question]]:
        return [(c, q) for c in competencies for q in c.questions if q.samples]

    def _calibration(self) -> dict[str, str]:
        """The calibration index and one page of rated samples per area that has any.

        One page per area keeps each page a size an interviewer reads before a loop, and
        keeps the pages from growing with the whole model.
        """
        areas = []
        pages: dict[str, str] = {}
        for a in self._areas:
            calibrated = self._calibrated(a["competencies"])
            if not calibrated:
                continue
            path = self.calibration_path(a["area"].id)
            areas.append(
                {"area": a["area"], "count": len(calibrated), "link": f"{a['area'].id}.md"}
            )
            entries = [
                {
                    "c": c,
                    "q": q,
                    "title": question_title(q),
                    "rubric": _relative(self.rubric_path(c), "interviewer/calibration")
                    + f"#{q.id}",
                    "samples": sorted(q.samples, key=lambda sample: -sample.score),
                }
                for c, q in calibrated
            ]
            pages[path] = self._render(
                "calibration.md.j2",
                area=a["area"],
                entries=entries,
                scale=self.hb.levels.rating_scale,
            )
        pages["interviewer/calibration/index.md"] = self._render(
            "calibration_index.md.j2", areas=areas, scale=self.hb.levels.rating_scale
        )
        return pages

    def kit(self, plan: KitPlan) -> str:
        """Render an interview kit as Markdown: plan, questions with rubrics, scorecard.

        Args:
            plan: The planned kit.

        Returns:
            The kit document.
        """
        return self._render(
            "kit.md.j2",
            kit=plan,
            titles={
                p.question.id: question_title(p.question) for r in plan.rounds for p in r.picks
            },
            levels=self.hb.levels.levels,
            bar_titles={"below": "Below the bar", "at": "At the bar", "above": "Above the bar"},
        )

    def _render(self, template: str, **context: Any) -> str:
        text = self.env.get_template(template).render(**context)
        return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def question_title(q: m.Question, limit: int = 90) -> str:
    """A short title for a question: its prompt's first sentence, cut to ``limit``.

    A first sentence shorter than :data:`TITLE_MIN` is joined by the next ones, so a
    prompt that opens with a scene ("Production scenario.") still gets a telling title.

    Args:
        q: The question.
        limit: Longest title in characters.

    Returns:
        Plain text suitable for a heading.
    """
    return _title(q.prompt, limit)


TITLE_MIN = 40
"""Shortest title worth showing: a first sentence shorter than this ("MySQL 8.0.",
"Production scenario.") says nothing about the question, so the next one joins it."""


@functools.lru_cache(maxsize=4096)
def _title(prompt: str, limit: int) -> str:
    # Every page that lists a question titles it, so each prompt is titled several times.
    sentences = re.split(r"(?<=[.?!])\s+", _plain(prompt, limit=10_000))
    title = sentences[0]
    for sentence in sentences[1:]:
        if len(title) >= TITLE_MIN:
            break
        title = f"{title} {sentence}"
    return _plain(title, limit)


def _relative(target: str, from_dir: str) -> str:
    """Relative link from a page in ``from_dir`` to ``target`` (both relative to ``docs/``)."""
    up = len([part for part in from_dir.split("/") if part])
    return "../" * up + target
