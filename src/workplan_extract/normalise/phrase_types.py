"""What the phrase reader says a timing phrase is: dates as written, and how they are joined."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Spec:
    """One date as written; the month or year may be missing (filled from a partner or period).

    ``kind``: day, month, season, fquarter (financial), cquarter (calendar, "Q2 2005"),
    fy (a financial year; ``year`` its first), year, years (``year``..``last``), thefy
    ("the financial year": the document's period; ``season`` holds "fy" or "year").
    """

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    quarter: int | None = None
    last: int | None = None
    weekday: int | None = None
    first: int = 0  # token index where it starts (for messages)
    stop: int = 0  # token index after it
    #: The year was a bare two-digit number after a month ("Oct 12"), read as a year because
    #: it falls in the document's period; it could also be a day (a warning says so).
    short_year: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """What a phrase says. ``kind``: dated, ongoing, done, tbc, none, status, relative,
    recurring, or doubt (read, but ambiguous: ``message`` says why)."""

    kind: str
    specs: tuple[Spec, ...] = ()
    shape: str = "one"  # one | range | set (one of, "&") | all (every one, ",")
    op: str | None = None  # start | after | before | by | week | None
    recurrence: str | None = None
    free: tuple[int, int] | None = None  # token span of words that belong to the subject
    message: str | None = None
    in_quarter: int | None = None  # "Quarter 3, Period 1 Oct 2013 31 Dec 2013"
