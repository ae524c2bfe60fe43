"""Rebuild the scanned samples in samples/scanned/ from the digital sample PDFs.

Each page of ``samples/NAME.pdf`` is rendered to an image, turned a little (a different angle
on each page, as a sheet never lies quite straight on the glass), sprinkled with specks of dust
and toner, and bound back into an image-only PDF with no text layer:

- ``lcpc-workplan-2004.scan.pdf``: 300 dpi, black and white (CCITT G4), as most archive
  scanners write board papers;
- ``lscb-workplan-2007-08.scan.pdf``: 200 dpi, greyscale JPEG, as office copiers do.

The noise comes from a seeded generator and Pillow writes no dates into the PDF, so a rebuild is
byte-identical. Needs the ``ocr`` extra (numpy).

Usage::

    PYTHONPATH=src python scripts/build_scanned_samples.py           # rebuild both
    PYTHONPATH=src python scripts/build_scanned_samples.py --check   # exit 1 if a rebuild differs
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCANNED = SAMPLES / "scanned"
#: Pillow takes dates as a struct_time.
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timetuple()


@dataclass(frozen=True)
class Scan:
    """How one sample is scanned."""

    name: str
    dpi: int
    bilevel: bool
    #: Degrees each page is turned (counter-clockwise positive), cycled over the pages.
    angles: tuple[float, ...]
    seed: int


SCANS = (
    Scan("lcpc-workplan-2004", 300, True, (0.8, -1.1, 0.5), seed=2004),
    Scan("lscb-workplan-2007-08", 200, False, (-1.3, 0.6, 1.0, -0.4, 0.9), seed=2007),
)
#: Specks per million pixels, and the largest speck's radius in pixels at 300 dpi.
_SPECKS = 60
_SPECK_RADIUS = 2.0


def scan_page(
    page: pdfium.PdfPage, scan: Scan, angle: float, rng: np.random.Generator
) -> Image.Image:
    """One page as the scanner would see it."""
    image = page.render(scale=scan.dpi / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32)
    height, width = pixels.shape
    if not scan.bilevel:
        # Uneven exposure: a background greying towards one edge.
        shade = np.linspace(4, 22, width, dtype=np.float32)[None, :]
        pixels = pixels * 0.9 + shade
    count = int(_SPECKS * height * width / 1e6)
    ys = rng.integers(0, height, count)
    xs = rng.integers(0, width, count)
    radii = rng.uniform(0.6, _SPECK_RADIUS * scan.dpi / 300, count)
    for y, x, r in zip(ys, xs, radii, strict=True):
        span = int(np.ceil(r))
        y0, y1 = max(y - span, 0), min(y + span + 1, height)
        x0, x1 = max(x - span, 0), min(x + span + 1, width)
        yy, xx = np.ogrid[y0:y1, x0:x1]
        pixels[y0:y1, x0:x1][(yy - y) ** 2 + (xx - x) ** 2 <= r * r] = 30
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if scan.bilevel:
        out = out.point(lambda v: 255 if v >= 160 else 0).convert("1", dither=Image.Dither.NONE)
    return out


def build(scan: Scan) -> bytes:
    """The scanned PDF's bytes."""
    source = pdfium.PdfDocument(SAMPLES / f"{scan.name}.pdf")
    rng = np.random.default_rng(scan.seed)
    try:
        pages = [
            scan_page(source[i], scan, scan.angles[i % len(scan.angles)], rng)
            for i in range(len(source))
        ]
    finally:
        source.close()
    buffer = io.BytesIO()
    # Fixed dates: Pillow writes the time of the run otherwise.
    options: dict[str, object] = {
        "resolution": scan.dpi,
        "creationDate": FIXED_TIME,
        "modDate": FIXED_TIME,
    }
    if not scan.bilevel:
        options["quality"] = 45
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], **options)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a rebuild would differ")
    args = parser.parse_args()
    SCANNED.mkdir(exist_ok=True)
    status = 0
    for scan in SCANS:
        data = build(scan)
        target = SCANNED / f"{scan.name}.scan.pdf"
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                print(f"{target} differs from a rebuild", file=sys.stderr)
                status = 1
            continue
        target.write_bytes(data)
        print(f"wrote {target} ({len(data):,} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
