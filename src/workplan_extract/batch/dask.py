"""The Dask executor: the same per-file work on a Dask distributed cluster.

This process stays the only writer (outputs, manifest, errors.csv, as with the local pool); Dask
workers only extract and send back compact JSON. The input files must be readable at the same
path on every worker (a shared file system), and ``workplan-extract`` installed there.

On each Dask worker thread, a file runs in a child process of its own exactly as in the local
pool (``pool.LocalExecutor`` with one slot): the time limit, the memory limit, killing the
process group and recycling all still hold, and a hung or exploding document costs one file
rather than a Dask worker. Dask only ever sees a task that returns an ``Outcome``.

Dask is optional: ``pip install 'workplan-extract[dask]'``.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..workers.pool import LocalExecutor
from ..workers.worker import INTERNAL_ERROR, KILLED, Outcome, Task, WorkSpec

if TYPE_CHECKING:
    from distributed import Client

_INSTALL = "Dask is not installed: pip install 'workplan-extract[dask]'"
#: Tasks kept in flight per Dask worker thread, so no thread idles while results travel.
_TASKS_PER_THREAD = 2
#: How often the client re-reads the cluster's size (workers may join or leave).
_RESIZE_EVERY = 5.0

# Worker side: one single-slot local pool per (thread, batch), reused across tasks so a child
# process serves many files. Guarded by a lock because shutdown comes from another thread.
_POOLS: dict[tuple[int, bytes], LocalExecutor] = {}
_POOLS_LOCK = threading.Lock()


def run_on_worker(
    task: Task, spec_bytes: bytes, timeout: float | None, max_tasks_per_child: int
) -> Outcome:
    """The Dask task: run one file in this worker thread's child process."""
    key = (threading.get_ident(), hashlib.sha256(spec_bytes).digest())
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = LocalExecutor(1)
            pool.start_pickled(spec_bytes, timeout=timeout, max_tasks_per_child=max_tasks_per_child)
    pool.submit(task)
    while True:
        outcomes = pool.results()
        if outcomes:
            return outcomes[0]


def shutdown_worker_pools() -> int:
    """Stop every child process this Dask worker started; returns how many pools there were."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()
    return len(pools)


class DaskExecutor:
    """Run tasks on a Dask distributed cluster.

    Args:
        address: The scheduler, e.g. ``tcp://10.0.0.5:8786``. None: the scheduler in Dask's
            configuration (``DASK_SCHEDULER_ADDRESS``), else a ``LocalCluster`` on this machine.
        client: An existing ``distributed.Client`` to use instead (not closed by ``close``).

    Example:
        >>> run_batch(["/shared/archive"], "out",
        ...           executor=DaskExecutor("tcp://10.0.0.5:8786"))  # doctest: +SKIP
    """

    def __init__(self, address: str | None = None, *, client: Client | None = None) -> None:
        self.address = address
        self._client: Any = client
        self._own_client = client is None
        # distributed's Future and as_completed are untyped: held as Any, used narrowly here.
        self._futures: dict[str, tuple[Any, Task]] = {}
        self._completed: Any = None
        self._window = _TASKS_PER_THREAD
        self._sized_at = 0.0
        self._args: tuple[bytes, float | None, int] = (b"", None, 1)

    def start(self, spec: WorkSpec, *, timeout: float | None, max_tasks_per_child: int) -> None:
        """Connect to the cluster.

        Raises:
            UsageError: Dask is not installed, or the scheduler cannot be reached.
        """
        try:
            import distributed
        except ImportError:
            raise UsageError(_INSTALL) from None
        # distributed's constructors are untyped; what they return is held as Any.
        dist: Any = distributed
        try:
            spec_bytes = pickle.dumps(spec)
        except (pickle.PicklingError, AttributeError, TypeError) as exc:
            raise ValueError(f"the work function must be a module-level function: {exc}") from exc
        self._args = (spec_bytes, timeout, max_tasks_per_child)
        if self._client is None:
            try:
                self._client = dist.Client(self.address) if self.address else dist.Client()
            except OSError as exc:
                raise UsageError(f"cannot reach the Dask scheduler {self.address}: {exc}") from None
        self._completed = dist.as_completed()
        self._resize()

    def _resize(self) -> None:
        assert self._client is not None
        threads = sum(self._client.nthreads().values())
        self._window = max(1, threads) * _TASKS_PER_THREAD
        self._sized_at = time.monotonic()

    def free(self) -> int:
        if time.monotonic() - self._sized_at > _RESIZE_EVERY:
            self._resize()
        return max(0, self._window - len(self._futures))

    def submit(self, task: Task) -> None:
        assert self._client is not None and self._completed is not None
        # A readable, unique key: the dashboard shows which file each task is.
        key = f"workplan-extract-{Path(task.path).name}-{uuid.uuid4().hex[:12]}"
        future = self._client.submit(run_on_worker, task, *self._args, key=key, pure=False)
        self._futures[key] = (future, task)
        self._completed.add(future)

    def pending(self) -> int:
        return len(self._futures)

    def results(self) -> list[Outcome]:
        if not self._futures:
            return []
        assert self._completed is not None
        outcomes = []
        for future in self._completed.next_batch(block=True):
            _future, task = self._futures.pop(future.key)
            outcomes.append(_outcome(future, task))
            future.release()
        return outcomes

    def close(self) -> None:
        client = self._client
        if client is None:
            return
        with contextlib.suppress(Exception):  # a dead cluster must not hide the batch's result
            if self._futures:
                client.cancel([future for future, _task in self._futures.values()])
            client.run(shutdown_worker_pools)
        self._futures.clear()
        if self._own_client:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
            self._client = None


def _outcome(future: Any, task: Task) -> Outcome:
    if future.status == "finished":
        result: Outcome = future.result()
        return result
    error = future.exception()
    if type(error).__name__ == "KilledWorker":
        # Dask gave up after the task's workers died repeatedly (the task itself runs in a
        # child process, so this is the Dask worker dying, e.g. of memory pressure).
        return Outcome(task, "failed", None, KILLED, f"Dask worker died: {error}")
    message = f"internal error on the Dask worker: {type(error).__name__}: {error}"
    return Outcome(task, "failed", None, INTERNAL_ERROR, message)
