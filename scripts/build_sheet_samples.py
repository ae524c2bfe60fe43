"""Rebuild the spreadsheet, CSV and web-page samples in samples/ from the seed text dumps.

Each seed becomes three files holding exactly its words, laid out as such files are:

- ``NAME.xlsx`` (openpyxl): one worksheet; the title, reference and preamble in column A above
  the table (the title bold and merged across it), a bold header row marked as the print title,
  each cell's paragraphs as lines of one cell (bullets typed as "•", lettered actions as "a)"),
  wrap text on, item numbers as numbers, the last row merged across the columns the dump shows
  it spanning;
- ``NAME.csv``: the same grid as comma-separated values with a UTF-8 BOM, as Excel writes it
  ("CSV UTF-8"), line breaks inside quoted fields;
- ``NAME.html``: a page with the title as ``<h1>`` (and ``<title>``), the preamble as
  paragraphs (the mission statement heading as ``<h2>``), the table with a ``<thead>``, bullets
  as ``<ul>``, lettered actions as ``<ol type="a">``, a cell's soft line breaks as ``<br>``,
  the merged last row as ``colspan``.

After building, every file must give the same title, reference, preamble, columns and items as
the seed dump; the script exits 1 otherwise. The output is byte-identical on every run (fixed
document properties and ZIP timestamps).

Usage::

    PYTHONPATH=src python scripts/build_sheet_samples.py            # rebuild
    PYTHONPATH=src python scripts/build_sheet_samples.py --check    # exit 1 if a rebuild differs
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workplan_extract import extract
from workplan_extract.readers.base import BULLET, Cell, Paragraph, Table
from workplan_extract.readers.txt import read_txt

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ("lcpc-workplan-2004", "lscb-workplan-2007-08")
#: The sheet each seed's table is on, as its authors might have named it.
SHEET_NAMES = {"lcpc-workplan-2004": "Workplan 2004", "lscb-workplan-2007-08": "Workplan 2007-08"}
#: Preamble paragraphs that are headings on the web page.
HTML_HEADINGS = {"London Safeguarding Children Board Mission Statement": "h2"}
#: (row, col) of the table cell whose lines are one paragraph with line breaks on the page.
SOFT_BREAKS = {"lcpc-workplan-2004": (12, 2), "lscb-workplan-2007-08": (12, 1)}
#: The column whose lettered lines are a numbered list on the page (others stay typed).
LETTERED = {"lscb-workplan-2007-08": 1}
FIXED_TIME = dt.datetime(2024, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_TITLE_WORDS = re.compile(r"\bwork\s?plan\b", re.IGNORECASE)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def seed_parts(seed: str) -> tuple[list[Paragraph], Table]:
    doc = read_txt((SAMPLES / f"{seed}.txt").read_bytes(), seed)
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    return paragraphs, next(doc.tables())


def lines(cell: Cell | None) -> list[str]:
    """A cell's paragraphs as typed lines: "• text" for bullets, "a) text" for letters."""
    if cell is None:
        return []
    return [p.rendered for p in cell.paragraphs if p.text]


def _number(text: str) -> int | str:
    return int(text) if text.isdigit() else text


# --- .xlsx ----------------------------------------------------------------------------------


def build_xlsx(seed: str) -> bytes:
    paragraphs, table = seed_parts(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAMES[seed]
    wrap = Alignment(wrap_text=True, vertical="top")
    row_number = 0
    for para in paragraphs:
        row_number += 1
        cell = sheet.cell(row_number, 1, para.rendered)
        if _TITLE_WORDS.search(para.text):
            cell.font = Font(bold=True, size=14)
            sheet.merge_cells(
                start_row=row_number, start_column=1, end_row=row_number, end_column=table.ncols
            )
    row_number += 1  # a blank row between the front matter and the table
    header = row_number + 1
    for row in table.rows:
        row_number += 1
        for cell in row.cells:
            text = "\n".join(lines(cell))
            if not text:
                continue
            target = sheet.cell(row_number, cell.col + 1, _number(text))
            target.alignment = wrap
            if row.is_header:
                target.font = Font(bold=True)
            if cell.span > 1:
                sheet.merge_cells(
                    start_row=row_number,
                    start_column=cell.col + 1,
                    end_row=row_number,
                    end_column=cell.col + cell.span,
                )
    sheet.print_title_rows = f"{header}:{header}"
    sheet.freeze_panes = f"A{header + 1}"
    for col in range(1, table.ncols + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 6 if col == 1 else 30
    return save_workbook(book, f"Rebuilt from samples/{seed}.txt")


def save_workbook(book: Workbook, comment: str) -> bytes:
    """Save with fixed properties and timestamps, so a rebuild is byte-identical."""
    props = book.properties
    props.creator = props.lastModifiedBy = "workplan-extract build_sheet_samples.py"
    props.created = props.modified = FIXED_TIME
    props.description = comment
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes, patch: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Rewrite a ZIP with fixed timestamps (openpyxl stamps the save time into the entries
    and docProps/core.xml); ``patch`` may rewrite members on the way."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", content)
            if patch is not None:
                content = patch(info.filename, content)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content, compresslevel=9)
    return out.getvalue()


# --- .csv -----------------------------------------------------------------------------------


def build_csv(seed: str) -> bytes:
    paragraphs, table = seed_parts(seed)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    width = table.ncols
    for para in paragraphs:
        writer.writerow([para.rendered] + [""] * (width - 1))
    writer.writerow([""] * width)
    for row in table.rows:
        out = [""] * width
        for cell in row.cells:
            out[cell.col] = "\n".join(lines(cell))
        writer.writerow(out)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


# --- .html ----------------------------------------------------------------------------------


def build_html(seed: str) -> bytes:
    paragraphs, table = seed_parts(seed)
    esc = html.escape
    title = next(p.text for p in paragraphs if _TITLE_WORDS.search(p.text))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        "<style>table { border-collapse: collapse } td, th { border: 1px solid #999;"
        " vertical-align: top }</style>",
        "</head>",
        "<body>",
    ]
    for para in paragraphs:
        if para.text == title:
            out.append(f"<h1>{esc(para.text)}</h1>")
        elif para.text in HTML_HEADINGS:
            tag = HTML_HEADINGS[para.text]
            out.append(f"<{tag}>{esc(para.text)}</{tag}>")
        else:
            out.append(f"<p>{esc(para.rendered)}</p>")
    out.append("<table>")
    for row in table.rows:
        if row.is_header:
            out.append("<thead>")
        cells = []
        for cell in row.cells:
            tag = "th" if row.is_header else "td"
            span = f' colspan="{cell.span}"' if cell.span > 1 else ""
            soft = (row.index, cell.col) == SOFT_BREAKS[seed]
            body = _cell_html(cell, lettered=cell.col == LETTERED.get(seed), soft=soft)
            cells.append(f"<{tag}{span}>{body}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
        if row.is_header:
            out.append("</thead>\n<tbody>")
    out += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _cell_html(cell: Cell, *, lettered: bool, soft: bool) -> str:
    """A cell's paragraphs as a page has them: runs of bullets as <ul>, a run of "a), b), ..."
    as <ol type="a"> (in the lettered column only), other paragraphs as <p>."""
    esc = html.escape
    paragraphs = [p for p in cell.paragraphs if p.text]
    if soft:
        return "<p>" + "<br>".join(esc(p.rendered) for p in paragraphs) + "</p>"
    out: list[str] = []
    run: list[Paragraph] = []
    kind = ""

    def close() -> None:
        if run:
            tag = "ul" if kind == "ul" else 'ol type="a"'
            items = "".join(f"<li>{esc(p.text)}</li>" for p in run)
            out.append(f"<{tag}>{items}</{tag.split()[0]}>")
            run.clear()

    for para in paragraphs:
        if para.label == BULLET:
            this = "ul"
        elif lettered and para.label == f"{chr(ord('a') + (len(run) if kind == 'ol' else 0))})":
            this = "ol"
        else:
            this = ""
        if this != kind:
            close()
            kind = this
        if this:
            run.append(para)
        else:
            out.append(f"<p>{esc(para.rendered)}</p>")
    close()
    return "".join(out)


# --- check and main -------------------------------------------------------------------------


BUILDERS: dict[str, Callable[[str], bytes]] = {
    "xlsx": build_xlsx,
    "csv": build_csv,
    "html": build_html,
}


def comparable(path: Path) -> tuple[object, ...]:
    doc = extract(path)
    items = [i.model_dump(mode="json", exclude={"location"}) for i in doc.items]
    return doc.title, doc.reference, doc.preamble, [c.field for c in doc.columns], items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a rebuild would differ")
    args = parser.parse_args(argv)
    status = 0
    for seed in SEEDS:
        expected = comparable(SAMPLES / f"{seed}.txt")
        for ext, builder in BUILDERS.items():
            data = builder(seed)
            target = SAMPLES / f"{seed}.{ext}"
            if args.check:
                if not target.exists() or target.read_bytes() != data:
                    print(f"{target}: out of date; rerun {Path(__file__).name}", file=sys.stderr)
                    status = 1
                continue
            target.write_bytes(data)
            if comparable(target) != expected:
                print(f"{target}: items differ from {seed}.txt", file=sys.stderr)
                status = 1
            else:
                print(f"wrote {target} ({len(data):,} bytes): same items as {seed}.txt")
    return status


if __name__ == "__main__":
    sys.exit(main())
