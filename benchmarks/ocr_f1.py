"""Field F1 of one extracted document against another (a scan's record against its digital
original's golden): how many of the values the record states are right, and how many of the
right values it states.

Definition. A record is turned into a multiset of *facts*, each a triple
``(item, field, value)``:

- ``item`` is the item's number as written (``#i`` for the i-th item when it has none), or
  ``None`` for the document's own fields;
- ``field`` is the path of a leaf value inside the item (or document), with list indexes left
  out, so that one paragraph missed does not shift every later one: ``actions.text``,
  ``lead_parties.id``, ``timings.edtf``, ``cells.audience``, ``location.row``;
- ``value`` is the leaf value (strings compared exactly).

Document facts are the title, reference, preamble paragraphs, the issuing body's id, the
period's EDTF, and each column's header and field. Item facts are every leaf of the item, except
match scores (``score``: a fuzzy score is a measurement, not a value the document states).
``source``, ``warnings`` and ``extractor`` are not facts.

With ``G`` the golden's facts and ``R`` the record's, ``TP = |G ∩ R|`` (multiset intersection),
precision ``P = TP / |R|``, recall ``Rc = TP / |G|``, and ``F1 = 2 P Rc / (P + Rc)``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Fact = tuple[str | None, str, str]

_SKIPPED_KEYS = frozenset({"score"})


@dataclass(frozen=True)
class F1:
    """Precision, recall and F1, with the counts they come from."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    record_facts: int
    golden_facts: int
    missing: list[Fact]
    extra: list[Fact]


def facts(document: dict[str, Any]) -> Counter[Fact]:
    """The document's facts (see the module's docstring)."""
    out: Counter[Fact] = Counter()
    out.update(_leaves(None, "title", document.get("title")))
    out.update(_leaves(None, "reference", document.get("reference")))
    out.update(_leaves(None, "preamble", document.get("preamble")))
    body = document.get("body") or {}
    out.update(_leaves(None, "body.id", body.get("id")))
    period = document.get("period") or {}
    out.update(_leaves(None, "period.edtf", period.get("edtf")))
    for column in document.get("columns", []):
        out.update(_leaves(None, "columns.header", column.get("header")))
        out.update(_leaves(None, "columns.field", column.get("field")))
    for n, item in enumerate(document.get("items", [])):
        key = item.get("number") or f"#{n}"
        for name, value in item.items():
            out.update(_leaves(key, name, value))
    return out


def _leaves(item: str | None, path: str, value: Any) -> Iterator[Fact]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in _SKIPPED_KEYS:
                yield from _leaves(item, f"{path}.{key}", inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _leaves(item, path, inner)
    elif value is not None:
        yield item, path, json.dumps(value, ensure_ascii=False)


def field_f1(record: dict[str, Any], golden: dict[str, Any]) -> F1:
    """The F1 of ``record``'s facts against ``golden``'s."""
    got, want = facts(record), facts(golden)
    hits = sum((got & want).values())
    precision = hits / sum(got.values()) if got else 0.0
    recall = hits / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return F1(
        precision,
        recall,
        f1,
        hits,
        sum(got.values()),
        sum(want.values()),
        sorted((want - got).elements(), key=str),
        sorted((got - want).elements(), key=str),
    )
