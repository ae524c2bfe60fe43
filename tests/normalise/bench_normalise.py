"""Benchmark of the normaliser against a generated 100,000-entry vocabulary.

Run: PYTHONPATH=src python tests/normalise/bench_normalise.py [ENTRIES]
Throughputs are CPU time (process_time), so a busy machine does not distort them.
(not collected by pytest; test_large_vocabulary.py checks correctness at a smaller size).
"""

from __future__ import annotations

import gc
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from workplan_extract.normalise import load_vocabulary, parse_parties, parse_period, parse_timing
from workplan_extract.normalise import vocab as vocab_module

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tor",
    "vel",
    "sa",
    "bri",
    "dun",
    "ash",
    "ford",
    "ley",
    "ham",
    "ton",
    "wick",
    "bur",
    "cas",
    "del",
    "fen",
    "gar",
]
KINDS = [
    "Trust",
    "Council",
    "Partnership",
    "Forum",
    "Service",
    "Network",
    "Board",
    "Group",
    "Association",
    "Foundation",
    "Centre",
    "Project",
    "Alliance",
    "Agency",
    "Team",
]
AREAS = ["London", "North", "South", "East", "West", "Central", "Greater", "Inner", "Outer"]
TOPICS = [
    "Youth",
    "Family",
    "Children's",
    "Health",
    "Housing",
    "Community",
    "Carers",
    "Safety",
    "Learning",
    "Care",
    "Welfare",
    "Advice",
    "Support",
    "Education",
    "Justice",
]

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


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.json"
        path.write_text(json.dumps({"entries": generate(count)}), encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        vocabulary = load_vocabulary([path])
        print(
            f"entries: {len(vocabulary.entries):,}  keys: {len(vocabulary.keys):,}  "
            f"read+validate+merge+index: {time.perf_counter() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU"
        )
        gc.disable()
        wall, cpu = time.perf_counter(), time.process_time()
        vocab_module.Vocabulary(vocabulary.entries)
        print(
            f"index build alone: {time.perf_counter() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU"
        )
        gc.enable()
        for label, vocab in (("shipped", load_vocabulary()), (f"{count:,}", vocabulary)):
            spans = 0
            started = time.process_time()
            for _ in range(200):
                for cell in PARTY_CELLS:
                    spans += len(parse_parties(cell, vocab)[0])
            elapsed = time.process_time() - started
            print(f"[{label}] seed party cells, warm: {spans / elapsed:,.0f} spans/s")
            rng = random.Random(1)
            fresh = [f"{word(rng)} {word(rng)} {rng.choice(KINDS)}" for _ in range(300)]
            started = time.process_time()
            for text in fresh:
                parse_parties(text, vocab)
            elapsed = time.process_time() - started
            print(
                f"[{label}] never-seen unmatched multi-word spans (fuzzy path): "
                f"{len(fresh) / elapsed:,.0f} spans/s"
            )
            vocab._fuzzy_cache.clear()
            started = time.process_time()
            seen = 0
            for cell in PARTY_CELLS:
                seen += len(parse_parties(cell, vocab)[0])
            elapsed = time.process_time() - started
            print(
                f"[{label}] one document's party cells, cold cache: {elapsed * 1000:.1f} ms "
                f"({seen} spans)"
            )
        typo, _ = parse_parties("Assocation of London Government", vocabulary)
        print("typo with 100k entries ->", typo[0].id, typo[0].match, typo[0].score)
    period = parse_period("London Child Protection Committee Workplan 2004")[0]
    started = time.process_time()
    n = 0
    for _ in range(2000):
        for text in TIMINGS:
            parse_timing(text, period)
            n += 1
    print(f"timing grammar: {n / (time.process_time() - started):,.0f} strings/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
