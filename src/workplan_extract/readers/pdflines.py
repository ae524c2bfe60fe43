"""Characters placed on a PDF page -> lines -> paragraphs.

A PDF has no paragraphs, only glyphs at positions. The rules below recover what the author
typed, so that a PDF gives the same paragraphs per cell as the Word file it was printed from:

- glyphs whose vertical centres fall inside one band form a line; a horizontal gap wider than a
  fraction of the font size is a space (space glyphs themselves are not trusted: some producers
  omit them, others draw them twice);
- a line starts a new paragraph when it starts with a bullet glyph or a lettered label ("a)"),
  when the gap above it is clearly larger than the document's line pitch (paragraph spacing),
  or when its first word would have fitted at the end of the line above (the line above was
  ended by the author, not wrapped by the layout engine);
- otherwise the line continues the paragraph: joined with a space, or with nothing after a line
  ending in a hyphen inside a word ("Co-" + "ordinators").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import quantiles
from typing import Any

from .base import Paragraph

#: Glyphs that only ever start a list item. Dashes are not here: a wrapped line may start with
#: one ("ALG" / "– DV Forum"), so a dash starts a paragraph only by the other rules.
BULLET_GLYPHS = frozenset("•·▪◦‣∙●○■□\uf0b7\uf0a7\uf076\uf0d8\uf0fc")
_LETTER_LABEL = re.compile(r"^\(?[a-z]\)(?:\s|$)")
_LABEL = re.compile(rf"^(?:[{''.join(sorted(BULLET_GLYPHS))}]|\(?[a-z]\))\s+")
#: A gap wider than this share of the font size between two glyphs is a space.
_SPACE_GAP = 0.12
#: Extra vertical distance, as a share of the font size, that marks paragraph spacing.
_PARA_GAP = 0.35
#: Default line pitch (distance between line tops / font size) when a document has too few
#: wrapped lines to measure it.
DEFAULT_PITCH = 1.2

Char = Mapping[str, Any]


@dataclass(slots=True)
class Line:
    """One line of text with its box; ``first_width`` is the width of its first word."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_width: float
    first_char_width: float
    #: Paragraph ids (from a tagged PDF's structure tree) of the first and last glyph.
    tag_first: int | None = None
    tag_last: int | None = None


def make_lines(chars: Iterable[Char], tags: Mapping[int, int] | None = None) -> list[Line]:
    """Group glyphs into lines, top to bottom, each read left to right.

    ``tags`` maps the page's MCIDs to paragraph ids, for a tagged PDF.
    """
    return [line for band in bands(chars) if (line := _line(band, tags)) is not None]


def bands(chars: Iterable[Char]) -> list[list[Char]]:
    """The glyphs of each line, top to bottom: a glyph whose vertical centre is above the
    bottom of the line's first glyph belongs to that line."""
    ordered = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    out: list[list[Char]] = []
    bottom = float("-inf")
    for ch in ordered:
        middle = (ch["top"] + ch["bottom"]) / 2
        if out and middle <= bottom:
            out[-1].append(ch)
        else:
            out.append([ch])
            bottom = ch["bottom"]
    return out


def _line(band: list[Char], tags: Mapping[int, int] | None) -> Line | None:
    band.sort(key=lambda c: c["x0"])
    parts: list[str] = []
    first_width = None
    prev: Char | None = None
    x0 = band[0]["x0"]
    sizes = sorted(c["size"] for c in band)
    size = sizes[len(sizes) // 2] or 1.0
    for ch in band:
        if prev is not None:
            if (
                ch["text"] == prev["text"]
                and abs(ch["x0"] - prev["x0"]) < 0.5
                and abs(ch["top"] - prev["top"]) < 0.5
            ):
                continue  # the same glyph drawn twice (fake bold)
            if ch["x0"] - prev["x1"] > _SPACE_GAP * size:
                if first_width is None:
                    first_width = prev["x1"] - x0
                parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    text = "".join(parts).strip()
    if not text or prev is None:
        return None
    if first_width is None:
        first_width = prev["x1"] - x0
    bottom = max(c["bottom"] for c in band)
    first_char = band[0]["x1"] - x0
    line = Line(text, x0, prev["x1"], band[0]["top"], bottom, size, first_width, first_char)
    if tags:
        line.tag_first = tags.get(band[0].get("mcid", -1))
        line.tag_last = tags.get(prev.get("mcid", -1))
    return line


def _broken_word(prev: Line, line: Line, right: float) -> bool:
    """Whether the layout engine broke a word too long for the column across these lines:
    the line above is that one word, filled to the last glyph that fitted, and the word
    with its rest would not fit on a line of its own."""
    core = _LABEL.sub("", prev.text)
    # Letters on both sides only: after "/" or "-" the engine breaks by choice, and a break
    # between letters and digits ("December" / "2007") is a space far more often than not.
    if (
        " " in core
        or not core[-1].isalpha()
        or not (line.text[0].isalpha() or line.text[0] in "’'")
    ):
        return False
    word_start = prev.x1 - (prev.x1 - prev.x0) * len(core) / max(len(prev.text), 1)
    too_long = prev.x1 - word_start + line.first_width > right - word_start
    return too_long and prev.x1 + line.first_char_width > right


def line_pitch(groups: Iterable[Sequence[Line]]) -> float:
    """The document's line pitch (top-to-top distance over font size) for wrapped lines.

    A low quantile rather than the median: in a table of one-line paragraphs most line pairs
    are paragraph breaks, and the pitch wanted is that of lines within a paragraph.
    """
    ratios = []
    for lines in groups:
        for prev, line in pairwise(lines):
            ratio = (line.top - prev.top) / prev.size
            if 0.8 <= ratio <= 3.0:
                ratios.append(ratio)
    if len(ratios) < 4:
        return min(ratios, default=DEFAULT_PITCH)
    return quantiles(ratios, n=5)[0]


def starts_paragraph(prev: Line, line: Line, right: float, pitch: float, gap_rule: bool) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev`` in a column ending at ``right``."""
    tagged = prev.tag_last is not None and line.tag_first is not None
    if tagged and line.tag_first != prev.tag_last:
        return True  # the author's own paragraphs: no guessing
    if not tagged:
        if line.text[0] in BULLET_GLYPHS or _LETTER_LABEL.match(line.text):
            return True
        if gap_rule and (line.top - prev.top) / prev.size > pitch + _PARA_GAP:
            return True
        if abs(line.size - prev.size) > 1.0:
            return True  # a change of type size: a heading and the text under it
    # Within one tagged paragraph this still finds soft line breaks, which Word readers
    # report as separate lines.
    space = 0.25 * prev.size
    # Room for the first word on the line above: the author broke the line there.
    return prev.x1 + space + line.first_width < right - 1.0


def paragraphs(
    lines: Sequence[Line], right: float, pitch: float, junctions: frozenset[int] = frozenset()
) -> list[Paragraph]:
    """Join lines into paragraphs; at the indexes in ``junctions`` (where a cell continues on
    a new page) the vertical gap means nothing and is ignored."""
    groups: list[list[Line]] = []
    for i, line in enumerate(lines):
        if groups and not starts_paragraph(lines[i - 1], line, right, pitch, i not in junctions):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [Paragraph.from_typed(join_lines(g, right)) for g in groups]


def join_lines(lines: Sequence[Line], right: float) -> str:
    """Join the lines of one paragraph: a space between lines, but nothing after a word's
    hyphen ("Co-" + "ordinators") or after a word too long for the column, which the layout
    engine broke where the column ended ("networks/agenci" + "es")."""
    text = lines[0].text
    for prev, line in pairwise(lines):
        hyphen = len(text) >= 2 and text[-1] == "-" and text[-2].isalpha()
        if (hyphen and line.text[0].isalnum()) or _broken_word(prev, line, right):
            text += line.text
        else:
            text += " " + line.text
    return text
