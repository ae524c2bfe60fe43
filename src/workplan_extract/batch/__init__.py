"""Batch extraction: many files, in parallel worker processes or on a Dask cluster, resumably.

>>> from workplan_extract.batch import run_batch  # doctest: +SKIP
>>> summary = run_batch(["archive/"], "out", settings={"timeout": 120})  # doctest: +SKIP

``run_batch`` is the one entry point; ``LocalExecutor`` (the default) and ``DaskExecutor``
(``workplan_extract.batch.dask``, needs the ``dask`` extra) decide where files are extracted.
"""

from __future__ import annotations

from .manifest import ManifestEntry, read_manifest
from .pool import LocalExecutor
from .runner import BatchEvent, BatchSummary, Executor, run_batch
from .worker import Outcome, Task, WorkFn, WorkSpec

__all__ = [
    "BatchEvent",
    "BatchSummary",
    "Executor",
    "LocalExecutor",
    "ManifestEntry",
    "Outcome",
    "Task",
    "WorkFn",
    "WorkSpec",
    "read_manifest",
    "run_batch",
]
