"""Rows split by page breaks and tables drawn touching, in PDFs printed by LibreOffice from
python-docx documents built here: the PDF must give the rows of the .docx it was printed from
(these tests need soffice and are skipped without it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.shared import Cm
from pdf_fixtures import libreoffice_pdfs

from workplan_extract import extract
from workplan_extract.readers.base import Table
from workplan_extract.readers.docx import read_docx
from workplan_extract.readers.pdf import read_pdf

SENTENCE = (
    "agree with partner agencies and the local authority how referrals are shared and "
    "reviewed each quarter so that no child waits for help and the board can see progress "
    "against the plan at every meeting of the year"
)
WORDS = SENTENCE.split(" ")


def _action(n: int, words: int) -> str:
    """A long action in lower case after its first word, so that wherever a page break cuts
    it the text goes on in lower case (a capital there is no evidence either way)."""
    text = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(words))
    return f"Action {n}: {text}"


def _repeat_header(row: object) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # type: ignore[attr-defined]


def _cant_split(row: object) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # type: ignore[attr-defined]


def _widths(table: object, widths: tuple[float, ...]) -> None:
    table.autofit = False  # type: ignore[attr-defined]
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _no_number_plan(cant_split: bool = False) -> DocumentObject:
    """A plan with no number column whose long actions run over page breaks."""
    doc = Document()
    doc.add_paragraph("Safeguarding Board Action Plan 2008/09")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Action", "Lead", "Timescale"), strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    for n in range(1, 13):
        row = table.add_row()
        row.cells[0].text = _action(n, 70 + 9 * (n % 4))
        row.cells[1].text = "Chair of the Board"
        row.cells[2].text = "March 2009"
        if cant_split:
            _cant_split(row)
    _widths(table, (10.0, 3.5, 3.0))
    return doc


def _staged_plan() -> DocumentObject:
    """A checklist whose first column (the stage) is merged down the rows of each stage, with
    empty Who and When columns, and actions long enough to run over page breaks."""
    doc = Document()
    doc.add_paragraph("Developing a community safety strategy - checklist")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Stage", "Action", "Who", "When by?"), strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    for stage in range(2):
        first = len(table.rows)
        for n in range(1, 7):
            row = table.add_row()
            row.cells[1].text = _action(6 * stage + n, 45 + 5 * (n % 3))
        table.cell(first, 0).merge(table.cell(first + 5, 0))
        table.cell(first, 0).text = f"Stage {stage + 1}: setting priorities"
    _widths(table, (3.5, 7.0, 3.0, 3.0))
    return doc


def _minutes() -> DocumentObject:
    """Minutes: a 4-column meeting table and a 5-column action table with nothing between
    them, which Word and LibreOffice draw as touching."""
    doc = Document()
    doc.add_paragraph("Item 10.5")
    meeting = doc.add_table(rows=3, cols=4)
    meeting.style = "Table Grid"
    for row, texts in zip(
        meeting.rows,
        [
            ("Meeting", "Safeguarding Board", "Venue", "Room 2"),
            ("Date", "9 June 2009", "Start", "9.00"),
        ],
        strict=False,
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    meeting.cell(2, 1).merge(meeting.cell(2, 3))
    meeting.cell(2, 0).text = "Present"
    meeting.cell(2, 1).text = "C Baker, R Backhouse, C Barson"
    actions = doc.add_table(rows=3, cols=5)
    actions.style = "Table Grid"
    rows: list[tuple[str, ...]] = [
        ("No.", "Item", "Action", "By When?", "By Whom?"),
        ("1", "Apologies", "Noted", "", "LC"),
        ("2", "Annual report", "Circulate the draft report to members", "July 2009", "SD"),
    ]
    for row, texts in zip(actions.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    _widths(meeting, (3.0, 6.0, 3.0, 3.0))
    _widths(actions, (1.5, 3.5, 5.0, 2.5, 2.5))
    return doc


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The documents and their PDFs, printed in one soffice run."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("breaks")
    builds = {
        "no_number": _no_number_plan(),
        "cant_split": _no_number_plan(cant_split=True),
        "staged": _staged_plan(),
        "minutes": _minutes(),
    }
    for name, doc in builds.items():
        doc.save(str(folder / f"{name}.docx"))
    libreoffice_pdfs(folder, (str(folder / f"{name}.docx") for name in builds))
    return {name: folder / name for name in builds}


def _rows(table: Table) -> list[list[tuple[str, int | None]]]:
    """Each data row's cells: text (paragraphs joined by a space) and the data row where its
    merge starts (a PDF's table also holds the header repeated on every page)."""
    data = [r for r in table.rows if not r.is_header]
    ordinal = {r.index: n for n, r in enumerate(data)}
    return [
        [
            (
                " ".join(" ".join(p.text for p in c.paragraphs).split()),
                None if c.merged_from is None else ordinal[c.merged_from],
            )
            for c in r.cells
        ]
        for r in data
    ]


def _row_boxes(base: Path) -> int:
    """How many data rows the pages draw (a row cut by a page break is drawn twice)."""
    with pdfplumber.open(base.with_suffix(".pdf")) as pdf:
        return sum(len(t.rows) - 1 for page in pdf.pages for t in page.find_tables())


def _tables(base: Path) -> tuple[list[Table], list[Table]]:
    docx = read_docx(base.with_suffix(".docx").read_bytes(), "x.docx")
    pdf = read_pdf(base.with_suffix(".pdf").read_bytes(), "x.pdf")
    return list(docx.tables()), list(pdf.tables())


def test_rows_split_in_a_table_with_no_number_column(printed: dict[str, Path]) -> None:
    [want], [got] = _tables(printed["no_number"])
    # The table runs over several pages, and rows run over the page breaks: read as they
    # come, each page's rows would be more than the document's.
    assert len({r.page for r in got.rows}) >= 3
    assert _row_boxes(printed["no_number"]) > 12
    assert _rows(got) == _rows(want)
    # The same items as from the .docx, wherever they are (a PDF's rows have pages).
    got_items, want_items = (
        [
            i.model_dump(exclude={"location"})
            for i in extract(printed["no_number"].with_suffix(s)).items
        ]
        for s in (".pdf", ".docx")
    )
    assert len(got_items) == 12 and got_items == want_items


def test_rows_that_never_split_stay_apart(printed: dict[str, Path]) -> None:
    # Whole rows move to the next page: the last row on a page ends with a line its author
    # ended (no space drawn after it), so the lower-case text at the next page's top is a new
    # row, not more of it.
    [want], [got] = _tables(printed["cant_split"])
    assert len({r.page for r in got.rows}) >= 3
    assert _row_boxes(printed["cant_split"]) == 12
    assert _rows(got) == _rows(want)


def test_a_stage_merged_down_the_rows_goes_on_over_the_page_break(printed: dict[str, Path]) -> None:
    [want], [got] = _tables(printed["staged"])
    assert len({r.page for r in got.rows}) >= 2
    assert _row_boxes(printed["staged"]) > 12
    assert _rows(got) == _rows(want)
    # Every action row names its stage, on either side of the page break.
    stages = [r.cells[0] for r in got.rows if not r.is_header]
    assert [" ".join(p.text for p in c.paragraphs) for c in stages] == [
        "Stage 1: setting priorities"
    ] * 6 + ["Stage 2: setting priorities"] * 6


def test_tables_drawn_touching_stay_two_tables(printed: dict[str, Path]) -> None:
    want, got = _tables(printed["minutes"])
    assert len(got) == len(want) == 2
    assert [_rows(t) for t in got] == [_rows(t) for t in want]
    doc = extract(printed["minutes"].with_suffix(".pdf"))
    assert [i.number for i in doc.items] == ["1", "2"]
