"""Line ends inside words: the width of a space as drawn, the document's vocabulary, and the
rule that the glyphs of the lines are never changed, only joined with or without a space.

The numbers are those of LibreOffice's PDFs of the real plans in ``tests/realworld``: DejaVu
Serif at 11 pt, whose space is 3.49 pt wide (0.32 em, not the 0.25 em of Times), in a cell whose
text ends at 223.1 pt.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.readers import pdflexicon
from workplan_extract.readers.pdflines import Line, broken_word, join_lines, mark_trailing_spaces
from workplan_extract.readers.pdfpages import split_stacked
from workplan_extract.readers.pdfwords import Words

RIGHT = 223.1
SPACE = 3.487
FONT = "DAAAAA+DejaVuSerif"


@pytest.fixture
def no_word_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader as it is without the optional ``pdf-words`` extra."""
    monkeypatch.setattr(pdflexicon, "frequencies", lambda: None)


def _line(text: str, x1: float, top: float = 0.0, space: float = SPACE, **kw: object) -> Line:
    first = text.split(" ")[0]
    line = Line(text, 162.1, x1, top, top + 11, 11.0, 6.5 * len(first), 7.0, font=FONT)
    line.space = space
    for key, value in kw.items():
        setattr(line, key, value)
    return line


def test_space_width_is_measured_from_the_pages_space_glyphs() -> None:
    lines = [_line("discussion", 219.94, space=0.0), _line("where", 196.8, space=0.0)]
    lines[1].font = "Other"
    space = {"text": " ", "x0": 192.76, "x1": 196.247, "top": 20.0, "bottom": 31.0}
    mark_trailing_spaces(lines, [{**space, "fontname": FONT, "size": 11.0}])
    assert round(lines[0].space, 3) == SPACE
    assert lines[1].space == 0.0  # no space drawn in that font: the nominal width is used


def test_a_space_that_would_not_have_fitted_is_no_sign_of_a_broken_word() -> None:
    # 3.2 pt left: a DejaVu space (3.49 pt) would not have fitted, so no space glyph was
    # drawn; "where" is a word of its own ("discussionwhere" before).
    prev, line = _line("discussion", 219.9), _line("where necessary", 196.8, 12)
    assert not broken_word(prev, line, RIGHT, marked=True)
    assert join_lines([prev, line], RIGHT, marked=True) == "discussion where necessary"
    # 6.2 pt left: a space would have fitted and none was drawn: the word goes on.
    prev, line = _line("Participat", 216.9), _line("e and", 192.7, 12)
    assert join_lines([prev, line], RIGHT, marked=True) == "Participate and"


def test_letter_case_and_short_words_start_a_word(no_word_list: None) -> None:
    prev = _line("effectiveness", 221.8)
    assert (
        join_lines([prev, _line("Early help", 200, 12)], RIGHT, True) == "effectiveness Early help"
    )
    prev = _line("encourage", 220.9)
    assert join_lines([prev, _line("all partner", 200, 12)], RIGHT, True) == "encourage all partner"
    prev = _line("opportunit", 221.1)
    assert join_lines([prev, _line("ies to", 190, 12)], RIGHT, True) == "opportunities to"


def test_the_documents_own_words_decide_a_break_the_glyphs_cannot(no_word_list: None) -> None:
    prev, line = _line("implementati", 221.6), _line("on of the", 190, 12)
    # Nothing known (no word list installed): "on" is a word of its own.
    assert join_lines([prev, line], RIGHT, True) == "implementati on of the"
    words = Words()
    words.add([_line("the implementation, monitoring and", 220)])
    assert join_lines([prev, line], RIGHT, True, words) == "implementation of the"
    # Both pieces written whole elsewhere, the joined word never: two words.
    prev, line = _line("opportunit", 221.1), _line("ies to", 190, 12)
    words.add([_line("an opportunit and ies here", 220)])
    assert join_lines([prev, line], RIGHT, True, words) == "opportunit ies to"


def test_only_whole_words_enter_the_vocabulary() -> None:
    words = Words()
    wrapped = _line("the Communicati", 220, trailing_space=False)
    words.add([wrapped, _line("ons team leads", 200, 12, trailing_space=True), _line("on it", 190)])
    # "Communicati" and "ons" touch a line end with no space drawn: they may be pieces.
    assert words.whole == {"the", "team", "leads", "on"}


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcdefghij’-/.,;ABC 0123", min_size=1, max_size=14).filter(
                lambda t: t.strip() == t and t != ""
            ),
            st.floats(min_value=170, max_value=224),
            st.booleans(),
            st.floats(min_value=0, max_value=5),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_joining_lines_never_changes_their_glyphs(
    specs: list[tuple[str, float, bool, float]],
) -> None:
    lines = [
        _line(text, x1, 12.0 * n, space=space, trailing_space=ts)
        for n, (text, x1, ts, space) in enumerate(specs)
    ]
    words = Words()
    words.add(lines)
    for marked in (False, True):
        joined = join_lines(lines, RIGHT, marked, words)
        assert joined.replace(" ", "") == "".join(t for t, *_ in specs).replace(" ", "")


def test_tables_drawn_touching_are_split_where_no_column_edge_is_shared() -> None:
    # A 4-column meeting table (its last rows merged across three columns) right on top of a
    # 5-column action table, as LibreOffice draws two Word tables with nothing between them.
    top = [
        (84.6, 97.0, 192.6, 148.6), (192.6, 97.0, 300.6, 148.6), (300.6, 97.0, 408.6, 148.6),
        (408.6, 97.0, 516.6, 148.6), (84.6, 148.6, 192.6, 174.8), (192.6, 148.6, 516.6, 174.8),
    ]  # fmt: skip
    bottom = [
        (x0, 174.8, x1, 200.0)
        for x0, x1 in [
            (84.6, 171.0),
            (171.0, 257.4),
            (257.4, 343.8),
            (343.8, 430.2),
            (430.2, 516.6),
        ]
    ]
    assert split_stacked(top + bottom) == [top, bottom]
    # A header cell merged over two columns above them keeps one of their edges: one table.
    header = [(84.6, 80.0, 171.0, 97.0), (171.0, 80.0, 343.8, 97.0), (343.8, 80.0, 516.6, 97.0)]
    body = [
        (x0, 97.0, x1, 120.0)
        for x0, x1 in [(84.6, 171.0), (171.0, 257.4), (257.4, 343.8), (343.8, 516.6)]
    ]
    assert split_stacked(header + body) == [header + body]
    # A title row spanning the table, over its columns: one table.
    title = [(84.6, 60.0, 516.6, 80.0)]
    assert split_stacked(title + body) == [title + body]
