"""A fork server: one process that imports the package once and forks every worker from it.

Starting a worker as a fresh interpreter costs about 0.45 s of CPU (importing pydantic, the
records, the readers and the normaliser); a fork of a process that has already imported them
costs a few milliseconds. Workers are respawned after every timeout, every killed worker and
every ``max_tasks_per_child`` files, so this matters for batches with many bad files and for the
tests, which start hundreds of workers.

Why a process of our own rather than ``multiprocessing``'s forkserver: Dask runs its workers as
daemonic processes, which ``multiprocessing`` forbids to have children, and we need each worker
to lead a session of its own (so that a timeout kills its grandchildren with one ``killpg``)
and the kill and the reaping to happen in one place (see ``_kill``).

The server is a plain ``python -c`` child of the batch process in a session of its own (Ctrl-C
in the terminal is the batch's business). It never starts a thread, so forking it is safe. It
talks to the batch process over a connection on file descriptor ``FD``; each request gets one
answer:

* ``("spawn",)`` followed by a socket passed with ``SCM_RIGHTS``: fork a worker that serves
  ``worker.serve`` on that socket; answer ``("spawned", pid)``.
* ``("kill", pid)``: SIGKILL the worker's process group and every process left in its session,
  reap it; answer ``("exited", exit_code, False)``.
* ``("reap", pid, grace)``: wait up to ``grace`` seconds for the worker to exit by itself, then
  as ``kill``; answer ``("exited", exit_code, exited_by_itself)``.
* ``None`` or end of file: kill every worker and exit.

The server only ever kills a worker it has not reaped yet, so a pid recycled by the system is
never hit. When the batch process dies, the connection reaches end of file and the server
kills its workers and exits; each worker also asks Linux to kill it when the server dies
(PR_SET_PDEATHSIG), so a SIGKILL of the server cannot leave them running either.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path
from typing import Protocol

from ..errors import ForkServerError

#: Modules every worker needs, imported once in the server. The PDF and Word readers are left
#: to the workers that meet such files: pdfplumber alone costs as much as all of these.
_PRELOAD = (
    "workplan_extract.workers.worker",
    "workplan_extract.pipeline",
    "workplan_extract.readers.txt",
    "workplan_extract.normalise",
    "workplan_extract.writers.json",
)
#: How long the server may take to start (import the package) before it is given up on.
START_LIMIT = 120.0
#: How long any other answer may take; a kill waits for the worker to die, which is quick.
_ANSWER_LIMIT = 60.0
#: How often an idle server checks that the batch process is still its parent.
_PARENT_CHECK = 1.0

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


class Spawner(Protocol):
    """What the local pool needs of whatever forks its workers: ``ForkServer`` or
    ``DirectForker``."""

    def alive(self) -> bool: ...

    def spawn(self, worker_fd: int, parent_fd: int | None = None) -> int: ...

    def kill(self, pid: int) -> int | None: ...

    def reap(self, pid: int, grace: float) -> tuple[int | None, bool]: ...


class ForkServer:
    """The batch process's handle on a fork server (see the module docstring).

    Thread-safe: the Dask executor drives one local pool per Dask worker thread, and they share
    the server of their process.
    """

    def __init__(self) -> None:
        parent_end, child_end = socket.socketpair()
        env = dict(os.environ)
        # The server must import this very package even when the batch process found it through
        # a sys.path entry made at run time (tests, notebooks), not through PYTHONPATH.
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        with child_end:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from workplan_extract.workers.forkserver import main; main()",
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
        self.owner = os.getpid()
        self._conn = Connection(parent_end.detach())
        self._lock = threading.Lock()
        self._ready = False

    def alive(self) -> bool:
        return self.process.poll() is None and not self._conn.closed

    def spawn(self, worker_fd: int, parent_fd: int | None = None) -> int:
        """Fork a worker that serves on ``worker_fd`` (a socket); return its pid.
        ``parent_fd`` (the caller's end of the socket) never reaches the server."""
        with self._lock:
            if not self._ready:
                # The first answer is the server's own: it has imported the package.
                self._answer("ready", START_LIMIT)
                self._ready = True
            try:
                self._conn.send(("spawn",))
                send_handle(self._conn, worker_fd, self.process.pid)
            except OSError as exc:
                raise ForkServerError(f"fork server is gone: {exc}") from None
            pid = self._answer("spawned", _ANSWER_LIMIT)[0]
            assert isinstance(pid, int)
            return pid

    def kill(self, pid: int) -> int | None:
        """Kill a worker and everything in its session; its exit code (None: unknown)."""
        return self._exit_request(("kill", pid))[0]

    def reap(self, pid: int, grace: float) -> tuple[int | None, bool]:
        """Wait up to ``grace`` s for a worker to exit, then kill it as ``kill`` does.

        Returns:
            Its exit code (negative: the signal that ended it; None: unknown) and whether it
            ended by itself.
        """
        return self._exit_request(("reap", pid, grace), grace)

    def _exit_request(
        self, request: tuple[object, ...], grace: float = 0.0
    ) -> tuple[int | None, bool]:
        with self._lock:
            try:
                self._conn.send(request)
                code, by_itself = self._answer("exited", grace + _ANSWER_LIMIT)
            except (OSError, EOFError, ForkServerError):
                # The server is gone, and with it (PR_SET_PDEATHSIG) the worker.
                return None, False
        assert code is None or isinstance(code, int)
        return code, bool(by_itself)

    def _answer(self, kind: str, limit: float) -> tuple[object, ...]:
        try:
            if not self._conn.poll(limit):
                raise ForkServerError(f"fork server did not answer within {limit:g} s")
            message = self._conn.recv()
        except EOFError:
            raise ForkServerError("fork server exited") from None
        if message[0] != kind:
            raise ForkServerError(f"fork server answered {message!r}, not {kind!r}")
        return tuple(message[1:])

    def close(self) -> None:
        """Stop the server; it kills any worker still running."""
        with self._lock:
            with contextlib.suppress(OSError):
                self._conn.send(None)
            try:
                self.process.wait(_ANSWER_LIMIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self._conn.close()


_SERVER: ForkServer | None = None
_SERVER_LOCK = threading.Lock()


def fork_server() -> ForkServer:
    """This process's fork server, started on first use and replaced if it died.

    One per process rather than one per pool: a batch run in tests or a notebook after another,
    and the Dask executor's pools (one per Dask worker thread), reuse the imports already done.
    It is stopped when this process exits.
    """
    global _SERVER
    with _SERVER_LOCK:
        server = _SERVER
        if server is not None and server.owner == os.getpid() and server.alive():
            return server
        if server is not None and server.owner == os.getpid():
            server.close()
        if server is None:
            atexit.register(stop_fork_server)
        _SERVER = ForkServer()
        return _SERVER


def stop_fork_server() -> None:
    """Stop this process's fork server if it runs (at exit, and for tests)."""
    global _SERVER
    with _SERVER_LOCK:
        server, _SERVER = _SERVER, None
    if server is not None and server.owner == os.getpid():
        server.close()


# --- inside the server -----------------------------------------------------------------------


def main() -> None:
    """Entry point: ``python -c '...forkserver import main; main()' FD PARENT_PID``."""
    fd, parent = int(sys.argv[1]), int(sys.argv[2])
    conn = Connection(fd)
    # Ctrl-C is the batch's business (it stops the workers itself); workers inherit this.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in _PRELOAD:
        importlib.import_module(name)
    # What is imported now is never freed: keeping it out of the collector's reach means a
    # worker's collections do not touch (and so copy) the pages it shares with the server.
    gc.freeze()
    conn.send(("ready",))
    workers: set[int] = set()
    try:
        _serve_requests(conn, parent, workers)
    except (EOFError, OSError):
        pass  # the batch process is gone
    finally:
        for pid in workers:
            _kill(pid)


def _serve_requests(conn: Connection, parent: int, workers: set[int]) -> None:
    while True:
        if not conn.poll(_PARENT_CHECK):
            # The connection normally reports the batch's death; this catches a copy of its end
            # kept open by some other process.
            if os.getppid() != parent:
                return
            continue
        request = conn.recv()
        if request is None:
            return
        if request[0] == "spawn":
            worker_fd = recv_handle(conn)
            pid = os.fork()
            if pid == 0:
                _worker(worker_fd, conn, os.getppid())
            os.close(worker_fd)
            workers.add(pid)
            conn.send(("spawned", pid))
        elif request[0] == "kill":
            workers.discard(request[1])
            conn.send(("exited", _kill(request[1]), False))
        elif request[0] == "reap":
            workers.discard(request[1])
            by_itself = _wait_exit(request[1], request[2])
            conn.send(("exited", _kill(request[1]), by_itself))


def _worker(fd: int, server_conn: Connection, server: int) -> None:
    """The forked child: a worker in a session of its own. Never returns."""
    code = 1
    try:
        os.setsid()
        server_conn.close()
        from .worker import serve

        serve(Connection(fd), server)
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        # Never back into the server's loop, and no clean-up of state that is the server's.
        os._exit(code)


def _wait_exit(pid: int, grace: float) -> bool:
    """Wait up to ``grace`` s for a worker to exit, without reaping it; did it?"""
    deadline = time.monotonic() + grace
    while True:
        try:
            # WNOWAIT: leave it a zombie, so its pid (and process group and session id) cannot
            # be reused before _kill has dealt with what it left behind.
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
        except ChildProcessError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


def _kill(pid: int) -> int | None:
    """Kill a worker, its process group and everything in its session; reap it."""
    # The worker leads its own session and process group, so this reaches grandchildren too.
    # The group may already be gone.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    # A grandchild put in a process group of its own (a converter that wants to kill its
    # soffice by group) is still in the worker's session: find it by session id.
    for member in _session_members(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(member, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def _session_members(session: int) -> list[int]:
    """Pids in a session, from /proc (Linux); [] elsewhere."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # Fields after "(comm)": state, ppid, pgrp, session, ...
            if int(stat.read_text().rsplit(")", 1)[1].split()[3]) == session:
                members.append(int(stat.parent.name))
    return members


# --- forking from this process ---------------------------------------------------------------


class DirectForker:
    """Fork workers straight from this process: for a caller that has one thread and has
    already imported what the workers need (the CLI's ``extract``), where starting a fork
    server would import everything a second time for a single file.

    The workers are the same as the fork server's: each leads a session of its own, serves
    ``worker.serve``, dies with this process (PR_SET_PDEATHSIG), and is killed and reaped by
    the same ``_kill``. Only for a process with one thread: a fork copies locks that other
    threads may hold (see ``can_fork_here``).
    """

    def __init__(self) -> None:
        self.owner = os.getpid()

    def alive(self) -> bool:
        return os.getpid() == self.owner

    def spawn(self, worker_fd: int, parent_fd: int | None = None) -> int:
        """Fork a worker that serves on ``worker_fd``; return its pid. The worker closes
        ``parent_fd`` (this process's end of its socket), so it sees end of file when this
        process closes its end."""
        # What is buffered now would be written a second time by a worker that prints a
        # traceback. Stdout needs no flush: the worker's goes to /dev/null.
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _direct_worker(worker_fd, parent_fd, self.owner)
        return pid

    def kill(self, pid: int) -> int | None:
        """Kill a worker and everything in its session; its exit code (None: unknown)."""
        return _kill(pid)

    def reap(self, pid: int, grace: float) -> tuple[int | None, bool]:
        """As ``ForkServer.reap``."""
        by_itself = _wait_exit(pid, grace)
        return _kill(pid), by_itself


def can_fork_here() -> bool:
    """Whether ``DirectForker`` is safe in this process: it can fork and runs one thread."""
    return (
        hasattr(os, "fork")
        and threading.active_count() == 1
        and threading.current_thread() is threading.main_thread()
    )


def _direct_worker(fd: int, parent_fd: int | None, parent: int) -> None:
    """The child of ``DirectForker.spawn``: what a fork server's worker gets. Never returns,
    so the objects of the caller's frames (the socket that owned ``parent_fd``) are never
    finalised here."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.setsid()
        if parent_fd is not None:
            os.close(parent_fd)
        # As the fork server's workers: no stdin, and a stray print() in a reader must not
        # end up in the caller's output.
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.close(devnull)
        from .worker import serve

        serve(Connection(fd), parent)
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)
