"""Page images: formats by signature, resolution, frames, and the pixel limits."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from workplan_extract.errors import CorruptDocument, TooLarge
from workplan_extract.formats import detect
from workplan_extract.readers.ocr.images import DPI, image_pages, pdf_pages
from workplan_extract.settings import Settings

from .conftest import SCANNED, np


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "options", "name", "expected"),
    [
        ("PNG", {}, "scan.png", "png"),
        ("JPEG", {}, "scan.jpg", "jpeg"),
        ("TIFF", {}, "scan.tif", "tiff"),
        ("TIFF", {"big_tiff": True}, "scan.tiff", "tiff"),
    ],
)
def test_page_images_are_detected_by_their_signature(
    fmt: str, options: dict[str, object], name: str, expected: str
) -> None:
    data = _encoded(Image.new("L", (20, 10), 255), fmt, **options)
    assert detect(data, name).format == expected
    # The content decides: a PNG named .docx is a PNG, and the caller is told.
    mislabelled = detect(data, "plan.docx")
    assert (mislabelled.format, mislabelled.extension_said) == (expected, "docx")


def test_an_image_is_brought_to_300_dpi_from_its_stated_resolution() -> None:
    page = Image.new("L", (400, 200), 255)
    [read] = image_pages(_encoded(page, "PNG", dpi=(200, 200)), Settings())
    assert read.source_dpi == 200
    assert read.gray.shape == (300, 600)  # 1.5 times larger both ways
    [same] = image_pages(_encoded(page, "PNG", dpi=(300, 300)), Settings())
    assert same.gray.shape == (200, 400)


def test_an_image_without_a_resolution_is_taken_for_an_a4_page() -> None:
    # 2339 pixels on the long side of an A4 page is 200 dpi.
    [read] = image_pages(_encoded(Image.new("L", (2339, 1654), 255), "PNG"), Settings())
    assert round(read.source_dpi) == 200
    assert read.gray.shape[1] == round(2339 * DPI / read.source_dpi)


def test_every_page_of_a_multipage_tiff_is_read_in_order() -> None:
    frames = [Image.new("L", (300, 300), shade) for shade in (10, 120, 250)]
    data = _encoded(frames[0], "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    pages = list(image_pages(data, Settings()))
    assert [p.number for p in pages] == [1, 2, 3]
    assert [int(p.gray[0, 0]) for p in pages] == [10, 120, 250]


def test_transparent_pixels_are_paper() -> None:
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    image.putpixel((5, 5), (0, 0, 0, 255))
    [read] = image_pages(_encoded(image, "PNG", dpi=(300, 300)), Settings())
    assert read.gray[0, 0] == 255
    assert read.gray[5, 5] == 0


def test_more_frames_than_max_pages_is_too_large() -> None:
    frames = [Image.new("L", (2, 2), 255) for _ in range(4)]
    data = _encoded(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(TooLarge, match="4 pages, over the 3-page limit"):
        list(image_pages(data, Settings(max_pages=3)))


def test_a_page_over_max_image_pixels_is_refused_before_it_is_decoded() -> None:
    data = _encoded(Image.new("L", (1000, 1000), 255), "PNG")
    with pytest.raises(TooLarge, match=r"1,000 x 1,000 pixels, over the 999,999-pixel limit"):
        list(image_pages(data, Settings(max_image_pixels=999_999)))


def test_pillows_own_bomb_guard_stays_on() -> None:
    """A header declaring 40 billion pixels: Pillow refuses it on open, whatever our limit."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        tagged = kind + body
        return struct.pack(">I", len(body)) + tagged + struct.pack(">I", zlib.crc32(tagged))

    header = struct.pack(">IIBBBBB", 200_000, 200_000, 8, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(64)))
    with pytest.raises(TooLarge, match="decompression-bomb"):
        list(image_pages(data, Settings(max_image_pixels=10**12)))


def test_damaged_images_are_corrupt() -> None:
    data = _encoded(Image.fromarray(np.arange(90000, dtype=np.uint8).reshape(300, 300)), "PNG")
    with pytest.raises(CorruptDocument, match="damaged image"):
        list(image_pages(data[: len(data) // 2], Settings()))
    with pytest.raises(CorruptDocument, match="damaged image"):
        list(image_pages(b"\xff\xd8\xff\xe0" + bytes(100), Settings()))


def test_pdf_pages_are_rendered_at_300_dpi_and_know_their_scans_resolution() -> None:
    data = (SCANNED / "lscb-workplan-2007-08.scan.pdf").read_bytes()
    [page] = pdf_pages(data, [2], Settings())
    assert page.number == 2
    assert round(page.source_dpi) == 200  # the scan inside
    # An A4 landscape page (842 x 595 points) at 300 dpi.
    height, width = page.gray.shape
    assert abs(height - 595.44 * DPI / 72) <= 1
    assert abs(width - 842.04 * DPI / 72) <= 1


def test_an_image_in_a_pdf_over_the_limit_is_refused_before_rendering() -> None:
    data = (SCANNED / "lcpc-workplan-2004.scan.pdf").read_bytes()
    # The scan is 3508 x 2481 pixels: 8.7 million.
    with pytest.raises(TooLarge, match=r"an image on page 1 is 3,508 x 2,481 pixels"):
        list(pdf_pages(data, [1], Settings(max_image_pixels=8_000_000)))


def test_an_encrypted_pdf_read_by_ocr_needs_a_password() -> None:
    from workplan_extract.errors import EncryptedDocument

    data = (SCANNED.parent.parent / "tests" / "fixtures" / "encrypted.pdf").read_bytes()
    with pytest.raises(EncryptedDocument, match="a password is needed"):
        list(pdf_pages(data, None, Settings()))
