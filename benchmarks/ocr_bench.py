#!/usr/bin/env python3
"""OCR of the scanned samples: seconds per page on one core, field F1 against the digital
originals, and OCRmyPDF on the same files when it is installed.

Each extraction runs in a fresh process pinned to one CPU (``sched_setaffinity``), so a page's
time is one core's, Tesseract's included (it runs as a child with ``OMP_THREAD_LIMIT=1``). Both
the wall time and the CPU time (ours plus Tesseract's) of the ``extract`` call are reported:
on a busy machine the CPU time is the steadier figure. Imports are done before the clock
starts; the first file of a process also pays for reading Tesseract's word list (about 0.6 s).

    python benchmarks/ocr_bench.py [--json -] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ROOT / "samples" / "scanned"
SEEDS = ("lcpc-workplan-2004", "lscb-workplan-2007-08")
#: Seconds a 3-page scan may take on one core (the issue's target).
TARGET_3_PAGES = 15.0

_CHILD = """
import json, os, resource, sys, time
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
import cv2, numpy, pdfplumber, pypdfium2  # imports before the clock
from workplan_extract import extract
def cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
extract("samples/lcpc-workplan-2004.txt")  # the pipeline's own first-use costs
c, w = cpu(), time.perf_counter()
doc = extract(sys.argv[1], {"ocr": "auto"})
print(json.dumps({"wall": time.perf_counter() - w, "cpu": cpu() - c, "pages": doc.source.pages,
                  "record": json.loads(doc.model_dump_json())}))
"""

_OCRMYPDF = """
import os, resource, subprocess, sys, time
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
w = time.perf_counter()
subprocess.run([sys.argv[1], "--force-ocr", "--jobs", "1", "--output-type", "pdf", "--quiet",
                sys.argv[2], sys.argv[3]], check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - w, kids.ru_utime + kids.ru_stime)
"""


def _figure(
    what: str, value: float, unit: str, target: str, met: bool | None, note: str
) -> dict[str, Any]:
    return {
        "section": "ocr",
        "what": what,
        "value": value,
        "unit": unit,
        "target": target,
        "met": met,
        "note": note,
    }


def measure(repeat: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ocr_f1 import field_f1
    from ocr_misreadings import misreadings

    out = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for seed in SEEDS:
        scan = SCANNED / f"{seed}.scan.pdf"
        runs = []
        for _ in range(repeat):
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(scan)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout))
        pages = runs[0]["pages"]
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        limit = TARGET_3_PAGES * pages / 3
        out.append(
            _figure(
                f"{seed}.scan.pdf: wall per page",
                wall / pages,
                "s",
                "< 5",
                wall / pages < 5,
                f"{pages} pages in {wall:.1f} s on one core",
            )
        )
        out.append(
            _figure(
                f"{seed}.scan.pdf: CPU per page",
                cpu / pages,
                "s",
                "< 5",
                cpu < limit,
                "ours plus Tesseract's",
            )
        )
        golden = json.loads((ROOT / "samples" / "expected" / f"{seed}.pdf.json").read_text())
        record = runs[0]["record"]
        f1 = field_f1(record, golden)
        out.append(
            _figure(
                f"{seed}.scan.pdf: field F1 vs digital",
                f1.f1,
                "",
                ">= 0.85",
                f1.f1 >= 0.85,
                f"P {f1.precision:.3f} R {f1.recall:.3f} ({f1.true_positives}/{f1.golden_facts} facts)",
            )
        )
        found = misreadings(record, golden)
        unwarned = [m for m in found if not m.warned]
        out.append(
            _figure(
                f"{seed}.scan.pdf: misreadings unwarned",
                len(unwarned),
                "",
                "0",
                None,
                f"of {len(found)} word runs that differ: "
                + "; ".join(f"{m.expected!r} read {m.got!r}" for m in unwarned),
            )
        )
        out.extend(_ocrmypdf(scan, pages, wall))
    return out


def _ocrmypdf(scan: Path, pages: int, ours: float) -> list[dict[str, Any]]:
    beside = Path(sys.executable).with_name("ocrmypdf")  # installed in this environment
    program = shutil.which("ocrmypdf") or (str(beside) if beside.exists() else None)
    if program is None:
        return [
            _figure(f"{scan.name}: ocrmypdf per page", 0, "s", "", None, "ocrmypdf not installed")
        ]
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-c", _OCRMYPDF, program, str(scan), str(Path(tmp) / "out.pdf")],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        return [
            _figure(
                f"{scan.name}: ocrmypdf per page",
                0,
                "s",
                "",
                None,
                f"ocrmypdf failed: {done.stderr[-200:]}",
            )
        ]
    wall, cpu = map(float, done.stdout.split())
    return [
        _figure(
            f"{scan.name}: ocrmypdf per page",
            wall / pages,
            "s",
            "",
            None,
            f"text layer only, no table; ours / ocrmypdf = {ours / wall:.2f}; CPU {cpu:.1f} s",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", default=None, help="'-' to print the figures as JSON")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures = measure(args.repeat)
    if args.json == "-":
        print(json.dumps(figures))
    else:
        for f in figures:
            print(f"{f['what']:<55} {f['value']:8.3f} {f['unit']:<3} {f['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
