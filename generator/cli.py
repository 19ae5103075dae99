"""The ``handbook`` command line: a thin layer over the library.

Every subcommand calls importable functions and turns the package's exceptions
into readable lines on stderr and an exit code: 0 for success, 1 for a problem
with the input, 2 for a usage error. Bad input never produces a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.build import build
from generator.errors import (
    BuildError,
    HandbookError,
    ModelInvalidError,
    StaleOutputError,
    UsageError,
)
from generator.export import export_json
from generator.generate import generate, load_valid
from generator.load import load_handbook
from generator.project import Project
from generator.render import Edition
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
    exp.add_argument("--format", choices=["json"], required=True)
    exp.add_argument("--edition", choices=editions, default=Edition.CANDIDATE.value)
    exp.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    exp.add_argument("--model-dir", default="competencies", help=argparse.SUPPRESS)
    return parser


def _validate(args: argparse.Namespace) -> int:
    handbook = load_handbook(Path(args.model_dir), args.model_dir)
    summary = check_model(handbook)
    print(summary.line())
    return 0


def _generate(args: argparse.Namespace) -> int:
    project = Project.find(args.model_dir)
    edition = Edition(args.edition) if args.edition else None
    report = generate(project, edition, check=args.check)
    print(report.line(args.check))
    return 0


def _build(args: argparse.Namespace) -> int:
    project = Project.find(args.model_dir)
    edition = Edition(args.edition)
    report, site = build(project, edition, args.site_dir)
    print(f"{report.line(check=False)}; built the {edition} edition into {site}")
    return 0


def _export(args: argparse.Namespace) -> int:
    project = Project.find(args.model_dir)
    handbook, _ = load_valid(project)
    text = export_json(handbook, Edition(args.edition))
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


HANDLERS = {"validate": _validate, "generate": _generate, "build": _build, "export": _export}


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
