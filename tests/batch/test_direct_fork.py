"""Workers forked straight from the calling process (``DirectForker``, the CLI's ``extract``)
keep every defence of the fork server's: time limit, grandchildren killed, killed worker costs
one file, memory limit, recycling."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import workfns
from test_pool import gone, run_all

from conftest import LCPC, variant
from workplan_extract.isolation import extract_isolated
from workplan_extract.workers import LocalExecutor, forkserver
from workplan_extract.workers.forkserver import DirectForker, can_fork_here

SRC = Path(__file__).resolve().parents[2] / "src"


def direct() -> LocalExecutor:
    return LocalExecutor(1, spawner=DirectForker)


@pytest.fixture
def no_fork_server() -> Iterator[None]:
    forkserver.stop_fork_server()
    yield
    forkserver.stop_fork_server()


def test_a_hung_file_is_cut_off_and_its_grandchild_killed(tmp_path: Path) -> None:
    path = variant(LCPC, tmp_path / "a.txt", 0)
    started = time.monotonic()
    got = run_all(direct(), workfns.sleepy_with_own_group_grandchild, [path], timeout=1.0)
    assert time.monotonic() - started < 20
    assert got["a.txt"].error_code == "timeout"
    assert gone(int((tmp_path / "a.txt.grandchild").read_text()))


def test_a_killed_worker_costs_one_file(tmp_path: Path) -> None:
    paths = [variant(LCPC, tmp_path / f"{n}.txt", i) for i, n in enumerate(["a", "die", "b"])]
    got = run_all(direct(), workfns.suicidal, paths)
    assert got["die.txt"].error_code == "killed"
    assert "SIGKILL" in (got["die.txt"].message or "")
    assert got["a.txt"].status == got["b.txt"].status == "done"


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux only")
def test_the_memory_limit_holds_in_the_worker_only(tmp_path: Path) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    paths = [variant(LCPC, tmp_path / f"{n}.txt", i) for i, n in enumerate(["big", "a"])]
    # The worker is forked from this process and inherits its address space, which the rest of
    # the suite (threads' stacks, libraries) may have grown past 1 GiB: leave it 1 GiB to spare.
    limit = _address_space() + 1024**3
    got = run_all(direct(), workfns.greedy, paths, memory_limit=limit)
    assert got["big.txt"].error_code == "too-large"
    assert got["a.txt"].status == "done"
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize in /proc/self/status")


def test_workers_are_recycled(tmp_path: Path) -> None:
    paths = [variant(LCPC, tmp_path / f"{n}.txt", i) for i, n in enumerate("abc")]
    got = run_all(direct(), workfns.suicidal, paths, max_tasks=1)
    assert [got[n].status for n in ("a.txt", "b.txt", "c.txt")] == ["done"] * 3


def test_the_worker_tunes_its_own_collector_only(tmp_path: Path) -> None:
    """A worker freezes what it inherited and collects less often (linear time on long plans);
    the calling process keeps its collector as it was."""
    import gc

    from workplan_extract.workers.worker import WORKER_GC_THRESHOLDS

    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    path = variant(LCPC, tmp_path / "a.txt", 0)
    got = run_all(direct(), workfns.collector_state, [path])
    assert got["a.txt"].status == "done"
    *thresholds, frozen, enabled = map(int, (tmp_path / "a.txt.gc").read_text().split())
    assert tuple(thresholds) == WORKER_GC_THRESHOLDS
    assert frozen > 1000  # the imported package, at least
    assert enabled == 1
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_extract_isolated_forks_here_in_a_one_thread_process() -> None:
    """In a fresh process (this one may have threads left by other tests): the worker is this
    process's child, and no fork server (a second interpreter) is started."""
    probe = textwrap.dedent(
        """
        import os, sys
        from workplan_extract.workers import forkserver
        from workplan_extract.isolation import extract_isolated
        parents = []
        spawn = forkserver.DirectForker.spawn
        def spy(self, fd, parent_fd=None):
            pid = spawn(self, fd, parent_fd)
            parents.append(int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1]))
            return pid
        forkserver.DirectForker.spawn = spy
        [(_, doc)] = list(extract_isolated([sys.argv[1]], {"timeout": 60}))
        assert doc.items, doc
        assert parents == [os.getpid()], parents
        assert forkserver._SERVER is None
        """
    )
    env = dict(os.environ, PYTHONPATH=str(SRC))
    run = subprocess.run(
        [sys.executable, "-c", probe, str(LCPC)], env=env, capture_output=True, timeout=60
    )
    assert run.returncode == 0, run.stderr.decode()


@pytest.mark.usefixtures("no_fork_server")
def test_extract_isolated_uses_the_fork_server_when_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork_here()
        [(_, doc)] = list(extract_isolated([LCPC], {"timeout": 60}))
    finally:
        stop.set()
        thread.join()
    assert not isinstance(doc, Exception)
    assert forkserver._SERVER is not None
