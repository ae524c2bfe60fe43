#!/usr/bin/env python3
"""Generate a workplan of N numbered items as .txt and .docx, and check it reads as N items.

A long plan once collapsed into one item (the number pattern took at most three digits, so past
999 the number column was lost). This builds plans of any length quickly: the .txt in the
seeds' dump layout, the .docx as a minimal WordprocessingML package written directly (python-
docx takes minutes to add 20,000 rows).

Usage::

    PYTHONPATH=src python scripts/long_plan.py 20000            # build both, extract, report
    PYTHONPATH=src python scripts/long_plan.py 20000 --keep DIR # and keep the files in DIR
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HEADERS = ("", "Objectives & Actions", "Lead Parties", "Timing")
TITLE = "Long Board Workplan 2010/11"


def cells(n: int) -> tuple[str, list[str], str, str]:
    """Item ``n``'s number, action-cell paragraphs, lead and timing."""
    return (
        str(n),
        [f"Workstream {n}", f"a) Agree the scope of workstream {n}", "b) Report"],
        "GOL",
        "March 2011",
    )


def write_txt(path: Path, count: int) -> None:
    lines = [TITLE, ""] + [f"\t{h}" for h in HEADERS]
    for n in range(1, count + 1):
        number, action, lead, timing = cells(n)
        lines += [f"\t{number}", f"\t{action[0]}", *action[1:], f"\t{lead}", f"\t{timing}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _tc(paragraphs: list[str]) -> str:
    return "<w:tc>" + "".join(_p(t) for t in paragraphs or [""]) + "</w:tc>"


def write_docx(path: Path, count: int) -> None:
    rows = ["<w:tr>" + "".join(_tc([h]) for h in HEADERS) + "</w:tr>"]
    for n in range(1, count + 1):
        number, action, lead, timing = cells(n)
        rows.append(
            "<w:tr>" + _tc([number]) + _tc(action) + _tc([lead]) + _tc([timing]) + "</w:tr>"
        )
    grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * len(HEADERS) + "</w:tblGrid>"
    body = _p(TITLE) + "<w:tbl>" + grid + "".join(rows) + "</w:tbl><w:sectPr/>"
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{body}</w:body></w:document>'
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr("_rels/.rels", rels)
        package.writestr("word/document.xml", document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("count", type=int)
    parser.add_argument("--keep", type=Path, help="write the plans here (else a temp dir)")
    args = parser.parse_args(argv)
    from workplan_extract import extract

    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, write in ((".txt", write_txt), (".docx", write_docx)):
            path = folder / f"long-plan-{args.count}{suffix}"
            write(path, args.count)
            start = time.perf_counter()
            doc = extract(path)
            seconds = time.perf_counter() - start
            numbers = [i.number for i in doc.items]
            ok = numbers == [str(n) for n in range(1, args.count + 1)]
            merged = sum(1 for w in doc.warnings if w.code.startswith("item."))
            print(
                f"{path.name}: {len(doc.items)} items, {merged} item warnings, {seconds:.1f} s, {'ok' if ok else 'WRONG'}"
            )
            status |= not ok
    return status


if __name__ == "__main__":
    sys.exit(main())
