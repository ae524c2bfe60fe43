"""Whole timing phrases: operators, suffixes, statuses, recurrences and relative phrases.

``read(reader, i, end)`` is the grammar's top rule (see ``phrases.py`` for the rest): it
returns a ``Reading`` only when every token from ``i`` to ``end`` is accounted for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from workplan_extract.normalise.grammar import NUM
from workplan_extract.normalise.phrases import PhraseReader, Reading

#: Status words that move a date: "Slipped from 5 July" gives the old date, not a new one.
_MOVED = frozenset(
    ("slipped", "deferred", "postponed", "delayed", "moved", "rescheduled", "re", "put",
     "pushed", "brought", "revised", "changed", "amended", "extended")
)  # fmt: skip
_REC_DATED = frozenset(("from", "starting", "commencing", "beginning", "in", "during", "on"))
_UNIT_MONTHS = {"D": ("D", 1), "W": ("W", 1), "M": ("M", 1), "Y": ("Y", 1), "Q": ("M", 3)}
#: Operators that cannot be combined with an early/mid/late qualifier without inventing dates.
_STRICT_OPS = ("before", "after")
_MAX_OPS = 4


def read(r: PhraseReader, i: int, end: int) -> Reading | None:
    """The phrase from token ``i`` to ``end``, every token read, or None."""
    words = r.match(i, end)
    for j, cls, value in words:
        if j == end:
            whole = _whole(r, i, end, cls, value)
            if whole is not None:
                return whole
    for j, cls, value in words:
        if j < end:
            led = _led(r, i, j, end, cls, value)
            if led is not None:
                return led
    relative = _relative(r, i, end)
    if relative is not None:
        return relative
    for stop, suffix, meaning in _tails(r, i, end):
        for reading in dated(r, i, stop):
            done = _suffixed(reading, suffix, meaning)
            if done is not None:
                return done
    for j, cls, _ in words:
        if cls == "afterfree" and r.free(j, end):
            return Reading("relative", free=(j, end))
    return None


def _whole(r: PhraseReader, i: int, end: int, cls: str, value: int | str) -> Reading | None:
    """A phrase that is one lexicon entry: "Ongoing", "TBC", "Completed", "Annually"."""
    if cls in ("none", "tbc", "ongoing", "done", "relative"):
        return Reading(cls)
    if cls == "status":
        return Reading("status", message=f"{_text(r, i, end)!r} is a status, not a date")
    if cls == "rec":
        return Reading("recurring", recurrence=str(value))
    if cls == "rec?":
        return Reading("doubt", message=f"{_text(r, i, end)!r} names no one period of recurrence")
    return None


def _led(r: PhraseReader, i: int, j: int, end: int, cls: str, value: int | str) -> Reading | None:
    """A phrase led by a status or recurrence word, with more after it."""
    t = r.t
    if cls == "ongoing":
        for reading in dated(r, j, end):
            if reading.op in ("start", "by"):
                return reading  # "Ongoing from April 2009", "ongoing until March 2010"
        return Reading("ongoing", free=(j, end)) if r.free(j, end) else None
    if cls == "done":
        k = r._skip(j, end, "in", "on", "at")
        for core in r.cores(k, end):
            if core.shape == "one":
                return replace(core, kind="done")  # "Completed March 2012"
        return Reading("done", free=(j, end)) if r.free(j, end) else None
    if cls == "status":
        return _status(r, i, j, end)
    if cls == "rec":
        if t[j].text in _REC_DATED:
            k = j
            for k2, c2, _ in r.match(j, end):
                if c2 == "op":
                    k = k2
                    break
            for core in r.cores(k, end):
                if core.shape == "one":
                    return replace(core, kind="recurring", recurrence=str(value))
        return (
            Reading("recurring", recurrence=str(value), free=(j, end)) if r.free(j, end) else None
        )
    if cls == "every":
        return _every(r, j, end)
    if cls == "relative" and r.free(j, end):
        return Reading("relative", free=(j, end))
    return None


def _status(r: PhraseReader, i: int, j: int, end: int) -> Reading | None:
    """ "On hold", "Slipped from 5 July 2005 - ...", "Deferred to March 2009"."""
    t = r.t
    message = f"{_text(r, i, j)!r} is a status, not a date"
    if t[i].text in _MOVED:
        for k in range(j, end):
            if t[k].text == "to" and k + 1 < end:
                for reading in dated(r, k + 1, end):
                    if reading.op is None:
                        return reading  # the new date
        if t[j].text == "from":
            return Reading("status", message=f"{_text(r, i, end)!r}: the new date is not given")
    return Reading("status", message=message) if r.free(j, end) else None


def _every(r: PhraseReader, j: int, end: int) -> Reading | None:
    """ "Every August", "each Monday", "every 2 years"."""
    for k, cls, value in r.match(j, end):
        if k != end:
            continue
        if cls in ("mon", "season"):
            return Reading("recurring", recurrence="P1Y")
        if cls == "wday":
            return Reading("recurring", recurrence="P1W")
        if cls == "unit":
            unit, size = _UNIT_MONTHS[str(value)]
            return Reading("recurring", recurrence=f"P{size}{unit}")
    count = _count(r, j, end)
    if count is not None and count[0] + 1 == end:
        for _, cls, value in r.match(count[0], end):
            if cls == "unit":
                unit, size = _UNIT_MONTHS[str(value)]
                return Reading("recurring", recurrence=f"P{count[1] * size}{unit}")
    return None


def _count(r: PhraseReader, k: int, end: int) -> tuple[int, int] | None:
    """A count at ``k`` ("6", "six", "eighteen"): (next index, value)."""
    if k >= end:
        return None
    tok = r.t[k]
    if tok.kind == NUM and len(tok.text) <= 3:
        return k + 1, int(tok.text)
    for j, cls, value in r.match(k, end):
        if cls == "numword":
            return j, int(str(value))
    return None


def _unit(r: PhraseReader, k: int, end: int) -> int | None:
    if k >= end:
        return None
    return next((j for j, cls, _ in r.match(k, end) if cls == "unit"), None)


def _relative(r: PhraseReader, i: int, end: int) -> Reading | None:
    """ "Within six months of new Council", "6 weeks after approval", "over the next year"."""
    t = r.t
    word = t[i].text
    k = i + 1 if word in ("within", "in", "over", "for", "during") else i
    nexts = [j for j, cls, _ in r.match(k, end) if cls == "next"] if k < end else []
    if k > i and nexts:
        m = _count(r, nexts[0], end)
        after = _unit(r, m[0] if m else nexts[0], end)
        if after == end:
            return Reading("relative")
    if word != "within" and k == i + 1:
        return None
    count = _count(r, k, end)
    if count is None:
        return None
    after = _unit(r, count[0], end)
    if after is None:
        return None
    if after == end:
        return Reading("relative") if word == "within" else None
    links = [j for j, cls, _ in r.match(after, end) if cls == "relunit"]
    if links and r.free(links[0], end):
        return Reading("relative", free=(links[0], end))
    return None


def dated(r: PhraseReader, i: int, stop: int) -> Iterator[Reading]:
    """Readings of tokens ``i``..``stop`` as operators and a date ("by the end of March 2009")."""
    return _ops(r, i, stop, None, False, False, False, 0)


def _ops(
    r: PhraseReader, i: int, stop: int, op: str | None, endof: bool, qual: bool, from_: bool,
    depth: int,
) -> Iterator[Reading]:  # fmt: skip
    if i >= stop:
        return
    for core in r.cores(i, stop):
        reading = _combine(core, op, endof, qual, from_)
        if reading is not None:
            yield reading
    if depth >= _MAX_OPS:
        return
    for j, cls, value in r.match(i, stop):
        if cls == "op":
            kind = str(value)
            if op in (None, "neutral"):
                new = kind if kind != "neutral" or op is None else op
            elif kind == "neutral":
                new = op
            else:
                continue
            is_from = from_ or (kind == "start" and r.t[i].text == "from" and j == i + 1)
            yield from _ops(r, j, stop, new, endof, qual, is_from, depth + 1)
        elif cls == "endof" and not endof and not qual:
            if op in (None, "neutral", "by", "before"):
                new_op: str | None = "by"
            elif op == "after":
                new_op = "after"
            else:
                continue
            yield from _ops(r, j, stop, new_op, True, qual, from_, depth + 1)
        elif cls == "qual" and not qual and not endof:
            if j < stop and r.t[j].text == "-" and r.t[j].glued:
                j += 1  # "mid-2012"
            yield from _ops(r, j, stop, op, endof, True, from_, depth + 1)


def _combine(core: Reading, op: str | None, endof: bool, qual: bool, from_: bool) -> Reading | None:
    op = None if op == "neutral" else op
    if qual and op in _STRICT_OPS:
        return None  # "before late 2012" would need the invented end of "late"
    if core.shape != "one":
        if endof or qual:
            return None
        if op is None or (from_ and op == "start" and core.shape == "range"):
            return core
        return None
    spec = core.specs[0]
    if op == "week" and (spec.kind != "day" or qual):
        return None
    if endof and spec.kind == "day":
        return None
    return replace(core, op=op) if op is not None else core


def _tails(r: PhraseReader, i: int, end: int) -> list[tuple[int, str | None, int | str | None]]:
    """Where the date part may stop: the end, or before a suffix ("onwards", "(annually)")."""
    t = r.t
    out: list[tuple[int, str | None, int | str | None]] = [(end, None, None)]
    for k in range(max(i + 1, end - 6), end):
        for j, cls, value in r.match(k, end):
            if j == end and cls in ("suffix", "rec"):
                # "31 August (annually)": the closing bracket was dropped with the trailing
                # punctuation; the opening one goes with the suffix.
                stop = k - 1 if t[k - 1].text == "(" and k - 1 > i else k
                out.append((stop, cls, value))
    return out


def _suffixed(reading: Reading, cls: str | None, value: int | str | None) -> Reading | None:
    if cls is None:
        return reading
    if cls == "rec":
        if reading.shape != "one" or reading.op is not None:
            return None
        return replace(reading, kind="recurring", recurrence=str(value))
    if value == "filler":
        return reading
    if reading.shape != "one":
        return None
    if value == "start" and reading.op in (None, "start"):
        return replace(reading, op="start")
    if value == "by" and reading.op in (None, "by"):
        return replace(reading, op="by")
    return None


def _text(r: PhraseReader, i: int, end: int) -> str:
    return r.line[r.t[i].start : r.t[end - 1].end]
