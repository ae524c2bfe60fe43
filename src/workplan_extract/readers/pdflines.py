"""Characters placed on a PDF page -> lines -> paragraphs.

A PDF has no paragraphs, only glyphs at positions. The rules below recover what the author
typed, so that a PDF gives the same paragraphs per cell as the Word file it was printed from:

- glyphs whose vertical centres fall inside one band form a line; a horizontal gap wider than a
  fraction of the font size is a space (space glyphs themselves are not trusted: some producers
  omit them, others draw them twice);
- a line starts a new paragraph when it starts with a bullet glyph or a lettered label ("a)"),
  when the gap above it is clearly larger than the document's line pitch (paragraph spacing),
  or when its first word would have fitted at the end of the line above (the line above was
  ended by the author, not wrapped by the layout engine; after the whole run of spaces it ends
  with, when the producer draws the spaces it wraps at);
- otherwise the line continues the paragraph: joined with a space, or with nothing after a line
  ending in a hyphen inside a word ("Co-" + "ordinators") or inside a word the layout engine
  broke at the column's edge ("networks/agenci" + "es"; see ``broken_word`` and ``pdfwords``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import quantiles
from typing import Any

from .base import Paragraph
from .pdfwords import (
    FIT_TOLERANCE,
    Words,
    carried_word,
    fits_after,
    measure_spaces,
    one_word,
    space_width,
    words_say,
)

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
    #: Whether a space glyph follows the last glyph: how LibreOffice and Word draw a line the
    #: layout engine wrapped (the space the line broke at stays on it); a line the author
    #: ended has none.
    trailing_space: bool = False
    #: Whether every glyph is set in a bold font (or drawn twice over, a fake bold).
    bold: bool = False
    #: The font of the last glyph, and the width of a space in it as the page draws one (0
    #: when unknown; see ``pdfwords``).
    font: str = ""
    space: float = 0.0
    #: Where a run of two or more space glyphs after the last glyph ends (0 for fewer): a
    #: wrapped line keeps every space it broke at ("training.   " / "The Liaison").
    trail: float = 0.0


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
    bold = True
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
        if bold and not _bold_font(ch.get("fontname")):
            bold = False
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
    line.bold = bold or _drawn_twice(band)
    font = prev.get("fontname")
    if isinstance(font, str):
        line.font = font
    if tags:
        line.tag_first = tags.get(band[0].get("mcid", -1))
        line.tag_last = tags.get(prev.get("mcid", -1))
    return line


#: Words in a font's name that mean a bold weight ("Arial-BoldMT", "Calibri,Bold",
#: "LiberationSerif-Bold", "Helvetica-Black", "OpenSans-SemiBold").
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_bold_fonts: dict[str, bool] = {}


def _bold_font(name: object) -> bool:
    if not isinstance(name, str):
        return False
    known = _bold_fonts.get(name)
    if known is None:
        # A subset prefix ("ABCDEF+") and the family name may hold anything; the weight is
        # in the style part, after the last "-" or ",", when there is one.
        style = re.split(r"[-,]", name.split("+", 1)[-1])[-1] if re.search(r"[-,]", name) else name
        known = _bold_fonts[name] = bool(_BOLD_NAME.search(style))
        if len(_bold_fonts) > 4096:  # font names come from the file: keep the memo bounded
            _bold_fonts.clear()
    return known


def _drawn_twice(band: list[Char]) -> bool:
    """Whether every glyph of the line is drawn twice at (nearly) one place: fake bold."""
    if len(band) < 2:
        return False
    doubled = sum(
        1
        for a, b in pairwise(band)
        if a["text"] == b["text"]
        and abs(a["x0"] - b["x0"]) < 0.5
        and abs(a["top"] - b["top"]) < 0.5
    )
    return doubled * 2 >= len(band)


def mark_trailing_spaces(lines: Iterable[Line], spaces: Iterable[Char]) -> None:
    """Set ``trailing_space`` on each line that a space glyph follows on the same baseline,
    and ``space``, the width of a space in the line's font, from the page's space glyphs."""
    lines, spaces = list(lines), list(spaces)
    measure_spaces(lines, spaces)
    by_x: dict[int, list[Char]] = {}
    for sp in spaces:
        by_x.setdefault(int(sp["x0"]), []).append(sp)
    if not by_x:
        return
    for line in lines:
        first = _space_at(by_x, line, line.x1, 0.3 * line.size)
        if first is None:
            continue
        line.trailing_space = True
        # Follow the run: each further space starts where the one before ends (one drawn
        # twice at the same place is no further space).
        end, count = float(first["x1"]), 1
        while count < _MAX_RUN and (nxt := _space_at(by_x, line, end, 0.5)) is not None:
            if nxt["x1"] <= end + 0.5:
                break
            end, count = float(nxt["x1"]), count + 1
        if count >= 2:
            line.trail = end


#: The most space glyphs followed after a line (a bound on the work a crafted file can cause).
_MAX_RUN = 32


def _space_at(by_x: Mapping[int, list[Char]], line: Line, x: float, near: float) -> Char | None:
    """A space glyph on ``line``'s band starting within ``near`` of ``x``."""
    key = int(x)
    for k in (key - 1, key, key + 1):
        for sp in by_x.get(k, ()):
            middle = (sp["top"] + sp["bottom"]) / 2
            if abs(sp["x0"] - x) <= near and line.top <= middle <= line.bottom:
                return sp
    return None


def broken_word(
    prev: Line,
    line: Line,
    right: float,
    marked: bool = False,
    words: Words | None = None,
    carried: str | None = None,
) -> bool:
    """Whether the layout engine broke a word too long for the column across these lines:
    the line above is that one word, filled to the last glyph that fitted, and the word
    with its rest would not fit on a line of its own.

    A line that ends with a space glyph (``marked``: the producer draws them) was wrapped at
    that space; one that ends with none although a space would have fitted was not. A line
    so full that not even a space fits after it is wrapped at a space as often as it holds a
    broken word ("Implementation" / "group" as against "networks/agenci" / "es"); there the
    words decide (``pdfwords.one_word``, with the document's vocabulary ``words``).

    ``carried``: the whole word ``line`` starts when it is one word broken onward (see
    ``carried_word``). A paragraph ending in one word ("Progress") before one starting with a
    word too long for the column ("presente" / "d to") draws no space either: there the words
    decide on the whole word ("Progress" / "presented": two words), else a broken word it is.
    """
    if marked and prev.trailing_space:
        return False
    core = _LABEL.sub("", prev.text)
    # Letters on both sides, or digits on both ("10" / "0" of a number in a narrow column):
    # after "/" or "-" the engine breaks by choice, and a break between letters and digits
    # ("December" / "2007") is a space far more often than not.
    head, rest = core[-1:], line.text[0]
    same_kind = (head.isalpha() and (rest.isalpha() or rest in "’'")) or (
        head.isdigit() and rest.isdigit()
    )
    # Punctuation that never starts a word ("No" / "." in a narrow column) is the end of
    # the word above, cut off as a glyph that did not fit.
    if " " in core or not (same_kind or (head.isalnum() and rest in _CLOSING)):
        return False
    word_start = prev.x1 - (prev.x1 - prev.x0) * len(core) / max(len(prev.text), 1)
    too_long = prev.x1 - word_start + line.first_width > right - word_start
    free = right - prev.x1
    if not too_long or free >= line.first_char_width:
        return False  # the word's next glyph would have fitted: the engine broke elsewhere
    if marked and free >= space_width(prev) + FIT_TOLERANCE:
        # A space would have fitted, and none was drawn: no break at a space.
        verdict = None if carried is None else words_say(core, carried, words)
        return True if verdict is None else verdict
    return head.isdigit() or rest in _CLOSING or one_word(core, line, words)


_CLOSING = frozenset(".,;:!?)]’”")


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


def starts_paragraph(
    prev: Line,
    line: Line,
    right: float,
    pitch: float,
    gap_rule: bool = True,
    marked: bool = False,
    left: float | None = None,
    words: Words | None = None,
    carried: str | None = None,
) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev`` in a column ending at ``right``.

    ``marked`` says that the document's producer draws the space a wrapped line broke at (see
    ``wraps_marked``); ``left`` is where the column's text starts (for how full a line is);
    ``words`` is the document's vocabulary (see ``pdfwords``); ``carried``: see ``broken_word``.
    """
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
    # Within one tagged paragraph the rules below still find soft line breaks, which Word
    # readers report as separate lines.
    if fits_after(prev, line.first_width, right, marked):
        return True  # room for the first word on the line above: the author broke the line
    if broken_word(prev, line, right, marked, words, carried) or _ends_in_break(prev.text):
        return False
    if marked:
        # The producer draws the space a wrapped line broke at, unless the line was too full
        # for it: a line with neither ended where its author ended it.
        return not prev.trailing_space and prev.x1 + space_width(prev) - FIT_TOLERANCE <= right
    if tagged:
        return False
    width = right - (prev.x0 if left is None else left)
    return _reads_as_new(prev.text, line.text, (right - prev.x1) / width if width > 0 else 0.0)


#: Characters a layout engine may break a line after without a space.
_BREAK_AFTER = frozenset("-‐–—/\u00ad")
#: Words that leave a phrase unfinished at the end of a line.
_CONTINUING = frozenset((
    "a", "an", "and", "&", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with", "within", "via", "per", "than", "as", "e.g.", "i.e.", "incl.", "including",
    "between", "across", "through", "under", "over", "supported", "led",
))  # fmt: skip
_SENTENCE_END = frozenset(".!?")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: A line that starts with a date phrase: a month, season, quarter, financial year, a date in
#: figures, or a word that stands for a timing on its own.
_DATE_START = re.compile(
    rf"^(?:(?:early|mid|late|end|begin|by|before|after|from|until|due|w/c)\b[\s-]*)?"
    rf"(?:{_MONTH}\b|(?:spring|summer|autumn|winter)\b|q[1-4]\b|quarter\b"
    r"|\d{1,2}(?:st|nd|rd|th)?\b|\d{4}\b"
    r"|ongoing\b|tbc\b|tba\b|annual(?:ly)?\b|quarterly\b|monthly\b|complete[d]?\b)",
    re.IGNORECASE,
)
#: A line that ends with a complete date or a timing word.
_DATE_END = re.compile(
    rf"(?:\b\d{{4}}(?:[/-]\d{{2,4}})?|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}"
    rf"|\b{_MONTH}[\s-]\d{{2}}|\bq[1-4]|\bquarter\s+[1-4]"
    r"|\bongoing|\btbc|\btba|\bannually|\bquarterly|\bmonthly"
    r"|\bcompleted?)[.)]?$",
    re.IGNORECASE,
)
#: How much of the column a line must leave empty to count as short.
_SHORT = 0.2


def _ends_in_break(text: str) -> bool:
    """A line ending in a hyphen, dash or slash: the engine may break there without a space."""
    return text[-1] in _BREAK_AFTER


def phrase_goes_on(prev: str, text: str) -> bool:
    """Whether the words say that ``text`` goes on with the phrase ``prev`` ends with: it
    starts in lower case, or ``prev`` ends unfinished (with "the", "and", a comma, a word's
    hyphen)."""
    last = prev.rsplit(" ", 1)[-1].lower()
    if last in _CONTINUING or prev[-1] in ",;&(":
        return True
    if len(prev) >= 2 and prev[-1] == "-" and prev[-2].isalpha() and text[0].isalnum():
        return True
    return text[0].islower()


def _reads_as_new(prev: str, text: str, free: float) -> bool:
    """With no typographic evidence, whether the words say a new paragraph starts: a list
    item, a new sentence after a short line, or a date phrase after a complete date.

    ``free`` is the share of the column the line above leaves empty.
    """
    last = prev.rsplit(" ", 1)[-1].lower()
    if last in _CONTINUING or prev[-1] in ",;&(":
        return False  # the phrase above is unfinished
    first = text[0]
    if _DATE_START.match(text) and _DATE_END.search(prev):
        return True  # "Q3 2007/08" / "Sept 2007"
    if first.islower():
        return False  # a sentence going on
    if prev[-1] in _SENTENCE_END or _DATE_END.search(prev):
        # A sentence or a date ends the line, and the next starts a new one: a wrap there
        # would have left the line nearly full.
        return free >= _SHORT and (first.isupper() or first.isdigit() or first in "(‘“'\"")
    return False


def wraps_marked(groups: Iterable[Sequence[Line]], right_of: Iterable[float]) -> bool:
    """Whether the document's producer draws the space at which it wraps a line (LibreOffice
    and Word do; many producers draw no spaces at all).

    Evidence: among line ends inside a cell or paragraph block that are neither an author's
    break (the next word would have fitted) nor after a hyphen, enough end in a space glyph,
    while the lines that surely end a paragraph (a block's last line) mostly do not, so a
    producer padding every line with a space is not trusted.
    """
    inner = marked = ends = padded = 0
    for lines, right in zip(groups, right_of, strict=True):
        if not lines:
            continue
        ends += 1
        padded += lines[-1].trailing_space
        for prev, line in pairwise(lines):
            if fits_after(prev, line.first_width, right):
                continue
            if _ends_in_break(prev.text):
                continue
            inner += 1
            marked += prev.trailing_space
    return marked >= 3 and marked >= 0.1 * inner and padded <= 0.2 * ends


def paragraphs(
    lines: Sequence[Line],
    right: float,
    pitch: float,
    junctions: frozenset[int] = frozenset(),
    marked: bool = False,
    words: Words | None = None,
) -> list[Paragraph]:
    """Join lines into paragraphs; at the indexes in ``junctions`` (where a cell continues on
    a new page) the vertical gap means nothing and is ignored. ``marked``: see
    ``wraps_marked``; ``words``: the document's vocabulary (see ``pdfwords``)."""
    return [p for p, _ in paragraphs_sized(lines, right, pitch, marked, junctions, words)]


def paragraphs_sized(
    lines: Sequence[Line],
    right: float,
    pitch: float,
    marked: bool = False,
    junctions: frozenset[int] = frozenset(),
    words: Words | None = None,
) -> list[tuple[Paragraph, float]]:
    """``paragraphs``, each with the type size of its first line."""
    groups: list[list[Line]] = []
    left = min((ln.x0 for ln in lines), default=0.0)
    for i, line in enumerate(lines):
        carried = carried_word(lines, i, right) if marked else None
        if groups and not starts_paragraph(
            lines[i - 1], line, right, pitch, i not in junctions, marked, left, words, carried
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [
        (Paragraph.from_typed(join_lines(g, right, marked, words), _style(g)), g[0].size)
        for g in groups
    ]


def _style(lines: Sequence[Line]) -> str | None:
    """ "Strong" for a paragraph set wholly in bold (the caller decides "Large")."""
    return "Strong" if all(ln.bold for ln in lines) else None


def join_lines(
    lines: Sequence[Line], right: float, marked: bool = False, words: Words | None = None
) -> str:
    """Join the lines of one paragraph: a space between lines, but nothing after a word's
    hyphen ("Co-" + "ordinators") or after a word too long for the column, which the layout
    engine broke where the column ended ("networks/agenci" + "es")."""
    text = lines[0].text
    for i, (prev, line) in enumerate(pairwise(lines), 1):
        hyphen = len(text) >= 2 and text[-1] == "-" and text[-2].isalpha()
        carried = carried_word(lines, i, right) if marked else None
        if (hyphen and line.text[0].isalnum()) or broken_word(
            prev, line, right, marked, words, carried
        ):
            text += line.text
        else:
            text += " " + line.text
    return text
