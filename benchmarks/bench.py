"""Benchmark the handbook: generation speed, strict build cost and site size.

Run from the repository root::

    .venv/bin/python benchmarks/bench.py              # real, 10x and 100x models
    .venv/bin/python benchmarks/bench.py --scales 1 10 --runs 3

For each model (the real one, and synthetic ones 10 and 100 times larger, generated
on the fly in a temporary copy of the project and never committed) it reports the
median of several runs of:

* load and validate the model (in process, after imports);
* generate every page (in process), and the no-op case: a second generate that
  must write no file;
* the ``handbook generate`` command (a fresh process, imports included);
* a strict MkDocs build of each edition;

and the built candidate site's size, mean and largest page, and search index size
raw and gzip-compressed. It writes a Markdown report (``docs/about/benchmarks.md``
by default) so the docs always show the latest figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.generate import generate, load_valid  # noqa: E402
from generator.project import Project  # noqa: E402
from generator.render import Edition  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def median_time(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def copy_project(target: Path) -> Path:
    """A throwaway copy of the project: model, docs, configs and overrides."""
    for name in ("competencies", "docs", "overrides", "generator", "schemas"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "mkdocs.interviewer.yml", "CONTRIBUTING.md"):
        shutil.copy2(ROOT / name, target / name)
    return target


def scale_model(model: Path, factor: int) -> None:
    """Make the model ``factor`` times larger by cloning every competency under new ids.

    Clones keep their text, so page sizes stay realistic; ids, titles and question ids
    get a suffix, and every requirement that lists the original lists its clones too,
    so the scaled model is valid.
    """
    if factor == 1:
        return
    role_file = model / "role.yaml"
    role = yaml.safe_load(role_file.read_text(encoding="utf-8"))
    originals = sorted(p for p in model.glob("*/*.yaml") if p.parent.name != "kits")
    clones: dict[str, list[str]] = {}
    for path in originals:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        cid = data["id"]
        for k in range(1, factor):
            copy = dict(data)
            copy["id"] = f"{cid}-x{k}"
            copy["title"] = f"{data['title']} ({k})"
            copy["prerequisites"] = [
                f"{p}-x{k}"
                for p in data.get("prerequisites", [])
                if (model / path.parent.name).exists()
            ]
            copy["related"] = []
            copy["questions"] = [
                {**q, "id": q["id"].replace(cid, f"{cid}-x{k}", 1)} for q in data["questions"]
            ]
            header = text.split("\n", 1)[0] + "\n"
            out = path.parent / f"{cid}-x{k}.yaml"
            out.write_text(
                header + yaml.safe_dump(copy, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
            clones.setdefault(cid, []).append(copy["id"])
    written = {p.stem for p in originals}
    for path in model.glob("*/*-x*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["prerequisites"] = [
            p for p in data["prerequisites"] if p.rsplit("-x", 1)[0] in written
        ]
        header = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
        path.write_text(
            header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    for group in ("requirements", "experience_lines"):
        for item in role.get(group, []):
            extra = [c for cid in item["competencies"] for c in clones.get(cid, [])]
            item["competencies"] = item["competencies"] + extra
    header = role_file.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
    role_file.write_text(
        header + yaml.safe_dump(role, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def frame_bytes(html: bytes) -> int:
    """Bytes of a page outside its ``<article>``: header, navigation, table of contents, footer."""
    start, end = html.find(b"<article"), html.rfind(b"</article>")
    return len(html) - (end - start) if start >= 0 and end > start else len(html)


def site_figures(site: Path) -> dict[str, float]:
    pages = [p for p in site.rglob("*.html")]
    contents = [p.read_bytes() for p in pages]  # each page read once for every figure
    sizes = [len(html) for html in contents]
    # Study pages: competencies/<area>/<id>/index.html (not the area or overall index).
    study = [p.stat().st_size for p in site.glob("competencies/*/*/index.html")]
    gzipped = [len(gzip.compress(html, 6)) for html in contents]
    index = site / "search" / "search_index.json"
    raw = index.read_bytes()
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "pages": len(pages),
        "site_mb": total / 1e6,
        "mean_page_kb": statistics.mean(sizes) / 1e3,
        "mean_page_gz_kb": statistics.mean(gzipped) / 1e3,
        "mean_study_page_kb": statistics.mean(study) / 1e3,
        "median_frame_kb": statistics.median(frame_bytes(html) for html in contents) / 1e3,
        "largest_page_kb": max(sizes) / 1e3,
        "largest_page": pages[sizes.index(max(sizes))].relative_to(site).as_posix(),
        "index_kb": len(raw) / 1e3,
        "index_gz_kb": len(gzip.compress(raw, 9)) / 1e3,
    }


def strict_build(project: Path, edition: str, site: Path) -> None:
    config = "mkdocs.yml" if edition == "candidate" else "mkdocs.interviewer.yml"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", str(site)],
        cwd=project,
        env=ENV,
        check=True,
    )


def bench_scale(factor: int, runs: int, build_runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        project_dir = copy_project(Path(folder) / "project")
        scale_model(project_dir / "competencies", factor)
        cwd = Path.cwd()
        os.chdir(project_dir)
        try:
            project = Project.find(start=project_dir)
            handbook, summary = load_valid(project)
            result: dict[str, Any] = {
                "scale": factor,
                "competencies": summary.competencies,
                "questions": summary.questions,
            }
            os.environ["HANDBOOK_CACHE"] = ""
            result["load_validate_cold_s"] = median_time(lambda: load_valid(project), runs)
            os.environ["HANDBOOK_CACHE"] = str(project_dir / ".cache")
            load_valid(project)
            result["load_validate_s"] = median_time(lambda: load_valid(project), runs)
            generate(project, None)
            result["generate_s"] = median_time(lambda: generate(project, None), runs)
            for edition in Edition:
                result[f"generate_{edition.value}_s"] = median_time(
                    lambda e=edition: generate(project, e), runs
                )
            noop = generate(project, None)
            result["noop_written"] = len(noop.written) + len(noop.deleted)
            result["generated_files"] = noop.unchanged
            command = [sys.executable, "-m", "generator", "generate"]
            result["generate_cli_s"] = median_time(
                lambda: subprocess.run(
                    command, cwd=project_dir, env=ENV, check=True, capture_output=True
                ),
                runs,
            )
            for edition in Edition:
                site = project_dir / f"site-{edition.value}"
                result[f"build_{edition.value}_s"] = median_time(
                    lambda e=edition.value, s=site: strict_build(project_dir, e, s), build_runs
                )
            result.update(site_figures(project_dir / "site-candidate"))
            del handbook
        finally:
            os.chdir(cwd)
            os.environ.pop("HANDBOOK_CACHE", None)
    for edition in Edition:
        own = result[f"generate_{edition.value}_s"]
        result[f"share_{edition.value}"] = own / (own + result[f"build_{edition.value}_s"])
    return result


def _label(result: dict[str, Any]) -> str:
    return "real" if result["scale"] == 1 else f"{result['scale']}x"


def report(results: list[dict[str, Any]], runs: int) -> str:
    lines = [
        "---",
        "title: Benchmarks",
        'description: "How fast the handbook generates and builds, and how large the site is, '
        'for the real model and synthetic models 10 and 100 times larger."',
        "---",
        "",
        "# Benchmarks",
        "",
        "Measured by `benchmarks/bench.py` (run it with `make bench`). Times are medians of "
        f"{runs} runs for generation and of fewer runs for the strict builds; synthetic models "
        "clone every competency under new ids and are generated on the fly, never committed.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "## Speed",
        "",
        "| Model | Competencies | Questions | Load + validate (cold / cached) | "
        "Generate both editions | `handbook generate` command | No-op generate writes | "
        "Generate + strict build, candidate | Generate + strict build, interviewer | "
        "Generator share (candidate / interviewer) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {_label(r)} | {r['competencies']} | {r['questions']} | "
            f"{r['load_validate_cold_s']:.2f} s / {r['load_validate_s']:.2f} s | "
            f"{r['generate_s']:.2f} s | {r['generate_cli_s']:.2f} s | {r['noop_written']} files | "
            f"{r['generate_candidate_s']:.2f} s + {r['build_candidate_s']:.1f} s | "
            f"{r['generate_interviewer_s']:.2f} s + {r['build_interviewer_s']:.1f} s | "
            f"{100 * r['share_candidate']:.1f} % / {100 * r['share_interviewer']:.1f} % |"
        )
    lines += [
        "",
        "## Size of the candidate site",
        "",
        "| Model | Pages | Site | Mean page (raw / gzip) | Mean study page | Page frame (median) | "
        "Largest page | Search index (raw / gzip) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {_label(r)} | {r['pages']} | {r['site_mb']:.1f} MB | "
            f"{r['mean_page_kb']:.0f} KB / {r['mean_page_gz_kb']:.0f} KB | "
            f"{r['mean_study_page_kb']:.0f} KB | {r['median_frame_kb']:.0f} KB | "
            f"{r['largest_page_kb']:.0f} KB (`{r['largest_page']}`) | "
            f"{r['index_kb']:.0f} KB / {r['index_gz_kb']:.0f} KB |"
        )
    lines += [
        "",
        "## Reading the figures",
        "",
        "- *Load + validate* parses every YAML file with line numbers and runs every check; "
        "*cached* reuses parses of unchanged files from `.cache/`, as `make serve` does.",
        "- *Generate* renders every page of both editions and writes only files whose bytes "
        "changed; the no-op column is a second run, which must write nothing.",
        "- *Generator share* is the time to generate one edition's pages over that plus the "
        "strict build of the same edition, which is what `handbook build` runs.",
        "- *Mean page* is over every HTML page; *gzip* is what a reader downloads. A study "
        "page carries its 2,000 to 3,800 words of notes plus every practice question, so "
        "the mean moves towards the study pages' size as they outnumber the other pages; "
        "the *mean study page* column shows that a page does not grow with the model. "
        "The *page frame* is what a page carries besides its article (header, navigation, "
        "table of contents, footer): it is the part the model's size could inflate, and it "
        "stays flat. Pages that list the whole model (question banks, leveling guide, "
        "self-assessment, tags) grow with it by design; they set the largest page. "
        "Material's `navigation.prune` and the generator's rule that an area of more than "
        "40 competencies lists only its index page keep the navigation in each page small.",
        "",
    ]
    return "\n".join(lines + targets(results))


def targets(results: list[dict[str, Any]]) -> list[str]:
    """The issue's targets next to the figures measured for them (real model)."""
    real = next((r for r in results if r["scale"] == 1), None)
    if real is None:
        return []

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    by_scale = {r["scale"]: r["generate_s"] for r in results}
    steps = list(zip(sorted(by_scale), sorted(by_scale)[1:], strict=False))
    growth = ", ".join(f"x{by_scale[b] / by_scale[a]:.1f} from {a}x to {b}x" for a, b in steps)
    # Linear: each step's time ratio within half again of the model's growth factor.
    linear = all(by_scale[b] / by_scale[a] <= 1.5 * b / a for a, b in steps)
    share = max(real["share_candidate"], real["share_interviewer"])
    rows = [
        (
            "`handbook generate` under 0.5 s",
            f"{real['generate_cli_s']:.2f} s (command), {real['generate_s']:.2f} s in process",
            verdict(real["generate_cli_s"] < 0.5),
        ),
        (
            "Generation under 5 % of a strict build",
            f"{100 * real['share_candidate']:.1f} % candidate, "
            f"{100 * real['share_interviewer']:.1f} % interviewer",
            verdict(share < 0.05),
        ),
        (
            "A no-op generate writes no file",
            f"{real['noop_written']} files",
            verdict(not real["noop_written"]),
        ),
        (
            "Generation grows linearly with the model",
            growth or "one scale measured",
            verdict(linear) if steps else "not measured",
        ),
        (
            "Mean page under 80 KB",
            f"{real['mean_page_kb']:.0f} KB raw, {real['mean_page_gz_kb']:.0f} KB gzip; "
            f"page frame {real['median_frame_kb']:.0f} KB",
            verdict(real["mean_page_kb"] < 80),
        ),
        (
            "Compressed search index under 600 KB",
            f"{real['index_gz_kb']:.0f} KB",
            verdict(real["index_gz_kb"] < 600),
        ),
    ]
    out = ["## Targets", "", "| Target | Measured (real model) | Verdict |", "| --- | --- | --- |"]
    out += [f"| {target} | {figure} | {mark} |" for target, figure, mark in rows]
    out += [
        "",
        "A raw mean page over 80 KB comes from the study pages' content, not from the "
        "navigation: a study page is its article (notes, trade-offs, diagrams and every "
        "practice question with its model answer) plus a frame that stays flat as the model "
        "grows. Splitting study pages only to lower the mean would make them worse to read; "
        "what a reader downloads is the gzip figure.",
        "",
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-runs", type=int, default=3)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs/about/benchmarks.md")
    parser.add_argument("--json", type=Path, help="also save the raw figures to this file")
    parser.add_argument(
        "--from-json", type=Path, help="write the report from saved figures, measuring nothing"
    )
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        args.output.write_text(report(saved["results"], saved["runs"]), encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
        return
    results = []
    for factor in args.scales:
        build_runs = args.build_runs if factor < 100 else 1
        print(f"benchmarking the {factor}x model ...", file=sys.stderr, flush=True)
        result = bench_scale(factor, args.runs if factor < 100 else 3, build_runs)
        print(
            {k: (round(v, 3) if isinstance(v, float) else v) for k, v in result.items()},
            file=sys.stderr,
            flush=True,
        )
        results.append(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report(results, args.runs), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "results": results}, indent=1))
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
