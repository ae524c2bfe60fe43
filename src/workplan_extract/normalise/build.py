"""From a ``Reading`` (what a phrase says) to EDTF and bounds, with the document's period.

Months and years a date leaves out come first from its partner ("22nd & 24th September 2009",
"March - May 2004"), then from the period (flagged ``timing.year_inferred``). A weekday that
does not match its date, a range that ends before it begins, or a quarter whose year the period
cannot tell make the timing ``unknown`` with a warning: never a silent guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from workplan_extract.normalise import dates
from workplan_extract.normalise.dates import Atom
from workplan_extract.normalise.phrases import Reading, Spec
from workplan_extract.records import Timing, TimingKind
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.warning_codes import warning


@dataclass
class Built:
    """The date fields of a ``Timing`` and the warnings found while building them."""

    kind: TimingKind
    edtf: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    recurrence: str | None = None
    year_inferred: bool = False
    warnings: list[WarningRecord] = field(default_factory=list)


class _Doubt(Exception):
    """A reading that cannot become a date; the message says why."""

    def __init__(self, message: str, no_year: bool = False) -> None:
        super().__init__(message)
        self.no_year = no_year


_NO_DATE: dict[str, TimingKind] = {
    "ongoing": "ongoing",
    "done": "done",
    "tbc": "tbc",
    "relative": "relative",
    "none": "unknown",
}


def build_reading(
    reading: Reading, period: Timing | None, phrase: str, words: Callable[[Spec], str]
) -> Built:
    """The date fields for ``reading`` of the words ``phrase``, in a document of ``period``;
    ``words(spec)`` is the text one date was read from (for warnings)."""
    if reading.kind == "status":
        return Built("unknown", warnings=[warning("timing.status", reading.message or phrase)])
    if reading.kind == "doubt":
        return Built("unknown", warnings=[warning("timing.unparsed", reading.message or phrase)])
    if not reading.specs:
        kind = _NO_DATE.get(reading.kind, "recurring")
        return Built(kind, recurrence=reading.recurrence)
    try:
        return _dated(reading, period, phrase, words)
    except _Doubt as doubt:
        if doubt.no_year:
            return Built("unknown", warnings=[warning("timing.no_year", str(doubt))])
        return Built("unknown", warnings=[warning("timing.unparsed", str(doubt))])


def _dated(
    reading: Reading, period: Timing | None, phrase: str, words: Callable[[Spec], str]
) -> Built:
    notes: list[WarningRecord] = []
    specs = _filled(list(reading.specs))
    if reading.kind == "recurring":
        # "31 August (annually)": the first date only when the text gives its year.
        if any(spec.year is None for spec in specs):
            return Built("recurring", recurrence=reading.recurrence)
        first = _atom(specs[0], period, phrase, notes)
        return Built("recurring", edtf=first.edtf, recurrence=reading.recurrence, warnings=notes)
    inferred = [spec.year is None and spec.kind != "thefy" for spec in specs]
    atoms = [_atom(spec, period, phrase, notes) for spec in specs]
    year_inferred = any(inferred) or any(spec.kind == "thefy" for spec in specs)
    # "Nov - Feb 2005", "December 28th and January 3rd 2009": a date that took its year from
    # the date after it falls in the year before when it would otherwise come after it.
    for index in range(len(atoms) - 2, -1, -1):
        borrowed = reading.specs[index].year is None and specs[index].year is not None
        if borrowed and atoms[index].start > atoms[index + 1].start:
            year = specs[index].year
            assert year is not None
            atoms[index] = _atom(replace(specs[index], year=year - 1), period, phrase, notes)
    if reading.shape in ("range", "set", "all") and any(inferred):
        atoms = _ordered(atoms, phrase)
    for spec, atom in zip(specs, atoms, strict=True):
        if spec.weekday is not None and atom.start.weekday() != spec.weekday:
            day = calendar.day_name[spec.weekday]
            raise _Doubt(f"{phrase!r}: {atom.start.isoformat()} is not a {day}")
    for spec, atom, guessed in zip(specs, atoms, inferred, strict=True):
        if guessed or spec.kind == "thefy":
            notes.append(_inferred_warning(words(spec), atom, spec, period))
            break
    if reading.shape == "range":
        built = _range(atoms, phrase, reading)
    elif reading.shape in ("set", "all"):
        built = _set(atoms, phrase, reading.shape)
    else:
        built = _one(atoms[0], reading.op)
    if reading.kind == "done":
        built.kind = "done"
    built.year_inferred = year_inferred
    built.warnings = notes
    return built


def _filled(specs: list[Spec]) -> list[Spec]:
    """Each date takes the month and year it leaves out from the next one ("5 - 12 May")."""
    for index in range(len(specs) - 2, -1, -1):
        spec, after = specs[index], specs[index + 1]
        if spec.kind == "day" and spec.month is None and after.kind == "day":
            spec = replace(spec, month=after.month)
        if (spec.year is None and after.year is not None and spec.kind == after.kind) or (
            spec.year is None
            and after.year is not None
            and {spec.kind, after.kind}
            <= {
                "day",
                "month",
                "season",
            }
        ):
            spec = replace(spec, year=after.year)
        specs[index] = spec
    for index, spec in enumerate(specs):
        before = specs[index - 1] if index else None
        if (
            before is not None
            and before.year is not None
            and spec.year is None
            and {spec.kind, before.kind} <= {"day", "month"}
        ):
            # "Nov 2004 - Feb": the year of the date before, or the next when it comes earlier
            later = (spec.month or 0, spec.day or 0) < (before.month or 0, before.day or 0)
            spec = specs[index] = replace(spec, year=before.year + later)
        if spec.kind == "day" and spec.month is None:
            raise _Doubt(f"day {spec.day} has no month")
    return specs


def _atom(spec: Spec, period: Timing | None, phrase: str, notes: list[WarningRecord]) -> Atom:
    """The days ``spec`` covers; a missing year comes from the period."""
    if spec.kind == "cquarter":
        assert spec.year is not None and spec.quarter is not None
        notes.append(
            warning(
                "timing.ambiguous_quarter",
                f"{phrase!r} read as calendar quarter {spec.quarter} of {spec.year}; a "
                f"financial quarter is written with its financial year (Q{spec.quarter} "
                f"{spec.year}/{(spec.year + 1) % 100:02d})",
            )
        )
        return dates.calendar_quarter_atom(spec.year, spec.quarter)
    if spec.short_year:
        assert spec.year is not None and spec.month is not None
        notes.append(
            warning(
                "timing.short_year",
                f"{phrase!r} read as {calendar.month_name[spec.month]} {spec.year}, a year of the "
                "document's period; the number after the month could also be a day",
            )
        )
    if spec.kind == "thefy":
        return _period_year(spec, period, phrase)
    if spec.kind == "fquarter" and spec.year is None:
        if period is None or period.edtf is None:
            raise _Doubt(f"{phrase!r} has no year and the document no period", no_year=True)
        if not _financial(period):
            raise _Doubt(
                f"{phrase!r}: a quarter without a year in a plan of calendar years could be "
                "a calendar or a financial quarter"
            )
    year = spec.year if spec.year is not None else _infer_year(spec, period, phrase)
    try:
        return _make(spec, year)
    except ValueError:
        raise _Doubt(f"{phrase!r} is not a real date") from None


def _make(spec: Spec, year: int) -> Atom:
    kind = spec.kind
    if kind == "day":
        assert spec.month is not None and spec.day is not None
        return dates.day_atom(year, spec.month, spec.day)
    if kind == "month":
        assert spec.month is not None
        return dates.months_atom(year, spec.month, 1)
    if kind == "season":
        assert spec.season is not None
        return dates.season_atom(year, spec.season)
    if kind == "fquarter":
        assert spec.quarter is not None
        return dates.quarter_atom(year, spec.quarter)
    if kind == "fy":
        return dates.financial_year_atom(year)
    if kind == "years":
        assert spec.last is not None
        return dates.years_atom(year, spec.last)
    return dates.year_atom(year)


def _period_year(spec: Spec, period: Timing | None, phrase: str) -> Atom:
    """ "the financial year": the document's period when that is one financial year."""
    if period is None or period.earliest is None or period.latest is None:
        raise _Doubt(f"{phrase!r} has no year and the document no period", no_year=True)
    start, end = period.earliest, period.latest
    if _financial(period) and end == dt.date(start.year + 1, 3, 31):
        return dates.financial_year_atom(start.year)
    if spec.season == "year" and start == dt.date(start.year, 1, 1) and end.year == start.year:
        return dates.year_atom(start.year)
    raise _Doubt(f"{phrase!r}: the document's period {period.text!r} is not one financial year")


def _financial(period: Timing) -> bool:
    """The period runs in financial years (1 April to 31 March)."""
    start, end = period.earliest, period.latest
    return (
        start is not None
        and end is not None
        and (start.month, start.day, end.month, end.day) == (4, 1, 3, 31)
    )


def _infer_year(spec: Spec, period: Timing | None, phrase: str) -> int:
    """The year whose reading of ``spec`` overlaps the document's period most."""
    if period is None or period.earliest is None or period.latest is None:
        raise _Doubt(f"{phrase!r} has no year and the document no period", no_year=True)
    best: tuple[int, int] | None = None
    for year in range(period.earliest.year - 1, period.latest.year + 1):
        try:
            days = dates.overlap_days(_make(spec, year), period.earliest, period.latest)
        except ValueError:  # 29 February in a year that has none
            continue
        if best is None or days > best[0]:
            best = (days, year)
    if best is None or best[0] == 0:
        raise _Doubt(f"{phrase!r} falls outside the document's period {period.text!r}")
    return best[1]


def _ordered(atoms: list[Atom], phrase: str) -> list[Atom]:
    """Dates whose years were inferred must run in order, else the years are in doubt."""
    for before, after in itertools.pairwise(atoms):
        if before.start > after.end:
            raise _Doubt(f"{phrase!r}: the years its dates fall in cannot be told")
    return atoms


def _inferred_warning(text: str, atom: Atom, spec: Spec, period: Timing | None) -> WarningRecord:
    if spec.kind == "thefy" and period is not None:
        message = f"{text!r} taken as the document's period {period.text!r}"
    else:
        message = f"{text!r} has no year; {atom.start.year} taken from the document's period"
    return warning("timing.year_inferred", message)


def _one(atom: Atom, op: str | None) -> Built:
    kind: TimingKind = "date" if atom.simple else "period"
    if op is None:
        return Built(kind, atom.edtf, atom.start, atom.end)
    if op == "start":
        return Built("start", f"{dates.fmt(atom.start, atom.unit)}/..", atom.start)
    if op == "after":
        earliest = atom.end + dt.timedelta(days=1)
        return Built("start", f"{dates.fmt(earliest, atom.unit)}/..", earliest)
    if op == "by":
        return Built("deadline", f"../{dates.fmt(atom.end, atom.unit)}", None, atom.end)
    if op == "before":
        latest = atom.start - dt.timedelta(days=1)
        return Built("deadline", f"../{dates.fmt(latest, atom.unit)}", None, latest)
    week = dates.week_atom(atom)
    return Built("period", week.edtf, week.start, week.end)


def _range(atoms: list[Atom], phrase: str, reading: Reading) -> Built:
    begin, end = atoms
    if begin.start > end.start or begin.end > end.end:
        # "Nov - Feb 2005": the first month takes the year before its partner's.
        raise _Doubt(f"{phrase!r} ends before it begins")
    edtf = f"{dates.fmt(begin.start, begin.unit)}/{dates.fmt(end.end, end.unit)}"
    if reading.in_quarter is not None:
        fy = begin.start.year if begin.start.month >= 4 else begin.start.year - 1
        quarter = dates.quarter_atom(fy, reading.in_quarter)
        if not (quarter.start <= begin.start and end.end <= quarter.end):
            raise _Doubt(f"{phrase!r}: the period is not in quarter {reading.in_quarter}")
    return Built("period", edtf, begin.start, end.end)


def _set(atoms: list[Atom], phrase: str, shape: str) -> Built:
    if not all(atom.simple for atom in atoms):
        raise _Doubt(f"{phrase!r} holds several periods that cannot be combined")
    open_, close = ("{", "}") if shape == "all" else ("[", "]")
    edtf = open_ + ",".join(atom.edtf for atom in atoms) + close
    return Built("date", edtf, min(a.start for a in atoms), max(a.end for a in atoms))
