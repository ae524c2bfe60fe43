"""The vocabulary's caches stay bounded in a long-running process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workplan_extract.normalise import loading, vocab
from workplan_extract.normalise.loading import load_vocabulary


def test_the_fuzzy_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vocab, "FUZZY_CACHE_SIZE", 3)
    vocabulary = load_vocabulary(())
    words = ["Borough Councl", "Metropolitn Police", "Londn Councils", "Safeguardng Board"]
    for text in words:
        vocabulary.lookup(text)
    assert 0 < len(vocabulary._fuzzy_cache) <= 3
    # What was forgotten is looked up afresh, with the same answer.
    assert vocabulary.lookup(words[0]) == vocabulary.lookup(words[0])


def test_only_a_few_sets_of_vocabulary_files_are_kept(tmp_path: Path) -> None:
    loading._CACHE.clear()
    for n in range(loading._CACHE_SETS + 3):
        path = tmp_path / f"v{n}.json"
        path.write_text(json.dumps({"entries": []}), encoding="utf-8")
        load_vocabulary([path])
    assert len(loading._CACHE) == loading._CACHE_SETS
