"""Shared fixtures: where the repository's samples are, and their records made once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workplan_extract import WorkplanDocument, extract

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_record() -> Callable[[str], WorkplanDocument]:
    """``extract(samples/NAME)`` with the default settings, made once per session for every
    test that asks: a .doc sample costs a LibreOffice run, a PDF a layout analysis. Each call
    returns a deep copy, so a test may change what it gets without touching the next test's."""
    made: dict[str, WorkplanDocument] = {}

    def record(name: str) -> WorkplanDocument:
        if name not in made:
            made[name] = extract(SAMPLES / name)
        return made[name].model_copy(deep=True)

    return record
