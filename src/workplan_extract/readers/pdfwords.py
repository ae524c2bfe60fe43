"""Whether a line ends inside a word: the width of a space, and the words' own evidence.

A layout engine breaks a word with no hyphen only when the word is too long for the column,
and then fills the line up to the last glyph that fits. LibreOffice and Word draw the space a
line was wrapped at, but only when it fits on the line; so a line that ends with no space glyph
although one would have fitted was not wrapped at a space. That needs the width of a space as
the document draws it (0.25 em in Times, 0.32 em in DejaVu: a fixed share of the type size
takes one for the other), measured here from the document's own space glyphs.

When not even a space would have fitted, a word broken in the middle and a word that merely
ends at the column's edge look the same, and these decide, in order:

- the document's own vocabulary: the joined word written whole elsewhere in the document
  ("implementati" / "on", with "implementation" inside a line on another page) is one word;
  both pieces written whole and the joined word never are two words;
- letter case: a lower-case letter followed by a capital starts a new word ("effectiveness" /
  "Early");
- an English word list, when the optional ``pdf-words`` extra is installed and the next line
  starts in lower case (``pdflexicon``): the joined word known and a piece not ("recommen" /
  "dations") is one word; both pieces common words and the joined one unknown ("Target" /
  "end") is two;
- a short word of its own on the next line ("on", "all", "and") starts a word; a short rest
  that is no such word ("ies", "ng") is a word's tail;
- otherwise the rest is taken as a word of its own ("discussion" / "where"): a word split in
  two is still readable and still all there, where two words run together hide a date or a
  party from what reads the cell ("enhancementbefore Dec 2007").

The vocabulary holds only words the document writes whole: those between two spaces on a line,
the first of a cell or block, and those next to a space glyph a wrapped line ends with. No word list from outside is used
beyond the short words below and the optional list of ``pdflexicon``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from statistics import median
from typing import TYPE_CHECKING, Any

from . import pdflexicon

if TYPE_CHECKING:
    from .pdflines import Line

#: Width of a word space as a share of the font size when the document draws none to measure
#: (most text faces: 0.25-0.32 em).
SPACE_WIDTH = 0.25
#: How far (points) the column's right edge may be off: it is inferred from the cells' padding
#: on the left, to a tenth of a point or so (LibreOffice lets text run 0.1 pt nearer the right
#: edge). A space counts as having fitted after a line only with this much room to spare (so a
#: line with none drawn holds a broken word), and as not fitting only when it misses by as
#: much (so a line with none drawn and no more room was wrapped); in between, neither.
FIT_TOLERANCE = 0.1
_FIRST_WORD = re.compile(r"[^\s.,;:!?)\]’”]*")
_EDGE_PUNCTUATION = "\"'‘’“”()[]{}.,;:!?*•·–—-/"
#: Short words that begin a line as words of their own, never as the tail of a broken word.
SHORT_WORDS = frozenset((
    "a", "all", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can", "did", "do",
    "due", "for", "had", "has", "her", "him", "his", "how", "if", "in", "is", "it", "its",
    "key", "may", "met", "new", "no", "nor", "not", "now", "of", "off", "on", "one", "or",
    "our", "out", "own", "per", "see", "she", "so", "the", "to", "too", "two", "up", "us",
    "via", "was", "way", "we", "who", "why", "yet", "you",
))  # fmt: skip


def space_width(line: Line) -> float:
    """The width of a space after ``line``'s last glyph, as the document draws it."""
    return line.space if line.space > 0 else SPACE_WIDTH * line.size


def fits_after(prev: Line, width: float, right: float, runs: bool = False) -> bool:
    """Whether a space and ``width`` more would have fitted after ``prev`` in a column ending
    at ``right``: surely, by ``FIT_TOLERANCE`` when the space is measured, by a point when only
    its nominal width is known.

    ``runs``: the producer draws the spaces it wraps lines at (``pdflines.wraps_marked``), so
    a line ending in a run of spaces ("training.   ") was wrapped after the whole run, and the
    next word must have fitted after all of it. A line that ends a paragraph with such a run
    and a next word that fits after one space but not after the run would be joined: far
    rarer than the two or three spaces typed between sentences."""
    margin = FIT_TOLERANCE if prev.space > 0 else 1.0
    end = prev.x1 + space_width(prev)
    if runs:
        end = max(end, prev.trail)
    return end + width < right - margin


def measure_spaces(lines: Iterable[Line], spaces: Iterable[Any]) -> None:
    """Set ``space`` on each line: the median width of the page's space glyphs in the line's
    font and size, or in its font at another size (scaled); left at 0 when the page draws no
    space in that font."""
    by_key: dict[tuple[str, float], list[float]] = {}
    for sp in spaces:
        size = float(sp.get("size") or 0.0)
        width = float(sp["x1"] - sp["x0"])
        # Spaces drawn with no width, or wider than an em, are not word spaces.
        if size > 0 and 0.05 * size < width <= size:
            by_key.setdefault((str(sp.get("fontname")), round(size, 1)), []).append(width)
    if not by_key:
        return
    exact = {key: median(widths) for key, widths in by_key.items()}
    ratios: dict[str, float] = {}
    for (font, size), width in exact.items():
        ratios.setdefault(font, width / size)
    for line in lines:
        known = exact.get((line.font, round(line.size, 1)))
        if known is not None:
            line.space = known
        elif line.font in ratios:
            line.space = ratios[line.font] * line.size


class Words:
    """The words a document writes whole (lower-cased, without the punctuation around them)."""

    def __init__(self) -> None:
        self.whole: set[str] = set()

    def add(self, lines: Sequence[Line]) -> None:
        """Take the whole words of one column's lines, read top to bottom."""
        for i, line in enumerate(lines):
            tokens = line.text.split()
            # A line's first word starts a word when it starts the column or the line above
            # was wrapped at a space; its last word ends one when the line was itself.
            starts = i == 0 or lines[i - 1].trailing_space
            ends = line.trailing_space
            whole = tokens[1:-1]
            if len(tokens) >= 2:
                whole += [tokens[0]] if starts else []
                whole += [tokens[-1]] if ends else []
            elif starts and ends:
                whole += tokens
            for token in whole:
                word = _bare(token)
                if word:
                    self.whole.add(word)

    def verdict(self, head: str, tail: str) -> bool | None:
        """Whether ``head`` and ``tail`` are one word by what the document writes elsewhere;
        ``None`` when it does not say."""
        head, tail = _bare(head), _bare(tail)
        if not head or not tail:
            return None
        joined = head + tail
        both = head in self.whole and tail in self.whole
        if joined in self.whole and not both:
            return True
        if both and joined not in self.whole:
            return False
        return None


def one_word(head: str, line: Line, words: Words | None) -> bool:
    """Whether ``line`` starts with the rest of the word ``head`` that ends the line above,
    when not even a space would have fitted after it (see the module's docstring)."""
    match = _FIRST_WORD.match(line.text)
    tail = match.group() if match else ""
    verdict = words_say(head, tail, words)
    if verdict is not None:
        return verdict
    if tail.lower() in SHORT_WORDS:
        return False
    return len(tail) <= 3


def words_say(head: str, tail: str, words: Words | None) -> bool | None:
    """Whether ``head`` and ``tail`` are one word by the words' own evidence: the document's
    vocabulary, letter case, the optional word list; ``None`` when none of them says."""
    if words is not None:
        verdict = words.verdict(head, tail)
        if verdict is not None:
            return verdict
    if head[-1:].islower() and tail[:1].isupper():
        return False
    if head[-1:].isalpha() and tail[:1].islower():
        return pdflexicon.verdict(head, tail)
    return None


def carried_word(lines: Sequence[Line], i: int, right: float) -> str | None:
    """The whole word ``lines[i]`` starts when that line is one word the layout engine broke
    onward (no space on it or after it, and the next line's first glyph would not have
    fitted after it), carried over every line it runs on ("presente" / "d to": "presented");
    ``None`` when the line is not such a word."""
    pieces = []
    j = i
    while j + 1 < len(lines):
        line, after = lines[j], lines[j + 1]
        if " " in line.text or line.trailing_space or right - line.x1 >= after.first_char_width:
            break
        if not (line.text[-1].isalpha() and after.text[0].isalpha()):
            break
        pieces.append(line.text)
        j += 1
    if not pieces:
        return None
    first = lines[j].text.split(" ", 1)[0]
    return "".join(pieces) + first


def _bare(token: str) -> str:
    return token.strip(_EDGE_PUNCTUATION).lower()
