"""The PDF reader: committed samples, hand-made PDFs, and PDFs printed by LibreOffice from
python-docx documents that have the features real workplans have (built at test time, so these
tests need soffice and are skipped without it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.shared import Cm
from pdf_fixtures import libreoffice_pdfs, pdf_of

from workplan_extract import WorkplanDocument, extract
from workplan_extract.errors import (
    CorruptDocument,
    EncryptedDocument,
    NoTextLayer,
    NoWorkplanTable,
    TooLarge,
)
from workplan_extract.readers.base import BULLET, SourceDocument, Table
from workplan_extract.readers.pdf import read_pdf
from workplan_extract.readers.pdflines import Line, paragraphs
from workplan_extract.settings import Settings

SAMPLES = Path(__file__).resolve().parents[1].parent / "samples"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)


def _table(doc_bytes: bytes) -> Table:
    doc = read_pdf(doc_bytes, "x.pdf")
    return next(doc.tables())


# --- the committed samples --------------------------------------------------------------


@pytest.fixture(scope="module")
def lscb_pdf() -> SourceDocument:
    """The sample PDF read once for the tests below, which only look at it."""
    return read_pdf((SAMPLES / "lscb-workplan-2007-08.pdf").read_bytes(), "x.pdf")


def test_sample_table_runs_over_pages_as_one_table(lscb_pdf: SourceDocument) -> None:
    doc = lscb_pdf
    tables = list(doc.tables())
    assert doc.pages is not None and doc.pages > 3
    assert len(tables) == 1
    pages = {row.page for row in tables[0].rows}
    assert pages == set(range(1, doc.pages + 1))
    # The header repeated at the top of every page is marked, the first one included.
    headers = [row for row in tables[0].rows if row.is_header]
    assert len(headers) == doc.pages
    assert {h.page for h in headers} == pages


def test_sample_rows_split_by_page_breaks_are_joined(lscb_pdf: SourceDocument) -> None:
    table = next(lscb_pdf.tables())
    data_rows = [r for r in table.rows if not r.is_header]
    # Every data row starts with its number: no continuation row is left over.
    assert [r.cells[0].text for r in data_rows] == [str(n) for n in range(1, 13)]
    # Item 11's actions start on one page and end on the next, within one cell.
    actions = data_rows[10].cell_at(1)
    assert actions is not None
    assert actions.paragraphs[0].text == "Resources & Budget"
    assert actions.paragraphs[-1].text == "CSIP: support for networks"


def test_sample_front_matter_and_page_numbers(
    sample_record: Callable[[str], WorkplanDocument],
) -> None:
    doc = sample_record("lscb-workplan-2007-08.pdf")
    assert doc.title == "London Safeguarding Children Board Workplan 2007/08"
    assert doc.reference == "Paper 7"
    assert doc.source.pages == doc.items[-1].location.page
    assert doc.items[0].location.page == 1
    assert [i.location.page for i in doc.items] == sorted(i.location.page or 0 for i in doc.items)


# --- paragraphs from lines ----------------------------------------------------------------


def _line(text: str, top: float, x1: float, x0: float = 10.0, size: float = 10.0) -> Line:
    first = text.split(" ")[0]
    return Line(text, x0, x1, top, top + size, size, 5.0 * len(first), 5.0)


def test_wrapped_lines_join_and_breaks_split() -> None:
    lines = [
        _line("Support LSCBs in", 0, 95),  # "implementation" (70pt) would not fit: a wrap
        _line("implementation of the plan", 12, 60),  # "• ..." starts a list item
        _line("• Develop a website", 24, 90),
        _line("a) Publicise London", 36, 95),
        _line("Board initiatives", 48, 50),  # "Next" (20pt) would fit after it: a break
        _line("Next paragraph", 60, 70),
    ]
    paras = paragraphs(lines, right=100, pitch=1.2)
    assert [p.rendered for p in paras] == [
        "Support LSCBs in implementation of the plan",
        f"{BULLET} Develop a website",
        "a) Publicise London Board initiatives",
        "Next paragraph",
    ]


def test_paragraph_spacing_splits_and_hyphen_joins() -> None:
    lines = [
        _line("ACPC Chairs & Co-", 0, 99),
        _line("ordinators groups", 12, 60),
        _line("Regional Education", 30, 95),  # 18pt down where lines are 12pt apart
    ]
    paras = paragraphs(lines, right=100, pitch=1.2)
    assert [p.text for p in paras] == ["ACPC Chairs & Co-ordinators groups", "Regional Education"]


def test_word_broken_at_the_column_edge_is_rejoined() -> None:
    lines = [_line("networks/agenci", 0, 99.5), _line("es and more", 12, 60)]
    assert paragraphs(lines, right=100, pitch=1.2)[0].text == "networks/agencies and more"


def test_tags_decide_paragraphs_in_tagged_pdfs() -> None:
    a, b = _line("London Councils,", 0, 60), _line("HO, DfES", 12, 60)
    a.tag_first = a.tag_last = 1
    b.tag_first = b.tag_last = 1
    # Would fit, and is in the same tagged paragraph: still a break (a soft line break).
    assert len(paragraphs([a, b], right=100, pitch=1.2)) == 2
    c = _line("continues here", 12, 60)
    c.tag_first = c.tag_last = 1
    a.x1 = 99  # a full line in the same paragraph: a wrap
    assert len(paragraphs([a, c], right=100, pitch=1.2)) == 1
    c.tag_first = c.tag_last = 2
    assert len(paragraphs([a, c], right=100, pitch=1.2)) == 2


# --- damaged, encrypted, scanned, over the limits --------------------------------------------


def _minimal_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page draws ``content`` (no fonts: no text layer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return pdf_of(objects)


def _image_pdf() -> bytes:
    """A one-page PDF that only paints an 8x8 grey image: the shape of a scan."""
    pixels = bytes(range(0, 256, 4))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length 30 >>\nstream\nq 180 0 0 180 10 10 cm /Im1 Do Q\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 64 >>\nstream\n" + pixels + b"\nendstream",
    ]
    return pdf_of(objects)


def test_scan_without_text_layer() -> None:
    with pytest.raises(
        NoTextLayer, match=r"no text layer: the PDF is a scan; read it with OCR \(--ocr auto\)"
    ):
        read_pdf(_image_pdf(), "scan.pdf")


@pytest.mark.parametrize("content", [b"", b"0 0 0 rg 10 10 180 180 re f"])
def test_no_text_and_no_images_is_not_a_scan(content: bytes) -> None:
    # Blank, or a drawing with no glyphs and no image: nothing OCR could read.
    with pytest.raises(
        NoWorkplanTable, match=r"^no text on any page: the PDF has no text and no images$"
    ):
        read_pdf(_minimal_pdf(content), "blank.pdf")


def test_encrypted_pdf() -> None:
    data = (FIXTURES / "encrypted.pdf").read_bytes()
    with pytest.raises(EncryptedDocument, match="encrypted PDF: a password is needed"):
        read_pdf(data, "x.pdf")


def test_truncated_pdf() -> None:
    data = (SAMPLES / "lcpc-workplan-2004.pdf").read_bytes()
    with pytest.raises(CorruptDocument, match="truncated PDF"):
        read_pdf(data[: len(data) // 2], "x.pdf")


def test_pdf_header_on_junk() -> None:
    with pytest.raises(CorruptDocument, match="not a readable PDF"):
        read_pdf(b"%PDF-1.4\n" + b"junk " * 100 + b"\n%%EOF\n", "x.pdf")


def test_page_limit() -> None:
    data = (SAMPLES / "lcpc-workplan-2004.pdf").read_bytes()
    with pytest.raises(TooLarge, match="over the 2-page limit"):
        read_pdf(data, "x.pdf", Settings(max_pages=2))


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("scan.pdf", _image_pdf, "no text layer"),
        ("locked.pdf", lambda: (FIXTURES / "encrypted.pdf").read_bytes(), "encrypted PDF"),
        ("cut.pdf", lambda: (SAMPLES / "lcpc-workplan-2004.pdf").read_bytes()[:9000], "truncated"),
        ("table.pdf", lambda: b"\x00\x01binary junk" * 50, "the file name says .pdf but"),
    ],
)
def test_cli_one_line_errors(
    tmp_path: Path, name: str, make: Callable[[], bytes], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    done = subprocess.run(
        [sys.executable, "-m", "workplan_extract", "extract", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SAMPLES.parent / "src")},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0]


def test_mislabelled_pdf_is_read_and_warned(tmp_path: Path) -> None:
    path = tmp_path / "workplan.docx"
    path.write_bytes((SAMPLES / "lcpc-workplan-2004.pdf").read_bytes())
    doc = extract(path)
    assert doc.source.format == "pdf"
    assert len(doc.items) == 12
    assert [w.code for w in doc.warnings if w.code == "source.mislabelled"] == [
        "source.mislabelled"
    ]


# --- PDFs printed from python-docx documents (need LibreOffice) ----------------------------


def _header(row_xml: object) -> None:
    tr_pr = row_xml.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:tblHeader"))


def _landscape(section: object) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # type: ignore[attr-defined]


ACTIONS = [f"Action number {n} for the board to agree and deliver this year" for n in range(1, 31)]


def _workplan(two_line_header: bool = False, ruled: bool = True) -> DocumentObject:
    """Portrait cover page, then a landscape section holding a workplan table whose second
    item is long enough to break across a page, and whose lead-party cell is merged across
    items 3 and 4."""
    doc = Document()
    doc.add_paragraph("Cover page")
    doc.add_paragraph("Prepared for the Board meeting of 19 April 2007.")
    _landscape(doc.add_section(WD_SECTION.NEW_PAGE))
    # (LibreOffice ignores a section's page size when the section starts with a table.)
    doc.add_paragraph("London Board Workplan 2007/08")
    heads = [("", "Objectives & Actions", "Lead Parties", "Timing")]
    if two_line_header:
        heads = [("", "Objectives", "Lead", "Timing"), ("", "& Actions", "Parties", "")]
    table = doc.add_table(rows=0, cols=4)
    if ruled:
        table.style = "Table Grid"
    for head in heads:
        row = table.add_row()
        _header(row._tr)
        for cell, text in zip(row.cells, head, strict=True):
            cell.text = text
    items = [
        ("1", ["Safeguarding Boards", "• Develop a model of Safeguarding Boards."], "ALG", "2004"),
        ("2", ["Long item", *ACTIONS], "MPS", "Ongoing"),
        ("3", ["Training", "• Set up a steering group"], "NHS & MPS", "March 2004"),
        ("4", ["Procedures", "• Publish procedures"], "", "Sep 2004"),
    ]
    for number, actions, lead, timing in items:
        row = table.add_row()
        row.cells[0].text = number
        row.cells[1].text = actions[0]
        for action in actions[1:]:
            row.cells[1].add_paragraph(action)
        row.cells[2].text = lead
        row.cells[3].text = timing
    table.cell(len(heads) + 2, 2).merge(table.cell(len(heads) + 3, 2))
    table.autofit = False
    for column, width in zip(table.columns, (1.5, 12.0, 6.0, 4.0), strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, (1.5, 12.0, 6.0, 4.0), strict=True):
            cell.width = Cm(width)
    return doc


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture documents printed to PDF by LibreOffice, in one soffice run (each start
    costs about a second)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("printed")
    builds = {
        "plain": _workplan(),
        "two_line_header": _workplan(two_line_header=True),
        "unruled": _workplan(ruled=False),
        "unruled_two_line_header": _workplan(two_line_header=True, ruled=False),
    }
    for name, doc in builds.items():
        doc.save(str(folder / f"{name}.docx"))
    libreoffice_pdfs(folder, (str(folder / f"{name}.docx") for name in builds))
    return {name: folder / f"{name}.pdf" for name in builds}


@needs_soffice
def test_cover_page_landscape_table_split_row_and_merged_cell(printed: dict[str, Path]) -> None:
    doc = extract(printed["plain"])
    assert doc.title == "London Board Workplan 2007/08"
    assert doc.preamble == ["Cover page", "Prepared for the Board meeting of 19 April 2007."]
    assert [i.number for i in doc.items] == ["1", "2", "3", "4"]
    assert doc.items[0].location.page == 2  # the cover page has no table
    long_item = doc.items[1]
    # The row broken across the page break is one item with every action, in order.
    assert long_item.title == "Long item"
    assert [a.text for a in long_item.actions] == ACTIONS
    assert doc.items[2].location.page is not None
    assert doc.items[2].location.page > 2
    # The lead-party cell merged over items 3 and 4 belongs to both.
    assert doc.items[2].cells["lead_parties"] == "NHS & MPS"
    assert [p.id for p in doc.items[2].lead_parties] == ["nhs", "metropolitan-police-service"]
    assert doc.items[3].cells["lead_parties"] == "NHS & MPS"
    assert [p.id for p in doc.items[3].lead_parties] == ["nhs", "metropolitan-police-service"]
    assert not [w for w in doc.warnings if w.code == "item.rows_merged"]


@needs_soffice
def test_two_line_header_repeated_on_each_page(printed: dict[str, Path]) -> None:
    doc = extract(printed["two_line_header"])
    assert [c.header for c in doc.columns] == ["", "Objectives & Actions", "Lead Parties", "Timing"]
    assert [c.field for c in doc.columns][1:] == ["actions", "lead_parties", "timings"]
    assert [i.number for i in doc.items] == ["1", "2", "3", "4"]
    assert [a.text for a in doc.items[1].actions] == ACTIONS


@needs_soffice
@pytest.mark.parametrize("name", ["unruled", "unruled_two_line_header"])
def test_table_without_ruling_lines(printed: dict[str, Path], name: str) -> None:
    doc = extract(printed[name])
    assert doc.title == "London Board Workplan 2007/08"
    assert doc.preamble == ["Cover page", "Prepared for the Board meeting of 19 April 2007."]
    assert [c.header for c in doc.columns] == ["", "Objectives & Actions", "Lead Parties", "Timing"]
    assert [i.number for i in doc.items] == ["1", "2", "3", "4"]
    assert doc.items[0].title == "Safeguarding Boards"
    # No word is cut at a column edge, and the row broken over four pages is one item.
    assert doc.items[1].title == "Long item"
    assert [a.text for a in doc.items[1].actions] == ACTIONS
    assert doc.items[2].cells["lead_parties"] == "NHS & MPS"
    assert [p.id for p in doc.items[2].lead_parties] == ["nhs", "metropolitan-police-service"]
    assert doc.items[3].cells["timings"] == "Sep 2004"
    assert not doc.warnings
    table = next(read_pdf(printed[name].read_bytes(), "x.pdf").tables())
    assert [r.page for r in table.rows if r.is_header] == [2, 3, 4, 5]
