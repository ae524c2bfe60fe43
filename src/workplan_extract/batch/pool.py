"""The local executor: a small pool of worker processes that the parent keeps on a short leash.

Why not ``concurrent.futures.ProcessPoolExecutor``: one worker killed by the OOM killer breaks
that whole pool (``BrokenProcessPool``) and every file in flight with it, and it cannot kill a
worker that hangs. Here each worker has its own connection, the parent owns the clock, and on a
timeout it kills the worker's whole process group (``os.killpg``), so a soffice grandchild dies
too. A dead worker costs exactly the file it was working on; a fresh one takes its place.
Workers are recycled after ``max_tasks_per_child`` files, as Tika does, because parsers leak.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .worker import KILLED, READY, TIMEOUT, Outcome, Task, WorkSpec

#: How long a worker asked to stop may take before it is killed.
_STOP_GRACE = 5.0
#: How long a new worker may take to start (import the package) before it is given up on.
_START_LIMIT = 120.0

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


class WorkerProcess:
    """One worker process, in a session of its own, and the task it is working on."""

    def __init__(self, spec_bytes: bytes) -> None:
        parent_end, child_end = socket.socketpair()
        env = dict(os.environ)
        # The child must import this very package even when the parent found it through a
        # sys.path entry made at run time (tests, notebooks), not through PYTHONPATH.
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        with child_end:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from workplan_extract.batch.worker import main; main()",
                    str(child_end.fileno()),
                    str(os.getpid()),
                ],
                pass_fds=(child_end.fileno(),),
                stdin=subprocess.DEVNULL,
                # A stray print() in a reader must not end up in the batch's own output.
                stdout=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        self.conn = Connection(parent_end.detach())
        self.conn.send(list(sys.path))
        self.conn.send_bytes(spec_bytes)
        self.task: Task | None = None
        self.started = 0.0
        self.tasks_done = 0
        self.ready = False

    def submit(self, task: Task) -> None:
        self.conn.send(task)
        self.task = task
        self.started = time.monotonic()

    def deadline(self, timeout: float | None) -> float | None:
        """When the current task runs out of time; a worker still starting gets longer."""
        if not self.ready:
            return self.started + _START_LIMIT + (timeout or 0.0)
        return None if timeout is None else self.started + timeout

    def kill(self) -> None:
        """Kill the worker and everything it started; wait for it."""
        # The worker leads its own session and process group (start_new_session), so this
        # reaches grandchildren too. The group may already be gone.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        # A grandchild put in a process group of its own (a converter that wants to kill its
        # soffice by group) is still in the worker's session: find it by session id.
        for pid in _session_members(self.process.pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        self.process.wait()
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to finish; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(_STOP_GRACE)
        self.kill()

    def died_how(self) -> str:
        """Describe how a worker that vanished without answering ended."""
        try:
            code = self.process.wait(_STOP_GRACE)
        except subprocess.TimeoutExpired:
            return "worker closed its connection without answering"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = " (out of memory?)" if -code == signal.SIGKILL else ""
            return f"worker was killed by {name}{hint}"
        return f"worker exited with status {code} without answering"


def _session_members(session: int) -> list[int]:
    """Pids in a session, from /proc (Linux); [] elsewhere."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # Fields after "(comm)": state, ppid, pgrp, session, ...
            if int(stat.read_text().rsplit(")", 1)[1].split()[3]) == session:
                members.append(int(stat.parent.name))
    return members


class LocalExecutor:
    """Run tasks in ``jobs`` local worker processes (see the module docstring).

    Args:
        jobs: How many files at once; default the number of CPUs.

    The runner drives it: ``start`` once, then ``free``/``submit`` and ``results`` in a loop,
    and ``close``.
    """

    def __init__(self, jobs: int | None = None) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs or os.cpu_count() or 1
        self._slots: list[WorkerProcess | None] = []
        self._spec_bytes = b""
        self._timeout: float | None = None
        self._max_tasks = 0

    def start(self, spec: WorkSpec, *, timeout: float | None, max_tasks_per_child: int) -> None:
        """Get ready to run tasks with ``spec``; workers start when first needed.

        Raises:
            ValueError: ``spec.work`` cannot be pickled (a lambda or a nested function).
        """
        try:
            spec_bytes = pickle.dumps(spec)
        except (pickle.PicklingError, AttributeError, TypeError) as exc:
            raise ValueError(f"the work function must be a module-level function: {exc}") from exc
        self.start_pickled(spec_bytes, timeout=timeout, max_tasks_per_child=max_tasks_per_child)

    def start_pickled(
        self, spec_bytes: bytes, *, timeout: float | None, max_tasks_per_child: int
    ) -> None:
        """``start`` with the spec already pickled: a Dask worker passes it on unopened, so it
        never needs to import the work function itself."""
        self._spec_bytes = spec_bytes
        self._timeout = timeout
        self._max_tasks = max_tasks_per_child
        self._slots = [None] * self.jobs

    def free(self) -> int:
        """How many more tasks can be submitted now."""
        return sum(1 for w in self._slots if w is None or w.task is None)

    def submit(self, task: Task) -> None:
        """Hand ``task`` to an idle worker, starting one if needed."""
        for i, worker in enumerate(self._slots):
            if worker is None:
                worker = self._slots[i] = WorkerProcess(self._spec_bytes)
            if worker.task is None:
                try:
                    worker.submit(task)
                except OSError:
                    # It died while idle (killed from outside): replace it and try once more.
                    worker.kill()
                    worker = self._slots[i] = WorkerProcess(self._spec_bytes)
                    worker.submit(task)
                return
        raise RuntimeError("no idle worker: call results() first")

    def pending(self) -> int:
        """How many tasks are in flight."""
        return sum(1 for w in self._slots if w is not None and w.task is not None)

    def results(self) -> list[Outcome]:
        """Wait until at least one task in flight ends (answered, timed out or its worker died);
        return their outcomes. Returns at once with nothing when nothing is in flight."""
        while True:
            busy = [w for w in self._slots if w is not None and w.task is not None]
            if not busy:
                return []
            deadlines = [d for w in busy if (d := w.deadline(self._timeout)) is not None]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(wait([w.conn for w in busy], wait_for))
            outcomes = [o for w in busy if w.conn in ready and (o := self._collect(w))]
            outcomes.extend(self._expire(busy))
            if outcomes:
                return outcomes

    def _collect(self, worker: WorkerProcess) -> Outcome | None:
        task = worker.task
        assert task is not None
        try:
            message: Outcome | str = worker.conn.recv()
        except (EOFError, OSError):
            died = worker.died_how()
            outcome = Outcome(task, "failed", None, KILLED, died, self._elapsed(worker))
            self._replace(worker, kill=True)
            return outcome
        if message == READY:
            worker.ready = True
            worker.started = time.monotonic()
            return None
        assert isinstance(message, Outcome)
        outcome = message
        worker.task = None
        worker.tasks_done += 1
        if outcome.exiting or worker.tasks_done >= self._max_tasks:
            self._replace(worker, kill=False)
        return outcome

    def _expire(self, busy: Sequence[WorkerProcess]) -> list[Outcome]:
        expired = []
        now = time.monotonic()
        for worker in busy:
            deadline = worker.deadline(self._timeout)
            if worker.task is None or deadline is None or now < deadline:
                continue
            if worker.ready:
                code, message = TIMEOUT, f"took longer than the {self._timeout:g} s time limit"
                message += " (--timeout)"
            else:
                code, message = KILLED, f"worker did not start within {_START_LIMIT:g} s"
            expired.append(
                Outcome(worker.task, "failed", None, code, message, self._elapsed(worker))
            )
            self._replace(worker, kill=True)
        return expired

    @staticmethod
    def _elapsed(worker: WorkerProcess) -> float:
        return time.monotonic() - worker.started

    def _replace(self, worker: WorkerProcess, *, kill: bool) -> None:
        # The slot is refilled lazily by the next submit, so a batch near its end does not
        # start workers it will never use.
        worker.task = None
        if kill:
            worker.kill()
        else:
            worker.stop()
        self._slots[self._slots.index(worker)] = None

    def close(self) -> None:
        """Stop every worker; tasks still in flight are abandoned (their workers killed)."""
        for worker in self._slots:
            if worker is None:
                continue
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()
        self._slots = [None] * len(self._slots)
