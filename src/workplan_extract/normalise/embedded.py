"""Date phrases inside action or milestone text, for rows of a table with no timing column.

SPEC (Headers 2.0): "When a row has no timing column, date phrases inside its action or
milestone text ('… by June 2008') become timings with that text as subject." Only phrases the
grammar reads entirely are taken, and only those an operator introduces ("by June 2008", "by
the end of the financial year", "before April 2009", "starting in May 2008") or that name a
month, day, season or quarter with its year after "in"/"during"/"on" ("in March 2009"). A
phrase must end where a clause ends (the end of a line, ",", ";", ".", a bracket, "and").
A milestone line may also end with its date after a dash ("Adoption of Safeguarding Policy –
July 2016", "Implementation of action plan June 2016 – April 2017"): a dated phrase that runs from
the dash, or from a date before it, to the end of the line.
"""

from __future__ import annotations

from collections.abc import Mapping

from workplan_extract.normalise.build import build_reading
from workplan_extract.normalise.grammar import lower_same_length, tokenize
from workplan_extract.normalise.phrases import PhraseReader, Reading, Spec
from workplan_extract.normalise.readings import read
from workplan_extract.normalise.timings import check_subject, pivot_year, tidy_line, timing_from
from workplan_extract.records import Timing
from workplan_extract.records import Warning as WarningRecord

#: The cells whose text is searched, in the order their timings are listed.
EMBEDDED_FIELDS = ("title", "actions")
_CLAUSE_ENDS = frozenset((",", ";", ".", ")", "(", "and", "with", "–", "—", ":", "but"))
_NAMED = frozenset(("in", "during", "on"))


def embedded_timings(
    cells: Mapping[str, str], period: Timing | None
) -> list[tuple[Timing, list[WarningRecord]]]:
    """The timings written inside an item's title and action cells, in order.

    Each timing's ``text`` is the phrase as written and its ``subject`` the rest of the line.

    >>> [t.edtf for t, _ in embedded_timings({"actions": "Agree themes by July 2008"}, None)]
    ['../2008-07']
    """
    out: list[tuple[Timing, list[WarningRecord]]] = []
    for field in EMBEDDED_FIELDS:
        for line in cells.get(field, "").split("\n"):
            out.extend(find_in_line(tidy_line(line), period))
    return out


def find_in_line(line: str, period: Timing | None) -> list[tuple[Timing, list[WarningRecord]]]:
    """Every timing phrase inside one line of text."""
    if not line:
        return []
    tokens = tokenize(lower_same_length(line))
    r = PhraseReader(tokens, line, pivot_year(period))
    ends = [k for k, tok in enumerate(tokens) if tok.text in _CLAUSE_ENDS]
    ends.append(len(tokens))
    found: list[tuple[Timing, list[WarningRecord]]] = []
    i = 0
    while i < len(tokens):
        hit = _phrase_at(r, i, ends) if r.can_start(i) and _introduces(r, i) else None
        if hit is None:
            i += 1
            continue
        end, reading = hit
        found.append(_timing(r, i, end, reading, period))
        i = end
    if not found:
        tail = _after_dash(r)
        if tail is not None:
            found.append(_timing(r, tail[0], len(tokens), tail[1], period))
    return found


_DASHES = frozenset(("–", "—", "-"))
#: Kinds of date a dash may introduce: a bare year ("Phase 2 – 2016") is too often a name.
_DASH_KINDS = frozenset(("day", "month", "season", "fquarter", "cquarter"))


def _after_dash(r: PhraseReader) -> tuple[int, Reading] | None:
    """The date phrase ending a line after its last dash, and where it starts: the words after
    the dash, or a range whose first date comes before it ("June 2016 – April 2017", never read
    as April 2017 alone)."""
    n = len(r.t)
    dashes = [k for k, tok in enumerate(r.t) if tok.text in _DASHES]
    if not dashes or dashes[-1] in (0, n - 1):
        return None
    k = dashes[-1]
    for j in range(max(0, k - 3), k):
        reading = read(r, j, n) if r.can_start(j) else None
        if reading is not None and reading.kind == "dated" and reading.shape == "range":
            return (j, reading) if _dated(reading) else None
    if not r.can_start(k + 1):
        return None
    reading = read(r, k + 1, n)
    if reading is None or reading.kind != "dated" or reading.shape != "one":
        return None
    if reading.op not in (None, "by", "before", "start") or not _dated(reading):
        return None
    return k + 1, reading


def _dated(reading: Reading) -> bool:
    return all(spec.year is not None and spec.kind in _DASH_KINDS for spec in reading.specs)


def _introduces(r: PhraseReader, i: int) -> bool:
    """Token ``i`` starts an operator ("by", "by the end of", "before", "in")."""
    return any(cls in ("op", "endof") for _, cls, _ in r.match(i, len(r.t)))


def _phrase_at(r: PhraseReader, i: int, ends: list[int]) -> tuple[int, Reading] | None:
    for end in ends:
        if end <= i + 1:
            continue
        reading = read(r, i, end)
        if reading is not None and _taken(r, i, reading):
            if check_subject(r, i, reading) is not None:
                return None
            return end, reading
    return None


def _taken(r: PhraseReader, i: int, reading: Reading) -> bool:
    if reading.kind != "dated" or reading.shape != "one":
        return False
    if reading.op in ("by", "before", "start"):
        return r.t[i].text != "from"  # "data from 2008": narrative, not a start
    spec: Spec = reading.specs[0]
    return (
        reading.op is None
        and r.t[i].text in _NAMED
        and spec.year is not None
        and spec.kind in ("day", "month", "season", "fquarter", "cquarter")
    )


def _timing(
    r: PhraseReader, i: int, end: int, reading: Reading, period: Timing | None
) -> tuple[Timing, list[WarningRecord]]:
    t = r.t
    line = r.line
    phrase = line[t[i].start : t[end - 1].end]
    rest = f"{line[: t[i].start]} {line[t[end - 1].end :]}"
    subject = tidy_line(rest).strip(" ,;:.-–—") or None

    def words(spec: Spec) -> str:
        return line[t[spec.first].start : t[spec.stop - 1].end]

    return timing_from(phrase, subject, build_reading(reading, period, phrase, words))
