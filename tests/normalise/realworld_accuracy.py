"""How well real party cells are read: the figures issue #14 asks for.

``data/realworld_parties.json`` holds real lead/party cells from published UK plans, each with
the spans expected of it ([text, type, sector, place code, id], decided by hand from SPEC).
Each cell is read as the document normaliser reads it: under its plan's title (issuing body,
area, years). How it is counted:

* a cell whose spans come out with other texts than expected (split differently) counts every
  expected span as wrong in type, sector and place;
* otherwise each span is right in type, sector or place when it equals the expected value
  (a null sector or place expected and produced counts as right);
* a wrong body is a span given an id other than the expected one (an id where none is
  expected included); a missing id where one is expected is a miss, not a wrong body.

Run as a script it prints the figures: ``PYTHONPATH=src python tests/normalise/realworld_accuracy.py``
(``all``, or ``json``, ``tsv``, ``third`` or ``fourth`` for one file's cells).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workplan_extract.normalise import load_vocabulary, parse_period
from workplan_extract.normalise.cells import parse_parties
from workplan_extract.normalise.context import PlanContext
from workplan_extract.normalise.issuer import issuing_body, party_context, period_bounds
from workplan_extract.normalise.vocab import Vocabulary

DATA = Path(__file__).with_name("data") / "realworld_parties.json"
#: More cells, one a line (easier to check by hand): see that file's header.
MORE = Path(__file__).with_name("data") / "realworld_parties_2.tsv"
#: The third and fourth collections, kept apart so that their figures (unseen when each was
#: added) can be told.
THIRD = Path(__file__).with_name("data") / "realworld_parties_3.tsv"
FOURTH = Path(__file__).with_name("data") / "realworld_parties_4.tsv"
#: ``main``'s choices of one file's cells.
ONE_FILE = {"tsv": MORE, "third": THIRD, "fourth": FOURTH}


@dataclass
class Figures:
    """Counts over every expected span."""

    spans: int = 0
    cells: int = 0
    type_right: int = 0
    sector_right: int = 0
    place_right: int = 0
    ids_expected: int = 0
    ids_right: int = 0
    wrong_bodies: list[str] = field(default_factory=list)
    split_differently: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def percent(self, count: int) -> float:
        return 100.0 * count / self.spans if self.spans else 0.0


def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    for path in (MORE, THIRD, FOURTH):
        more = load_tsv(path)
        data["titles"].update(more["titles"])
        data["sources"].update(more["sources"])
        data["cells"].extend(more["cells"])
    return data


def _null(value: str) -> str | None:
    return None if value == "-" else value


def load_tsv(path: Path) -> dict[str, Any]:
    """Cells written one a line: ``@ <source> <title> <address>`` names a source; then
    ``<source> <kind> <cell> <span>...`` with each span ``text|type|sector|place|id``
    ("-" for null; "\\n" in a cell is a line break)."""
    titles: dict[str, str] = {}
    sources: dict[str, str] = {}
    cells: list[dict[str, Any]] = []
    bodies: list[tuple[str, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "!":
            bodies.append((fields[1], _null(fields[2])))
            continue
        if fields[0] == "@":
            titles[fields[1]] = fields[2]
            sources[fields[1]] = f"{fields[2]}: {fields[3]}"
            continue
        source, kind, cell, *spans = fields
        expect = []
        for span in spans:
            text, kind_, sector, place, entry_id = span.split("|")
            expect.append(
                [text.replace("\\n", "\n"), kind_, _null(sector), _null(place), _null(entry_id)]
            )
        cells.append(
            {"source": source, "kind": kind, "cell": cell.replace("\\n", "\n"), "expect": expect}
        )
    return {"titles": titles, "sources": sources, "cells": cells, "bodies": bodies}


@dataclass
class BodyFigures:
    """Issuing bodies read from titles: right, unknown (no id, as honest) and wrong."""

    right: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def measure_bodies() -> BodyFigures:
    """Each title's issuing body against the one expected ("!" lines of the TSV file)."""
    vocabulary = load_vocabulary()
    figures = BodyFigures()
    for title, expected in [b for path in (MORE, THIRD, FOURTH) for b in load_tsv(path)["bodies"]]:
        period, span = parse_period(title)
        body, _ = issuing_body(title, span, vocabulary, period_bounds(period))
        got = body.id if body is not None else None
        line = f"{title!r}: {got} (expected {expected})"
        if got == expected:
            figures.right.append(line)
        elif got is None:
            figures.unknown.append(line)
        else:
            figures.wrong.append(line)
    return figures


def _context(title: str, vocabulary: Vocabulary) -> PlanContext:
    period, span = parse_period(title)
    bounds = period_bounds(period)
    body, _ = issuing_body(title, span, vocabulary, bounds)
    return party_context(vocabulary, title, bounds, body)


def measure(data: dict[str, Any] | None = None) -> Figures:
    data = load() if data is None else data
    vocabulary = load_vocabulary()
    contexts = {source: _context(title, vocabulary) for source, title in data["titles"].items()}
    figures = Figures()
    for cell in data["cells"]:
        refs, _ = parse_parties(cell["cell"], vocabulary, contexts[cell["source"]])
        expected = cell["expect"]
        figures.cells += 1
        figures.spans += len(expected)
        figures.ids_expected += sum(1 for e in expected if e[4] is not None)
        expected_ids = {e[4] for e in expected}
        for ref in refs:
            if ref.id is not None and ref.id not in expected_ids:
                figures.wrong_bodies.append(f"{cell['cell']!r}: {ref.text!r} -> {ref.id}")
        if [r.text for r in refs] != [e[0] for e in expected]:
            figures.split_differently.append(
                f"{cell['cell']!r}: {[r.text for r in refs]} != {[e[0] for e in expected]}"
            )
            continue
        for ref, (text, kind, sector, place, entry_id) in zip(refs, expected, strict=True):
            got_place = ref.place.code if ref.place is not None else None
            figures.type_right += ref.type == kind
            figures.sector_right += ref.sector == sector
            figures.place_right += got_place == place
            figures.ids_right += entry_id is not None and ref.id == entry_id
            got = (ref.type, ref.sector, got_place, ref.id)
            if got != (kind, sector, place, entry_id):
                figures.misses.append(
                    f"{text!r}: got {got}, expected {(kind, sector, place, entry_id)}"
                )
    return figures


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    data = load()
    if which != "all":
        # "json", "tsv", "third" or "fourth": the figures of one of the files only
        if which == "json":
            wanted = json.loads(DATA.read_text(encoding="utf-8"))
        else:
            wanted = load_tsv(ONE_FILE[which])
        data = {**data, "cells": wanted["cells"]}
    figures = measure(data)
    print(f"{figures.cells} cells, {figures.spans} spans ({which})")
    print(
        f"type right:   {figures.type_right}/{figures.spans} = {figures.percent(figures.type_right):.1f}%"
    )
    print(
        f"sector right: {figures.sector_right}/{figures.spans} = "
        f"{figures.percent(figures.sector_right):.1f}%"
    )
    print(
        f"place right:  {figures.place_right}/{figures.spans} = "
        f"{figures.percent(figures.place_right):.1f}%"
    )
    print(f"ids found:    {figures.ids_right}/{figures.ids_expected}")
    print(f"wrong bodies: {len(figures.wrong_bodies)}")
    found = measure_bodies()
    print(
        f"issuing bodies from titles: {len(found.right)} right, {len(found.unknown)} unknown, "
        f"{len(found.wrong)} wrong"
    )
    for line in found.wrong + found.unknown:
        print("   body", line)
    for line in figures.wrong_bodies + figures.split_differently + figures.misses:
        print("  ", line)


if __name__ == "__main__":
    main()
