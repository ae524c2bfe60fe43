"""SPEC "Timings 2.0", row by row, and the forms real plans write around it."""

from __future__ import annotations

import datetime as dt

import pytest
from edtf import parse_edtf
from normalise_helpers import assert_edtf_agrees

from workplan_extract.normalise import parse_period, parse_timing
from workplan_extract.normalise.timings import clear_cache
from workplan_extract.records import Timing

D = dt.date
P0910 = parse_period("2gether NHS Foundation Trust Business Plan 2009/10")[0]
P1112 = parse_period("Brighton and Hove LSCB Business Plan 2011/12")[0]
P1213 = parse_period("Slough LSCB Business Plan 2012/13")[0]
P2012 = parse_period("Action Plan 2012")[0]


def read(text: str, period: Timing | None = None) -> tuple[Timing, list[str]]:
    timing, warnings = parse_timing(text, period)
    if timing.kind == "recurring":
        assert timing.earliest is None and timing.latest is None
        if timing.edtf is not None:
            parse_edtf(timing.edtf)
    else:
        assert_edtf_agrees(timing)
    return timing, [w.code for w in warnings]


# (written, period, kind, edtf, recurrence)
SPEC_2_TABLE = [
    ("May-08", P0910, "date", "2008-05", None),
    ("Jun-09", P0910, "date", "2009-06", None),
    ("17-Aug-09", P0910, "date", "2009-08-17", None),
    ("June/July 2012", P1213, "period", "2012-06/2012-07", None),
    ("2009 – 11", None, "period", "2009/2011", None),
    ("2009-2011", None, "period", "2009/2011", None),
    ("the Autumn of 2014", None, "period", "2014-23", None),
    ("end of March 2009", None, "deadline", "../2009-03", None),
    ("by the end of March 2009", None, "deadline", "../2009-03", None),
    ("by the end of the financial year", P1112, "deadline", "../2012-03", None),
    ("Quarter 3", P1213, "period", "2012-10/2012-12", None),
    ("Q3", P1213, "period", "2012-10/2012-12", None),
    ("22nd & 24th September 2009", None, "date", "[2009-09-22,2009-09-24]", None),
    ("early March 2012", None, "date", "2012-03", None),
    ("mid May 2008", None, "date", "2008-05", None),
    ("late 2012", None, "date", "2012", None),
    ("mid-2012", None, "date", "2012", None),
    ("End May 2008", None, "deadline", "../2008-05", None),
    ("end of May", P2012, "deadline", "../2012-05", None),
    ("Annually", None, "recurring", None, "P1Y"),
    ("Every August", None, "recurring", None, "P1Y"),
    ("31 August (annually)", None, "recurring", None, "P1Y"),
    ("31 August 2009 (annually)", None, "recurring", "2009-08-31", "P1Y"),
    ("Quarterly", None, "recurring", None, "P3M"),
    ("Monthly", None, "recurring", None, "P1M"),
    ("Six-monthly", None, "recurring", None, "P6M"),
    ("Completed", None, "done", None, None),
    ("Complete", None, "done", None, None),
    ("Done", None, "done", None, None),
    ("Achieved", None, "done", None, None),
    ("TBC", None, "tbc", None, None),
    ("To be advised", None, "tbc", None, None),
    ("To be confirmed", None, "tbc", None, None),
    ("To be agreed", None, "tbc", None, None),
    ("Within three months of the Commission's approval", None, "relative", None, None),
    ("Within six months of new Council", None, "relative", None, None),
    ("Ongoing", None, "ongoing", None, None),
    ("Continuous", None, "ongoing", None, None),
    ("As required", None, "ongoing", None, None),
]


@pytest.mark.parametrize(("text", "period", "kind", "edtf", "recurrence"), SPEC_2_TABLE)
def test_spec_timings_2_table(
    text: str, period: Timing | None, kind: str, edtf: str | None, recurrence: str | None
) -> None:
    timing, _ = read(text, period)
    assert (timing.kind, timing.edtf, timing.recurrence) == (kind, edtf, recurrence)
    assert timing.text == text


@pytest.mark.parametrize("text", ["May-08", "Jun-09", "17-Aug-09"])
def test_a_written_two_digit_year_is_never_inferred(text: str) -> None:
    timing, codes = read(text, P0910)
    assert timing.year_inferred is False
    assert codes == []


def test_the_financial_year_comes_from_the_period_and_says_so() -> None:
    timing, codes = read("by the end of the financial year", P1112)
    assert (timing.latest, timing.year_inferred) == (D(2012, 3, 31), True)
    assert codes == ["timing.year_inferred"]


@pytest.mark.parametrize("period", [None, P2012], ids=["no period", "calendar-year plan"])
def test_the_financial_year_without_a_financial_period_is_unknown(period: Timing | None) -> None:
    timing, codes = read("by the end of the financial year", period)
    assert (timing.kind, timing.edtf) == ("unknown", None)
    assert codes in (["timing.no_year"], ["timing.unparsed"])


def test_a_qualifier_stays_in_the_text_only() -> None:
    timing, _ = read("early March 2012")
    assert (timing.text, timing.earliest, timing.latest) == (
        "early March 2012",
        D(2012, 3, 1),
        D(2012, 3, 31),
    )


@pytest.mark.parametrize("text", ["before late 2012", "after early March 2012"])
def test_a_qualifier_is_not_read_where_its_bound_would_be_invented(text: str) -> None:
    timing, codes = read(text)
    assert (timing.kind, codes) == ("unknown", ["timing.unparsed"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Slipped from 5 July 2005 - gathering information", "the new date is not given"),
        ("Slipped from 20 April - More information needed to be gathered", "not given"),
        ("On hold", "is a status"),
        ("Deferred", "is a status"),
    ],
)
def test_statuses_are_kept_and_give_no_date(text: str, message: str) -> None:
    timing, warnings = parse_timing(text, None)
    assert (timing.kind, timing.edtf, timing.earliest, timing.latest) == (
        "unknown",
        None,
        None,
        None,
    )
    assert [w.code for w in warnings] == ["timing.status"]
    assert message in warnings[0].message


def test_deferred_to_a_date_gives_the_new_date() -> None:
    timing, _ = read("Deferred to March 2009")
    assert (timing.kind, timing.edtf) == ("date", "2009-03")


def test_quarter_3_period_two_dates_is_the_period() -> None:
    # A Lancaster performance report cell: the quarter, then its period written without "to".
    timing, codes = read("Quarter 3, Period 1 October 2013 31 December 2013")
    assert (timing.kind, timing.edtf) == ("period", "2013-10-01/2013-12-31")
    assert codes == []


def test_a_quarter_that_does_not_hold_its_period_is_not_read() -> None:
    timing, _ = read("Quarter 2, Period 1 October 2013 31 December 2013")
    assert timing.kind == "unknown"


@pytest.mark.parametrize("text", ["821-11/2013-DS", "Licence 821-11/2013-DS", "2009-11"])
def test_reference_numbers_are_not_dates(text: str) -> None:
    timing, codes = read(text)
    assert (timing.kind, timing.edtf, codes) == ("unknown", None, ["timing.unparsed"])


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("May 2008 xyz", "words after the date"),
        ("until 22nd & 24th September 2009", "could not be read with"),
        ("Phase 2 May 2008", "label"),
        ("not in May 2009", "deny"),
        ("Originally March 2009", "deny"),
        ("Phase 1 June 2008, Phase 2 June 2009", "more than one date"),
        ("June 2008?", "question"),
        ("Monday, 5 July 2005", "not a Monday"),
        ("June 30", "either: a day, or a year outside the plan's"),
        ("Contact Jan", "name or a verb"),
        ("Bi-monthly", "no one period"),
    ],
)
def test_doubtful_lines_give_no_date(text: str, why: str) -> None:
    timing, warnings = parse_timing(text, P2012)
    assert (timing.kind, timing.edtf) == ("unknown", None), timing
    assert [w.code for w in warnings] == ["timing.unparsed"]
    del why  # documents the reason


@pytest.mark.parametrize(
    ("text", "period", "kind", "edtf", "subject"),
    [
        ("Review due 30 June 2009; report to Board", None, "deadline", "../2009-06-30",
         "Review report to Board"),
        ("September 2014 (website permitting)", None, "date", "2014-09", "website permitting"),
        ("1 May 2024; New date agreed for decision", None, "date", "2024-05-01",
         "New date agreed for decision"),
        ("w/c 5 May 2008", None, "period", "2008-05-05/2008-05-11", None),
        ("Monthly from April 2009", None, "recurring", "2009-04", None),
        ("Ongoing from April 2009", None, "start", "2009-04/..", None),
        ("Completed March 2012", None, "done", "2012-03", None),
        ("by Dec 2013", None, "deadline", "../2013-12", None),
        ("Nov – Feb", P1213, "period", "2012-11/2013-02", None),
        ("December 28th and January 3rd 2009", None, "date", "[2008-12-28,2009-01-03]", None),
        ("on or before 31 March 2010", None, "deadline", "../2010-03-31", None),
        ("not before April 2010", None, "start", "2010-04/..", None),
        ("Q2 2008-09", None, "period", "2008-07/2008-09", None),
        ("Winter 2004/05", None, "period", "2004-12/2005-02", None),
        ("Sep 12", None, "unknown", None, None),
        ("June 2008 or later", None, "start", "2008-06/..", None),
        ("Sep-12", None, "date", "2012-09", None),
        ("2008-09-30", None, "date", "2008-09-30", None),
    ],
)  # fmt: skip
def test_more_forms_real_plans_write(
    text: str, period: Timing | None, kind: str, edtf: str | None, subject: str | None
) -> None:
    timing, _ = read(text, period)
    assert (timing.kind, timing.edtf, timing.subject) == (kind, edtf, subject)


@pytest.mark.parametrize(
    ("text", "kind", "edtf"),
    [
        ("Spring/Summer 2009", "period", "2009-03/2009-08"),
        ("Spring/Autumn 2009", "unknown", None),
        ("Summer school by June 2009", "deadline", "../2009-06"),
    ],
)
def test_season_pairs_are_read_whole_or_not_at_all(text: str, kind: str, edtf: str | None) -> None:
    timing, _ = read(text)
    assert (timing.kind, timing.edtf) == (kind, edtf)


P201215 = parse_period("Corporate Parenting Action Plan 2012-2015")[0]


def test_a_month_and_a_year_of_the_plan_written_in_two_digits() -> None:
    # "Timescale" cells of a Scottish council's Corporate Parenting Action Plan 2012-2015.
    timing, codes = read("Oct 12", P201215)
    assert (timing.kind, timing.edtf, timing.earliest, timing.latest) == (
        "date",
        "2012-10",
        D(2012, 10, 1),
        D(2012, 10, 31),
    )
    assert codes == ["timing.short_year"]
    assert read("April 13", P201215)[0].edtf == "2013-04"
    assert read("Oct 12 - Mar 13", P201215)[0].edtf == "2012-10/2013-03"


def test_a_number_after_a_month_outside_the_plans_years_stays_unread() -> None:
    # "June 30" may be the 30th; "May 10" in a 2012-15 plan is neither its year nor sure.
    for text in ("June 30", "May 10"):
        timing, codes = read(text, P201215)
        assert (timing.kind, timing.edtf, codes) == ("unknown", None, ["timing.unparsed"])
    # Without a period there is no plan year to hold it.
    assert read("Oct 12")[0].kind == "unknown"
    # A day before its month stays a day.
    assert read("12 Oct", P201215)[0].edtf == "2012-10-12"


def test_a_line_read_again_under_the_same_year_written_otherwise_quotes_its_own_period() -> None:
    # The line cache once answered with the first period's words for both.
    clear_cache()
    for written in ("2012/13", "12-13", "2012/2013"):
        period = parse_period(f"Business Plan {written}")[0]
        assert period is not None and period.edtf == "2012-04/2013-03"
        timing, warnings = parse_timing("the financial year", period)
        assert timing.edtf == "2012-04/2013-03"
        assert any(repr(period.text) in w.message for w in warnings), (written, warnings)
