"""The manifest: durable appends, torn last lines, and the on-disk index."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.batch.manifest import (
    Manifest,
    ManifestEntry,
    ManifestError,
    ManifestIndex,
    read_manifest,
)


def entry(i: int, status: str = "done", **extra: object) -> ManifestEntry:
    fields: dict[str, object] = {
        "file": f"in/{i}.txt",
        "sha256": f"{i:064x}",
        "size": 100 + i,
        "status": status,
        "output": f"{i}.txt.json" if status == "done" else None,
        "error_code": None if status == "done" else "corrupt",
        "error": None if status == "done" else "corrupt ZIP container",
        "duration": 0.25,
        "finished": "2024-05-01T12:00:00Z",
    }
    fields.update(extra)
    return ManifestEntry.model_validate(fields)


def write(path: Path, entries: list[ManifestEntry]) -> None:
    manifest = Manifest(path, sync=False)
    for e in entries:
        manifest.append(e)
    manifest.close()


def test_entries_read_back_in_order(tmp_path: Path) -> None:
    entries = [entry(1), entry(2, "failed"), entry(3, duplicate_of="in/1.txt")]
    write(tmp_path / "m.jsonl", entries)
    assert list(read_manifest(tmp_path / "m.jsonl")) == entries


def test_a_missing_manifest_reads_as_empty(tmp_path: Path) -> None:
    assert list(read_manifest(tmp_path / "none.jsonl")) == []


@given(cut=st.integers(min_value=0, max_value=10_000))
def test_a_manifest_cut_anywhere_reads_as_a_prefix(
    tmp_path_factory: pytest.TempPathFactory, cut: int
) -> None:
    path = tmp_path_factory.mktemp("m") / "m.jsonl"
    entries = [entry(i, "done" if i % 3 else "failed") for i in range(12)]
    write(path, entries)
    data = path.read_bytes()
    path.write_bytes(data[: cut % (len(data) + 1)])
    got = list(read_manifest(path))
    assert got == entries[: len(got)]
    # ...and only the torn line is lost.
    assert len(got) == path.read_bytes().count(b"\n")


def test_reopening_cuts_a_torn_line_so_the_next_entry_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    write(path, [entry(1), entry(2)])
    path.write_bytes(path.read_bytes()[:-20])  # a crash in the middle of line 2
    write(path, [entry(3)])
    assert [e.file for e in read_manifest(path)] == ["in/1.txt", "in/3.txt"]


def test_damage_before_the_last_line_is_an_error_not_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    write(path, [entry(1), entry(2), entry(3)])
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + b'{"file": "edited by hand"}\n' + lines[2])
    with pytest.raises(ManifestError, match="line 2 is not a manifest entry") as info:
        list(read_manifest(path))
    assert info.value.code == "bad-manifest"


def test_index_answers_by_sha256_output_and_failures(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    write(path, [entry(1), entry(2, "failed"), entry(3, "failed"), entry(3)])
    index = ManifestIndex()
    assert index.load(path) == 4
    done = index.done(f"{1:064x}")
    assert done is not None and done.output == "1.txt.json"
    assert index.done(f"{2:064x}") is None
    # The later entry of a file wins: 3 failed, then was retried and done.
    assert [e.file for e in index.failures()] == ["in/2.txt"]
    assert index.output_owner("3.txt.json") == f"{3:064x}"
    assert index.file_done("in/1.txt", f"{1:064x}")
    assert not index.file_done("in/1.txt", f"{9:064x}")
    # Entries loaded from an earlier run are not "tried now"; entries added now are.
    assert index.tried_now(f"{2:064x}") is None
    index.add(entry(2, "failed"))
    tried = index.tried_now(f"{2:064x}")
    assert tried is not None and tried.error_code == "corrupt"
    index.close()


def test_find_answers_the_four_questions_with_one_query(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    write(
        path, [entry(1), entry(2, "failed"), entry(4, file="in/dup.txt", duplicate_of="in/4.txt")]
    )
    index = ManifestIndex()
    index.load(path)
    index.add(entry(3, "failed"))
    known = index.find(f"{1:064x}", "other.json")
    assert known.done is not None and known.done.file == "in/1.txt"
    assert known.tried_now is None and known.output_owner is None
    # A loaded failure is known as one (the runner decides whether it recurs); failures of
    # this run are not retried; duplicates own nothing.
    failed = index.find(f"{2:064x}")
    assert failed[:3] == (None, None, None)
    assert failed.failed_before is not None and failed.failed_before.file == "in/2.txt"
    tried = index.find(f"{3:064x}").tried_now
    assert tried is not None and tried.file == "in/3.txt"
    assert index.find(f"{3:064x}").failed_before is None
    assert index.find(f"{9:064x}", "1.txt.json").output_owner == f"{1:064x}"
    assert index.find(f"{4:064x}", "4.txt.json") == (None, None, None, None)
    index.close()
