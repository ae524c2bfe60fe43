"""The party vocabulary: loading and indexing canonical organisations.

The shipped vocabulary lives in ``normalise/data/parties.json``; files given with ``--vocab``
(JSON or TOML, read and validated by ``entries.py``) add entries or replace shipped ones
with the same id. The index is built once per process for each combination of files, because
matching runs for every party cell of every document and must not rebuild it.

Lookup order (SPEC, "Normalisation conventions"): the exact canonical name, then an alias or
name compared case-, punctuation- and apostrophe-insensitively, then a fuzzy match that is
accepted only when it is clearly ahead of the runner-up.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from workplan_extract.errors import VocabularyError
from workplan_extract.normalise.entries import (
    ID_PATTERN,
    KINDS,
    VocabEntry,
    cached_party_key,
    merge_layers,
    parse_file,
    party_key,
    tidy,
)
from workplan_extract.settings import Settings

#: Fuzzy matches below this token_sort_ratio are never accepted.
FUZZY_CUTOFF = 85.0
#: A fuzzy match must beat the best match of any *other* entry by this many points.
FUZZY_MARGIN = 8.0
#: Single-token keys this short are acronyms: they match exactly or not at all.
ACRONYM_MAX = 5
#: Above this many fuzzy choices, candidates are blocked on shared tokens (see ``_candidates``).
FULL_SCAN_LIMIT = 5000
#: Tokens in more fuzzy choices than this are too common to block on by themselves.
POSTING_CAP = 2000

#: Fuzzy hits kept per lookup, and the lowest score worth keeping: a hit below it can be
#: neither the best match nor close enough to the best to block it as the runner-up.
_HITS = 20
_SCORE_CUTOFF = FUZZY_CUTOFF - FUZZY_MARGIN

_STOPWORDS = frozenset({"and", "of", "the", "for", "in", "to", "a", "an", "on", "at", "by"})


@dataclass(frozen=True)
class Lookup:
    """The result of looking a span up in the vocabulary."""

    entry: VocabEntry | None
    match: Literal["exact", "alias", "fuzzy", "unmatched"]
    score: float
    runner_up: float = 0.0


@dataclass
class Vocabulary:
    """An indexed, validated set of entries. Build it with ``load_vocabulary``."""

    entries: tuple[VocabEntry, ...]
    by_id: dict[str, VocabEntry] = field(init=False)
    names: dict[str, VocabEntry] = field(init=False)
    keys: dict[str, VocabEntry] = field(init=False)
    prefixes: AbstractSet[str] = field(init=False)
    choices: list[str] = field(init=False)
    #: ``choices`` with their words sorted: token_sort_ratio is ratio() of these, so sorting
    #: once here spares sorting every candidate's words on every fuzzy lookup.
    sorted_choices: list[str] = field(init=False)
    choice_ids: list[str] = field(init=False)
    postings: dict[str, list[int]] = field(init=False)
    #: For each token of at most ``POSTING_CAP`` choices: its choices' sorted-word strings and
    #: their indexes, both in index order. The strings are copies made one posting list after
    #: another, so scoring a list reads memory in sequence; reaching the same strings through
    #: ``sorted_choices`` touched a scattered cache line for each and cost more than scoring.
    rare_postings: dict[str, tuple[list[str], list[int]]] = field(init=False)
    #: ``len`` of each of ``sorted_choices``, for the length bound in ``_scan_hits``.
    choice_lengths: list[int] = field(init=False)
    _fuzzy_cache: dict[str, Lookup] = field(init=False, repr=False)
    #: Whole party cells already read against this vocabulary (see ``parties.parse_parties``).
    cell_cache: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {entry.id: entry for entry in self.entries}
        self.names = {" ".join(entry.name.split()): entry for entry in self.entries}  # tidy()
        keys: dict[str, VocabEntry] = {}
        for entry in self.entries:
            for key in entry.keys:
                if key not in keys:
                    keys[key] = entry
        self.keys = keys
        # Every word prefix of a key ("london", "london safeguarding", ...), so the splitter can
        # stop extending a span as soon as no key can start with what it has read. Built a
        # level at a time, dropping the last word of the spellings of the level before: a
        # prefix shared by many keys (or itself a key) is cut once, not once per key.
        prefixes = set(keys)
        level: set[str] = prefixes
        while level:
            level = {k[: k.rfind(" ")] for k in level if " " in k}
            level -= prefixes
            prefixes |= level
        self.prefixes = prefixes  # not copied into a frozenset: 300,000 strings
        choices: list[str] = []
        sorted_choices: list[str] = []
        choice_ids: list[str] = []
        for key, entry in keys.items():
            if " " in key:
                choices.append(key)
                sorted_choices.append(" ".join(sorted(key.split(" "))))
                choice_ids.append(entry.id)
            elif len(key) > ACRONYM_MAX:  # _fuzzy_eligible, keys being non-empty
                choices.append(key)
                sorted_choices.append(key)
                choice_ids.append(entry.id)
        self.choices = choices
        self.sorted_choices = sorted_choices
        self.choice_ids = choice_ids
        postings: dict[str, list[int]] = {}
        if len(choices) > FULL_SCAN_LIMIT:
            postings = defaultdict(list)
            for index, words in enumerate(sorted_choices):
                # Sorted words: a repeated word is next to itself, so skipping the word just
                # posted keeps each index once per list.
                last = ""
                for token in words.split(" "):
                    if token != last and token not in _STOPWORDS:
                        postings[token].append(index)
                    last = token
            postings = dict(postings)
        self.postings = postings
        rare_postings: dict[str, tuple[list[str], list[int]]] = {}
        for token, posting in postings.items():
            if len(posting) <= POSTING_CAP:
                # A new string object per entry, allocated now, next to the one before.
                rare_postings[token] = ([(sorted_choices[i] + " ")[:-1] for i in posting], posting)
        self.rare_postings = rare_postings
        self.choice_lengths = [len(choice) for choice in sorted_choices]
        self._fuzzy_cache = {}
        self.cell_cache = {}

    def lookup(self, text: str) -> Lookup:
        """Look ``text`` up: exact name, then alias key, then fuzzy, else unmatched.

        >>> load_vocabulary().lookup("Met Police").entry.id
        'metropolitan-police-service'
        """
        name = tidy(text)
        entry = self.names.get(name)
        if entry is not None:
            return Lookup(entry, "exact", 100.0)
        key = cached_party_key(name)
        entry = self.keys.get(key)
        if entry is not None:
            return Lookup(entry, "alias", 100.0)
        if not _fuzzy_eligible(key) or " " not in key:
            return Lookup(None, "unmatched", 0.0)
        cached = self._fuzzy_cache.get(key)
        if cached is None:
            cached = self._fuzzy(key)
            self._fuzzy_cache[key] = cached
        return cached

    def _candidates(self, key: str) -> list[int] | None:
        """Indexes into ``choices`` worth scoring against ``key``; ``None`` for all of them."""
        if not self.postings:
            return None
        # Tokens in sorted order, so that lists of equal length keep one order whatever the
        # hash seed: which two common lists get intersected below decides the candidates.
        tokens = sorted(set(key.split(" ")) - _STOPWORDS)
        lists = sorted((self.postings[t] for t in tokens if t in self.postings), key=len)
        if not lists:
            return []
        rare = [posting for posting in lists if len(posting) <= POSTING_CAP]
        if len(rare) == 1:
            return rare[0]  # already in order, each index once
        if rare:
            indexes = set().union(*rare)
        elif len(lists) == 1:
            return lists[0]  # one common word: already in order, each index once
        else:
            # Only common tokens: a candidate must then share the two rarest of them.
            indexes = set(lists[0])
            if len(lists) > 1:
                indexes.intersection_update(lists[1])
        return sorted(indexes)

    def _fuzzy(self, key: str) -> Lookup:
        hits = self._rare_hits(key)
        if hits is None:
            hits = self._scan_hits(key)
        best: dict[str, float] = {}
        for score, index in hits:
            # Ids only for the (at most 20) hits: each candidate read costs a cache miss.
            entry_id = self.choice_ids[index]
            best[entry_id] = max(score, best.get(entry_id, 0.0))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < FUZZY_CUTOFF:
            return Lookup(None, "unmatched", 0.0)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if ranked[0][1] - runner_up < FUZZY_MARGIN:
            return Lookup(None, "unmatched", 0.0, runner_up)
        return Lookup(self.by_id[ranked[0][0]], "fuzzy", round(ranked[0][1], 1), runner_up)

    def _rare_hits(self, key: str) -> list[tuple[float, int]] | None:
        """The best (score, choice index) pairs among the choices sharing a rare word with
        ``key``, as ``_scan_hits`` would give them; ``None`` when ``key`` has no rare word.

        Scores the lists of ``rare_postings`` one after another instead of gathering the union
        of their indexes: process.extract orders its results by score, then by position, so
        sorting the hits of all lists by (-score, index) and keeping the first ``_HITS`` gives
        exactly what extracting from the sorted union gave.
        """
        if not self.rare_postings:
            return None
        found = [
            self.rare_postings[token]
            for token in sorted(set(key.split(" ")) - _STOPWORDS)
            if token in self.rare_postings
        ]
        if not found:
            return None
        query = _sort_words(key)
        if len(found) == 1:
            strings, indexes = found[0]
            # One list in index order: positions order the ties as indexes do.
            results = _score(query, strings, _HITS)
            return [(score, indexes[position]) for _, score, position in results]
        strings, indexes = [], []
        for more_strings, more_indexes in found:
            strings += more_strings
            indexes += more_indexes
        results = _score(query, strings, None)
        # A choice in two of the lists scores the same twice; the copies sort next to each other.
        ordered = sorted({(-score, indexes[position]) for _, score, position in results})
        return [(-negated, index) for negated, index in ordered[:_HITS]]

    def _scan_hits(self, key: str) -> list[tuple[float, int]]:
        """The best (score, choice index) pairs among ``_candidates(key)``."""
        picked = self._candidates(key)
        query = _sort_words(key)
        if picked:
            # ratio() is 200 * (common characters) / (sum of lengths), at most
            # 200 * min(len) / (sum): a choice whose length alone keeps that below the cutoff
            # cannot be a hit, so dropping it changes nothing (a common word alone blocks
            # thousands of choices, most of them far longer than a short query). The bounds
            # are widened by one character against rounding.
            size = len(query)
            lowest = size * _SCORE_CUTOFF / (200 - _SCORE_CUTOFF) - 1
            highest = size * (200 - _SCORE_CUTOFF) / _SCORE_CUTOFF + 1
            lengths = self.choice_lengths
            picked = [i for i in picked if lowest <= lengths[i] <= highest]
        candidates: Sequence[str]
        if picked is None:
            candidates = self.sorted_choices
        elif len(picked) > 1:
            # itemgetter gathers in C: a Python loop over a few hundred scattered indexes
            # cost more than scoring them.
            candidates = itemgetter(*picked)(self.sorted_choices)
        else:
            candidates = [self.sorted_choices[i] for i in picked]
        results = _score(query, candidates, _HITS)
        return [(score, index if picked is None else picked[index]) for _, score, index in results]

    def longest_alias(self, token_keys: Sequence[str], start: int) -> int:
        """Return the end index of the longest alias made of ``token_keys[start:]``, or 0.

        Tokens with an empty key (a comma, a dash) may sit inside an alias but never start
        or end one.
        """
        if not token_keys[start]:
            return 0
        so_far = ""
        found = 0
        for index in range(start, len(token_keys)):
            part = token_keys[index]
            if not part:
                continue
            so_far = f"{so_far} {part}" if so_far else part
            if so_far not in self.prefixes:
                break
            if so_far in self.keys:
                found = index + 1
        return found


def _score(query: str, choices: Sequence[str], limit: int | None) -> list[tuple[str, float, int]]:
    """The choices scoring at least ``_SCORE_CUTOFF`` against ``query``, best first (ties by
    position), at most ``limit``: (choice, score, position) as ``process.extract`` gives them.

    token_sort_ratio is ratio() of the words sorted; the choices were sorted at index time (and
    keyed by party_key, so no processor is needed on either side).
    """
    return process.extract(
        query, choices, scorer=fuzz.ratio, processor=None, score_cutoff=_SCORE_CUTOFF, limit=limit
    )


def _sort_words(key: str) -> str:
    """A key with its words in sorted order, as token_sort_ratio compares them."""
    return " ".join(sorted(key.split(" "))) if " " in key else key


def _fuzzy_eligible(key: str) -> bool:
    return bool(key) and not (" " not in key and len(key) <= ACRONYM_MAX)


def _builtin_entries() -> list[VocabEntry]:
    resource = resources.files("workplan_extract.normalise") / "data" / "parties.json"
    with resources.as_file(resource) as path:
        entries, problems = parse_file(path, "builtin")
    if problems:  # pragma: no cover - the shipped file is checked by a test
        raise VocabularyError(problems[0], "parties.json")
    return entries


_CACHE: dict[tuple[tuple[str, int, int], ...], Vocabulary] = {}


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError as error:
        raise VocabularyError(f"cannot read vocabulary: {error.strerror}", path) from error
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def load_vocabulary(paths: Iterable[Path | str] = ()) -> Vocabulary:
    """Return the indexed vocabulary: the shipped entries overlaid with ``paths`` in order.

    The index is built once per process for each set of files (and rebuilt if a file
    changes on disk), so calling this for every document costs a ``stat`` per file.

    Args:
        paths: extra vocabulary files (``--vocab``); later files override earlier ones.

    Returns:
        The indexed ``Vocabulary``.

    Raises:
        VocabularyError: a file is unreadable or invalid; the one-line message names the entry.

    >>> load_vocabulary().by_id["association-of-london-government"].successor
    'london-councils'
    """
    files = [Path(p) for p in paths]
    stamp = tuple(_stamp(p) for p in files)
    cached = _CACHE.get(stamp)
    if cached is not None:
        return cached
    # Building allocates a few objects per spelling and nothing cyclic; with the collector on,
    # a 100,000-entry file spends more time in repeated collections than in building.
    collecting = gc.isenabled()
    gc.disable()
    try:
        layers = [_builtin_entries()]
        for path in files:
            entries, problems = parse_file(path, str(path))
            if problems:
                raise VocabularyError(problems[0], path)
            layers.append(entries)
        merged, problems = merge_layers(layers)
        if problems:
            raise VocabularyError(problems[0], files[-1] if files else "parties.json")
        vocabulary = Vocabulary(tuple(merged))
    finally:
        if collecting:
            gc.enable()
    _CACHE[stamp] = vocabulary
    return vocabulary


def check_vocabulary_file(path: Path | str) -> list[str]:
    """Return every problem in a user vocabulary file, checked on top of the shipped one.

    Args:
        path: a .json or .toml vocabulary file.

    Returns:
        One line per problem, each naming the entry; empty when the file is good.

    >>> check_vocabulary_file("missing.json")[0].endswith("No such file or directory")
    True
    """
    path = Path(path)
    try:
        entries, problems = parse_file(path, str(path))
    except VocabularyError as error:
        return [str(error)]
    _, merge_problems = merge_layers([_builtin_entries(), entries])
    return problems + merge_problems


def list_entries(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Return every entry of the effective vocabulary as a dict, sorted by id.

    Args:
        settings: whose ``vocab`` files are overlaid on the shipped vocabulary.

    Returns:
        Dicts with ``id``, ``name``, ``kind``, ``aliases``, optional ``successor`` and
        ``source`` ("builtin" or the file that supplied the entry).
    """
    settings = Settings.resolve(settings)
    vocabulary = load_vocabulary(settings.vocab)
    return [entry.as_dict() for entry in sorted(vocabulary.entries, key=lambda e: e.id)]


__all__ = [
    "ID_PATTERN",
    "KINDS",
    "Lookup",
    "VocabEntry",
    "Vocabulary",
    "check_vocabulary_file",
    "list_entries",
    "load_vocabulary",
    "party_key",
    "tidy",
]
