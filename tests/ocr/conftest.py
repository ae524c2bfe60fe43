"""What the OCR tests share: whether Tesseract is here, the scanned samples read once per
session, and page images made from them.

OCR costs about a second a page, so every scanned document a test reads is read once, here,
and shared.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from workplan_extract import WorkplanDocument, extract

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SCANNED = SAMPLES / "scanned"
SEEDS = ("lcpc-workplan-2004", "lscb-workplan-2007-08")


class _Lazy:
    """A module imported on first use. NumPy and OpenCV take some 450 MB of address space:
    imported while tests are collected, they would be in every worker that other tests fork
    from this process, and squeeze those under a 1 GiB memory limit."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):  # pytest looks for markers of its own while collecting
            raise AttributeError(attr)
        return getattr(importlib.import_module(self._name), attr)


cv2: Any = _Lazy("cv2")
np: Any = _Lazy("numpy")


def _has_tesseract() -> bool:
    program = shutil.which("tesseract")
    if program is None:
        return False
    langs = subprocess.run([program, "--list-langs"], capture_output=True, check=False)
    return b"\neng" in langs.stdout


HAS_TESSERACT = _has_tesseract()
needs_tesseract = pytest.mark.skipif(
    not HAS_TESSERACT, reason="Tesseract with English is not installed (tesseract-ocr-eng)"
)
#: The `ocr` extra (OpenCV, NumPy, pypdfium2), looked for without importing it (see _Lazy).
HAS_OCR_EXTRA = all(
    importlib.util.find_spec(name) is not None for name in ("cv2", "numpy", "pypdfium2")
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without the `ocr` extra (`pip install -e '.[dev]'` alone) these tests are skipped,
    named as such, rather than failing on a missing module."""
    if HAS_OCR_EXTRA:
        return
    skip = pytest.mark.skip(reason="the ocr extra is not installed (pip install -e '.[ocr]')")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(skip)


def load_benchmark(name: str) -> ModuleType:
    """A module of ``benchmarks/`` (not a package), imported once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def scanned() -> dict[str, WorkplanDocument]:
    """Each seed's scanned sample, extracted with OCR (once per session)."""
    if not HAS_TESSERACT:
        pytest.skip("Tesseract with English is not installed (tesseract-ocr-eng)")
    return {name: extract(SCANNED / f"{name}.scan.pdf", {"ocr": "auto"}) for name in SEEDS}


def scan_pages(name: str, pages: list[int], dpi: int = 200) -> list[object]:
    """Pages (1-based) of a scanned sample as greyscale PIL images at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument((SCANNED / f"{name}.scan.pdf").read_bytes())
    try:
        return [
            document[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            for n in pages
        ]
    finally:
        document.close()


def png_bytes(image: object, dpi: int = 200) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi))  # type: ignore[attr-defined]
    return buffer.getvalue()
