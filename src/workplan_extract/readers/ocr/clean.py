"""A scanned page made fit to read: ink found, the page turned straight, dust removed.

- Ink: a local (adaptive) threshold, so a page that is greyer at one edge than the other, as
  a copier leaves it, is still read evenly.
- Skew: a sheet is rarely straight on the glass. The angle that makes the rows of ink line up
  best (the sharpest horizontal projection profile) is searched for within ``MAX_SKEW``
  degrees, coarsely on a small copy of the page and then finely; the page is turned back by it.
  Ruling lines and lines of text both make the profile sharp, so pages with and without tables
  are straightened alike.
- Dust: specks of ink smaller than the smallest mark a font makes (the dot of an "i" or a full
  stop, measured against the page's own letters) are removed before Tesseract sees them, which
  would otherwise read them as full stops and commas between words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

    #: A page image or mask as OpenCV returns it (8-bit, one channel).
    Image = npt.NDArray[Any]

#: The largest skew looked for, degrees either way.
MAX_SKEW = 5.0
#: Width of the copy the skew is measured on, pixels.
_SKEW_WIDTH = 1200
#: Steps of the coarse and the fine search, degrees.
_COARSE, _FINE = 0.25, 0.02
#: Skews smaller than this are left alone: turning the page would blur it for no gain (a
#: tenth of a degree moves a line by 6 pixels across a 300-dpi A4 page), and the measure
#: itself is good to about this.
_NEGLIGIBLE = 0.1
#: Neighbourhood (pixels at 300 dpi) and offset of the adaptive threshold.
_BLOCK, _OFFSET = 31, 15
#: A speck is smaller than this share of the square of the page's median mark height: at
#: 300 dpi, 9-point text has marks 23 pixels high and full stops of 19 pixels or more.
_SPECK_SHARE = 0.03


def ink(gray: Image) -> Image:
    """Ink as 255, paper as 0."""
    import cv2

    out: Image = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, _BLOCK, _OFFSET
    )
    return out


def skew_angle(mask: Image) -> float:
    """The angle in degrees (counter-clockwise) that straightens the page whose ink is
    ``mask``; 0.0 when no angle within ``MAX_SKEW`` does better than none."""
    import cv2
    import numpy as np

    factor = min(1.0, _SKEW_WIDTH / mask.shape[1])
    small = cv2.resize(mask, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    # Turn the inked points rather than the image: a few thousand points cost less to turn
    # than a million pixels.
    ys, xs = np.nonzero(small)
    if ys.size == 0:
        return 0.0
    weights = small[ys, xs].astype(np.float64)
    ys_f = ys.astype(np.float64) - small.shape[0] / 2
    xs_f = xs.astype(np.float64) - small.shape[1] / 2
    reach = int(np.hypot(*small.shape)) + 2

    def sharpness(angle: float) -> float:
        theta = np.radians(angle)
        turned = ys_f * np.cos(theta) - xs_f * np.sin(theta) + reach
        # Each point shared between the two rows it falls between: rounding to one row
        # would make the unturned page (every point on a row) look sharpest of all.
        rows = np.floor(turned)
        upper = turned - rows
        low = rows.astype(np.int64)
        profile = np.bincount(low, weights=weights * (1 - upper), minlength=2 * reach + 2)
        profile += np.bincount(low + 1, weights=weights * upper, minlength=2 * reach + 2)
        return float(np.dot(profile, profile))

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + _COARSE / 2, _COARSE)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - _COARSE, best + _COARSE + _FINE / 2, _FINE)
    best = max(fine, key=sharpness)
    if abs(best) < _NEGLIGIBLE or sharpness(best) <= sharpness(0.0):
        return 0.0
    return round(float(best), 2)


def rotate(gray: Image, angle: float) -> Image:
    """``gray`` turned by ``angle`` degrees about its centre, the corners filled with paper."""
    import cv2

    if abs(angle) < _NEGLIGIBLE:
        return gray
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    out: Image = cv2.warpAffine(
        gray, turn, (width, height), flags=cv2.INTER_CUBIC, borderValue=(255,)
    )
    return out


def despeckle(mask: Image) -> Image:
    """``mask`` without the marks too small to be part of any letter."""
    import cv2
    import numpy as np

    # Outlines rather than connected components: a hundredth of the time on a whole page.
    shapes, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not shapes:
        return mask
    boxes = np.array([cv2.boundingRect(s) for s in shapes])
    heights = boxes[:, 3]
    # Marks of letter size set the scale: specks and rules aside, most marks are letters.
    letters = heights[(heights >= 6) & (heights <= 200)]
    if letters.size == 0:
        return mask
    typical = float(np.median(letters))
    limit = _SPECK_SHARE * typical * typical
    # A mark's own ink, counted in its box (its box may take in a corner of a neighbour's, so
    # this errs towards keeping a mark).
    specks = [
        shape
        for shape, (x, y, w, h) in zip(shapes, boxes.tolist(), strict=True)
        if w * h < 4 * limit and cv2.countNonZero(mask[y : y + h, x : x + w]) < limit
    ]
    if not specks:
        return mask
    out = mask.copy()
    cv2.drawContours(out, specks, -1, 0, cv2.FILLED)
    return out
