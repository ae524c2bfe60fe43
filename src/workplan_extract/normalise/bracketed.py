"""A date restated in brackets at the end of a line: "January (Quarter 4)", "Q4 (Jan-Mar 2009)".

The two phrases are one timing only when they agree: after each is read as it would be alone,
one's days hold the other's. The more precise one is the date, with the main phrase's operator
("end of quarter 4 (January to March 2025)" stays a deadline). A phrase that states no year
takes it from the other one when that one states its year ("January (Q4 2007/08)" is January
2008 in any plan), not from the document's period. A quarter whose convention is in doubt
("Q1 2009", or "Q4" in a plan of calendar years) is read both ways: when the other phrase's
days settle which one is meant, the doubt is gone. Phrases that disagree ("June 2008 (Q4)")
give no date: never one outside what the bracket says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from workplan_extract.normalise.build import Built, build_reading
from workplan_extract.normalise.phrases import Reading, Spec
from workplan_extract.records import Timing
from workplan_extract.records import Warning as WarningRecord

_SHAPES = ("one", "range")
_DROPPED = ("timing.year_inferred", "timing.ambiguous_quarter")


@dataclass(frozen=True)
class Side:
    """One of the two phrases: its reading, its words, and the text each date was read from."""

    reading: Reading
    phrase: str
    words: Callable[[Spec], str]


@dataclass(frozen=True)
class _Cand:
    """One way to read a side: the reading (years filled when borrowed) and its days."""

    reading: Reading
    start: dt.date
    end: dt.date
    inferred: bool  # a year of it came from the document's period
    warnings: tuple[WarningRecord, ...]


def agree(main: Side, bracket: Side, period: Timing | None) -> Built | str | None:
    """The timing of ``main (bracket)``: a ``Built`` when the two agree, a message saying why
    they do not, or None when either is not a plain date (the line is left as it was)."""
    for side in (main, bracket):
        if side.reading.kind != "dated" or side.reading.shape not in _SHAPES:
            return None
    if bracket.reading.op not in (None, main.reading.op):
        return None  # "Q4 (by March 2009)": which bound is meant is not clear
    financial = _financial(period)
    main_alone = _alone(main, period)
    bracket_alone = _alone(bracket, period)
    mains = _candidates(main, main_alone, bracket_alone, period, financial)
    brackets = _candidates(bracket, bracket_alone, main_alone, period, financial)
    if not mains or not brackets:
        return None
    results: dict[tuple[str, str | None], tuple[Built, _Cand, _Cand, bool]] = {}
    for m in mains:
        for b in brackets:
            if not _nested(m, b):
                continue
            from_main = (m.end - m.start) <= (b.end - b.start)
            chosen, other = (m, b) if from_main else (b, m)
            side = main if from_main else bracket
            reading = replace(chosen.reading, op=main.reading.op)
            built = build_reading(reading, period, side.phrase, side.words)
            if built.kind == "unknown":
                continue
            results.setdefault((built.kind, built.edtf), (built, chosen, other, from_main))
    if not results:
        return f"{main.phrase!r} and the bracket {bracket.phrase!r} disagree"
    if len(results) > 1:
        readings = " or ".join(sorted(str(edtf) for _, edtf in results))
        return f"{main.phrase!r} with the bracket {bracket.phrase!r} could be {readings}"
    built, chosen, other, _ = next(iter(results.values()))
    return _finished(built, chosen, other)


def _finished(built: Built, chosen: _Cand, other: _Cand) -> Built:
    """The warnings of both phrases, with the year and quarter doubts the agreement settled."""
    notes = [w for w in built.warnings if w.code not in _DROPPED]
    notes += [w for w in other.warnings if w.code not in _DROPPED and w not in notes]
    if chosen.inferred:
        said = [w for w in (*chosen.warnings, *other.warnings) if w.code == "timing.year_inferred"]
        notes[:0] = said[:1]
    built.warnings = notes
    built.year_inferred = chosen.inferred
    return built


def _alone(side: Side, period: Timing | None) -> tuple[_Cand, bool] | None:
    """The side read as it would be alone, and whether it states its year; None if unread."""
    cand = _cand(side, side.reading, period, inferred=None)
    if cand is None:
        return None
    return cand, not cand.inferred


def _cand(
    side: Side, reading: Reading, period: Timing | None, inferred: bool | None
) -> _Cand | None:
    """``reading`` as days, or None when it cannot be; ``inferred`` None: as it was built."""
    built = build_reading(replace(reading, op=None), period, side.phrase, side.words)
    if built.kind == "unknown" or built.earliest is None or built.latest is None:
        return None
    if inferred is not None and built.year_inferred:
        return None  # a year was still left out: the borrowed one did not reach every date
    return _Cand(
        reading,
        built.earliest,
        built.latest,
        built.year_inferred if inferred is None else inferred,
        tuple(built.warnings),
    )


def _candidates(
    side: Side,
    alone: tuple[_Cand, bool] | None,
    other: tuple[_Cand, bool] | None,
    period: Timing | None,
    financial: bool,
) -> list[_Cand]:
    """Every way to read ``side`` beside the other phrase (read alone as ``other``)."""
    specs = side.reading.specs
    if any(spec.kind == "cquarter" for spec in specs):
        # "Q1 2009" alone is a calendar quarter with a warning; it could be a financial one.
        out = [alone[0]] if alone is not None else []
        for shift in (-1, 0):
            variant = _quarters(side.reading, "fquarter", shift)
            cand = _cand(side, variant, None, inferred=False)
            if cand is not None:
                out.append(cand)
        return out
    if alone is not None and (alone[1] or other is None or not other[1]):
        # It states its year, or neither does: read from the period, as it would be alone.
        return [alone[0]]
    if other is None:
        return []
    other_cand = other[0]
    # The year comes from the other phrase: every year it touches, and the one either side.
    out = []
    quarter_kinds = ("fquarter",) if financial else ("fquarter", "cquarter")
    has_quarter = any(spec.kind == "fquarter" and spec.year is None for spec in specs)
    for year in range(other_cand.start.year - 1, other_cand.end.year + 2):
        for kind in quarter_kinds if has_quarter else ("fquarter",):
            reading = _with_year(side.reading, year, kind)
            cand = _cand(side, reading, None, inferred=other_cand.inferred)
            if cand is not None:
                out.append(cand)
    return out


def _with_year(reading: Reading, year: int, quarter_kind: str) -> Reading:
    """``reading`` with its last date given ``year`` (its partners take theirs from it) and
    its quarters read as ``quarter_kind`` (a financial quarter's year is the one its financial
    year starts in)."""
    specs = list(reading.specs)
    if specs[-1].year is None:
        specs[-1] = replace(specs[-1], year=year)
    specs = [replace(s, kind=quarter_kind) if s.kind == "fquarter" else s for s in specs]
    return replace(reading, specs=tuple(specs))


def _quarters(reading: Reading, kind: str, shift: int) -> Reading:
    specs = tuple(
        replace(s, kind=kind, year=s.year + shift)
        if s.kind == "cquarter" and s.year is not None
        else s
        for s in reading.specs
    )
    return replace(reading, specs=specs)


def _nested(a: _Cand, b: _Cand) -> bool:
    return (b.start <= a.start and a.end <= b.end) or (a.start <= b.start and b.end <= a.end)


def _financial(period: Timing | None) -> bool:
    """The document's period runs in financial years (1 April to 31 March)."""
    if period is None or period.earliest is None or period.latest is None:
        return False
    start, end = period.earliest, period.latest
    return (start.month, start.day, end.month, end.day) == (4, 1, 3, 31)
