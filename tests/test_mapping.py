"""Column mapping: the header vocabulary, and content overruling misleading headers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.mapping import (
    map_columns,
    match_header,
    may_normalise_to,
    normalise_header,
    table_score,
)


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


_HEADERISH = st.text(alphabet=st.sampled_from("aAbΣσς İ&/-_.,:\n\t1()"), max_size=24)


@given(_HEADERISH, _HEADERISH)
def test_the_first_word_test_never_rules_out_a_match(text: str, header: str) -> None:
    key = normalise_header(header)
    if normalise_header(text) == key:
        assert may_normalise_to(text, key)
    assert may_normalise_to(header, key)


def test_the_first_word_test_rules_out_an_ordinary_cell() -> None:
    key = normalise_header("Objectives & Actions")
    assert not may_normalise_to("Supporting London Boards\na) Facilitate networks", key)
    assert not may_normalise_to("", key) and may_normalise_to("", "")
