"""The .docx reader: Word's features come out as the neutral model, hostile files are refused."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm
from docx_fixtures import (
    W_NS,
    abstract_of,
    add_list,
    add_xml_paragraph,
    another_num,
    fill,
    mark_header,
    new_document,
    numbered,
    rewrite_part,
    style_with_list,
    to_bytes,
)

from workplan_extract.errors import CorruptDocument, EncryptedDocument, TooLarge, UnsupportedFormat
from workplan_extract.readers.base import BULLET, Paragraph, SourceDocument, Table
from workplan_extract.readers.docx import read_docx
from workplan_extract.readers.numbering import format_number
from workplan_extract.readers.txt import read_txt
from workplan_extract.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEEDS = ("lscb-workplan-2007-08", "lcpc-workplan-2004")


def read(data: bytes, **limits: int | float) -> SourceDocument:
    return read_docx(data, "test.docx", Settings(**limits) if limits else None)


def paragraphs(doc: SourceDocument) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def only_table(doc: SourceDocument) -> Table:
    (table,) = doc.tables()
    return table


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- list numbering ----------------------------------------------------------------------


def test_word_bullets_become_bullet_labels_with_no_glyph_in_the_text() -> None:
    d = new_document()
    bullets = add_list(d, ("bullet", "\uf0b7"))
    numbered(d.add_paragraph("Develop LCPC website."), bullets)
    numbered(d.add_paragraph("Monitor IRT pilots."), bullets)
    assert paragraphs(read(to_bytes(d))) == [
        Paragraph("Develop LCPC website.", BULLET),
        Paragraph("Monitor IRT pilots.", BULLET),
    ]


def test_lettered_list_labels_are_computed_not_typed() -> None:
    d = new_document()
    letters = add_list(d, ("lowerLetter", "%1)"))
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "Improving Communications"
    for text in ("Publicise initiatives", "Enhance the website", "Develop network links"):
        numbered(cell.add_paragraph(text), letters)
    table = only_table(read(to_bytes(d)))
    cell_model = table.rows[0].cells[0]
    assert [(p.label, p.text) for p in cell_model.paragraphs] == [
        (None, "Improving Communications"),
        ("a)", "Publicise initiatives"),
        ("b)", "Enhance the website"),
        ("c)", "Develop network links"),
    ]
    assert cell_model.text.splitlines()[1:] == [
        "a) Publicise initiatives",
        "b) Enhance the website",
        "c) Develop network links",
    ]


def test_each_list_counts_on_its_own_and_a_restarted_list_starts_again() -> None:
    d = new_document()
    first = add_list(d, ("lowerLetter", "%1)"))
    restarted = another_num(d, abstract_of(d, first), restart=True)
    table = d.add_table(rows=1, cols=3)
    for text in ("one", "two"):
        numbered(table.cell(0, 0).add_paragraph(text), first)
    numbered(table.cell(0, 1).add_paragraph("three"), restarted)
    # The same numId in a later cell continues its count, as Word shows it.
    numbered(table.cell(0, 2).add_paragraph("four"), first)
    row = only_table(read(to_bytes(d))).rows[0]
    assert [[p.label for p in c.paragraphs] for c in row.cells] == [["a)", "b)"], ["a)"], ["c)"]]


def test_a_higher_level_restarts_the_levels_below_it() -> None:
    d = new_document()
    outline = add_list(d, ("decimal", "%1."), ("lowerRoman", "%1.%2"), ("upperLetter", "(%3)"))
    for text, ilvl in [("A", 0), ("B", 1), ("C", 1), ("D", 2), ("E", 0), ("F", 1), ("G", 2)]:
        numbered(d.add_paragraph(text), outline, ilvl)
    got = [(p.label, p.level) for p in paragraphs(read(to_bytes(d)))]
    assert got == [
        ("1.", 0), ("1.i", 1), ("1.ii", 1), ("(A)", 2), ("2.", 0), ("2.i", 1), ("(A)", 2),
    ]  # fmt: skip


def test_numbering_comes_from_the_paragraph_style_and_its_base_styles() -> None:
    d = new_document()
    letters = add_list(d, ("lowerLetter", "%1)"))
    style_with_list(d, "Action", letters)
    style_with_list(d, "Urgent Action", 0, based_on="Action")
    d.add_paragraph("first", style="Action")
    d.add_paragraph("second", style="Urgent Action")
    # numId 0 on the paragraph switches the style's numbering off.
    numbered(d.add_paragraph("plain", style="Action"), 0)
    got = paragraphs(read(to_bytes(d)))
    assert [(p.label, p.text, p.style) for p in got] == [
        ("a)", "first", "Action"),
        ("b)", "second", "Urgent Action"),
        (None, "plain", "Action"),
    ]


def test_python_docx_list_styles_are_numbered() -> None:
    d = new_document()
    d.add_paragraph("one", style="List Bullet")
    d.add_paragraph("two", style="List Number")
    d.add_paragraph("three", style="List Number")
    got = paragraphs(read(to_bytes(d)))
    assert [p.rendered for p in got] == ["• one", "1. two", "2. three"]


def test_typed_labels_are_recognised_when_there_is_no_numbering() -> None:
    d = new_document()
    d.add_paragraph("· GOL Children & Learners Division")
    d.add_paragraph("a) – c) London practice is improved")
    d.add_paragraph("19.4.07")
    assert paragraphs(read(to_bytes(d))) == [
        Paragraph("GOL Children & Learners Division", BULLET),
        Paragraph("– c) London practice is improved", "a)"),
        Paragraph("19.4.07"),
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [(1, "decimal", "1"), (28, "lowerLetter", "bb"), (4, "upperLetter", "D"),
     (1994, "upperRoman", "MCMXCIV"), (3, "decimalZero", "03"), (12, "ordinal", "12th"),
     (22, "ordinal", "22nd"), (5, "chineseCounting", "5")],
)  # fmt: skip
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


# --- text inside paragraphs --------------------------------------------------------------


def test_soft_line_breaks_split_a_paragraph_and_the_label_stays_on_the_first_line() -> None:
    d = new_document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    run = cell.paragraphs[0].add_run("London Board Meetings Schedule")
    for date in ("19.4.07", "", "January 08"):
        run.add_break()
        run.add_text(date)
    bullets = add_list(d, ("bullet", "o"))
    item = numbered(cell.add_paragraph(), bullets).add_run("Ongoing")
    item.add_break()
    item.add_text("Website enhancement\tbefore Dec 2007")
    got = only_table(read(to_bytes(d))).rows[0].cells[0].paragraphs
    assert [(p.label, p.text) for p in got] == [
        (None, "London Board Meetings Schedule"),
        (None, "19.4.07"),
        (None, "January 08"),
        (BULLET, "Ongoing"),
        (None, "Website enhancement before Dec 2007"),
    ]


def test_page_break_does_not_split_a_paragraph() -> None:
    from docx.enum.text import WD_BREAK

    d = new_document()
    run = d.add_paragraph().add_run("before")
    run.add_break(WD_BREAK.PAGE)
    run.add_text("after")
    assert [p.text for p in paragraphs(read(to_bytes(d)))] == ["before after"]


def test_deletions_field_codes_and_drawings_are_skipped_insertions_and_links_read() -> None:
    d = new_document()
    add_xml_paragraph(
        d,
        '<w:r><w:t xml:space="preserve">Budget </w:t></w:r>'
        '<w:del w:id="1" w:author="x"><w:r><w:delText>£40k</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="2" w:author="x"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>'
        '<w:ins w:id="3" w:author="x"><w:r><w:t>£80k</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> see </w:t></w:r>'
        '<w:hyperlink r:id="rId99"><w:r><w:t>website</w:t></w:r></w:hyperlink>'
        '<w:smartTag w:uri="u" w:element="place"><w:r><w:t xml:space="preserve"> London</w:t></w:r>'
        "</w:smartTag>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        "<w:r><w:t>code</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t xml:space="preserve"> page 3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr="NUMPAGES">'
        '<w:r><w:t xml:space="preserve"> of 9</w:t></w:r></w:fldSimple>'
        '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> (draft)</w:t></w:r>'
        "</w:sdtContent></w:sdt>"
        "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>floating</w:t></w:r></w:p></w:txbxContent>"
        "</w:drawing></w:r>",
    )
    doc = read(to_bytes(d))
    assert [p.text for p in paragraphs(doc)] == [
        "Budget £80k see website London page 3 of 9 (draft)"
    ]
    assert doc.notes == ["text in 1 text box(es) was not read"]


def test_paragraph_style_names_are_the_names_word_shows() -> None:
    d = new_document()
    d.add_paragraph("London Child Protection Committee Workplan 2004", style="Title")
    d.add_heading("Mission Statement", level=1)
    d.add_paragraph("")  # empty paragraphs are dropped
    d.add_paragraph("The heads of London services")
    assert [(p.text, p.style) for p in paragraphs(read(to_bytes(d)))] == [
        ("London Child Protection Committee Workplan 2004", "Title"),
        ("Mission Statement", "Heading 1"),
        ("The heads of London services", None),
    ]


# --- tables ------------------------------------------------------------------------------


def test_grid_span_and_grid_before_place_cells_on_the_grid() -> None:
    d = new_document()
    table = fill(d.add_table(rows=2, cols=4), [["", "Item", "Activity", "Timing"]])
    merged = table.cell(1, 1).merge(table.cell(1, 3))
    table.cell(1, 0).text = "12"
    merged.text = "Meetings Schedule"
    model = only_table(read(to_bytes(d)))
    assert model.ncols == 4
    row = model.rows[1]
    assert [(c.col, c.span, c.text) for c in row.cells] == [
        (0, 1, "12"),
        (1, 3, "Meetings Schedule"),
    ]
    assert row.cell_at(3) is row.cells[1]
    assert row.cells[1].location == row.cells[1].location.__class__(table=0, row=1, col=1)


def test_vertical_merge_appears_in_every_row_it_spans() -> None:
    d = new_document()
    table = fill(d.add_table(rows=4, cols=2), [["Lead", "Item"], ["", "a"], ["", "b"], ["", "c"]])
    table.cell(1, 0).merge(table.cell(3, 0)).text = "London Board supported by London Councils"
    model = only_table(read(to_bytes(d)))
    merged = [row.cells[0] for row in model.rows[1:]]
    assert [c.text for c in merged] == ["London Board supported by London Councils"] * 3
    assert [c.merged_from for c in merged] == [None, 1, 1]
    assert [c.location.row for c in merged] == [1, 2, 3]
    assert [row.cells[1].text for row in model.rows[1:]] == ["a", "b", "c"]


def test_vertical_merge_of_two_rows_then_a_fresh_cell() -> None:
    d = new_document()
    table = fill(d.add_table(rows=3, cols=2), [["x", "1"], ["", "2"], ["y", "3"]])
    table.cell(0, 0).merge(table.cell(1, 0))
    rows = only_table(read(to_bytes(d))).rows
    assert [(r.cells[0].text, r.cells[0].merged_from) for r in rows] == [
        ("x", None), ("x", 0), ("y", None),
    ]  # fmt: skip


def test_header_row_marked_to_repeat() -> None:
    d = new_document()
    table = fill(d.add_table(rows=2, cols=2), [["Item", "Timing"], ["Training", "Ongoing"]])
    mark_header(table)
    model = only_table(read(to_bytes(d)))
    assert [r.is_header for r in model.rows] == [True, False]


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_split_into_two_word_tables(repeat_header: bool) -> None:
    d = new_document()
    first = fill(d.add_table(rows=2, cols=2), [["Item", "Timing"], ["1", "Ongoing"]])
    mark_header(first)
    d.add_paragraph("")  # Word needs a paragraph between two tables
    rows = [["Item", "Timing"], ["2", "April 2004"]] if repeat_header else [["2", "April 2004"]]
    second = fill(d.add_table(rows=len(rows), cols=2), rows)
    if repeat_header:
        mark_header(second)
    doc = read(to_bytes(d))
    tables = list(doc.tables())
    assert [t.index for t in tables] == [0, 1]
    assert texts(tables[1]) == rows
    assert [r.is_header for r in tables[1].rows] == ([True, False] if repeat_header else [False])
    assert tables[1].rows[-1].cells[1].location.table == 1


def test_an_attendance_table_before_the_workplan_table() -> None:
    d = new_document()
    d.add_paragraph("Present:")
    fill(d.add_table(rows=2, cols=2), [["Name", "Organisation"], ["J Smith", "ALG"]])
    d.add_paragraph("Workplan")
    fill(d.add_table(rows=2, cols=3), [["", "Item", "Timing"], ["1", "Training", "Ongoing"]])
    d.add_paragraph("Next meeting in April")
    doc = read(to_bytes(d))
    kinds = [(type(b).__name__, b.index if isinstance(b, Table) else b.text) for b in doc.blocks]
    assert kinds == [
        ("Paragraph", "Present:"),
        ("Table", 0),
        ("Paragraph", "Workplan"),
        ("Table", 1),
        ("Paragraph", "Next meeting in April"),
    ]


def test_portrait_cover_page_then_landscape_table_section() -> None:
    d = new_document()
    d.add_paragraph("Paper 7")
    d.add_paragraph("London Safeguarding Children Board Workplan 2007/08", style="Title")
    section = d.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    fill(d.add_table(rows=2, cols=2), [["Item", "Timing"], ["1", "Ongoing"]])
    doc = read(to_bytes(d))
    assert [p.text for p in paragraphs(doc)] == [
        "Paper 7",
        "London Safeguarding Children Board Workplan 2007/08",
    ]
    assert texts(only_table(doc)) == [["Item", "Timing"], ["1", "Ongoing"]]


def test_nested_table_text_is_flattened_into_its_cell() -> None:
    d = new_document()
    outer = d.add_table(rows=1, cols=2)
    cell = outer.cell(0, 0)
    cell.text = "Budget:"
    inner = fill(cell.add_table(rows=2, cols=2), [["MPS", "£240k"], ["GOL", "@£50k"]])
    assert inner is not None
    cell.add_paragraph("Total")
    outer.cell(0, 1).text = "2007/08"
    doc = read(to_bytes(d))
    table = only_table(doc)
    assert texts(table) == [["Budget:\nMPS\n£240k\nGOL\n@£50k\nTotal", "2007/08"]]


def test_table_limits() -> None:
    d = new_document()
    for _ in range(3):
        fill(d.add_table(rows=3, cols=2), [["a", "b"]] * 3)
        d.add_paragraph("")
    data = to_bytes(d)
    assert len(list(read(data).tables())) == 3
    with pytest.raises(TooLarge, match="max_tables"):
        read(data, max_tables=2)
    with pytest.raises(TooLarge, match="rows"):
        read(data, max_rows=2)
    with pytest.raises(TooLarge, match="max_cells"):
        read(data, max_cells=17)


# --- hostile and broken files --------------------------------------------------------------


def _simple() -> bytes:
    d = new_document()
    d.add_paragraph("hello")
    return to_bytes(d)


def test_doctype_with_entities_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )

    def inject(xml: bytes) -> bytes:
        return laughs + xml[xml.index(b"<w:document") :].replace(b"hello", b"&lol2;")

    data = rewrite_part(_simple(), "word/document.xml", inject)
    with pytest.raises(CorruptDocument, match="DOCTYPE"):
        read(data)


def test_doctype_in_utf16_is_refused() -> None:
    def utf16(xml: bytes) -> bytes:
        body = xml[xml.index(b"<w:document") :].decode()
        return (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x SYSTEM "http://e/x">' + body
        ).encode("utf-16")

    with pytest.raises(CorruptDocument, match="DOCTYPE"):
        read(rewrite_part(_simple(), "word/document.xml", utf16))


def _patch_declared_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the central directory's uncompressed size of member ``name``."""
    buf = bytearray(data)
    pos = 0
    while True:
        pos = buf.index(b"PK\x01\x02", pos)
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", buf, pos + 24, size)
            return bytes(buf)
        pos += 4


class _InflationMeter:
    """Counts the bytes inflated from ZIP members while installed (through ``monkeypatch``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = 0
        self.inflated = 0
        real_open, real_read = zipfile.ZipFile.open, zipfile.ZipExtFile.read

        def opened(archive: zipfile.ZipFile, *args: Any, **kwargs: Any) -> Any:
            self.opened += 1
            return real_open(archive, *args, **kwargs)

        def read(member: zipfile.ZipExtFile, n: int = -1) -> bytes:
            data = real_read(member, n)
            self.inflated += len(data)
            return data

        monkeypatch.setattr(zipfile.ZipFile, "open", opened)
        monkeypatch.setattr(zipfile.ZipExtFile, "read", read)


def test_huge_declared_size_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _patch_declared_size(_simple(), b"word/document.xml", 0xFFFFFFF0)
    meter = _InflationMeter(monkeypatch)
    with pytest.raises(TooLarge, match="max_unzipped_size"):
        read(data)
    assert (meter.opened, meter.inflated) == (0, 0)  # refused on the headers alone


def test_zip_bomb_member_is_refused_by_its_ratio_early(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body>' + b" " * (8 << 20)
    data = rewrite_part(_simple(), "word/document.xml", lambda _: bomb)
    meter = _InflationMeter(monkeypatch)
    with pytest.raises(TooLarge, match="max_zip_ratio"):
        read(data)
    # The member is compressed about 1000:1; inflating stops one chunk past the ratio cap
    # (1 MiB, the floor), long before its 8 MiB.
    assert meter.inflated <= 2 << 20


def test_actual_size_over_the_limit_is_refused() -> None:
    # Random text compresses poorly, so only the size cap can stop it.
    noise = random.Random(0).randbytes(3 << 19).hex().encode()
    data = rewrite_part(_simple(), "word/document.xml", lambda xml: xml + b"<!--" + noise + b"-->")
    with pytest.raises(TooLarge, match="max_unzipped_size"):
        read(data, max_unzipped_size=2 << 20)


def test_declared_size_smaller_than_the_data_is_corrupt() -> None:
    data = _patch_declared_size(_simple(), b"word/document.xml", 10)
    with pytest.raises(CorruptDocument):
        read(data)


def test_zip_without_word_document_is_corrupt() -> None:
    data = rewrite_part(_simple(), "word/document.xml", lambda _: None)
    with pytest.raises(CorruptDocument, match="not a Word document"):
        read(data)


def test_truncated_docx_is_corrupt() -> None:
    data = _simple()
    for cut in (len(data) // 2, len(data) - 30, 100):
        with pytest.raises(CorruptDocument):
            read(data[:cut])


def test_not_a_zip_is_corrupt() -> None:
    with pytest.raises(CorruptDocument, match="not a Word document"):
        read(b"London Safeguarding Children Board Workplan")


def test_malformed_xml_is_corrupt() -> None:
    data = rewrite_part(_simple(), "word/document.xml", lambda xml: xml[:-40])
    with pytest.raises(CorruptDocument, match="well-formed"):
        read(data)


def test_encrypted_office_file_needs_a_password() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200) + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(EncryptedDocument):
        read(ole)
    with pytest.raises(UnsupportedFormat, match="legacy"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200))


def test_a_workbook_is_not_a_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormat, match="workbook"):
        read(out.getvalue())


def test_main_part_found_through_the_package_relationships() -> None:
    def rename(rels: bytes) -> bytes:
        return rels.replace(b"word/document.xml", b"word/document2.xml")

    data = _simple()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml")
    data = rewrite_part(data, "_rels/.rels", rename)
    data = rewrite_part(data, "word/document.xml", lambda _: None)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as z:
        z.writestr("word/document2.xml", document)
    assert [p.text for p in paragraphs(read(buffer.getvalue()))] == ["hello"]


def test_strict_open_xml_namespace_is_read() -> None:
    strict = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    data = rewrite_part(
        _simple(), "word/document.xml", lambda xml: xml.replace(W_NS.encode(), strict)
    )
    assert [p.text for p in paragraphs(read(data))] == ["hello"]


# --- the built samples -------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_sample_docx_carries_the_seed_content(seed: str) -> None:
    from_txt = read_txt((SAMPLES / f"{seed}.txt").read_bytes(), f"{seed}.txt")
    from_docx = read_docx((SAMPLES / f"{seed}.docx").read_bytes(), f"{seed}.docx")
    assert texts(only_table(from_docx)) == texts(only_table(from_txt))
    assert [p.rendered for p in paragraphs(from_docx)] == [p.rendered for p in paragraphs(from_txt)]
    table = only_table(from_docx)
    assert [(c.col, c.span) for c in table.rows[0].cells] == [(i, 1) for i in range(table.ncols)]
    assert [r.is_header for r in table.rows] == [True] + [False] * (len(table.rows) - 1)


@pytest.mark.parametrize(
    ("seed", "last_row"),
    [("lscb-workplan-2007-08", [(0, 1), (1, 6)]), ("lcpc-workplan-2004", [(0, 1), (1, 1), (2, 4)])],
)
def test_sample_docx_uses_real_word_features(seed: str, last_row: list[tuple[int, int]]) -> None:
    data = (SAMPLES / f"{seed}.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    # Bullets and lettered actions are Word list numbering: no glyph or letter in the text.
    assert "·" not in xml and "<w:numPr>" in xml
    assert ">ALDCS and NHS London" in xml or seed.startswith("lcpc")
    assert "a) ALDCS" not in xml
    assert 'w:orient="landscape"' in xml and "<w:tblHeader" in xml and "<w:br/>" in xml
    doc = read_docx(data, seed)
    table = only_table(doc)
    assert [(c.col, c.span) for c in table.rows[-1].cells] == last_row
    schedule = table.rows[-1].cells[-1].paragraphs
    assert len(schedule) >= 5  # a title line and the meeting dates, one per soft-broken line
    title = next(p for p in paragraphs(doc) if p.style == "Title")
    assert "Workplan" in title.text
