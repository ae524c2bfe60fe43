"""A paragraph that ends in one word before a paragraph whose first word is too long for the
column, as against a word broken over lines.

LibreOffice draws the space it wraps a line at, also when the next word is too long for a
line of its own and is broken in turn ("Go " / "internat" / "ionalisa" / "tion"). A paragraph
end draws none; so a cell of the paragraphs "Progress" / "presented to Committee" (the header
of the Stockton LSCB plan, 1 inch wide, DejaVu Serif Bold 11 pt) prints "Progress" with no
space and 6.8 pt to spare, too little for the "p" (7.69 pt) but room for a space (3.83 pt),
then "presente" / "d to Committee": the picture of a word broken at the column's edge. The
numbers below are those of that PDF.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Twips
from pdf_fixtures import libreoffice_pdfs

from workplan_extract.readers.pdf import read_pdf
from workplan_extract.readers.pdflines import Line, broken_word, paragraphs
from workplan_extract.readers.pdfwords import Words, carried_word

RIGHT = 439.1
SPACE = 3.83


def _line(text: str, x1: float, top: float, first_char: float = 7.69) -> Line:
    first = text.split(" ")[0]
    width = first_char + 6.9 * (len(first) - 1)
    line = Line(text, 378.1, x1, top, top + 11, 11.0, width, first_char)
    line.space = SPACE
    line.trailing_space = text.endswith(" ")
    line.text = text.rstrip(" ")
    return line


def _stockton() -> list[Line]:
    return [
        _line("Progress", 432.33, 182.6),
        _line("presente", 431.76, 195.5),
        _line("d to ", 405.81, 208.4, first_char=7.69),
        _line("Committe", 438.78, 221.3, first_char=9.0),
        _line("e", 385.1, 234.2, first_char=6.7),
    ]


def test_the_word_a_line_starts_is_carried_over_the_lines_it_is_broken_onto() -> None:
    lines = _stockton()
    assert carried_word(lines, 1, RIGHT) == "presented"
    assert carried_word(lines, 3, RIGHT) == "Committee"
    # "d to" holds a space: it is no word broken onward; the last line has nothing after it.
    assert carried_word(lines, 2, RIGHT) is None
    assert carried_word(lines, 4, RIGHT) is None


def test_a_paragraph_ending_before_a_word_broken_onward_is_decided_by_the_words() -> None:
    lines = _stockton()
    # The word list knows "progress" and "presented" and not "progresspresented".
    assert not broken_word(lines[0], lines[1], RIGHT, True, None, "presented")
    texts = [p.text for p in paragraphs(lines, RIGHT, 1.17, marked=True)]
    assert texts == ["Progress", "presented to Committee"]


def test_where_the_words_cannot_decide_the_line_still_holds_a_broken_word() -> None:
    # The same picture with pieces no word list knows: taken as one word, as before.
    prev, line = _line("Xqzvrt", 432.33, 0), _line("plorqux", 431.76, 12.9)
    assert broken_word(prev, line, RIGHT, True, None, "plorquxw")
    # The document writes both whole and never the two together: two words.
    words = Words()
    words.whole |= {"xqzvrt", "plorquxw"}
    assert not broken_word(prev, line, RIGHT, True, words, "plorquxw")
    # Without a word broken onward the missing space alone decides, as before.
    assert broken_word(_line("Progress", 432.33, 0), _line("presente", 431.76, 12.9), RIGHT, True)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A table of 1-inch columns like the Stockton plan's, printed by LibreOffice."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("breaks")
    rows = [
        ["No.", "Recommendation", "Date", "Progress\npresented to Committee\nDec 2017"],
        ["1.", "Internationalisation", "Dec 2017", "Go internationalisation now"],
        ["2.", "Progress\ninternationalisation", "Mar 2018", "Implementation group"],
    ]
    document = Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.rows[r].cells[c]
            cell.width = Twips(1440)
            first, *more = text.split("\n")
            cell.paragraphs[0].add_run(first).bold = r == 0
            for paragraph in more:
                cell.add_paragraph().add_run(paragraph).bold = r == 0
    document.save(str(folder / "breaks.docx"))
    libreoffice_pdfs(folder, [str(folder / "breaks.docx")])
    return folder / "breaks.pdf"


def test_libreoffice_paragraph_ends_and_broken_words_in_narrow_cells(printed: Path) -> None:
    table = next(read_pdf(printed.read_bytes(), "x.pdf").tables())
    cells = [[[p.text for p in cell.paragraphs] for cell in row.cells] for row in table.rows]
    assert cells == [
        [["No."], ["Recommendation"], ["Date"], ["Progress", "presented to Committee", "Dec 2017"]],
        [["1."], ["Internationalisation"], ["Dec 2017"], ["Go internationalisation now"]],
        [["2."], ["Progress", "internationalisation"], ["Mar 2018"], ["Implementation group"]],
    ]
