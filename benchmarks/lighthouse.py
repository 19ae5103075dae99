"""Page-speed budget: run Lighthouse on the built candidate site, served with gzip.

Run from the repository root after ``handbook build``::

    .venv/bin/python benchmarks/lighthouse.py

It installs the npm ``lighthouse`` package (pinned) into ``.cache/node`` on first use,
serves ``site/`` on localhost with gzip compression (as any real host does), runs
Lighthouse with its default mobile profile in Debian's Chromium on the home page, a
study page and the question bank, and writes the category scores, the performance
metrics and every failed audit to ``docs/about/lighthouse.md``.

Each page is measured ``--runs`` times (5 by default) and the report gives the median
score, the spread of the performance score and the metrics of the median run, as
Lighthouse's own variability guide advises: one run swings by a few points.

Targets: performance at least 98; accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / ".cache" / "node"
LIGHTHOUSE_VERSION = "13"
PAGES = {
    "Home": "/",
    "Study page (caching)": "/competencies/system-design/caching/",
    "Question bank": "/questions/",
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip, cache headers and no logging."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def send_head(self) -> Any:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io  # noqa: PLC0415

        return io.BytesIO(body)


def ensure_lighthouse() -> Path:
    binary = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],
            cwd=NODE_DIR,
            check=True,
        )
    return binary


def run(binary: Path, url: str, out: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run"
    )
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={flags}",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env=env,
        check=True,
    )
    return dict(json.loads(out.read_text()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs/about/lighthouse.md")
    parser.add_argument("--runs", type=int, default=5, help="runs per page (default 5)")
    args = parser.parse_args()
    binary = ensure_lighthouse()
    handler = functools.partial(GzipHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # The site is built for a sub-path; serve it from the root for the measurement.
    rows, failures = [], []
    try:
        for name, path in PAGES.items():
            runs = []
            for _ in range(args.runs):
                report = run(binary, base + path, ROOT / ".cache" / "lighthouse.json")
                cats = report["categories"]
                scores = {key: round(100 * (cats[key]["score"] or 0)) for key in TARGETS}
                runs.append((scores, report))
            perf = sorted(scores["performance"] for scores, _ in runs)
            median_scores = {
                key: round(statistics.median(scores[key] for scores, _ in runs)) for key in TARGETS
            }
            # The metrics shown are those of the run whose score is the median one.
            _, report = sorted(runs, key=lambda r: r[0]["performance"])[len(runs) // 2]
            cats = report["categories"]
            audits = report["audits"]
            metrics = {
                key: audits[key]["displayValue"]
                for key in (
                    "first-contentful-paint",
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                    "speed-index",
                )
            }
            spread = f"{perf[0]}–{perf[-1]}" if perf[0] != perf[-1] else str(perf[0])
            rows.append((name, path, median_scores, spread, metrics))
            for audit in audits.values():
                if (
                    audit.get("score") is not None
                    and audit["score"] < 1
                    and audit.get("scoreDisplayMode") in ("binary", "numeric")
                    and any(
                        ref["id"] == audit["id"]
                        for key in ("accessibility", "best-practices", "seo")
                        for ref in cats[key]["auditRefs"]
                        if ref.get("weight", 0) > 0
                    )
                ):
                    failures.append(f"- {name}: `{audit['id']}`: {audit['title']}")
            print(name, median_scores, perf, metrics, file=sys.stderr)
    finally:
        server.shutdown()
    lines = [
        "---",
        "title: Page-speed budget",
        'description: "Lighthouse scores of the candidate site on a mobile profile, measured '
        'locally with gzip, against the budget."',
        "---",
        "",
        "# Page-speed budget",
        "",
        "Measured by `benchmarks/lighthouse.py`: Lighthouse "
        f"{LIGHTHOUSE_VERSION} (npm) with Debian's Chromium, default mobile profile (simulated "
        "slow 4G and a 4x CPU slowdown), against the built candidate site served on localhost "
        f"with gzip. Budget: performance at least 98; accessibility, best practices and SEO 100. "
        f"Each page was measured {args.runs} times: scores are medians, the range is the spread "
        "of the performance score, and the metrics are those of the median run.",
        "",
        "| Page | Performance (range) | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, path, scores, spread, metrics in rows:
        lines.append(
            f"| {name} (`{path}`) | {scores['performance']} ({spread}) | {scores['accessibility']} | "
            f"{scores['best-practices']} | {scores['seo']} | "
            f"{metrics['first-contentful-paint']} | {metrics['largest-contentful-paint']} | "
            f"{metrics['total-blocking-time']} | {metrics['cumulative-layout-shift']} |"
        )
    lines += ["", "## Audits that did not pass", ""]
    lines += sorted(set(failures)) or ["None."]
    lines.append("")
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
