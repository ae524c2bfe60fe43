"""Batch extraction: many files, in parallel worker processes or on a Dask cluster, resumably.

>>> from workplan_extract.batch import run_batch  # doctest: +SKIP
>>> summary = run_batch(["archive/"], "out", settings={"timeout": 120})  # doctest: +SKIP

``run_batch`` is the one entry point; ``LocalExecutor`` (the default) and ``DaskExecutor``
(``workplan_extract.batch.dask``, needs the ``dask`` extra) decide where files are extracted.

Names are imported on first use: every worker process imports this package on its way to
``batch.worker`` and should not pay for the runner and the writers it never uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .manifest import ManifestEntry, read_manifest
    from .pool import LocalExecutor
    from .runner import BatchEvent, BatchSummary, Executor, run_batch
    from .worker import Outcome, Task, WorkFn, WorkSpec

_WHERE = {
    "BatchEvent": "runner",
    "BatchSummary": "runner",
    "Executor": "runner",
    "LocalExecutor": "pool",
    "ManifestEntry": "manifest",
    "Outcome": "worker",
    "Task": "worker",
    "WorkFn": "worker",
    "WorkSpec": "worker",
    "read_manifest": "manifest",
    "run_batch": "runner",
}

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


def __getattr__(name: str) -> Any:
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(importlib.import_module(f".{module}", __name__), name)
