"""The timing grammar's vocabulary: date phrases ("atoms") and the words around them.

``ATOM`` finds a date phrase anywhere in a line; ``read_phrase`` turns a match into a
``Phrase`` that can build its ``Atom`` for any year, so a phrase without a year can take one
from a range partner or from the document's period. The patterns are compiled once, at import.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from workplan_extract.normalise import dates
from workplan_extract.normalise.dates import Atom, Maker
from workplan_extract.records import Timing
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.warning_codes import warning

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
Y4 = r"(?:1[89]|20)\d\d(?!\d)"
_YEAR = rf"(?:{Y4}|['’‘]?\d\d(?![\d.:]))"
_ORD = r"(?:st|nd|rd|th)?"

ATOM = re.compile(
    rf"""
    (?<![\w/.£])
    (?:(?P<part>early|mid|late)[\s-]+)?
    (?:
      (?P<nd>\d{{1,2}})(?P<sep>[./-])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}}|\d\d)(?![\d.]\d)
    | (?:(?:fy|financial\s+year|fin\.?\s+year)\s*)?
      (?P<fy1>{Y4})\s*[/-]\s*(?P<fy2>\d{{4}}|\d\d?)(?!\d)
    | (?:q(?P<q>[1-4])|(?:qtr\.?|quarter)\s*(?P<q2>[1-4])
        |(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)
      (?:\s*(?:of\s+)?(?:fy\s*)?(?P<qy1>{Y4})(?:\s*[/-]\s*(?P<qy2>\d{{4}}|\d\d?)(?!\d))?)?
    | (?P<dd>\d{{1,2}}){_ORD}\s*(?:of\s+)?(?P<dmon>{_MON})(?:,?\s*(?P<dy>{_YEAR}))?
    | (?P<mdmon>{_MON})\s+(?P<mdd>\d{{1,2}}){_ORD},?\s+(?P<mdy>{Y4})
    | (?P<mm>\d{{1,2}})/(?P<my>{Y4})
    | (?P<mon>{_MON})(?:\s*,?\s*(?P<my2>{_YEAR}))?
    | (?P<season>spring|summer|autumn|fall|winter)
      (?:\s*(?P<sy>{_YEAR})(?:\s*[/-]\s*\d\d(?:\d\d)?(?!\d))?)?
    | (?P<year>{Y4})
    )
    (?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: ``ATOM`` without IGNORECASE, for the lowercased copy of an ASCII line: its literals are all
#: lowercase, and case-sensitive literals let sre skip a failing alternative at its first
#: character, where IGNORECASE folds every character it compares (about 40% faster on timings).
#: Lowercasing keeps an ASCII line's length, so positions are the line's own.
ATOM_LOWER = re.compile(ATOM.pattern, re.VERBOSE)

_OPS = {
    "start": r"begin(?:ning|s)?|start(?:ing|s)?|commenc(?:e|es|ing)|from|w/c|launch(?:ed)? in",
    "after": r"after|following",
    "before": r"before|prior\s+to",
    "by": r"by(?:\s+the)?(?:\s+end(?:\s+of)?)?|(?:the\s+)?end(?:\s+of)?|until|till|up\s+to"
    r"|due(?:\s+(?:by|on|in))?|deadline:?|(?:no|not)\s+later\s+than",
    "range": r"between|from",
    "neutral": r"in|on|during|at|for|around|about|circa|c\.|approx\.?|w/b",
}
OP_TAIL = re.compile(
    r"(?:^|(?<=[\s(\-–—:,]))(?:(?P<start>{start})|(?P<after>{after})|(?P<before>{before})"
    r"|(?P<by>{by})|(?P<neutral>{neutral}))(?:\s+(?:of|in|on|the))*[\s:\-–]*$".format(**_OPS),
    re.IGNORECASE,
)
RANGE_JOIN = re.compile(r"\s*(?:-+|–|—|to|until|till|through|thru|and)\s*", re.IGNORECASE)
RANGE_OP = re.compile(rf"(?:^|(?<=\s))(?:{_OPS['range']})\s*$", re.IGNORECASE)
ONWARDS = re.compile(r"^\s*(?:onwards?|and\s+beyond|on)\b", re.IGNORECASE)
ONGOING = re.compile(
    r"^(?P<subject>.*?)[\s:\-–,]*\b(?:on-?\s?going|continuous(?:ly)?|continuing|throughout"
    r"(?:\s+the\s+year)?|rolling(?:\s+programme)?)[\s.!]*$",
    re.IGNORECASE,
)
STATUS = re.compile(
    r"^(?P<subject>.*?)[\s:\-–,]*(?:\b(?:tbc|tba|tbd|to\s+be\s+(?:confirmed|agreed|arranged|decided"
    r"|determined)|complete[d]?|done|achieved|n/a|none|various|as\s+(?:required|needed|"
    r"appropriate)|as\s+and\s+when(?:\s+required)?|when\s+(?:required|needed)|annual(?:ly)?"
    r"|quarterly|monthly|termly|weekly|bi-?monthly|each\s+(?:year|quarter|month|term))|[-–—?]+)"
    r"[\s.!]*$",
    re.IGNORECASE,
)
MISSING_SEPARATOR = re.compile(r"(?<![\d.])(\d{3,4})([./])(\d\d|\d{4})(?![\d.])")
BULLET_STARTS = frozenset("•·▪◦*-abcdefghijklmnopqrstuvwxyz")
BULLET = re.compile(r"^\s*(?:[•·▪◦*-]|[a-z]\))\s+")
SUBJECT_TRIM = re.compile(
    r"(?:[\s,:;(\-–—]|\b(?:in|on|at|of|for|during|is|are|will\s+be|to\s+be|and)\b)+$",
    re.IGNORECASE,
)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
_QUARTER_WORDS.update({"3rd": 3, "4th": 4})


@dataclass
class Phrase:
    """One atom found in a line: where it is, how to build it and whether it has a year."""

    start: int
    end: int
    make: Maker
    year: int | None  # the stated year (first year of a financial year), or None
    part: str | None
    warning: WarningRecord | None = None


def tidy_line(text: str) -> str:
    return " ".join(text.split())


def pivot_year(period: Timing | None) -> int | None:
    return period.earliest.year if period is not None and period.earliest is not None else None


def read_phrase(found: re.Match[str], pivot: int | None, line: str | None = None) -> Phrase | None:
    """Turn a regex match into a phrase, or None if it cannot be a date.

    ``line`` is the text as written when ``found`` is a match of ``ATOM_LOWER`` in a lowercased
    copy; warnings quote it.
    """
    # The last group closed names the branch that matched (every branch ends in a group of its
    # own): reading the few groups that branch needs is cheaper than ``groupdict()`` of all 30.
    branch = _BRANCHES[found.lastgroup or "year"]
    g = found.group
    start, end = found.span()
    part_text = g("part")
    part = part_text.lower() if part_text else None

    if branch == "mon":
        mon = _month(g("mon"))
        my2 = g("my2")
        year = None if my2 is None else dates.full_year(my2, pivot)
        return Phrase(start, end, lambda y: _month_atom(y, mon), year, part)
    if branch == "nd":
        day, mon, year = int(g("nd")), int(g("nm")), dates.full_year(g("ny"), pivot)
        return Phrase(start, end, lambda y: dates.day_atom(y, mon, day), year, part)
    if branch == "fy":
        first = int(g("fy1"))
        second = g("fy2")
        if dates.financial_second_year(first, second):
            return Phrase(start, end, dates.financial_year_atom, first, part)
        if len(second) == 4 and int(second) > first:
            last = int(second)
            span = last - first + 1
            return Phrase(
                start,
                end,
                lambda y: dates.Atom(
                    dt.date(y, 1, 1),
                    dt.date(y + span - 1, 12, 31),
                    "year",
                    f"{y:04d}/{y + span - 1:04d}",
                    simple=False,
                ),
                first,
                part,
            )
        return None
    if branch == "q":
        qord = g("qord")
        quarter = int(g("q") or g("q2") or _QUARTER_WORDS[qord.lower()])
        make: Maker = lambda y: dates.quarter_atom(y, quarter)  # noqa: E731
        qy1 = g("qy1")
        if qy1 is None:
            return Phrase(start, end, make, None, part)
        first = int(qy1)
        qy2 = g("qy2")
        if qy2 is not None:
            if not dates.financial_second_year(first, qy2):
                return None
            return Phrase(start, end, make, first, part)
        written = found.group() if line is None else line[start:end]
        note = warning(
            "timing.ambiguous_quarter",
            f"{written!r} read as quarter {quarter} of financial year {first}/"
            f"{(first + 1) % 100:02d}",
        )
        return Phrase(start, end, make, first, part, note)
    if branch == "dd":
        day, mon = int(g("dd")), _month(g("dmon"))
        dy = g("dy")
        year = None if dy is None else dates.full_year(dy, pivot)
        return Phrase(start, end, lambda y: dates.day_atom(y, mon, day), year, part)
    if branch == "md":
        day, mon = int(g("mdd")), _month(g("mdmon"))
        return Phrase(start, end, lambda y: dates.day_atom(y, mon, day), int(g("mdy")), part)
    if branch == "mm":
        mon = int(g("mm"))
        if not 1 <= mon <= 12:
            return None
        return Phrase(start, end, lambda y: _month_atom(y, mon), int(g("my")), part)
    if branch == "season":
        season = g("season").lower()
        sy = g("sy")
        year = None if sy is None else dates.full_year(sy, pivot)
        return Phrase(start, end, lambda y: dates.season_atom(y, season), year, part)
    year = int(g("year"))
    return Phrase(start, end, dates.year_atom, year, part)


def _month(name: str) -> int:
    return dates.MONTHS[name[:3].lower()]


#: Days in each month of a common year.
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_atom(year: int, month: int) -> Atom:
    """``dates.months_atom(year, month, 1)``, the commonest atom, without its general path."""
    start = dt.date(year, month, 1)  # raises ValueError as months_atom does
    days = _MONTH_DAYS[month] + (month == 2 and calendar.isleap(year))
    return Atom(start, start.replace(day=days), "month", f"{year:04d}-{month:02d}")


#: ``ATOM``'s branches by the last group each can close.
_BRANCHES = {
    "ny": "nd",
    "fy2": "fy",
    **dict.fromkeys(("q", "q2", "qord", "qy1", "qy2"), "q"),
    "dmon": "dd",
    "dy": "dd",
    "mdy": "md",
    "my": "mm",
    "mon": "mon",
    "my2": "mon",
    "season": "season",
    "sy": "season",
    "year": "year",
}


def build(phrase: Phrase, year: int) -> Atom:
    atom = phrase.make(year)
    return dates.part_of(atom, phrase.part) if phrase.part else atom


def infer_year(phrase: Phrase, period: Timing | None) -> int | None:
    """The year whose reading of ``phrase`` overlaps the document's period most."""
    if period is None or period.earliest is None or period.latest is None:
        return None
    best: tuple[int, int] | None = None
    for year in range(period.earliest.year - 1, period.latest.year + 1):
        try:
            days = dates.overlap_days(build(phrase, year), period.earliest, period.latest)
        except ValueError:  # 29 February in a year that has none
            continue
        if best is None or days > best[0]:
            best = (days, year)
    return None if best is None or best[0] == 0 else best[1]
