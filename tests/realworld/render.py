"""Build real documents from the plan descriptions in ``plans/*.json``.

Each description is a published plan (or a paper's table that is not a plan) transcribed from its
source: paragraphs with the styling the source gives them ("Title", "Heading 2", "Strong" for a
bold line) and tables as rows of cells ("\\n" separates paragraphs inside a cell). A row of one cell
spans the table, as published section rows do; ``merges`` list other merged cells (a stage cell
spanning its rows, a header cell spanning its sub-columns).

The documents are written the way such plans are published: Word (heading styles, bold runs,
a repeating header row, merged cells), a committee web page (``<h2>``, ``<b>``, ``<th>``, colspan
and rowspan), a tracker workbook (one sheet per table under the document's title and the table's
heading) and, through LibreOffice, a PDF of the Word file.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from openpyxl.styles import Alignment, Font

PLANS = Path(__file__).parent / "plans"
#: Formats built in the test suite (PDF needs LibreOffice and a few seconds per file).
FAST_FORMATS = ("docx", "html", "xlsx")
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
#: Tables this wide are printed on a landscape page.
LANDSCAPE_COLUMNS = 7


@dataclass(frozen=True)
class Merge:
    """A merged block of cells: top-left row and column, and how many rows and columns."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass
class TableBlock:
    """A table as published: rows of cell texts, header rows, merged cells."""

    rows: list[list[str]]
    header_rows: int = 1
    merges: list[Merge] = field(default_factory=list)

    @property
    def ncols(self) -> int:
        return max(len(r) for r in self.rows)

    def spans(self) -> list[Merge]:
        """Every merge: the listed ones and each row of a single cell across the table."""
        out = list(self.merges)
        for r, row in enumerate(self.rows):
            if len(row) == 1 and self.ncols > 1:
                out.append(Merge(r, 0, 1, self.ncols))
        return out

    def grid(self) -> list[list[str]]:
        """Rows padded to the table's width (a single-cell row keeps its text in column 0)."""
        return [row + [""] * (self.ncols - len(row)) for row in self.rows]


@dataclass
class Paragraph:
    text: str
    style: str | None = None


Block = Paragraph | TableBlock


@dataclass
class Plan:
    """One transcribed document and what SPEC says the tool should make of it."""

    slug: str
    title: str
    source: dict[str, Any]
    blocks: list[Block]
    expect: dict[str, Any]

    @property
    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]


def load(path: Path) -> Plan:
    raw = json.loads(path.read_text("utf-8"))
    blocks: list[Block] = []
    for block in raw["blocks"]:
        if "table" in block:
            t = block["table"]
            blocks.append(
                TableBlock(
                    rows=t["rows"],
                    header_rows=t.get("header_rows", 1),
                    merges=[Merge(**m) for m in t.get("merges", [])],
                )
            )
        else:
            blocks.append(Paragraph(block["text"], block.get("style")))
    return Plan(path.stem, raw["title"], raw["source"], blocks, raw["expect"])


def data_rows(plan: Plan) -> list[list[list[str]]]:
    """The rows below each table's header, for telling which tables the tool took."""
    return [t.rows[t.header_rows :] for t in plan.tables]


def plans() -> list[Plan]:
    return [load(p) for p in sorted(PLANS.glob("*.json"))]


# --- Word ----------------------------------------------------------------------------------------


def write_docx(plan: Plan, path: Path) -> Path:
    document = docx.Document()
    if max((t.ncols for t in plan.tables), default=0) >= LANDSCAPE_COLUMNS:
        # Wide plans are printed across the page: a ten-column table on portrait A4 would
        # break most of its words inside the cells, as no published plan does.
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    previous: Paragraph | TableBlock | None = None
    for block in plan.blocks:
        if isinstance(block, TableBlock) and isinstance(previous, TableBlock):
            # Word keeps a paragraph mark between two tables; without it they are one table.
            document.add_paragraph()
        previous = block
        if isinstance(block, Paragraph):
            if block.style in HEADING_STYLES:
                document.add_paragraph(block.text, style=block.style)
            elif block.style == "Strong":
                document.add_paragraph().add_run(block.text).bold = True
            else:
                document.add_paragraph(block.text)
        else:
            _docx_table(document, block)
    document.save(str(path))
    return path


def _docx_table(document: Any, block: TableBlock) -> None:
    grid = block.grid()
    table: DocxTable = document.add_table(rows=len(grid), cols=block.ncols)
    table.style = "Table Grid"
    covered = _covered(block)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            _fill(table.cell(r, c), text, bold=r < block.header_rows)
    for m in block.spans():
        table.cell(m.row, m.col).merge(table.cell(m.row + m.rows - 1, m.col + m.cols - 1))
    for r in range(block.header_rows):
        # Mark the header rows to repeat on each page, as Word users do for long plans.
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)


def _covered(block: TableBlock) -> set[tuple[int, int]]:
    """Cells inside a merge other than its top-left one: left empty so the merge keeps one text."""
    return {
        (r, c)
        for m in block.spans()
        for r in range(m.row, m.row + m.rows)
        for c in range(m.col, m.col + m.cols)
        if (r, c) != (m.row, m.col)
    }


def _fill(cell: Any, text: str, bold: bool) -> None:
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for n, line in enumerate(lines):
        para = first if n == 0 else cell.add_paragraph()
        if line:
            para.add_run(line).bold = bold or None


# --- web page ------------------------------------------------------------------------------------

_TAGS = {"Title": "h1", "Heading 1": "h1", "Heading 2": "h2", "Heading 3": "h3"}


def write_html(plan: Plan, path: Path) -> Path:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(plan.title)}</title></head><body>",
    ]
    for block in plan.blocks:
        if isinstance(block, Paragraph):
            text = html.escape(block.text)
            if block.style in _TAGS:
                tag = _TAGS[block.style]
                out.append(f"<{tag}>{text}</{tag}>")
            elif block.style == "Strong":
                out.append(f"<p><b>{text}</b></p>")
            else:
                out.append(f"<p>{text}</p>")
        else:
            out.extend(_html_table(block))
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path


def _html_table(block: TableBlock) -> Iterator[str]:
    spans = {(m.row, m.col): m for m in block.spans()}
    covered = _covered(block)
    yield '<table border="1">'
    for r, row in enumerate(block.grid()):
        tag = "th" if r < block.header_rows else "td"
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            attrs = ""
            if (m := spans.get((r, c))) is not None:
                attrs += f' colspan="{m.cols}"' if m.cols > 1 else ""
                attrs += f' rowspan="{m.rows}"' if m.rows > 1 else ""
            lines = [html.escape(line) for line in text.split("\n")]
            body = "".join(f"<p>{line}</p>" for line in lines) if len(lines) > 1 else lines[0]
            cells.append(f"<{tag}{attrs}>{body}</{tag}>")
        yield "<tr>" + "".join(cells) + "</tr>"
    yield "</table>"


# --- tracker workbook ----------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(plan: Plan, path: Path) -> Path:
    """One sheet per table: the document's title, the table's heading, then the table."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    title = next(
        (b.text for b in plan.blocks if isinstance(b, Paragraph) and b.style == "Title"), None
    )
    heading: str | None = None
    named = False
    used: set[str] = set()
    for block in plan.blocks:
        if isinstance(block, Paragraph):
            # A sheet is headed by the table's heading; a bold label counts when none is styled.
            if block.style in HEADING_STYLES[1:] or (block.style == "Strong" and not named):
                heading = block.text
                named = block.style != "Strong"
            continue
        name = _sheet_name(heading or f"Table {len(used) + 1}", used)
        ws = wb.create_sheet(name)
        top = [t for t in (title, heading) if t]
        for r, text in enumerate(top, start=1):
            ws.cell(r, 1, text).font = Font(bold=True, size=14 if r == 1 and title else 12)
        base = len(top)
        for r, row in enumerate(block.grid(), start=base + 1):
            for c, text in enumerate(row, start=1):
                if not text:
                    continue
                cell = ws.cell(r, c, text)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if r - base <= block.header_rows:
                    cell.font = Font(bold=True)
        for m in block.spans():
            ws.merge_cells(
                start_row=base + m.row + 1,
                start_column=m.col + 1,
                end_row=base + m.row + m.rows,
                end_column=m.col + m.cols,
            )
        heading, named = None, False
    wb.save(str(path))
    return path


def _sheet_name(text: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", text)[:28].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base} {n}", n + 1
    used.add(name.lower())
    return name


# --- PDF through LibreOffice ---------------------------------------------------------------------


def write_pdfs(docx_files: list[Path], outdir: Path, timeout: float = 300) -> list[Path]:
    """Convert Word files to PDF with one LibreOffice run (a private profile, a time limit)."""
    soffice = shutil.which("soffice")
    if soffice is None or not docx_files:
        return []
    profile = outdir / ".lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, docx_files),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
        start_new_session=True,
    )
    return [p for f in docx_files if (p := outdir / f"{f.stem}.pdf").exists()]


WRITERS = {"docx": write_docx, "html": write_html, "xlsx": write_xlsx}


def build(plan: Plan, fmt: str, outdir: Path) -> Path:
    """Write ``plan`` as ``fmt`` into ``outdir`` and return the file."""
    return WRITERS[fmt](plan, outdir / f"{plan.slug}.{fmt}")
