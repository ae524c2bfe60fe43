"""The batch manifest: one JSON line per file processed, keyed by the file's sha256.

``manifest.jsonl`` in the output folder is append-only. Lines are written with one ``write``
per group on a file opened for appending and fsynced once per group, always *after* the
outputs of the group's documents are safely in place (``commit``); so whatever a crash leaves,
a line that says "done" means the output exists. A crash can leave at most a torn last line: readers skip it and the
next ``Manifest`` cuts it off before appending. Later lines win over earlier ones for the same
file (a file that failed and was retried with ``--resume``).

A line (``ManifestEntry``)::

    {"file": "in/a.txt", "sha256": "9f86…", "size": 1234, "status": "done",
     "output": "a.txt.json", "error_code": null, "error": null, "duration": 0.031,
     "duplicate_of": null, "finished": "2024-05-01T12:00:00Z", "warnings": 3,
     "fingerprint": "5d41402abc4b2a76"}

``output`` is relative to the output folder; ``duplicate_of`` names the file with the same
sha256 that was extracted in its place. ``sha256`` and ``size`` are null only for a file that
could not be read at all. ``warnings`` counts the warnings of a document that was extracted;
``fingerprint`` names the version and settings it was made with (``fingerprint``,
``batch.json``); both are null in lines of versions that did not record them.

``ManifestIndex`` answers the batch's questions (was this sha256 done? which file owns this
output name?) from a private temporary SQLite database on disk rather than from dicts, so
memory stays flat however many millions of lines the manifest has.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import ManifestError
from ..writers.atomic import truncate_partial_line, write_all

MANIFEST_NAME = "manifest.jsonl"


class ManifestEntry(BaseModel):
    """What happened to one input file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    sha256: str | None
    size: int | None
    status: Literal["done", "failed"]
    output: str | None = None
    error_code: str | None = None
    error: str | None = None
    duration: float = 0.0
    duplicate_of: str | None = None
    finished: str = ""
    warnings: int | None = None
    fingerprint: str | None = None


def now() -> str:
    """The current UTC time as ISO 8601 with a Z, to the second."""
    global _NOW
    second = int(time.time())
    cached = _NOW
    if cached[0] != second:
        cached = _NOW = (second, dt.datetime.fromtimestamp(second, dt.UTC).strftime(_ISO))
    return cached[1]


_ISO = "%Y-%m-%dT%H:%M:%SZ"
#: The second ``now`` last formatted, and its text: a batch asks for it for every file.
_NOW: tuple[int, str] = (-1, "")


def read_manifest(path: str | os.PathLike[str]) -> Iterator[ManifestEntry]:
    """Yield the entries of a manifest in order, skipping a torn last line.

    Raises:
        ManifestError: a line other than the last is not an entry.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; a with-block would nest deeply
    except FileNotFoundError:
        return
    with handle:
        previous: tuple[int, bytes] | None = None
        # Binary iteration splits on b"\n" only, exactly as the lines were written.
        for number, line in enumerate(handle, start=1):
            if previous is not None:
                yield _parse(path, *previous)
            previous = (number, line)
        if previous is not None:
            number, line = previous
            if line.endswith(b"\n"):
                try:
                    yield _parse(path, number, line)
                except ManifestError:
                    # A whole last line that does not parse is still what a crash in the
                    # middle of a write can leave on some file systems (zeros): skip it.
                    return


def _parse(path: str | os.PathLike[str], number: int, line: bytes) -> ManifestEntry:
    try:
        return ManifestEntry.model_validate_json(line)
    except ValidationError as exc:
        problem = exc.errors()[0]["msg"]
        raise ManifestError(f"line {number} is not a manifest entry ({problem})", path) from None


class Manifest:
    """Append entries to a manifest durably, one line or one group of lines at a time.

    Opening cuts off a torn last line left by a crash, so the next entry starts on a line of
    its own.
    """

    def __init__(self, path: str | os.PathLike[str], *, sync: bool = True) -> None:
        self.path = Path(path)
        self._sync = sync
        if self.path.exists():
            truncate_partial_line(self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)

    def append(self, entry: ManifestEntry) -> None:
        """Write one entry as one line and flush it to disk."""
        self.extend([entry])

    def extend(self, entries: Iterable[ManifestEntry]) -> None:
        """Write entries as lines with one ``write`` and flush them to disk with one fsync: a
        crash keeps a prefix of them (at worst with a torn last line, cut off on reopening)."""
        data = b"".join(e.model_dump_json().encode("utf-8") + b"\n" for e in entries)
        if not data:
            return
        write_all(self._fd, data)
        if self._sync:
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


_COLUMNS = (
    "file",
    "sha256",
    "size",
    "status",
    "output",
    "error_code",
    "error",
    "duration",
    "duplicate_of",
    "finished",
    "warnings",
    "fingerprint",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM files"
_INSERT = f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})"
# One look-up for everything the batch asks of a file it has hashed (``ManifestIndex.find``).
_FIND = f"""
    SELECT {", ".join(_COLUMNS)}, current FROM files
    WHERE duplicate_of IS NULL AND (sha256 = ?1 OR output = ?2)
"""


class Known(NamedTuple):
    """What the index knows of a file's content and of the output name it would get
    (``ManifestIndex.find``)."""

    #: The entry of a file with this content that was extracted, in any run.
    done: ManifestEntry | None
    #: The entry of a file with this content extracted or failed in this run.
    tried_now: ManifestEntry | None
    #: The sha256 of the document written to the output name, if any.
    output_owner: str | None
    #: The entry of a file with this content that failed in an earlier run, if none was done.
    failed_before: ManifestEntry | None = None


class ManifestIndex:
    """The latest entry of every file, searchable by sha256 and by output, kept on disk.

    Entries loaded from an earlier run and entries of this run are told apart, because a
    sha256 that failed earlier is retried but one that failed in this run is not.
    """

    def __init__(self) -> None:
        # "" = a private temporary database on disk: SQLite keeps only a small page cache in
        # memory, so a manifest of millions of lines does not grow the batch's memory.
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE files (
                file TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, status TEXT, output TEXT,
                error_code TEXT, error TEXT, duration REAL, duplicate_of TEXT, finished TEXT,
                warnings INTEGER, fingerprint TEXT, current INTEGER
            );
            CREATE INDEX files_sha256 ON files (sha256);
            CREATE INDEX files_output ON files (output);
            """
        )
        # One transaction for the life of the index, never committed: the database is thrown
        # away at the end, and a commit after every statement would write its pages out to
        # the file each time. SQLite still spills pages to the file when its cache is full.
        self._db.execute("BEGIN")

    def load(self, path: str | os.PathLike[str]) -> int:
        """Add the entries of an earlier run's manifest; return how many lines were read."""
        count = 0
        for entry in read_manifest(path):
            self.add(entry, current=False)
            count += 1
        return count

    def add(self, entry: ManifestEntry, *, current: bool = True) -> None:
        """Record ``entry`` as the latest word on its file."""
        e = entry
        self._db.execute(
            _INSERT,
            (
                e.file,
                e.sha256,
                e.size,
                e.status,
                e.output,
                e.error_code,
                e.error,
                e.duration,
                e.duplicate_of,
                e.finished,
                e.warnings,
                e.fingerprint,
                int(current),
            ),
        )

    def find(self, sha256: str, output: str | None = None) -> Known:
        """``done``, ``tried_now`` and ``output_owner`` at once, with one query."""
        done = tried = owner = failed = None
        for row in self._db.execute(_FIND, (sha256, output)):
            if row[1] == sha256:
                if done is None and row[3] == "done":
                    done = _entry(row)
                if tried is None and row[-1]:
                    tried = _entry(row)
                if failed is None and row[3] == "failed" and not row[-1]:
                    failed = _entry(row)
            if owner is None and output is not None and row[4] == output:
                owner = str(row[1])
        return Known(done, tried, owner, None if done is not None else failed)

    def done(self, sha256: str) -> ManifestEntry | None:
        """The entry of a file with this content that was extracted, in any run."""
        return self._one("sha256 = ? AND status = 'done' AND duplicate_of IS NULL", sha256)

    def tried_now(self, sha256: str) -> ManifestEntry | None:
        """The entry of a file with this content extracted or failed in this run."""
        return self._one("sha256 = ? AND current = 1 AND duplicate_of IS NULL", sha256)

    def file_done(self, file: str, sha256: str) -> bool:
        """Is the latest entry of ``file`` a success with this content (extracted or as a
        duplicate)?"""
        return self.file_status(file, sha256) == "done"

    def file_status(self, file: str, sha256: str) -> str | None:
        """The status of the latest entry of ``file`` if it is about this content, else None."""
        row = self._db.execute(
            "SELECT status FROM files WHERE file = ? AND sha256 = ?", (file, sha256)
        ).fetchone()
        return None if row is None else str(row[0])

    def fingerprints(self) -> set[str | None]:
        """The fingerprint ids of the entries loaded from earlier runs."""
        rows = self._db.execute("SELECT DISTINCT fingerprint FROM files WHERE current = 0")
        return {row[0] for row in rows}

    def output_owner(self, output: str) -> str | None:
        """The sha256 of the document written to ``output``, if any."""
        row = self._db.execute(
            "SELECT sha256 FROM files WHERE output = ? AND duplicate_of IS NULL LIMIT 1",
            (output,),
        ).fetchone()
        return None if row is None else str(row[0])

    def failures(self, *, warnings: bool = False) -> Iterator[ManifestEntry]:
        """Every file whose latest entry is a failure (with ``warnings``, or a document with
        warnings), by file name."""
        where = "status = 'failed'" + (" OR warnings > 0" if warnings else "")
        cursor = self._db.execute(f"{_SELECT} WHERE {where} ORDER BY file")
        for row in cursor:
            yield _entry(row)

    def _one(self, where: str, *args: object) -> ManifestEntry | None:
        row = self._db.execute(f"{_SELECT} WHERE {where} LIMIT 1", args).fetchone()
        return None if row is None else _entry(row)

    def close(self) -> None:
        self._db.close()


def _entry(row: tuple[Any, ...]) -> ManifestEntry:
    return ManifestEntry(**dict(zip(_COLUMNS, row[: len(_COLUMNS)], strict=True)))
