"""The neutral model's helpers: tidying text and reading typed list labels."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.readers.base import BULLET, Paragraph, tidy


@given(st.text(alphabet=" \t\u00a0\u2002\u2003\u2009\u3000ab)(·•-", max_size=30))
def test_tidy_fast_path_agrees_with_the_regex(text: str) -> None:
    slow = re.sub(r"[ \t\u00a0\u2002\u2003\u2009]+", " ", text).strip()
    assert tidy(text) == slow


def test_typed_labels() -> None:
    assert Paragraph.from_typed("\uf0b7 Develop") == Paragraph("Develop", BULLET)
    assert Paragraph.from_typed("(b) Review") == Paragraph("Review", "b)")
    assert Paragraph.from_typed("a) – c)  London") == Paragraph("– c) London", "a)")
    # A label with nothing after it is text, not an empty list item.
    assert Paragraph.from_typed("a)") == Paragraph("a)")
    assert Paragraph.from_typed("Plain text") == Paragraph("Plain text")
