#!/usr/bin/env python3
"""How many PDF cells keep their paragraph breaks: the same generated plan as .docx and .pdf.

Builds a plan with ``scripts/make_plan.py`` (the .docx, then LibreOffice's PDF of it, untagged
unless ``--tagged``), reads both, and for the lead-party, title (the first paragraph of the
"Objectives & Actions" cell) and timing columns reports the share of cells with two or more
paragraphs in the .docx whose paragraphs come out of the PDF exactly as from the .docx (same
breaks, no words fused or split), rows taken in order; then extracts both and counts the lead
parties and timings found in each. ``--src`` measures another checkout of the package (the figures before a change).

``--no-wrap-spaces`` reads the PDF as if its producer drew no space glyph where it wraps a line
(many producers draw none), so only the other cues decide.

    python benchmarks/pdf_paragraphs.py --items 1000
    python benchmarks/pdf_paragraphs.py --items 1000 --src /tmp/before/src
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PROBE = r"""
import json, sys
if sys.argv[3] == "1":
    import workplan_extract.readers.pdfassemble as assemble
    assemble.wraps_marked = lambda groups, rights: False
from workplan_extract import extract, WorkplanError
from workplan_extract.readers.docx import read_docx
from workplan_extract.readers.pdf import read_pdf
out = {}
for path, reader in zip(sys.argv[1:3], (read_docx, read_pdf)):
    with open(path, "rb") as fh:
        source = reader(fh.read(), path, {"max_rows": 10**6, "max_cells": 10**7})
    rows = [
        [[p.rendered for p in c.paragraphs if p.text] for c in r.cells]
        for t in source.tables() for r in t.rows if not r.is_header
    ]
    try:
        doc = extract(path, {"max_rows": 10**6, "max_cells": 10**7})
        items = [
            {"leads": [p.text for p in i.lead_parties], "timings": [t.text for t in i.timings]}
            for i in doc.items
        ]
    except WorkplanError as exc:
        items = []
    out[path] = {"rows": rows, "items": items}
print(json.dumps(out))
"""


def measure(docx: Path, pdf: Path, src: Path, no_wrap_spaces: bool) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(docx), str(pdf), "1" if no_wrap_spaces else "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(run.stderr)
    found = json.loads(run.stdout)
    want, got = found[str(docx)], found[str(pdf)]
    report: dict[str, object] = {
        "rows (docx, pdf)": [len(want["rows"]), len(got["rows"])],
        "items (docx, pdf)": [len(want["items"]), len(got["items"])],
    }
    # Rows in order (repeated headers left out): a PDF reader that splits or joins rows
    # shifts the rest, which is counted against it.
    for col, label in ((4, "lead"), (1, "title"), (6, "timing")):
        total = kept = 0
        for a, b in zip(want["rows"], got["rows"], strict=False):
            if len(a) <= col or len(a[col]) < 2:
                continue
            total += 1
            theirs = b[col] if len(b) > col else []
            if col == 1:  # the title's break: the first paragraph, then the rest
                kept += theirs[:1] == a[col][:1] and " ".join(theirs) == " ".join(a[col])
            else:
                kept += theirs == a[col]
        report[label] = f"{kept}/{total} = {kept / total:.1%}" if total else "n/a"
    for key in ("leads", "timings"):
        report[f"{key} (docx, pdf)"] = [sum(len(i[key]) for i in d["items"]) for d in (want, got)]
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--unruled", action="store_true", help="the table without ruling lines")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tagged", action="store_true")
    parser.add_argument("--no-wrap-spaces", action="store_true")
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "workplan-extract-bench"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT / "src"))
    from make_plan import plan, print_pdf, write_docx

    args.cache.mkdir(parents=True, exist_ok=True)
    kind = ("-tagged" if args.tagged else "") + ("-unruled" if args.unruled else "")
    name = f"paras-{args.items}-{args.seed}{kind}"
    docx = args.cache / f"{name}.docx"
    pdf = docx.with_suffix(".pdf")
    if not pdf.exists():
        docx.write_bytes(write_docx(plan(args.items, args.seed), ruled=not args.unruled))
        print_pdf([docx], args.cache, tagged=args.tagged)
    report = measure(docx, pdf, args.src, args.no_wrap_spaces)
    print(f"{pdf.name} ({args.src}):")
    for key, value in report.items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
