"""Build the generated docs with ProperDocs and Zensical and compare them with MkDocs.

mkdocs-material reaches end of life in May 2027, so the generated tree must keep
building with the successors. This script installs each tool into its own virtual
environment under ``.cache/venvs`` (from PyPI), builds a clean copy of the committed
tree with each, lists the pages every tool produced, and writes the comparison to
``docs/about/portability.md``. CI runs it in its own job.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".cache" / "venvs"
SHARED = [
    "mkdocs-material==9.8.2",
    "pymdown-extensions==13.1.2",
    "mkdocstrings==1.0.8",
    "mkdocstrings-python==2.0.11",
]
TOOLS = {
    "MkDocs 1.6.1": (["mkdocs==1.6.1", *SHARED], ["mkdocs", "build", "--strict"]),
    "ProperDocs": (
        ["properdocs", *SHARED],
        ["properdocs", "build", "--strict", "-f", "mkdocs.yml"],
    ),
    "Zensical 0.0.73": (
        ["zensical==0.0.73", "mkdocstrings==1.0.8", "mkdocstrings-python==2.0.11"],
        ["zensical", "build", "--strict", "-f", "mkdocs.yml"],
    ),
}


def venv(name: str, packages: list[str]) -> Path:
    folder = VENVS / name.split()[0].lower()
    if not (folder / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(folder / "bin" / "pip"), "install", "--quiet", *packages], check=True)
    return folder / "bin"


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs/about/portability.md")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    results: dict[str, tuple[bool, float, set[str], str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        tree.mkdir()
        files = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.split(b"\0")
        for name in filter(None, files):
            source = ROOT / name.decode()
            target = tree / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
        vendor = ROOT / "docs/assets/vendor"
        for asset in vendor.glob("*"):
            (tree / "docs/assets/vendor").mkdir(parents=True, exist_ok=True)
            (tree / "docs/assets/vendor" / asset.name).write_bytes(asset.read_bytes())
        for name, (packages, command) in TOOLS.items():
            bin_dir = venv(name, packages)
            site = Path(folder) / f"site-{name.split()[0].lower()}"
            start = time.perf_counter()
            result = subprocess.run(
                [str(bin_dir / command[0]), *command[1:]],
                cwd=tree,
                env={**env, "PATH": f"{bin_dir}:{env['PATH']}"},
                capture_output=True,
                text=True,
                check=False,
            )
            elapsed = time.perf_counter() - start
            built = tree / "site"
            produced = pages(built) if built.exists() else set()
            if built.exists():
                built.rename(site)
            log = (result.stdout + result.stderr).strip().splitlines()
            results[name] = (result.returncode == 0, elapsed, produced, "\n".join(log[-5:]))
            print(
                name,
                "ok" if result.returncode == 0 else "FAILED",
                len(produced),
                "pages",
                f"{elapsed:.1f} s",
                file=sys.stderr,
            )
    reference = results["MkDocs 1.6.1"][2]
    lines = [
        "---",
        "title: Portability",
        'description: "The generated docs built with MkDocs, ProperDocs and Zensical, and what '
        'differs."',
        "---",
        "",
        "# Portability",
        "",
        "mkdocs-material is in maintenance mode and reaches end of life in May 2027. The "
        "generator writes real Markdown files before any build, so the same committed tree "
        "builds with the successors. `benchmarks/portability.py` builds a clean copy of the "
        "repository with each tool in its own virtual environment and compares the pages.",
        "",
        "| Tool | Strict build | Time | Pages | Missing against MkDocs | Extra |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, (ok, elapsed, produced, _) in results.items():
        missing = sorted(reference - produced)
        extra = sorted(produced - reference)
        lines.append(
            f"| {name} | {'passes' if ok else 'fails'} | {elapsed:.1f} s | {len(produced)} | "
            f"{', '.join(missing) or 'none'} | {', '.join(extra) or 'none'} |"
        )
    lines += [
        "",
        "## Known differences",
        "",
        "- **Hooks**: Zensical ignores `hooks:`, so `generator/serve_hook.py` (which "
        "regenerates pages while `mkdocs serve` runs) does nothing under `zensical serve`; run "
        "`handbook generate` after editing the model. Builds are unaffected because the pages "
        "are generated before the build. The other hook, `generator/slim.py`, only makes "
        "pages smaller (white space, Pygments white-space spans, the table of contents of "
        "pages that hide it); under Zensical the same pages come out about a fifth larger.",
        "- **Configuration file name**: ProperDocs prefers `properdocs.yml` and reads "
        "`mkdocs.yml` when passed with `-f`; the interviewer edition's `INHERIT` works the same.",
        "- **Plugins**: only `search`, `tags` and `mkdocstrings` are used, all supported by "
        "the three tools; no third-party plugin generates pages.",
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
