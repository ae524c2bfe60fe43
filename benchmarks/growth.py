"""`make bench` section "growth": how extract time grows with the plan (issue 17.9).

The exponent ``log(t(20,000) / t(1,000)) / log(20)`` of a whole ``extract`` of the long plans
``scripts/long_plan.py`` writes (.txt and .docx), target <= 1.1. Measured twice:

- in this process, with the collector as a caller has it (Python's default thresholds): what
  a library user gets. The time the cyclic collector takes is timed too (``gc.callbacks``), so
  the figure says how much of the 20,000-item time is the collector, and the exponent of the
  rest;
- in a child process with the collector as our worker processes set it
  (``workers.worker.tune_collector``): what ``extract`` and ``batch`` on the command line get.

Each 20,000-item time is the best of two runs (a run takes seconds; the best is the least
disturbed by other load), each 1,000-item time the best of five. About 20 s in all.

    python benchmarks/growth.py            # prints the figures
"""

from __future__ import annotations

import gc
import importlib.util
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SMALL, LARGE = 1_000, 20_000
TARGET = 1.1


def _long_plan() -> ModuleType:
    spec = importlib.util.spec_from_file_location("long_plan", ROOT / "scripts" / "long_plan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timed(path: Path) -> tuple[float, float, int]:
    """Wall time of one extract of ``path``, the collector's share of it, its full collections."""
    from workplan_extract import extract

    pauses: list[float] = []
    full = 0
    started = 0.0

    def watch(phase: str, info: dict[str, int]) -> None:
        nonlocal started, full
        if phase == "start":
            started = time.perf_counter()
            full += info["generation"] == 2
        else:
            pauses.append(time.perf_counter() - started)

    gc.callbacks.append(watch)
    try:
        start = time.perf_counter()
        extract(path)
        seconds = time.perf_counter() - start
    finally:
        gc.callbacks.remove(watch)
    return seconds, sum(pauses), full


def _best(path: Path, runs: int) -> tuple[float, float, int]:
    """The fastest of ``runs`` extracts of ``path`` (see ``_timed``)."""
    return min(_timed(path) for _ in range(runs))


def measure_here(folder: Path) -> list[dict[str, object]]:
    """The exponents in this process, with the collector as it is here."""
    plan = _long_plan()
    worker = "--worker" in sys.argv
    figures: list[dict[str, object]] = []
    for suffix, write in ((".txt", plan.write_txt), (".docx", plan.write_docx)):
        times = {}
        for count, runs in ((SMALL, 5), (LARGE, 2)):
            path = folder / f"long-plan-{count}{suffix}"
            if not path.exists():
                write(path, count)
            times[count] = _best(path, runs)
        (t_small, gc_small, _), (t_large, gc_large, full) = times[SMALL], times[LARGE]
        exponent = math.log(t_large / t_small) / math.log(LARGE / SMALL)
        rest = math.log((t_large - gc_large) / (t_small - gc_small)) / math.log(LARGE / SMALL)
        where = "worker's collector" if worker else "caller's collector"
        figures.append(
            {
                "section": "growth",
                "what": f"{suffix[1:]} time exponent 1k->20k items, {where}",
                "value": exponent,
                "unit": "",
                "target": f"<= {TARGET:g}",
                "met": exponent <= TARGET,
                "note": f"{t_small * 1e3:.0f} ms -> {t_large:.2f} s; collector {gc_large:.2f} s "
                f"({full} full) of it, exponent without it {rest:.2f}",
            }
        )
    return figures


def measure(quick: bool = False) -> list[dict[str, object]]:
    """The figures, as ``benchmarks/run.py`` takes them (``quick``: this process only)."""
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure_here(Path(tmp))
        if quick:
            return figures
        child = subprocess.run(
            [sys.executable, __file__, "--worker", "--json", "--folder", tmp],
            capture_output=True,
            text=True,
            check=True,
        )
        return figures + list(json.loads(child.stdout))


def main() -> int:
    if "--worker" in sys.argv:
        import workplan_extract  # what a worker inherits, frozen with it
        from workplan_extract.workers.worker import tune_collector

        del workplan_extract
        tune_collector()
    folder = Path(sys.argv[sys.argv.index("--folder") + 1]) if "--folder" in sys.argv else None
    if "--json" in sys.argv:
        assert folder is not None
        print(json.dumps(measure_here(folder)))
        return 0
    figures = measure() if folder is None else measure_here(folder)
    for f in figures:
        status = "ok" if f["met"] else "MISSED"
        print(f"{f['what']:<50} {f['value']:5.2f}  {status:6} {f['note']}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
