"""Words OCR probably misread although Tesseract was sure of them, found from the document.

Tesseract's confidence misses many misreadings: "IRF" for "IRT" at 78/100, "Previde" at 90,
"throughjoint" at 92. A document is its own best dictionary, though: the names and words it
uses it uses again. With Tesseract's own word list (``words``, lower case; empty when it cannot
be read) to tell words from non-words, a word written once is doubted when

- it is no word, and one letter away from a word the document writes at least twice
  ("bettér" beside "better", "Previde" beside "Provide"); an acronym is doubted beside an
  acronym the document writes often ("IRF" beside "IRT"), word or not;
- it is no word, and two words the document writes apart, run together ("throughjoint"), or
  a small word run into "the" ("ofthe", "Whothe");
- a dash is run into the word after it ("-c)" for "– c)");
- a quotation mark hangs on its edge with no partner in its paragraph ("training’",
  "“agencies"): dust read as a quote;
- one item of a list ends with a full stop where all the others (two at least) end with none
  ("... children under one year."): dust read as a stop.

Plurals, possessives and capitals are no misreadings ("Boards" beside "Board’s"). Nothing is
changed: each such word becomes a doubt, and a warning says what it may be.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from .lines import Suspect

#: A word must be written this often elsewhere to be the word a single one was misread from.
_OFTEN = 2
#: Shortest word compared with others (two-letter words differ by one letter all the time).
_SHORTEST = 3
_EDGES = ".,;:!?()[]\"“”‘’'"
_OPENERS, _CLOSERS = "“‘", "”’"
#: Words that run into "the" when OCR loses a space ("ofthe", "Whothe").
_SMALL = frozenset({"of", "to", "in", "on", "at", "by", "for", "and", "from", "with", "who", "all"})
_DASH_RUN_IN = re.compile(r"^[-–—][a-z]\)?$|^[-–—][a-z]{2,}")


def find_suspects(texts: Sequence[str], words: frozenset[str]) -> list[list[Suspect]]:
    """The doubtful words of each paragraph of a document, judged against all of them."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(core for _word, core in _words(text))
    lower: Counter[str] = Counter()
    for word, n in counts.items():
        lower[_plain(word).lower()] += n
    found = [
        [s for word, core in _words(text) if (s := _judge(word, core, text, counts, lower, words))]
        for text in texts
    ]
    for at in _odd_stops(texts):
        last = texts[at].split()[-1]
        if all(s.text != last for s in found[at]):
            found[at].append(Suspect(last, "with a full stop the list's other items lack (dust?)"))
    return found


#: A list item's label: a letter or roman numeral in brackets, or a bullet or dash.
_LABEL = re.compile(r"^(?:\(?[a-z]{1,4}\)|[•·▪◦●○■□\-–—])\s")
#: The label that starts a list afresh.
_FIRST_LABEL = re.compile(r"^\(?(?:a|i)\)\s")
_STOPPED = re.compile(r"[^\W\d_]{3,}\.$")


def _odd_stops(texts: Sequence[str]) -> Iterator[int]:
    """The paragraphs that end a list item with a full stop when the other items of their list,
    two at least, end in a letter or digit. A list is a run of labelled paragraphs; "a)" or
    "i)" starts another. Abbreviations ("etc.", "e.g.") are not stops of this kind."""
    runs: list[list[int]] = []
    for at, text in enumerate(texts):
        if not _LABEL.match(text):
            runs.append([])
            continue
        if _FIRST_LABEL.match(text) or not runs:
            runs.append([])
        runs[-1].append(at)
    for run in runs:
        stopped = [at for at in run if _STOPPED.search(texts[at].rstrip())]
        bare = [at for at in run if texts[at].rstrip()[-1:].isalnum()]
        if len(stopped) == 1 and len(bare) >= 2 and len(bare) == len(run) - 1:
            last = texts[stopped[0]].split()[-1]
            if last[:-1].lower() not in _ABBREVIATIONS:
                yield stopped[0]


_ABBREVIATIONS = frozenset({"etc", "inc", "ltd", "esq", "nos", "approx", "dept", "govt"})


def _words(text: str) -> Iterator[tuple[str, str]]:
    """Each word as written, and its core (without the punctuation around it)."""
    for word in text.split():
        core = word.strip(_EDGES)
        if core:
            yield word, core


def _plain(word: str) -> str:
    return word.replace("’", "").replace("'", "")


def _judge(
    word: str,
    core: str,
    text: str,
    counts: Counter[str],
    lower: Counter[str],
    words: frozenset[str],
) -> Suspect | None:
    if _DASH_RUN_IN.match(word):
        return Suspect(word, "with a dash run into the word after it (a spaced dash?)")
    if _stray_quote(word, text):
        return Suspect(word, "with a quotation mark that has no partner (dust?)")
    if counts[core] > 1 or len(core) < _SHORTEST or not any(ch.isalpha() for ch in core):
        return None
    known = _plain(core).lower() in words
    acronym = core.isupper() and core.isalpha()
    if acronym or not known:
        near = _near(core, counts, acronyms=acronym)
        if near is not None:
            return Suspect(
                word, f'where the document elsewhere writes "{near}" ({counts[near]} times)'
            )
    split = _run_together(core.lower(), lower, words, known)
    if split is not None:
        return Suspect(word, f'which may be "{split[0]} {split[1]}" run together')
    return None


def _near(core: str, counts: Counter[str], *, acronyms: bool) -> str | None:
    """A word the document writes often that ``core`` is one letter away from (an acronym
    of the same length, for an acronym)."""
    from rapidfuzz.distance import Levenshtein

    best: tuple[int, str] | None = None
    for other, n in counts.items():
        if n < _OFTEN or other == core or abs(len(other) - len(core)) > 1:
            continue
        if acronyms and not (other.isupper() and len(other) == len(core)):
            continue
        if _variant(core, other) or Levenshtein.distance(core, other, score_cutoff=1) > 1:
            continue
        if best is None or n > best[0]:
            best = (n, other)
    return None if best is None else best[1]


def _variant(a: str, b: str) -> bool:
    """Whether one is the other's plural or possessive, or the same but for capitals."""
    short, long = sorted((_plain(a).lower(), _plain(b).lower()), key=len)
    return long == short or long == short + "s"


def _run_together(
    core: str, lower: Counter[str], words: frozenset[str], known: bool
) -> tuple[str, str] | None:
    """Two words that make up ``core``, which is no word itself: each written apart in the
    document at least twice, or each a word of four letters or more. A small word run into
    "the" is doubted even when the word list has it ("ofthe": lists gathered from the web
    hold such slips)."""
    if not core.isalpha():
        return None
    if core.endswith("the") and core[:-3] in _SMALL:
        return core[:-3], "the"
    if known:
        return None
    for cut in range(2, len(core) - 1):
        head, tail = core[:cut], core[cut:]
        if lower[head] >= _OFTEN and lower[tail] >= _OFTEN:
            return head, tail
        if min(len(head), len(tail)) >= 4 and head in words and tail in words:
            return head, tail
    return None


def _stray_quote(word: str, text: str) -> bool:
    """A quotation mark on the word's edge with no partner in the paragraph. An apostrophe
    after an "s" ("Professionals’") is a possessive, and one inside a word ("Board’s") is no
    quote."""
    at = text.index(word)
    if word[:1] in _OPENERS and word[1:2].isalpha():
        partner = _CLOSERS[_OPENERS.index(word[0])]
        return partner not in text[at + 1 :]
    tail = word.rstrip(".,;:")
    if tail[-1:] in _CLOSERS and len(tail) > 1 and tail[-2].isalpha() and tail[-2] != "s":
        partner = _OPENERS[_CLOSERS.index(tail[-1])]
        return partner not in text[:at] + tail[:-1]
    return False
