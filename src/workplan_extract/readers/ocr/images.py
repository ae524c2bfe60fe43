"""Page images from image files and from PDF pages, at one resolution, under a pixel limit.

Every page reaches the OCR as a greyscale array at ``DPI`` (300): scans come at 150 to 600 dpi,
and Tesseract reads body text best when it is drawn at about that size. A 200-dpi scan is
scaled up smoothly, a 600-dpi one down.

Decompression bombs: a PNG or TIFF of a few kilobytes can declare 100,000 x 100,000 pixels, and
so can an image inside a PDF. The size each declares is checked against
``Settings.max_image_pixels`` before anything is decoded; Pillow's own guard
(``Image.MAX_IMAGE_PIXELS``) stays on as well, its warning turned into the same error.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...errors import CorruptDocument, EncryptedDocument, TooLarge
from ...settings import Settings

if TYPE_CHECKING:
    import numpy.typing as npt
    from PIL import Image

    #: Greyscale pixels as OpenCV returns them (8-bit, one channel).
    Pixels = npt.NDArray[Any]

#: The resolution every page is read at.
DPI = 300
#: Resolutions outside this range are not believed (a TIFF saying 1 dpi, a PNG saying 72).
_PLAUSIBLE_DPI = (100.0, 1200.0)
#: What Pillow raises for a damaged file while parsing its headers: TypeError is its "Missing
#: dimensions" for a TIFF page directory without a width or height, ValueError its "Invalid
#: dimensions" for one 0 pixels wide. Caught only around Pillow's own calls.
_PILLOW_DAMAGE = (OSError, EOFError, ValueError, SyntaxError, TypeError)
#: A page image with no stated resolution is taken to be an A4 page, portrait or landscape.
_A4_LONG_SIDE_INCHES = 11.69


@dataclass(slots=True)
class PageImage:
    """One page: its number (1-based), greyscale pixels at ``DPI``, and how it was scaled."""

    number: int
    gray: Pixels
    source_dpi: float


def image_pages(data: bytes, opts: Settings) -> Iterator[PageImage]:
    """The pages of a PNG, JPEG or TIFF (every frame of a multi-page TIFF).

    Raises:
        TooLarge: more frames than ``max_pages``, or a frame over ``max_image_pixels``.
        CorruptDocument: the image cannot be decoded.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with _pillow_guard():
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise CorruptDocument("damaged image: its header cannot be read") from None
    except _PILLOW_DAMAGE as exc:
        # A TIFF whose first page is 0 pixels wide: Pillow's ValueError "Invalid dimensions".
        raise CorruptDocument(f"damaged image: {exc}") from None
    with image:
        try:
            with _pillow_guard():
                # Counting a TIFF's pages parses every page's directory: a page without a
                # width or height fails here, before any is decoded.
                frames = getattr(image, "n_frames", 1)
        except _PILLOW_DAMAGE as exc:
            raise CorruptDocument(f"damaged image: its page directory: {exc}") from None
        if frames > opts.max_pages:
            raise TooLarge(
                f"the image has {frames:,} pages, over the {opts.max_pages:,}-page limit "
                "(--max-pages)"
            )
        for number in range(1, frames + 1):
            # The guard only around Pillow's own calls: this is a generator, and the caller's
            # code runs between its pages.
            with _pillow_guard():
                try:
                    image.seek(number - 1)
                except _PILLOW_DAMAGE as exc:
                    raise CorruptDocument(f"damaged image: page {number}: {exc}") from None
                _check_pixels(image.width, image.height, opts, f"page {number}")
                dpi = _stated_dpi(image)
                gray = _gray(image)
            yield PageImage(number, _to_dpi(gray, dpi), dpi)


def pdf_pages(data: bytes, numbers: list[int] | None, opts: Settings) -> Iterator[PageImage]:
    """The given pages (1-based; ``None`` for all) of a PDF, rendered at ``DPI``.

    The images drawn on each page are checked against the pixel limit before the page is
    rendered, since rendering decodes them whole.

    Raises:
        TooLarge: a page, or an image on it, over ``max_image_pixels``.
        CorruptDocument: pdfium cannot open or render the file.
    """
    import numpy as np
    import pypdfium2 as pdfium

    from ..pdfdoc import close_pdf, open_pdf, reading

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument("encrypted PDF: a password is needed") from None
        raise CorruptDocument(f"damaged PDF: pdfium cannot open it ({exc})") from None
    try:
        count = len(document)
        wanted = list(range(1, count + 1)) if numbers is None else numbers
        if len(wanted) > opts.max_pages:
            raise TooLarge(
                f"the PDF has more than {opts.max_pages:,} pages to read, over the page limit "
                "(--max-pages)"
            )
        # Our guarded document, as the text reader uses: pdfminer's own loops for ever on
        # objects that refer to each other in a cycle, and its errors are the file's fault.
        plumbed = open_pdf(data)
        try:
            for number in wanted:
                with reading(f"page {number}"):
                    plumbed_page = plumbed.pages[number - 1]
                    images = plumbed_page.images
                    plumbed_page.close()
                for image in images:
                    width, height = image["srcsize"]
                    _check_pixels(int(width), int(height), opts, f"an image on page {number}")
                source_dpi = _embedded_dpi(images)
                page = document[number - 1]
                try:
                    width, height = page.get_size()
                    scale = DPI / 72
                    _check_pixels(
                        round(width * scale), round(height * scale), opts, f"page {number}"
                    )
                    bitmap = page.render(scale=scale, grayscale=True)
                    gray = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
                finally:
                    page.close()
                if gray.ndim == 3:
                    gray = gray[:, :, 0]
                yield PageImage(number, gray, source_dpi)
        finally:
            close_pdf(plumbed)
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"damaged PDF: pdfium cannot render it ({exc})") from None
    finally:
        document.close()


def _check_pixels(width: int, height: int, opts: Settings, what: str) -> None:
    pixels = width * height
    if pixels > opts.max_image_pixels:
        raise TooLarge(
            f"{what} is {width:,} x {height:,} pixels, over the {opts.max_image_pixels:,}-pixel "
            "limit (--max-image-pixels)"
        )


def _embedded_dpi(images: list[dict[str, object]]) -> float:
    """The resolution of the largest image on a PDF page (a scan is one image per page)."""
    best, dpi = 0.0, float(DPI)
    for image in images:
        size = image.get("srcsize")
        width = image.get("width")
        if not isinstance(size, tuple) or not isinstance(width, (int, float)) or width <= 0:
            continue
        area = float(size[0]) * float(size[1])
        if area > best:
            best, dpi = area, float(size[0]) / (float(width) / 72)
    return dpi


def _stated_dpi(image: Image.Image) -> float:
    """The image's stated resolution, or a guess from its size when it states none."""
    stated = image.info.get("dpi")
    if isinstance(stated, tuple) and stated and isinstance(stated[0], (int, float)):
        dpi = round(float(stated[0]), 1)  # PNG states dots per metre: 199.9996 is 200
        if _PLAUSIBLE_DPI[0] <= dpi <= _PLAUSIBLE_DPI[1]:
            return dpi
    guess = max(image.width, image.height) / _A4_LONG_SIDE_INCHES
    return min(max(guess, _PLAUSIBLE_DPI[0]), _PLAUSIBLE_DPI[1])


def _gray(frame: Image.Image) -> Pixels:
    import numpy as np

    try:
        if frame.mode in ("RGBA", "LA", "PA") or (
            frame.mode == "P" and "transparency" in frame.info
        ):
            # Transparent pixels are paper, not ink: put the image on white first.
            from PIL import Image

            rgba = frame.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            frame = Image.alpha_composite(white, rgba)
        return np.asarray(frame.convert("L"), dtype=np.uint8)
    except (OSError, ValueError, SyntaxError) as exc:
        # Pillow reports truncated and damaged image data as any of these.
        raise CorruptDocument(f"damaged image: {exc}") from None


def _to_dpi(gray: Pixels, dpi: float) -> Pixels:
    import cv2

    factor = DPI / dpi
    if abs(factor - 1) < 0.02:
        return gray
    interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    resized: Pixels = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)
    return resized


class _pillow_guard:
    """Pillow's decompression-bomb warning raised as ``TooLarge``, and its error too.

    The warning filter is changed only inside this block (``catch_warnings``), never for the
    whole process.
    """

    def __enter__(self) -> None:
        from PIL import Image

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error", Image.DecompressionBombWarning)

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        from PIL import Image

        self._catch.__exit__(None, None, None)
        if isinstance(exc, (Image.DecompressionBombWarning, Image.DecompressionBombError)):
            raise TooLarge(f"image over Pillow's decompression-bomb limit: {exc}") from None
