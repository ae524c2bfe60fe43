"""The local executor: a small pool of worker processes that the parent keeps on a short leash.

Why not ``concurrent.futures.ProcessPoolExecutor``: one worker killed by the OOM killer breaks
that whole pool (``BrokenProcessPool``) and every file in flight with it, and it cannot kill a
worker that hangs. Here each worker has its own connection, the parent owns the clock, and on a
timeout the worker's whole process group is killed (``os.killpg``, by the fork server that
forked it), so a soffice grandchild dies too. A dead worker costs exactly the file it was
working on; a fresh one takes its place. Workers are recycled after ``max_tasks_per_child``
files, as Tika does, because parsers leak.

Each worker is sent ``TASKS_PER_WORKER`` tasks ahead, so it starts the next file the moment it
answers the last rather than waiting while the parent writes the result and sends another. A
task's clock starts when its worker starts it, not when it was sent: the worker stamps each
answer with the time it gave it (``Outcome.ended_at``), and the next task started then. When a
worker is killed or dies, only the task it was running is charged; those queued behind it had
not started and go to another worker.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

from .forkserver import START_LIMIT, Spawner, fork_server
from .worker import KILLED, READY, TIMEOUT, Outcome, Task, WorkSpec, setup_message

#: Tasks in flight per worker: the one it runs and the next one, ready in its connection.
TASKS_PER_WORKER = 2
#: How long a worker asked to stop may take before it is killed.
_STOP_GRACE = 5.0


class WorkerProcess:
    """One worker process, in a session of its own, and the tasks sent to it."""

    def __init__(self, server: Spawner, spec_bytes: bytes) -> None:
        self.server = server
        parent_end, child_end = socket.socketpair()
        with child_end:
            self.pid = server.spawn(child_end.fileno(), parent_end.fileno())
        self.conn = Connection(parent_end.detach())
        #: Sent and not answered, with when each was sent; the first is the one running.
        self.tasks: deque[tuple[Task, float]] = deque()
        #: When the worker last became free: spawned, ready, or answered a task.
        self.free_since = time.monotonic()
        self.sent = 0
        self.ready = False
        try:
            self.conn.send(setup_message())
            self.conn.send_bytes(spec_bytes)
        except OSError:
            # Died at once; its end of file is found when a task is waited for.
            pass

    def send(self, task: Task) -> None:
        self.conn.send(task)
        self.tasks.append((task, time.monotonic()))
        self.sent += 1

    def started(self) -> float:
        """When the running task started: when it arrived, or when the worker answered the
        one before it, whichever came later."""
        return max(self.free_since, self.tasks[0][1])

    def deadline(self, timeout: float | None) -> float | None:
        """When the running task runs out of time; a worker still starting gets longer."""
        if not self.ready:
            return self.free_since + START_LIMIT + (timeout or 0.0)
        return None if timeout is None else self.started() + timeout

    def kill(self) -> None:
        """Kill the worker and everything it started; wait for it."""
        self.server.kill(self.pid)
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to finish; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.server.reap(self.pid, _STOP_GRACE)
        self.conn.close()

    def died_how(self) -> str:
        """Describe how a worker that vanished without answering ended (and reap it)."""
        code, by_itself = self.server.reap(self.pid, _STOP_GRACE)
        self.conn.close()
        if not by_itself:
            return "worker closed its connection without answering"
        if code is None:
            return "worker vanished without answering"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = " (out of memory?)" if -code == signal.SIGKILL else ""
            return f"worker was killed by {name}{hint}"
        return f"worker exited with status {code} without answering"


class LocalExecutor:
    """Run tasks in ``jobs`` local worker processes (see the module docstring).

    Args:
        jobs: How many files at once; default the number of CPUs.
        spawner: What forks the workers: this process's fork server (``fork_server``), or a
            ``forkserver.DirectForker`` for a one-thread caller that has imported the package.

    The runner drives it: ``start`` once, then ``free``/``submit`` and ``results`` in a loop,
    and ``close``.
    """

    def __init__(
        self, jobs: int | None = None, *, spawner: Callable[[], Spawner] = fork_server
    ) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs or os.cpu_count() or 1
        self._spawner = spawner
        self._slots: list[WorkerProcess | None] = []
        self._spec_bytes = b""
        self._timeout: float | None = None
        self._max_tasks = 0
        self._server: Spawner | None = None
        #: Tasks waiting for a worker: new ones, and ones whose worker died before starting them.
        self._backlog: deque[Task] = deque()
        #: Outcomes decided outside ``results`` (a worker found dead while sending it a task).
        self._finished: list[Outcome] = []

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
        # Started now so that a fork server imports the package while the batch walks its
        # inputs.
        self._server = self._spawner()

    def free(self) -> int:
        """How many more tasks can be submitted now."""
        return max(0, sum(self._room(w) for w in self._slots) - len(self._backlog))

    def _room(self, worker: WorkerProcess | None) -> int:
        if worker is None:
            return min(TASKS_PER_WORKER, self._max_tasks)
        # Never more than it may still run before it is recycled.
        return max(0, min(TASKS_PER_WORKER - len(worker.tasks), self._max_tasks - worker.sent))

    def submit(self, task: Task) -> None:
        """Send ``task`` to a worker with room, starting one if needed."""
        if self.free() < 1:
            raise RuntimeError("no room for another task: call results() first")
        self._backlog.append(task)
        self._dispatch()

    def pending(self) -> int:
        """How many tasks are in flight."""
        sent = sum(len(w.tasks) for w in self._slots if w is not None)
        return sent + len(self._backlog) + len(self._finished)

    def results(self) -> list[Outcome]:
        """Wait until at least one task in flight ends (answered, timed out or its worker died);
        return their outcomes. Returns at once with nothing when nothing is in flight."""
        while True:
            self._dispatch()
            if self._finished:
                finished, self._finished = self._finished, []
                return finished
            busy = [w for w in self._slots if w is not None and w.tasks]
            if not busy:
                return []
            deadlines = [d for w in busy if (d := w.deadline(self._timeout)) is not None]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(wait([w.conn for w in busy], wait_for))
            for worker in busy:
                if worker.conn in ready:
                    self._collect(worker)
            self._expire()

    def _dispatch(self) -> None:
        """Send backlog tasks to the workers with most room, starting workers in empty slots
        only when no running worker is idle."""
        while self._backlog:
            rooms = [(self._room(w), w is not None, i) for i, w in enumerate(self._slots)]
            room, _running, index = max(rooms)
            if room < 1:
                return
            worker = self._slots[index]
            if worker is None:
                assert self._server is not None, "start() first"
                if not self._server.alive():
                    self._server = self._spawner()
                worker = self._slots[index] = WorkerProcess(self._server, self._spec_bytes)
            task = self._backlog.popleft()
            try:
                worker.send(task)
            except OSError:
                # It died while we were not looking (killed from outside): the task goes back
                # and the worker's own running task, if any, is charged with its death.
                self._backlog.appendleft(task)
                self._lost(worker)

    def _collect(self, worker: WorkerProcess) -> None:
        """Take every answer waiting in a worker's connection."""
        while True:
            try:
                message: Outcome | str = worker.conn.recv()
            except (EOFError, OSError):
                self._lost(worker)
                return
            if message == READY:
                worker.ready = True
                worker.free_since = time.monotonic()
            else:
                assert isinstance(message, Outcome)
                task, _sent = worker.tasks.popleft()
                assert task == message.task, "answers come in the order tasks were sent"
                self._finished.append(message)
                # The next task started when the worker answered this one (same clock: both
                # are CLOCK_MONOTONIC of this machine); never later than now.
                worker.free_since = min(message.ended_at, time.monotonic())
                if message.exiting or (worker.sent >= self._max_tasks and not worker.tasks):
                    self._retire(worker, None, kill=False)
                    return
            if not worker.conn.poll(0):
                return

    def _lost(self, worker: WorkerProcess) -> None:
        """A worker's connection ended: it died, killed by the OS or from outside."""
        died = worker.died_how()
        head = None
        if worker.tasks:
            task, _sent = worker.tasks[0]
            head = Outcome(task, "failed", None, KILLED, died, self._elapsed(worker))
        self._retire(worker, head, kill=None)

    def _expire(self) -> None:
        now = time.monotonic()
        for worker in self._slots:
            if worker is None or not worker.tasks:
                continue
            deadline = worker.deadline(self._timeout)
            if deadline is None or now < deadline:
                continue
            if worker.ready:
                code, message = TIMEOUT, f"took longer than the {self._timeout:g} s time limit"
                message += " (--timeout)"
            else:
                code, message = KILLED, f"worker did not start within {START_LIMIT:g} s"
            task, _sent = worker.tasks[0]
            head = Outcome(task, "failed", None, code, message, self._elapsed(worker))
            self._retire(worker, head, kill=True)

    @staticmethod
    def _elapsed(worker: WorkerProcess) -> float:
        start = worker.started() if worker.ready else worker.free_since
        return time.monotonic() - start

    def _retire(self, worker: WorkerProcess, head: Outcome | None, *, kill: bool | None) -> None:
        """Empty a worker's slot. ``head``: the outcome of the task it was running; the tasks
        queued behind it never started and go back to the front of the backlog. ``kill``:
        True to kill it, False to ask it to stop, None when it is already reaped."""
        queued = [task for task, _sent in worker.tasks][1 if head is not None else 0 :]
        self._backlog.extendleft(reversed(queued))
        worker.tasks.clear()
        if head is not None:
            self._finished.append(head)
        if kill:
            worker.kill()
        elif kill is not None:
            worker.stop()
        # The slot is refilled lazily by the next dispatch, so a batch near its end does not
        # start workers it will never use.
        self._slots[self._slots.index(worker)] = None

    def close(self) -> None:
        """Stop every worker; tasks still in flight are abandoned (their workers killed)."""
        for worker in self._slots:
            if worker is None:
                continue
            if worker.tasks:
                worker.kill()
            else:
                worker.stop()
        self._slots = [None] * len(self._slots)
        self._backlog.clear()
        self._finished.clear()
