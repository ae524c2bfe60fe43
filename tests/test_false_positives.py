"""Documents that are not workplans are refused; a paper holding other tables as well as its
workplan gives the workplan. One test per false positive seen on real documents (issue #12).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from workplan_extract import extract
from workplan_extract.errors import NoWorkplanTable
from workplan_extract.layout import locate
from workplan_extract.readers.base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table


def _table(index: int, rows: list[list[str]]) -> Table:
    out = []
    for r, texts in enumerate(rows):
        cells = [
            Cell([Paragraph(t)] if t else [], c, CellLocation(index, r, c))
            for c, t in enumerate(texts)
        ]
        out.append(Row(cells, r))
    return Table(out, index, len(rows[0]))


def _refused(*tables: list[list[str]]) -> None:
    doc = SourceDocument([_table(i, rows) for i, rows in enumerate(tables)])
    with pytest.raises(NoWorkplanTable):
        locate(doc)


def test_a_header_row_of_single_letters() -> None:
    _refused([["a", "b", "c", "d"], ["1", "x", "y", "z"], ["2", "x", "y", "z"]])


def test_key_word_is_not_two_fields() -> None:
    _refused([["Key word", "Meaning", "Date"], ["LSCB", "Board", "2007"]])


def test_rotated_text_read_as_letters() -> None:
    _refused([["T", "i", "m", "e", "L", "e", "a", "d"], ["1", "2", "3", "4", "5", "6", "7", "8"]])


def test_a_licence_register() -> None:
    _refused(
        [
            ["Licence number", "Licensee", "Date of issue", "Type of licence"],
            ["821-11/2013-DS", "Telecom Ltd", "12.11.2013", "Data services"],
        ]
    )


def test_sentence_fragments_of_a_two_column_paper() -> None:
    _refused(
        [
            ["actions taken by the department in the", "lead to better outcomes for the"],
            ["period under review were assessed", "children in the sample"],
        ]
    )


def test_a_disease_outbreak_table() -> None:
    _refused(
        [
            ["Date", "Location", "Cases", "Comments/Action taken"],
            ["12/03/2009", "Ward 4", "3", "Ward closed to admissions"],
        ]
    )


@pytest.mark.parametrize(
    "rows",
    [
        [  # a forward plan of key decisions
            ["Title", "Decision maker", "Date of decision", "Consultees", "Lead officer"],
            ["Budget 2009/10", "Cabinet", "February 2009", "All members", "Director of Finance"],
        ],
        [  # a risk register with action and owner columns
            ["Risk", "Likelihood", "Impact", "Risk score", "Action", "Owner", "Target date"],
            ["Loss of data", "3", "4", "12", "Encrypt laptops", "Head of IT", "March 2009"],
        ],
        [  # a performance-indicator table
            ["PI No", "Description of indicator", "Q1", "Q2", "Status", "Target Owner"],
            ["NI 59", "Initial assessments within 7 days", "78%", "81%", "G", "Head of CSC"],
        ],
        [["Name", "Organisation", "Present"], ["Ann Smith", "GOL", "Yes"]],  # attendance
        [["Term", "Definition"], ["LSCB", "Local Safeguarding Children Board"]],  # glossary
        [["Item", "Budget", "Actual", "Variance"], ["Training", "£10k", "£8k", "£2k"]],  # budget
    ],
)
def test_other_tables_of_board_papers(rows: list[list[str]]) -> None:
    _refused(rows)


def test_the_action_plan_after_a_forward_plan_is_the_one_taken() -> None:
    forward = [
        ["Title", "Decision maker", "Date of decision", "Consultees", "Lead officer", "Wards"],
        ["Budget", "Cabinet", "Feb 2009", "All", "Director of Finance", "All"],
    ]
    plan = [["Ref", "Action", "Lead", "Timescale"], ["1", "Agree strategy", "GOL", "May 2009"]]
    doc = SourceDocument([_table(0, forward), Paragraph("Action plan"), _table(1, plan)])
    layout = locate(doc)
    assert [(r.table, r.row.cells[1].text) for r in layout.rows] == [(1, "Agree strategy")]


def test_a_workplan_table_without_items_is_no_workplan(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Board Workplan 2009/10")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Action", "Lead", "Timescale"], strict=True):
        cell.text = text
    path = tmp_path / "empty.docx"
    document.save(str(path))
    with pytest.raises(NoWorkplanTable, match="no items"):
        extract(path)


def test_a_paper_with_only_other_tables_is_refused_with_the_code(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Minutes of the Board, 12 March 2009")
    rows = [["Name", "Organisation"], ["Ann Smith", "GOL"]]
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    with pytest.raises(NoWorkplanTable) as caught:
        extract(path)
    assert caught.value.code == "no-workplan-table"
