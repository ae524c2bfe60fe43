"""An item's status as written (a RAG, Status or progress-status cell) -> one of SPEC's values.

Plans write status as a RAG colour ("G", "Amber", "R/A"), a word ("Completed", "On Target",
"Not started") or a word followed by commentary ("Green - on track", "Complete. Report
published"). The value is read from the whole text, else from its first phrase; two colours
("Amber/Green") give the worse of them, as the text is kept. Anything else is no value, with a
``status.unrecognised`` warning from the caller: a status guessed wrong is worse than none.
"""

from __future__ import annotations

import re

from workplan_extract.records import StatusValue

#: Status words as plans write them (lower case, single spaces) -> value.
_WORDS: dict[str, StatusValue] = {
    "r": "red",
    "red": "red",
    "a": "amber",
    "amber": "amber",
    "g": "green",
    "green": "green",
    "b": "blue",
    "blue": "blue",
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "achieved": "complete",
    "closed": "complete",
    "finished": "complete",
    "delivered": "complete",
    "on target": "on-track",
    "on track": "on-track",
    "on schedule": "on-track",
    "on course": "on-track",
    "at risk": "at-risk",
    "slipping": "at-risk",
    "some slippage": "at-risk",
    "overdue": "overdue",
    "late": "overdue",
    "delayed": "overdue",
    "behind schedule": "overdue",
    "behind target": "overdue",
    "not met": "overdue",
    "not started": "not-started",
    "not yet started": "not-started",
    "not begun": "not-started",
    "deferred": "deferred",
    "postponed": "deferred",
    "on hold": "deferred",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "withdrawn": "cancelled",
    "no longer required": "cancelled",
}
#: Worse first: of two colours written together the worse is the status.
_SEVERITY: tuple[StatusValue, ...] = ("red", "amber", "green", "blue")
_COLOURS = re.compile(
    r"^(?:red|amber|green|blue|[ragb])(?:\s*[/&-]\s*(?:red|amber|green|blue|[rag]))+$"
)
#: Where a status word ends and commentary begins.
_CLAUSE = re.compile(r"\s*(?:[.;:,(\n–—]|\s-\s|\s-$)")
_SPACES = re.compile(r"\s+")
_LABEL = re.compile(r"^(?:rag(?:\s+rating|\s+status)?|status)\s*[:=-]\s*", re.IGNORECASE)


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.strip(" \t\n.!*").lower())


def status_value(text: str) -> StatusValue | None:
    """The status value a cell's text means, or None when it means none of SPEC's values.

    >>> status_value("Completed"), status_value("On Target"), status_value("G")
    ('complete', 'on-track', 'green')
    >>> status_value("Amber/Green"), status_value("Green - on track"), status_value("In hand")
    ('amber', 'green', None)
    """
    text = _LABEL.sub("", text.strip())
    key = _key(text)
    if not key:
        return None
    if key in _WORDS:
        return _WORDS[key]
    if _COLOURS.match(key):
        found = {_WORDS[part] for part in re.split(r"\s*[/&-]\s*", key)}
        return next(value for value in _SEVERITY if value in found)
    first = _CLAUSE.split(text, maxsplit=1)[0]
    key = _key(first)
    if key in _WORDS:
        return _WORDS[key]
    if _COLOURS.match(key):
        return status_value(first)
    return None
