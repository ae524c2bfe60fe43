"""A date restated in brackets at the end of a line ("January (Quarter 4)"): one timing when the
two phrases agree (one's days hold the other's), unknown with a warning when they disagree.
Values checked by hand: UK financial quarters run Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar
(of the financial year's second calendar year); calendar quarters Q1 Jan-Mar ... Q4 Oct-Dec.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from normalise_helpers import assert_edtf_agrees

from workplan_extract.normalise import parse_period, parse_timing
from workplan_extract.records import Timing
from workplan_extract.records import Warning as WarningRecord

D = dt.date
P0708 = parse_period("Improvement Plan 2007/08")[0]
P0809 = parse_period("Business Plan 2008/09")[0]
P2425 = parse_period("Council Plan 2024/25")[0]
P2009 = parse_period("Action Plan 2009")[0]


def read(text: str, period: Timing | None) -> tuple[Timing, list[WarningRecord]]:
    timing, warnings = parse_timing(text, period)
    assert_edtf_agrees(timing)
    return timing, warnings


@pytest.mark.parametrize(
    ("text", "period", "kind", "edtf", "inferred", "codes"),
    [
        # Real: Bromsgrove DC 2007/08; fiscal Q4 2007/08 is Jan-Mar 2008 and holds January 2008.
        ("January (Quarter 4)", P0708, "date", "2008-01", True, ["timing.year_inferred"]),
        # Real: Bracknell Forest 2024/25; the main phrase's kind (a deadline) is kept.
        ("At the end of quarter 4 (January to March 2025)", P2425, "deadline", "../2025-03", False,
         []),
        ("Q4 (Jan-Mar 2009)", P0809, "period", "2009-01/2009-03", False, []),
        ("Q4 (January)", P0708, "date", "2008-01", True, ["timing.year_inferred"]),
        ("March 2008 (Q4)", P0708, "date", "2008-03", False, []),
        # The year the main phrase leaves out comes from the bracket, not from the period.
        ("January (Q4 2015/16)", P0708, "date", "2016-01", False, []),
        # ... and the quarter takes its year from the month it restates.
        ("March 2012 (Q4)", P0708, "date", "2012-03", False, []),
        ("2008/09 (Q4)", P0708, "period", "2009-01/2009-03", False, []),
        ("Before Q4 (Jan-Mar 2025)", P2425, "deadline", "../2024-12", False, []),
        ("Q3-Q4 (Oct 2007 - Mar 2008)", P0708, "period", "2007-10/2008-03", False, []),
        ("January (Quarter 4).", P0708, "date", "2008-01", True, ["timing.year_inferred"]),
    ],
)  # fmt: skip
def test_phrases_that_agree_are_one_timing(
    text: str, period: Timing, kind: str, edtf: str, inferred: bool, codes: list[str]
) -> None:
    timing, warnings = read(text, period)
    assert (timing.kind, timing.edtf, timing.year_inferred) == (kind, edtf, inferred)
    assert [w.code for w in warnings] == codes


def test_the_end_of_quarter_4_deadline_bounds() -> None:
    timing, _ = read("At the end of quarter 4 (January to March 2025)", P2425)
    assert (timing.earliest, timing.latest) == (None, D(2025, 3, 31))


def test_the_subject_before_the_main_phrase_is_kept() -> None:
    timing, warnings = read("Report to Cabinet: January 2009 (Q4)", P0708)
    assert (timing.subject, timing.kind, timing.edtf, warnings) == (
        "Report to Cabinet",
        "date",
        "2009-01",
        [],
    )


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("March 2009 (Q1)", P0809),  # fiscal Q1 is April to June
        ("June 2008 (Q4)", P0809),  # neither fiscal (Jan-Mar) nor calendar (Oct-Dec) Q4
        ("June 2008 (Q4)", None),
        ("December (Quarter 4)", P0708),
        ("Q1 (Jan-Mar 2009)", P0809),  # the plan's quarters are financial: Q1 is April-June
        ("Nov - Feb (Q3 2008/09)", P0708),  # Q3 is October to December
        ("Summer (Q2)", P0708),  # June to August is not held by July to September
    ],
)
def test_phrases_that_disagree_give_no_date_and_say_so(text: str, period: Timing | None) -> None:
    timing, warnings = read(text, period)
    assert (timing.kind, timing.edtf, timing.earliest, timing.latest) == (
        "unknown",
        None,
        None,
        None,
    )
    assert [w.code for w in warnings] == ["timing.unparsed"]
    assert "disagree" in warnings[0].message


@pytest.mark.parametrize("period", [None, P2009])
def test_the_bracket_settles_an_ambiguous_quarter_without_a_warning(period: Timing | None) -> None:
    # "Q4" alone has no year (no period) or could be calendar or financial (a calendar plan)
    alone, alone_warnings = read("Q4", period)
    assert alone.kind == "unknown" and alone_warnings
    # Jan-Mar 2009 is financial Q4 2008/09, and no calendar Q4: the doubt is settled.
    timing, warnings = read("Q4 (Jan-Mar 2009)", period)
    assert (timing.kind, timing.edtf, warnings) == ("period", "2009-01/2009-03", [])


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("Q1 2009 (Jan-Mar 2009)", "2009-01/2009-03"),  # calendar Q1 2009
        ("Q1 2009 (Apr-Jun 2009)", "2009-04/2009-06"),  # financial Q1 of 2009/10
    ],
)
def test_a_calendar_year_quarter_is_settled_by_its_months(text: str, edtf: str) -> None:
    alone = [w.code for w in read(text.split(" (")[0], None)[1]]
    assert alone == ["timing.ambiguous_quarter"]
    timing, warnings = read(text, None)
    assert (timing.kind, timing.edtf, warnings) == ("period", edtf, [])


@pytest.mark.parametrize(
    ("text", "kind", "edtf", "subject"),
    [
        ("June 2008 (tbc)", "date", "2008-06", None),  # a note in brackets, as before
        ("Q4 (by March 2009)", "unknown", None, None),  # which bound is meant is unclear
        ("Ongoing (Q4)", "period", "2008-01/2008-03", "Ongoing"),  # not a restated date
    ],
)
def test_a_bracket_that_is_not_a_restated_date_is_read_as_before(
    text: str, kind: str, edtf: str | None, subject: str | None
) -> None:
    timing, _ = read(text, P0708)
    assert (timing.kind, timing.edtf, timing.subject) == (kind, edtf, subject)


# Property: "M Y (Qn)" reads as M Y exactly when quarter n holds month M.


def fiscal_quarter(month: int) -> int:
    return (month - 4) % 12 // 3 + 1


def calendar_quarter(month: int) -> int:
    return (month - 1) // 3 + 1


MONTHS = st.integers(1, 12)
YEARS = st.integers(1998, 2030)
QUARTERS = st.integers(1, 4)
PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(MONTHS, YEARS, QUARTERS, st.integers(1998, 2030), st.booleans())
def test_month_year_with_a_quarter_under_a_financial_plan(
    month: int, year: int, quarter: int, plan: int, long_name: bool
) -> None:
    period = parse_period(f"Plan {plan}/{(plan + 1) % 100:02d}")[0]
    name = (calendar.month_name if long_name else calendar.month_abbr)[month]
    timing, warnings = read(f"{name} {year} (Q{quarter})", period)
    if quarter == fiscal_quarter(month):
        assert (timing.kind, timing.edtf, timing.year_inferred) == (
            "date",
            f"{year}-{month:02d}",
            False,
        )
        assert warnings == []
    else:
        assert timing.kind == "unknown" and timing.edtf is None
        assert "disagree" in warnings[0].message


@PROPERTY
@given(MONTHS, YEARS, QUARTERS, st.sampled_from([None, "2009", "2010-2012"]))
def test_month_year_with_a_quarter_when_the_convention_is_open(
    month: int, year: int, quarter: int, plan: str | None
) -> None:
    # No period, or calendar years: either convention may be meant; a month is in one quarter
    # of each, numbered differently, so at most one agrees.
    period = parse_period(f"Plan {plan}")[0] if plan else None
    timing, warnings = read(f"{calendar.month_name[month]} {year} (Q{quarter})", period)
    if quarter in (fiscal_quarter(month), calendar_quarter(month)):
        assert (timing.kind, timing.edtf, warnings) == ("date", f"{year}-{month:02d}", [])
    else:
        assert timing.kind == "unknown" and "disagree" in warnings[0].message


MAINS = st.sampled_from(
    ["January", "March", "June", "Oct", "December", "Q1", "Q2", "Q3", "Q4", "Jan-Mar", "Autumn",
     "Sept 2008", "February 2009", "Q1 2009", "Q4 2008/09", "2008/09", "2009", "Apr - Jun 2009",
     "15 March 2009", "Summer 2008"]
)  # fmt: skip
BRACKETS = st.sampled_from(
    ["Q1", "Q2", "Q3", "Q4", "Quarter 4", "January", "March 2009", "Jan-Mar 2009",
     "Oct - Dec 2008", "Q2 2008/09", "Q3 2008", "2009", "2008/09", "Autumn 2008", "Q4 2009/10"]
)  # fmt: skip
PERIODS = st.sampled_from([None, "2007/08", "2008/09", "2009/10", "2009", "2008-2010"])


@PROPERTY
@given(MAINS, BRACKETS, PERIODS)
def test_never_a_date_outside_either_phrase(main: str, bracket: str, plan: str | None) -> None:
    """A dated result lies inside the bracket's days and the main phrase's, whenever each
    states its year (read alone, without a period, it is a date)."""
    period = parse_period(f"Plan {plan}")[0] if plan else None
    timing, warnings = read(f"{main} ({bracket})", period)
    if timing.kind == "unknown":
        assert warnings and timing.edtf is None
        return
    assert timing.earliest is not None and timing.latest is not None
    for part in (main, bracket):
        alone, _ = parse_timing(part, None)
        if alone.earliest is not None and alone.latest is not None:
            if alone.kind == "period" and " " in part and part.split()[0].startswith("Q"):
                continue  # "Q1 2009" alone is the calendar quarter; the other may settle it
            assert alone.earliest <= timing.earliest and timing.latest <= alone.latest


def test_a_year_borrowed_from_a_bracket_may_be_the_one_after_it() -> None:
    # Q4 2009 is Jan-Mar 2009 as a calendar quarter and Jan-Mar 2010 as the financial Q4 of
    # 2009/10: January agrees with both, so its year is not known.
    period = parse_period("Business Plan 2009/10")[0]
    timing, warnings = parse_timing("January (Q4 2009)", period)
    assert timing.kind == "unknown" and warnings
