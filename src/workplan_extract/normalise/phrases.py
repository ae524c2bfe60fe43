"""Reading one timing phrase, every word of it, into a ``Reading``.

``PhraseReader.read(i, end)`` succeeds only when the grammar accounts for every token from
``i`` to ``end``: a date is never read from part of a phrase with other words ignored. The
reader knows no years from the document and builds no dates; it says what was written (which
dates, joined how, under which operator), and ``timings.py`` turns that into a ``Timing``.

The grammar, informally (words are ``grammar.LEXICON`` classes)::

    phrase  := status | ongoing [rest] | done [[in|on] core | free] | tbc | none
             | rec [free | from core] | core rec | every (mon | season | wday | n unit)
             | relative | within n unit [of free] | n unit after free | over the next n unit
             | after free | [ongoing] ops core [suffix]
    ops     := (op | endof | qual)*            "by the end of", "due", "early", "from"
    core    := atom | atom join atom | between atom and atom | atom (, | & | and | or) atom ...
             | period atom [join] atom | quarter , period ...
    atom    := day [month [year]] | month [year] | season [year] | quarter [year] | year
             | financial year | year - year | the financial year | numeric date
"""

from __future__ import annotations

from dataclasses import replace

from workplan_extract.normalise.grammar import (
    AYEAR,
    ISO,
    NUM,
    NUMDATE,
    ORD,
    PUNCT,
    QTOK,
    Token,
    Value,
    financial_second_year,
    full_year,
    is_year4,
    match,
)
from workplan_extract.normalise.phrase_types import Reading, Spec

__all__ = ["PhraseReader", "Reading", "Spec"]


Alt = tuple[int, Spec]
_BOUNDARY = frozenset('(,:;[–—"“‘•')
#: How many years after the first of its period a plan's two-digit years may fall ("Oct 12").
PLAN_YEARS = 5
#: Words that date or time something: free text (a subject or a note) may not hold them.
_DATING_WORDS = frozenset(
    ("later", "earlier", "latest", "earliest", "onwards", "onward", "deadline", "due")
)
_DATING_CLASSES = frozenset(("rec", "rec?", "wday", "quarter", "thefy", "ongoing", "tbc"))


class PhraseReader:
    """Reads phrases of one tokenized line. ``pivot`` places two-digit years."""

    __slots__ = ("_memo", "line", "pivot", "t")

    def __init__(self, tokens: list[Token], line: str, pivot: int | None) -> None:
        self.t = tokens
        self.line = line
        self.pivot = pivot
        self._memo: dict[tuple[int, int], list[tuple[int, str, Value]]] = {}

    def match(self, i: int, end: int) -> list[tuple[int, str, Value]]:
        """``grammar.match`` at token ``i``, remembered: the reader asks the same many times."""
        key = (i, end)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = match(self.t, i, end)
        return found

    # --- helpers ---------------------------------------------------------------------------

    def can_start(self, i: int) -> bool:
        """A phrase may start at token ``i``: not glued to the word or number before it."""
        tok = self.t[i]
        if i == 0:
            return True
        if tok.kind == PUNCT and tok.text not in ("-", "–", "—"):
            return False
        return not tok.glued or self.t[i - 1].text in _BOUNDARY

    def dating(self, i: int, end: int) -> bool:
        """True if tokens ``i``..``end`` hold a word or number that dates or times something."""
        t = self.t
        for k in range(i, end):
            tok = t[k]
            if tok.kind in (NUMDATE, ISO, AYEAR, QTOK):
                return True
            if tok.kind in (NUM, ORD):
                # Any number may be a year or a day ("1995 - 97 ..."); one with an apostrophe
                # glued after it is a count ("under 1's").
                nxt = t[k + 1] if k + 1 < end else None
                if nxt is None or not (nxt.glued and nxt.text in ("'", "’")):
                    return True
            if tok.text in _DATING_WORDS:
                return True
            for _, cls, _value in self.match(k, end):
                if cls in _DATING_CLASSES:
                    return True
                if cls == "mon" and (tok.text != "may" or self._numeric_next(k + 1, end)):
                    return True
        return False

    def _numeric_next(self, k: int, end: int) -> bool:
        return k < end and self.t[k].kind in (NUM, ORD, AYEAR)

    def free(self, i: int, end: int) -> bool:
        """Tokens ``i``..``end`` are words for the subject: some, and none of them dating."""
        return i < end and not self.dating(i, end)

    def _year(self, k: int, end: int, two_digit: bool = True) -> tuple[int, int] | None:
        """A year token at ``k``: (next index, year)."""
        if k >= end:
            return None
        tok = self.t[k]
        if tok.kind == NUM and is_year4(tok.text):
            return k + 1, int(tok.text)
        if tok.kind == AYEAR:
            return k + 1, full_year(tok.text, self.pivot)
        if two_digit and tok.kind == NUM and len(tok.text) == 2:
            return k + 1, full_year(tok.text, self.pivot)
        return None

    def _skip(self, k: int, end: int, *texts: str) -> int:
        """``k`` past one optional token whose text is one of ``texts``."""
        return k + 1 if k < end and self.t[k].text in texts else k

    # --- atoms -----------------------------------------------------------------------------

    def atoms(self, i: int, end: int) -> list[Alt]:
        """Every reading of one date starting at token ``i``."""
        if i >= end:
            return []
        t = self.t
        tok = t[i]
        out: list[Alt] = []
        if tok.kind == NUMDATE:
            parts = tok.text.replace("/", ".").replace("-", ".").split(".")
            day, month = int(parts[0]), int(parts[1])
            if 1 <= month <= 12:
                year = full_year(parts[2], self.pivot)
                out.append((i + 1, Spec("day", year, month, day, first=i, stop=i + 1)))
            return out
        if tok.kind == ISO:
            y, m, d = (int(p) for p in tok.text.split("-"))
            return [(i + 1, Spec("day", y, m, d, first=i, stop=i + 1))]
        if tok.kind in (NUM, ORD):
            out.extend(self._number_led(i, end))
            return out
        for j, cls, value in self.match(i, end):
            if cls == "wday":
                k = self._skip(j, end, ",")
                if k < end:
                    for stop, spec in self.atoms(k, end):
                        if spec.kind == "day" and spec.month is not None:
                            out.append((stop, replace(spec, weekday=int(value), first=i)))
            elif cls == "mon":
                out.extend(self._month_led(i, j, int(value), end))
            elif cls == "season":
                out.extend(self._season(i, j, str(value), end))
            elif cls == "the" and j < end:
                for stop, spec in self.atoms(j, end):
                    if spec.kind == "season":
                        out.append((stop, replace(spec, first=i)))
            elif cls == "quarter":
                out.extend(self._quarter(i, j, int(value), end))
            elif cls == "fy":
                out.extend(self._financial(i, j, end, written=True))
            elif cls == "thefy":
                out.append((j, Spec("thefy", season=self._thefy_kind(i, j), first=i, stop=j)))
        return out

    def _thefy_kind(self, i: int, j: int) -> str:
        words = {tok.text for tok in self.t[i:j]}
        return "fy" if "financial" in words or "fy" in words else "year"

    def _number_led(self, i: int, end: int) -> list[Alt]:
        t = self.t
        tok = t[i]
        out: list[Alt] = []
        if tok.kind == NUM and is_year4(tok.text):
            year = int(tok.text)
            out.append((i + 1, Spec("year", year, first=i, stop=i + 1)))
            out.extend(self._financial(i, i, end, written=False))
            out.extend(self._year_range(i, year, end))
            return out
        digits = tok.text[:-2] if tok.kind == ORD else tok.text
        if len(digits) > 2:
            return out
        value = int(digits)
        # "17-Aug-09": day, month and year glued by hyphens.
        k = i + 1
        if k + 1 < end and t[k].text == "-" and t[k].glued:
            for j, cls, month in self.match(k + 1, end):
                if cls == "mon" and t[k + 1].glued:
                    if j + 1 < end and t[j].text == "-" and t[j].glued and t[j + 1].glued:
                        found = self._year(j + 1, end)
                        if found is not None:
                            spec = Spec("day", found[1], int(month), value, first=i, stop=found[0])
                            out.append((found[0], spec))
                    else:
                        out.append((j, Spec("day", None, int(month), value, first=i, stop=j)))
            return out
        # "04/2008"
        if k + 1 < end and t[k].text == "/" and t[k].glued and t[k + 1].glued:
            found = self._year(k + 1, end, two_digit=False)
            if found is not None and 1 <= value <= 12:
                out.append((found[0], Spec("month", found[1], value, first=i, stop=found[0])))
        if not 1 <= value <= 31:
            return out
        k = self._skip(k, end, "of")
        if k < end:
            for j, cls, month in self.match(k, end):
                if cls != "mon":
                    continue
                j = self._skip(j, end, ".")
                m = self._skip(j, end, ",")
                found = self._year(m, end)
                if found is not None:
                    spec = Spec("day", found[1], int(month), value, first=i, stop=found[0])
                    out.append((found[0], spec))
                out.append((j, Spec("day", None, int(month), value, first=i, stop=j)))
        # A day alone ("22nd" of "22nd & 24th September"): a partner gives its month.
        out.append((i + 1, Spec("day", None, None, value, first=i, stop=i + 1)))
        return out

    def _month_led(self, i: int, j: int, month: int, end: int) -> list[Alt]:
        t = self.t
        out: list[Alt] = []
        lower_may = t[i].text == "may" and self.line[t[i].start] == "m"
        if lower_may and j < end and not self._numeric_next(j, end):
            return out  # lowercase "may" before more words is the verb
        # "May-08": a glued hyphen and a year (Excel's mmm-yy).
        if j + 1 < end and t[j].text == "-" and t[j].glued and t[j + 1].glued:
            year = self._year(j + 1, end)
            if year is not None:
                out.append((year[0], Spec("month", year[1], month, first=i, stop=year[0])))
                return out
        j = self._skip(j, end, ".")
        k = self._skip(j, end, ",")
        if k < end:
            tok = t[k]
            if tok.kind == ORD or (tok.kind == NUM and len(tok.text) <= 2):
                digits = tok.text[:-2] if tok.kind == ORD else tok.text
                day = int(digits)
                m = self._skip(k + 1, end, ",")
                year = self._year(m, end, two_digit=False)
                if year is not None and 1 <= day <= 31:
                    out.append((year[0], Spec("day", year[1], month, day, first=i, stop=year[0])))
                if tok.kind == ORD and 1 <= day <= 31:
                    out.append((k + 1, Spec("day", None, month, day, first=i, stop=k + 1)))
                elif tok.kind == NUM and (digits[0] == "0" or day > 31):
                    # "January 08", "Dec 98": a two-digit year; "June 30" could be either
                    year2 = full_year(digits, self.pivot)
                    out.append((k + 1, Spec("month", year2, month, first=i, stop=k + 1)))
                elif tok.kind == NUM and self._plan_year(digits) is not None:
                    # "Oct 12", "April 13" in a plan for 2012-2015: UK plans write a day
                    # before its month, so a number after one is the year when the plan's
                    # years hold it ("June 30" in that plan stays unread).
                    spec = Spec("month", self._plan_year(digits), month, first=i, stop=k + 1)
                    out.append((k + 1, replace(spec, short_year=True)))
            else:
                year = self._year(k, end, two_digit=False)
                if year is not None:
                    out.append((year[0], Spec("month", year[1], month, first=i, stop=year[0])))
        out.append((j, Spec("month", None, month, first=i, stop=j)))
        return out

    def _plan_year(self, digits: str) -> int | None:
        """The year two digits name when it is one of the plan's years (from the pivot, the
        first year of the document's period, to five years on), else None."""
        if self.pivot is None or len(digits) != 2:
            return None
        year = full_year(digits, self.pivot)
        return year if self.pivot - 1 <= year <= self.pivot + PLAN_YEARS else None

    def _season(self, i: int, j: int, season: str, end: int) -> list[Alt]:
        t = self.t
        out: list[Alt] = [(j, Spec("season", season=season, first=i, stop=j))]
        k = self._skip(j, end, "of")
        year = self._year(k, end)
        if year is None:
            return out
        stop, value = year
        out.append((stop, Spec("season", value, season=season, first=i, stop=stop)))
        if season == "winter" and stop + 1 < end and t[stop].text in ("/", "-"):
            second = t[stop + 1]
            if second.kind == NUM and financial_second_year(value, second.text):
                out.append((stop + 2, Spec("season", value, season=season, first=i, stop=stop + 2)))
        return out

    def _quarter(self, i: int, j: int, quarter: int, end: int) -> list[Alt]:
        out: list[Alt] = [(j, Spec("fquarter", quarter=quarter, first=i, stop=j))]
        k = self._skip(j, end, ",", "of")
        if k >= end:
            return out
        for stop, spec in self._financial(k, k, end, written=self.t[k].text in ("fy", "f")):
            if spec.kind == "fy":
                out.append((stop, Spec("fquarter", spec.year, quarter=quarter, first=i, stop=stop)))
        tok = self.t[k]
        if tok.kind == NUM and is_year4(tok.text):
            out.append(
                (k + 1, Spec("cquarter", int(tok.text), quarter=quarter, first=i, stop=k + 1))
            )
        return out

    def _financial(self, i: int, k: int, end: int, written: bool) -> list[Alt]:
        """A financial year from token ``k`` ("2004/05", "2008-09"; "08/09" after "FY")."""
        t = self.t
        if written:
            k = self._skip(k, end, "fy", "f")
        if k + 2 >= end:
            return []
        first_tok, sep, second = t[k], t[k + 1], t[k + 2]
        if first_tok.kind != NUM or second.kind != NUM or sep.text not in ("/", "-", "–"):
            return []
        if is_year4(first_tok.text):
            first = int(first_tok.text)
        elif written and len(first_tok.text) == 2:
            first = full_year(first_tok.text, self.pivot)
        else:
            return []
        if sep.text != "/" and not (sep.glued and second.glued):
            return []  # "2009 - 10": a spaced dash joins calendar years (see _year_range)
        if not financial_second_year(first, second.text):
            return []
        return [(k + 3, Spec("fy", first, first=i, stop=k + 3))]

    def _year_range(self, i: int, first: int, end: int) -> list[Alt]:
        """Calendar years "2009 - 11", "2009-2011", "2004 to 2006" (a glued "2009-11" is not
        read: it is also ISO for November 2009)."""
        t = self.t
        if i + 2 >= end:
            return []
        joins = [j for j, cls, _ in self.match(i + 1, end) if cls == "join"]
        out: list[Alt] = []
        for j in joins:
            if j >= end:
                continue
            second = t[j]
            if second.kind != NUM:
                continue
            glued_hyphen = t[i + 1].text == "-" and t[i + 1].glued and second.glued
            if is_year4(second.text):
                last = int(second.text)
                if glued_hyphen and last == first + 1:
                    continue  # "2009-2010": a financial year (see _financial)
            elif len(second.text) == 2 and not glued_hyphen:
                last = first // 100 * 100 + int(second.text)
                if last <= first:
                    last += 100
            else:
                continue
            if last > first:
                out.append((j + 1, Spec("years", first, last=last, first=i, stop=j + 1)))
        return out

    # --- elements, ranges and sets ----------------------------------------------------------

    def cores(self, i: int, end: int) -> list[Reading]:
        """Readings of tokens ``i``..``end`` as dates: one, a range or a set."""
        t = self.t
        out: list[Reading] = []
        words = self.match(i, end)
        classes = {cls for _, cls, _ in words}
        if "between" in classes:
            for stop, a in self.atoms(i + 1, end):
                if stop < end and t[stop].text == "and":
                    out.extend(
                        Reading("dated", (a, b), "range")
                        for s2, b in self.atoms(stop + 1, end)
                        if s2 == end
                    )
            return out
        if "period" in classes:
            k = self._skip(i + 1, end, ":")
            out.extend(self._period_range(k, end))
        if "quarter" in classes:
            for j, cls, q in words:
                if cls == "quarter" and j < end and t[j].text == ",":
                    k = j + 1
                    if k < end and any(c == "period" for _, c, _ in self.match(k, end)):
                        for reading in self._period_range(self._skip(k + 1, end, ":"), end):
                            out.append(replace(reading, in_quarter=int(q)))
        for stop, a in self.atoms(i, end):
            if stop == end:
                if a.kind != "day" or a.month is not None:
                    out.append(Reading("dated", (a,), "one"))
                continue
            for j, cls, _ in self.match(stop, end):
                if j >= end:
                    continue
                if cls == "join" or (t[stop].text == "/" and a.kind == "month"):
                    for s2, b in self.atoms(j, end):
                        if s2 == end and _range_ok(a, b, t[stop].text):
                            out.append(Reading("dated", (a, b), "range"))
                elif cls == "and":
                    out.extend(self._set(a, stop, end))
            if t[stop].text == "/" and a.kind in ("month", "season"):
                for s2, b in self.atoms(stop + 1, end):
                    if s2 == end and b.kind == a.kind:
                        out.append(_pair(a, b))
        return out

    def _period_range(self, k: int, end: int) -> list[Reading]:
        """ "Period 1 October 2013 31 December 2013": two full dates, with or without "to"."""
        out: list[Reading] = []
        for stop, a in self.atoms(k, end):
            if a.kind != "day" or a.year is None or stop >= end:
                continue
            nexts = [stop] + [j for j, cls, _ in self.match(stop, end) if cls == "join"]
            for j in nexts:
                for s2, b in self.atoms(j, end):
                    if s2 == end and b.kind == "day" and b.year is not None:
                        out.append(Reading("dated", (a, b), "range"))
        return out

    def _set(self, first: Spec, stop: int, end: int) -> list[Reading]:
        """ "22nd & 24th September 2009", "7.1.04, 21.4.04": several dates."""
        out: list[Reading] = []
        t = self.t
        comma_only = True
        specs = [first]
        k = stop
        while k < end:
            seps = [(j, t[k].text) for j, cls, _ in self.match(k, end) if cls == "and"]
            if not seps:
                return out
            j, text = seps[0]
            comma_only = comma_only and text == ","
            nexts = [(s, a) for s, a in self.atoms(j, end)]
            if not nexts:
                return out
            finished = [(s, a) for s, a in nexts if s == end]
            if finished:
                for _, last in finished:
                    members = (*specs, last)
                    shape = "all" if comma_only else "set"
                    out.append(Reading("dated", members, shape))
                return out
            # continue with the longest reading that stops before the end at a separator
            going = [
                (s, a)
                for s, a in nexts
                if any(c == "and" for _, c, _ in self.match(s, end)) and s < end
            ]
            if not going:
                return out
            s, a = max(going, key=lambda sa: sa[0])
            specs.append(a)
            k = s
        return out


def _range_ok(a: Spec, b: Spec, joiner: str) -> bool:
    """Which pairs make a range: like with like, or a part of a larger partner."""
    if a.kind == "day" and a.month is None and b.kind != "day":
        return False
    if b.kind == "day" and b.month is None:
        return False
    if a.kind in ("thefy",) or b.kind in ("thefy",):
        return False
    if a.kind == "year" and b.kind == "year" and joiner == "/":
        return False
    return not (joiner == "/" and a.kind != "month")


_SEASON_ORDER = ("spring", "summer", "autumn", "winter")


def _pair(a: Spec, b: Spec) -> Reading:
    """ "June/July 2012", "Spring/Summer 2009": from one to the next; "March/September": one
    of two."""
    if a.kind == "season":
        first = "autumn" if a.season == "fall" else a.season
        second = "autumn" if b.season == "fall" else b.season
        order = _SEASON_ORDER
        consecutive = first in order[:3] and second == order[order.index(first) + 1]
    else:
        consecutive = b.month is not None and a.month is not None and b.month == a.month % 12 + 1
    return Reading("dated", (a, b), "range" if consecutive else "set")
