"""The ``handbook`` command line: a thin layer over the library.

Every subcommand calls importable functions and turns the package's exceptions
into readable lines on stderr and an exit code: 0 for success, 1 for a problem
with the input, 2 for a usage error. Bad input never produces a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import (
    BuildError,
    HandbookError,
    ModelInvalidError,
    StaleOutputError,
    UsageError,
)
from generator.generate import generate
from generator.kit import plan_adhoc, plan_kit
from generator.lifecycle import overdue
from generator.load import Handbook, load_handbook
from generator.model import QuestionKind
from generator.project import Project
from generator.render import Edition, Renderer
from generator.validate import check as check_model


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Validate the competency model, generate the handbook's pages, build and "
        "export it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the model and print a summary")
    validate.add_argument(
        "model_dir",
        nargs="?",
        default="competencies",
        metavar="MODEL_DIR",
        help="the model folder (default: competencies)",
    )

    editions = [e.value for e in Edition]
    gen = commands.add_parser("generate", help="write the generated pages into docs/")
    gen.add_argument(
        "--edition",
        choices=editions,
        default=None,
        help="only this edition's pages (default: both)",
    )
    gen.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when any generated file is stale",
    )
    gen.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)

    bld = commands.add_parser("build", help="generate, then build the site strictly")
    bld.add_argument("--edition", choices=editions, default=Edition.CANDIDATE.value)
    bld.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="output folder (default: site/ or site-interviewer/)",
    )
    bld.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)

    exp = commands.add_parser("export", help="export the model for other tools")
    exp.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="json (whole model), csv (one row per question), anki (flashcards)",
    )
    exp.add_argument("--edition", choices=editions, default=Edition.CANDIDATE.value)
    exp.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    exp.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)

    kit = commands.add_parser(
        "kit",
        help="build an interview kit for a named loop or one ad-hoc round",
        description="Build an interview kit: `handbook kit NAME` for a loop in "
        "competencies/kits/, or `handbook kit --level L --minutes M --focus A,B` for one round.",
    )
    kit.add_argument("name", nargs="?", metavar="NAME", help="id of a loop in competencies/kits/")
    kit.add_argument("--level", help="ad-hoc round: level id to hire for")
    kit.add_argument("--minutes", type=int, help="ad-hoc round: length in minutes")
    kit.add_argument("--focus", help="ad-hoc round: comma-separated competency ids")
    kit.add_argument("--kind", default="", help="ad-hoc round: comma-separated question kinds")
    kit.add_argument("--seed", type=int, default=0, help="selects one of many kits (default 0)")
    kit.add_argument("--format", choices=["md", "html", "pdf", "json"], default="md")
    kit.add_argument("--paper", choices=["a4", "letter"], default="a4", help="PDF and HTML")
    kit.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    kit.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)

    new = commands.add_parser("new", help="scaffold a competency or a question")
    kinds = new.add_subparsers(dest="what", required=True, metavar="WHAT")
    new_c = kinds.add_parser("competency", help="write competencies/AREA/ID.yaml and wire it in")
    new_c.add_argument("id", metavar="ID")
    new_c.add_argument("--area", required=True, help="area id, such as system-design")
    new_c.add_argument(
        "--requirement",
        action="append",
        default=[],
        metavar="REQ_ID",
        help="a posting line it covers (repeat for several); see the posting map",
    )
    new_c.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)
    new_q = kinds.add_parser("question", help="append a draft question to a competency")
    new_q.add_argument("competency", metavar="COMPETENCY_ID")
    new_q.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)

    dif = commands.add_parser("diff", help="Markdown summary of model changes since a git revision")
    dif.add_argument(
        "base",
        nargs="?",
        default="origin/main",
        metavar="BASE_REF",
        help="git revision to compare with (default: origin/main)",
    )
    dif.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)

    stale = commands.add_parser("stale", help="list what is overdue for review; exit 1 if any")
    stale.add_argument("--days", type=int, required=True, help="review interval in days")
    stale.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="date to measure from (default: today), YYYY-MM-DD",
    )
    stale.add_argument("model_dir", nargs="?", default="competencies", metavar="MODEL_DIR")
    return parser


def _validate(args: argparse.Namespace) -> int:
    handbook = load_handbook(Path(args.model_dir), args.model_dir)
    print(check_model(handbook).line())
    return 0


def _generate(args: argparse.Namespace) -> int:
    project = Project.find(args.model_dir)
    edition = Edition(args.edition) if args.edition else None
    report = generate(project, edition, check=args.check)
    print(report.line(args.check))
    return 0


def _build(args: argparse.Namespace) -> int:
    from generator.build import build  # noqa: PLC0415 - keeps other commands fast

    project = Project.find(args.model_dir)
    edition = Edition(args.edition)
    report, site = build(project, edition, args.site_dir)
    print(f"{report.line(check=False)}; built the {edition} edition into {site}")
    return 0


def _write(output: Path | None, data: str | bytes) -> None:
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    if isinstance(data, bytes):
        output.write_bytes(data)
    else:
        output.write_text(data, encoding="utf-8", newline="")
    print(f"wrote {output}", file=sys.stderr)


def _load(model_dir: str) -> Handbook:
    handbook = load_handbook(Path(model_dir), model_dir)
    check_model(handbook)
    return handbook


EXPORT_FORMATS = ("json", "csv", "anki")


def _export(args: argparse.Namespace) -> int:
    from generator import export  # noqa: PLC0415 - keeps other commands fast

    handbook = _load(args.model_dir)
    exporter = getattr(export, f"export_{args.format}")
    _write(args.output, exporter(handbook, Edition(args.edition)))
    return 0


def _kit(args: argparse.Namespace) -> int:
    from generator.kitdoc import html_to_pdf, kit_json_text, markdown_to_html  # noqa: PLC0415

    project = Project.find(args.model_dir)
    handbook = _load(args.model_dir)
    adhoc = [args.level, args.minutes, args.focus]
    if args.name and any(value is not None for value in adhoc):
        raise UsageError("give either a loop NAME or --level/--minutes/--focus, not both")
    if args.name:
        plan = plan_kit(handbook, args.name, args.seed)
    elif all(value is not None for value in adhoc):
        try:
            kinds = [QuestionKind(k) for k in args.kind.split(",") if k]
        except ValueError:
            choices = ", ".join(k.value for k in QuestionKind)
            raise UsageError(f"--kind takes a comma-separated list of: {choices}") from None
        focus = [f.strip() for f in args.focus.split(",") if f.strip()]
        plan = plan_adhoc(
            handbook,
            level=args.level,
            minutes=args.minutes,
            focus=focus,
            kinds=kinds,
            seed=args.seed,
        )
    else:
        raise UsageError(
            "name a loop (handbook kit senior-onsite) or give --level, --minutes "
            "and --focus for one round"
        )
    if args.format == "json":
        _write(args.output, kit_json_text(plan))
        return 0
    text = Renderer(handbook, project.repo_url).kit(plan)
    if args.format == "md":
        _write(args.output, text)
    elif args.format == "html":
        _write(args.output, markdown_to_html(text, args.paper))
    else:
        _write(args.output, html_to_pdf(markdown_to_html(text, args.paper)))
    return 0


def _stale(args: argparse.Namespace) -> int:
    handbook = _load(args.model_dir)
    items = overdue(handbook, args.days, args.today or dt.date.today())
    for item in items:
        print(item.problem)
    print(f"{len(items)} item(s) overdue for review (interval {args.days} days)", file=sys.stderr)
    return 1 if items else 0


def _new(args: argparse.Namespace) -> int:
    from generator.scaffold import new_competency, new_question  # noqa: PLC0415

    handbook = _load(args.model_dir)
    if args.what == "competency":
        written = new_competency(handbook, args.id, args.area, args.requirement, dt.date.today())
        for path in written:
            print(f"wrote {path}")
        print(f"next: fill in every TODO in {written[0]}, then run `handbook validate`")
    else:
        path, question_id = new_question(handbook, args.competency)
        print(f"added draft question {question_id} to {path}")
        print("next: fill in every TODO, set status: active, then run `handbook validate`")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from generator.diff import diff  # noqa: PLC0415

    project = Project.find(args.model_dir)
    model = Path(args.model_dir)
    relative = (model.resolve().relative_to(project.root)).as_posix()
    sys.stdout.write(diff(project.root, relative, args.base))
    return 0


HANDLERS = {
    "new": _new,
    "diff": _diff,
    "validate": _validate,
    "generate": _generate,
    "build": _build,
    "export": _export,
    "kit": _kit,
    "stale": _stale,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when ``None``.

    Returns:
        The exit code.
    """
    args = _parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except ModelInvalidError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"{errors} error(s); the model is not valid", file=sys.stderr)
        return 1
    except StaleOutputError as exc:
        for path in exc.stale:
            print(f"{path}: error: stale generated file; run `handbook generate`", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except HandbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UsageError) else 1
