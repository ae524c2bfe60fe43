"""Page images of the bad-input corpus: read only by OCR (``--ocr``); without it each is
``no-text-layer``, and a batch leaves the image files alone as no documents."""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib
from collections.abc import Callable, Iterator

from corpus_files import SAMPLES, Case, image_pdf  # scripts/ is not a package

SCAN = SAMPLES / "scanned" / "lcpc-workplan-2004.scan.pdf"


def image_cases() -> Iterator[tuple[Case, bytes | Callable[[], bytes]]]:
    """Page images: read only by OCR (``--ocr``); without it each is ``no-text-layer``."""
    off = "no-text-layer"
    yield (
        Case(
            "scan.png",
            off,
            "the first page of a scanned plan: title and four items",
            ocr="ok",
            batch="skipped",
            warning="source.note",
        ),
        scan_png,
    )
    yield (
        Case(
            "scan-named.pdf",
            off,
            "that page image named .pdf",
            ocr="ok",
            warning="source.mislabelled",
        ),
        scan_png,
    )
    yield (
        Case(
            "png-bomb.png",
            off,
            "a PNG declaring 200,000 x 200,000 pixels",
            ocr="too-large",
            batch="skipped",
        ),
        png_header(200_000, 200_000),
    )
    yield (
        Case(
            "tiff-bomb.tif",
            off,
            "a TIFF declaring 100,000 x 100,000 pixels",
            ocr="too-large",
            batch="skipped",
        ),
        tiff_header(100_000, 100_000),
    )
    yield (
        Case("png-truncated.png", off, "a page image cut in half", ocr="corrupt", batch="skipped"),
        lambda: scan_png()[: len(scan_png()) // 2],
    )
    yield (
        Case("jpeg-noise.jpg", off, "a JPEG signature, then noise", ocr="corrupt", batch="skipped"),
        b"\xff\xd8\xff\xe0" + bytes(random.Random(9).randrange(256) for _ in range(3000)),
    )
    yield (
        Case(
            "tiff-no-size-page.tif",
            off,
            "a TIFF whose second page directory has no width or height (fuzz: Pillow TypeError)",
            ocr="corrupt",
            batch="skipped",
        ),
        tiff_sizeless_second_page(),
    )
    yield (
        Case(
            "tiff-double-height.tif",
            off,
            "a TIFF whose ImageLength is typed DOUBLE: a height of 0 (fuzz: Pillow ValueError)",
            ocr="corrupt",
            batch="skipped",
        ),
        tiff_double_height(),
    )
    yield (
        Case(
            "tiff-pages.tif",
            off,
            "2,001 pages of one pixel, over max_pages",
            ocr="too-large",
            batch="skipped",
        ),
        many_pages_tiff,
    )
    yield (
        Case(
            "pdf-image-bomb.pdf",
            off,
            "a scanned page whose image declares 100,000 x 100,000 pixels",
            ocr="too-large",
        ),
        image_pdf(width=100_000, height=100_000),
    )


@functools.cache
def scan_png() -> bytes:
    """The first page of the scanned sample, as a 200-dpi PNG."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(SCAN.read_bytes())
    try:
        image = document[0].render(scale=200 / 72, grayscale=True).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(200, 200))
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` pixels, with one tiny data chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(bytes(1024))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def tiff_header(width: int, height: int) -> bytes:
    """A little-endian TIFF with one greyscale strip declaring ``width`` x ``height`` pixels."""
    entries = [
        (256, 4, 1, width),  # ImageWidth
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 8 + 2 + 12 * 9 + 4),  # StripOffsets: just after the directory
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, 16),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHII", tag, kind, count, value)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + bytes(16)


def tiff_sizeless_second_page() -> bytes:
    """A 4 x 4 TIFF whose next page directory holds only a compression tag: Pillow raises
    TypeError("Missing dimensions") counting the pages."""
    entries = [
        (256, 4, 1, 4),  # ImageWidth
        (257, 4, 1, 4),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 8 + (2 + 12 * 9 + 4) + (2 + 12 + 4)),  # StripOffsets: after both directories
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, 4),  # RowsPerStrip
        (279, 4, 1, 16),  # StripByteCounts
    ]
    first = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        first += struct.pack("<HHII", tag, kind, count, value)
    first += struct.pack("<I", 8 + len(first) + 4)  # the next directory follows this one
    second = struct.pack("<H", 1) + struct.pack("<HHII", 259, 3, 1, 1) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + first + second + bytes(16)


def tiff_double_height() -> bytes:
    """A 64 x 64 TIFF whose ImageLength entry says type 12 (DOUBLE): the eight bytes at
    offset 64, inside the directory, read as a tiny float, so the height is 0 and Pillow's
    open raises ValueError("Invalid dimensions")."""
    data = bytearray(tiff_header(64, 64))
    entry = 8 + 2 + 12  # the second directory entry, tag 257
    assert data[entry : entry + 2] == struct.pack("<H", 257)
    data[entry + 2 : entry + 4] = struct.pack("<H", 12)
    return bytes(data)


def many_pages_tiff(pages: int = 2001) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (1, 1), 255) for _ in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()
