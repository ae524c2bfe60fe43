#!/usr/bin/env python3
"""Peak memory of reading long PDFs: ours against pdfplumber alone, each in a fresh process.

Builds (once, into ``--cache``) generated plans of about 600 pages with ``scripts/make_plan.py``
through LibreOffice: one whose table has ruling lines, one without (its columns found from how
the text lines up), and a long prose document with no table. Each is then read in a fresh
Python process by

- ``pdfplumber``: pdfplumber alone doing what the reader asks of it, page by page (the glyphs
  and the ruled tables of each page, then ``page.close()``): the floor;
- ``read_pdf``: our PDF reader (glyphs -> lines -> paragraphs and tables);
- ``extract``: the whole pipeline (reader, mapping, items, normalisation, validation);

and the peak resident set size of the process (``VmHWM``) and its time are printed. The figure
that matters is how the peak grows with the pages: ``--pages`` reads only the first N pages of
each file (by cutting the plan shorter), so two runs show the growth.

    python benchmarks/pdf_memory.py                 # ~600-page files
    python benchmarks/pdf_memory.py --items 600     # ~120-page files, for the growth
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
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

_PROBE = r"""
import json, sys, time
kind, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
pages = None
if kind == "pdfplumber":
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        pages = 0
        for page in pdf.pages:
            page.chars
            page.find_tables()
            page.close()
            pages += 1
elif kind == "read_pdf":
    from workplan_extract.readers.pdf import read_pdf
    with open(path, "rb") as fh:
        doc = read_pdf(fh.read(), path, {"max_rows": 10**6, "max_cells": 10**7})
    pages = doc.pages
else:
    from workplan_extract import extract, WorkplanError
    try:
        doc = extract(path, {"max_rows": 10**6, "max_cells": 10**7})
        pages = doc.source.pages
    except WorkplanError as exc:  # a document with no table: the reading is what counts
        pages = exc.code
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) * 1024
print(json.dumps({"pages": pages, "seconds": seconds, "peak_mib": peak / 2**20}))
"""


def build(cache: Path, items: int) -> dict[str, Path]:
    """The three test files, built once per size."""
    import docx
    from docx.shared import Pt
    from make_plan import plan, print_pdf, write_docx

    cache.mkdir(parents=True, exist_ok=True)
    names = {
        "ruled": cache / f"ruled-{items}.docx",
        "unruled": cache / f"unruled-{items}.docx",
        "prose": cache / f"prose-{items}.docx",
    }
    todo = [p for p in names.values() if not p.with_suffix(".pdf").exists()]
    if todo:
        rows = plan(items, seed=1)
        names["ruled"].write_bytes(write_docx(rows, ruled=True))
        # Without ruling lines the same rows take more pages: fewer of them for ~as many pages.
        names["unruled"].write_bytes(write_docx(rows[: items * 2 // 3 + 1], ruled=False))
        prose = docx.Document()
        prose.styles["Normal"].font.size = Pt(10)
        for n in range(items * 2):
            if n % 12 == 0:
                prose.add_heading(f"Section {n // 12 + 1}: progress report", level=2)
            text = " ".join(rows[1 + n % items][2][0].text for _ in range(3))
            prose.add_paragraph(f"{n + 1}. {text}")
        prose.save(str(names["prose"]))
        print_pdf(todo, cache)
    return {kind: path.with_suffix(".pdf") for kind, path in names.items()}


def measure(kind: str, path: Path, src: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, kind, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"{kind} {path.name} failed:\n{run.stderr}")
    result: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=2900, help="plan items (~4.7 per page)")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "workplan-extract-bench"
    )
    parser.add_argument("--only", help="one file kind: ruled, unruled or prose")
    parser.add_argument(
        "--src",
        type=Path,
        default=ROOT / "src",
        help="the package to measure (e.g. a checkout of an older commit)",
    )
    args = parser.parse_args()
    files = build(args.cache, args.items)
    print(f"{'file':<24} {'pages':>6} {'reader':<11} {'peak MiB':>9} {'seconds':>8}")
    for kind, path in files.items():
        if args.only and kind != args.only:
            continue
        for reader in ("pdfplumber", "read_pdf", "extract"):
            r = measure(reader, path, args.src)
            print(
                f"{path.name:<24} {r['pages']!s:>6} {reader:<11} "
                f"{r['peak_mib']:>9.0f} {r['seconds']:>8.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
