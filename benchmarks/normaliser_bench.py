"""The normaliser against a generated 100,000-entry vocabulary: load time and throughputs.

``run.py --only normaliser`` imports ``measure``; run alone it prints the same figures:

    PYTHONPATH=src python benchmarks/normaliser_bench.py [--quick] [--entries N]

Throughputs and load times are CPU time (``process_time``), the median of several runs, so a
machine shared with other work distorts them less than wall time would. Every span counted as
"never seen" is new to the process: each run draws fresh names, so no cache can answer it.
(``tests/normalise/test_large_vocabulary.py`` checks correctness at a smaller size.)
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workplan_extract.normalise import load_vocabulary, parse_parties, parse_period, parse_timing
from workplan_extract.normalise import vocab as vocab_module

FULL_SIZE = 100_000
QUICK_SIZE = 20_000

SYLLABLES = [
    "ka", "lo", "mi", "ren", "tor", "vel", "sa", "bri", "dun", "ash",
    "ford", "ley", "ham", "ton", "wick", "bur", "cas", "del", "fen", "gar",
]  # fmt: skip
KINDS = [
    "Trust", "Council", "Partnership", "Forum", "Service", "Network", "Board", "Group",
    "Association", "Foundation", "Centre", "Project", "Alliance", "Agency", "Team",
]  # fmt: skip
AREAS = ["London", "North", "South", "East", "West", "Central", "Greater", "Inner", "Outer"]
TOPICS = [
    "Youth", "Family", "Children's", "Health", "Housing", "Community", "Carers", "Safety",
    "Learning", "Care", "Welfare", "Advice", "Support", "Education", "Justice",
]  # fmt: skip

#: The party cells of the two seed documents.
PARTY_CELLS = [
    "ALG, boroughs, DfES",
    "ALG\nALG  – DV Forum\nMPS, ALG, Barnardos – Sexual Exploitation Steering Group\nMPS",
    "ALG, London Connects, NHS, DfES & Boroughs",
    "ALG & GLADSS",
    "ALG, MPS & GLADSS",
    "NHS & MPS",
    "ALG, MPS, Boroughs, NHS, NCH, Courts, Probation",
    "London Board supported by London Councils",
    "London Board supported by London Councils,\nparticipating LAs, DfES, HO",
    "London Board supported by London Councils,\nNHS & MPS",
    "• GOL Children & Learners Division",
    "• Board member agencies\n• Agencies/ professionals with specific expertise",
    "London Councils, MPS, GOL & CSIP",
    "GOL & CSIP: project finance;",
    "LSCB Chairs, ALDCS, London Safeguarding Children Professionals’ networks/agencies",
    "ACPCs – Chairs & \nCo-ordinators",
    "Directors of Children Services",
    "MPS, Children’s Bill, GLA Strategy for children",
    "All agencies",
    "Service & IT managers in agencies\nNon-IRT pilot boroughs",
]
#: Timing lines of the seeds, and the shapes the grammar must also read.
TIMINGS = [
    "Ongoing",
    "Support activities delivered before Dec 2007",
    "CDRPs & SCRs before autumn 2007",
    "Project  final report due  30th June 2007",
    "First Chairs & Officers Meeting Jan 2004",
    "March 2004",
    "Sep 2004",
    "2004/2005",
    "Begin Jan 2004",
    "Begin May",
    "December 2007",
    "19.4.07",
    "610.04",
    "Q1 2007/08",
    "March – May 2004",
    "TBC",
    "Winter 2004",
    "Sept '08",
]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generate(count: int, seed: int = 7) -> list[dict[str, object]]:
    """``count`` distinct organisations shaped like real ones, each with one alias."""
    rng = random.Random(seed)
    names: set[str] = set()
    entries: list[dict[str, object]] = []
    while len(entries) < count:
        parts = [word(rng)]
        if rng.random() < 0.6:
            parts.insert(0, rng.choice(AREAS))
        if rng.random() < 0.7:
            parts.append(rng.choice(TOPICS))
        parts.append(rng.choice(KINDS))
        name = " ".join(parts)
        if name in names:
            continue
        names.add(name)
        entries.append(
            {
                "id": f"gen-{len(entries):06d}",
                "name": name,
                "kind": "organisation",
                "aliases": [f"{name} Ltd"],
            }
        )
    return entries


def fresh_spans(count: int, seed: int) -> list[str]:
    """Multi-word names no vocabulary holds: they take the fuzzy path and match nothing."""
    rng = random.Random(seed)
    return [f"{word(rng)} {word(rng)} {rng.choice(KINDS)}" for _ in range(count)]


def cpu_median(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of ``fn`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return statistics.median(times)


def figure(
    what: str, value: float, unit: str, target: str = "", met: bool | None = None, note: str = ""
) -> dict[str, Any]:
    """One line of the report, with the keys of ``run.Figure``."""
    return {
        "section": "normaliser",
        "what": what,
        "value": value,
        "unit": unit,
        "target": target,
        "met": met,
        "note": note,
    }


def measure(quick: bool = False, entries: int | None = None) -> list[dict[str, Any]]:
    """Every normaliser figure of the benchmark issue, as dicts of ``run.Figure``'s fields.

    With ``quick`` the vocabulary is 20,000 entries: the size targets are then not judged.
    """
    count = entries or (QUICK_SIZE if quick else FULL_SIZE)
    judged = count >= FULL_SIZE
    size = f"{count // 1000}k"
    out: list[dict[str, Any]] = []
    repeat = 3 if quick else 5
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.json"
        path.write_text(json.dumps({"entries": generate(count)}), encoding="utf-8")

        def load() -> vocab_module.Vocabulary:
            vocab_module._CACHE.clear()  # a cold load every time: read, validate, merge, index
            return load_vocabulary([path])

        load_cpu = cpu_median(load, repeat)
        vocabulary = load()
        gc.disable()
        try:
            index_cpu = cpu_median(lambda: vocab_module.Vocabulary(vocabulary.entries), repeat)
        finally:
            gc.enable()
        out.append(
            figure(
                f"{size} vocabulary: load (read+validate+index)",
                load_cpu,
                "s CPU",
                "< 2",
                load_cpu < 2 if judged else None,
                f"{len(vocabulary.entries):,} entries, {len(vocabulary.keys):,} keys",
            )
        )
        out.append(figure(f"{size} vocabulary: index build alone", index_cpu, "s CPU", "", None))

        out += _parties("shipped", load_vocabulary(), None, repeat, seed=1)
        out += _parties(size, vocabulary, judged, repeat, seed=1000)
        typo, _ = parse_parties("Assocation of London Government", vocabulary)
        if typo[0].id != "association-of-london-government":
            raise AssertionError(f"typo matched {typo[0].id} with {size} entries")

    period = parse_period("London Child Protection Committee Workplan 2004")[0]

    def timings() -> None:
        for _ in range(100):
            for text in TIMINGS:
                parse_timing(text, period)

    rate = 100 * len(TIMINGS) / cpu_median(timings, repeat * 2)
    out.append(figure("timing grammar", rate, "strings/s", ">= 20000", rate >= 20000))
    return out


def _parties(
    label: str, vocab: vocab_module.Vocabulary, judged: bool | None, repeat: int, seed: int
) -> list[dict[str, Any]]:
    """Party throughputs against one vocabulary; ``judged`` None for the shipped one."""

    def seed_cells() -> int:
        return sum(len(parse_parties(cell, vocab)[0]) for cell in PARTY_CELLS)

    def judge(rate: float) -> bool | None:
        return None if not judged else rate >= 5000

    target = "" if judged is None else ">= 5000"
    spans = seed_cells()
    warm = spans * 20 / cpu_median(lambda: [seed_cells() for _ in range(20)], repeat)
    # Drawn before timing, and different for each vocabulary, so every span is new.
    batches = iter([fresh_spans(300, s) for s in range(seed, seed + repeat)])

    def unmatched() -> None:
        for text in next(batches):
            parse_parties(text, vocab)

    fresh = 300 / cpu_median(unmatched, repeat)
    vocab._fuzzy_cache.clear()
    started = time.process_time()
    seed_cells()
    cold = time.process_time() - started
    return [
        figure(f"{label} vocabulary: seed party cells, warm", warm, "spans/s", target, judge(warm)),
        figure(
            f"{label} vocabulary: never-seen unmatched spans",
            fresh,
            "spans/s",
            target,
            judge(fresh),
            "fuzzy path, every span new to the process",
        ),
        figure(
            f"{label} vocabulary: seed party cells, cold cache",
            cold * 1e3,
            "ms",
            "",
            None,
            f"{spans} spans",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE:,} entries")
    parser.add_argument("--entries", type=int, help="vocabulary size")
    args = parser.parse_args()
    for f in measure(args.quick, args.entries):
        status = {True: "ok", False: "MISSED", None: ""}[f["met"]]
        target = f"target {f['target']}" if f["target"] else ""
        line = f"{f['what']:<52} {f['value']:>12,.2f} {f['unit']:<8} {target:<14} {status:<6}"
        print(line, f["note"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
