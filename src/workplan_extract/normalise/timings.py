"""Timing lines as UK workplans write them, read into EDTF with earliest/latest bounds.

General-purpose date parsers read "19.4.07" month-first and "2004/05" as two calendar years,
so the grammar is our own (``grammar.py`` words, ``phrases.py`` dates, ``readings.py`` whole
phrases). A line is ``[subject] phrase [note]``: the phrase is the leftmost run of tokens that
reaches the end of the line (or a note separator such as ";", "(", " - ") and that the grammar
reads entirely; text before it is the subject. A date is given only when every word of the
phrase was read; otherwise the timing is ``unknown`` with a warning. Years a line does not
state are taken from the document's period and flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workplan_extract.normalise.bracketed import Side, agree
from workplan_extract.normalise.build import Built, build_reading
from workplan_extract.normalise.grammar import (
    LEXICON,
    NUM,
    ORD,
    PUNCT,
    WORD,
    is_year4,
    lower_same_length,
    tokenize,
)
from workplan_extract.normalise.phrases import PhraseReader, Reading, Spec
from workplan_extract.normalise.readings import read
from workplan_extract.records import Timing
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.warning_codes import warning

BULLET = re.compile(r"^\s*(?:[•·▪◦*-]|[a-z]\))\s+")
MISSING_SEPARATOR = re.compile(r"(?<![\d.])(\d{3,4})([./])(\d\d|\d{4})(?![\d.])")
_TRAILING = frozenset(".,;:!)]*")
#: Words that may move or deny a date anywhere before it ("Slipped again from 5 July").
_SPOIL_ANYWHERE = frozenset(
    ("slipped", "slip", "slipping", "deferred", "postponed", "rescheduled", "cancelled",
     "canceled", "superseded")
)  # fmt: skip
#: Grammar words that change a date: one left before a phrase is a word the phrase did not read
#: ("before late 2012": "before" cannot be read with "late", so the date is not given).
_UNREAD_BEFORE = frozenset(("op", "endof", "qual", "join", "and", "between", "every", "suffix"))
#: Words and marks left between a subject and its phrase ("Report is due ...", "Meeting - ...").
_JOINERS = frozenset(
    ("in", "on", "at", "of", "for", "during", "is", "are", "-", "–", "—", ",", ":", ";", "(")
)
_JOINER_PAIRS = frozenset((("will", "be"), ("to", "be")))


def tidy_line(text: str) -> str:
    return " ".join(text.split())


def pivot_year(period: Timing | None) -> int | None:
    return period.earliest.year if period is not None and period.earliest is not None else None


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
    # The period's text is in the key as well as its dates: warnings quote it ("2012/13" and
    # "12-13" are the same year, written differently).
    key = (text, None if period is None else (period.edtf, period.text))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached[0], list(cached[1])
    timing, notes = _parse_timing(text, period)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (timing, tuple(notes))
    return timing, notes


_CACHE: dict[
    tuple[str, tuple[str | None, str] | None], tuple[Timing, tuple[WarningRecord, ...]]
] = {}
_CACHE_SIZE = 65_536


def clear_cache() -> None:
    """Forget every line read (for benchmarks that measure the work, not the cache)."""
    _CACHE.clear()


def _parse_timing(
    text: str, period: Timing | None, repair: bool = True
) -> tuple[Timing, list[WarningRecord]]:
    line = tidy_line(text)
    if line[:1] in "•·▪◦*-abcdefghijklmnopqrstuvwxyz":
        line = BULLET.sub("", line)
    if line.rstrip(" .;,").endswith(")"):
        restated = _bracketed(text, line, period)
        if restated is not None:
            return restated
    found = find_phrase(line, pivot_year(period))
    if isinstance(found, str):
        repaired = _repair(text, line, period) if repair else None
        if repaired is not None:
            return repaired
        return _unknown(text, None, found)
    start, reading, subject, words = found
    built = build_reading(reading, period, line[start:], words)
    return timing_from(text, subject, built)


Found = tuple[int, Reading, str | None, Callable[[Spec], str]]


def find_phrase(line: str, pivot: int | None) -> Found | str:
    """The phrase of a tidied line, or why there is none.

    Returns:
        (where the phrase starts, its reading, the subject, the words each date was read
        from), or a message saying why the line gives no date.
    """
    tokens = tokenize(lower_same_length(line))
    end = len(tokens)
    while end and tokens[end - 1].text in _TRAILING:
        end -= 1
    if end == 0:
        return f"{line!r} could not be read as a timing"
    if any(tok.text == "?" for tok in tokens[end:]) or tokens[end - 1].text == "?":
        return f"{line!r} is a question, not a date"
    r = PhraseReader(tokens, line, pivot)
    hit = _leftmost(r, end)
    note: tuple[int, int] | None = None
    if hit is None:
        for sep, after in _separators(r, end):
            hit = _leftmost(r, sep)
            if hit is not None:
                if not r.free(after, end):
                    return f"{line!r}: the words after the date may change it"
                note = (after, end)
                break
    if hit is None:
        return f"{line!r} could not be read as a date"
    i, reading = hit
    problem = check_subject(r, i, reading)
    if problem is not None:
        return problem

    def words(spec: Spec) -> str:
        return line[tokens[spec.first].start : tokens[spec.stop - 1].end]

    return tokens[i].start, reading, _subject(r, i, reading, note), words


def _leftmost(r: PhraseReader, end: int) -> tuple[int, Reading] | None:
    tokens = r.t
    for i in range(end):
        tok = tokens[i]
        if tok.kind == WORD and tok.text not in LEXICON:
            continue  # no phrase starts with a word the grammar does not know
        if r.can_start(i):
            reading = read(r, i, end)
            if reading is not None:
                return i, reading
    return None


def _separators(r: PhraseReader, end: int) -> list[tuple[int, int]]:
    """Where a note may start after the phrase: (end of the phrase, first token of the note)."""
    t = r.t
    out: list[tuple[int, int]] = []
    for k in range(1, end - 1):
        tok = t[k]
        text = tok.text
        if (
            text in ("(", ";", ":", "–", "—", ",")
            or (text == "-" and not tok.glued and not t[k + 1].glued)
            or (text == "." and not t[k + 1].glued)
        ):
            out.append((k, k + 1))
        elif (text, t[k + 1].text) in (
            ("as", "per"),
            ("subject", "to"),
            ("dependent", "on"),
        ) or text in ("dependant", "dependent", "depending", "pending", "if"):
            out.append((k, k))
    return out


def check_subject(r: PhraseReader, i: int, reading: Reading) -> str | None:
    """Why the words before a phrase forbid reading it, or None."""
    t = r.t
    if i == 0:
        return None
    phrase = r.line[t[i].start :]
    for k in range(i):
        for j, cls, _ in r.match(k, i):
            if cls == "spoiler" and (j == i or t[k].text in _SPOIL_ANYWHERE):
                words = r.line[t[k].start : t[j - 1].end]
                return f"{words!r} before {phrase!r} may move or deny the date"
        if reading.kind == "recurring" and any(c == "rec" for _, c, _ in r.match(k, i)):
            return f"{r.line!r} names two recurrences"
        if reading.kind not in ("none", "status") and _dated_at(r, k, i):
            return f"{r.line!r} holds more than one date"
    for k in range(max(0, i - 5), i):
        for j, cls, _ in r.match(k, i):
            if j == i and cls in _UNREAD_BEFORE and t[k].text not in (",", "-", "–", "—"):
                words = r.line[t[k].start : t[j - 1].end]
                return f"{words!r} could not be read with {phrase!r}"
    if any(c in ("season", "mon") for _, c, _ in r.match(i - 1, i)):
        return f"{r.line!r}: the date is written next to another one"  # "Spring/Summer 2009"
    if t[i].kind in (NUM, ORD):
        before = t[i - 1]
        labels = any(c == "label" for _, c, _ in r.match(i - 1, i))
        if labels or before.kind in (NUM, ORD):
            return f"{r.line!r}: the number before the date may be a label, not a day"
    if (
        reading.kind == "dated"
        and reading.op is None
        and reading.shape == "one"
        and reading.specs[0].kind == "month"
        and reading.specs[0].year is None
    ):
        return f"{r.line!r}: a month name alone after other words may be a name or a verb"
    return None


def _dated_at(r: PhraseReader, k: int, end: int) -> bool:
    tok = r.t[k]
    if tok.kind == PUNCT or (tok.kind == NUM and is_year4(tok.text)):
        return False  # a year alone in a subject is usually a name ("Strategy 2008-11")
    for _, spec in r.atoms(k, end):
        if spec.kind in ("day", "month") and spec.month is not None:
            return True
        if spec.kind in ("fquarter", "cquarter") or (spec.kind == "season" and spec.year):
            return True
    return False


def _subject(r: PhraseReader, i: int, reading: Reading, note: tuple[int, int] | None) -> str | None:
    t = r.t
    k = i
    while k:
        if t[k - 1].text in _JOINERS:
            k -= 1
        elif k > 1 and (t[k - 2].text, t[k - 1].text) in _JOINER_PAIRS:
            k -= 2
        else:
            break
    parts = [r.line[: t[k - 1].end] if k else ""]
    for span in (reading.free, note):
        if span is not None and span[0] < span[1]:
            parts.append(r.line[t[span[0]].start : t[span[1] - 1].end].strip(" .;,:-–—()"))
    text = tidy_line(" ".join(p for p in parts if p))
    return text or None


def _unknown(text: str, subject: str | None, message: str) -> tuple[Timing, list[WarningRecord]]:
    return Timing(text=text, subject=subject, kind="unknown"), [warning("timing.unparsed", message)]


def timing_from(text: str, subject: str | None, built: Built) -> tuple[Timing, list[WarningRecord]]:
    """The record of a phrase read as ``built``, with the warnings its reading raised."""
    timing = Timing(
        text=text,
        subject=subject,
        kind=built.kind,
        recurrence=built.recurrence,
        edtf=built.edtf,
        earliest=built.earliest,
        latest=built.latest,
        year_inferred=built.year_inferred,
    )
    return timing, list(built.warnings)


def _bracketed(
    text: str, line: str, period: Timing | None
) -> tuple[Timing, list[WarningRecord]] | None:
    """A date restated in brackets at the end of the line ("January (Quarter 4)"): one timing
    when the two phrases agree, unknown when they disagree (``bracketed.py``)."""
    body = line.rstrip(" .;,")
    depth = 0
    for opening in range(len(body) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(body[opening], 0)
        if depth == 0:
            break
    else:
        return None
    main_text = body[:opening].rstrip(" ,:;-–—")
    inner = body[opening + 1 : -1].strip()
    if not main_text or not inner:
        return None
    pivot = pivot_year(period)
    bracket = find_phrase(inner, pivot)
    if isinstance(bracket, str) or bracket[0] or bracket[2] or bracket[1].kind != "dated":
        return None  # the bracket must be a date and nothing else ("(annually)", "(tbc)")
    main = find_phrase(main_text, pivot)
    if isinstance(main, str):
        return None
    start, reading, subject, words = main
    built = agree(
        Side(reading, main_text[start:], words),
        Side(bracket[1], inner, bracket[3]),
        period,
    )
    if built is None:
        return None
    if isinstance(built, str):
        return _unknown(text, subject, built)
    return timing_from(text, subject, built)


def _repair(
    text: str, line: str, period: Timing | None
) -> tuple[Timing, list[WarningRecord]] | None:
    """Read "610.04" as 6.10.04 when exactly one split of the digits makes the line a date.

    The split is put back into the line, so the words around it are read as always, but
    not repaired again: a line of many such groups ("039/039/039/...") would otherwise try
    every split of every group, exponentially many, and a second repair's warning would
    refuse the reading anyway.
    """
    found = MISSING_SEPARATOR.search(line)
    if found is None or is_year4(found[1]):
        return None  # "2001/02" is a financial year, not a typo
    digits, sep, year_text = found.groups()
    readings = []
    for cut in range(1, len(digits)):
        candidate = f"{digits[:cut]}{sep}{digits[cut:]}{sep}{year_text}"
        repaired = f"{line[: found.start()]}{candidate}{line[found.end() :]}"
        timing, notes = _parse_timing(repaired, period, repair=False)
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
    message = f"{found.group()!r} read as {candidate!r}: a separator was missing"
    fixed = timing.model_copy(update={"text": text})
    return fixed, [warning("timing.repaired", message)]


_PERIOD = re.compile(
    r"(?<![\w/])(?:(?P<fy1>(?:1[89]|20)\d\d)\s*(?P<sep>[/–-])\s*(?P<fy2>\d{4}|\d\d?)(?!\d)"
    r"|(?P<year>(?:1[89]|20)\d\d)|(?P<yy1>\d\d)[/-](?P<yy2>\d\d))(?![\w/])",
)


def parse_period(title: str | None) -> tuple[Timing | None, tuple[int, int] | None]:
    """Read the period a workplan covers from its title.

    Returns:
        The period (a UK financial year for "2007/08" or "09-10", a calendar year for "2004",
        calendar years for "2009-11" or "2025-2028") and the character range of the title it was read
        from, or (None, None).

    >>> parse_period("London Child Protection Committee Workplan 2004")[0].edtf
    '2004'
    """
    from workplan_extract.normalise import dates
    from workplan_extract.normalise.grammar import financial_second_year

    if not title:
        return None, None
    for found in _PERIOD.finditer(title):
        if found["year"] is not None:
            atom = dates.year_atom(int(found["year"]))
        elif found["yy1"] is not None:
            # "Business Plan 09-10": two-digit years, one after the other (plans date from 1995)
            short = int(found["yy1"])
            if (short + 1) % 100 != int(found["yy2"]):
                continue
            atom = dates.financial_year_atom(short + (1900 if short >= 90 else 2000))
        else:
            first, second = int(found["fy1"]), found["fy2"]
            if financial_second_year(first, second):
                atom = dates.financial_year_atom(first)
            elif found["sep"] != "/" and len(second) in (2, 4):
                last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
                if last <= first:
                    continue
                atom = dates.years_atom(first, last)
            else:
                continue
        timing = Timing(
            text=found.group(), kind="period", edtf=atom.edtf, earliest=atom.start, latest=atom.end
        )
        return timing, found.span()
    return None, None
