"""The Tesseract program: its output parsed, its absence reported, its time limited."""

from __future__ import annotations

import pytest

from workplan_extract.errors import MissingProgram, Timeout
from workplan_extract.readers.ocr import tesseract
from workplan_extract.readers.ocr.tesseract import Deadline, Word, find_engine, read_words

from .conftest import cv2, needs_tesseract, np

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t3508\t2481\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t875\t297\t933\t43\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t875\t297\t224\t41\t96.2\tEncourage\n"
    '5\t1\t1\t1\t1\t2\t1116\t296\t198\t43\t95.5\t"exchange\n'
    "5\t1\t1\t1\t1\t3\t1331\t296\t41\t33\t93.0\t \n"
    "5\t2\t1\t1\t2\t1\t12\t10\t20\t30\t88.0\t1\n"
)


def test_tsv_words_by_image_with_their_lines() -> None:
    first, second = tesseract._parse_tsv(TSV, 2)
    assert first == [
        Word("Encourage", 96.2, 875, 297, 224, 41, (1, 1, 1)),
        Word('"exchange', 95.5, 1116, 296, 198, 43, (1, 1, 1)),  # quotes are not CSV quoting
    ]
    assert second == [Word("1", 88.0, 12, 10, 20, 30, (1, 1, 2))]
    assert first[0].right == 1099 and first[0].bottom == 338


def test_without_tesseract_ocr_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(MissingProgram) as caught:
        find_engine()
    assert caught.value.code == "missing-program"
    assert "apt-get install tesseract-ocr tesseract-ocr-eng" in str(caught.value)


def test_a_deadline_that_has_passed_is_a_timeout() -> None:
    deadline = Deadline(0.0001)
    while True:
        try:
            deadline.left()
        except Timeout as exc:
            assert "OCR took longer than the 0.0001 s time limit (--timeout)" in str(exc)
            break
    assert Deadline(None).left() is None


@needs_tesseract
def test_the_engine_names_itself_with_its_version() -> None:
    engine = find_engine()
    assert engine.version.startswith("Tesseract ")
    assert engine.version.split()[1][0].isdigit()


@needs_tesseract
def test_several_images_in_one_run() -> None:
    images = []
    for text in ("Ongoing", "2004"):
        image = np.full((80, 300), 255, np.uint8)
        cv2.putText(image, text, (10, 55), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
        images.append(image)
    found = read_words(find_engine(), images, psm=6, dpi=300, deadline=Deadline(60))
    assert [[w.text for w in words] for words in found] == [["Ongoing"], ["2004"]]
