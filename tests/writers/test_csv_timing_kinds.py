"""The item CSV tells "Ongoing" from an unread timing: a timing-kind column beside the EDTF."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from workplan_extract import extract
from workplan_extract.writers.csv import HEADER, to_csv

SAMPLE = Path(__file__).parents[2] / "samples" / "lscb-workplan-2007-08.txt"


def test_timing_kinds_sit_before_the_edtf_and_bounds() -> None:
    names = list(HEADER)
    at = names.index("timing_kinds")
    assert names[at : at + 4] == ["timing_kinds", "timing_edtf", "timing_earliest", "timing_latest"]
    assert "meeting_kinds" in names


def test_timing_kinds_are_aligned_with_the_timings() -> None:
    text = to_csv(extract(SAMPLE))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    first = rows[0]
    assert first["timings"] == "Ongoing | Support activities delivered before Dec 2007"
    assert first["timing_kinds"] == "ongoing | deadline"
    assert first["timing_edtf"] == " | ../2007-11"
