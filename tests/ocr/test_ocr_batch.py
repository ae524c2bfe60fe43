"""A batch takes page images for documents only when OCR is on; so does ``check``."""

from __future__ import annotations

import shutil
from pathlib import Path

from workplan_extract.batch import Selection, count_documents
from workplan_extract.batch.discover import Found
from workplan_extract.check import check_samples

from .conftest import SCANNED

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def test_page_images_are_documents_under_ocr_only(tmp_path: Path) -> None:
    for name in ("scan.png", "scan.JPG", "scan.tiff"):
        (tmp_path / name).write_bytes(PNG)
        found = Found(str(tmp_path / name), name)
        assert Selection().decide(found) == "not-document"  # as before: logos, photographs
        assert Selection(images=True).decide(found) == "document"
    assert count_documents([tmp_path], tmp_path / "out", Selection(images=True)) == 3
    assert count_documents([tmp_path], tmp_path / "out", Selection()) == 0


def test_check_without_ocr_reports_scans_as_failures(tmp_path: Path) -> None:
    """A samples folder of scans checked without --ocr: each fails as no-text-layer (the
    goldens are those of an OCR reading)."""
    folder = tmp_path / "scanned"
    shutil.copytree(SCANNED, folder)
    report = check_samples(folder)
    assert len(report.documents) == 2
    assert all("no-text-layer" in (d.note or "") for d in report.differences)
