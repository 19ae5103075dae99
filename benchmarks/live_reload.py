"""Measure save-to-reload time of ``make serve`` on the real model.

Starts ``mkdocs serve`` on a temporary copy of the project, opens the caching study
page in headless Chromium, then edits the competency's YAML file several times and
times how long it takes until the open page shows the new text (MkDocs' livereload
reloads it after the hook has regenerated the page and MkDocs has rebuilt). Prints
the median and appends it to the benchmark report.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import copy_project  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.test_browser import CHROMIUM, FLAGS  # noqa: E402

PAGE = "/competencies/system-design/caching/"
FILE = "competencies/system-design/caching.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--mkdocs-args",
        nargs="*",
        default=["--dirty"],
        help="extra arguments for mkdocs serve, as make serve passes them",
    )
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs/about/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        shutil.copytree(
            ROOT / "docs/assets/vendor", project / "docs/assets/vendor", dirs_exist_ok=True
        )
        port = free_port()
        settings = yaml.load((project / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
        base = urlparse(settings.get("site_url", "")).path.rstrip("/")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--livereload",
                *args.mkdocs_args,
                "--watch",
                "competencies",
                "-a",
                f"127.0.0.1:{port}",
            ],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                page = browser.new_page()
                deadline = time.time() + 120
                while True:
                    try:
                        page.goto(f"http://127.0.0.1:{port}{base}{PAGE}")
                        break
                    except Exception:
                        if time.time() > deadline:
                            raise
                        time.sleep(0.5)
                page.wait_for_load_state("load")
                source = project / FILE
                original = source.read_text(encoding="utf-8")
                for run in range(args.runs):
                    marker = f"Livereloadmarker{run}x"
                    time.sleep(1.5)
                    start = time.perf_counter()
                    source.write_text(
                        original.replace("summary: >-\n", f"summary: >-\n  {marker}\n", 1),
                        encoding="utf-8",
                    )
                    page.wait_for_function(
                        f"document.body && document.body.innerText.includes('{marker}')",
                        timeout=60_000,
                    )
                    times.append(time.perf_counter() - start)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    median = statistics.median(times)
    print(
        f"save to reload: median {median:.2f} s over {len(times)} edits "
        f"({', '.join(f'{t:.2f}' for t in times)})"
    )
    if args.output.is_file():
        text = args.output.read_text(encoding="utf-8")
        marker = "## Live editing"
        text = text.split(marker)[0].rstrip("\n") + "\n\n"
        text += (
            f"{marker}\n\nWith `make serve` running on the real model, saving a competency "
            "file regenerates its changed pages (only those files are rewritten) and the "
            f"open browser tab reloads: median **{median:.1f} s** from save to the new text "
            f"on screen over {len(times)} edits, measured by `benchmarks/live_reload.py`.\n"
        )
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
