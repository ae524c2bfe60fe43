"""Suggesting vocabulary entries from unmatched spans, OpenRefine style."""

from __future__ import annotations

import json
from pathlib import Path

from normalise_helpers import document, raw_item

from workplan_extract.normalise import (
    check_vocabulary_file,
    fingerprint,
    load_vocabulary,
    normalise,
    suggest_entries,
)
from workplan_extract.records import WorkplanDocument


def test_fingerprint_is_openrefines_key() -> None:
    assert fingerprint("Networks/ALDCS, networks") == "aldcs networks"
    assert fingerprint("  Children’s   Bill ") == fingerprint("bill, childrens")
    assert fingerprint("Café") == "cafe"


def docs() -> list[WorkplanDocument]:
    one = document(
        "Workplan 2004",
        [
            raw_item("1", "a", {"audience": "All agencies\nKidscape", "partners": "ALL AGENCIES"}),
            raw_item("2", "b", {"audience": "Kidscape, Kidscap charity", "lead_parties": "ALG"}),
        ],
    )
    two = document(
        "Workplan 2005",
        [
            raw_item("1", "a", {"audience": "Kidscape\nAssocation of London Government"}),
        ],
    )
    return [normalise(one), normalise(two)]


def test_spellings_cluster_by_key_collision_then_nearest_neighbour() -> None:
    suggestions = suggest_entries(docs())
    by_name = {s["name"]: s for s in suggestions}
    assert by_name["Kidscape"]["_count"] == 3
    assert by_name["Kidscape"]["_documents"] == 1  # both test documents share a checksum
    by_key = {fingerprint(s["name"]): s for s in suggestions}
    # "ALL AGENCIES" and "All agencies" share a key: one entry, no alias needed.
    assert by_key["agencies all"]["aliases"] == []
    assert by_key["agencies all"]["_count"] == 2
    assert suggestions[0]["name"] == "Kidscape"  # most frequent first
    fuzzy = by_name["Assocation of London Government"]
    assert fuzzy["_fuzzy_ids"] == ["association-of-london-government"]
    assert "Kidscap charity" in {n for s in suggestions for n in [s["name"], *s["aliases"]]}


def test_near_spellings_merge_and_become_aliases() -> None:
    doc = document(
        "Workplan 2004",
        [
            raw_item(
                "1",
                "a",
                {"audience": "Youth Offending Teams\nYouth Offending Team\nYouth Offending Teams"},
            ),
        ],
    )
    (suggestion,) = suggest_entries([normalise(doc)])
    assert (suggestion["name"], suggestion["aliases"], suggestion["_count"]) == (
        "Youth Offending Teams",
        ["Youth Offending Team"],
        3,
    )


def test_suggestions_are_deterministic_and_loadable(tmp_path: Path) -> None:
    first = suggest_entries(docs())
    assert suggest_entries(list(reversed(docs()))) == first
    path = tmp_path / "suggested.json"
    path.write_text(json.dumps({"entries": first}), encoding="utf-8")
    assert check_vocabulary_file(path) == []
    ids = {s["id"] for s in first}
    assert not ids & set(load_vocabulary().by_id)


def test_nothing_to_suggest() -> None:
    assert suggest_entries([]) == []
