"""Worker processes: one file at a time in a child process, under a time and a memory limit.

Used by ``batch`` (many files, many workers) and by ``isolation`` (the CLI's ``extract``, one
worker): the same defences for both.

* ``forkserver``: the process that imports the package once and forks every worker, and
  ``DirectForker`` for a one-thread caller that forks its workers itself;
* ``pool``: ``LocalExecutor``, the workers the parent keeps on a short leash (clock, kill,
  recycle);
* ``worker``: what runs inside a worker (``WorkSpec``, ``Task`` in, ``Outcome`` out).

Names are imported on first use: every worker imports this package on its way to ``worker``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:
    from .forkserver import DirectForker, ForkServer, can_fork_here, fork_server, stop_fork_server
    from .pool import LocalExecutor
    from .worker import Outcome, Task, WorkFn, WorkSpec

__all__ = [
    "DirectForker",
    "ForkServer",
    "LocalExecutor",
    "Outcome",
    "Task",
    "WorkFn",
    "WorkSpec",
    "can_fork_here",
    "fork_server",
    "stop_fork_server",
]

__getattr__, __dir__ = lazy_names(
    globals(),
    {
        "DirectForker": "forkserver",
        "ForkServer": "forkserver",
        "can_fork_here": "forkserver",
        "fork_server": "forkserver",
        "stop_fork_server": "forkserver",
        "LocalExecutor": "pool",
        "Outcome": "worker",
        "Task": "worker",
        "WorkFn": "worker",
        "WorkSpec": "worker",
    },
)
