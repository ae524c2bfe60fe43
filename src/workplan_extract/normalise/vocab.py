"""The party vocabulary's index: looking spans up among canonical entries.

The entries come from the shipped files and ``--vocab`` files (read by ``loading.py``); the
index is built once per process for each set of files, as every party cell is matched on it.

Lookup order (SPEC, "Normalisation conventions"): the exact canonical name, then an alias or
name compared case-, punctuation- and apostrophe-insensitively, then a fuzzy match that is
accepted only when it is clearly ahead of the runner-up. A spelling several shipped entries
share (a body and its namesake of other years) is decided by the plan's dates, or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal

from rapidfuzz import fuzz, process

from workplan_extract.normalise.entries import (
    BODY,
    ID,
    ID_PATTERN,
    KEYS,
    KINDS,
    NAME,
    PLACE,
    PREDECESSORS,
    SERVES,
    SHIPPED_SOURCES,
    SOURCE,
    SUCCESSOR,
    Row,
    VocabEntry,
    cached_party_key,
    entry_of,
    party_key,
    row_valid_during,
    tidy,
)
from workplan_extract.normalise.places import NO_PLACES, Places
from workplan_extract.normalise.regions import derived_place

#: Fuzzy matches below this token_sort_ratio are never accepted.
FUZZY_CUTOFF = 85.0
#: A fuzzy match must beat the best match of any *other* entry by this many points.
FUZZY_MARGIN = 8.0
#: Single-token keys this short are acronyms: they match exactly or not at all.
ACRONYM_MAX = 5
#: A single word is matched fuzzily only when this long ("Barnado's"), and only this closely:
#: one edit in nine letters. Shorter words are too often another real word one letter away.
SINGLE_WORD_MIN = 7
SINGLE_WORD_CUTOFF = 88.0
#: Above this many fuzzy choices, candidates are blocked on shared tokens (see ``_candidates``).
FULL_SCAN_LIMIT = 5000
FUZZY_CACHE_SIZE = 65_536  # spans whose fuzzy answer is kept, at most (then all forgotten)
#: Tokens in more fuzzy choices than this are too common to block on by themselves.
POSTING_CAP = 2000

#: Fuzzy hits kept per lookup, and the lowest score worth keeping: a hit below it can be
#: neither the best match nor close enough to the best to block it as the runner-up.
_HITS = 20
_SCORE_CUTOFF = FUZZY_CUTOFF - FUZZY_MARGIN

_STOPWORDS = frozenset({"and", "of", "the", "for", "in", "to", "a", "an", "on", "at", "by"})
#: Words that tell one area's body from another's: a fuzzy match may not add, drop or change
#: one ("NE London Strategic Health Authority" is not "London Strategic Health Authority").
_COMPASS = {
    "north": ("north",),
    "south": ("south",),
    "east": ("east",),
    "west": ("west",),
    "ne": ("north", "east"),
    "nw": ("north", "west"),
    "se": ("south", "east"),
    "sw": ("south", "west"),
    "central": ("central",),
    "inner": ("inner",),
    "outer": ("outer",),
    "greater": ("greater",),
    "mid": ("mid",),
}

Period = tuple[str | None, str | None]
NO_PERIOD: Period = (None, None)


@dataclass(frozen=True, slots=True)
class Lookup:
    """The result of looking a span up in the vocabulary.

    ``rivals`` are the entries the span fits equally well when it fits more than one (then
    ``entry`` is None): a name shared by bodies of different years, in a plan whose dates do
    not tell them apart.
    """

    entry: VocabEntry | None
    match: Literal["exact", "alias", "fuzzy", "unmatched"]
    score: float
    runner_up: float = 0.0
    rivals: tuple[VocabEntry, ...] = ()


_UNMATCHED = Lookup(None, "unmatched", 0.0)


class EntriesById(Mapping[str, VocabEntry]):
    """``id`` -> entry, over the rows of a vocabulary (entries are made when asked for)."""

    def __init__(self, rows: Sequence[Row], index: dict[str, int]) -> None:
        self._rows = rows
        self._index = index

    def __getitem__(self, entry_id: str) -> VocabEntry:
        return entry_of(self._rows[self._index[entry_id]])

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


#: Words left out of a name's initials: "East Sussex Fire and Rescue Service" is "ESFRS".
_LINK_WORDS = frozenset({"and", "of", "the", "for", "on", "upon", "in"})
#: Bodies whose area is named like a place but coded apart (police force areas, E23/W15...).
_FORCE_BODIES = frozenset({"police-force", "fire-service", "probation"})


def _codes_differ(query: str, choice: str) -> bool:
    """Whether a short word (a code: "cvs", "csp") of one key stands where the other has
    another: "Salford CVS" is Salford's council for voluntary service, not its CSP. Codes are
    not misspelt; long words are ("Barnado's")."""
    mine, theirs = set(query.split()), set(choice.split())
    return any(len(w) <= _CODE_LENGTH for w in mine - theirs) and any(
        len(w) <= _CODE_LENGTH for w in theirs - mine
    )


#: The longest word read as a code rather than a misspelt word when fuzzy matching.
_CODE_LENGTH = 4


def _placed(row: Row, places: Places) -> Row:
    """The row with the place its name and area tell, when the register gives none
    (``regions.derived_place``)."""
    if row[PLACE] is not None or (len(row[SERVES]) != 1 and row[BODY] is None):
        return row
    place = derived_place(row[NAME], row[BODY], row[SERVES], places)
    return row if place is None else (*row[:PLACE], place, *row[PLACE + 1 :])


class Vocabulary:
    """An indexed, validated set of entries. Build it with ``load_vocabulary``.

    Entries are kept as rows (plain tuples, see ``entries.Row``) and every index maps to row
    numbers: dicts of strings to ints, like tuples of strings, are invisible to the cyclic
    garbage collector, so a 100,000-entry index does not slow down every collection made
    while it is built or used.
    """

    def __init__(self, entries: Iterable[Row], places: Places = NO_PLACES) -> None:
        self.rows: list[Row] = [_placed(row, places) for row in entries]
        self.places = places
        rows = self.rows
        self.ids: dict[str, int] = {row[ID]: number for number, row in enumerate(rows)}
        self.by_id = EntriesById(rows, self.ids)
        self._index_keys()
        self._index_fuzzy()
        by_area: dict[tuple[str, str], list[int]] = {}
        serving: dict[tuple[str, str], list[int]] = {}
        place_words: set[str] = set(places.tokens)
        for number, row in enumerate(rows):
            body, place = row[BODY], row[PLACE]
            if place is not None:
                place_words.update(party_key(place.name).split())
            if body is None:
                continue
            if place is not None and place.code is not None:
                by_area.setdefault((body, place.code), []).append(number)
            for code in row[SERVES]:
                serving.setdefault((body, code), []).append(number)
        #: (body category, GSS code) -> the rows of that category for that place, and the
        #: rows whose ``serves`` lists the code (a police force serves many districts).
        self.by_area = {k: tuple(v) for k, v in by_area.items()}
        #: id -> the entries it succeeded (from their ``successor`` and its ``predecessors``).
        predecessors: dict[str, list[str]] = {}
        for row in rows:
            if row[SUCCESSOR] is not None:
                predecessors.setdefault(row[SUCCESSOR], []).append(row[ID])
            for earlier in row[PREDECESSORS]:
                predecessors.setdefault(row[ID], []).append(earlier)
        self.predecessors = {k: tuple(dict.fromkeys(v)) for k, v in predecessors.items()}
        self.serving = {k: tuple(v) for k, v in serving.items()}
        self._index_areas()
        #: Words of place names and compass words: see ``_same_places``.
        self.place_tokens = frozenset(place_words - _STOPWORDS) | frozenset(_COMPASS)
        self._fuzzy_cache: dict[str, Lookup] = {}
        #: Whole party cells already read against this vocabulary (``parties.parse_parties``).
        self.cell_cache: dict[Any, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}

    @property
    def entries(self) -> tuple[VocabEntry, ...]:
        """Every entry, in the order of the files (made on each call: for listing, not lookups)."""
        return tuple(entry_of(row) for row in self.rows)

    def entry(self, number: int) -> VocabEntry:
        """The entry of row ``number``."""
        return entry_of(self.rows[number])

    def _index_keys(self) -> None:
        rows = self.rows
        names: dict[str, int] = {}
        keys: dict[str, int] = {}
        shared: dict[str, list[int]] = {}
        for number, row in enumerate(rows):
            names.setdefault(row[NAME], number)
            for key in row[KEYS]:
                owner = keys.setdefault(key, number)
                if owner != number and rows[owner][ID] != row[ID]:
                    shared.setdefault(key, [owner]).append(number)
        # A spelling of a seed entry (parties.json) is that entry's alone: the register may
        # list the same body again, and the seeds' ids are the ones the archive keeps.
        self.shared: dict[str, tuple[int, ...]] = {}
        for key, owners in shared.items():
            seeds = [n for n in owners if rows[n][SOURCE] == "builtin"]
            kept = seeds[:1] if seeds else owners
            if len(kept) > 1:
                self.shared[key] = tuple(kept)
            keys[key] = kept[0]
        self.names = names
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
        self.prefixes: AbstractSet[str] = prefixes  # not copied into a frozenset: 300,000 strings

    def _index_fuzzy(self) -> None:
        choices: list[str] = []
        sorted_choices: list[str] = []
        choice_rows: list[int] = []
        for key, number in self.keys.items():
            if " " in key:
                choices.append(key)
                sorted_choices.append(" ".join(sorted(key.split(" "))))
                choice_rows.append(number)
            elif len(key) > ACRONYM_MAX:  # _fuzzy_eligible, keys being non-empty
                choices.append(key)
                sorted_choices.append(key)
                choice_rows.append(number)
        self.choices = choices
        #: The single-word choices, scanned whole for a single-word span ("Barnado's"): such a
        #: misspelling shares no word with its entry, so the word blocking below cannot find it.
        self.single_choices = [i for i, choice in enumerate(choices) if " " not in choice]
        self.single_strings = [choices[i] for i in self.single_choices]
        #: ``choices`` with their words sorted: token_sort_ratio is ratio() of these, so
        #: sorting once here spares sorting every candidate's words on every fuzzy lookup.
        self.sorted_choices = sorted_choices
        self.choice_rows = choice_rows
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
        #: For each token of at most ``POSTING_CAP`` choices: its choices' sorted-word strings
        #: and their indexes, both in index order. The strings are copies made one posting list
        #: after another, so scoring a list reads memory in sequence; reaching the same strings
        #: through ``sorted_choices`` touched a scattered cache line for each and cost more
        #: than scoring.
        self.rare_postings: dict[str, tuple[list[str], list[int]]] = {}
        for token, posting in postings.items():
            if len(posting) <= POSTING_CAP:
                # A new string object per entry, allocated now, next to the one before.
                strings = [(sorted_choices[i] + " ")[:-1] for i in posting]
                self.rare_postings[token] = (strings, posting)
        #: ``len`` of each of ``sorted_choices``, for the length bound in ``_scan_hits``.
        self.choice_lengths = [len(choice) for choice in sorted_choices]

    def lookup(self, text: str, period: Period = NO_PERIOD) -> Lookup:
        """Look ``text`` up: exact name, then alias key, then fuzzy, else unmatched.

        ``period`` (earliest, latest ISO dates of the plan) decides between entries that
        share a spelling; an entry outside it is still returned when it is the only one.

        >>> from workplan_extract.normalise import load_vocabulary
        >>> load_vocabulary().lookup("Met Police").entry.id
        'metropolitan-police-service'
        """
        name = tidy(text)
        key = cached_party_key(name)
        number = self.names.get(name)
        match: Literal["exact", "alias"] = "exact"
        if number is None:
            number = self.keys.get(key)
            match = "alias"
        if number is not None:
            rivals = self.shared.get(key)
            if rivals is None:
                return Lookup(self.entry(number), match, 100.0)
            return self._choose(rivals, period, match)
        if not _fuzzy_eligible(key):
            return _UNMATCHED
        if " " not in key and len(key) < SINGLE_WORD_MIN:
            return _UNMATCHED
        cached = self._fuzzy_cache.get(key)
        if cached is None:
            if len(self._fuzzy_cache) >= FUZZY_CACHE_SIZE:  # bounded, as the cell cache is
                self._fuzzy_cache.clear()
            cached = self._fuzzy_cache[key] = self._fuzzy(key)
        return cached

    def _index_areas(self) -> None:
        initials: dict[str, list[int]] = {}
        area_names: dict[str, list[int]] = {}
        for number, row in enumerate(self.rows):
            if row[BODY] is None:
                continue
            letters = "".join(w[0] for w in party_key(row[NAME]).split() if w not in _LINK_WORDS)
            if len(letters) >= 3:
                initials.setdefault(letters, []).append(number)
            if row[BODY] in _FORCE_BODIES and row[PLACE] is not None:
                area_names.setdefault(party_key(row[PLACE].name), []).append(number)
        #: Initials of area bodies' names ("esfrs": East Sussex Fire and Rescue Service).
        self.initials = {k: tuple(v) for k, v in initials.items()}
        #: Police force and fire service areas by name ("north wales") -> their bodies.
        self.force_areas = {k: tuple(v) for k, v in area_names.items()}

    def by_initials(
        self, key: str, areas: AbstractSet[str], period: Period
    ) -> tuple[VocabEntry, ...]:
        """The bodies of the plan's areas whose name's initials are ``key`` (a span's
        ``party_key``), in the plan's years: "ESFRS" in a Brighton & Hove plan."""
        found = []
        for number in self.initials.get(key, ()):
            row = self.rows[number]
            place = row[PLACE]
            here = (place is not None and place.code in areas) or not areas.isdisjoint(row[SERVES])
            if here and row_valid_during(row, *period):
                found.append(self.entry(number))
        return tuple(found)

    def force_area(self, key: str, body: str) -> VocabEntry | None:
        """A body of a category (``police-force``, ``fire-service``, ``probation``) whose area's
        name is written in ``key`` ("police and crime commissioner for north wales"), when the
        bodies so named share one area."""
        words = f" {key} "
        found = {
            number
            for name, numbers in self.force_areas.items()
            if f" {name} " in words
            for number in numbers
            if self.rows[number][BODY] == body
        }
        # West Yorkshire's probation area and trust share one area: either places the span.
        places = {self.rows[number][PLACE] for number in found}
        return self.entry(min(found)) if len(places) == 1 else None

    def in_area(self, body: str, code: str) -> tuple[VocabEntry, ...]:
        """The entries of a body category for one place: its own, else those serving it."""
        numbers = self.by_area.get((body, code)) or self.serving.get((body, code), ())
        return tuple(self.entry(n) for n in numbers)

    def _choose(
        self, rivals: tuple[int, ...], period: Period, match: Literal["exact", "alias"]
    ) -> Lookup:
        """One of several entries sharing a spelling: the only one the plan's dates allow."""
        if period != NO_PERIOD:
            fitting = [n for n in rivals if row_valid_during(self.rows[n], *period)]
            if len(fitting) == 1:
                return Lookup(self.entry(fitting[0]), match, 100.0)
        return Lookup(None, "unmatched", 0.0, 0.0, tuple(self.entry(n) for n in rivals))

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
        if " " not in key:
            found = _score(key, self.single_strings, _HITS)
            hits = [(score, self.single_choices[position]) for _, score, position in found]
        else:
            rare = self._rare_hits(key)
            hits = self._scan_hits(key) if rare is None else rare
        best: dict[str, float] = {}
        rows: dict[str, int] = {}
        single = " " not in key
        for score, index in hits:
            choice = self.choices[index]
            if single and " " in choice:
                continue  # a single word is compared with single words only
            if not self._same_places(key, choice) or _codes_differ(key, choice):
                continue
            # Ids only for the (at most 20) hits: each candidate read costs a cache miss.
            number = self.choice_rows[index]
            entry_id = self.rows[number][ID]
            rows[entry_id] = number
            best[entry_id] = max(score, best.get(entry_id, 0.0))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        cutoff = SINGLE_WORD_CUTOFF if single else FUZZY_CUTOFF
        if not ranked or ranked[0][1] < cutoff:
            return _UNMATCHED
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if ranked[0][1] - runner_up < FUZZY_MARGIN:
            return Lookup(None, "unmatched", 0.0, runner_up)
        entry = self.entry(rows[ranked[0][0]])
        return Lookup(entry, "fuzzy", round(ranked[0][1], 1), runner_up)

    def _same_places(self, query: str, choice: str) -> bool:
        """Whether two keys name the same places and directions (see ``_COMPASS``)."""
        return _place_words(query, self.place_tokens) == _place_words(choice, self.place_tokens)

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


def _place_words(key: str, place_tokens: frozenset[str]) -> frozenset[str]:
    words: set[str] = set()
    for word in key.split(" "):
        if word in _COMPASS:
            words.update(_COMPASS[word])
        elif word in place_tokens:
            words.add(word)
    return frozenset(words)


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


__all__ = [
    "ID_PATTERN",
    "KINDS",
    "NO_PERIOD",
    "SHIPPED_SOURCES",
    "Lookup",
    "Period",
    "VocabEntry",
    "Vocabulary",
    "party_key",
    "tidy",
]
