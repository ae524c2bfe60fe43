"""Calendar arithmetic and the date "atoms" the timing grammar is built from.

An atom is one date phrase resolved to a span of days ("April 2004", "Q2 2008/09", "Winter
2004"). Its ``unit`` is the precision used when it is written at either end of an EDTF
interval, and ``edtf`` is how it is written on its own. UK conventions: financial years run
1 April - 31 March; seasons are meteorological (spring = March - May); winter straddles two
years and is written as a month interval because EDTF has no code for a season of two years.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Unit = Literal["day", "month", "year"]

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: Season -> (EDTF season code or 0 for winter, first month).
SEASONS = {
    "spring": (21, 3),
    "summer": (22, 6),
    "autumn": (23, 9),
    "fall": (23, 9),
    "winter": (0, 12),
}


@dataclass(frozen=True)
class Atom:
    """A date phrase resolved to the days it covers."""

    start: dt.date
    end: dt.date
    unit: Unit
    edtf: str
    simple: bool = True  # a single day, month or year: kind "date" when written alone


#: Builds an atom for a given year (a calendar year, or the first year of a financial year).
Maker = Callable[[int], Atom]


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """Return (year, month) ``months`` after the given month."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def fmt(day: dt.date, unit: Unit) -> str:
    """Write a date at a precision, as EDTF writes it."""
    if unit == "day":
        return day.isoformat()
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def months_atom(year: int, month: int, count: int, edtf: str | None = None) -> Atom:
    """An atom of ``count`` whole months from ``month`` of ``year``."""
    end_year, end_month = add_months(year, month, count - 1)
    start = dt.date(year, month, 1)
    end = month_end(end_year, end_month)
    if count == 1:
        return Atom(start, end, "month", fmt(start, "month"))
    interval = f"{fmt(start, 'month')}/{fmt(end, 'month')}"
    return Atom(start, end, "month", edtf or interval, simple=False)


def day_atom(year: int, month: int, day: int) -> Atom:
    """A single day; raises ``ValueError`` for a day the calendar does not have."""
    date = dt.date(year, month, day)
    return Atom(date, date, "day", date.isoformat())


def year_atom(year: int) -> Atom:
    """A calendar year."""
    return Atom(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", f"{year:04d}")


def season_atom(year: int, season: str) -> Atom:
    """A meteorological season; winter ``year`` is the year its December falls in."""
    code, first = SEASONS[season]
    if code == 0:
        return months_atom(year, first, 3)
    return months_atom(year, first, 3, edtf=f"{year:04d}-{code}")


def financial_year_atom(first_year: int) -> Atom:
    """A UK financial year, 1 April of ``first_year`` to 31 March of the next."""
    return months_atom(first_year, 4, 12)


def quarter_atom(first_year: int, quarter: int) -> Atom:
    """A quarter of the UK financial year starting in April of ``first_year``."""
    year, month = add_months(first_year, 4, 3 * (quarter - 1))
    return months_atom(year, month, 3)


def calendar_quarter_atom(year: int, quarter: int) -> Atom:
    """A quarter of the calendar year ("Q2 2005" = April - June 2005)."""
    return months_atom(year, 3 * quarter - 2, 3)


def years_atom(first: int, last: int) -> Atom:
    """Whole calendar years ``first`` to ``last`` ("2009 - 11")."""
    edtf = f"{first:04d}/{last:04d}"
    return Atom(dt.date(first, 1, 1), dt.date(last, 12, 31), "year", edtf, simple=False)


def week_atom(day: Atom) -> Atom:
    """The week that starts on a day ("w/c 5 May 2008")."""
    end = day.start + dt.timedelta(days=6)
    return Atom(day.start, end, "day", f"{day.start.isoformat()}/{end.isoformat()}", simple=False)


def overlap_days(atom: Atom, start: dt.date, end: dt.date) -> int:
    """Days an atom shares with the period ``start``..``end``."""
    return max(0, (min(atom.end, end) - max(atom.start, start)).days + 1)
