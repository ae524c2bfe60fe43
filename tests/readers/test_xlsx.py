"""The .xlsx reader: values as shown, merges, hidden parts, title rows, limits, hostile parts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from sheet_fixtures import HEADER, grid, paragraphs, patched, tables, workbook

from workplan_extract import extract
from workplan_extract.errors import CorruptDocument, TooLarge, UnsupportedFormat
from workplan_extract.readers.base import BULLET, Paragraph
from workplan_extract.readers.xlsx import read_xlsx
from workplan_extract.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_every_visible_sheet_is_a_table_named_after_it() -> None:
    data = workbook(
        Plan=[HEADER, (1, "Review", "ALG", "2004")],
        Budget=[("Item", "Cost"), ("Venue", 400)],
    )
    doc = read_xlsx(data, "x.xlsx")
    found = tables(doc)
    assert [(t.name, t.index, t.ncols) for t in found] == [("Plan", 0, 4), ("Budget", 1, 2)]
    assert grid(found[0]) == [list(HEADER), ["1", "Review", "ALG", "2004"]]
    assert grid(found[1]) == [["Item", "Cost"], ["Venue", "400"]]


def test_title_rows_above_the_header_are_paragraphs_and_rows_keep_sheet_indexes() -> None:
    def build(sheet: Worksheet) -> None:
        sheet["A1"] = "Slough LSCB Business Plan 2012/13"
        sheet["A1"].font = Font(bold=True)
        sheet.merge_cells("A1:D1")
        sheet["A2"], sheet["B2"] = "Updated:", "June 2012"
        sheet.append([])
        for row in (HEADER, ("1.1", "Audit", "Chair", "May 2012")):
            sheet.append(row)
        sheet.append([])
        sheet.append(["Key: R = not on track"])

    doc = read_xlsx(workbook(build), "x.xlsx")
    assert [type(b).__name__ for b in doc.blocks] == [
        "Paragraph",
        "Paragraph",
        "Table",
        "Paragraph",
    ]
    assert paragraphs(doc) == [
        Paragraph("Slough LSCB Business Plan 2012/13", style="Strong"),
        Paragraph("Updated: June 2012"),
        Paragraph("Key: R = not on track"),
    ]
    table = tables(doc)[0]
    # Excel rows 4 and 5 are 0-based rows 3 and 4: a location names the row the user sees.
    assert [r.index for r in table.rows] == [3, 4]
    assert [c.location.row for c in table.rows[1].cells] == [4, 4, 4, 4]


def test_line_breaks_are_paragraphs_and_typed_labels_are_read() -> None:
    data = workbook(Plan=[HEADER, (1, "Review\n\n• consult\r\na) publish", "ALG", "Ongoing")])
    cell = tables(read_xlsx(data, "x.xlsx"))[0].rows[1].cells[1]
    assert cell.paragraphs == [
        Paragraph("Review"),
        Paragraph("consult", BULLET),
        Paragraph("publish", "a)"),
    ]


def test_values_are_shown_through_their_number_formats() -> None:
    def build(sheet: Worksheet) -> None:
        sheet.append(["Ref", "Action", "Due", "Budget", "Done"])
        sheet.append([1, "Audit", dt.datetime(2008, 5, 1), 80000, 0.5])
        sheet.append([2, "Train", dt.datetime(2013, 3, 31), 1234.5, True])
        sheet["C2"].number_format = "mmm-yy"
        sheet["D2"].number_format = '"£"#,##0'
        sheet["E2"].number_format = "0%"
        sheet["C3"].number_format = "mm-dd-yy"  # built-in 14: the system short date

    rows = grid(tables(read_xlsx(workbook(build), "x.xlsx"))[0])
    assert rows[1] == ["1", "Audit", "May-08", "£80,000", "50%"]
    # Format 14 is shown as a UK machine shows it; General shows no trailing ".0".
    assert rows[2] == ["2", "Train", "31/03/2013", "1234.5", "TRUE"]


def test_merged_ranges_span_columns_and_repeat_down_rows() -> None:
    def build(sheet: Worksheet) -> None:
        sheet.append(HEADER)
        sheet.append([1, "Audit", "Monitoring Sub Group", "May 2012"])
        sheet.append([2, "Review", None, "June 2012"])
        sheet.append(["Priority 2: Safety"])
        sheet.append([3, "Train", "ALG", "July 2012"])
        sheet.merge_cells("C2:C3")
        sheet.merge_cells("A4:D4")

    table = tables(read_xlsx(workbook(build), "x.xlsx"))[0]
    first, second, section = table.rows[1], table.rows[2], table.rows[3]
    lead = second.cell_at(2)
    assert lead is not None and lead.merged_from == first.index == 1
    assert lead.paragraphs is first.cells[2].paragraphs
    assert [(c.col, c.span, c.text) for c in section.cells] == [(0, 4, "Priority 2: Safety")]


def test_text_in_cells_a_merge_covers_joins_the_merged_cell() -> None:
    def build(sheet: Worksheet) -> None:
        sheet.append(HEADER)
        sheet.append([1, "Audit", "ALG", "May"])
        sheet.merge_cells("B2:C2")

    # openpyxl drops the covered cell's value; put one back, as Excel keeps it in the file.
    data = patched(
        workbook(build),
        xl__worksheets__sheet1_xml=lambda xml: xml.replace(
            b'<c r="D2"', b'<c r="C2" t="inlineStr"><is><t>and MPS</t></is></c><c r="D2"', 1
        ),
    )
    row = tables(read_xlsx(data, "x.xlsx"))[0].rows[1]
    assert [(c.col, c.span, c.text) for c in row.cells] == [
        (0, 1, "1"),
        (1, 2, "Audit\nand MPS"),
        (3, 1, "May"),
    ]


def test_hidden_rows_columns_and_sheets_are_skipped_and_noted() -> None:
    def build(sheet: Worksheet) -> None:
        sheet.title = "Plan"
        sheet.append([*HEADER, "Email"])
        sheet.append([1, "Audit", "ALG", "May", "a@example.org"])
        sheet.append([2, "Withdrawn", "ALG", "June", ""])
        sheet.append([3, "Train", "MPS", "July", ""])
        sheet.row_dimensions[3].hidden = True
        sheet.column_dimensions["E"].hidden = True
        hidden = sheet.parent.create_sheet("Lists")
        hidden["A1"] = "R"
        hidden.sheet_state = "hidden"

    doc = read_xlsx(workbook(build), "x.xlsx")
    assert grid(tables(doc)[0]) == [
        list(HEADER),
        ["1", "Audit", "ALG", "May"],
        ["3", "Train", "MPS", "July"],
    ]
    assert doc.notes == [
        "sheet 'Plan': hidden row 3 holds text, not read",
        "sheet 'Plan': hidden column E holds text, not read",
        "sheet 'Lists' is hidden and was not read",
    ]


def test_formulas_read_as_saved_values_and_missing_values_are_noted() -> None:
    def build(sheet: Worksheet) -> None:
        sheet.title = "Plan"
        sheet.append(HEADER)
        sheet.append([1, "Audit", "ALG", '=TEXT(DATE(2012,5,1),"mmm yyyy")'])
        sheet.append([2, "Train", "ALG", "=1+1"])

    data = patched(
        workbook(build),
        xl__worksheets__sheet1_xml=lambda xml: xml.replace(
            b"<v></v>", b"<v>May 2012</v>", 1
        ).replace(b'<c r="D2"', b'<c r="D2" t="str"', 1),
    )
    doc = read_xlsx(data, "x.xlsx")
    assert grid(tables(doc)[0])[1:] == [
        ["1", "Audit", "ALG", "May 2012"],
        ["2", "Train", "ALG", ""],
    ]
    assert doc.notes == [
        "sheet 'Plan': 2 formulas read as the values saved with the file",
        "sheet 'Plan': 1 formula has no saved value (the file was saved without calculating) "
        "and read as empty",
    ]


def test_print_titles_mark_header_rows() -> None:
    def build(sheet: Worksheet) -> None:
        sheet.append(["Ref", "Action", "Lead", "Timing", "Timing"])
        sheet.append(["", "", "", "Start", "End"])
        sheet.append([1, "Audit", "ALG", "May", "June"])
        sheet.print_title_rows = "1:2"

    table = tables(read_xlsx(workbook(build), "x.xlsx"))[0]
    assert [r.is_header for r in table.rows] == [True, True, False]


def test_escaped_characters_are_read() -> None:
    data = workbook(Plan=[HEADER, (1, "Audit_x000D_\nreport", "ALG", "May")])
    assert tables(read_xlsx(data, "x.xlsx"))[0].rows[1].cells[1].text == "Audit\nreport"


def test_empty_columns_are_dropped_and_spans_shrink() -> None:
    def build(sheet: Worksheet) -> None:
        sheet["B1"], sheet["C1"], sheet["E1"] = "Ref", "Action", "Lead"
        sheet["B2"], sheet["C2"] = 1, "Audit shared with the Board"
        sheet.merge_cells("C2:E2")

    table = tables(read_xlsx(workbook(build), "x.xlsx"))[0]
    assert table.ncols == 3
    assert [(c.col, c.span) for c in table.rows[1].cells] == [(0, 1), (1, 2)]


def test_row_and_cell_limits() -> None:
    data = workbook(Plan=[HEADER] + [(n, "Action", "ALG", "May") for n in range(1, 30)])
    with pytest.raises(TooLarge, match="max_rows"):
        read_xlsx(data, "x.xlsx", Settings(max_rows=20))
    with pytest.raises(TooLarge, match="max_cells"):
        read_xlsx(data, "x.xlsx", Settings(max_cells=50))
    assert len(tables(read_xlsx(data, "x.xlsx", Settings(max_rows=30)))[0].rows) == 30


def test_a_doctype_in_any_part_is_refused() -> None:
    data = workbook(Plan=[HEADER, (1, "Audit", "ALG", "May")])
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n'
    with pytest.raises(CorruptDocument, match=r"styles\.xml has a DOCTYPE"):
        read_xlsx(patched(data, xl__styles_xml=lambda xml: bomb + xml), "x")
    utf16 = (bomb.decode() + "<a/>").encode("utf-16")
    with pytest.raises(CorruptDocument, match=r"sharedStrings\.xml has a DOCTYPE"):
        read_xlsx(patched(data, xl__sharedStrings_xml=utf16), "x")


def test_rows_past_excel_last_row_are_corrupt() -> None:
    data = patched(
        workbook(Plan=[HEADER]),
        xl__worksheets__sheet1_xml=lambda xml: xml.replace(
            b"</sheetData>", b'<row r="2000000"><c r="A2000000"><v>1</v></c></row></sheetData>'
        ),
    )
    with pytest.raises(CorruptDocument, match="past Excel's last row"):
        read_xlsx(data, "x.xlsx")


def test_damaged_and_strict_workbooks() -> None:
    data = workbook(Plan=[HEADER])
    with pytest.raises(CorruptDocument, match=r"not well-formed|damaged"):
        read_xlsx(patched(data, xl__worksheets__sheet1_xml=b"<worksheet><sheetData><row>"), "x")
    strict = patched(
        data,
        xl__workbook_xml=lambda xml: xml.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
    )
    with pytest.raises(UnsupportedFormat, match="Strict Open XML"):
        read_xlsx(strict, "x")


def test_tracker_sample_reads_as_built() -> None:
    """The tracker sample, value by value as scripts/build_tracker_samples.py wrote it."""
    doc = read_xlsx((SAMPLES / "lscb-business-plan-2012-13.xlsx").read_bytes(), "t.xlsx")
    plan, summary = tables(doc)
    assert (plan.name, summary.name) == ("Business Plan 2012-13", "Summary")
    rows = grid(plan)
    assert rows[0] == [
        "Ref",
        "Specific Actions",
        "Timescale/ Target",
        "Lead",
        "Output/Outcome measurement",
        "RAG rating",
        "Progress update",
    ]
    assert plan.rows[0].is_header and not plan.rows[1].is_header
    assert [r[0] for r in rows[1:]] == [
        "Priority 1: Early help and intervention",
        "1.1",
        "1.2",
        "1.3",
        "Priority 2: Child sexual exploitation and missing children",
        "2.1",
        "2.2",
        "2.3",
    ]
    assert [r[2] for r in rows[6:]] == ["Sep-12", "31/03/2013", "Quarter 3"]
    assert rows[8][3] == "Monitoring and Evaluation Sub Group"  # merged down from 2.2
    assert grid(summary)[-1] == ["Total", "7"]
    assert paragraphs(doc)[2] == Paragraph("Last updated: 15/10/2012")


def test_xlsx_sample_extracts_like_its_text_dump() -> None:
    got = extract(SAMPLES / "lscb-workplan-2007-08.xlsx")
    want = extract(SAMPLES / "lscb-workplan-2007-08.txt")
    assert got.source.format == "xlsx"
    assert got.title == want.title and got.preamble == want.preamble
    assert [i.location.row for i in got.items][:2] == [7, 8]  # Excel rows 8 and 9


def test_a_sheet_without_dimension_reads_the_same() -> None:
    """openpyxl parses a whole sheet at open when it declares no <dimension>; the reader adds
    one first (a million-row sheet would otherwise be parsed twice), and the values are the
    same."""
    import io
    import re
    import zipfile

    from workplan_extract.readers.xlsxparts import missing_dimensions

    data = workbook(Plan=[HEADER, (1, "Audit", "ALG", "May")])
    bare = patched(
        data, xl__worksheets__sheet1_xml=lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)
    )
    with zipfile.ZipFile(io.BytesIO(bare)) as archive:
        assert missing_dimensions(archive, ["xl/worksheets/sheet1.xml"]) == [
            "xl/worksheets/sheet1.xml"
        ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert missing_dimensions(archive, ["xl/worksheets/sheet1.xml"]) == []
    assert grid(tables(read_xlsx(bare, "x.xlsx"))[0]) == grid(tables(read_xlsx(data, "x.xlsx"))[0])
