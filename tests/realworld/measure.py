#!/usr/bin/env python3
"""Measure workplan-extract on the real published plans of ``plans/``, end to end.

Each plan is written as a real document in each format (``render.py``), extracted by the library
as a user would, and scored against the expectations written by hand from SPEC (``score.py``).

Usage::

    .venv/bin/python tests/realworld/measure.py [--formats docx,html,xlsx,pdf] [--plan SLUG]
                                                [--notes] [--keep DIR] [--write-baseline]

Prints one line per plan and format (right/wrong/unknown over every scored value), then the
totals per field; ``--notes`` lists every wrong and unknown value. PDF needs LibreOffice.
``--write-baseline`` records every format's counts and wrong values in ``baseline.json``, the
ratchet ``test_realworld_documents.py`` holds the tool to (write it only after checking each new
wrong value by hand; it needs LibreOffice, for the PDFs).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from render import FAST_FORMATS, build, data_rows, plans, write_docx, write_pdfs
from score import FIELDS, Score, score

from workplan_extract import extract
from workplan_extract.errors import WorkplanError

ALL_FIELDS = (*FIELDS, "timings")
BASELINE = Path(__file__).parent / "baseline.json"


def run(
    formats: list[str], only: str | None, notes: bool, keep: Path | None
) -> tuple[Score, dict[str, dict[str, object]]]:
    chosen = [p for p in plans() if only is None or p.slug == only]
    total = Score()
    per_format: dict[str, Score] = {f: Score() for f in formats}
    baseline: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        files: dict[tuple[str, str], Path] = {}
        for plan in chosen:
            for fmt in formats:
                if fmt != "pdf":
                    files[(plan.slug, fmt)] = build(plan, fmt, out)
        if "pdf" in formats:
            pdf_dir = out / "pdf"
            pdf_dir.mkdir(exist_ok=True)
            sources = [write_docx(p, pdf_dir / f"{p.slug}.docx") for p in chosen]
            for pdf in write_pdfs(sources, pdf_dir):
                files[(pdf.stem, "pdf")] = pdf
        for plan in chosen:
            for fmt in formats:
                path = files.get((plan.slug, fmt))
                if path is None:
                    print(f"{plan.slug:55} {fmt:5} not built")
                    continue
                doc, error = None, None
                try:
                    doc = extract(path)
                except WorkplanError as exc:
                    error = exc.code
                s = score(plan.expect, doc, error, data_rows(plan))
                per_format[fmt].add(s)
                baseline[f"{plan.slug}/{fmt}"] = summary(s)
                total.add(s)
                r, w, u = (sum(c.values()) for c in (s.right, s.wrong, s.unknown))
                print(f"{plan.slug:55} {fmt:5} right {r:3}  wrong {w:3}  unknown {u:3}")
                if notes:
                    for note in s.notes:
                        print(f"    {note}")
    print()
    print(f"{'field':10} " + "  ".join(f"{f:>20}" for f in formats) + f"  {'all':>20}")
    for name in ALL_FIELDS:
        cells = [_cell(per_format[f], name) for f in formats] + [_cell(total, name)]
        print(f"{name:10} " + "  ".join(f"{c:>20}" for c in cells))
    return total, baseline


def summary(s: Score) -> dict[str, object]:
    """What the baseline keeps of one extraction's score."""
    return {
        "right": sum(s.right.values()),
        "wrong": sum(s.wrong.values()),
        "unknown": sum(s.unknown.values()),
        "wrong_notes": sorted(n for n in s.notes if n.startswith("wrong ")),
    }


def _cell(s: Score, name: str) -> str:
    return f"{s.right[name]}/{s.wrong[name]}/{s.unknown[name]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="docx,html,xlsx,pdf")
    parser.add_argument("--plan")
    parser.add_argument("--notes", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args()
    formats = args.formats.split(",")
    if args.write_baseline:
        if shutil.which("soffice") is None:
            parser.error("--write-baseline needs LibreOffice (soffice), to print the PDFs")
        formats = [*FAST_FORMATS, "pdf"]
    print("right/wrong/unknown per field")
    _, baseline = run(formats, args.plan, args.notes, args.keep)
    if args.write_baseline:
        BASELINE.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
