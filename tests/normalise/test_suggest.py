"""Suggesting vocabulary entries from unmatched spans, OpenRefine style."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from normalise_helpers import document, raw_item

from workplan_extract.normalise import (
    check_vocabulary_file,
    fingerprint,
    load_vocabulary,
    loading,
    normalise,
    suggest_entries,
)
from workplan_extract.records import WorkplanDocument

FIXTURE = Path(__file__).parent / "fixtures" / "register"


def test_fingerprint_is_openrefines_key() -> None:
    assert fingerprint("Networks/ALDCS, networks") == "aldcs networks"
    assert fingerprint("  Children’s   Bill ") == fingerprint("bill, childrens")
    assert fingerprint("Café") == "cafe"


def docs() -> list[WorkplanDocument]:
    one = document(
        "Workplan 2004",
        [
            raw_item("1", "a", {"audience": "All agencies\nZorvakid", "partners": "ALL AGENCIES"}),
            raw_item("2", "b", {"audience": "Zorvakid, Zorvakd charity", "lead_parties": "ALG"}),
        ],
    )
    two = document(
        "Workplan 2005",
        [
            raw_item("1", "a", {"audience": "Zorvakid\nAssocation of London Government"}),
        ],
    )
    return [normalise(one), normalise(two)]


def test_spellings_cluster_by_key_collision_then_nearest_neighbour() -> None:
    suggestions = suggest_entries(docs())
    by_name = {s["name"]: s for s in suggestions}
    assert by_name["Zorvakid"]["_count"] == 3
    assert by_name["Zorvakid"]["_documents"] == 1  # both test documents share a checksum
    by_key = {fingerprint(s["name"]): s for s in suggestions}
    # "ALL AGENCIES" and "All agencies" share a key: one entry, no alias needed.
    assert by_key["agencies all"]["aliases"] == []
    assert by_key["agencies all"]["_count"] == 2
    assert suggestions[0]["name"] == "Zorvakid"  # most frequent first
    # A fuzzy match is offered as an alias of the entry it matched, not as a new entry.
    assert "Assocation of London Government" not in by_name
    (alg,) = [s for s in suggestions if s["id"] == "association-of-london-government"]
    assert alg["_adds_aliases"] == ["Assocation of London Government"]
    assert alg["aliases"][-1] == "Assocation of London Government" and "ALG" in alg["aliases"]
    assert (alg["name"], alg["successor"]) == (
        "Association of London Government",
        "london-councils",
    )
    assert "Zorvakd charity" in {n for s in suggestions for n in [s["name"], *s["aliases"]]}


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
    new = {s["id"] for s in first if "_adds_aliases" not in s}
    assert not new & set(load_vocabulary().by_id)


def test_nothing_to_suggest() -> None:
    assert suggest_entries([]) == []


def test_spellings_of_one_council_are_one_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Places but no register: six ways of writing Camden's council, one entry suggested."""
    shutil.copy(loading.DATA_DIR / "parties.json", tmp_path / "parties.json")
    shutil.copy(FIXTURE / "places.json", tmp_path / "places.json")
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    cell = "LB Camden\nL B Camden\nLB of Camden\nLondon Borough of Camden\nCamden Council\nCamden"
    doc = normalise(document("Workplan 2008/09", [raw_item("1", "a", {"lead_parties": cell})]))
    (suggestion,) = suggest_entries([doc])
    assert suggestion["name"] == "Camden"
    assert sorted(suggestion["aliases"]) == [
        "Camden Council",
        "L B Camden",
        "LB Camden",
        "LB of Camden",
        "London Borough of Camden",
    ]
    assert (suggestion["id"], suggestion["kind"], suggestion["type"]) == (
        "camden-council",
        "organisation",
        "organisation",
    )
    assert (suggestion["sector"], suggestion["body"]) == ("local-government", "council")
    assert suggestion["place"] == {"name": "Camden", "code": "E09000007"}
    assert suggestion["_count"] == 6


def test_people_and_posts_are_never_suggested() -> None:
    doc = document(
        "Workplan 2008/09",
        [raw_item("1", "a", {"lead_parties": "Jim Reeves\nChair of the Kalo Forum\nZorvakid"})],
    )
    assert [s["name"] for s in suggest_entries([normalise(doc)])] == ["Zorvakid"]
