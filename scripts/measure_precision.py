#!/usr/bin/env python3
"""How many documents that are NOT workplans a batch accepts: the precision of table detection.

The corpus is real documents from other projects' test suites (pdfplumber, camelot, tabula-java,
pdfminer.six, python-docx, docx2python, mammoth, PyMuPDF: tables, forms, papers, registers, none
of them a workplan), copied into a folder outside the repository (they are not ours to commit).
Every document a batch extracts from it is a false positive; the target is at most two.

Usage::

    python scripts/measure_precision.py [CORPUS] [--jobs N] [--timeout S] [--keep OUTDIR]

CORPUS defaults to ``/work/corpus/nonworkplan``; when it is absent the script says so and exits
0, so it can run anywhere. It prints the accepted files (with their item counts and the column
mapping that let them in), a count of errors by code, and ``accepted: A/T``; the exit status is 1
when more than ``--allowed`` (default 2) were accepted.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_CORPUS = Path("/work/corpus/nonworkplan")


def run_batch(corpus: Path, out: Path, jobs: int, timeout: float) -> list[dict[str, object]]:
    """Run ``workplan-extract batch`` over ``corpus`` into ``out``; the manifest's entries."""
    exe = Path(sys.executable).with_name("workplan-extract")
    command = [str(exe) if exe.exists() else "workplan-extract", "batch", str(corpus)]
    command += ["-o", str(out), "--jobs", str(jobs), "--timeout", str(timeout)]
    subprocess.run(command, check=False, capture_output=True)
    entries: dict[str, dict[str, object]] = {}
    for line in (out / "manifest.jsonl").read_text().splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        entries[str(entry["file"])] = entry  # later lines win
    return list(entries.values())


def describe(out: Path, entry: dict[str, object]) -> str:
    """One line about an accepted file: its items and the fields its columns were mapped to."""
    output = entry.get("output")
    if not output:
        return f"{entry['file']} (duplicate of {entry.get('duplicate_of')})"
    doc = json.loads((out / str(output)).read_text())
    fields = [
        f"{c['header'][:24]!r}->{c['field']}" for c in doc["columns"] if c["field"] != "other"
    ]
    return f"{entry['file']}: {len(doc['items'])} items; " + ", ".join(fields)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--allowed", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the batch's output here (else a temp dir)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus {args.corpus} is absent: nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "out"
        entries = run_batch(args.corpus, out, args.jobs, args.timeout)
        accepted = [e for e in entries if e.get("status") == "done"]
        for entry in sorted(accepted, key=lambda e: str(e["file"])):
            print("accepted:", describe(out, entry))
    codes = collections.Counter(str(e.get("error_code")) for e in entries if e not in accepted)
    for code, count in codes.most_common():
        print(f"{code}: {count}")
    print(f"accepted: {len(accepted)}/{len(entries)}")
    return 1 if len(accepted) > args.allowed else 0


if __name__ == "__main__":
    sys.exit(main())
