"""Column mapping: the header vocabulary, and content overruling misleading headers."""

from __future__ import annotations

import pytest

from workplan_extract.mapping import map_columns, match_header, table_score


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Objectives & Actions", "actions"),
        ("Anticipated Outcomes/benefits", "outcomes"),
        ("Who the Actions are for", "audience"),
        ("Target Group", "audience"),
        ("Lead Parties", "lead_parties"),
        ("Responsible Party(ies)", "lead_parties"),
        ("Partners ", "partners"),
        ("Timing", "timings"),
        ("Timescales", "timings"),
        ("Activity", "actions"),
    ],
)
def test_seed_and_common_headers(header: str, field: str) -> None:
    fields, score = match_header(header)
    assert fields == {field}
    assert score >= 90


def test_misspelt_header_still_maps() -> None:
    fields, score = match_header("Anticipated Outcomes/benifits")
    assert fields == {"outcomes"}
    assert 80 <= score < 100


def test_unrelated_header_is_other() -> None:
    assert match_header("Telephone extension") == (frozenset(), 0.0)
    cols = map_columns(["Telephone extension"], [["x"]])
    assert (cols[0].field, cols[0].basis) == ("other", "none")


def test_unlabelled_column_of_numbers_is_the_number_column() -> None:
    cols = map_columns(["", "Activity"], [["1", "2", "3"], ["a", "b", "c"]])
    assert (cols[0].field, cols[0].basis) == ("number", "content")


def test_item_column_holds_titles_or_numbers_by_content() -> None:
    titles = map_columns(["", "Item", "Activity"], [["1", "2"], ["Training", "Budget"], ["x", "y"]])
    assert [c.field for c in titles] == ["number", "title", "actions"]
    numbers = map_columns(
        ["Item", "Title", "Activity"], [["1", "2."], ["Training", "Budget"], ["x", "y"]]
    )
    assert [c.field for c in numbers] == ["number", "title", "actions"]
    assert numbers[0].basis == "content"


def test_number_and_title_go_to_one_column_each() -> None:
    cols = map_columns(["Title", "Theme", "Actions"], [["a"], ["b"], ["c"]])
    assert [c.field for c in cols] == ["title", "other", "actions"]


def test_table_score_prefers_workplans_over_attendance_lists() -> None:
    assert table_score(["Name", "Organisation", "Present"]) == 0
    assert table_score(["", "Objectives & Actions", "Lead Parties", "Timing"]) > 250
