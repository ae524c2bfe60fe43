"""Real timing strings from published UK plans against the values SPEC gives them.

``data/real_timings.tsv`` holds each string, the period of the plan it came from and the value
decided by hand from SPEC, with its source. A result is *right* when its kind, EDTF and
recurrence are the expected ones, *unknown* when the grammar gave no date and said so with a
warning (never wrong), and *wrong* otherwise. Run this file directly to print the figures:

    .venv/bin/python tests/normalise/test_real_timings.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

if __name__ == "__main__":  # run directly: the helpers beside this file are importable
    sys.path.insert(0, str(Path(__file__).parent))

from normalise_helpers import assert_edtf_agrees

from workplan_extract.normalise import parse_period, parse_timing

DATA = Path(__file__).parent / "data" / "real_timings.tsv"


@dataclass(frozen=True)
class Case:
    source: str
    period: str | None
    text: str
    kind: str
    edtf: str | None
    recurrence: str | None


def cases() -> list[Case]:
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        source, period, text, kind, edtf, recurrence = line.split("\t")
        out.append(
            Case(
                source,
                None if period == "-" else period,
                text,
                kind,
                None if edtf == "-" else edtf,
                None if recurrence == "-" else recurrence,
            )
        )
    return out


def judge(case: Case) -> tuple[str, str]:
    """("right" | "unknown" | "wrong", what the grammar gave)."""
    period = parse_period(f"Plan {case.period}")[0] if case.period else None
    if case.period:
        assert period is not None, case
    timing, warnings = parse_timing(case.text, period)
    got = f"{timing.kind} {timing.edtf} {timing.recurrence}"
    if (timing.kind, timing.edtf, timing.recurrence) == (case.kind, case.edtf, case.recurrence):
        return "right", got
    if timing.kind == "unknown" and timing.edtf is None and warnings:
        return "unknown", got
    return "wrong", got


CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.source}:{c.text[:40]}" for c in CASES])
def test_no_real_string_gets_a_wrong_date(case: Case) -> None:
    verdict, got = judge(case)
    assert verdict != "wrong", f"{case.text!r}: expected {case.kind} {case.edtf}, got {got}"
    if verdict == "right":
        period = parse_period(f"Plan {case.period}")[0] if case.period else None
        timing, _ = parse_timing(case.text, period)
        if timing.kind != "recurring":
            assert_edtf_agrees(timing)


def test_more_than_nine_in_ten_real_strings_are_read_right() -> None:
    verdicts = [judge(case)[0] for case in CASES]
    assert verdicts.count("wrong") == 0
    assert verdicts.count("right") / len(verdicts) > 0.9


def main() -> int:
    counts = {"right": 0, "unknown": 0, "wrong": 0}
    for case in CASES:
        verdict, got = judge(case)
        counts[verdict] += 1
        if verdict != "right":
            print(
                f"{verdict:8} {case.source:4} {case.text!r}: expected {case.kind} {case.edtf}; got {got}"
            )
    total = sum(counts.values())
    print(
        f"{total} real strings: {counts['right']} right ({counts['right'] / total:.1%}), "
        f"{counts['unknown']} unknown, {counts['wrong']} wrong"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
