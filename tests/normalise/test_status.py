"""Status cells -> SPEC's status values (RAG colours, words, a word before commentary)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.normalise.status import status_value
from workplan_extract.records import StatusValue

VALUES = {
    "red",
    "amber",
    "green",
    "blue",
    "complete",
    "on-track",
    "at-risk",
    "overdue",
    "not-started",
    "deferred",
    "cancelled",
}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Completed", "complete"),
        ("Complete", "complete"),
        ("Achieved", "complete"),
        ("On Target", "on-track"),
        ("on track", "on-track"),
        ("G", "green"),
        ("g", "green"),
        ("Green", "green"),
        ("R", "red"),
        ("A", "amber"),
        ("B", "blue"),
        ("Amber/Green", "amber"),
        ("A/G", "amber"),
        ("Red / Amber", "red"),
        ("Green - on track", "green"),
        ("Complete. Report published in May", "complete"),
        ("Overdue", "overdue"),
        ("Delayed", "overdue"),
        ("At risk", "at-risk"),
        ("Not started", "not-started"),
        ("Not yet started", "not-started"),
        ("Deferred", "deferred"),
        ("On hold", "deferred"),
        ("Cancelled", "cancelled"),
        ("RAG: G", "green"),
        ("Status - Amber", "amber"),
    ],
)
def test_status_values(text: str, value: StatusValue) -> None:
    assert status_value(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "In hand", "In progress", "✓", "See commentary", "Yes", "Greenwich", "Ready", "AG report"],
)
def test_anything_else_is_no_value(text: str) -> None:
    assert status_value(text) is None


@given(st.text(max_size=40))
def test_any_text_gives_a_known_value_or_none(text: str) -> None:
    assert status_value(text) in VALUES | {None}


@given(
    st.sampled_from(sorted(VALUES - {"on-track", "at-risk", "not-started"})),
    st.text(alphabet=" .;:", max_size=3),
)
def test_a_value_word_with_trailing_punctuation_is_that_value(word: str, tail: str) -> None:
    assert status_value(word.capitalize() + tail) == word
