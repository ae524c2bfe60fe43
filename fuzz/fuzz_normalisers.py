"""Mutation fuzzing of the timing and party normalisers: mutated real-world cells must give a
reading, never an exception and never a hang.

    python fuzz/fuzz_normalisers.py timings --runs 5000 --seed 1
    python fuzz/fuzz_normalisers.py parties --runs 5000 --seed 1

Seeds are the verbatim strings of ``/work/shared/realworld/{timings,parties}.tsv`` (or
``--seeds FILE`` in that format). Each case is one to six edits: deletions, inserted marks
and words, repeated runs (how the exponential cases were found), pasted seeds, random
characters. A crash or a case over ``CASE_LIMIT`` seconds is saved under ``fuzz/crashes/``
with its traceback. Exit status 1 if any case crashed or hung.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]

from workplan_extract.normalise import parse_period, parse_timing  # noqa: E402
from workplan_extract.normalise.cells import parse_parties  # noqa: E402

CRASHES = ROOT / "fuzz" / "crashes"
REALWORLD = Path("/work/shared/realworld")
#: Seconds one cell may take before it counts as a hang (a real cell takes milliseconds).
CASE_LIMIT = 10
#: Pieces the insert edit adds: marks and words the two grammars give meaning to.
PIECES = (
    *"0123456789/-–—.,;:()[]&+ \n\t'\"",
    "by ",
    "and ",
    "of ",
    "to ",
    "Q1 ",
    "20",
    "April ",
    "Sept",
    "ongoing",
    "NHS ",
    " & ",
    "Chair of ",
    "Lead: ",
    "\u00a0",
    "\u200b",
    "x" * 50,
)


class Hang(Exception):
    """A case ran past ``CASE_LIMIT``."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang(f"took longer than {CASE_LIMIT} s")


def seeds(path: Path) -> list[str]:
    """The verbatim strings of a realworld TSV (third column; "\\n" is a line break)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if not line.startswith("#") and len(fields) >= 3:
            rows.append(fields[2].replace("\\n", "\n"))
    return rows


def mutate(text: str, pool: list[str], rng: random.Random) -> str:
    out = list(text)
    for _ in range(rng.randint(1, 6)):
        kind, at = rng.randrange(5), rng.randrange(len(out) + 1)
        if kind == 0:
            del out[at : at + rng.randint(1, 8)]
        elif kind == 1:
            out[at:at] = list(rng.choice(PIECES))
        elif kind == 2:
            out[at:at] = out[at : at + rng.randint(1, 30)] * rng.randint(2, 12)
        elif kind == 3:
            out[at:at] = list(rng.choice(pool))
        else:
            out[at:at] = [chr(rng.randrange(32, 0x2100))]
    return "".join(out)


def check(target: str, text: str) -> str | None:
    """Run one case; the traceback of a crash or hang, else None."""
    signal.alarm(CASE_LIMIT)
    try:
        if target == "timings":
            parse_timing(text)
            parse_period(text)
        else:
            parse_parties(text)
    except Exception:
        return traceback.format_exc()
    finally:
        signal.alarm(0)
    return None


def save(target: str, text: str, trace: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = CRASHES / f"{target}-{digest}.txt"
    path.write_text(f"{text!r}\n\n{trace}", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=["timings", "parties"])
    parser.add_argument("--runs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=Path, help="a TSV of strings (default: realworld)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    pool = seeds(args.seeds or REALWORLD / f"{args.target}.tsv")
    rng = random.Random(args.seed)
    crashes: dict[str, Path] = {}
    started = time.monotonic()
    for n in range(1, args.runs + 1):
        text = mutate(rng.choice(pool), pool, rng)
        trace = check(args.target, text)
        if trace is not None:
            key = trace.strip().splitlines()[-1][:200]
            if key not in crashes:
                crashes[key] = save(args.target, text, trace)
                print(f"crash #{len(crashes)} at case {n}: {key}\n  saved {crashes[key]}")
    took = time.monotonic() - started
    print(f"{args.target}: {args.runs:,} cases in {took:.0f} s, {len(crashes)} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
