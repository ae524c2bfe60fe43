"""A vocabulary far larger than the shipped one: blocked fuzzy matching stays correct."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from workplan_extract.normalise import load_vocabulary, match_party, parse_parties
from workplan_extract.normalise.vocab import FULL_SCAN_LIMIT, Vocabulary

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "normaliser_bench.py"


def _generator() -> Callable[[int], list[dict[str, object]]]:
    """The benchmark's vocabulary generator: the same names the benchmark times."""
    spec = importlib.util.spec_from_file_location("normaliser_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate: Callable[[int], list[dict[str, object]]] = module.generate
    return generate


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    entries = _generator()(20_000)
    path: Path = tmp_path_factory.mktemp("vocab") / "big.json"
    path.write_text(json.dumps({"entries": entries}), encoding="utf-8")
    return load_vocabulary([path])


def test_the_blocked_fuzzy_path_is_used(big: Vocabulary) -> None:
    assert len(big.choices) > FULL_SCAN_LIMIT
    assert big.postings


def test_seed_cells_match_the_same_with_a_large_vocabulary(big: Vocabulary) -> None:
    cell = "London Board supported by London Councils,\nparticipating LAs, DfES, HO"
    assert parse_parties(cell, big) == parse_parties(cell, load_vocabulary())


def test_typos_still_match_and_generated_names_are_found(big: Vocabulary) -> None:
    assert match_party("Assocation of London Government", big)[0].id == (
        "association-of-london-government"
    )
    for entry_id in ("gen-000100", "gen-005000", "gen-012345", "gen-019999"):
        entry = big.by_id[entry_id]
        assert match_party(entry.name, big)[0].match == "exact"
        typo = entry.name[:-2] + entry.name[-1]  # "Sawick Justice Projet"
        ref, _ = match_party(typo, big)
        assert (ref.id, ref.match) == (entry_id, "fuzzy")


def test_zorvakid_still_matches_nothing(big: Vocabulary) -> None:
    assert match_party("Zorvakid", big)[0].id is None
