"""How a paragraph is set apart (``Paragraph.style``), as each reader reports it: Word's named
styles and wholly bold paragraphs in .docx; larger and bold lines outside the tables in PDF,
with the text between tables in reading order."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.shared import Pt
from pdf_fixtures import libreoffice_pdfs

from workplan_extract.readers.base import Paragraph, SourceDocument, Table
from workplan_extract.readers.docx import read_docx
from workplan_extract.readers.pdf import read_pdf


def _bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _styles(doc: SourceDocument) -> list[tuple[str, str | None]]:
    return [(b.text, b.style) for b in doc.blocks if isinstance(b, Paragraph)]


# --- .docx ---------------------------------------------------------------------------------


def test_docx_bold_paragraphs_are_strong_and_named_styles_stay() -> None:
    d = docx.Document()
    d.add_paragraph("Workplan 2012/13", style="Title")
    heading = d.add_paragraph("Priority 1: Early help", style="Heading 2")
    heading.runs[0].bold = True  # bold in a heading style: the heading says more
    d.add_paragraph().add_run("Priority 2: Child sexual exploitation").bold = True
    mixed = d.add_paragraph()
    mixed.add_run("Partly ").bold = True
    mixed.add_run("bold")
    listed = d.add_paragraph(style="List Paragraph")
    listed.add_run("Bold list item").bold = True
    listed_plain = d.add_paragraph("Plain list item", style="List Paragraph")
    assert listed_plain.style is not None
    off = d.add_paragraph(style="Heading 3")  # a bold style, switched off in the run
    off.add_run("Not bold after all").bold = False
    spaced = d.add_paragraph()
    spaced.add_run("Bold words").bold = True
    spaced.add_run("   ")  # white space in a plain run does not make the paragraph plain
    d.add_paragraph().add_run("Strong by character style").style = "Strong"
    assert _styles(read_docx(_bytes(d), "x.docx")) == [
        ("Workplan 2012/13", "Title"),
        ("Priority 1: Early help", "Heading 2"),
        ("Priority 2: Child sexual exploitation", "Strong"),
        ("Partly bold", None),
        ("Bold list item", "Strong"),
        ("Plain list item", "List Paragraph"),
        ("Not bold after all", "Heading 3"),
        ("Bold words", "Strong"),
        ("Strong by character style", "Strong"),
    ]


def test_docx_bold_through_a_paragraph_style_based_on_a_bold_one() -> None:
    d = docx.Document()
    base = d.styles.add_style("Bold Base", 1)  # 1: a paragraph style
    base.font.bold = True
    derived = d.styles.add_style("Section Row", 1)
    derived.base_style = base
    d.add_paragraph("Core Board business", style="Section Row")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("Ref").bold = True
    table.cell(0, 1).paragraphs[0].add_run("Action")
    doc = read_docx(_bytes(d), "x.docx")
    assert _styles(doc) == [("Core Board business", "Strong")]
    (grid,) = doc.tables()
    assert [p.style for c in grid.rows[0].cells for p in c.paragraphs] == ["Strong", None]


# --- PDF (printed by LibreOffice) ------------------------------------------------------------


def _plan_with_headings() -> DocumentObject:
    """A title, a preamble, one ruled table per priority under a heading, a bold paragraph
    between two tables on one page, and the second table running over a page break."""
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(11)
    d.add_paragraph("Safeguarding Board Business Plan 2012/13", style="Title")
    d.add_paragraph("The plan sets out the Board's priorities for the year.")
    for number, heading, rows in (
        (1, "Priority 1: Early help", 3),
        (2, "Priority 2: Child sexual exploitation", 40),
        (3, "Priority 3: Neglect", 2),
    ):
        if number == 3:
            d.add_paragraph().add_run(heading).bold = True
        else:
            d.add_paragraph(heading, style="Heading 2")
        table = d.add_table(rows=1 + rows, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Ref", "Action", "Lead"), strict=True):
            cell.text = text
        for r in range(1, rows + 1):
            table.cell(r, 0).text = f"{number}.{r}"
            table.cell(r, 1).text = f"Action {r} of priority {number}"
            table.cell(r, 2).text = "LSCB"
    return d


@pytest.fixture(scope="module")
def headed_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("headed")
    _plan_with_headings().save(str(folder / "headed.docx"))
    libreoffice_pdfs(folder, [str(folder / "headed.docx")])
    return Path(folder / "headed.pdf").read_bytes()


def test_pdf_headings_between_tables_in_reading_order(headed_pdf: bytes) -> None:
    doc = read_pdf(headed_pdf, "headed.pdf")
    outline: list[object] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            first = block.rows[1].cells[0].text
            outline.append(("table", first, len(block.rows)))
        else:
            outline.append((block.text, block.style))
    assert outline == [
        ("Safeguarding Board Business Plan 2012/13", "Large"),
        ("The plan sets out the Board's priorities for the year.", None),
        ("Priority 1: Early help", "Large"),
        ("table", "1.1", 4),
        ("Priority 2: Child sexual exploitation", "Large"),
        # One table over the page break, its header row repeated or not.
        ("table", "2.1", 41),
        ("Priority 3: Neglect", "Strong"),
        ("table", "3.1", 3),
    ]
