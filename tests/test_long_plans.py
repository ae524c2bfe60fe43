"""Long plans keep every item: a plan of 2,000 items once read as one item (the number pattern
took at most three digits). ``scripts/long_plan.py 20000`` checks 20,000 the same way."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from workplan_extract import extract

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "long_plan.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("long_plan", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_plan_of_2000_items_reads_as_2000_items(tmp_path: Path, suffix: str) -> None:
    script = _script()
    path = tmp_path / f"plan{suffix}"
    (script.write_txt if suffix == ".txt" else script.write_docx)(path, 2000)
    doc = extract(path)
    assert [i.number for i in doc.items] == [str(n) for n in range(1, 2001)]
    assert doc.items[1999].title == "Workstream 2000"
    assert [a.label for a in doc.items[1999].actions] == ["a", "b"]
    assert not [w for w in doc.warnings if w.code.startswith("item.")]


def test_extract_leaves_the_callers_collector_alone(tmp_path: Path) -> None:
    """Long plans are linear without touching the caller's garbage collector (STYLE.md: a
    user's own objects and threads share the process): thresholds, frozen objects and the
    on/off switch are as they were, during the extraction too."""
    import gc

    seen: list[tuple[tuple[int, int, int], int, bool]] = []

    def spy(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append((gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()))

    path = tmp_path / "plan.txt"
    _script().write_txt(path, 2000)
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    gc.callbacks.append(spy)
    try:
        assert len(extract(path).items) == 2000
    finally:
        gc.callbacks.remove(spy)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    assert seen and set(seen) == {before}  # collections ran, under the caller's settings
