"""Where a batch's tasks run: the protocol the runner drives, and the local default."""

from __future__ import annotations

from typing import Protocol

from ..workers.worker import Outcome, Task, WorkSpec


class Executor(Protocol):
    """Runs tasks somewhere; ``workers.pool.LocalExecutor`` and ``batch.dask.DaskExecutor``
    are the two there are."""

    def start(self, spec: WorkSpec, *, timeout: float | None, max_tasks_per_child: int) -> None:
        """Prepare to run tasks of ``spec``; ``timeout`` is per task, in seconds."""

    def free(self) -> int:
        """How many more tasks may be submitted now."""

    def submit(self, task: Task) -> None:
        """Start a task."""

    def pending(self) -> int:
        """How many tasks are in flight."""

    def results(self) -> list[Outcome]:
        """Block until at least one task in flight ends; [] when none is in flight."""

    def close(self) -> None:
        """Stop; tasks still in flight are abandoned."""


def local_executor() -> Executor:
    """One worker process per CPU on this machine."""
    from ..workers.pool import LocalExecutor

    return LocalExecutor()


def is_local(executor: Executor) -> bool:
    """Do the executor's workers run on this machine, where they can write the outputs?"""
    from ..workers.pool import LocalExecutor

    return isinstance(executor, LocalExecutor)
