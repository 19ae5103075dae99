"""The competency model: typed, documented records for every file in ``competencies/``.

Every class forbids unknown fields, so a typo in a YAML key is an error at the
right line rather than silently ignored data. Field descriptions are the single
source of the schema reference page and of the JSON Schema files that editors
use for autocomplete.
"""

from __future__ import annotations

import datetime as dt
import typing
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=2, max_length=96),
]
"""A stable identifier: lower-case words joined by hyphens, such as ``cache-aside``."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Non-empty plain text."""

Markdown = Annotated[str, StringConstraints(min_length=1)]
"""Markdown written by a lead. Raw HTML is refused by validation."""


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """Every record class an annotation refers to, through lists, unions and mappings.

    Args:
        annotation: A field's type annotation.

    Returns:
        The record classes, in the order they appear.
    """
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(nested_models(arg))
    return found


class Record(BaseModel):
    """Base of every record: unknown fields are errors and records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Priority(StrEnum):
    """How the posting weighs a requirement."""

    RESPONSIBILITY = "responsibility"
    REQUIRED = "required"
    GOOD_TO_HAVE = "good-to-have"
    SYSTEM_DESIGN = "system-design"
    EVALUATION_FOCUS = "evaluation-focus"


class Audience(StrEnum):
    """Who may see a question: ``public`` reaches the candidate edition; ``interviewer`` never."""

    PUBLIC = "public"
    INTERVIEWER = "interviewer"


class QuestionKind(StrEnum):
    """What a question exercises."""

    CONCEPTUAL = "conceptual"
    DESIGN = "design"
    DEBUGGING = "debugging"
    CODING = "coding"
    OPERATIONAL = "operational"
    BEHAVIOURAL = "behavioural"


class QuestionStatus(StrEnum):
    """Lifecycle of a question: only ``active`` questions are used in interview kits."""

    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


class ReferenceKind(StrEnum):
    """What sort of source a reference is."""

    DOCS = "docs"
    RFC = "rfc"
    PAPER = "paper"
    BOOK = "book"
    SPEC = "spec"
    ARTICLE = "article"


class Language(StrEnum):
    """The backend languages the posting names."""

    GO = "go"
    PYTHON = "python"
    RUST = "rust"
    JAVA = "java"
    NODEJS = "nodejs"


# --------------------------------------------------------------------------- role


class Section(Record):
    """A section of the posting, in the posting's order."""

    id: Id = Field(description="Stable id of the section, such as `required-skills`.")
    title: Text = Field(description="The section heading as the posting prints it.")


class Requirement(Record):
    """One bullet or experience line of the posting."""

    id: Id = Field(description="Stable id; never reuse an id for a different bullet.")
    section: Id = Field(description="Id of the section this bullet sits in.")
    text: Text = Field(description="The bullet's text, verbatim from the posting.")
    priority: Priority = Field(description="How the posting weighs this bullet.")
    competencies: list[Id] = Field(
        default_factory=list,
        description="Ids of the competencies that cover this bullet. Each written competency "
        "must list this requirement under `why_it_matters`; planned ones are shown as gaps.",
    )


class ExperienceLine(Record):
    """An experience line of the application form, such as `Golang: 4 years (Required)`."""

    id: Id = Field(description="Stable id of the line.")
    text: Text = Field(description="The line verbatim.")
    skill: Text = Field(description="The skill the line asks about.")
    years: int = Field(ge=0, le=40, description="Years of experience asked for.")
    required: bool = Field(description="Whether the posting marks the line as required.")
    competencies: list[Id] = Field(
        default_factory=list, description="Competencies that prepare for this line."
    )


class RoleMetadata(Record):
    """Facts of the posting that are not requirements."""

    pay: Text = Field(description="The pay line verbatim.")
    work_location: Text = Field(description="Where the work happens.")
    application_questions: list[Text] = Field(description="Questions the application form asks.")


class Role(Record):
    """The posting, encoded whole."""

    id: Id = Field(description="Id of the role.")
    title: Text = Field(description="Title of the role.")
    experience: Text = Field(description="The experience band verbatim, such as `3–6 Years`.")
    target_level: Id = Field(description="Id of the level that is the bar for this role.")
    overview: list[Text] = Field(description="The role overview paragraphs, verbatim.")
    sections: list[Section] = Field(min_length=1, description="Sections in posting order.")
    requirements: list[Requirement] = Field(
        min_length=1, description="Every bullet of the posting, in posting order."
    )
    experience_lines: list[ExperienceLine] = Field(
        default_factory=list, description="The application form's experience lines."
    )
    metadata: RoleMetadata = Field(description="Pay, location and application questions.")

    def lines(self) -> list[Requirement | ExperienceLine]:
        """Every posting line competencies can cover: the requirements, then the experience lines.

        Returns:
            Requirements followed by experience lines, in posting order.
        """
        items: list[Requirement | ExperienceLine] = list(self.requirements)
        items.extend(self.experience_lines)
        return items


# --------------------------------------------------------------------------- levels


class Level(Record):
    """A level in the leveling guide, ordered from junior to senior."""

    id: Id = Field(description="Stable id used as a key in expectations and signals.")
    title: Text = Field(description="Name of the level, such as `Senior Backend Engineer`.")
    bar: Annotated[str, StringConstraints(pattern=r"^(below|at|above)$")] = Field(
        description="Where the level sits against this role's hiring bar: `below`, `at` or `above`."
    )
    years: Text = Field(description="Typical years of experience, such as `3–6`.")
    summary: Text = Field(description="One paragraph that describes the level.")
    scope: Text = Field(description="The size of problem the level owns.")
    autonomy: Text = Field(description="How much direction the level needs.")
    impact: Text = Field(description="Whom the level's work affects.")


class Rating(Record):
    """One point of the four-point scorecard scale."""

    score: int = Field(ge=1, le=4, description="The score, 1 to 4.")
    label: Text = Field(description="Short label, such as `Strong hire`.")
    anchor: Text = Field(description="The behaviour that earns this score.")


class Levels(Record):
    """The levels and the rating scale."""

    levels: list[Level] = Field(min_length=3, description="Levels, junior first.")
    rating_scale: list[Rating] = Field(
        min_length=4, max_length=4, description="The four-point anchored rating scale."
    )


# --------------------------------------------------------------------------- competency


class Coverage(Record):
    """Why a competency matters: the posting bullet it serves and how."""

    requirement: Id = Field(description="Id of a requirement in `role.yaml`.")
    note: Text = Field(description="How this competency serves that bullet, in one sentence.")


class Concept(Record):
    """A key concept a candidate must be able to explain."""

    term: Text = Field(description="The concept's name.")
    definition: Markdown = Field(description="A precise definition in one to three sentences.")


class TradeOffOption(Record):
    """One side of a trade-off."""

    name: Text = Field(description="The option, such as `Write-through`.")
    gains: Markdown = Field(description="What choosing it buys.")
    costs: Markdown = Field(description="What choosing it costs.")


class TradeOff(Record):
    """A design decision and its options."""

    decision: Text = Field(description="The decision, such as `Cache-aside or write-through`.")
    options: list[TradeOffOption] = Field(min_length=2, description="The options weighed.")
    guidance: Markdown = Field(description="When to choose which, with numbers where possible.")


class Pitfall(Record):
    """A mistake seen in production or in interviews."""

    title: Text = Field(description="The mistake in a few words.")
    detail: Markdown = Field(description="How it shows up and why it hurts.")
    instead: Markdown = Field(description="What to do instead.")


class LanguageNotes(Record):
    """Where the five languages differ on this topic. Leave out a language with nothing to add."""

    go: Markdown | None = Field(default=None, description="Notes for Go.")
    python: Markdown | None = Field(default=None, description="Notes for Python.")
    rust: Markdown | None = Field(default=None, description="Notes for Rust.")
    java: Markdown | None = Field(default=None, description="Notes for Java and the JVM.")
    nodejs: Markdown | None = Field(default=None, description="Notes for Node.js.")


class Diagram(Record):
    """A Mermaid diagram."""

    title: Text = Field(description="What the diagram shows.")
    mermaid: Text = Field(description="Mermaid source, without the code fence.")
    caption: Markdown | None = Field(default=None, description="What to notice in it.")


class Reference(Record):
    """A primary, stable source."""

    title: Text = Field(description="Title of the source.")
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] = Field(
        description="HTTPS address of the source. Check it exists before adding it."
    )
    kind: ReferenceKind = Field(description="What sort of source it is.")
    note: Text | None = Field(default=None, description="What to read it for.")


class FollowUp(Record):
    """A follow-up question, asked in order."""

    ask: Text = Field(description="The follow-up as the interviewer says it.")
    probes: Text = Field(description="What the follow-up tells the interviewer.")


class SampleAnswer(Record):
    """A sample answer rated on the four-point scale, for interviewer calibration."""

    score: int = Field(ge=1, le=4, description="The score this answer earns on the rating scale.")
    answer: Markdown = Field(
        description="What the candidate said, as an interviewer would note it."
    )
    rationale: Markdown = Field(description="Why it earns that score, citing the signals.")


class Question(Record):
    """A practice or interview question with its rubric."""

    id: Id = Field(description="Unique across the whole model; prefix it with the competency id.")
    prompt: Markdown = Field(description="The question as asked.")
    kind: QuestionKind = Field(description="What the question exercises.")
    level: Id = Field(description="Id of the level the question targets.")
    minutes: int = Field(ge=1, le=90, description="Time box in minutes, follow-ups included.")
    audience: Audience = Field(description="`public` (candidate edition) or `interviewer`.")
    status: QuestionStatus = Field(
        default=QuestionStatus.ACTIVE, description="`draft`, `active` or `retired`."
    )
    last_reviewed: dt.date | None = Field(
        default=None,
        description="When the question was last reviewed; defaults to the competency's.",
    )
    model_answer: Markdown = Field(description="What a strong answer says, in Markdown.")
    follow_ups: list[FollowUp] = Field(min_length=1, description="Follow-ups, in order.")
    signals: dict[Id, list[Text]] = Field(
        description="For every level id, what an answer at that level contains."
    )
    red_flags: list[Text] = Field(min_length=1, description="What disqualifies an answer.")
    tags: list[Id] = Field(default_factory=list, description="Free tags for filtering.")
    samples: list[SampleAnswer] = Field(
        default_factory=list,
        description="Sample answers rated on the scale; they feed the interviewer calibration "
        "page and never reach the candidate edition.",
    )

    @property
    def for_candidates(self) -> bool:
        """Whether candidates may see the question: public and active."""
        return self.audience is Audience.PUBLIC and self.status is QuestionStatus.ACTIVE


class Competency(Record):
    """One competency: what to know, how deep to go, and how it is assessed."""

    id: Id = Field(description="Equal to the file name's stem.")
    title: Text = Field(description="Title of the study page.")
    area: Id = Field(description="Area id; equal to the name of the folder the file sits in.")
    summary: Markdown = Field(description="Two to four sentences: what this is and why it matters.")
    why_it_matters: list[Coverage] = Field(
        min_length=1, description="Posting bullets this competency covers."
    )
    prerequisites: list[Id] = Field(
        default_factory=list, description="Competencies to study first."
    )
    related: list[Id] = Field(default_factory=list, description="Competencies worth reading next.")
    tags: list[Id] = Field(default_factory=list, description="Free tags for the tags pages.")
    key_concepts: list[Concept] = Field(min_length=1, description="Concepts to master.")
    study_notes: Markdown = Field(
        description="The main text: how it works, trade-offs with numbers, failure modes, "
        "operations. Markdown; content tabs are allowed."
    )
    trade_offs: list[TradeOff] = Field(default_factory=list, description="Design decisions.")
    pitfalls: list[Pitfall] = Field(default_factory=list, description="Common mistakes.")
    language_notes: LanguageNotes | None = Field(
        default=None, description="Where Go, Python, Rust, Java and Node.js differ."
    )
    diagrams: list[Diagram] = Field(default_factory=list, description="Mermaid diagrams.")
    references: list[Reference] = Field(min_length=1, description="Primary sources.")
    expectations: dict[Id, list[Text]] = Field(
        description="For every level id, observable behaviours expected at that level."
    )
    owner: Text = Field(description="Who keeps this competency current (a team or a handle).")
    last_reviewed: dt.date = Field(description="When the content was last reviewed.")
    questions: list[Question] = Field(default_factory=list, description="Questions.")


class Area(Record):
    """An area groups competencies; its id is also the folder that holds them."""

    id: Id = Field(description="Area id; also the folder name under `competencies/`.")
    title: Text = Field(description="Title shown in navigation.")
    summary: Text = Field(description="One paragraph on what the area covers.")
    planned: list[Id] = Field(
        default_factory=list,
        description="Ids of competencies this area will hold but that are not written yet. "
        "They may be referenced; the site shows them as gaps.",
    )


class Areas(Record):
    """The areas in reading order."""

    areas: list[Area] = Field(min_length=1, description="Areas in reading order.")


# --------------------------------------------------------------------------- kits


class Round(Record):
    """One interview round of a loop."""

    id: Id = Field(description="Stable id of the round within its loop.")
    title: Text = Field(description="Name of the round, such as `System design`.")
    minutes: int = Field(ge=10, le=120, description="Length of the round in minutes.")
    focus: list[Id] = Field(
        min_length=1,
        description="Competencies the round assesses; each gets at least one question.",
    )
    kinds: list[QuestionKind] = Field(
        default_factory=list, description="Question kinds to draw from; empty means any kind."
    )
    opening_minutes: int = Field(
        default=5, ge=0, le=15, description="Minutes for introductions before the first question."
    )
    closing_minutes: int = Field(
        default=5, ge=0, le=15, description="Minutes for the candidate's questions at the end."
    )

    def accepts(self, question: Question) -> bool:
        """Whether a question may be asked in this round: active, and of one of its kinds.

        Args:
            question: A question of one of the round's focus competencies.

        Returns:
            ``True`` when the question is usable here.
        """
        return question.status is QuestionStatus.ACTIVE and (
            not self.kinds or question.kind in self.kinds
        )


class Kit(Record):
    """A named interview loop: rounds, their focus competencies and minutes."""

    id: Id = Field(description="Equal to the file name's stem; used as `handbook kit ID`.")
    title: Text = Field(description="Name of the loop, such as `Senior onsite`.")
    level: Id = Field(description="Id of the level the loop hires for.")
    summary: Text = Field(description="Who runs this loop and when.")
    covers_evaluation_focus: bool = Field(
        default=True,
        description="Whether validation requires the rounds to cover every Candidate Evaluation "
        "Focus line of the posting. True for a full loop; a screening call may set false.",
    )
    rounds: list[Round] = Field(min_length=1, description="Rounds in the order they run.")
