"""Profile the strict MkDocs build of a scaled model: where does the time go?

Run from the repository root::

    .venv/bin/python benchmarks/profile_build.py --scale 100
    .venv/bin/python benchmarks/profile_build.py --scale 10 --edition interviewer

It copies the project into a temporary folder, scales the model as ``bench.py`` does
(clones of every competency, never committed), generates the pages, then runs one
strict build in process under ``cProfile``. It prints, and writes to
``.cache/profile-<edition>-<scale>x.md``, the build's wall time, the time spent per
package (own time of every function, grouped by where its code lives) and the
functions with the most cumulative time. The report in ``docs/about/build-profile.md``
quotes these figures before and after each change.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import copy_project, scale_model  # noqa: E402

from generator.generate import generate  # noqa: E402
from generator.project import Project  # noqa: E402

PACKAGES = (
    ("/generator/", "handbook hooks (generator/)"),
    ("/material/plugins/search/", "Material search plugin"),
    ("/material/plugins/tags/", "Material tags plugin"),
    ("/material/", "Material theme (other)"),
    ("/mkdocstrings", "mkdocstrings"),
    ("/griffe", "mkdocstrings"),
    ("/pymdownx/", "pymdown-extensions"),
    ("/markdown/", "Python-Markdown"),
    ("/pygments/", "Pygments"),
    ("/jinja2/", "Jinja2 (theme templates)"),
    ("/markupsafe/", "Jinja2 (theme templates)"),
    ("/mkdocs/", "MkDocs core"),
    ("/html/parser.py", "html.parser (search, tags)"),
    ("/xml/etree/", "ElementTree (Markdown)"),
    ("/re/", "re (all callers)"),
)


def package(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins and C code"
    for marker, name in PACKAGES:
        if marker in filename:
            return name
    return "other Python"


def profile(scale: int, edition: str, top: int) -> str:
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        project_dir = copy_project(Path(folder) / "project")
        scale_model(project_dir / "competencies", scale)
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        cwd = Path.cwd()
        os.chdir(project_dir)
        try:
            generate(Project.find(start=project_dir), None)
            config_file = "mkdocs.yml" if edition == "candidate" else "mkdocs.interviewer.yml"
            config = load_config(
                config_file=config_file, strict=True, site_dir=str(project_dir / "site")
            )
            profiler = cProfile.Profile()
            start = time.perf_counter()
            profiler.enable()
            build(config)
            profiler.disable()
            wall = time.perf_counter() - start
            pages = sum(1 for _ in (project_dir / "site").rglob("*.html"))
        finally:
            os.chdir(cwd)
    stats = pstats.Stats(profiler)
    own: Counter[str] = Counter()
    rows = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        own[package(filename)] += tottime
        rows.append((cumtime, tottime, calls, f"{Path(filename).name}:{line}({name})"))
    total = sum(own.values())
    lines = [
        f"Strict build of the {edition} edition, {scale}x model: {pages} pages, "
        f"{wall:.1f} s wall time under the profiler ({total:.1f} s of profiled time).",
        "",
        "| Where the code lives | Own time | Share |",
        "| --- | --- | --- |",
    ]
    for name, seconds in own.most_common():
        lines.append(f"| {name} | {seconds:.1f} s | {100 * seconds / total:.0f} % |")
    lines += ["", "| Function | Cumulative | Own | Calls |", "| --- | --- | --- | --- |"]
    for cumtime, tottime, calls, label in sorted(rows, reverse=True)[:top]:
        lines.append(f"| `{label}` | {cumtime:.1f} s | {tottime:.1f} s | {calls} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--edition", choices=("candidate", "interviewer"), default="candidate")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    report = profile(args.scale, args.edition, args.top)
    out = ROOT / ".cache" / f"profile-{args.edition}-{args.scale}x.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
