"""Atomic writes and crash-safe appends: old content intact, no temp files, no half rows."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from workplan_extract.writers import atomic
from workplan_extract.writers.atomic import (
    AppendGroup,
    OutputError,
    atomic_open,
    atomic_write_bytes,
    atomic_write_text,
    truncate_partial_line,
)


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    atomic_write_text(target, "Barnardo’s £80k\n")
    assert target.read_bytes() == "Barnardo’s £80k\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_new_file_gets_normal_permissions_and_old_file_keeps_its_own(tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    atomic_write_bytes(new, b"x")
    umask = os.umask(0)
    os.umask(umask)
    # mkstemp makes 0600 files; the replacement must look like any other new file.
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    old = tmp_path / "old.txt"
    old.write_bytes(b"x")
    old.chmod(0o640)
    atomic_write_bytes(old, b"y")
    assert stat.S_IMODE(old.stat().st_mode) == 0o640


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failure_mid_write_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "out.json"
    target.write_text('{"old": true}\n')

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, boom)
    with pytest.raises(OSError, match="No space"):
        atomic_write_text(target, '{"new": true}\n')
    monkeypatch.undo()
    assert target.read_text() == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_error_inside_atomic_open_block_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as f:
        f.write(b"half of the new")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        (b"", b""),
        (b'{"a":1}\n', b'{"a":1}\n'),
        (b'{"a":1}\n{"b":', b'{"a":1}\n'),
        (b'{"b":', b""),
    ],
)
def test_truncate_partial_line(tmp_path: Path, content: bytes, kept: bytes) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(content)
    assert truncate_partial_line(path) == len(content) - len(kept)
    assert path.read_bytes() == kept


def test_truncate_partial_line_finds_a_newline_far_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_TAIL_CHUNK", 4)  # several backward reads on a small file
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"line one\n" + b"x" * 23)
    assert truncate_partial_line(path) == 23
    assert path.read_bytes() == b"line one\n"


def group(tmp_path: Path, append: bool, headers: dict[str, bytes] | None = None) -> AppendGroup:
    headers = headers or {"a": b"h1\n", "b": b"h2\n"}
    files = {name: tmp_path / f"{name}.csv" for name in headers}
    return AppendGroup(files, headers, tmp_path / ".commit.json", append=append)


def test_append_group_cuts_every_file_back_to_the_last_commit(tmp_path: Path) -> None:
    g = group(tmp_path, append=False)
    g.append({"a": b"1\n", "b": b"1\n1\n"})
    g.close()
    # A crash while adding the next document: "a" got its rows, "b" half a row, no commit.
    with open(tmp_path / "a.csv", "ab") as f:
        f.write(b"2\n")
    half_row = b'"2\nstill in a quoted cell'
    with open(tmp_path / "b.csv", "ab") as f:
        f.write(half_row)
    g = group(tmp_path, append=True)
    assert g.repaired == {"a": 2, "b": len(half_row)}
    g.append({"a": b"3\n", "b": b"3\n"})
    g.close()
    assert (tmp_path / "a.csv").read_bytes() == b"h1\n1\n3\n"
    assert (tmp_path / "b.csv").read_bytes() == b"h2\n1\n1\n3\n"


def test_append_group_rolls_back_a_failed_append(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = group(tmp_path, append=False)
    real_write = atomic.os.write
    calls = []

    def fail_second_file(fd: int, data: bytes) -> int:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", fail_second_file)
    with pytest.raises(OSError):
        g.append({"a": b"1\n", "b": b"1\n"})
    monkeypatch.undo()
    assert (tmp_path / "a.csv").read_bytes() == b"h1\n"  # the first file's rows were taken back
    g.append({"a": b"2\n", "b": b"2\n"})
    g.close()
    assert (tmp_path / "a.csv").read_bytes() == b"h1\n2\n"
    assert (tmp_path / "b.csv").read_bytes() == b"h2\n2\n"


def test_append_group_refuses_other_columns(tmp_path: Path) -> None:
    group(tmp_path, append=False).close()
    with pytest.raises(OutputError, match=r"a\.csv: its header differs"):
        group(tmp_path, append=True, headers={"a": b"other\n", "b": b"h2\n"})


def test_append_group_refuses_a_file_shorter_than_its_commit(tmp_path: Path) -> None:
    g = group(tmp_path, append=False)
    g.append({"a": b"1\n2\n", "b": b""})
    g.close()
    (tmp_path / "a.csv").write_bytes(b"h1\n1\n")
    with pytest.raises(OutputError, match="shorter"):
        group(tmp_path, append=True)


def test_append_group_adopts_whole_files_without_a_commit(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"h1\n1\n")  # written whole by a one-shot writer
    g = group(tmp_path, append=True)  # b.csv is missing: created with its header
    g.append({"a": b"2\n", "b": b"2\n"})
    g.close()
    assert (tmp_path / "a.csv").read_bytes() == b"h1\n1\n2\n"
    assert (tmp_path / "b.csv").read_bytes() == b"h2\n2\n"
    sizes = json.loads((tmp_path / ".commit.json").read_text())["sizes"]
    assert sizes == {"a": 7, "b": 5}


def test_append_group_without_commit_refuses_an_unfinished_file(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"h1\n1\n2")
    with pytest.raises(OutputError, match="complete row"):
        group(tmp_path, append=True)


def test_append_group_refuses_a_damaged_commit_record(tmp_path: Path) -> None:
    group(tmp_path, append=False).close()
    (tmp_path / ".commit.json").write_text("{not json")
    with pytest.raises(OutputError, match="unreadable commit record"):
        group(tmp_path, append=True)


def test_append_group_gives_an_empty_file_its_header(tmp_path: Path) -> None:
    (tmp_path / "a.csv").touch()
    group(tmp_path, append=True).close()
    assert (tmp_path / "a.csv").read_bytes() == b"h1\n"
