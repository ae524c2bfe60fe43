"""The timing grammar's words: a tokenizer and the one vocabulary every timing reader uses.

A line is split into tokens (numbers, numeric dates, words, punctuation), and every word or run
of words the grammar knows is an entry of ``LEXICON`` with a class ("mon", "op", "rec", ...)
and a value. The phrase reader (``phrases.py``), the subject and note checks (``timings.py``)
and the finder of dates inside action text (``embedded.py``) all look words up here, so there
is no second list of words to keep in step with a regex.

Entries of several words are written with spaces; a glued hyphen between their words is
skipped when matching ("on-going" = "on going", "six-monthly" = "six monthly").
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Classes of tokens that are not words.
NUM, ORD, NUMDATE, ISO, AYEAR, QTOK, WORD, PUNCT = (
    "num", "ord", "numdate", "iso", "ayear", "q", "word", "punct",
)  # fmt: skip

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<numdate>\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d\d)(?![\d]))
    | (?P<iso>(?:1[89]|20)\d\d-[01]\d-[0-3]\d(?!\d))
    | (?P<ord>\d{1,2}(?:st|nd|rd|th))(?![^\W\d_])
    | (?P<num>\d+)
    | (?P<ayear>['’‘]\d\d)(?!\d)
    | (?P<q>q[1-4])(?!\w)
    | (?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)
    | (?P<punct>\S)
    )""",
    re.VERBOSE,
)


class Token(NamedTuple):
    """One token of a lowercased line; ``start``/``end`` are positions in the line."""

    kind: str
    text: str
    start: int
    end: int
    glued: bool  # no whitespace before it


def lower_same_length(line: str) -> str:
    """``line.lower()``, keeping every character's position (a few letters grow when lowered)."""
    low = line.lower()
    if len(low) == len(line):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in line)


def tokenize(low: str) -> list[Token]:
    """Tokens of a lowercased line."""
    out: list[Token] = []
    for found in _TOKEN.finditer(low):
        kind = found.lastgroup
        if kind is None:  # trailing whitespace
            break
        start = found.start(kind)
        out.append(Token(kind, found.group(kind), start, found.end(kind), start == found.start()))
    return out


# --- The vocabulary --------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "febuary": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty four": 24,
    "a": 1,
}  # fmt: skip
SEASONS = ("spring", "summer", "autumn", "fall", "winter")

#: Operators before a date, by what they make of it.
_OPS = {
    "start": (
        "begin", "begins", "beginning", "start", "starts", "starting", "start date",
        "starting from", "starting in", "starting on", "beginning in", "begin in", "commence",
        "commences", "commencing", "commencement", "from", "launch", "launched in",
        "launching", "with effect from", "effective from", "on or after", "in or after",
        "not before", "no earlier than", "not earlier than", "not until",
    ),
    "after": ("after", "following", "later than", "beyond", "after the end of"),
    "before": ("before", "prior to", "in advance of", "ahead of"),
    "by": (
        "by", "until", "till", "til", "up to", "up until", "due", "due by", "due on",
        "due in", "deadline", "deadline of", "deadline date", "no later than",
        "not later than", "on or before", "in or before", "completion date", "target date",
        "end date", "due date", "finish by", "finish date",
    ),
    "neutral": (
        "in", "on", "during", "at", "for", "around", "about", "circa", "c", "ca", "approx",
        "approximately", "roughly", "sometime in", "some time in", "in or around",
        "on or around", "on or about", "over", "across", "throughout", "within",
        "anticipated", "expected", "planned for", "scheduled for", "provisionally",
        "provisional", "tentatively", "est", "estimated", "as at", "as of",
    ),
    "week": ("w/c", "w/b", "wc", "wb", "week commencing", "week beginning", "week starting"),
}  # fmt: skip
#: "end of" and friends: the end of what follows ("by the end of March" = "by March").
_ENDOF = (
    "end", "end of", "the end of", "by end", "by end of", "by the end", "by the end of",
    "before the end of", "before end of", "until the end of", "until end of", "till the end of",
    "to the end of", "up to the end of", "close of", "by the close of", "end of the",
)  # fmt: skip
#: Qualifiers kept in the text only: "early March 2012" is March 2012 (no invented thirds).
_QUALS = (
    "early", "mid", "late", "the beginning of", "beginning of", "the start of", "start of",
    "the middle of", "middle of", "the early part of", "the latter part of", "the early",
    "the mid", "the late", "latter part of", "early part of",
)  # fmt: skip
#: After a date: make it open-ended.
_SUFFIX = {
    "start": ("onwards", "onward", "and beyond", "on", "at the earliest", "or later"),
    "by": ("at the latest", "or earlier", "or before", "latest"),
    "filler": (
        "approx", "approximately", "provisional", "provisionally", "estimated", "est",
        "tbc", "tba", "tbd", "to be confirmed", "subject to confirmation", "or thereabouts",
    ),
}  # fmt: skip
RECURRENCES = {
    "annually": "P1Y", "annual": "P1Y", "yearly": "P1Y", "every year": "P1Y",
    "each year": "P1Y", "once a year": "P1Y", "per year": "P1Y", "per annum": "P1Y",
    "a year": "P1Y", "every twelve months": "P1Y", "every 12 months": "P1Y",
    "quarterly": "P3M", "every quarter": "P3M", "each quarter": "P3M",
    "every three months": "P3M", "every 3 months": "P3M", "once a quarter": "P3M",
    "monthly": "P1M", "every month": "P1M", "each month": "P1M", "once a month": "P1M",
    "six monthly": "P6M", "6 monthly": "P6M", "half yearly": "P6M", "bi annually": "P6M",
    "biannually": "P6M", "bi annual": "P6M", "biannual": "P6M", "twice a year": "P6M",
    "twice yearly": "P6M", "twice annually": "P6M", "every six months": "P6M",
    "every 6 months": "P6M", "weekly": "P1W", "every week": "P1W", "each week": "P1W",
    "fortnightly": "P2W", "every two weeks": "P2W", "every fortnight": "P2W", "daily": "P1D",
    "every day": "P1D", "each day": "P1D", "biennially": "P2Y", "biennial": "P2Y",
    "every two years": "P2Y", "every 2 years": "P2Y", "triennially": "P3Y",
    "every three years": "P3Y", "every 3 years": "P3Y",
}  # fmt: skip
#: Recurrence words whose period is not one length ("termly") or not one meaning ("bi-monthly").
AMBIGUOUS_RECURRENCES = (
    "termly", "bi monthly", "bimonthly", "bi weekly", "biweekly", "each term", "every term",
    "periodically", "regularly", "regular",
)  # fmt: skip
_ONGOING = (
    "ongoing", "on going", "continuous", "continuously", "continuing", "continual",
    "throughout the year", "all year", "all year round", "year round", "rolling",
    "rolling programme", "as required", "as needed", "as necessary", "as appropriate",
    "as and when", "as and when required", "as and when needed", "as and when necessary",
    "when required", "when needed", "when necessary", "if required", "if needed",
    "as required by", "permanent", "in place and ongoing",
)  # fmt: skip
_DONE = ("completed", "complete", "done", "achieved", "finished", "met", "delivered")
_TBC = (
    "tbc", "tba", "tbd", "t.b.c", "t.b.a", "to be confirmed", "to be advised", "to be agreed",
    "to be arranged", "to be decided", "to be determined", "to be announced", "to be set",
    "to be scheduled", "to be fixed", "to be finalised", "to be finalized", "date tbc",
    "dates tbc", "date to be confirmed", "dates to be confirmed", "date to be agreed",
    "dates to be agreed", "date to be advised", "not yet known", "not yet agreed",
    "not yet confirmed", "not yet set", "to follow",
)  # fmt: skip
#: Cells that say there is no timing: read as unknown without a warning.
_NONE = ("n/a", "na", "none", "not applicable", "nil", "various", "-", "–", "—", "--")
#: Statuses, not dates: "On hold", "Slipped" (kept in the text, with a warning).
_STATUS = (
    "on hold", "in progress", "not started", "not yet started", "cancelled", "canceled",
    "withdrawn", "overdue", "superseded", "closed", "stopped", "suspended", "paused",
    "abandoned", "late", "behind schedule", "on track", "on target", "not achieved",
    "not met", "not complete", "not completed", "incomplete", "outstanding", "delayed",
    "slipped", "deferred", "postponed", "rescheduled", "re scheduled", "moved", "put back",
    "pushed back", "brought forward", "revised", "changed", "amended", "extended",
)  # fmt: skip
#: Words that, before a date, move or deny it ("Slipped from 5 July", "not in May").
_SPOILERS = (
    "slipped", "slip", "slipping", "deferred", "defer", "postponed", "postpone", "delayed",
    "delay", "moved", "rescheduled", "re scheduled", "changed", "revised", "amended",
    "cancelled", "canceled", "originally", "previously", "formerly", "initially", "was",
    "were", "not", "never", "nor", "cannot", "except", "excluding", "unlikely", "no", "than",
    "put back", "pushed back", "brought forward", "extended", "superseded", "replaced",
)  # fmt: skip
#: Words after which a number is a label, not a day ("Phase 2 May 2008").
_LABELS = (
    "phase", "stage", "step", "part", "year", "years", "action", "item", "priority",
    "objective", "outcome", "target", "level", "tier", "round", "wave", "cohort", "no",
    "number", "section", "para", "paragraph", "appendix", "annex", "page", "version", "v",
    "release", "ks", "group", "top", "grade", "band", "area", "ward", "zone", "pi", "bvpi",
    "ni", "indicator", "standard", "recommendation", "rec", "chapter", "figure", "table",
    "line", "row", "column", "point", "box", "module", "unit", "week", "day", "term",
    "session", "over", "under", "aged", "age", "ages", "of", "by", "to", "and", "&", "or",
)  # fmt: skip
_RELATIVE = (
    "immediate", "immediately", "immediate action", "for immediate action",
    "with immediate effect", "asap", "as soon as possible", "as soon as practicable",
    "short term", "medium term", "long term", "longer term", "the short term",
    "the medium term", "the long term", "the longer term", "in the short term",
    "in the medium term", "in the long term", "in the longer term", "over the short term",
    "over the medium term", "over the long term", "over the longer term", "short to medium term",
    "medium to long term", "in the short to medium term", "in the medium to long term",
)  # fmt: skip
_UNITS = {
    "day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M",
    "year": "Y", "years": "Y", "quarter": "Q", "quarters": "Q",
}  # fmt: skip
_QUARTER_WORDS = {
    "first quarter": 1, "second quarter": 2, "third quarter": 3, "fourth quarter": 4,
    "1st quarter": 1, "2nd quarter": 2, "3rd quarter": 3, "4th quarter": 4,
    "quarter one": 1, "quarter two": 2, "quarter three": 3, "quarter four": 4,
    "quarter 1": 1, "quarter 2": 2, "quarter 3": 3, "quarter 4": 4, "qtr 1": 1, "qtr 2": 2,
    "qtr 3": 3, "qtr 4": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4,
}  # fmt: skip
#: "the financial year": the document's period, when it is a financial year.
_THE_FY = (
    "the financial year", "this financial year", "the current financial year",
    "financial year", "the fy", "the year end", "year end", "the financial year end",
    "financial year end", "the end of year", "end of year", "the end of the year",
)  # fmt: skip
_FY = ("financial year", "fy", "fin year", "fiscal year", "the financial year", "f/y")

#: class name -> entries (each a phrase of words, and the class's value for it).
_CLASSES: dict[str, dict[str, Value]] = {
    "mon": dict(MONTHS),
    "wday": dict(WEEKDAYS),
    "season": {s: s for s in SEASONS},
    "numword": dict(NUMBER_WORDS),
    "quarter": dict(_QUARTER_WORDS),
    "qword": {"quarter": 0, "qtr": 0, "q": 0},
    "endof": dict.fromkeys(_ENDOF, "by"),
    "qual": dict.fromkeys(_QUALS, True),
    "rec": dict(RECURRENCES),
    "rec?": dict.fromkeys(AMBIGUOUS_RECURRENCES, True),
    "every": {"every": True, "each": True, "once every": True},
    "ongoing": dict.fromkeys(_ONGOING, True),
    "done": dict.fromkeys(_DONE, True),
    "tbc": dict.fromkeys(_TBC, True),
    "none": dict.fromkeys(_NONE, True),
    "status": dict.fromkeys(_STATUS, True),
    "spoiler": dict.fromkeys(_SPOILERS, True),
    "label": dict.fromkeys(_LABELS, True),
    "relative": dict.fromkeys(_RELATIVE, True),
    "within": {"within": True, "in": True},
    "next": {"the next": True, "the following": True, "the coming": True, "next": True},
    "unit": dict(_UNITS),
    "thefy": dict.fromkeys(_THE_FY, True),
    "fy": dict.fromkeys(_FY, True),
    "the": {"the": True},
    "of": {"of": True},
    "join": dict.fromkeys(("to", "until", "till", "through", "thru", "-", "–", "—", "--"), True),
    "and": dict.fromkeys(("and", "&", "or", "and/or", ", and", ", or", ",", "+"), True),
    "between": {"between": True},
    "period": {"period": True, "period:": True},
    "afterfree": dict.fromkeys(
        ("after", "following", "on completion of", "upon completion of", "on receipt of"), True
    ),
    "relunit": dict.fromkeys(("of", "from", "after", "following"), True),
}
for _kind, _words in _OPS.items():
    _CLASSES.setdefault("op", {}).update(dict.fromkeys(_words, _kind))
for _kind, _words in _SUFFIX.items():
    _CLASSES.setdefault("suffix", {}).update(dict.fromkeys(_words, _kind))

#: A lexicon value: a number (month, quarter, count) or a name (operator kind, duration).
Value = int | str
Entry = tuple[tuple[str, ...], str, Value]


def _phrase_words(phrase: str) -> tuple[str, ...]:
    """The token texts of a lexicon phrase ("w/c" -> w / c, "t.b.c" -> t . b . c)."""
    return tuple(t.text for t in tokenize(phrase))


def _lexicon() -> dict[str, tuple[Entry, ...]]:
    table: dict[str, list[Entry]] = {}
    for cls, entries in _CLASSES.items():
        for phrase, value in entries.items():
            words = _phrase_words(phrase)
            table.setdefault(words[0], []).append((words, cls, value))
    return {
        first: tuple(sorted(entries, key=lambda e: -len(e[0]))) for first, entries in table.items()
    }


#: first token text -> the entries starting with it, longest first.
LEXICON = _lexicon()
#: Every word the grammar knows (for tests: text made of other words is free text).
KNOWN_WORDS = frozenset(w for entries in LEXICON.values() for e in entries for w in e[0])


def match(tokens: list[Token], i: int, end: int) -> list[tuple[int, str, Value]]:
    """Every lexicon entry matching at token ``i`` (before ``end``): (next index, class, value).

    A glued hyphen between two words of an entry is skipped ("on-going"); the other tokens of
    an entry must follow one another.
    """
    entries = LEXICON.get(tokens[i].text)
    if entries is None:
        return []
    out: list[tuple[int, str, Value]] = []
    for words, cls, value in entries:
        j = i + 1
        ok = True
        for word in words[1:]:
            if j < end and tokens[j].text == "-" and tokens[j].glued and word != "-":
                j += 1
            if j >= end or tokens[j].text != word:
                ok = False
                break
            j += 1
        if ok:
            out.append((j, cls, value))
    return out


def full_year(written: str, pivot: int | None) -> int:
    """Read a written year; two-digit years take the century nearest to ``pivot``.

    >>> full_year("'08", 2007), full_year("99", 2004), full_year("2004", None)
    (2008, 1999, 2004)
    """
    digits = written.strip("'’‘")
    if len(digits) == 4:
        return int(digits)
    base = 2000 if pivot is None else pivot
    value = int(digits)
    candidates = [(base // 100 + shift) * 100 + value for shift in (-1, 0, 1)]
    return min(candidates, key=lambda year: (abs(year - base), year))


def is_year4(text: str) -> bool:
    """A four-digit year of the range plans are written in (1800-2099)."""
    return len(text) == 4 and text[:2] in ("18", "19", "20")


def financial_second_year(first: int, written: str) -> bool:
    """True if ``written`` ("05", "2005", "4") is the year after ``first``."""
    modulus = 10 ** len(written) if len(written) < 4 else 10**6
    return int(written) == (first + 1) % modulus
