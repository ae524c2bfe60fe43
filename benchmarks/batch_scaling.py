"""Batch throughput and memory: --jobs N against --jobs 1, and peak RSS as the batch grows.

Builds a corpus of distinct documents (copies of the text samples with different trailing
bytes, so every sha256 differs), runs ``workplan-extract batch`` on it as a subprocess for each
(size, jobs) pair, and prints files/s, the ratio against the ``--jobs 1`` run of the same size
measured in this run, and peak RSS of the batch process (the parent) and of the largest worker.

Peak RSS comes from ``resource.getrusage``: the batch runs as a child of this script, so its
``ru_maxrss`` is read from ``RUSAGE_CHILDREN`` after it exits (this script itself stays tiny;
the Linux kernel reports the largest single descendant). The workers' peak is reported by a
wrapper in the batch process (``--workers-rss``, below) from its own ``RUSAGE_CHILDREN``.

Usage:
    PYTHONPATH=src python benchmarks/batch_scaling.py        # 200 and 2000 files, jobs 1 and 2
    PYTHONPATH=src python benchmarks/batch_scaling.py --sizes 200 --jobs 1 2 4
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))

# Runs inside the measured subprocess: the batch CLI, then the peak RSS of its own process
# (the parent) and of its children (the workers, largest one) printed as JSON on stderr.
_MEASURED = """
import json, resource, sys
from workplan_extract.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"parent_kib": own, "worker_kib": workers}), file=sys.stderr)
"""


def build_corpus(folder: Path, count: int) -> None:
    """``count`` distinct documents: sample i % n with i // n extra trailing newlines."""
    folder.mkdir(parents=True, exist_ok=True)
    blobs = [p.read_bytes() for p in SAMPLES]
    for i in range(count):
        blob = blobs[i % len(blobs)]
        (folder / f"doc-{i:06d}.txt").write_bytes(blob + b"\n" * (i // len(blobs)))


def run(corpus: Path, out: Path, jobs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-c", _MEASURED, "batch", str(corpus), "-o", str(out)]
    command += ["-j", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({proc.returncode}):\n{proc.stderr}")
    rss = json.loads(proc.stderr.strip().splitlines()[-1])
    with open(out / "manifest.jsonl", "rb") as manifest:
        done = sum(1 for _ in manifest)
    return {
        "seconds": seconds,
        "files": done,
        "rate": done / seconds,
        "parent_mib": rss["parent_kib"] / 1024,
        "worker_mib": rss["worker_kib"] / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    jobs_list = sorted(set([1, *args.jobs]))  # the baseline is always measured
    print(f"cpus={os.cpu_count()} python={sys.version.split()[0]}")
    print(
        f"{'files':>6} {'jobs':>4} {'seconds':>8} {'files/s':>8} {'vs j1':>6} "
        f"{'parent MiB':>10} {'worker MiB':>10}"
    )
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"in-{size}"
            build_corpus(corpus, size)
            baseline = None
            for jobs in jobs_list:
                result = run(corpus, Path(tmp) / f"out-{size}-{jobs}", jobs)
                baseline = baseline or result["rate"]
                print(
                    f"{size:>6} {jobs:>4} {result['seconds']:>8.2f} {result['rate']:>8.1f} "
                    f"{result['rate'] / baseline:>5.2f}x {result['parent_mib']:>10.1f} "
                    f"{result['worker_mib']:>10.1f}",
                    flush=True,
                )
    # This script's own children figure covers every batch it ran (the largest of them).
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest process of all runs: {peak:.1f} MiB")


if __name__ == "__main__":
    main()
