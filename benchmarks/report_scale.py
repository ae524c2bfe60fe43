#!/usr/bin/env python3
"""How the review report grows with the batch: size per document, time and peak memory.

Extracts the text, Word and PDF samples once, writes N copies of their documents (each with its
own path and sha256) to a JSON Lines file, and times ``write_report`` over it in a fresh process
per N, so peak memory (ru_maxrss) is that run's own. With ``--chromium``, also times headless
Chromium opening each report to a screenshot.

    .venv/bin/python benchmarks/report_scale.py 500 1000 5000 --chromium
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copies(count: int, target: Path) -> None:
    from workplan_extract import extract

    samples = sorted(
        p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".docx", ".pdf")
    )
    docs = [json.loads(extract(p).model_dump_json()) for p in samples]
    with target.open("w", encoding="utf-8") as out:
        for i in range(count):
            doc = json.loads(json.dumps(docs[i % len(docs)]))
            doc["source"]["path"] = f"archive/{i:05d}/{doc['source']['filename']}"
            doc["source"]["sha256"] = hashlib.sha256(str(i).encode()).hexdigest()
            out.write(json.dumps(doc) + "\n")


def measure(source: Path, output: Path) -> None:
    """Run in a child process: one report, then its figures as JSON on stdout."""
    from workplan_extract.report import write_report

    start = time.perf_counter()
    summary = write_report([source], output)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "documents": summary.documents,
                "bytes": summary.size_bytes,
                "seconds": round(seconds, 2),
                "peak_mb": round(peak, 1),
            }
        )
    )


def open_in_chromium(report: Path) -> float:
    chromium = shutil.which("chromium") or "chromium"
    with tempfile.TemporaryDirectory() as profile:
        start = time.perf_counter()
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--window-size=1280,1600",
                f"--screenshot={profile}/shot.png",
                report.as_uri(),
            ],
            capture_output=True,
            check=True,
            timeout=600,
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[500, 1000])
    parser.add_argument("--chromium", action="store_true", help="also time Chromium opening it")
    parser.add_argument("--measure", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    with tempfile.TemporaryDirectory() as folder:
        for count in args.counts:
            source, output = Path(folder) / f"{count}.jsonl", Path(folder) / f"{count}.html"
            copies(count, source)
            run = subprocess.run(
                [sys.executable, __file__, "--measure", str(source), str(output)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(run.stdout)
            figures["kb_per_document"] = round(figures["bytes"] / count / 1000, 1)
            if args.chromium:
                figures["chromium_seconds"] = round(open_in_chromium(output), 1)
            print(json.dumps(figures))


if __name__ == "__main__":
    main()
