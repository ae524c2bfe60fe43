"""An English word list for a word broken at a line end with no hyphen (optional).

Where a line is so full that not even a space would have fitted after it, the glyphs cannot tell
a word the layout engine broke for want of room ("recommen" / "dations") from two words
("Target" / "end date"), and the document's own vocabulary often does not hold the word. The
English word frequencies of pyspellchecker (MIT; the ``pdf-words`` extra) decide the two cases
they can, when the next line starts in lower case:

- the joined word is a word, and one piece is none (or is far rarer than the joined word: the
  list holds subtitle debris such as "ming" and "ps"): one word ("implementati" / "on");
- both pieces are common words and the joined one is no word: two words ("Target" / "end").

Anything else is left to the rules that decided before (``pdfwords.one_word``), and so is
everything when the package is not installed. The list is American: a British spelling counts
as known when its American form is ("organisations", "programme", "centre").

The list is read only when such a break is met, once per process: about 0.2 s.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

#: Occurrences (in the list's corpus of some 800 million words) from which a piece counts as
#: a common word of its own: "target" has 68,096, "end" 560,205; debris like "ps" and "ies"
#: has 50 or none.
COMMON = 1000
#: A piece this many times rarer than the joined word is taken for no word of its own.
RARER = 100
_SPELLING = (
    (re.compile(r"is(?=e|ing|ation)"), "iz"),
    (re.compile(r"(?<=[a-z])our"), "or"),
    (re.compile(r"tre(?=s?$|d$)"), "ter"),
    (re.compile(r"mme(?=s?$)"), "m"),
    (re.compile(r"ogue(?=s?$)"), "og"),
    (re.compile(r"yse(?=[sd]?$)"), "yze"),
    (re.compile(r"ence(?=s?$)"), "ense"),
)
_PIECE_END = re.compile(r"[/\-‐–—]")


@cache
def frequencies() -> Mapping[str, int] | None:
    """pyspellchecker's English word frequencies, or ``None`` when it is not installed."""
    try:
        source = resources.files("spellchecker") / "resources" / "en.json.gz"
        table = json.loads(gzip.decompress(source.read_bytes()))
    except (ImportError, OSError, ValueError):
        return None
    return table if isinstance(table, dict) else None


def frequency(word: str, table: Mapping[str, int]) -> int:
    """How often ``word`` (lower case) occurs, in its own or its American spelling."""
    found = table.get(word, 0)
    american = word
    for pattern, replacement in _SPELLING:
        american = pattern.sub(replacement, american)
    if american != word:
        found = max(found, table.get(american, 0))
    return found if isinstance(found, int) else 0


def verdict(head: str, tail: str) -> bool | None:
    """Whether ``head`` (ending a full line) and ``tail`` (starting the next) are one word, by
    the word list; ``None`` when it does not say or is not installed. Only the letters next
    to the break count: the last piece of "internship/ap", the first of "ps/other"."""
    head = _PIECE_END.split(head)[-1].lower()
    tail = _PIECE_END.split(tail)[0].lower()
    if not (head.isalpha() and tail.isalpha() and head.isascii() and tail.isascii()):
        return None
    table = frequencies()
    if table is None:
        return None
    joined = frequency(head + tail, table)
    pieces = frequency(head, table), frequency(tail, table)
    if joined and min(pieces) * RARER < joined:
        return True
    if not joined and min(pieces) >= COMMON and len(tail) >= 2:
        return False
    return None
