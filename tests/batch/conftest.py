"""Corpora for the batch tests: copies of the samples made distinct, plus bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
LCPC = SAMPLES / "lcpc-workplan-2004.txt"
LSCB = SAMPLES / "lscb-workplan-2007-08.txt"


def variant(source: Path, target: Path, n: int) -> Path:
    """A copy of ``source`` with ``n`` extra trailing newlines: same document, new sha256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes() + b"\n" * n)
    return target


def make_copies(folder: Path, count: int) -> list[Path]:
    """``count`` distinct good documents in ``folder``."""
    return [
        variant(LCPC if i % 2 else LSCB, folder / f"doc-{i:04d}.txt", i // 2) for i in range(count)
    ]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Good, corrupt, empty and mislabelled files, a letter with no table, and a subfolder."""
    folder = tmp_path / "in"
    variant(LCPC, folder / "lcpc.txt", 0)
    variant(LSCB, folder / "sub" / "lscb.txt", 0)
    variant(LSCB, folder / "mislabelled.pdf", 1)  # text content, .pdf name: extracted, warned
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04garbage")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "letter.txt").write_bytes(b"Dear colleague,\nNo table here.\n")
    return folder


@pytest.fixture
def calls(tmp_path: Path) -> Path:
    """The log ``workfns.logged`` appends to: one line per extraction."""
    log = tmp_path / "calls.log"
    log.touch()
    return log
