"""The batch's output folder: one batch at a time, the error report, no leftover temp files.

Layout::

    OUTDIR/manifest.jsonl      one line per file (``manifest``)
    OUTDIR/settings.jsonl      the version and settings each run was made with (``fingerprint``)
    OUTDIR/errors.csv          one line per file whose latest entry failed (and, under
                               ``strict``, per document with warnings)
    OUTDIR/<relative path>.json          --format json: one file per document
    OUTDIR/documents.jsonl | items.csv | tables/   --format jsonl | csv | tables: combined
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..documents import strict_error
from ..errors import UsageError
from ..writers.atomic import atomic_write_text
from .manifest import ManifestEntry

ERRORS_NAME = "errors.csv"
ERRORS_COLUMNS = ("file", "error_code", "error", "sha256", "size", "duration", "duplicate_of")
#: Temp files of ``writers.atomic.AtomicFile`` (``.<name>.<random>.tmp``), left by a crash.
_TEMP_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")


@contextlib.contextmanager
def lock(out: Path) -> Iterator[None]:
    """Refuse a second batch writing to the same folder: two writers would interleave the
    manifest and combined outputs."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks; be trusting
        yield
        return
    with open(out / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError("another batch is writing to this folder", out) from None
        yield


def remove_temp_files(out: Path) -> None:
    """Delete temp files that a batch killed in the middle of an atomic write left behind."""
    for top, _dirs, files in os.walk(out):
        for name in files:
            if _TEMP_FILE.match(name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(top, name))


def write_errors(path: Path, entries: Iterable[ManifestEntry]) -> None:
    """``errors.csv``: one row per entry, failed (its code and message) or, for a document
    with warnings under ``strict``, the ``warnings`` code."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ERRORS_COLUMNS)
    for entry in entries:
        if entry.status == "failed":
            code, message = entry.error_code, entry.error
        else:
            error = strict_error(entry.file, entry.warnings or 0)
            code, message = error.code, error.message
        writer.writerow(
            [
                entry.file,
                code,
                message,
                entry.sha256 or "",
                "" if entry.size is None else entry.size,
                entry.duration,
                entry.duplicate_of or "",
            ]
        )
    atomic_write_text(path, buffer.getvalue())
