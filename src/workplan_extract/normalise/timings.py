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

from workplan_extract.normalise import dates
from workplan_extract.normalise.dates import Atom
from workplan_extract.normalise.grammar import (
    ATOM,
    ATOM_LOWER,
    BULLET,
    BULLET_STARTS,
    MISSING_SEPARATOR,
    ONGOING,
    ONWARDS,
    OP_TAIL,
    RANGE_JOIN,
    RANGE_OP,
    STATUS,
    SUBJECT_TRIM,
    Y4,
    Phrase,
    build,
    infer_year,
    pivot_year,
    read_phrase,
    tidy_line,
)
from workplan_extract.records import Timing, TimingKind
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.warning_codes import WarningCode, warning

# Patterns anchored at the end ("...$") are tried at every position by re.search, so they
# are run on the last few characters only: operators and trailing joiners are short.
_TAIL = 48


def _search_tail(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` for an end-anchored pattern, looking at the tail only.

    Positions in the match are positions in ``text`` (``re`` keeps them absolute), and
    lookbehinds still see the character before the tail.
    """
    return pattern.search(text, max(0, len(text) - _TAIL))


#: OP_TAIL can only match text that, less trailing whitespace, ":", "-" and "–", ends in one of
#: these (the last word of an operator, or a trailing "of", "in", "on", "the").
_OP_ENDINGS = (
    *("of", "in", "on", "the", "begin", "beginning", "begins", "start", "starting", "starts"),
    *("commence", "commences", "commencing", "from", "w/c", "after", "following", "before"),
    *("to", "by", "end", "until", "till", "due", "deadline", "than", "during", "at", "for"),
    *("around", "about", "circa", "c.", "approx", "approx.", "w/b"),
)
#: Longer than any of ``_OP_ENDINGS``.
_OP_ENDING_SPAN = 12


def _op_tail(text: str) -> re.Match[str] | None:
    """``OP_TAIL`` searched in ``text``; most text ends in no operator, said without the regex."""
    end = text.rstrip()
    while end[-1:] in (":", "-", "–"):
        end = end[:-1].rstrip()
    tail = end[-_OP_ENDING_SPAN:]
    # ASCII only, where lower() is exact and IGNORECASE has no extra matches ("ſ" for "s").
    if tail.isascii() and not tail.lower().endswith(_OP_ENDINGS):
        return None
    return _search_tail(OP_TAIL, text)


#: SUBJECT_TRIM can only match at the end of text ending in one of these words or a separator.
_TRIM_ENDINGS = ("in", "on", "at", "of", "for", "during", "is", "are", "be", "and")


def _trim_tail(text: str) -> str:
    """Remove trailing joiners ("in", "on", "-", ",") before a date phrase."""
    # Most subjects end in a word that is no joiner ("... final report"): say so without the
    # regex, which tries every position of the tail. ASCII only, where lower() is exact and
    # IGNORECASE has no extra matches (it lets "ſ" match "s", for instance).
    # Trailing whitespace is trimmed too, and it is all most subjects have to lose: the text
    # before a date phrase ends in the space before it. (``rstrip()`` strips what ``\s`` matches.)
    stripped = text.rstrip()
    tail = stripped[-8:]
    if tail[-1:].isalnum() and tail.isascii() and not tail.lower().endswith(_TRIM_ENDINGS):
        return stripped
    while True:
        cut = max(0, len(text) - _TAIL)
        trimmed = text[:cut] + SUBJECT_TRIM.sub("", text[cut:])
        if cut == 0 or len(trimmed) > cut:
            return trimmed
        text = trimmed


def _subject(before: str, after: str) -> str | None:
    text = tidy_line(f"{_trim_tail(before)} {after.strip(' .;,:-–—()')}")
    return text or None


def _unknown(
    text: str, subject: str | None, code: WarningCode, message: str
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
    # Timing lines repeat ("Ongoing", "Before autumn 2007"): each is read once per period.
    key = (text, None if period is None else period.edtf)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached[0], list(cached[1])
    timing, notes = _parse_timing(text, period)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (timing, tuple(notes))
    return timing, notes


_CACHE: dict[tuple[str, str | None], tuple[Timing, tuple[WarningRecord, ...]]] = {}
_CACHE_SIZE = 65_536


def _parse_timing(text: str, period: Timing | None) -> tuple[Timing, list[WarningRecord]]:
    line = tidy_line(text)
    if line[:1] in BULLET_STARTS:
        line = BULLET.sub("", line)
    pivot = pivot_year(period)
    matches = ATOM_LOWER.finditer(line.lower()) if line.isascii() else ATOM.finditer(line)
    phrases = [p for m in matches if (p := read_phrase(m, pivot, line)) is not None]
    is_range = len(phrases) == 2 and RANGE_JOIN.fullmatch(line[phrases[0].end : phrases[1].start])
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
    op = _op_tail(before)
    kind_of_op = op.lastgroup if op else None
    if op is not None:
        before = before[: op.start()]
    if kind_of_op in (None, "neutral") and ONWARDS.match(after):
        kind_of_op, after = "start", ONWARDS.sub("", after)
    year, inferred = _year(first, period)
    if year is None:
        return _unknown(
            text,
            _subject(before, after),
            "timing.no_year",
            f"{first_text(line, first)!r} has no year and the document no period",
        )
    try:
        atom = build(first, year)
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


def first_text(line: str, phrase: Phrase) -> str:
    """The words of a phrase as written in the line."""
    return line[phrase.start : phrase.end]


def _bare_ok(line: str, phrase: Phrase) -> bool:
    """A yearless month alone ("may") counts only at the start, the end or after an operator."""
    if phrase.start == 0 or not line[phrase.end :].strip(" .;,)"):
        return True
    return _op_tail(line[: phrase.start]) is not None


def _year(phrase: Phrase, period: Timing | None) -> tuple[int | None, bool]:
    if phrase.year is not None:
        return phrase.year, False
    return infer_year(phrase, period), True


def _inferred_warning(line: str, phrase: Phrase, year: int) -> WarningRecord:
    return warning(
        "timing.year_inferred",
        f"{first_text(line, phrase)!r} has no year; {year} taken from the document's period",
    )


def _range(
    text: str,
    line: str,
    first: Phrase,
    last: Phrase,
    period: Timing | None,
    notes: list[WarningRecord],
) -> tuple[Timing, list[WarningRecord]]:
    """Two atoms joined by "-" or "to": a period from the start of one to the end of the other."""
    before = line[: first.start]
    op = _search_tail(RANGE_OP, before)
    if op is not None:
        before = before[: op.start()]
    subject = _subject(before, line[last.end :])
    try:
        if first.year is None and last.year is not None:
            end = build(last, last.year)
            begin = build(first, last.year)
            if begin.start > end.end:
                begin = build(first, last.year - 1)
            inferred = False
        elif last.year is None and first.year is not None:
            begin = build(first, first.year)
            end = build(last, first.year)
            if end.end < begin.start:
                end = build(last, first.year + 1)
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
            begin, end = build(first, year_a), build(last, year_b)
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
    text: str, line: str, phrases: list[Phrase], period: Timing | None, notes: list[WarningRecord]
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
            atom = build(phrase, year)
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
    ongoing = ONGOING.match(line)
    if ongoing:
        return Timing(text=text, subject=_subject(ongoing["subject"], ""), kind="ongoing"), []
    status = STATUS.match(line)
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
    found = MISSING_SEPARATOR.search(line)
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
    fixed = Timing.model_validate({**dict(timing), "text": text, "subject": subject})
    return fixed, [warning("timing.repaired", message)]


_PERIOD = re.compile(
    rf"(?<![\w/])(?:(?P<fy1>{Y4})\s*[/-]\s*(?P<fy2>\d{{4}}|\d\d?)(?!\d)|(?P<year>{Y4}))",
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
        atom_match = ATOM.fullmatch(found.group())
        phrase = read_phrase(atom_match, None) if atom_match is not None else None
        if phrase is None or phrase.year is None:
            continue
        atom = build(phrase, phrase.year)
        timing = Timing(
            text=found.group(), kind="period", edtf=atom.edtf, earliest=atom.start, latest=atom.end
        )
        return timing, found.span()
    return None, None
