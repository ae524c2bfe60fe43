"""Reading timing phrases on their own, for people who write vocabulary and grammar fixes.

``workplan-extract timing`` is a thin layer over ``read_timings``: it lets a user check how a
phrase is read without building a document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from workplan_extract.errors import UnreadableFile, UsageError
from workplan_extract.normalise.timings import parse_period, parse_timing
from workplan_extract.records import Timing


def period_of(text: str | None) -> Timing | None:
    """The period a ``--period`` value names ("2008/09", "2004", or a whole plan title).

    Raises:
        UsageError: the text names no year.

    >>> period_of("2008/09").edtf
    '2008-04/2009-03'
    """
    if text is None:
        return None
    period, _ = parse_period(text)
    if period is None:
        raise UsageError(f"--period {text!r} names no year or financial year")
    return period


def timing_report(text: str, period: Timing | None = None) -> dict[str, Any]:
    """One phrase read as a timing: the ``Timing`` and its warnings, as JSON-ready data.

    >>> timing_report("by end of March 2009")["timing"]["edtf"]
    '../2009-03'
    """
    timing, warnings = parse_timing(text, period)
    return {
        "timing": timing.model_dump(mode="json"),
        "warnings": [{"code": w.code, "message": w.message} for w in warnings],
    }


def read_timings(lines: Iterable[str], period: Timing | None = None) -> Iterator[dict[str, Any]]:
    """``timing_report`` of each non-blank line."""
    for line in lines:
        text = line.rstrip("\r\n")
        if text.strip():
            yield timing_report(text, period)


def read_timing_file(path: Path, period: Timing | None = None) -> list[dict[str, Any]]:
    """``read_timings`` of the lines of a UTF-8 text file.

    Raises:
        UnreadableFile: the file cannot be read or is not UTF-8 text.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UnreadableFile(f"cannot read timing lines: {reason}", path) from None
    return list(read_timings(text.splitlines(), period))
