"""The normaliser: the shipped register and a generated 100,000-entry vocabulary, load times and
throughputs.

``run.py --only normaliser`` imports ``measure``; run alone it prints the same figures:

    PYTHONPATH=src python benchmarks/normaliser_bench.py [--quick] [--entries N]

Throughputs and load times are CPU time (``process_time``), the median of several runs, so a
machine shared with other work distorts them less than wall time would. Every figure with a
target measures the work, not a cache: before each timed run every normaliser cache (whole party
cells, fuzzy lookups, party keys, timing lines) is cleared, spans counted as "never seen" are
drawn fresh for each run, and the timing grammar reads generated lines no earlier run has read.
Figures labelled "warm" are answered by those caches; they are shown without a target.
(``tests/normalise/test_large_vocabulary.py`` checks correctness at a smaller size.)

The register figures (issue #14): the shipped vocabulary (seed entries, national register,
places) loaded in a fresh process, CPU seconds of ``load_vocabulary()`` alone, median of
fresh interpreters; and never-seen party spans of every kind (bodies, people, posts, groups,
place-led forms, codes) read in a Slough LSCB plan's context.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workplan_extract.normalise import cells as cells_module
from workplan_extract.normalise import entries as entries_module
from workplan_extract.normalise import load_vocabulary, parse_parties, parse_period, parse_timing
from workplan_extract.normalise import loading as loading_module
from workplan_extract.normalise import persons as persons_module
from workplan_extract.normalise import roles as roles_module
from workplan_extract.normalise import timings as timings_module
from workplan_extract.normalise import vocab as vocab_module
from workplan_extract.normalise.context import PlanContext
from workplan_extract.normalise.entries import party_key

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
    """``count`` distinct organisations shaped like real ones, each with one alias; none
    spelled like a shipped entry (a user file may not reuse a shipped spelling)."""
    rng = random.Random(seed)
    shipped = load_vocabulary().keys
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
        if name in names or party_key(name) in shipped or party_key(f"{name} Ltd") in shipped:
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


MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
#: The shapes of ``TIMINGS`` with holes for subject (s), day (d), month (m, M short), year
#: (y, yy two-digit), so the grammar can be fed lines it has never read.
TIMING_SHAPES = [
    "{s} ongoing",
    "{s} delivered before {M} {y}",
    "{s} before autumn {y}",
    "{s} final report due {d}th {m} {y}",
    "{s} Meeting {M} {y}",
    "{m} {y}",
    "{M} {y}",
    "{y}/{y1}",
    "Begin {M} {y}",
    "{s} Begin {m}",
    "{d}.{n}.{yy}",
    "{d}{n}.{yy}",
    "Q{q} {y}/{yy1}",
    "{M} – {m2} {y}",
    "{s} TBC",
    "Winter {y}",
    "{s} Sept '{yy}",
    "{s} by end of {m} {y}",
    # SPEC "Timings 2.0" forms
    "{M}-{yy}",
    "{d}-{M}-{yy}",
    "{s} in {m}/{m2} {y}",
    "{y} – {yy1}",
    "the Autumn of {y}",
    "{s} by the end of the financial year",
    "Quarter {q}",
    "{d}th & {d}th {m} {y}",
    "early {m} {y}",
    "{s} – TBC",
    "{d} {m} (annually)",
    "Within six months of {s}",
    "Slipped from {d} {m} {y} - {s}",
]


def fresh_timings(count: int, rng: random.Random, seen: set[str]) -> list[str]:
    """``count`` timing lines in the shapes of ``TIMINGS``, none of them in ``seen``."""
    out: list[str] = []
    attempt = 0
    while len(out) < count:
        # By attempt, not by len(out): a shape with few variants ("Winter 2004") that runs
        # out of new ones is skipped rather than retried forever.
        shape = TIMING_SHAPES[attempt % len(TIMING_SHAPES)]
        attempt += 1
        year = rng.randint(1900, 2099)
        month = rng.randint(1, 12)
        text = shape.format(
            s=f"{word(rng)} {rng.choice(TOPICS)} {rng.choice(KINDS)}",
            d=rng.randint(1, 28),
            n=month,
            m=MONTHS[month - 1],
            m2=MONTHS[rng.randint(month, 12) - 1],
            M=MONTHS[month - 1][:3],
            y=year,
            y1=year + 1,
            yy=f"{year % 100:02d}",
            yy1=f"{(year + 1) % 100:02d}",
            q=rng.randint(1, 4),
        )
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def clear_caches(vocab: vocab_module.Vocabulary | None = None) -> None:
    """Forget every normaliser cache, so the next run does the work."""
    if vocab is not None:
        vocab.cell_cache.clear()
        vocab._fuzzy_cache.clear()
    entries_module.cached_party_key.cache_clear()
    persons_module.read_person.cache_clear()
    roles_module.role_key.cache_clear()
    timings_module.clear_cache()


def cpu_median(
    fn: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    """Median CPU seconds of ``fn`` over ``repeat`` runs; ``setup`` runs untimed before each."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
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
            return load_vocabulary([path])

        def forget() -> None:
            # A cold load every time (read, validate, merge, index), as in a fresh process:
            # freeing the previous run's 100,000 entries and their index is not part of it.
            loading_module._CACHE.clear()
            gc.collect()

        load_cpu = cpu_median(load, repeat, setup=forget)
        forget()
        vocabulary = load()
        rows = vocabulary.rows
        index_cpu = cpu_median(lambda: vocab_module.Vocabulary(rows, vocabulary.places), repeat)
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
        out += _register(repeat)

        out += _parties("shipped", load_vocabulary(), None, repeat, seed=1)
        out += _parties(size, vocabulary, judged, repeat, seed=1000)
        typo, _ = parse_parties("Assocation of London Government", vocabulary)
        if typo[0].id != "association-of-london-government":
            raise AssertionError(f"typo matched {typo[0].id} with {size} entries")

    period = parse_period("London Safeguarding Children Board Workplan 2007/08")[0]
    rng = random.Random(11)
    seen: set[str] = set(TIMINGS)
    rounds = repeat * 2
    batches = iter([fresh_timings(2000, rng, seen) for _ in range(rounds)])

    def grammar() -> None:
        for text in next(batches):
            parse_timing(text, period)

    rate = 2000 / cpu_median(grammar, rounds, setup=clear_caches)
    out.append(
        figure(
            "timing grammar, never-seen lines",
            rate,
            "strings/s",
            ">= 20000",
            rate >= 20000,
            "generated variants of the seed and SPEC 2.0 shapes, cache cleared",
        )
    )

    def warm() -> None:
        for _ in range(100):
            for text in TIMINGS:
                parse_timing(text, period)

    warm_rate = 100 * len(TIMINGS) / cpu_median(warm, rounds)
    out.append(
        figure("timing lines, warm", warm_rate, "strings/s", "", None, "answered by the line cache")
    )
    return out


def _parties(
    label: str, vocab: vocab_module.Vocabulary, judged: bool | None, repeat: int, seed: int
) -> list[dict[str, Any]]:
    """Party throughputs against one vocabulary; ``judged`` None for the shipped one."""

    def seed_cells() -> int:
        return sum(len(parse_parties(cell, vocab)[0]) for cell in PARTY_CELLS)

    def judge(rate: float) -> bool | None:
        return None if not judged else rate >= 5000

    def clear() -> None:
        clear_caches(vocab)

    target = "" if judged is None else ">= 5000"
    clear()
    spans = seed_cells()
    cold = spans / cpu_median(seed_cells, repeat * 4, setup=clear)
    warm = spans * 20 / cpu_median(lambda: [seed_cells() for _ in range(20)], repeat)
    # Drawn before timing, and different for each vocabulary, so every span is new.
    batches = iter([fresh_spans(300, s) for s in range(seed, seed + repeat)])

    def unmatched() -> None:
        for text in next(batches):
            parse_parties(text, vocab)

    fresh = 300 / cpu_median(unmatched, repeat, setup=clear)
    return [
        figure(
            f"{label} vocabulary: seed party cells, caches cleared",
            cold,
            "spans/s",
            target,
            judge(cold),
            f"{spans} spans",
        ),
        figure(
            f"{label} vocabulary: never-seen unmatched spans",
            fresh,
            "spans/s",
            target,
            judge(fresh),
            "fuzzy path, every span new, caches cleared",
        ),
        figure(
            f"{label} vocabulary: seed party cells, warm",
            warm,
            "spans/s",
            "",
            None,
            "answered by the cell cache",
        ),
    ]


_FRESH_LOAD = """
import time
from workplan_extract.normalise import load_vocabulary
started = time.process_time()
vocabulary = load_vocabulary()
print(time.process_time() - started, len(vocabulary.rows), len(vocabulary.keys), len(vocabulary.places))
"""


def _register(repeat: int) -> list[dict[str, Any]]:
    """The shipped register: loaded in fresh processes, and never-seen spans read in context."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    runs = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", _FRESH_LOAD], capture_output=True, text=True, check=True, env=env
        )
        runs.append(result.stdout.split())
    load_cpu = statistics.median(float(r[0]) for r in runs)
    entries, keys, places = runs[0][1:]
    out = [
        figure(
            "shipped register: load in a fresh process",
            load_cpu,
            "s CPU",
            "< 0.3",
            load_cpu < 0.3,
            f"{int(entries):,} entries, {int(keys):,} keys, {int(places):,} places; no cache",
        )
    ]
    vocabulary = load_vocabulary()
    context = PlanContext(
        earliest="2012-04-01", latest="2013-03-31", issuer="slough-lscb", areas=("E06000039",)
    )
    batches = iter([typed_spans(600, seed) for seed in range(50, 50 + repeat)])

    def read() -> None:
        for text in next(batches):
            cells_module.parse_parties(text, vocabulary, context)

    rate = 600 / cpu_median(read, repeat, setup=lambda: clear_caches(vocabulary))
    out.append(
        figure(
            "shipped register: never-seen spans of every kind",
            rate,
            "spans/s",
            ">= 10000",
            rate >= 10000,
            "bodies, people, posts, groups, place-led, codes; Slough LSCB plan; caches cleared",
        )
    )
    return out


def typed_spans(count: int, seed: int) -> list[str]:
    """Party cells as real plans write them, with generated words so that none repeats."""
    rng = random.Random(seed)
    shapes = [
        lambda: f"{word(rng)} {word(rng)} {rng.choice(KINDS)}",
        lambda: f"{word(rng)} {word(rng)}",
        lambda: f"Mr {word(rng)[0]} {word(rng)} {rng.randint(800000, 899999)}",
        lambda: f"Director of {word(rng)} {rng.choice(TOPICS)}",
        lambda: f"{word(rng)} {rng.choice(TOPICS)} Sub Group",
        lambda: f"LB {word(rng)}",
        lambda: f"{word(rng)} PCT",
        lambda: word(rng).upper()[:4],
        lambda: f"{word(rng)} {rng.choice(TOPICS)} Manager, {word(rng)} {rng.choice(KINDS)}",
        lambda: f"all {word(rng).lower()} agencies",
    ]
    return [shapes[i % len(shapes)]() for i in range(count)]


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
