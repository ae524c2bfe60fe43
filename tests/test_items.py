"""Item building on hand-made rows: continuation rows, sections, vertical merges, outcomes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.items import Segment, build_items
from workplan_extract.layout import SourceRow
from workplan_extract.mapping import map_columns
from workplan_extract.readers.base import Cell, CellLocation, Paragraph, Row
from workplan_extract.recorddata import ItemDraft, WarningData

HEADERS = ["", "Objectives & Actions", "Outcomes", "Lead Parties", "Timing"]


def _row(index: int, *texts: str | None, merged: dict[int, int] | None = None) -> SourceRow:
    cells = []
    for col, text in enumerate(texts):
        if text is None:
            continue
        paras = [Paragraph.from_typed(t) for t in text.split("\n") if t]
        cells.append(
            Cell(paras, col, CellLocation(0, index, col), merged_from=(merged or {}).get(col))
        )
    return SourceRow(0, Row(cells, index))


def _build(rows: list[SourceRow]) -> tuple[list[ItemDraft], list[WarningData]]:
    contents = [[c.text for r in rows for c in r.row.cells if c.col == col] for col in range(5)]
    return build_items([Segment(rows, map_columns(HEADERS, contents))])


def test_title_actions_outcomes_and_labels() -> None:
    items, warnings = _build(
        [
            _row(
                1,
                "1",
                "Improving things\na) Do A\nb) Do B\n• Do C",
                "a) – b) Better\nd) Odd",
                "GOL",
                "Ongoing",
            )
        ]
    )
    item = items[0]
    assert item["title"] == "Improving things"
    assert item["actions"] == [
        {"label": "a", "text": "Do A"},
        {"label": "b", "text": "Do B"},
        {"label": None, "text": "Do C"},
    ]
    assert item["outcomes"] == [
        {"labels": ["a", "b"], "text": "Better"},
        {"labels": ["d"], "text": "Odd"},
    ]
    assert [w["code"] for w in warnings] == ["outcome.label_without_action"]
    assert warnings[0]["item"] == "1"
    assert item["cells"] == {
        "number": "1",
        "actions": "Improving things\na) Do A\nb) Do B\n• Do C",
        "outcomes": "a) – b) Better\nd) Odd",
        "lead_parties": "GOL",
        "timings": "Ongoing",
    }


def test_row_without_number_continues_the_item_above() -> None:
    items, warnings = _build(
        [
            _row(1, "1", "Title\na) One", None, "GOL", None),
            _row(2, "", "b) Two", None, "MPS", "May 2004"),
        ]
    )
    assert len(items) == 1
    assert [a["text"] for a in items[0]["actions"]] == ["One", "Two"]
    assert items[0]["cells"]["lead_parties"] == "GOL\nMPS"
    assert items[0]["location"]["row"] == 1
    assert "item.rows_merged" in [w["code"] for w in warnings]


def test_full_width_section_row_names_the_items_below() -> None:
    section = SourceRow(
        0, Row([Cell([Paragraph("Theme 1: Safety")], 0, CellLocation(0, 1, 0), span=5)], 1)
    )
    items, _ = _build([section, _row(2, "1", "Title", None, None, None)])
    assert len(items) == 1
    assert items[0]["section"] == "Theme 1: Safety"


def test_vertically_merged_cell_belongs_to_both_items_but_once_to_each() -> None:
    rows = [
        _row(1, "1", "First", None, "ALG", None),
        _row(2, "2", "Second", None, "ALG", None, merged={3: 1}),
        _row(3, "", "b) more", None, "ALG", None, merged={3: 1}),
    ]
    items, _ = _build(rows)
    assert [i["cells"]["lead_parties"] for i in items] == ["ALG", "ALG"]
    assert [a["text"] for a in items[1]["actions"]] == ["more"]


def test_kinds_and_meetings() -> None:
    items, _ = _build(
        [
            _row(1, "1", "Resources & Budget\nProjects budget - £25k", None, None, None),
            _row(
                2,
                "2",
                "London Board Meetings Schedule\n19.4.07\nJanuary 08\nRoom TBC",
                None,
                None,
                None,
            ),
        ]
    )
    assert [i["kind"] for i in items] == ["resources", "schedule"]
    assert items[1]["meetings"] == ["19.4.07", "January 08"]
    assert [a["text"] for a in items[1]["actions"]] == ["Room TBC"]


def _segment(headers: list[str], rows: list[SourceRow]) -> Segment:
    n = len(headers)
    contents = [[c.text for r in rows for c in r.row.cells if c.col == col] for col in range(n)]
    return Segment(rows, map_columns(headers, contents))


def test_no_number_column_every_row_is_an_item_numbered_null() -> None:
    rows = [_row(1, "Develop the strategy", "GOL"), _row(2, "Publish it", "MPS")]
    items, warnings = build_items([_segment(["Action", "Lead"], rows)])
    assert [(i["number"], i["title"]) for i in items] == [
        (None, "Develop the strategy"),
        (None, "Publish it"),
    ]
    assert warnings == []


def test_a_plain_actions_column_names_the_item_and_keeps_every_action() -> None:
    rows = [_row(1, "1", "Hold two conferences\nPublish the report", "GOL")]
    items, warnings = build_items([_segment(["Ref", "Specific Actions", "Lead"], rows)])
    assert items[0]["title"] == "Hold two conferences"
    assert [a["text"] for a in items[0]["actions"]] == [
        "Hold two conferences",
        "Publish the report",
    ]
    lettered = [_row(1, "1", "a) Hold two conferences\nb) Publish", "GOL")]
    items, warnings = build_items([_segment(["Ref", "Milestones", "Lead"], lettered)])
    assert items[0]["title"] == "Hold two conferences" and len(items[0]["actions"]) == 2
    assert warnings == []


@pytest.mark.parametrize(
    "numbers", [["1.1a", "1.1b", "1.2"], ["A3", "A4", "B1"], ["2(a)", "2(b)", "3"]]
)
def test_numbers_as_written(numbers: list[str]) -> None:
    rows = [_row(i, n, f"Action {i}", "GOL") for i, n in enumerate(numbers, start=1)]
    items, warnings = build_items([_segment(["", "Action", "Lead"], rows)])
    assert [i["number"] for i in items] == numbers
    assert warnings == []


def test_section_rows() -> None:
    rows = [
        _row(1, "Core Board business", None, None),  # words in the number cell, nothing else
        _row(2, "1", "Annual report", "GOL"),
        _row(3, "2", "Corporate Vision", None),  # a parent row: "2" above "2.1"
        _row(4, "2.1", "Agree the vision", "MPS"),
        _row(5, "2.2", "Publish it", "MPS"),
        _row(6, "3", "Training", None),  # no child follows: an item with a title only
        _row(7, "4", "Theme 4: Safety", None),
    ]
    items, _ = build_items([_segment(["Ref", "Action", "Lead"], rows)])
    assert [(i["number"], i["section"]) for i in items] == [
        ("1", "Core Board business"),
        ("2.1", "2 Corporate Vision"),
        ("2.2", "2 Corporate Vision"),
        ("3", "Core Board business"),  # not numbered under "2": back to the section before
        ("4", "Core Board business"),
    ]


def test_a_section_carries_into_the_next_table_until_a_heading() -> None:
    headers = ["Ref", "Action", "Lead"]
    first = [_row(1, "Theme 1: Safety", None, None), _row(2, "1", "Do", "GOL")]
    second = [_row(1, "2", "Do more", "GOL"), _row(2, "3", "And more", "MPS")]
    second[1].heading = "Theme 2: Learning"
    items, _ = build_items([_segment(headers, first), _segment(headers, second)])
    assert [i["section"] for i in items] == [
        "Theme 1: Safety",
        "Theme 1: Safety",
        "Theme 2: Learning",
    ]


def test_status_and_progress() -> None:
    rows = [
        _row(1, "1", "Do", "Completed", "Report published.\n• Launch held"),
        _row(2, "2", "Do more", "In hand", None),
    ]
    items, warnings = build_items([_segment(["Ref", "Action", "RAG", "Progress"], rows)])
    assert [i["status"] for i in items] == [
        {"text": "Completed", "value": "complete"},
        {"text": "In hand", "value": None},
    ]
    assert [i["progress"] for i in items] == [["Report published.", "Launch held"], []]
    assert [(w["code"], w["item"], w["field"]) for w in warnings] == [
        ("status.unrecognised", "2", "status")
    ]


def test_what_the_columns_tell_the_normaliser() -> None:
    headers = [
        "Ref",
        "Action",
        "Operational responsibility",
        "Strategic responsibility",
        "Start by",
        "Timescale",
    ]
    rows = [_row(1, "1", "Do", "GOL", "MPS", "May 2008", "June 2008")]
    (item,), _ = build_items([_segment(headers, rows)])
    assert item["qualifiers"] == {
        "lead_parties": "Operational responsibility",
        "lead_parties_2": "Strategic responsibility",
    }
    assert item["roles"] == {"timings": "start"}
    assert item["cells"]["lead_parties_2"] == "MPS" and item["cells"]["timings_2"] == "June 2008"


def test_the_sheet_is_in_the_location() -> None:
    row = _row(1, "1", "Do", "GOL")
    row.sheet = "Actions 2012"
    items, _ = build_items([_segment(["Ref", "Action", "Lead"], [row])])
    assert items[0]["location"] == {"table": 0, "row": 1, "page": None, "sheet": "Actions 2012"}


def test_stacked_section_rows_join_and_parents_nest() -> None:
    rows = [
        _row(1, "Priority 1: Safety", None, None),
        _row(2, "1", "Corporate Vision", None),
        _row(3, "1.1", "Agree the vision", "GOL"),
        _row(4, "2", "Health", None),
        _row(5, "2.1", "Publish the needs assessment", "MPS"),
        _row(6, "3.1", "Annual report", "MPS"),
    ]
    items, warnings = build_items([_segment(["Ref", "Action", "Lead"], rows)])
    assert [(i["number"], i["section"]) for i in items] == [
        ("1.1", "Priority 1: Safety – 1 Corporate Vision"),
        ("2.1", "2 Health"),
        ("3.1", "Priority 1: Safety"),
    ]
    assert warnings == []


def test_a_section_row_with_no_item_under_it_is_kept_as_stray_text() -> None:
    rows = [_row(1, "1", "Do", "GOL"), _row(2, "Theme 2: Learning", None, None)]
    items, warnings = build_items([_segment(["Ref", "Action", "Lead"], rows)])
    assert len(items) == 1
    assert [(w["code"], w["message"]) for w in warnings] == [
        ("table.stray_text", "text outside the table kept here: Theme 2: Learning")
    ]


_CELL = st.one_of(
    st.none(),
    st.sampled_from(["1", "2", "2.1", "3a", "Theme 1: Safety", "Core business", "GOL", "May 2008"]),
    st.text(alphabet="abc XYZ.", min_size=1, max_size=12).filter(str.strip),
)


@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=8))
def test_no_cell_text_is_lost(table: list[list[str | None]]) -> None:
    rows = [_row(i, *texts) for i, texts in enumerate(table, start=1)]
    items, warnings = build_items([_segment(["Ref", "Action", "Lead"], rows)])
    kept = " ".join(
        [v for i in items for v in i["cells"].values()]
        + [i["section"] or "" for i in items]
        + [w["message"] for w in warnings]
    )
    for texts in table:
        for text in texts:
            if text and text.strip():
                for line in text.split("\n"):
                    assert " ".join(line.split()) in " ".join(kept.split())
