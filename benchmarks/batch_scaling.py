"""Batch throughput and memory: --jobs N against --jobs 1, and peak RSS as the batch grows.

Builds a corpus of distinct documents (copies of the text samples with different trailing
bytes, so every sha256 differs), runs ``workplan-extract batch`` on it as a subprocess for each
(size, jobs) pair, and prints files/s, the ratio against the ``--jobs 1`` run of the same size
measured in this run, peak RSS of the batch process (the parent) and of the largest worker, and
the CPU time per document spent in the parent and in the workers.

The CPU columns say what a ratio can be on this machine: with C cores, ``--jobs C`` cannot beat
C / (parent + workers) CPU-seconds per document, while ``--jobs 1`` runs at up to one worker's
pace, so the ceiling of the ratio is C * workers / (parent + workers). Other load on the machine
(``load`` is printed) lowers both. Runs are interleaved (j1, j2, j1, j2, ...) with ``--repeat``
and the median rate is used, so slow spells hit both sides alike.

Peak RSS comes from ``resource.getrusage``: the batch runs in a child of this script that
reports its own ``RUSAGE_SELF`` (the parent) and ``RUSAGE_CHILDREN`` (the largest of the fork
server and the workers it forked; Linux reports the largest single reaped descendant) as JSON
on stderr.

Usage:
    PYTHONPATH=src python benchmarks/batch_scaling.py        # 200 and 2000 files, jobs 1 and 2
    PYTHONPATH=src python benchmarks/batch_scaling.py --sizes 200 --jobs 1 2 4 --repeat 3
    PYTHONPATH=src python benchmarks/batch_scaling.py --quick --json -   # for benchmarks/run.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
#: The scaling target of issue 8 (--jobs 2 against --jobs 1) and the flat-memory tolerance.
TARGET_RATIO = 1.8
RSS_TOLERANCE = 1.10

# Runs inside the measured subprocess: the batch CLI, then the peak RSS and the CPU time of its
# own process (the parent) and of its children (the workers) printed as JSON on stderr.
_MEASURED = """
import json, resource, sys
from workplan_extract.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
# The workers are children of the fork server: their CPU time and peak RSS reach this
# process's RUSAGE_CHILDREN once the server has reaped them and been reaped itself. (Absent
# before the fork server existed: the script also measures older checkouts.)
try:
    from workplan_extract.workers.forkserver import stop_fork_server
except ImportError:
    pass
else:
    stop_fork_server()
own = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "parent_kib": own.ru_maxrss, "worker_kib": workers.ru_maxrss,
    "parent_cpu": own.ru_utime + own.ru_stime, "worker_cpu": workers.ru_utime + workers.ru_stime,
}), file=sys.stderr)
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
    usage = json.loads(proc.stderr.strip().splitlines()[-1])
    with open(out / "manifest.jsonl", "rb") as manifest:
        done = sum(1 for _ in manifest)
    return {
        "seconds": seconds,
        "files": done,
        "rate": done / seconds,
        "parent_mib": usage["parent_kib"] / 1024,
        "worker_mib": usage["worker_kib"] / 1024,
        "parent_ms": usage["parent_cpu"] / done * 1000,
        "worker_ms": usage["worker_cpu"] / done * 1000,
    }


def measure(sizes: list[int], jobs_list: list[int], repeat: int) -> dict[tuple[int, int], Any]:
    """Median figures per (size, jobs); the runs of one size are interleaved across jobs."""
    log = sys.stderr if _JSON_TO_STDOUT else sys.stdout
    print(f"cpus={os.cpu_count()} python={sys.version.split()[0]} repeat={repeat}", file=log)
    print(
        f"{'files':>6} {'jobs':>4} {'seconds':>8} {'files/s':>8} {'vs j1':>6} "
        f"{'parent MiB':>10} {'worker MiB':>10} {'parent ms':>9} {'worker ms':>9} {'load':>5}",
        file=log,
    )
    results: dict[tuple[int, int], Any] = {}
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        for size in sizes:
            corpus = Path(tmp) / f"in-{size}"
            build_corpus(corpus, size)
            runs: dict[int, list[dict[str, float]]] = {jobs: [] for jobs in jobs_list}
            for attempt in range(repeat):
                for jobs in jobs_list:
                    out = Path(tmp) / f"out-{size}-{jobs}-{attempt}"
                    load = os.getloadavg()[0]
                    result = run(corpus, out, jobs)
                    result["load"] = load
                    runs[jobs].append(result)
                    base = statistics.median(r["rate"] for r in runs[1])
                    print(
                        f"{size:>6} {jobs:>4} {result['seconds']:>8.2f} {result['rate']:>8.1f} "
                        f"{result['rate'] / base:>5.2f}x {result['parent_mib']:>10.1f} "
                        f"{result['worker_mib']:>10.1f} {result['parent_ms']:>9.2f} "
                        f"{result['worker_ms']:>9.2f} {load:>5.2f}",
                        file=log,
                        flush=True,
                    )
            for jobs, rs in runs.items():
                results[size, jobs] = (
                    {key: statistics.median(r[key] for r in rs) for key in rs[0]}
                    | {"max_parent_mib": max(r["parent_mib"] for r in rs)}
                    | {"max_worker_mib": max(r["worker_mib"] for r in rs)}
                )
    return results


def figures(
    results: dict[tuple[int, int], Any], sizes: list[int], jobs_list: list[int]
) -> list[dict[str, Any]]:
    """The report as ``benchmarks/run.py`` figures (section, what, value, unit, target, met)."""
    out: list[dict[str, Any]] = []
    largest, smallest = max(sizes), min(sizes)
    cpus = os.cpu_count() or 1
    for size in sizes:
        base = results[size, 1]
        for jobs in jobs_list:
            r = results[size, jobs]
            out.append(_figure(f"{size} files --jobs {jobs}", r["rate"], "files/s", "", None))
            if jobs == 1:
                continue
            ratio = r["rate"] / base["rate"]
            check = size == largest and jobs == 2
            # What the CPU time allows on this machine (see the module docstring).
            ceiling = min(jobs, cpus) * r["worker_ms"] / (r["worker_ms"] + r["parent_ms"])
            note = (
                f"parent {r['parent_ms']:.2f} ms + workers {r['worker_ms']:.2f} ms CPU per "
                f"document; CPU ceiling {ceiling:.2f}x; load {r['load']:.1f}"
            )
            out.append(
                _figure(
                    f"{size} files --jobs {jobs} vs --jobs 1",
                    ratio,
                    "x",
                    f">= {TARGET_RATIO}" if check else "",
                    ratio >= TARGET_RATIO if check else None,
                    note,
                )
            )
    if largest != smallest:
        for who in ("parent", "worker"):
            small = max(results[smallest, j][f"max_{who}_mib"] for j in jobs_list)
            large = max(results[largest, j][f"max_{who}_mib"] for j in jobs_list)
            growth = large / small
            out.append(
                _figure(
                    f"{who} peak RSS, {largest} vs {smallest} files",
                    growth,
                    "x",
                    f"<= {RSS_TOLERANCE}",
                    growth <= RSS_TOLERANCE,
                    f"{small:.1f} MiB -> {large:.1f} MiB",
                )
            )
    return out


def _figure(
    what: str, value: float, unit: str, target: str, met: bool | None, note: str = ""
) -> dict[str, Any]:
    return {
        "section": "batch",
        "what": what,
        "value": round(value, 3),
        "unit": unit,
        "target": target,
        "met": met,
        "note": note,
    }


_JSON_TO_STDOUT = False


def main() -> None:
    global _JSON_TO_STDOUT
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="interleaved runs per (size, jobs)")
    parser.add_argument("--quick", action="store_true", help="100 and 400 files")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON ('-': stdout)")
    args = parser.parse_args()
    sizes = args.sizes or ([100, 400] if args.quick else [200, 2000])
    jobs_list = sorted({1, *args.jobs})  # the baseline is always measured
    _JSON_TO_STDOUT = args.json == "-"
    results = measure(sizes, jobs_list, max(1, args.repeat))
    report = figures(results, sizes, jobs_list)
    log = sys.stderr if _JSON_TO_STDOUT else sys.stdout
    for f in report:
        if f["target"]:
            print(
                f"{f['what']}: {f['value']}{f['unit']} (target {f['target']}: "
                f"{'met' if f['met'] else 'NOT met'}) {f['note']}",
                file=log,
            )
    if args.json == "-":
        json.dump(report, sys.stdout, indent=2)
        print()
    elif args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
