"""The indexed vocabulary kept on disk (``vocabcache``) is the one built afresh: every index
equal, every lookup the same (on the samples' records and on generated text), and never read
when stale, damaged or writable by others (STYLE.md: a fast path is proven against the slow
one)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workplan_extract import extract, vocabcache
from workplan_extract.normalise import loading
from workplan_extract.normalise.vocab import Vocabulary

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    """The cache on, in a folder of this test's own, and the in-process cache empty."""
    folder = tmp_path / "cache"
    vocabcache.enable(folder)
    loading._CACHE.clear()
    try:
        yield folder
    finally:
        vocabcache.disable()
        loading._CACHE.clear()


def _fresh(paths: tuple[Path, ...] = ()) -> Vocabulary:
    """Built from the files, the disk cache off."""
    was = vocabcache.folder()
    vocabcache.disable()
    loading._CACHE.clear()
    try:
        return loading.load_vocabulary(paths)
    finally:
        vocabcache.enable(was) if was is not None else vocabcache.disable()
        loading._CACHE.clear()


def _from_disk(paths: tuple[Path, ...] = ()) -> Vocabulary:
    """Stored by one load, then read back by the next (the in-process cache emptied), which
    must not build an index."""
    loading.load_vocabulary(paths)
    loading._CACHE.clear()
    built = loading.Vocabulary

    def no_build(*args: object) -> Vocabulary:
        raise AssertionError("built again instead of read from disk")

    loading.Vocabulary = no_build  # type: ignore[assignment,misc]
    try:
        return loading.load_vocabulary(paths)
    finally:
        loading.Vocabulary = built  # type: ignore[misc]


def _state(value: Any) -> Any:
    """What an index holds, comparable with ==: objects as their attributes."""
    if isinstance(value, dict):
        return {k: _state(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_state(v) for v in value]
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, _state(vars(value)))
    if hasattr(value, "__slots__") and not isinstance(value, tuple):
        return (type(value).__name__, {s: _state(getattr(value, s)) for s in value.__slots__})
    return value


def test_the_index_read_from_disk_is_the_one_built(cache: Path) -> None:
    loaded, fresh = _from_disk(), _fresh()
    assert loaded is not fresh
    assert _state(loaded) == _state(fresh)
    assert [p.name for p in cache.iterdir()] == [p.name for p in cache.glob("*.vocab.pickle")]


def test_the_samples_read_the_same_with_the_index_from_disk(cache: Path) -> None:
    _from_disk()
    names = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".html"))
    assert names
    with_disk = {n: extract(SAMPLES / n).model_dump() for n in names}
    _fresh()
    vocabcache.disable()
    assert with_disk == {n: extract(SAMPLES / n).model_dump() for n in names}


_WORDS = ["London", "Board", "Police", "Council", "NHS", "Met", "Safeguarding", "Children's"]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vocabulary, Vocabulary]]:
    """An index read from disk and one built afresh."""
    vocabcache.enable(tmp_path_factory.mktemp("cache"))
    loading._CACHE.clear()
    try:
        yield _from_disk(), _fresh()
    finally:
        vocabcache.disable()
        loading._CACHE.clear()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_WORDS) | st.text(min_size=1, max_size=12), max_size=5))
def test_every_lookup_is_the_same(pair: tuple[Vocabulary, Vocabulary], words: list[str]) -> None:
    loaded, fresh = pair
    text = " ".join(words)
    assert loaded.lookup(text) == fresh.lookup(text)


def test_a_changed_vocabulary_file_is_never_read_stale(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    entry = {"id": "north-board", "name": "North Board", "kind": "organisation"}
    extra.write_text(json.dumps({"entries": [entry]}), "utf-8")
    assert _from_disk((extra,)).by_id["north-board"].name == "North Board"
    entry["name"] = "North Safeguarding Board"
    extra.write_text(json.dumps({"entries": [entry]}), "utf-8")
    os.utime(extra, ns=(1, 1))  # a new version, whatever the clock's resolution
    assert _from_disk((extra,)).by_id["north-board"].name == "North Safeguarding Board"


def test_a_damaged_file_is_built_again(cache: Path) -> None:
    _from_disk()
    for file in cache.glob("*.vocab.pickle"):
        file.write_bytes(file.read_bytes()[:1000])
    loading._CACHE.clear()
    assert _state(loading.load_vocabulary()) == _state(_fresh())


def test_a_folder_others_can_write_is_neither_read_nor_written(cache: Path) -> None:
    _from_disk()
    os.chmod(cache, 0o777)
    loading._CACHE.clear()
    stamp = tuple(loading._stamp(p) for p in loading.shipped_files() if p)
    assert vocabcache.load(stamp) is None
    for file in cache.iterdir():
        file.unlink()
    loading.load_vocabulary()
    assert list(cache.iterdir()) == []


def test_off_and_the_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(vocabcache.ENV, "off")
    assert vocabcache.default_folder() is None
    monkeypatch.delenv(vocabcache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert vocabcache.default_folder() == tmp_path / "workplan-extract"
    monkeypatch.setenv(vocabcache.ENV, str(tmp_path / "mine"))
    assert vocabcache.default_folder() == tmp_path / "mine"


def test_only_the_newest_files_are_kept(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vocabcache, "KEEP", 2)
    for n in range(3):
        extra = tmp_path / f"extra{n}.json"
        entry = {"id": f"board-{n}", "name": f"Board {n}", "kind": "organisation"}
        extra.write_text(json.dumps({"entries": [entry]}), "utf-8")
        loading._CACHE.clear()
        loading.load_vocabulary((extra,))
    kept = list(cache.glob("*.vocab.pickle"))
    assert len(kept) == 2
    # The one just written is among them: its index is read back without building.
    assert _from_disk((extra,)).by_id["board-2"].name == "Board 2"


def test_a_change_to_any_module_of_the_normaliser_names_another_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Modules split off vocab.py (fuzzykeys, areabodies) shape the index too: a list of the
    # modules that build it would have let an edit of one of them read a stale index.
    from workplan_extract.normalise import fuzzykeys

    before = vocabcache._key([])
    real_stat = os.stat

    def edited(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real_stat(path, *args, **kwargs)
        if os.fspath(path) == fuzzykeys.__file__:
            fields = list(info)
            fields[8] += 1  # st_mtime, as an edit would move it
            return os.stat_result(fields, {"st_mtime_ns": info.st_mtime_ns + 1})
        return info

    monkeypatch.setattr(os, "stat", edited)
    assert vocabcache._key([]) not in (None, before)


@pytest.mark.parametrize(
    "present",
    [
        ("register.json", "places.json"),
        ("register.json",),
        ("places.json",),
        (),
        ("register.json/", "places.json"),  # a folder by the name: not a file
    ],
)
def test_the_one_stat_per_file_stamp_agrees_with_is_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, present: tuple[str, ...]
) -> None:
    # The stamp load_vocabulary keys its cache on is taken with one stat per file; it must
    # name the same files, with the same stamps, as shipped_files() and a stat of each.
    (tmp_path / "parties.json").write_text("{}", encoding="utf-8")
    for name in present:
        if name.endswith("/"):
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    seeds, register, places, stamps = loading._shipped_stamps()
    assert (seeds, register, places) == loading.shipped_files()
    assert stamps == [loading._stamp(p) for p in loading.shipped_files() if p is not None]
    assert (register is not None, places is not None) == (
        "register.json" in present,
        "places.json" in present,
    )


def test_a_same_size_rewrite_that_keeps_its_mtime_is_not_read_stale(
    cache: Path, tmp_path: Path
) -> None:
    # cp -p, touch -r, or a filesystem with coarse times: the change time still moves.
    extra = tmp_path / "extra.json"
    entry = {"id": "north-board", "name": "Zzyzx Board", "kind": "organisation"}
    extra.write_text(json.dumps({"entries": [entry]}), "utf-8")
    os.utime(extra, ns=(5, 5))
    assert _from_disk((extra,)).by_id["north-board"].name == "Zzyzx Board"
    entry["name"] = "Qqqqq Board"
    extra.write_text(json.dumps({"entries": [entry]}), "utf-8")
    os.utime(extra, ns=(5, 5))
    loading._CACHE.clear()
    assert _from_disk((extra,)).by_id["north-board"].name == "Qqqqq Board"


def test_a_renamed_vocabulary_file_is_named_as_it_is_now(cache: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    entry = {"id": "north-board", "name": "North Board", "kind": "organisation"}
    first.write_text(json.dumps({"entries": [entry]}), "utf-8")
    assert _from_disk((first,)).by_id["north-board"].source == str(first)
    renamed = first.rename(tmp_path / "renamed.json")
    assert loading.load_vocabulary((renamed,)).by_id["north-board"].source == str(renamed)


@pytest.mark.parametrize("home", ["~", "relative/cache"])
def test_a_relative_cache_folder_is_no_cache(monkeypatch: pytest.MonkeyPatch, home: str) -> None:
    # No HOME and no passwd entry leave "~" unexpanded; XDG says to ignore a relative value.
    monkeypatch.delenv(vocabcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", home)
    assert vocabcache.default_folder() is None


def test_a_killed_writers_temporary_file_is_removed_in_time(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    stale = cache / ".tmp-dead.vocab.pickle"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    fresh = cache / ".tmp-writing.vocab.pickle"
    fresh.write_bytes(b"half")
    vocabcache._prune(cache, "none")
    assert not stale.exists() and fresh.exists()
