"""The Dask executor gives the same outputs, manifest and errors as the local pool."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
import workfns

from conftest import LCPC, variant
from workplan_extract.batch import LocalExecutor, read_manifest, run_batch
from workplan_extract.errors import UsageError

distributed = pytest.importorskip("distributed")


def comparable(out: Path) -> dict[str, tuple[object, ...]]:
    """The manifest minus what varies between runs (durations, times)."""
    return {
        Path(e.file).name: (e.sha256, e.status, e.output, e.error_code, e.error, e.duplicate_of)
        for e in read_manifest(out / "manifest.jsonl")
    }


def outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name not in ("manifest.jsonl", "errors.csv", ".lock")
    }


def errors(out: Path) -> list[list[str]]:
    """errors.csv without its duration column."""
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as handle:
        return [row[:5] + row[6:] for row in csv.reader(handle)]


def test_a_local_cluster_matches_the_local_pool(mixed: Path, tmp_path: Path) -> None:
    from workplan_extract.batch.dask import DaskExecutor

    variant(LCPC, mixed / "hang.txt", 7)
    variant(LCPC, mixed / "dup-of-lcpc.txt", 0)
    settings = {"timeout": 1.0}
    local = run_batch(
        [mixed],
        tmp_path / "local",
        settings=settings,
        executor=LocalExecutor(2),
        work=workfns.sleepy,
    )
    # processes=False keeps the cluster in this process: quick to start, and the workers'
    # child processes still isolate every file as on a real cluster.
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_batch(
            [mixed],
            tmp_path / "dask",
            settings=settings,
            executor=DaskExecutor(client=client),
            work=workfns.sleepy,
        )
    assert (remote.done, remote.failed, remote.duplicates) == (local.done, local.failed, 1)
    assert comparable(tmp_path / "dask") == comparable(tmp_path / "local")
    assert comparable(tmp_path / "dask")["hang.txt"][3] == "timeout"
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert errors(tmp_path / "dask") == errors(tmp_path / "local")
    assert len(errors(tmp_path / "dask")) == 1 + 4


def test_without_dask_installed_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workplan_extract.batch.dask import DaskExecutor

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(UsageError, match=r"pip install 'workplan-extract\[dask\]'"):
        run_batch([tmp_path], tmp_path / "out", executor=DaskExecutor("tcp://127.0.0.1:1"))
