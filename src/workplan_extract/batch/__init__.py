"""Batch extraction: many files, in parallel worker processes or on a Dask cluster, resumably.

>>> from workplan_extract.batch import run_batch  # doctest: +SKIP
>>> summary = run_batch(["archive/"], "out", settings={"timeout": 120})  # doctest: +SKIP

``run_batch`` is the one entry point; ``LocalExecutor`` (the default) and ``DaskExecutor``
(``workplan_extract.batch.dask``, needs the ``dask`` extra) decide where files are extracted.

Names are imported on first use, so that importing the package stays cheap. The worker
processes themselves live in ``workplan_extract.workers``, shared with ``isolation``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..workers.pool import LocalExecutor
    from ..workers.worker import Outcome, Task, WorkFn, WorkSpec
    from .executor import Executor
    from .manifest import ManifestEntry, read_manifest
    from .runner import count_documents, run_batch
    from .select import Selection
    from .summary import BatchEvent, BatchSummary

#: Where each name lives, relative to this package (the worker's names are in ``workers``).
_WHERE = {
    "BatchEvent": ".summary",
    "BatchSummary": ".summary",
    "Executor": ".executor",
    "LocalExecutor": "..workers.pool",
    "ManifestEntry": ".manifest",
    "Outcome": "..workers.worker",
    "Selection": ".select",
    "Task": "..workers.worker",
    "WorkFn": "..workers.worker",
    "WorkSpec": "..workers.worker",
    "count_documents": ".runner",
    "read_manifest": ".manifest",
    "run_batch": ".runner",
}

__all__ = [
    "BatchEvent",
    "BatchSummary",
    "Executor",
    "LocalExecutor",
    "ManifestEntry",
    "Outcome",
    "Selection",
    "Task",
    "WorkFn",
    "WorkSpec",
    "count_documents",
    "read_manifest",
    "run_batch",
]


def __getattr__(name: str) -> Any:
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(importlib.import_module(module, __name__), name)
