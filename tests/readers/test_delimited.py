"""The CSV reader: encodings, dialects, quoted line breaks, broken quoting, limits."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.errors import CorruptDocument, TooLarge
from workplan_extract.readers.base import BULLET, Paragraph, SourceDocument, Table
from workplan_extract.readers.delimited import FIELD_LIMIT, read_csv
from workplan_extract.settings import Settings

PLAN = 'Ref,Action,Lead\r\n1,Review,ALG\r\n2,"Train staff\nin schools",MPS\r\n'


def table(doc: SourceDocument) -> list[list[str]]:
    found = next(doc.tables())
    return [[c.text for c in r.cells] for r in found.rows]


def only_table(doc: SourceDocument) -> Table:
    return next(doc.tables())


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (PLAN.encode("utf-8"), None),
        (b"\xef\xbb\xbf" + PLAN.encode("utf-8"), None),
        (PLAN.encode("utf-16"), None),  # Excel's "Unicode text" has a BOM
        (PLAN.replace("Review", "Révise").encode("cp1252"), "read as Windows-1252"),
    ],
)
def test_encodings(data: bytes, note: str | None) -> None:
    doc = read_csv(data, "x.csv")
    rows = table(doc)
    assert rows[0] == ["Ref", "Action", "Lead"]
    assert rows[2] == ["2", "Train staff\nin schools", "MPS"]
    assert (note is None) == (not doc.notes)
    if note:
        assert note in doc.notes[0]
        assert rows[1][1] == "Révise"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_dialects(delimiter: str) -> None:
    data = PLAN.replace(",", delimiter).encode()
    assert table(read_csv(data, "x.csv"))[1] == ["1", "Review", "ALG"]


def test_excel_sep_line_names_the_delimiter() -> None:
    doc = read_csv(b"sep=;\nRef;Action, with a comma\n1;Audit\n", "x.csv")
    assert table(doc) == [["Ref", "Action, with a comma"], ["1", "Audit"]]
    assert [r.index for r in only_table(doc).rows] == [1, 2]


def test_title_rows_are_paragraphs_and_lines_are_located() -> None:
    data = b'Workplan 2004,,\r\n,,\r\nRef,Action,Lead\r\n1,"Audit\n\xc2\xb7 consult",ALG\r\n2,Train,MPS\r\n'
    doc = read_csv(data, "x.csv")
    assert doc.blocks[0] == Paragraph("Workplan 2004")
    rows = only_table(doc).rows
    assert [(r.index, r.cells[0].location.line) for r in rows] == [(2, 3), (3, 4), (4, 6)]
    assert rows[1].cells[1].paragraphs == [Paragraph("Audit"), Paragraph("consult", BULLET)]


def test_an_unclosed_quote_is_read_leniently_with_a_note() -> None:
    doc = read_csv(b'Ref,Action\n1,Audit\n2,"Train\n3,Report\n', "x.csv")
    assert table(doc)[2] == ["2", "Train\n3,Report"]
    assert doc.notes == [
        "CSV quoting is broken (line 4: unexpected end of data); read as the csv module reads it"
    ]


def test_ragged_records_pick_the_commonest_delimiter() -> None:
    doc = read_csv(b"Ref;Action;Lead\n1;Audit\n2;Train;MPS;extra;more\n", "x.csv")
    assert table(doc)[1] == ["1", "Audit"]
    assert doc.notes == [
        "the records do not have one width under any delimiter; read as separated by semicolons"
    ]


def test_binary_and_endless_fields_are_refused() -> None:
    with pytest.raises(CorruptDocument, match="NUL"):
        read_csv(b"Ref,Action\n1,\x00\x01\n", "x.csv")
    with pytest.raises(CorruptDocument, match="field larger than field limit"):
        read_csv(b'Ref,Action\n1,"' + b"x" * 200_000 + b'"\n', "x.csv")


def test_an_endless_field_is_refused_whatever_limit_the_csv_module_has() -> None:
    """The csv module's field limit is process-wide: importing frictionless raises it, and
    then an endless field was read whole, or refused, depending on which test ran first."""
    before = csv.field_size_limit(2**31 - 1)
    try:
        with pytest.raises(CorruptDocument, match=r"field larger than field limit \(131072\)"):
            read_csv(b'Ref,Action\n1,"' + b"x" * (FIELD_LIMIT + 1) + b'"\n', "x.csv")
        doc = read_csv(b'Ref,Action\n1,"' + b"x" * FIELD_LIMIT + b'"\n', "x.csv")
        assert len(next(doc.tables()).rows[1].cells[1].text) == FIELD_LIMIT
    finally:
        csv.field_size_limit(before)


def test_limits() -> None:
    data = ("Ref,Action\n" + "".join(f"{n},Audit\n" for n in range(100))).encode()
    with pytest.raises(TooLarge, match="max_rows"):
        read_csv(data, "x.csv", Settings(max_rows=50))
    with pytest.raises(TooLarge, match="max_cells"):
        read_csv(data, "x.csv", Settings(max_cells=99))


_CELL = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), st.sampled_from('-·•a)("')
    ),
    max_size=12,
).map(lambda t: " ".join(t.split()))


@given(
    st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=2, max_size=8),
    st.sampled_from([",", ";", "\t"]),
)
def test_written_grids_read_back_cell_for_cell(rows: list[list[str]], delimiter: str) -> None:
    """Nothing of a cell's text is lost: a grid written by the csv module (a header of three
    named columns, then rows) reads back the same, cell for cell."""
    header = ["Ref", "Action", "Lead"]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    doc = read_csv(buffer.getvalue().encode("utf-8"), "x.csv")
    got = {(r.index, c.col): c.text for t in doc.tables() for r in t.rows for c in r.cells}
    paragraphs = [b.rendered for b in doc.blocks if isinstance(b, Paragraph)]
    for index, values in enumerate([header, *rows]):
        filled = [v for v in values if v]
        for col, value in enumerate(values):
            if not value:
                continue
            # typed bullets are read as labels ("- x" shows as "• x")
            shown = Paragraph.from_typed(value).rendered
            # a row with one filled cell may be a title or note line: then it is a paragraph
            assert got.get((index, col)) == shown or (len(filled) == 1 and shown in paragraphs)


def test_a_bad_byte_after_a_bom_is_replaced_and_noted() -> None:
    data = b"\xef\xbb\xbf" + PLAN.replace("Review", "Rev\xffiew").encode("latin-1")
    doc = read_csv(data, "x.csv")
    assert table(doc)[1] == ["1", "Rev\ufffdiew", "ALG"]
    assert doc.notes == ["text is not valid UTF-8 (byte 25); bad bytes replaced"]
