"""Words read by OCR -> lines of text (``pdflines.Line``, the digital PDF reader's unit).

A line's geometry is measured on the ink, not on Tesseract's word boxes: a box takes in a speck
of dust above or below its word and can grow to twice the word's height, and descenders make
boxes of one line end at different heights. So each line's baseline is the lowest row inked
like the body of its letters, and its size is twice the height of that body (about the type's
em, the unit the paragraph rules of ``pdflines`` count in).

Beyond the words Tesseract read, three things are measured rather than trusted:

- specks of dust it read as punctuation (a "." or "-" far smaller than any letter) are dropped;
- a lone dash is a hyphen, an en dash or an em dash by its length (Tesseract reads an en dash
  as "-" or "~" as often as not);
- a bullet is a solid round blob at the start of a line, whatever Tesseract read it as ("e",
  "¢", "«") or whether it read it at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..base import BULLET
from ..pdflines import Line
from .tesseract import Word

if TYPE_CHECKING:
    import numpy.typing as npt

    #: A page image or mask as OpenCV returns it (8-bit, one channel).
    Image = npt.NDArray[Any]

#: Words read with less confidence than this (Tesseract's 0-100) are doubts.
LOW_CONFIDENCE = 70.0
#: A line clearly larger than the body text's is set in a larger type (a title).
LARGE = 1.4
#: Rows of a line inked at least this share of its most inked row are the body of its letters.
_BODY_INK = 0.3
#: A word smaller than this share of the typical word height both ways is at most punctuation.
_SPECK = 0.25
#: What OCR's ink widths lack against the type's, as a share of the body size (see make_line).
_SLACK = 0.25
#: Share of a word's box its letters ink, at the least (a glyph inks a fifth or more of its
#: box; Tesseract's words read from nothing ink none of theirs).
_INKED = 0.05
#: Lone dashes by their length against the body size: en dash, em dash.
_EN_DASH, _EM_DASH = 0.33, 0.75
_DASHES = frozenset({"-", "~", "–", "—", "_", "--"})
#: Shape of a bullet: height against the line's size, width against height, share of its box
#: inked (a disc fills 79% of its box; "e" or "o" less than half).
_BULLET_HEIGHT = (0.2, 0.6)
_BULLET_ASPECT = (0.6, 1.6)
_BULLET_FILL = 0.6
#: A mark this far (in line sizes) left of the first word can still be its bullet.
_BULLET_REACH = 3.0
#: What Tesseract reads a bullet as, when it reads it at all.
_BULLET_READINGS = frozenset("e¢«»°*•·©@o.-~")


class Suspect(NamedTuple):
    """A word OCR may have misread, as read, and why it is doubted ("with low confidence
    (43/100)"): the words of a warning's message."""

    text: str
    why: str


@dataclass(slots=True)
class Band:
    """The words of one line, left to right, with the line's baseline and size from the ink."""

    words: list[Word]
    baseline: float
    size: float


def bands(
    words: Sequence[Word], text: Image, clip: tuple[float, float] | None = None
) -> list[Band]:
    """Group the words of one cell (or of the text outside the tables) into lines; ``clip``
    is the cell's top and bottom, which the lines' ink is measured within.

    Tesseract's own lines are kept (it follows each line's baseline, where word boxes grown
    by specks would mislead), and two of them that sit at one height, as when it splits a
    line at a wide gap, are one line.
    """
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    merged: list[list[Word]] = []
    for group in sorted(grouped.values(), key=_middle):
        if merged and _same_height(merged[-1], group):
            merged[-1].extend(group)
        else:
            merged.append(group)
    out = [_measure(sorted(g, key=lambda w: w.left), text, clip) for g in merged]
    out.sort(key=lambda b: b.baseline)
    return out


def _extent(words: Sequence[Word]) -> tuple[float, float]:
    """The usual top and bottom of the words (medians: a grown box does not move them)."""
    return _median([w.top for w in words]), _median([w.bottom for w in words])


def _middle(words: Sequence[Word]) -> float:
    top, bottom = _extent(words)
    return (top + bottom) / 2


def _same_height(a: Sequence[Word], b: Sequence[Word]) -> bool:
    (top_a, bottom_a), (top_b, bottom_b) = _extent(a), _extent(b)
    overlap = min(bottom_a, bottom_b) - max(top_a, top_b)
    return overlap >= 0.5 * max(min(bottom_a - top_a, bottom_b - top_b), 1)


def body_size(bands: Sequence[Band]) -> float:
    """The size of the page's body text: the median line size."""
    return _median([b.size for b in bands]) if bands else 0.0


def make_line(
    band: Band, text: Image, body: float, left: float, doubts: dict[int, list[Suspect]]
) -> Line | None:
    """The band as a ``Line``; its low-confidence words go into ``doubts`` under its ``id``.

    ``body`` is the page's body size; ``left`` where the cell begins (a bullet is looked for
    between it and the first word).
    """
    words = band.words
    size = band.size if band.size > LARGE * body else body
    bullet = _bullet(words, text, band, left)
    if bullet:
        words = words[1:]
    if not words:
        return None
    parts = [_dash(w, body) for w in words]
    first = words[0]
    first_width = float(first.width)
    if parts[0] in ("–", "—") and len(words) > 1:
        # A line is never broken between a dash and the word after it ("– DV Forum"), so
        # the two are what had no room on the line above.
        first_width = float(words[1].right - first.left)
    # OCR measures ink, narrower than the type the layout engine measured when it broke the
    # line (a word's side bearings, a space wider than the paragraph rules assume): without
    # this, a word that "would have fitted" on the line above by a pixel or two starts a
    # paragraph that the author never began.
    first_width += _SLACK * body
    if bullet is not None:
        parts.insert(0, BULLET)
    # ``top`` is measured up from the baseline, so that the distance between two lines' tops
    # is the distance between their baselines, whatever letters they hold.
    line = Line(
        " ".join(parts),
        float(min(w.left for w in words)),
        float(max(w.right for w in words)),
        band.baseline - size,
        band.baseline,
        float(size),
        first_width,
        float(first.width) / max(len(first.text), 1),
    )
    low = [w for w in words if w.conf < LOW_CONFIDENCE]
    if low:
        worst = min(w.conf for w in low)
        why = f"with low confidence ({worst:.0f}/100)"
        doubts[id(line)] = [Suspect(" ".join(w.text for w in low), why)]
    return line


def _measure(words: list[Word], text: Image, clip: tuple[float, float] | None) -> Band:
    """The band's baseline (the lowest row inked like the body of its letters) and size.

    Words whose boxes are much taller than the others' (grown by a speck) do not set the
    rows looked at.
    """
    usual = 1.3 * _median([w.height for w in words])
    plain = [w for w in words if w.height <= usual] or words
    top = min(w.top for w in plain)
    bottom = max(w.bottom for w in plain)
    if clip is not None:
        top, bottom = max(top, int(clip[0])), min(bottom, int(clip[1]))
    x0 = min(w.left for w in words)
    x1 = max(w.right for w in words)
    rows = (text[top:bottom, x0:x1] > 0).sum(axis=1)
    if rows.size == 0 or not rows.any():
        return Band(words, float(bottom), float(max(bottom - top, 1)))
    body = (rows >= _BODY_INK * rows.max()).nonzero()[0]
    x_height = float(body[-1] - body[0] + 1)
    return Band(words, float(top + body[-1] + 1), 2 * x_height)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2])


def _has_letters(word: Word) -> bool:
    return any(ch.isalnum() for ch in word.text)


def typical_height(words: Sequence[Word]) -> float:
    """The median height of the words of letters or digits (1.0 when there are none)."""
    return _median([w.height for w in words if _has_letters(w)] or [1])


def without_dust(words: Sequence[Word], typical: float, text: Image) -> list[Word]:
    """The words that are not dust Tesseract read as something: a mark too small for
    anything but punctuation, read as punctuation; a "word" flatter than any letter (two
    specks read as "sO"); or a word with next to no ink under it (Tesseract reads "—" or "|"
    where a ruling line was erased). Sizes are judged against ``typical``, the page's typical
    word height; ``text`` is the page's ink, as Tesseract was given it."""
    import cv2

    return [
        w
        for w in words
        if not _speck(w, typical)
        and cv2.countNonZero(text[max(w.top, 0) : w.bottom, max(w.left, 0) : w.right])
        >= _INKED * w.width * w.height
    ]


def _speck(word: Word, typical: float) -> bool:
    flat = word.height < _SPECK * typical
    if flat and _has_letters(word):
        return True
    return flat and word.width < _SPECK * typical and not _has_letters(word)


def _dash(word: Word, body: float) -> str:
    """A lone dash, named by its length: a hyphen is a third of an em, an en dash a half, an
    em dash one (a flat mark: anything taller is not a dash)."""
    if word.text not in _DASHES or word.height > _SPECK * body:
        return word.text
    if word.width >= _EM_DASH * body:
        return "—"
    if word.width >= _EN_DASH * body:
        return "–"
    return "-" if word.text in "-~" else word.text


def _bullet(words: list[Word], text: Image, band: Band, left: float) -> bool | None:
    """Whether the line starts with a bullet: ``True`` when its first word is the bullet as
    Tesseract read it, ``False`` when Tesseract left the bullet out, ``None`` for no bullet."""
    import cv2

    first = words[0]
    size = band.size
    reading = first.text.strip()
    readings = len(words) > 1 and len(reading) <= 3 and set(reading) <= _BULLET_READINGS
    if readings and _is_blob(text, first, size):
        return True
    # A bullet Tesseract did not read: a blob on the line, left of the first word, in the cell.
    reach = int(_BULLET_REACH * size)
    y0 = max(int(band.baseline - size), 0)
    y1 = int(band.baseline) + 2
    x0, x1 = max(first.left - reach, int(left) + 3, 0), max(first.left - 2, 0)
    if x1 - x0 < 3:
        return None
    region = text[y0:y1, x0:x1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    for _x, _y, w, h, area in stats[1:count].tolist():
        if _blob_shape(w, h, area, size):
            return False
    return None


def _is_blob(text: Image, word: Word, size: float) -> bool:
    import cv2

    region = text[word.top : word.bottom, word.left : word.right]
    if region.size == 0:
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    marks = [s for s in stats[1:count].tolist() if s[4] > 4]  # dust aside
    if len(marks) != 1:
        return False
    _, _, w, h, area = marks[0]
    return _blob_shape(w, h, area, size)


def _blob_shape(width: int, height: int, area: int, size: float) -> bool:
    return (
        _BULLET_HEIGHT[0] * size <= height <= _BULLET_HEIGHT[1] * size
        and _BULLET_ASPECT[0] <= width / max(height, 1) <= _BULLET_ASPECT[1]
        and area >= _BULLET_FILL * width * height
    )
