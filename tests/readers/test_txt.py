"""The text-dump reader: seeds come out complete, and any dump we render reads back the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workplan_extract.errors import CorruptDocument
from workplan_extract.readers.base import BULLET, Paragraph, Table
from workplan_extract.readers.txt import read_txt

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _table(name: str) -> Table:
    doc = read_txt((SAMPLES / name).read_bytes(), name)
    tables = list(doc.tables())
    assert len(tables) == 1
    return tables[0]


def test_lcpc_has_header_and_twelve_rows_with_truncated_last_row() -> None:
    table = _table("lcpc-workplan-2004.txt")
    assert table.ncols == 6
    header = [c.text for c in table.rows[0].cells]
    assert header == ["", "Item", "Activity", "Target Group", "Responsible Party(ies)", "Timing"]
    assert table.rows[0].is_header
    numbers = [r.cells[0].text for r in table.rows[1:]]
    assert numbers == [str(n) for n in range(1, 13)]
    last = table.rows[-1]
    assert [c.col for c in last.cells] == [0, 1, 2]
    assert last.cells[2].span == 4  # the truncated cell spans the columns left
    assert [p.text for p in last.cells[2].paragraphs] == [
        "LCPC dates for 2pm meetings:",
        "7.1.04",
        "21.4.04",
        "7.7.04",
        "610.04",
    ]


def test_lscb_front_matter_and_merged_last_row() -> None:
    doc = read_txt((SAMPLES / "lscb-workplan-2007-08.txt").read_bytes(), "x.txt")
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    # The "[image: image1.emf]" marker of the dump is not text of the document.
    assert paragraphs[:2] == ["Paper 7", "London Safeguarding Children Board Workplan 2007/08"]
    table = next(doc.tables())
    assert table.ncols == 7
    last = table.rows[-1]
    assert [(c.col, c.span) for c in last.cells] == [(0, 1), (1, 6)]
    assert last.cells[1].text.splitlines() == [
        "London Board Meetings Schedule",
        "19.4.07",
        "19.7.07",
        "25.10.07",
        "January 08",
    ]


def test_bullets_and_letters_become_labels() -> None:
    table = _table("lscb-workplan-2007-08.txt")
    actions = table.rows[1].cells[1].paragraphs
    assert actions[0].label is None and actions[0].text.startswith("Supporting London")
    assert [p.label for p in actions[1:]] == ["a)", "b)", "c)", "d)"]
    timing = table.rows[1].cells[6].paragraphs
    assert [(p.label, p.text) for p in timing] == [
        (BULLET, "Ongoing"),
        (BULLET, "Support activities delivered before Dec 2007"),
    ]


def test_cell_locations_point_at_source_lines() -> None:
    table = _table("lcpc-workplan-2004.txt")
    first = table.rows[1].cells[0]
    lines = (SAMPLES / "lcpc-workplan-2004.txt").read_text().splitlines()
    assert first.location.line is not None
    assert lines[first.location.line - 1] == "\t1"
    assert (first.location.row, first.location.col) == (1, 0)


def test_windows_1252_is_read_with_a_note() -> None:
    data = "Plan\n\t\n\tAction\n\tTiming\n\t1\n\tCaf\xe9 \u2013 review\n\tMay\n".encode("cp1252")
    doc = read_txt(data, "x.txt")
    table = next(doc.tables())
    assert table.rows[1].cells[1].text == "Café – review"
    assert doc.notes and "Windows-1252" in doc.notes[0]


def test_utf16_with_bom() -> None:
    text = "Plan\n\t\n\tAction\n\t1\n\tDo it\n"
    doc = read_txt(text.encode("utf-16"), "x.txt")
    assert next(doc.tables()).rows[1].cells[1].text == "Do it"


def test_binary_noise_is_refused() -> None:
    with pytest.raises(CorruptDocument):
        read_txt(b"abc\x00\x01\x02", "x.txt")


def test_row_with_fewer_cells_in_the_middle_is_not_misaligned() -> None:
    # Row 2 is merged across its last two columns, so the dump has one cell fewer.
    text = "\t\n\tA\n\tB\n\tC\n\t1\n\ta1\n\tb1\n\tc1\n\t2\n\ta2\n\tbc2\n\t3\n\ta3\n\tb3\n\tc3\n"
    table = next(read_txt(text.encode(), "x.txt").tables())
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [
        ["1", "a1", "b1", "c1"],
        ["2", "a2", "bc2"],
        ["3", "a3", "b3", "c3"],
    ]
    assert table.rows[2].cells[2].span == 2


def test_dates_in_a_cell_are_not_taken_for_row_numbers() -> None:
    text = "\t\n\tA\n\tWhen\n\t1\n\tx\n\t2\n\t2\n\ty\n\t1.4.08\n"
    table = next(read_txt(text.encode(), "x.txt").tables())
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [
        ["1", "x", "2"],
        ["2", "y", "1.4.08"],
    ]


_WORD = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x24F),
    min_size=1,
    max_size=8,
)
_PARA = (
    st.lists(_WORD, min_size=1, max_size=5)
    .map(" ".join)
    .filter(lambda s: not s.replace(".", "").isdigit() and not Paragraph.from_typed(s).label)
)
_CELL = st.lists(_PARA, min_size=0, max_size=3)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[list[list[str]]]]:
    ncols = draw(st.integers(min_value=2, max_value=6))
    header = [""] + [draw(_PARA) for _ in range(ncols - 1)]
    nrows = draw(st.integers(min_value=1, max_value=6))
    rows = [[[str(n)]] + [draw(_CELL) for _ in range(ncols - 1)] for n in range(1, nrows + 1)]
    return header, rows


def _render(title: str, header: list[str], rows: list[list[list[str]]], blank: bool) -> str:
    lines = [title, ""]
    lines += ["\t" + h for h in header]
    sep = ["", ""] if blank else [""]
    for row in rows:
        for cell in row:
            body = [p for para in cell for p in ([para, *sep] if blank else [para])]
            lines.append("\t" + (body[0] if body else ""))
            lines += body[1:]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(_tables(), st.booleans())
def test_rendered_dump_reads_back_cell_by_cell(
    table: tuple[list[str], list[list[list[str]]]], blank: bool
) -> None:
    header, rows = table
    doc = read_txt(_render("A plan", header, rows, blank).encode(), "x.txt")
    parsed = next(doc.tables())
    assert parsed.ncols == len(header)
    assert [c.text for c in parsed.rows[0].cells] == header
    assert len(parsed.rows) == len(rows) + 1
    for want, got in zip(rows, parsed.rows[1:], strict=True):
        assert [[p.text for p in c.paragraphs] for c in got.cells] == [
            [" ".join(p.split()) for p in cell] for cell in want
        ]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_document_or_our_error(data: bytes) -> None:
    try:
        doc = read_txt(data, "x.txt")
    except CorruptDocument:
        return
    for table in doc.tables():
        assert all(1 <= sum(c.span for c in r.cells) <= table.ncols for r in table.rows)


def test_rows_numbered_past_999_are_still_counted() -> None:
    """Row numbers of four digits: a short row (a merged cell) at item 1,100 still ends
    where the next number starts, instead of taking the next row's first cell."""
    lines = ["Plan 2007/08", "\tNo.", "\tAction", "\tLead", "\tTiming"]
    for n in range(1, 1201):
        lines += [f"\t{n}", f"\tDo thing {n}", "\tALG"] + ([] if n == 1100 else ["\tMarch 2008"])
    table = next(read_txt("\n".join(lines).encode(), "x.txt").tables())
    assert len(table.rows) == 1201
    assert [c.text for c in table.rows[1100].cells] == ["1100", "Do thing 1100", "ALG"]
    assert table.rows[1100].cells[-1].span == 2
    assert [c.text for c in table.rows[1101].cells] == [
        "1101",
        "Do thing 1101",
        "ALG",
        "March 2008",
    ]
