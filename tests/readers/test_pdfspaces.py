"""A wrapped line keeps every space it broke at: a run of them after a line's last glyph is
measured, and the next word must have fitted after all of it. The numbers are those of
LibreOffice's PDF of the Isle of Wight select committee action plan in ``tests/realworld``
(DejaVu Serif 11 pt, a space 3.487 pt wide)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.readers.pdflines import Line, mark_trailing_spaces, starts_paragraph
from workplan_extract.readers.pdfwords import fits_after

SPACE = 3.487
FONT = "DAAAAA+DejaVuSerif"


def _line(text: str, x1: float, **kw: object) -> Line:
    line = Line(text, 162.1, x1, 0.0, 11.0, 11.0, 6.5 * len(text.split(" ")[0]), 7.0, font=FONT)
    line.space = SPACE
    for key, value in kw.items():
        setattr(line, key, value)
    return line


def test_a_run_of_spaces_after_a_line_is_measured() -> None:
    line = _line("training.", 575.33)
    spaces = [
        {"text": " ", "x0": 575.33 + SPACE * i, "x1": 575.33 + SPACE * (i + 1), "top": 1.0,
         "bottom": 10.0, "fontname": FONT, "size": 11.0}
        for i in range(3)
    ]  # fmt: skip
    mark_trailing_spaces([line], [*spaces, dict(spaces[2])])  # the last one drawn twice
    assert line.trailing_space and round(line.trail, 2) == 585.79
    single = _line("training.", 575.33)
    mark_trailing_spaces([single], spaces[:1])
    assert single.trailing_space and single.trail == 0.0


def test_three_spaces_between_sentences_keep_one_paragraph() -> None:
    # Isle of Wight: "...requested further training.   The Liaison Committee asked ...",
    # in a cell whose text ends at 603.8 pt. "The" would have fitted after one space, not
    # after the three the line was wrapped at.
    prev = Line("training.", 527.4, 575.33, 0, 11, 11.0, 47.93, 7.0, trailing_space=True)
    line = Line("The Liaison", 527.4, 592.04, 14, 25, 11.0, 20.89, 8.0, trailing_space=True)
    prev.space = line.space = SPACE
    prev.trail = 575.33 + 3 * SPACE
    assert not starts_paragraph(prev, line, 603.8, 1.2, marked=True)
    # A producer not known to draw its wrapping spaces: the run says nothing.
    assert starts_paragraph(prev, line, 603.8, 1.2, marked=False)
    prev.trail = 0.0
    assert starts_paragraph(prev, line, 603.8, 1.2, marked=True)


@given(st.floats(100, 600), st.floats(0, 20), st.floats(0, 60), st.floats(100, 620), st.booleans())
def test_a_run_of_spaces_only_ever_takes_room_away(
    x1: float, run: float, width: float, right: float, ts: bool
) -> None:
    prev = _line("word", x1, trailing_space=ts)
    plain = fits_after(prev, width, right)
    assert fits_after(prev, width, right, runs=True) == plain  # no run measured: as before
    prev.trail = x1 + run
    assert fits_after(prev, width, right) == plain
    if fits_after(prev, width, right, runs=True):
        assert plain
