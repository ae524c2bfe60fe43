"""What a batch tells its caller: an event per file accounted for, and the summary at the end."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .manifest import ManifestEntry

#: ``done``, ``failed``: extracted (or found a duplicate of a file that was) in this run;
#: ``skipped``: done in an earlier run; ``failed-before``: failed in an earlier run in a way the
#: same bytes under the same settings fail again (``errors.WorkplanError.deterministic``), and
#: not retried (``--retry-failed`` retries it).
EventKind = Literal["done", "failed", "skipped", "failed-before"]


@dataclass(frozen=True, slots=True)
class BatchEvent:
    """One file accounted for. ``skipped`` and ``failed-before`` add no manifest line.
    ``entry.duplicate_of`` is set when the file was not extracted itself because a file with
    the same content was. ``traceback``: where a failure was raised in the worker, for an
    unexpected error or when the batch runs with ``debug``."""

    kind: EventKind
    entry: ManifestEntry
    traceback: str | None = None


@dataclass
class BatchSummary:
    """What a batch did. ``failed`` counts files, duplicates of a failed file included."""

    outdir: Path
    manifest: Path
    errors: Path
    done: int = 0
    failed: int = 0
    skipped: int = 0
    failed_before: int = 0
    duplicates: int = 0
    #: Files found that are not documents (JSON, images, ...) and were left alone.
    not_documents: int = 0
    #: Files left out by ``--exclude``, or not matched by ``--include``.
    excluded: int = 0
    #: Documents with warnings (done in this run or before); failures under ``strict``.
    with_warnings: int = 0
    strict: bool = False
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def files(self) -> int:
        """Every document accounted for (not counting files that are not documents)."""
        return self.done + self.failed + self.skipped + self.failed_before

    @property
    def ok(self) -> bool:
        """No file of the batch is failed, and under ``strict`` none has warnings."""
        failed = self.failed + self.failed_before
        return failed == 0 and not self.interrupted and not (self.strict and self.with_warnings)
