"""Geometry of the report's charts, drawn as inline SVG by the templates (``charts.html.j2``).

Only numbers and labels are computed here; the templates write the elements, so every label
goes through Jinja2's escaping like any other text. Coordinates are in SVG user units inside a
``viewBox``, and the SVG scales to the page width.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import Item, Timing

#: Width of every chart in user units; the page scales it.
WIDTH = 960.0
ROW = 16.0
BAR = 10.0
AXIS = 22.0
#: Sector colours (Okabe–Ito and Tableau hues, told apart by colour-blind readers as far as 13
#: categories allow); the legend, the tooltips and the table under the chart say the same in words.
SECTOR_COLOURS: dict[str, str] = {
    "local-government": "#0072b2",
    "police": "#1f3a93",
    "health": "#009e73",
    "education": "#e69f00",
    "justice": "#cc79a7",
    "fire": "#d55e00",
    "voluntary": "#56b4e9",
    "central-government": "#7f3c8d",
    "inspectorate": "#f0e442",
    "partnership": "#117733",
    "housing": "#a6761d",
    "community": "#e7298a",
    "unknown": "#9e9e9e",
}


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    """One interval on a time axis; an open side runs to the edge of the chart."""

    x: float
    width: float
    open_start: bool
    open_end: bool
    title: str
    kind: str


@dataclass(frozen=True, slots=True)
class Row:
    y: float
    label: str
    title: str
    href: str | None
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class TimeChart:
    height: float
    left: float
    ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]

    @property
    def width(self) -> float:
        return WIDTH


class TimeScale:
    """Dates to x positions between ``left`` and ``WIDTH``, over whole years."""

    def __init__(self, dates: Iterable[dt.date], left: float) -> None:
        known = list(dates)
        self.start = dt.date(min(known).year, 1, 1)
        self.end = dt.date(max(known).year + 1, 1, 1)
        self.left = left
        self._days = (self.end - self.start).days
        self._span = WIDTH - left - 4

    def x(self, day: dt.date) -> float:
        day = min(max(day, self.start), self.end)
        return round(self.left + self._span * (day - self.start).days / self._days, 1)

    def ticks(self) -> tuple[Tick, ...]:
        years = self.end.year - self.start.year
        step = next((s for s in (1, 2, 5, 10, 25, 50) if years / s <= 12), 100)
        # The last line closes the axis; a label there would run off the chart.
        return tuple(
            Tick(self.x(dt.date(year, 1, 1)), "" if year == self.end.year else str(year))
            for year in range(self.start.year, self.end.year + 1)
            if year % step == 0 or year == self.end.year
        )

    def bar(self, earliest: dt.date | None, latest: dt.date | None, title: str, kind: str) -> Bar:
        x0 = self.x(earliest) if earliest is not None else self.left
        # A bound is a whole day: the bar ends where the day after ``latest`` begins.
        x1 = self.x(latest + dt.timedelta(days=1)) if latest is not None else self.x(self.end)
        return Bar(x0, max(x1 - x0, 2.0), earliest is None, latest is None, title, kind)


def dated(timings: Iterable[Timing]) -> list[Timing]:
    """The timings that have at least one bound."""
    return [t for t in timings if t.earliest is not None or t.latest is not None]


def bounds_text(timing: Timing) -> str:
    earliest = timing.earliest.isoformat() if timing.earliest else "…"
    latest = timing.latest.isoformat() if timing.latest else "…"
    return f"{earliest} to {latest}"


def item_label(item: Item, index: int) -> str:
    return item.number if item.number is not None else f"({index + 1})"


def item_timeline(items: Sequence[Item], period: Timing | None) -> TimeChart | None:
    """Each item with a dated timing (or meeting) as a row of bars; None when none has a date."""
    rows = [(i, item, dated([*item.timings, *item.meetings])) for i, item in enumerate(items)]
    rows = [row for row in rows if row[2]]
    if not rows:
        return None
    dates = [d for _, _, ts in rows for t in ts for d in (t.earliest, t.latest) if d is not None]
    if period is not None:
        dates.extend(d for d in (period.earliest, period.latest) if d is not None)
    left = 64.0
    scale = TimeScale(dates, left)
    chart_rows = []
    for position, (index, item, timings) in enumerate(rows):
        label = item_label(item, index)
        bars = tuple(
            scale.bar(
                t.earliest,
                t.latest,
                f"Item {label}: {t.text} ({t.kind}, {t.edtf or 'no EDTF'}, {bounds_text(t)})",
                t.kind,
            )
            for t in timings
        )
        chart_rows.append(Row(AXIS + position * ROW, label, item.title, None, bars))
    return TimeChart(AXIS + len(rows) * ROW + 4, left, scale.ticks(), tuple(chart_rows))


@dataclass(frozen=True, slots=True)
class DocumentSpan:
    """What the overview timeline needs of one document."""

    anchor: str
    label: str
    period: tuple[dt.date | None, dt.date | None]
    earliest: dt.date | None
    latest: dt.date | None


def document_span(
    anchor: str, label: str, items: Iterable[Item], period: Timing | None
) -> DocumentSpan:
    """The earliest and latest bound of a document's items (either may be missing)."""
    lows, highs = [], []
    for item in items:
        for timing in dated([*item.timings, *item.meetings]):
            lows.append(timing.earliest or timing.latest)
            highs.append(timing.latest or timing.earliest)
    bounds = (period.earliest, period.latest) if period is not None else (None, None)
    return DocumentSpan(
        anchor,
        label,
        bounds,
        min((d for d in lows if d is not None), default=None),
        max((d for d in highs if d is not None), default=None),
    )


def overview_timeline(spans: Sequence[DocumentSpan]) -> TimeChart | None:
    """One row per document: its plan period and the span of its items' dates."""
    dates = [d for s in spans for d in (s.earliest, s.latest, *s.period) if d is not None]
    if not dates:
        return None
    left = 240.0
    scale = TimeScale(dates, left)
    rows = []
    for position, span in enumerate(spans):
        bars = []
        if span.period[0] is not None and span.period[1] is not None:
            title = f"Plan period {span.period[0]} to {span.period[1]}"
            bars.append(scale.bar(*span.period, title, "period"))
        if span.earliest is not None and span.latest is not None:
            title = f"Items dated {span.earliest} to {span.latest}"
            bars.append(scale.bar(span.earliest, span.latest, title, "items"))
        label = span.label if len(span.label) <= 40 else span.label[:39] + "…"
        rows.append(Row(AXIS + position * ROW, label, span.label, f"#{span.anchor}", tuple(bars)))
    return TimeChart(AXIS + len(spans) * ROW + 4, left, scale.ticks(), tuple(rows))


@dataclass(frozen=True, slots=True)
class Segment:
    sector: str
    colour: str
    count: int
    y: float
    height: float


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    x: float
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class StackedBars:
    width: float
    height: float
    base: float
    left: float
    bar_width: float
    y_ticks: tuple[tuple[float, int], ...]
    columns: tuple[Column, ...]
    legend: tuple[tuple[str, str], ...]


def stacked_bars(
    years: Sequence[str], counts: dict[str, Counter[str]], sectors: Sequence[str]
) -> StackedBars | None:
    """Lead parties by sector per plan year: a column per year, a segment per sector."""
    totals = {year: sum(counts[year].values()) for year in years}
    if not years or not any(totals.values()):
        return None
    top = _nice_ceiling(max(totals.values()))
    left, base, plot = 48.0, 220.0, 200.0
    slot = min(80.0, (WIDTH - left - 8) / len(years))
    bar_width = max(slot * 0.7, 2.0)
    columns = []
    for index, year in enumerate(years):
        y, segments = base, []
        for sector in sectors:
            count = counts[year].get(sector, 0)
            if count:
                height = plot * count / top
                y -= height
                segments.append(
                    Segment(sector, SECTOR_COLOURS[sector], count, round(y, 1), round(height, 1))
                )
        columns.append(
            Column(
                year,
                round(left + index * slot + (slot - bar_width) / 2, 1),
                totals[year],
                tuple(segments),
            )
        )
    step = top // 4 if top % 4 == 0 else top // 5
    y_ticks = tuple((round(base - plot * v / top, 1), v) for v in range(0, top + 1, step))
    used = [s for s in sectors if any(counts[y].get(s, 0) for y in years)]
    legend = tuple((s, SECTOR_COLOURS[s]) for s in used)
    return StackedBars(
        WIDTH, base + 40, base, left, round(bar_width, 1), y_ticks, tuple(columns), legend
    )


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 4, 5 or 8 times a power of ten at or above ``value``."""
    if value <= 4:
        return 4
    power = 1
    while power * 10 <= value:
        power *= 10
    return next(m * power for m in (1, 2, 4, 5, 8, 10) if m * power >= value)
