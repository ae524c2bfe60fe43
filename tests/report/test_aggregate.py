"""Counts across a batch, plan years, and the chart geometry drawn from them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.records import Timing
from workplan_extract.report.aggregate import SECTORS, Totals, plan_year
from workplan_extract.report.charts import (
    WIDTH,
    TimeScale,
    _nice_ceiling,
    item_timeline,
    stacked_bars,
)

from .conftest import rich_document


def period(earliest: str, latest: str) -> Timing:
    return Timing(
        text="x",
        kind="period",
        earliest=dt.date.fromisoformat(earliest),
        latest=dt.date.fromisoformat(latest),
    )


@pytest.mark.parametrize(
    ("earliest", "latest", "label"),
    [
        ("2007-04-01", "2008-03-31", "2007/08"),
        ("1999-04-01", "2000-03-31", "1999/00"),
        ("2004-01-01", "2004-12-31", "2004"),
        ("2012-10-01", "2012-12-31", "2012"),
        ("2009-01-01", "2011-12-31", "2009–2011"),
    ],
)
def test_plan_year_labels(earliest: str, latest: str, label: str) -> None:
    assert plan_year(period(earliest, latest)) == (label, dt.date.fromisoformat(earliest))


def test_no_period_is_its_own_year_and_comes_last() -> None:
    assert plan_year(None) == ("no period", None)
    totals = Totals()
    undated = rich_document(1).model_copy(update={"period": None})
    totals.add(undated)
    totals.add(rich_document(0))
    assert totals.years() == ["2011/12", "no period"]


def test_totals_count_items_warnings_statuses_and_parties_per_document() -> None:
    totals = Totals()
    for n in range(3):
        totals.add(rich_document(n))
    doc = rich_document()
    assert (totals.documents, totals.items) == (3, 12)
    assert totals.warnings == Counter({w.code: 3 for w in doc.warnings})
    assert totals.statuses == Counter({"green": 3, "amber": 3, "unrecognised": 3})
    parties = totals.parties_by_doubt()
    # QEG, Jim Reeves, the sub group and "all partner agencies" match nothing; then the fuzzy
    # "Thames Valley Polise", the context-matched chair, and the rest.
    assert [p.match for p in parties] == [
        *["unmatched"] * 4,
        "fuzzy",
        "context",
        "alias",
        "alias",
        "exact",
    ]
    police = next(p for p in parties if p.text == "Thames Valley Police")
    # Once a document (item 1.1's lead), in each of 3 documents.
    assert (police.count, police.documents) == (3, 3)
    assert totals.lead_sectors["2011/12"] == Counter(
        {"police": 6, "local-government": 3, "partnership": 3, "unknown": 6}
    )


def test_time_scale_maps_whole_years_onto_the_width() -> None:
    scale = TimeScale([dt.date(2004, 3, 1), dt.date(2005, 6, 30)], left=60)
    assert (scale.start, scale.end) == (dt.date(2004, 1, 1), dt.date(2006, 1, 1))
    assert scale.x(dt.date(2004, 1, 1)) == 60
    assert scale.x(dt.date(2006, 1, 1)) == WIDTH - 4
    assert [t.label for t in scale.ticks()] == ["2004", "2005", ""]
    start_only = scale.bar(dt.date(2005, 1, 1), None, "t", "start")
    assert start_only.open_end and start_only.x + start_only.width == WIDTH - 4
    deadline = scale.bar(None, dt.date(2004, 12, 31), "t", "deadline")
    assert deadline.open_start and deadline.x == 60
    assert deadline.x + deadline.width == scale.x(dt.date(2005, 1, 1))


def test_item_timeline_has_a_row_per_dated_item() -> None:
    doc = rich_document()
    chart = item_timeline(doc.items, doc.period)
    assert chart is not None
    # 1.1 (Quarter 3), 1.2 (by March 2012), 2.1 (Begin May); the unnumbered row has no dates.
    assert [r.label for r in chart.rows] == ["1.1", "1.2", "2.1"]
    assert [len(r.bars) for r in chart.rows] == [1, 1, 1]
    assert item_timeline(doc.items[3:], None) is None


@given(st.integers(min_value=1, max_value=10**6))
def test_nice_ceiling_is_at_or_above_and_within_a_factor_of_two(value: int) -> None:
    top = _nice_ceiling(value)
    assert value <= top <= max(4, 2 * value)


def test_stacked_bars_heights_are_proportional_and_stack_to_the_total() -> None:
    counts = {"2004": Counter({"police": 3, "health": 1}), "2005": Counter({"unknown": 8})}
    chart = stacked_bars(["2004", "2005"], counts, SECTORS)
    assert chart is not None
    first, second = chart.columns
    assert [s.sector for s in first.segments] == ["police", "health"]
    assert first.total == 4 and second.total == 8
    unit = second.segments[0].height / 8
    assert sum(s.height for s in first.segments) == pytest.approx(4 * unit, abs=0.2)
    assert [s for s, _ in chart.legend] == ["police", "health", "unknown"]
    assert [v for _, v in chart.y_ticks] == [0, 2, 4, 6, 8]
    assert stacked_bars([], {}, SECTORS) is None
