"""Item building on hand-made rows: continuation rows, sections, vertical merges, outcomes."""

from __future__ import annotations

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
