"""The timing grammar: every row of SPEC's timing table, the forms real plans write, and EDTF."""

from __future__ import annotations

import datetime as dt

import pytest
from normalise_helpers import assert_edtf_agrees

from workplan_extract.normalise import parse_period, parse_timing
from workplan_extract.records import Timing

D = dt.date
P2004 = parse_period("London Child Protection Committee Workplan 2004")[0]
P0708 = parse_period("London Safeguarding Children Board Workplan 2007/08")[0]


def read(text: str, period: Timing | None = None) -> tuple[Timing, list[str]]:
    timing, warnings = parse_timing(text, period)
    assert_edtf_agrees(timing)
    return timing, [w.code for w in warnings]


# SPEC, "Normalisation conventions", the timing table, row by row.
SPEC_TABLE = [
    ("Ongoing", P2004, "ongoing", None, None, None),
    ("April 2004", P2004, "date", "2004-04", D(2004, 4, 1), D(2004, 4, 30)),
    ("19.4.07", P0708, "date", "2007-04-19", D(2007, 4, 19), D(2007, 4, 19)),
    ("January 08", P0708, "date", "2008-01", D(2008, 1, 1), D(2008, 1, 31)),
    ("Begin Jan 2004", P2004, "start", "2004-01/..", D(2004, 1, 1), None),
    ("Begin May", P2004, "start", "2004-05/..", D(2004, 5, 1), None),
    ("Spring 2004", P2004, "period", "2004-21", D(2004, 3, 1), D(2004, 5, 31)),
    ("2004/2005", None, "period", "2004-04/2005-03", D(2004, 4, 1), D(2005, 3, 31)),
    ("2004/05", None, "period", "2004-04/2005-03", D(2004, 4, 1), D(2005, 3, 31)),
    ("2003/4", None, "period", "2003-04/2004-03", D(2003, 4, 1), D(2004, 3, 31)),
    ("by Dec 2007", P0708, "deadline", "../2007-12", None, D(2007, 12, 31)),
    ("before Dec 2007", P0708, "deadline", "../2007-11", None, D(2007, 11, 30)),
    ("before autumn 2007", P0708, "deadline", "../2007-08", None, D(2007, 8, 31)),
    ("due 30th June 2007", P0708, "deadline", "../2007-06-30", None, D(2007, 6, 30)),
    ("Q1 2007/08", P0708, "period", "2007-04/2007-06", D(2007, 4, 1), D(2007, 6, 30)),
    ("Winter 2004", P2004, "period", "2004-12/2005-02", D(2004, 12, 1), D(2005, 2, 28)),
    ("March 2004", P2004, "date", "2004-03", D(2004, 3, 1), D(2004, 3, 31)),
    ("Sep 2004", P2004, "date", "2004-09", D(2004, 9, 1), D(2004, 9, 30)),
]


@pytest.mark.parametrize(("text", "period", "kind", "edtf", "earliest", "latest"), SPEC_TABLE)
def test_spec_timing_table(
    text: str,
    period: Timing | None,
    kind: str,
    edtf: str | None,
    earliest: D | None,
    latest: D | None,
) -> None:
    timing, _ = read(text, period)
    assert (timing.kind, timing.edtf, timing.earliest, timing.latest) == (
        kind,
        edtf,
        earliest,
        latest,
    )
    assert timing.text == text


def test_begin_may_takes_the_year_from_the_period_and_says_so() -> None:
    timing, codes = read("Begin May", P2004)
    assert timing.year_inferred is True
    assert codes == ["timing.year_inferred"]


def test_a_written_year_is_not_inferred() -> None:
    timing, codes = read("Begin Jan 2004", P2004)
    assert timing.year_inferred is False
    assert codes == []


@pytest.mark.parametrize(
    ("text", "subject", "kind", "edtf"),
    [
        (
            "First Chairs & Officers Meeting Jan 2004",
            "First Chairs & Officers Meeting",
            "date",
            "2004-01",
        ),
        (
            "Support activities delivered before Dec 2007",
            "Support activities delivered",
            "deadline",
            "../2007-11",
        ),
        ("CDRPs & SCRs before autumn 2007", "CDRPs & SCRs", "deadline", "../2007-08"),
        (
            "Project  final report due  30th June 2007",
            "Project final report",
            "deadline",
            "../2007-06-30",
        ),
        ("Website enhancement before Dec 2007", "Website enhancement", "deadline", "../2007-11"),
        ("Conference on 13th December 2007", "Conference", "date", "2007-12-13"),
        ("Ongoing", None, "ongoing", None),
        ("Monitoring ongoing", "Monitoring", "ongoing", None),
    ],
)
def test_text_before_the_date_phrase_is_the_subject(
    text: str, subject: str | None, kind: str, edtf: str | None
) -> None:
    timing, codes = read(text, P0708)
    assert (timing.subject, timing.kind, timing.edtf) == (subject, kind, edtf)
    assert codes == []


@pytest.mark.parametrize(
    ("text", "period", "kind", "edtf"),
    [
        # day-first numeric dates, two- and four-digit years
        ("31/03/09", P0708, "date", "2009-03-31"),
        ("7.1.04", P2004, "date", "2004-01-07"),
        ("01-12-2007", None, "date", "2007-12-01"),
        # ordinals and month names
        ("27th November 2008", P0708, "date", "2008-11-27"),
        ("1st of April 2008", None, "date", "2008-04-01"),
        ("June 30th, 2007", None, "date", "2007-06-30"),
        ("Sept '08", P0708, "date", "2008-09"),
        ("Dec 05", P2004, "date", "2005-12"),
        ("Feb. 2004", None, "date", "2004-02"),
        ("04/2008", None, "date", "2008-04"),
        ("2005", None, "date", "2005"),
        # financial years and quarters
        ("FY 2008/09", None, "period", "2008-04/2009-03"),
        ("2008-09", None, "period", "2008-04/2009-03"),
        ("Q2 2008/09", P0708, "period", "2008-07/2008-09"),
        ("Q4 2007/08", None, "period", "2008-01/2008-03"),
        ("second quarter 2008/09", None, "period", "2008-07/2008-09"),
        # seasons
        ("Summer 2005", None, "period", "2005-22"),
        ("autumn 2007", None, "period", "2007-23"),
        # operators
        ("From April 2007", P0708, "start", "2007-04/.."),
        ("Starting in June 2007", P0708, "start", "2007-06/.."),
        ("after March 2008", None, "start", "2008-04/.."),
        ("2008 onwards", None, "start", "2008/.."),
        ("end of March 2008", None, "deadline", "../2008-03"),
        ("By the end of 2007", None, "deadline", "../2007"),
        ("before 2008", None, "deadline", "../2007"),
        ("before 1.4.08", None, "deadline", "../2008-03-31"),
        ("by Q3 2007/08", None, "deadline", "../2007-12"),
        ("before 2008/09", None, "deadline", "../2008-03"),
        ("until Spring 2005", None, "deadline", "../2005-05"),
        # ranges
        ("March – May 2004", P2004, "period", "2004-03/2004-05"),
        ("Jan-Mar 2008", None, "period", "2008-01/2008-03"),
        ("Nov – Feb 2005", None, "period", "2004-11/2005-02"),
        ("April 2007 to March 2008", None, "period", "2007-04/2008-03"),
        ("between June and August 2006", None, "period", "2006-06/2006-08"),
        ("2004 - 2006", None, "period", "2004/2006"),
        ("19.4.07 - 21.4.07", None, "period", "2007-04-19/2007-04-21"),
        # early/mid/late stay in the text only (SPEC 2.0: no invented thirds)
        ("early 2008", None, "date", "2008"),
        ("late March 2008", None, "date", "2008-03"),
        ("mid 2008/09", None, "period", "2008-04/2009-03"),
        # several dates on one line
        ("7.1.04, 21.4.04", P2004, "date", "{2004-01-07,2004-04-21}"),
    ],
)
def test_forms_real_plans_write(text: str, period: Timing | None, kind: str, edtf: str) -> None:
    timing, codes = read(text, period)
    assert (timing.kind, timing.edtf) == (kind, edtf)
    assert "timing.unparsed" not in codes


def test_two_digit_years_pivot_around_the_period() -> None:
    p1995 = parse_period("Workplan 1995")[0]
    assert read("Dec 98", p1995)[0].edtf == "1998-12"
    assert read("Dec 05", P2004)[0].edtf == "2005-12"
    assert read("3.4.99", P2004)[0].edtf == "1999-04-03"


@pytest.mark.parametrize(
    ("text", "period", "edtf"),
    [
        ("Q3", P0708, "2007-10/2007-12"),
        ("Q4", P0708, "2008-01/2008-03"),
        ("May", P0708, "2007-05"),
        ("February", P0708, "2008-02"),
        ("13th December", P0708, "2007-12-13"),
        ("Winter", P0708, "2007-12/2008-02"),
        ("Spring", P0708, "2007-21"),
        ("by September", P0708, "../2007-09"),
    ],
)
def test_missing_years_come_from_the_period_with_a_warning(
    text: str, period: Timing, edtf: str
) -> None:
    timing, codes = read(text, period)
    assert timing.edtf == edtf
    assert timing.year_inferred is True
    assert codes == ["timing.year_inferred"]


def test_a_missing_year_without_a_period_is_unknown_with_a_warning() -> None:
    timing, codes = read("Begin May", None)
    assert (timing.kind, timing.edtf, timing.year_inferred) == ("unknown", None, False)
    assert codes == ["timing.no_year"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("TBC", "tbc"),
        ("tba", "tbc"),
        ("To be agreed", "tbc"),
        ("Complete", "done"),
        ("Completed", "done"),
        ("Quarterly", "recurring"),
        ("N/A", "unknown"),
        ("-", "unknown"),
    ],
)
def test_status_words_have_their_kind_and_no_dates_or_warnings(text: str, kind: str) -> None:
    timing, codes = read(text, P2004)
    assert (timing.kind, timing.edtf, timing.earliest, timing.latest) == (kind, None, None, None)
    assert codes == []


def test_report_tbc_keeps_its_subject() -> None:
    timing, _ = read("Annual report – TBC", P2004)
    assert (timing.kind, timing.subject) == ("tbc", "Annual report")


def test_a_bare_quarter_in_a_calendar_year_plan_is_not_guessed() -> None:
    # Q4 of 2004 (October - December) or of financial year 2003/04 (January - March 2004)?
    timing, codes = read("Q4", P2004)
    assert (timing.kind, timing.edtf, codes) == ("unknown", None, ["timing.unparsed"])


@pytest.mark.parametrize("text", ["Staff may attend", "LCPC dates for 2pm meetings:", "soon"])
def test_text_with_no_date_is_unparsed_with_a_warning(text: str) -> None:
    timing, codes = read(text, P2004)
    assert (timing.kind, timing.edtf) == ("unknown", None)
    assert timing.text == text
    assert codes == ["timing.unparsed"]


def test_an_impossible_date_is_unparsed_not_guessed() -> None:
    timing, codes = read("31.2.07", P0708)
    assert (timing.kind, timing.edtf) == ("unknown", None)
    assert codes == ["timing.unparsed"]


def test_the_610_04_typo_is_repaired_and_the_warning_names_the_repair() -> None:
    timing, warnings = parse_timing("610.04", P2004)
    assert_edtf_agrees(timing)
    assert (timing.text, timing.kind, timing.edtf) == ("610.04", "date", "2004-10-06")
    assert [w.code for w in warnings] == ["timing.repaired"]
    assert "'6.10.04'" in warnings[0].message and "'610.04'" in warnings[0].message


def test_a_repair_outside_the_period_is_refused() -> None:
    timing, codes = read("610.04", P0708)
    assert (timing.kind, codes) == ("unknown", ["timing.unparsed"])


def test_a_repaired_line_is_not_repaired_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fuzz find (a mutated realworld/timings.tsv line): each "0039/0039" is a missing-separator
    # candidate, and repairing the repaired line again tried every split of every group,
    # exponentially many readings ("10/09/039/0039/0039/...": 90 characters took 26 s; six
    # groups, 3,413 readings). One repair reads each split once.
    from workplan_extract.normalise import timings

    timings.clear_cache()
    calls = []
    real = timings.find_phrase

    def counted(line: str, pivot: int | None) -> timings.Found | str:
        calls.append(line)
        return real(line, pivot)

    monkeypatch.setattr(timings, "find_phrase", counted)
    # Six groups keep the old behaviour quick enough to fail here rather than hang.
    text = "10/09/039" + "/0039" * 6
    timing, codes = read(text, None)
    assert (timing.kind, codes) == ("unknown", ["timing.unparsed"])
    # The line itself, then the line with "039" cut after its first and its second digit.
    assert calls == [
        text,
        "10/09/0/39/0039" + "/0039" * 5,
        "10/09/03/9/0039" + "/0039" * 5,
    ]


def test_a_calendar_year_quarter_is_read_as_calendar_and_flagged() -> None:
    # South Cambridgeshire's 2005/06 performance plan: "Q2 2005 means completion by 30th
    # June 2005" (realworld/sources.md, 19): the quarter of the calendar year written.
    timing, codes = read("Q1 2008", None)
    assert timing.edtf == "2008-01/2008-03"
    assert codes == ["timing.ambiguous_quarter"]


def test_a_bullet_label_is_ignored_but_text_is_kept_as_written() -> None:
    timing, _ = read("• Website enhancement before Dec 2007", P0708)
    assert timing.subject == "Website enhancement"
    assert timing.text == "• Website enhancement before Dec 2007"


@pytest.mark.parametrize(
    ("title", "edtf", "earliest", "latest"),
    [
        (
            "London Safeguarding Children Board Workplan 2007/08",
            "2007-04/2008-03",
            D(2007, 4, 1),
            D(2008, 3, 31),
        ),
        ("London Child Protection Committee Workplan 2004", "2004", D(2004, 1, 1), D(2004, 12, 31)),
        ("Business Plan 2003/4", "2003-04/2004-03", D(2003, 4, 1), D(2004, 3, 31)),
    ],
)
def test_document_period_from_the_title(title: str, edtf: str, earliest: D, latest: D) -> None:
    period, _ = parse_period(title)
    assert period is not None
    assert_edtf_agrees(period)
    assert (period.kind, period.edtf, period.earliest, period.latest) == (
        "period",
        edtf,
        earliest,
        latest,
    )


def test_a_title_without_a_year_has_no_period() -> None:
    assert parse_period("Workplan") == (None, None)
    assert parse_period(None) == (None, None)
