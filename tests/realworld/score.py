"""Score an extraction against the expectations written by hand in ``plans/*.json``.

Precision first: a value the tool gives that differs from the expected one is counted ``wrong``
apart from an honest ``unknown`` (no value where one was expected: a timing of kind unknown, an
unrecognised status, a refused table). The expectations' wildcard ``"*"`` marks a value SPEC leaves
open; it is not scored.

Expected item fields (``expect.items``):

* ``number``: a string or null; ``section``, ``title``: a string (or null) or a list of acceptable
  ones (titles compared without a leading list label such as "a)");
* ``status``: the status value or null; ``progress``: how many progress paragraphs;
* ``leads``: the ``type`` of each lead party, in order;
* ``timings``: ``[kind, edtf]`` per expected timing; ``["nodate", null]`` says the item's timing
  text holds no date, so any date the tool gives is wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from workplan_extract.records import WorkplanDocument

ANY = "*"
FIELDS = ("tables", "items", "numbers", "titles", "sections", "status", "progress", "leads")
_LABEL = re.compile(r"^\(?[a-z]\)\s*")


@dataclass
class Score:
    """Counts of right, wrong and unknown values, per field, for one or more extractions."""

    right: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.right.update(other.right)
        self.wrong.update(other.wrong)
        self.unknown.update(other.unknown)
        self.notes.extend(other.notes)

    def mark(self, name: str, outcome: str, note: str | None = None) -> None:
        {"right": self.right, "wrong": self.wrong, "unknown": self.unknown}[outcome][name] += 1
        if note is not None and outcome != "right":
            self.notes.append(f"{outcome} {name}: {note}")

    @property
    def failures(self) -> list[str]:
        return self.notes


def _title(text: str | None) -> str:
    return " ".join(_LABEL.sub("", text or "").split())


def score(
    expect: dict[str, Any],
    doc: WorkplanDocument | None,
    error: str | None,
    table_rows: list[list[list[str]]] | None = None,
) -> Score:
    """Score one extraction (``doc``, or the error code it raised) against ``expect``.

    ``table_rows`` are the data rows of each source table; a table counts as accepted when an
    item holds the text of one of its data rows (readers number tables differently: a web page's
    one-column table may be read as paragraphs)."""
    s = Score()
    tables_expected: list[bool] = expect["tables"]
    if not expect["accepted"]:
        if doc is None and error == "no-workplan-table":
            s.mark("tables", "right")
        elif doc is None:
            s.mark("tables", "wrong", f"refused with {error}, not no-workplan-table")
        else:
            s.mark("tables", "wrong", f"accepted a non-workplan: {len(doc.items)} items")
        return s
    if doc is None:
        s.mark("tables", "unknown", f"workplan refused: {error}")
        s.unknown["items"] += len(expect["items"])
        return s
    texts = {" ".join(v.split()) for item in doc.items for v in item.cells.values()}
    for n, want in enumerate(tables_expected):
        rows = (table_rows or [])[n] if n < len(table_rows or []) else []
        got = any(" ".join(c.split()) in texts for row in rows for c in row if c.strip())
        s.mark("tables", "right" if got == want else ("wrong" if got else "unknown"), f"table {n}")
    items = doc.items
    want_items = expect["items"]
    if len(items) != len(want_items):
        s.notes.append(f"{len(items)} items, expected {len(want_items)}")
    for n, want in enumerate(want_items):
        if n >= len(items):
            s.mark("items", "unknown", f"item {n} missing")
            continue
        _score_item(s, want, items[n], n)
    for extra in items[len(want_items) :]:
        s.mark("items", "wrong", f"extra item {extra.number!r} {extra.title[:40]!r}")
    return s


def _score_item(s: Score, want: dict[str, Any], item: Any, n: int) -> None:
    ok = True
    label = f"item {n} ({(item.number or _title(item.title))[:30]!r})"
    if want["number"] != ANY:
        right = item.number == want["number"]
        ok &= right
        s.mark(
            "numbers",
            "right" if right else "wrong",
            f"{label}: {item.number!r} != {want['number']!r}",
        )
    if want["title"] != ANY:
        titles = want["title"] if isinstance(want["title"], list) else [want["title"]]
        right = _title(item.title) in {_title(t) for t in titles}
        ok &= right
        s.mark("titles", "right" if right else "wrong", f"{label}: {item.title[:60]!r}")
    s.mark("items", "right" if ok else "wrong", f"{label} number/title")
    if want["section"] != ANY:
        got = item.section
        sections = want["section"] if isinstance(want["section"], list) else [want["section"]]
        outcome = "right" if got in sections else ("unknown" if got is None else "wrong")
        s.mark("sections", outcome, f"{label}: {got!r} != {want['section']!r}")
    if want["status"] != ANY:
        got = item.status.value if item.status else None
        if got == want["status"]:
            outcome = "right"
        elif got is None:
            outcome = "unknown"
        else:
            outcome = "wrong"
        s.mark("status", outcome, f"{label}: {got!r} != {want['status']!r}")
    if want["progress"] != ANY:
        got = len(item.progress)
        outcome = "right" if got == want["progress"] else ("unknown" if got == 0 else "wrong")
        s.mark("progress", outcome, f"{label}: {got} paragraphs != {want['progress']}")
    if want["leads"] != ANY:
        _score_leads(s, want["leads"], [p.type for p in item.lead_parties], label)
    if want["timings"] != ANY:
        _score_timings(s, want["timings"], [(t.kind, t.edtf, t.text) for t in item.timings], label)


def _score_leads(s: Score, want: list[str], got: list[str], label: str) -> None:
    for n, kind in enumerate(want):
        if kind == ANY:
            continue
        if n >= len(got):
            s.mark("leads", "unknown", f"{label}: lead {n} missing ({kind})")
        elif got[n] == kind:
            s.mark("leads", "right")
        elif got[n] == "unknown":
            s.mark("leads", "unknown", f"{label}: lead {n} unknown, expected {kind}")
        else:
            s.mark("leads", "wrong", f"{label}: lead {n} {got[n]} != {kind}")
    if not want and got:
        s.mark("leads", "wrong", f"{label}: leads {got} where the cell is empty")


def _score_timings(
    s: Score, want: list[list[Any]], got: list[tuple[str, str | None, str]], label: str
) -> None:
    dated = [g for g in got if g[1] is not None]
    if want == [["nodate", None]]:
        for g in dated:
            s.mark("timings", "wrong", f"{label}: {g[2]!r} read as {g[0]} {g[1]} (no date in it)")
        if not dated:
            s.mark("timings", "right")
        return
    pool = list(dated)
    undated = [g for g in got if g[1] is None]
    open_slots = 0
    for kind, edtf in want:
        if kind == ANY:
            open_slots += 1
            continue
        if edtf is None:  # a kind without dates: done, tbc, ongoing
            found = next((g for g in undated if g[0] == kind), None)
            if found is not None:
                undated.remove(found)
            s.mark("timings", "right" if found else "unknown", f"{label}: no {kind} in {got}")
            continue
        match = next((g for g in pool if g[1] == edtf), None)
        if match is None:
            s.mark("timings", "unknown", f"{label}: no {kind} {edtf} in {[g[:2] for g in got]}")
            continue
        pool.remove(match)
        if match[0] == kind:
            s.mark("timings", "right")
        else:
            s.mark("timings", "wrong", f"{label}: {match[2]!r} is {match[0]}, expected {kind}")
    for g in pool[open_slots:]:
        s.mark("timings", "wrong", f"{label}: unexpected date {g[0]} {g[1]} from {g[2]!r}")
