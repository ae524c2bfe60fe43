"""Header words -> the item fields they may name: the header vocabulary (``data/headers.json``).

Headers are matched on whole words, never on fragments: a header names a field when that
field's phrases cover all of its words but neutral ones ("the", "key", "current", ...) and at
most one other, so "Lead Officer", "Key milestones & Quarter" and "Person/s Responsible" are
understood while single letters, "Key word" or a sentence cut out of a research paper name
nothing. Misspelt long words ("benifits") still match, at a lower score. The same matcher says
what a date means in a timing column ("Start by", "Target date") and which headers belong to
other kinds of table (a risk register's "Likelihood", a forward plan's "Decision maker").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal, cast

from .records import FieldName

#: Score a header must reach to be mapped onto a field.
HEADER_CUTOFF = 80.0

#: What a date in a timing column means when the header says so ("Start by", "Target date").
TimingRole = Literal["start", "deadline"]

_ASIDE = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_TOKEN = re.compile(r"[^\W_]+|&")
_FUSED = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: Headers longer than this are sentences, not column names.
_MAX_WORDS = 24


@dataclass(frozen=True, slots=True)
class Phrase:
    """A vocabulary phrase as words; ``*`` stands for any one word."""

    words: tuple[str, ...]
    #: Matches only a header that is the phrase, give or take neutral words ("=date").
    whole: bool = False


@dataclass(frozen=True, slots=True)
class HeaderVocabulary:
    """The header vocabulary, as phrases of words."""

    fields: tuple[tuple[FieldName, tuple[Phrase, ...]], ...]
    neutral: frozenset[str]
    status_values: tuple[Phrase, ...]
    roles: tuple[tuple[TimingRole, tuple[Phrase, ...]], ...]
    not_workplan: tuple[tuple[str, tuple[Phrase, ...]], ...]
    #: Words that name a field by opening a header whose other words name nothing
    #: ("Progress presented to Committee Dec 2017").
    leading: tuple[tuple[FieldName, frozenset[str]], ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A field a header may mean, how well it matches, and where in the header it is named."""

    field: FieldName
    score: float
    first: int


def _stem(word: str) -> str:
    """Plural to singular, crudely but alike for headers and phrases."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word[-1] == "s" and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def header_words(text: str) -> tuple[str, ...]:
    """The words of a header: lower-cased, bracketed asides dropped, plurals reduced.

    >>> header_words("Responsible Party(ies)")
    ('responsible', 'party')
    >>> header_words("Commentary (highlight significant achievements)")
    ('commentary',)

    Words a PDF fused at a line wrap inside a header cell ("Current" / "Status" read as
    "CurrentStatus") are told apart where a lower-case letter meets a capital.

    >>> header_words("ResponsibleOwner")
    ('responsible', 'owner')
    """
    return tuple(_stem(w) for w in _raw_words(text))


def _raw_words(text: str) -> list[str]:
    """The words of a header before plurals are reduced (see ``header_words``)."""
    low = _FUSED.sub(" ", text).lower()
    if "(" in low or "[" in low:
        stripped = _ASIDE.sub(" ", low)
        if _TOKEN.search(stripped):
            low = stripped
    return _TOKEN.findall(low)


def _phrase(text: str) -> Phrase:
    words: list[str] = []
    for part in text.lstrip("=").split():
        words.extend(("*",) if part == "*" else header_words(part))
    return Phrase(tuple(words), text.startswith("="))


def _phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
    return tuple(_phrase(t) for t in texts)


@cache
def header_vocabulary() -> HeaderVocabulary:
    """Load the shipped header vocabulary once per process."""
    raw: dict[str, Any] = json.loads(
        resources.files("workplan_extract").joinpath("data/headers.json").read_text("utf-8")
    )
    fields = tuple(
        (cast(FieldName, name), _phrases(texts))
        for name, texts in raw.items()
        if not name.startswith("_")
    )
    roles = tuple(
        (cast(TimingRole, role), _phrases(texts)) for role, texts in raw["_timing_roles"].items()
    )
    kinds = tuple(
        (kind, _phrases(texts))
        for kind, texts in raw["_not_workplan"].items()
        if not kind.startswith("_")
    )
    return HeaderVocabulary(
        fields=fields,
        neutral=frozenset(_stem(w) for w in raw["_neutral"]),
        status_values=_phrases(raw["_status_values"]),
        roles=roles,
        not_workplan=kinds,
        leading=tuple(
            (cast(FieldName, name), frozenset(_stem(w) for w in words))
            for name, words in raw.get("_leading", {}).items()
            if not name.startswith("_")
        ),
    )


def _same(word: str, want: str) -> int | None:
    """0 when ``word`` is ``want``, 1 when it is a misspelling of it, else None."""
    if word == want:
        return 0
    if len(want) < 5 or abs(len(word) - len(want)) > 1 or word[0] != want[0]:
        return None
    from rapidfuzz.distance import Levenshtein

    return 1 if Levenshtein.distance(word, want, score_cutoff=1) <= 1 else None


#: How many words a ``*`` in a phrase may stand for ("How will the LSCB do this?").
_STAR_WIDTH = 3


def _match_at(
    words: tuple[str, ...], at: int, want: tuple[str, ...], content: set[int]
) -> tuple[int, list[int]] | None:
    """Where a match of ``want`` starting at ``at`` ends, and which words it matched only as
    misspellings; the shortest match when a ``*`` could stand for more or fewer words."""
    if not want:
        return at, []
    head, rest = want[0], want[1:]
    if head == "*":
        for width in range(1, _STAR_WIDTH + 1):
            if at + width > len(words):
                return None
            found = _match_at(words, at + width, rest, content)
            if found is not None:
                return found
        return None
    if at >= len(words):
        return None
    same = _same(words[at], head)
    # Only words that count may be misspelt: "achieve" is not a misspelt "achieved".
    if same is None or (same and at not in content):
        return None
    found = _match_at(words, at + 1, rest, content)
    if found is None:
        return None
    return found[0], ([at, *found[1]] if same else found[1])


@dataclass(slots=True)
class _Cover:
    covered: set[int]
    fuzzy: set[int]
    hits: int = 0
    first: int = 1 << 30


def _cover(words: tuple[str, ...], phrases: tuple[Phrase, ...], content: set[int]) -> _Cover:
    """Which words of a header the phrases cover (and which only as misspellings)."""
    out = _Cover(set(), set())
    exact: set[int] = set()
    for phrase in phrases:
        if not phrase.words:
            continue
        for start in range(len(words)):
            found = _match_at(words, start, phrase.words, content)
            if found is None:
                continue
            end, fuzzy = found
            span = range(start, end)
            if phrase.whole and any(i in content and i not in span for i in range(len(words))):
                continue
            out.covered.update(span)
            out.fuzzy.update(fuzzy)
            exact.update(i for i in span if i not in fuzzy)
            out.hits += 1
            out.first = min(out.first, start)
    out.fuzzy -= exact
    return out


def _content(words: tuple[str, ...], neutral: frozenset[str]) -> set[int]:
    """Positions of the words that count: not neutral, not bare numbers such as years."""
    content = {i for i, w in enumerate(words) if w not in neutral and not w.isdigit()}
    return content or set(range(len(words)))


def _score(cover: _Cover, content: set[int]) -> float | None:
    if not cover.covered & content:
        return None
    uncovered = len(content - cover.covered)
    if uncovered > 1:
        return None
    return 100.0 - 10.0 * uncovered - 5.0 * len(cover.fuzzy)


@lru_cache(maxsize=4096)
def header_candidates(text: str) -> tuple[Candidate, ...]:
    """The fields a header may mean, best first (by score, then by where the header names
    them: "Objective and outcome required" is first an objective). Cached: a batch meets the
    same few headers in every file.

    >>> [(c.field, c.score) for c in header_candidates("Objective and outcome required")]
    [('title', 90.0), ('outcomes', 90.0)]

    A word a PDF broke inside a narrow header cell ("Recomme ndation") is read whole when
    nothing else matches and its two pieces make a word of the vocabulary.

    >>> [c.field for c in header_candidates("Recomme ndation")]
    ['title']
    """
    words = header_words(text)
    if not words or len(words) > _MAX_WORDS:
        return ()
    found = _candidates(words)
    if not found and (rejoined := _rejoined(_raw_words(text))) is not None:
        found = _candidates(rejoined)
    if not found:
        found = _leading(words)
    return found


#: A header opened by a leading word is a column name only when it is this short.
_LEADING_MAX_WORDS = 8


def _leading(words: tuple[str, ...]) -> tuple[Candidate, ...]:
    """The field a header's first word names when none of its words matched a phrase.

    Progress columns carry long, one-off headers that say when or how the progress was
    reported ("Progress presented to Committee Dec 2017", "Progress against agreed action and
    impact monitoring"); their first word still names the column. Only at the cut-off score,
    so a header any phrase matches is read by the phrase, and only for short headers.

    >>> [(c.field, c.score) for c in _leading(header_words("Progress presented to Committee"))]
    [('progress', 80.0)]
    >>> _leading(header_words("Project progress"))
    ()
    """
    if len(words) > _LEADING_MAX_WORDS:
        return ()
    for field, openers in header_vocabulary().leading:
        if words[0] in openers:
            return (Candidate(field, HEADER_CUTOFF, 0),)
    return ()


@cache
def _known_words() -> frozenset[str]:
    return frozenset(
        w for _, phrases in header_vocabulary().fields for p in phrases for w in p.words
    )


def _rejoined(raw: list[str]) -> tuple[str, ...] | None:
    """The header's words (``raw``: before plurals are reduced) with the first two neighbours
    that are no vocabulary words but make one joined, else None."""
    known = _known_words()
    words = [_stem(w) for w in raw]
    for i in range(len(raw) - 1):
        joined = _stem(raw[i] + raw[i + 1])
        if words[i] not in known and words[i + 1] not in known and joined in known:
            return (*words[:i], joined, *words[i + 2 :])
    return None


def _candidates(words: tuple[str, ...]) -> tuple[Candidate, ...]:
    vocab = header_vocabulary()
    content = _content(words, vocab.neutral)
    found: list[Candidate] = []
    for field, phrases in vocab.fields:
        cover = _cover(words, phrases, content)
        if field == "status":
            values = _cover(words, vocab.status_values, content)
            if values.hits >= 2:  # "Progress Completed/ On Target/ Overdue"
                cover.covered |= values.covered
                cover.fuzzy |= values.fuzzy
                cover.first = min(cover.first, values.first)
        score = _score(cover, content)
        if score is not None and score >= HEADER_CUTOFF:
            found.append(Candidate(field, score, cover.first))
    rank = {f: i for i, f in enumerate(PRECEDENCE)}
    found.sort(key=lambda c: (-c.score, c.first, rank.get(c.field, len(rank))))
    return tuple(found)


def match_header(text: str) -> tuple[frozenset[FieldName], float]:
    """Fields a header may mean and the match score; an empty set when nothing is close.

    Several fields come back only when one phrase names them all ("Item": a number or a
    title, as the column's content will tell).

    >>> match_header("Responsible Party(ies)")
    (frozenset({'lead_parties'}), 100.0)
    """
    found = header_candidates(text)
    if not found:
        return frozenset(), 0.0
    best = found[0]
    fields = {c.field for c in found if (c.score, c.first) == (best.score, best.first)}
    return frozenset(fields), best.score


def _covers_all(text: str, phrases: tuple[Phrase, ...]) -> bool:
    words = header_words(text)
    if not words or len(words) > _MAX_WORDS:
        return False
    content = _content(words, header_vocabulary().neutral)
    cover = _cover(words, phrases, content)
    return bool(cover.covered & content) and not content - cover.covered


@lru_cache(maxsize=1024)
def timing_role(header: str) -> TimingRole | None:
    """What a date in this timing column means: "start" ("Start by"), "deadline" ("Finish by",
    "End date", "Target date", "By when"), or None (a plain "Timescale").

    >>> timing_role("Target end date"), timing_role("Start by"), timing_role("Timescale")
    ('deadline', 'start', None)
    """
    for role, phrases in header_vocabulary().roles:
        if _covers_all(header, phrases):
            return role
    return None


@lru_cache(maxsize=4096)
def other_table_kinds(header: str) -> tuple[str, ...]:
    """The kinds of other table whose column this header names ("risk register", ...)."""
    return tuple(
        kind for kind, phrases in header_vocabulary().not_workplan if _covers_all(header, phrases)
    )


def not_workplan_kind(headers: Sequence[str]) -> str | None:
    """The kind of other table a header row names ("risk register", "forward plan", ...) when
    two or more of its columns are that kind's, else None."""
    counts: dict[str, int] = {}
    for header in headers:
        for kind in other_table_kinds(header) if header else ():
            counts[kind] = counts.get(kind, 0) + 1
            if counts[kind] >= 2:
                return kind
    return None


#: Which field a header names when it names several equally well, first first.
PRECEDENCE: tuple[FieldName, ...] = (
    "actions",
    "outcomes",
    "lead_parties",
    "partners",
    "audience",
    "timings",
    "status",
    "progress",
    "title",
    "number",
)
