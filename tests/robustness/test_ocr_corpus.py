"""The bad-input corpus's page images and scans read with OCR on: each gives its expected
code (``Case.ocr``) in bounded time, never a traceback; with OCR off they are
``no-text-layer``, which ``test_corpus`` checks."""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path

import pytest

from workplan_extract import WorkplanError, extract

from .conftest import load_corpus_script

CASES = [c for c in load_corpus_script().cases() if c.ocr is not None]
#: Generous for a loaded machine: the two real page images take about a second each.
LIMIT = 60.0

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tesseract") is None, reason="Tesseract is not installed (tesseract-ocr)"
    ),
    pytest.mark.skipif(
        any(importlib.util.find_spec(m) is None for m in ("cv2", "numpy", "pypdfium2")),
        reason="the ocr extra is not installed (pip install -e '.[ocr]')",
    ),
]


def test_the_corpus_has_image_cases() -> None:
    assert {c.ocr for c in CASES} >= {"ok", "too-large", "corrupt", "no-workplan-table"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_extract_with_ocr(case: object, corpus: Path) -> None:
    c = case
    path = corpus / c.name  # type: ignore[attr-defined]
    started = time.perf_counter()
    try:
        doc = extract(path, {"ocr": "auto"})
    except WorkplanError as exc:
        got, message = exc.code, str(exc)
        assert message.startswith(f"{path}: ") and "Traceback" not in message
    else:
        got, message = "ok", ""
        assert doc.items and doc.source.ocr is not None
        if c.warning:  # type: ignore[attr-defined]
            assert c.warning in {w.code for w in doc.warnings}  # type: ignore[attr-defined]
    assert got == c.ocr, message  # type: ignore[attr-defined]
    assert time.perf_counter() - started < LIMIT
