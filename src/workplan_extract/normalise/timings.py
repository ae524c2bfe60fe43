"""A grammar for the timings UK workplans write, read into EDTF with earliest/latest bounds.

General-purpose date parsers read "19.4.07" month-first and "2004/05" as two calendar years,
so the grammar is our own: a compiled regex finds date phrases ("atoms", see ``dates.py``),
the words before an atom say what sort of timing it is ("before", "by", "Begin", "due"), two
atoms joined by a dash or "to" are a range, and text before the date phrase is the subject.
Years a line does not state are taken from the document's period and flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from workplan_extract.normalise import dates
from workplan_extract.normalise.codes import warning
from workplan_extract.normalise.dates import Atom, Maker
from workplan_extract.records import Timing, TimingKind
from workplan_extract.records import Warning as WarningRecord

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
_Y4 = r"(?:1[89]|20)\d\d(?!\d)"
_YEAR = rf"(?:{_Y4}|['’‘]?\d\d(?![\d.:]))"
_ORD = r"(?:st|nd|rd|th)?"

ATOM = re.compile(
    rf"""
    (?<![\w/.£])
    (?:(?P<part>early|mid|late)[\s-]+)?
    (?:
      (?P<nd>\d{{1,2}})(?P<sep>[./-])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}}|\d\d)(?![\d.]\d)
    | (?:(?:fy|financial\s+year|fin\.?\s+year)\s*)?
      (?P<fy1>{_Y4})\s*[/-]\s*(?P<fy2>\d{{4}}|\d\d?)(?!\d)
    | (?:q(?P<q>[1-4])|(?:qtr\.?|quarter)\s*(?P<q2>[1-4])
        |(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)
      (?:\s*(?:of\s+)?(?:fy\s*)?(?P<qy1>{_Y4})(?:\s*[/-]\s*(?P<qy2>\d{{4}}|\d\d?)(?!\d))?)?
    | (?P<dd>\d{{1,2}}){_ORD}\s*(?:of\s+)?(?P<dmon>{_MON})(?:,?\s*(?P<dy>{_YEAR}))?
    | (?P<mdmon>{_MON})\s+(?P<mdd>\d{{1,2}}){_ORD},?\s+(?P<mdy>{_Y4})
    | (?P<mm>\d{{1,2}})/(?P<my>{_Y4})
    | (?P<mon>{_MON})(?:\s*,?\s*(?P<my2>{_YEAR}))?
    | (?P<season>spring|summer|autumn|fall|winter)
      (?:\s*(?P<sy>{_YEAR})(?:\s*[/-]\s*\d\d(?:\d\d)?(?!\d))?)?
    | (?P<year>{_Y4})
    )
    (?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)

_OPS = {
    "start": r"begin(?:ning|s)?|start(?:ing|s)?|commenc(?:e|es|ing)|from|w/c|launch(?:ed)? in",
    "after": r"after|following",
    "before": r"before|prior\s+to",
    "by": r"by(?:\s+the)?(?:\s+end(?:\s+of)?)?|(?:the\s+)?end(?:\s+of)?|until|till|up\s+to"
    r"|due(?:\s+(?:by|on|in))?|deadline:?|(?:no|not)\s+later\s+than",
    "range": r"between|from",
    "neutral": r"in|on|during|at|for|around|about|circa|c\.|approx\.?|w/b",
}
_OP_TAIL = re.compile(
    r"(?:^|(?<=[\s(\-–—:,]))(?:(?P<start>{start})|(?P<after>{after})|(?P<before>{before})"
    r"|(?P<by>{by})|(?P<neutral>{neutral}))(?:\s+(?:of|in|on|the))*[\s:\-–]*$".format(**_OPS),
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"\s*(?:-+|–|—|to|until|till|through|thru|and)\s*", re.IGNORECASE)
_RANGE_OP = re.compile(rf"(?:^|(?<=\s))(?:{_OPS['range']})\s*$", re.IGNORECASE)
_ONWARDS = re.compile(r"^\s*(?:onwards?|and\s+beyond|on)\b", re.IGNORECASE)
_ONGOING = re.compile(
    r"^(?P<subject>.*?)[\s:\-–,]*\b(?:on-?\s?going|continuous(?:ly)?|continuing|throughout"
    r"(?:\s+the\s+year)?|rolling(?:\s+programme)?)[\s.!]*$",
    re.IGNORECASE,
)
_STATUS = re.compile(
    r"^(?P<subject>.*?)[\s:\-–,]*(?:\b(?:tbc|tba|tbd|to\s+be\s+(?:confirmed|agreed|arranged|decided"
    r"|determined)|complete[d]?|done|achieved|n/a|none|various|as\s+(?:required|needed|"
    r"appropriate)|as\s+and\s+when(?:\s+required)?|when\s+(?:required|needed)|annual(?:ly)?"
    r"|quarterly|monthly|termly|weekly|bi-?monthly|each\s+(?:year|quarter|month|term))|[-–—?]+)"
    r"[\s.!]*$",
    re.IGNORECASE,
)
_MISSING_SEPARATOR = re.compile(r"(?<![\d.])(\d{3,4})([./])(\d\d|\d{4})(?![\d.])")
_BULLET_STARTS = frozenset("•·▪◦*-abcdefghijklmnopqrstuvwxyz")
_BULLET = re.compile(r"^\s*(?:[•·▪◦*-]|[a-z]\))\s+")
_SUBJECT_TRIM = re.compile(
    r"(?:[\s,:;(\-–—]|\b(?:in|on|at|of|for|during|is|are|will\s+be|to\s+be|and)\b)+$",
    re.IGNORECASE,
)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
_QUARTER_WORDS.update({"3rd": 3, "4th": 4})


@dataclass
class _Phrase:
    """One atom found in a line: where it is, how to build it and whether it has a year."""

    start: int
    end: int
    make: Maker
    year: int | None  # the stated year (first year of a financial year), or None
    part: str | None
    warning: WarningRecord | None = None


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _pivot(period: Timing | None) -> int | None:
    return period.earliest.year if period is not None and period.earliest is not None else None


def _phrase(found: re.Match[str], pivot: int | None) -> _Phrase | None:
    """Turn a regex match into a phrase, or None if it cannot be a date."""
    g = found.groupdict()
    start, end = found.span()
    part = g["part"].lower() if g["part"] else None

    def month(name: str) -> int:
        return dates.MONTHS[name[:3].lower()]

    def year_of(written: str | None) -> int | None:
        return None if written is None else dates.full_year(written, pivot)

    if g["nd"]:
        day, mon, year = int(g["nd"]), int(g["nm"]), dates.full_year(g["ny"], pivot)
        return _Phrase(start, end, lambda y: dates.day_atom(y, mon, day), year, part)
    if g["fy1"]:
        first = int(g["fy1"])
        second = g["fy2"]
        if dates.financial_second_year(first, second):
            return _Phrase(start, end, dates.financial_year_atom, first, part)
        if len(second) == 4 and int(second) > first:
            last = int(second)
            span = last - first + 1
            return _Phrase(
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
    if g["q"] or g["q2"] or g["qord"]:
        quarter = int(g["q"] or g["q2"] or _QUARTER_WORDS[g["qord"].lower()])
        make: Maker = lambda y: dates.quarter_atom(y, quarter)  # noqa: E731
        if g["qy1"] is None:
            return _Phrase(start, end, make, None, part)
        first = int(g["qy1"])
        if g["qy2"] is not None:
            if not dates.financial_second_year(first, g["qy2"]):
                return None
            return _Phrase(start, end, make, first, part)
        note = warning(
            "timing.ambiguous_quarter",
            f"{found.group()!r} read as quarter {quarter} of financial year {first}/"
            f"{(first + 1) % 100:02d}",
        )
        return _Phrase(start, end, make, first, part, note)
    if g["dd"]:
        day, mon = int(g["dd"]), month(g["dmon"])
        return _Phrase(start, end, lambda y: dates.day_atom(y, mon, day), year_of(g["dy"]), part)
    if g["mdmon"]:
        day, mon = int(g["mdd"]), month(g["mdmon"])
        return _Phrase(start, end, lambda y: dates.day_atom(y, mon, day), int(g["mdy"]), part)
    if g["mm"]:
        mon = int(g["mm"])
        if not 1 <= mon <= 12:
            return None
        return _Phrase(start, end, lambda y: dates.months_atom(y, mon, 1), int(g["my"]), part)
    if g["mon"]:
        mon = month(g["mon"])
        return _Phrase(start, end, lambda y: dates.months_atom(y, mon, 1), year_of(g["my2"]), part)
    if g["season"]:
        season = g["season"].lower()
        return _Phrase(start, end, lambda y: dates.season_atom(y, season), year_of(g["sy"]), part)
    year = int(g["year"])
    return _Phrase(start, end, dates.year_atom, year, part)


def _build(phrase: _Phrase, year: int) -> Atom:
    atom = phrase.make(year)
    return dates.part_of(atom, phrase.part) if phrase.part else atom


def _infer_year(phrase: _Phrase, period: Timing | None) -> int | None:
    """The year whose reading of ``phrase`` overlaps the document's period most."""
    if period is None or period.earliest is None or period.latest is None:
        return None
    best: tuple[int, int] | None = None
    for year in range(period.earliest.year - 1, period.latest.year + 1):
        try:
            days = dates.overlap_days(_build(phrase, year), period.earliest, period.latest)
        except ValueError:  # 29 February in a year that has none
            continue
        if best is None or days > best[0]:
            best = (days, year)
    return None if best is None or best[0] == 0 else best[1]


# Patterns anchored at the end ("...$") are tried at every position by re.search, so they
# are run on the last few characters only: operators and trailing joiners are short.
_TAIL = 48


def _search_tail(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` for an end-anchored pattern, looking at the tail only.

    Positions in the match are positions in ``text`` (``re`` keeps them absolute), and
    lookbehinds still see the character before the tail.
    """
    return pattern.search(text, max(0, len(text) - _TAIL))


def _trim_tail(text: str) -> str:
    """Remove trailing joiners ("in", "on", "-", ",") before a date phrase."""
    while True:
        cut = max(0, len(text) - _TAIL)
        trimmed = text[:cut] + _SUBJECT_TRIM.sub("", text[cut:])
        if cut == 0 or len(trimmed) > cut:
            return trimmed
        text = trimmed


def _subject(before: str, after: str) -> str | None:
    text = _tidy(f"{_trim_tail(before)} {after.strip(' .;,:-–—()')}")
    return text or None


def _unknown(
    text: str, subject: str | None, code: str, message: str
) -> tuple[Timing, list[WarningRecord]]:
    return Timing(text=text, subject=subject, kind="unknown"), [warning(code, message)]


def parse_timing(text: str, period: Timing | None = None) -> tuple[Timing, list[WarningRecord]]:
    """Read one line of a timing cell into a ``Timing``.

    Args:
        text: the line as written (a leading "• " or "a) " label is ignored).
        period: the document's period; supplies years a line leaves out and the pivot for
            two-digit years.

    Returns:
        The ``Timing`` and its warnings (``timing.unparsed``, ``timing.year_inferred``, ...).

    >>> parse_timing("Support activities delivered before Dec 2007")[0].edtf
    '../2007-11'
    """
    line = _tidy(text)
    if line[:1] in _BULLET_STARTS:
        line = _BULLET.sub("", line)
    pivot = _pivot(period)
    phrases = [p for m in ATOM.finditer(line) if (p := _phrase(m, pivot)) is not None]
    is_range = len(phrases) == 2 and _RANGE_JOIN.fullmatch(line[phrases[0].end : phrases[1].start])
    if not is_range:
        phrases = [p for p in phrases if p.year is not None or _bare_ok(line, p)]
    if not phrases:
        return _no_date(text, line, period)
    first, last = phrases[0], phrases[-1]
    notes: list[WarningRecord] = [p.warning for p in phrases if p.warning is not None]
    if is_range:
        return _range(text, line, first, last, period, notes)
    if len(phrases) > 1:
        return _several(text, line, phrases, period, notes)
    before, after = line[: first.start], line[first.end :]
    op = _search_tail(_OP_TAIL, before)
    kind_of_op = op.lastgroup if op else None
    if op is not None:
        before = before[: op.start()]
    if kind_of_op in (None, "neutral") and _ONWARDS.match(after):
        kind_of_op, after = "start", _ONWARDS.sub("", after)
    year, inferred = _year(first, period)
    if year is None:
        return _unknown(
            text,
            _subject(before, after),
            "timing.no_year",
            f"{first_text(line, first)!r} has no year and the document no period",
        )
    try:
        atom = _build(first, year)
    except ValueError:
        return _unknown(
            text,
            _subject(before, after),
            "timing.unparsed",
            f"{first_text(line, first)!r} is not a real date",
        )
    kind: TimingKind = "date" if atom.simple else "period"
    edtf = atom.edtf
    earliest: dt.date | None = atom.start
    latest: dt.date | None = atom.end
    if kind_of_op == "start":
        kind, edtf, latest = "start", f"{dates.fmt(atom.start, atom.unit)}/..", None
    elif kind_of_op == "after":
        earliest = atom.end + dt.timedelta(days=1)
        kind, edtf, latest = "start", f"{dates.fmt(earliest, atom.unit)}/..", None
    elif kind_of_op == "by":
        kind, edtf, earliest = "deadline", f"../{dates.fmt(atom.end, atom.unit)}", None
    elif kind_of_op == "before":
        latest = atom.start - dt.timedelta(days=1)
        kind, edtf, earliest = "deadline", f"../{dates.fmt(latest, atom.unit)}", None
    if inferred:
        notes.append(_inferred_warning(line, first, year))
    timing = Timing(
        text=text,
        subject=_subject(before, after),
        kind=kind,
        edtf=edtf,
        earliest=earliest,
        latest=latest,
        year_inferred=inferred,
    )
    return timing, notes


def first_text(line: str, phrase: _Phrase) -> str:
    """The words of a phrase as written in the line."""
    return line[phrase.start : phrase.end]


def _bare_ok(line: str, phrase: _Phrase) -> bool:
    """A yearless month alone ("may") counts only at the start, the end or after an operator."""
    if phrase.start == 0 or not line[phrase.end :].strip(" .;,)"):
        return True
    return _search_tail(_OP_TAIL, line[: phrase.start]) is not None


def _year(phrase: _Phrase, period: Timing | None) -> tuple[int | None, bool]:
    if phrase.year is not None:
        return phrase.year, False
    return _infer_year(phrase, period), True


def _inferred_warning(line: str, phrase: _Phrase, year: int) -> WarningRecord:
    return warning(
        "timing.year_inferred",
        f"{first_text(line, phrase)!r} has no year; {year} taken from the document's period",
    )


def _range(
    text: str,
    line: str,
    first: _Phrase,
    last: _Phrase,
    period: Timing | None,
    notes: list[WarningRecord],
) -> tuple[Timing, list[WarningRecord]]:
    """Two atoms joined by "-" or "to": a period from the start of one to the end of the other."""
    before = line[: first.start]
    op = _search_tail(_RANGE_OP, before)
    if op is not None:
        before = before[: op.start()]
    subject = _subject(before, line[last.end :])
    try:
        if first.year is None and last.year is not None:
            end = _build(last, last.year)
            begin = _build(first, last.year)
            if begin.start > end.end:
                begin = _build(first, last.year - 1)
            inferred = False
        elif last.year is None and first.year is not None:
            begin = _build(first, first.year)
            end = _build(last, first.year)
            if end.end < begin.start:
                end = _build(last, first.year + 1)
            inferred = False
        else:
            year_a, inferred_a = _year(first, period)
            year_b, inferred_b = _year(last, period)
            if year_a is None or year_b is None:
                return _unknown(
                    text,
                    subject,
                    "timing.no_year",
                    f"{line!r} has no year and the document no period",
                )
            begin, end = _build(first, year_a), _build(last, year_b)
            inferred = inferred_a or inferred_b
            if inferred:
                notes.append(_inferred_warning(line, first, year_a))
    except ValueError:
        return _unknown(text, subject, "timing.unparsed", f"{line!r} is not a real date range")
    if begin.start > end.end:
        return _unknown(text, subject, "timing.unparsed", f"{line!r} ends before it begins")
    edtf = f"{dates.fmt(begin.start, begin.unit)}/{dates.fmt(end.end, end.unit)}"
    timing = Timing(
        text=text,
        subject=subject,
        kind="period",
        edtf=edtf,
        earliest=begin.start,
        latest=end.end,
        year_inferred=inferred,
    )
    return timing, notes


def _several(
    text: str, line: str, phrases: list[_Phrase], period: Timing | None, notes: list[WarningRecord]
) -> tuple[Timing, list[WarningRecord]]:
    """Several dates on one line ("7.1.04, 21.4.04"): an EDTF set of all of them."""
    atoms: list[Atom] = []
    inferred = False
    for phrase in phrases:
        year, guessed = _year(phrase, period)
        if year is None:
            return _unknown(
                text,
                None,
                "timing.no_year",
                f"{first_text(line, phrase)!r} has no year and the document no period",
            )
        try:
            atom = _build(phrase, year)
        except ValueError:
            return _unknown(
                text, None, "timing.unparsed", f"{line!r} holds a date that is not real"
            )
        if not atom.simple:
            return _unknown(
                text,
                None,
                "timing.unparsed",
                f"{line!r} holds several periods that cannot be combined",
            )
        if guessed:
            inferred = True
            notes.append(_inferred_warning(line, phrase, year))
        atoms.append(atom)
    subject = _subject(line[: phrases[0].start], "")
    timing = Timing(
        text=text,
        subject=subject,
        kind="date",
        edtf="{" + ",".join(atom.edtf for atom in atoms) + "}",
        earliest=min(atom.start for atom in atoms),
        latest=max(atom.end for atom in atoms),
        year_inferred=inferred,
    )
    return timing, notes


def _no_date(text: str, line: str, period: Timing | None) -> tuple[Timing, list[WarningRecord]]:
    ongoing = _ONGOING.match(line)
    if ongoing:
        return Timing(text=text, subject=_subject(ongoing["subject"], ""), kind="ongoing"), []
    status = _STATUS.match(line)
    if status:
        return Timing(text=text, subject=_subject(status["subject"], ""), kind="unknown"), []
    repaired = _repair(text, line, period)
    if repaired is not None:
        return repaired
    return _unknown(text, None, "timing.unparsed", f"{line!r} could not be read as a date")


def _repair(
    text: str, line: str, period: Timing | None
) -> tuple[Timing, list[WarningRecord]] | None:
    """Read "610.04" as 6.10.04 when exactly one split of the digits is a real date."""
    found = _MISSING_SEPARATOR.search(line)
    if found is None:
        return None
    digits, sep, year_text = found.groups()
    readings = []
    for cut in range(1, len(digits)):
        candidate = f"{digits[:cut]}{sep}{digits[cut:]}{sep}{year_text}"
        timing, notes = parse_timing(candidate, period)
        if timing.kind == "date" and not notes:
            readings.append((candidate, timing))
    if len(readings) != 1:
        return None
    candidate, timing = readings[0]
    # With a period known the repaired date must fall inside it, so more than the digits
    # alone confirm the repair.
    if (
        period is not None
        and period.earliest is not None
        and period.latest is not None
        and timing.earliest is not None
        and not period.earliest <= timing.earliest <= period.latest
    ):
        return None
    subject = _subject(line[: found.start()], line[found.end() :])
    message = f"{found.group()!r} read as {candidate!r}: a separator was missing"
    fixed = timing.model_copy(update={"text": text, "subject": subject})
    return fixed, [warning("timing.repaired", message)]


_PERIOD = re.compile(
    rf"(?<![\w/])(?:(?P<fy1>{_Y4})\s*[/-]\s*(?P<fy2>\d{{4}}|\d\d?)(?!\d)|(?P<year>{_Y4}))",
)


def parse_period(title: str | None) -> tuple[Timing | None, tuple[int, int] | None]:
    """Read the period a workplan covers from its title.

    Returns:
        The period (a UK financial year for "2007/08", a calendar year for "2004") and the
        character range of the title it was read from, or (None, None).

    >>> parse_period("London Child Protection Committee Workplan 2004")[0].edtf
    '2004'
    """
    if not title:
        return None, None
    for found in _PERIOD.finditer(title):
        phrase = _phrase(ATOM.fullmatch(found.group()) or _never(), None)
        if phrase is None or phrase.year is None:
            continue
        atom = _build(phrase, phrase.year)
        timing = Timing(
            text=found.group(), kind="period", edtf=atom.edtf, earliest=atom.start, latest=atom.end
        )
        return timing, found.span()
    return None, None


def _never() -> re.Match[str]:  # pragma: no cover - _PERIOD matches are always atoms
    raise AssertionError("period phrase is not an atom")
