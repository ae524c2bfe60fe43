"""The web-page reader: headings and styles, lists, tables and spans, layout tables, the title
fallback, encodings, hostile pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract import extract
from workplan_extract.errors import TooLarge
from workplan_extract.readers.base import BULLET, Paragraph, SourceDocument, Table
from workplan_extract.readers.html import read_html
from workplan_extract.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TABLE = "<table><tr><th>Ref</th><th>Action</th></tr><tr><td>1</td><td>Audit</td></tr></table>"


def read(page: str, settings: Settings | None = None) -> SourceDocument:
    return read_html(page.encode("utf-8"), "x.html", settings)


def paragraphs(doc: SourceDocument) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc: SourceDocument) -> list[Table]:
    return list(doc.tables())


def cells(table: Table) -> list[list[tuple[int, int, int | None, str]]]:
    return [[(c.col, c.span, c.merged_from, c.text) for c in r.cells] for r in table.rows]


def test_headings_strong_paragraphs_and_captions_are_styled() -> None:
    doc = read(
        "<h1>Workplan 2012/13</h1><h3>Priority 1</h3><p><b>Key</b> <strong>actions</strong></p>"
        "<p>Our <b>mission</b></p><p style='font-weight: 700'>Bold by style</p>"
        "<table><caption>Table 1: <b>actions</b></caption>"
        "<tr><th>Ref</th><th>Action</th></tr><tr><td>1</td><td>Audit</td></tr></table>"
    )
    assert paragraphs(doc) == [
        Paragraph("Workplan 2012/13", style="Heading 1"),
        Paragraph("Priority 1", style="Heading 3"),
        Paragraph("Key actions", style="Strong"),
        Paragraph("Our mission"),
        Paragraph("Bold by style", style="Strong"),
        Paragraph("Table 1: actions", style="Caption"),
    ]
    assert [p.style for c in tables(doc)[0].rows[0].cells for p in c.paragraphs] == ["Strong"] * 2


def test_br_p_and_lists_are_paragraphs_with_labels() -> None:
    doc = read(
        "<table><tr><th>Ref</th><th>Action</th></tr><tr><td>1</td><td>Review<br>the plan"
        "<ul><li>consult<ul><li>schools</li></ul></li></ul>"
        "<ol type='a'><li>audit</li><li value='4'>report</li></ol>"
        "<ol start='3'><li>three</li></ol><ol type='i'><li>one</li></ol><p>a) typed</p></td></tr>"
        "</table>"
    )
    assert tables(doc)[0].rows[1].cells[1].paragraphs == [
        Paragraph("Review"),
        Paragraph("the plan"),
        Paragraph("consult", BULLET, 0),
        Paragraph("schools", BULLET, 1),
        Paragraph("audit", "a)", 0),
        Paragraph("report", "d)", 0),
        Paragraph("three", "3.", 0),
        Paragraph("one", "i.", 0),
        Paragraph("typed", "a)"),
    ]


def test_pre_keeps_lines_and_whitespace_collapses_elsewhere() -> None:
    doc = read("<p>  one\n   two&nbsp;&nbsp;three </p><pre>line 1\n  line 2\n</pre>")
    assert [p.text for p in paragraphs(doc)] == ["one two three", "line 1", "line 2"]


def test_colspan_rowspan_and_thead_tfoot() -> None:
    doc = read(
        "<table><tfoot><tr><td colspan=3>Key: R = red</td><td>x</td></tr></tfoot>"
        "<thead><tr><th>Ref</th><th>Action</th><th>Lead</th><th>Timing</th></tr></thead>"
        "<tbody><tr><td>1</td><td>Audit</td><td rowspan=2>ALG</td><td>May</td></tr>"
        "<tr><td>2</td><td>Train</td><td>June</td></tr>"
        "<tr><td>3</td><td colspan=2>Report to the Board</td><td>July</td></tr></tbody></table>"
    )
    table = tables(doc)[0]
    assert [r.is_header for r in table.rows] == [True, False, False, False, False]
    assert cells(table) == [
        [(0, 1, None, "Ref"), (1, 1, None, "Action"), (2, 1, None, "Lead"), (3, 1, None, "Timing")],
        [(0, 1, None, "1"), (1, 1, None, "Audit"), (2, 1, None, "ALG"), (3, 1, None, "May")],
        [(0, 1, None, "2"), (1, 1, None, "Train"), (2, 1, 1, "ALG"), (3, 1, None, "June")],
        [(0, 1, None, "3"), (1, 2, None, "Report to the Board"), (3, 1, None, "July")],
        [(0, 3, None, "Key: R = red"), (3, 1, None, "x")],  # the footer comes last
    ]


def test_huge_spans_are_clamped() -> None:
    doc = read(
        "<table><tr><th>Ref</th><th>Action</th></tr>"
        "<tr><td rowspan=99999>1</td><td colspan=99999>Audit</td></tr></table>"
    )
    table = tables(doc)[0]
    assert table.ncols == 2  # the 1,000 columns of the clamped span hold nothing after the first
    assert cells(table)[1] == [(0, 1, None, "1"), (1, 1, None, "Audit")]


def test_layout_tables_are_read_as_the_page_and_data_tables_found_inside() -> None:
    doc = read(
        "<table><tr><td><ul><li>Home</li></ul></td><td><h2>Priority 1</h2>"
        + TABLE
        + "<p>Notes</p></td></tr></table>"
        "<table role='presentation'><tr><td>A</td><td>B</td></tr></table>"
        "<table><tr><td><h2>One column</h2></td></tr><tr><td>text</td></tr></table>"
    )
    kinds = [b.text if isinstance(b, Paragraph) else f"table {b.index}" for b in doc.blocks]
    assert kinds == ["Home", "Priority 1", "table 0", "Notes", "A", "B", "One column", "text"]


def test_title_is_the_fallback_when_nothing_before_the_table_is_set_apart() -> None:
    head = "<head><title> Business  Plan 2012/13 | Council </title></head>"
    plain = read(f"<html>{head}<body><p>Updated June</p>{TABLE}</body></html>")
    assert paragraphs(plain)[0] == Paragraph("Business Plan 2012/13 | Council", style="Title")
    headed = read(f"<html>{head}<body><h2>LSCB Business Plan</h2>{TABLE}</body></html>")
    assert [p.text for p in paragraphs(headed)] == ["LSCB Business Plan"]


def test_scripts_styles_forms_and_hidden_elements_are_not_text() -> None:
    doc = read(
        "<script>document.write('<table><tr><td>x</td><td>y</td></tr></table>')</script>"
        "<style>p { color: red }</style><noscript>Enable scripts</noscript>"
        "<p hidden>secret</p><p style='display: none'>also secret</p>"
        "<select><option>Choose</option></select><p>Shown</p><!-- a comment -->"
    )
    assert [p.text for p in paragraphs(doc)] == ["Shown"]
    assert tables(doc) == []


@pytest.mark.parametrize(
    ("data", "note"),
    [
        ("<meta charset='windows-1252'><p>Caf\xe9 £5</p>".encode("cp1252"), None),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Caf\xe9 €5'
            "</p>".encode("cp1252"),
            None,
        ),
        ("<p>Café</p>".encode("utf-16"), None),
        ("<p>Caf\xe9</p>".encode("cp1252"), "read as Windows-1252"),
    ],
)
def test_encodings(data: bytes, note: str | None) -> None:
    doc = read_html(data, "x.html")
    assert paragraphs(doc)[0].text.startswith("Café")
    assert (note is None) == (not doc.notes)
    if "ISO-8859-1" in data.decode("latin-1"):
        assert paragraphs(doc)[0].text == "Café €5"  # 0x80 is the euro sign, as browsers read it


@pytest.mark.parametrize("label", ["rot13", "base64", "zlib", "undefined", "no-such-code"])
def test_a_declared_charset_that_is_no_text_encoding_is_ignored(label: str) -> None:
    # codecs.lookup knows transforms and "undefined": declared by a page, they are no encoding.
    doc = read_html(f"<meta charset='{label}'><p>Café</p>".encode(), "x.html")
    assert paragraphs(doc)[0].text == "Café"
    assert any("unknown encoding" in n for n in doc.notes)


def test_entities_declared_by_the_page_are_not_expanded_and_nothing_is_fetched() -> None:
    laughs = "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "lol") * 10}">' for i in range(1, 10)
    )
    page = (
        f'<!DOCTYPE html [{laughs}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>&lol9; &xxe; &amp;</p></body></html>"
    )
    started = time.process_time()
    doc = read(page)
    assert time.process_time() - started < 1.0
    text = " ".join(p.text for p in paragraphs(doc))
    assert "root:" not in text and "lollollol" not in text
    assert text.endswith("&lol9; &xxe; &")  # HTML's own entities are read, the page's are not


def test_deep_nesting_is_read_as_far_as_the_parser_goes_and_said() -> None:
    fine = read("<div>" * 200 + "deep" + "</div>" * 200 + "<p>after</p>")
    assert [p.text for p in paragraphs(fine)] == ["deep", "after"]
    assert fine.notes == []
    # Past 200 levels the walk reads an element's text flat rather than recursing deeper.
    flat = read("<div>" * 240 + "<p>deep <b>and</b></p><p>flat</p>" + "</div>" * 240 + "<p>x</p>")
    assert [p.text for p in paragraphs(flat)] == ["deep andflat", "x"]
    deep = read("<p>before</p>" + "<div>" * 20_000 + "deep" + "</div>" * 20_000)
    assert [p.text for p in paragraphs(deep)] == ["before"]
    assert deep.notes == [
        "the page was read only up to line 1: Excessive depth in document: 256, use "
        "XML_PARSE_HUGE option"
    ]
    assert read("").blocks == [] and read("   ").blocks == []


def test_table_and_cell_limits() -> None:
    many = TABLE * 5
    with pytest.raises(TooLarge, match="max_tables"):
        read(many, Settings(max_tables=4))
    with pytest.raises(TooLarge, match="max_cells"):
        read(many, Settings(max_cells=9))
    with pytest.raises(TooLarge, match="max_rows"):
        read(TABLE, Settings(max_rows=1))


def test_committee_page_sample() -> None:
    doc = read_html((SAMPLES / "cypp-action-plan-2009-10.html").read_bytes(), "x.html")
    found = tables(doc)
    assert [len(t.rows) for t in found] == [3, 4, 3]
    styled = [(p.text, p.style) for p in paragraphs(doc) if p.style]
    assert styled[:3] == [
        (
            "Children and Young People’s Plan 2009-2011: Action Plan Progress Report, "
            "Quarter 1 2009/10",
            "Heading 1",
        ),
        ("Purpose of report", "Strong"),
        ("Priority 1: Be healthy", "Heading 2"),
    ]
    lead = found[1].rows[3].cell_at(2)
    assert lead is not None and (lead.merged_from, lead.text) == (2, "Team Manager: Life Chances")


def test_html_sample_extracts_like_its_text_dump() -> None:
    got = extract(SAMPLES / "lcpc-workplan-2004.html")
    want = extract(SAMPLES / "lcpc-workplan-2004.txt")
    assert got.source.format == "html"
    assert got.title == want.title
    assert [i.cells for i in got.items] == [i.cells for i in want.items]


@given(
    st.lists(st.sampled_from([*"ab ·•-)(\u00a0\t\n", "Audit", "£5"]), max_size=12).map("".join),
    st.sampled_from(["td", "th"]),
)
def test_text_only_cells_skip_the_walk_with_the_same_result(text: str, tag: str) -> None:
    """A cell holding only text is read without the paragraph walk (a fast path): the same
    paragraphs as the walk gives."""
    from lxml import etree

    from workplan_extract.readers.html import _cell, _Flow, _Page

    td = etree.Element(tag)
    td.text = text
    page = _Page(Settings())
    walked: list[Paragraph] = []
    flow = _Flow(page, walked)
    flow.children(td, tag == "th", 0)
    flow.flush()
    assert _cell(page, td, 0) == walked
