"""Finding the workplan table and front matter in a neutral document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workplan_extract.errors import NoWorkplanTable
from workplan_extract.layout import column_texts, front_matter, locate
from workplan_extract.readers.base import Cell, CellLocation, Paragraph, Row, SourceDocument, Table


def _table(index: int, rows: list[list[str]], header: bool = False) -> Table:
    out = []
    for r, texts in enumerate(rows):
        cells = [
            Cell([Paragraph(t)] if t else [], c, CellLocation(index, r, c))
            for c, t in enumerate(texts)
        ]
        out.append(Row(cells, r, is_header=header and r == 0))
    return Table(out, index, len(rows[0]))


HEADER = ["No", "Actions", "Lead", "Timing"]


def test_unrelated_first_table_is_skipped_and_split_table_joined() -> None:
    doc = SourceDocument(
        [
            Paragraph("Attendance"),
            _table(0, [["Name", "Organisation"], ["Ann", "GOL"]]),
            Paragraph("Board Workplan 2008/09", style="Title"),
            Paragraph("Agreed by the Board."),
            _table(1, [HEADER, ["1", "Do", "GOL", "May"]]),
            Paragraph(""),
            _table(2, [HEADER, ["2", "Do more", "MPS", "June"]], header=True),
            _table(3, [["3", "And more", "ALG", "July"]]),
            Paragraph("Signed: the Chair"),
        ]
    )
    layout = locate(doc)
    assert layout.title == "Board Workplan 2008/09"
    assert layout.preamble == ["Attendance", "Agreed by the Board."]
    assert [(r.table, r.row.cells[0].text) for r in layout.rows] == [(1, "1"), (2, "2"), (3, "3")]
    assert layout.stray_text == ["Signed: the Chair"]


def test_table_with_another_grid_ends_the_workplan() -> None:
    doc = SourceDocument([_table(0, [HEADER, ["1", "a", "b", "c"]]), _table(1, [["x", "y"]])])
    assert len(locate(doc).rows) == 1


def test_no_workplan_table_is_an_error_naming_the_tables() -> None:
    with pytest.raises(NoWorkplanTable, match="none of its 1 tables"):
        locate(SourceDocument([_table(0, [["Name", "Organisation"]])]))
    with pytest.raises(NoWorkplanTable):
        locate(SourceDocument([Paragraph("just text")]))


def test_reference_is_taken_from_the_front_matter() -> None:
    title, reference, preamble = front_matter(
        [Paragraph("Paper 7"), Paragraph("London Board Workplan 2007/08"), Paragraph("Mission")]
    )
    assert (title, reference, preamble) == ("London Board Workplan 2007/08", "Paper 7", ["Mission"])


def test_every_workplan_table_is_taken_in_order_with_its_heading() -> None:
    doc = SourceDocument(
        [
            Paragraph("Board Business Plan 2012/13", style="Title"),
            Paragraph("Priority 1: Early help", style="Heading 2"),
            _table(0, [HEADER, ["1.1", "Do", "GOL", "May"]]),
            Paragraph("Priority 2: Child sexual exploitation", style="Strong"),
            Paragraph("Some words about the priority, which are no heading."),
            _table(1, [HEADER, ["2.1", "Do more", "MPS", "June"]]),
            _table(2, [["Term", "Definition"], ["CSE", "Child sexual exploitation"]]),
            Paragraph("Priority 3: Quality"),
            _table(3, [["Ref", "Milestone", "Owner"], ["3.1", "Audit", "QA group"]]),
        ]
    )
    layout = locate(doc)
    assert [len(p.headers) for p in layout.parts] == [4, 3]
    assert [(r.table, r.heading) for r in layout.rows] == [
        (0, "Priority 1: Early help"),
        (1, "Priority 2: Child sexual exploitation"),
        (3, "Priority 3: Quality"),
    ]
    assert layout.preamble == []
    assert layout.stray_text == ["Some words about the priority, which are no heading."]


def test_a_heading_followed_by_body_text_heads_the_text_not_the_table() -> None:
    doc = SourceDocument(
        [
            Paragraph("Board Workplan 2007/08", style="Title"),
            Paragraph("Mission Statement", style="Heading 2"),
            Paragraph("The heads of services coming together to add value."),
            _table(0, [HEADER, ["1", "Do", "GOL", "May"]]),
        ]
    )
    layout = locate(doc)
    assert layout.rows[0].heading is None
    assert layout.preamble == [
        "Mission Statement",
        "The heads of services coming together to add value.",
    ]


def test_the_header_under_a_title_row_and_the_title_as_section() -> None:
    table = _table(
        0,
        [
            ["Priority 2: Child sexual exploitation", "", "", ""],
            HEADER,
            ["2.1", "Do", "GOL", "May"],
        ],
    )
    layout = locate(SourceDocument([Paragraph("Plan 2012", style="Title"), table]))
    assert layout.parts[0].headers == HEADER
    assert [(r.row.cells[0].text, r.heading) for r in layout.rows] == [
        ("2.1", "Priority 2: Child sexual exploitation")
    ]


def test_heading_like_lines_without_styles() -> None:
    from workplan_extract.layout import is_heading

    assert is_heading(Paragraph("Priority 2: Child sexual exploitation"))
    assert is_heading(Paragraph("Theme One – Safer recruitment"))
    assert is_heading(Paragraph("2. Child sexual exploitation"))
    assert not is_heading(Paragraph("2. The Board is asked to note the plan."))
    assert not is_heading(
        Paragraph("Priority will be given to the children most at risk in the borough.")
    )
    assert not is_heading(Paragraph("Develop the website", label="a)"))
    assert is_heading(Paragraph("A short bold line", style="Strong"))


def test_stacked_headings_join() -> None:
    doc = SourceDocument(
        [
            Paragraph("Plan 2012", style="Title"),
            _table(0, [HEADER, ["1", "Do", "GOL", "May"]]),
            Paragraph("Priority 2: Child sexual", style="Large"),
            Paragraph("exploitation", style="Large"),
            Paragraph("2a Missing children", style="Heading 3"),
            _table(1, [HEADER, ["2", "Do more", "MPS", "June"]], header=True),
        ]
    )
    assert (
        locate(doc).rows[1].heading == "Priority 2: Child sexual exploitation – 2a Missing children"
    )


def test_a_sheet_name_goes_with_its_rows() -> None:
    table = _table(0, [HEADER, ["1", "Do", "GOL", "May"]])
    table.name = "Actions 2012"
    assert [r.sheet for r in locate(SourceDocument([table])).rows] == ["Actions 2012"]


def test_a_paper_reference_above_the_table_is_no_section() -> None:
    doc = SourceDocument(
        [
            Paragraph("Board Workplan 2012/13", style="Title"),
            Paragraph("Appendix A", style="Strong"),
            _table(0, [HEADER, ["1", "Do", "GOL", "May"]]),
        ]
    )
    layout = locate(doc)
    assert (layout.reference, layout.rows[0].heading) == ("Appendix A", None)


def test_the_part_named_above_the_lead_and_objectives_is_the_section() -> None:
    # Slough LSCB Business Plan 2012/13: the priority's heading, its strategic lead, a bold
    # "OBJECTIVES:" label and the objectives, then the table.
    doc = SourceDocument(
        [
            Paragraph("SLSCB BUSINESS PLAN – ACTIONS, TIMESCALES, OUTCOMES", style="Title"),
            Paragraph("PRIORITY 1a Early Help and Prevention", style="Heading 2"),
            Paragraph("Strategic Lead from SLSCB Executive: Chair of Quality Sub Group"),
            Paragraph("OBJECTIVES:", style="Strong"),
            Paragraph("To improve the effectiveness of universal services"),
            _table(0, [HEADER, ["1", "Do", "GOL", "May"]]),
            Paragraph("PRIORITY 1b Child Sexual Exploitation", style="Heading 2"),
            Paragraph("OBJECTIVES:", style="Strong"),
            Paragraph("To reduce the harm of CSE"),
            _table(1, [HEADER, ["2", "Do more", "MPS", "June"]]),
        ]
    )
    layout = locate(doc)
    assert [r.heading for r in layout.rows] == [
        "PRIORITY 1a Early Help and Prevention",
        "PRIORITY 1b Child Sexual Exploitation",
    ]


def test_a_heading_above_body_text_that_names_no_part_heads_only_the_text() -> None:
    doc = SourceDocument(
        [
            Paragraph("Board Workplan 2007/08", style="Title"),
            Paragraph("Introduction", style="Heading 2"),
            Paragraph("OBJECTIVES:", style="Strong"),
            Paragraph("The heads of services coming together to add value."),
            _table(0, [HEADER, ["1", "Do", "GOL", "May"]]),
        ]
    )
    assert locate(doc).rows[0].heading is None


def test_a_long_styled_heading_names_its_table() -> None:
    # An LSCB Strategic Business Plan 2014-5: the theme's heading runs to 205 characters.
    theme = (
        "LSCB Priority Theme One: Effective safeguarding response to Children Sexual "
        "Exploitation and Children who go Missing from Home and from Care (link to Child "
        "Sexual Exploitation and Missing strategy and action plan 2014)"
    )
    for style in ("Heading 2", "Strong"):
        doc = SourceDocument(
            [
                Paragraph("LSCB Strategic Business Plan – 2014-5:", style="Title"),
                Paragraph(theme, style=style),
                _table(0, [HEADER, ["1", "Do", "GOL", "May"]]),
            ]
        )
        assert locate(doc).rows[0].heading == theme, style


def test_the_title_repeated_over_each_sheet_is_no_section() -> None:
    # A tracker workbook: every sheet repeats "Appendix A Corporate Improvement Plan" (the
    # title, after its reference) above the objective it holds.
    def sheet(index: int, objective: str, row: list[str]) -> list[Paragraph | Table]:
        return [
            Paragraph("Appendix A Corporate Improvement Plan", style="Strong"),
            Paragraph(objective, style="Strong"),
            _table(index, [HEADER, row]),
        ]

    doc = SourceDocument(
        [
            *sheet(0, "Objective 002 Counter fraud partnership", ["1", "Do", "GOL", "May"]),
            *sheet(1, "Objective 003 Learning and development", ["2", "Do more", "MPS", "June"]),
        ]
    )
    layout = locate(doc)
    assert layout.title == "Corporate Improvement Plan"
    assert [r.heading for r in layout.rows] == [
        "Objective 002 Counter fraud partnership",
        "Objective 003 Learning and development",
    ]


def test_a_title_wrapped_over_two_large_lines_is_one_title_and_no_section() -> None:
    # Stockton LSCB review (2017) as a PDF: the title's second line starts in lower case.
    doc = SourceDocument(
        [
            Paragraph("Initial Progress Update – Review", style="Large"),
            Paragraph("of Stockton Local Safeguarding Children Board Appendix 1", style="Large"),
            _table(0, [HEADER, ["1", "Do", "GOL", "May"]]),
        ]
    )
    layout = locate(doc)
    assert layout.title == (
        "Initial Progress Update – Review of Stockton Local Safeguarding Children Board Appendix 1"
    )
    assert layout.rows[0].heading is None


_cells = st.lists(
    st.tuples(st.integers(-1, 40), st.integers(0, 4), st.sampled_from(["", "a", "b c"])),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_cells, max_size=6), st.integers(0, 42))
def test_column_texts_reads_each_column_as_cell_at_finds_it(
    rows: list[list[tuple[int, int, str]]], ncols: int
) -> None:
    """``column_texts`` reads a row in one pass when its cells are in order: the same texts as
    asking ``Row.cell_at`` for every column (its linear scan and its bisection for long rows),
    for rows in order, out of order, overlapping, spanning nothing."""
    table = [
        Row(
            [
                Cell([Paragraph(t)] if t else [], col, CellLocation(0, r, col), span)
                for col, span, t in cells
            ],
            r,
        )
        for r, cells in enumerate(rows)
    ]
    expected = [
        [c.text for row in table if (c := row.cell_at(col)) is not None and c.col == col]
        for col in range(ncols)
    ]
    assert column_texts(table, ncols) == expected
