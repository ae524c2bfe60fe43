"""The committer: outputs before manifest lines, in groups, and nothing after a failure."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

import pytest

from workplan_extract.batch.commit import Committer, Pending
from workplan_extract.batch.manifest import Manifest, ManifestEntry, read_manifest


def entry(i: int, output: str) -> ManifestEntry:
    return ManifestEntry(
        file=f"in/{i}.txt", sha256=f"{i:064x}", size=1, status="done", output=output
    )


def test_results_are_committed_in_groups_with_one_manifest_fsync_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extends: list[int] = []
    original = Manifest.extend

    def counting(self: Manifest, entries: Iterable[ManifestEntry]) -> None:
        batch = list(entries)
        extends.append(len(batch))
        original(self, batch)

    monkeypatch.setattr(Manifest, "extend", counting)
    manifest = Manifest(tmp_path / "manifest.jsonl")
    committer = Committer(tmp_path, manifest, None)
    names = [f"sub/{i}.json" for i in range(40)]
    for i, name in enumerate(names):
        committer.put(Pending(entry(i, name), f"{i}\n", tmp_path / name))
    done = committer.close()
    manifest.close()
    assert [e.output for e in done] == names
    assert [e.output for e in read_manifest(tmp_path / "manifest.jsonl")] == names
    assert all((tmp_path / name).read_text() == f"{i}\n" for i, name in enumerate(names))
    # Put in a burst, they share a few commits rather than paying one fsync each.
    assert sum(extends) == 40 and len(extends) <= 40 // 4


def test_a_failed_output_stops_every_later_line(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where a folder should be")
    names = [f"{i}.json" for i in range(10)] + ["blocked/x.json"]
    names += [f"{i}.json" for i in range(11, 15)]
    manifest = Manifest(tmp_path / "manifest.jsonl")
    committer = Committer(tmp_path, manifest, None)
    with pytest.raises(OSError):
        try:
            for i, name in enumerate(names):
                committer.put(Pending(entry(i, name), "{}\n", tmp_path / name))
        finally:
            with contextlib.suppress(OSError):
                committer.close()
            committer.close()
    manifest.close()
    lines = [e.output for e in read_manifest(tmp_path / "manifest.jsonl")]
    # A prefix of what came before the failure, each with its output whole; nothing after.
    assert lines == names[: len(lines)] and len(lines) <= 10
    assert all((tmp_path / name).read_text() == "{}\n" for name in lines if name)
