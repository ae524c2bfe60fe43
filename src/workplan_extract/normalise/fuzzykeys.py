"""How the vocabulary compares keys fuzzily: the cut-offs, the scorer, and the words (places,
compass points, codes) a fuzzy match may not change. Used by ``vocab.Vocabulary``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

#: Fuzzy matches below this token_sort_ratio are never accepted.
FUZZY_CUTOFF = 85.0
#: A fuzzy match must beat the best match of any *other* entry by this many points.
FUZZY_MARGIN = 8.0
#: Single-token keys this short are acronyms: they match exactly or not at all.
ACRONYM_MAX = 5
#: Fuzzy hits kept per lookup, and the lowest score worth keeping: a hit below it can be
#: neither the best match nor close enough to the best to block it as the runner-up.
HITS = 20
SCORE_CUTOFF = FUZZY_CUTOFF - FUZZY_MARGIN

STOPWORDS = frozenset({"and", "of", "the", "for", "in", "to", "a", "an", "on", "at", "by"})
#: Words that tell one area's body from another's: a fuzzy match may not add, drop or change
#: one ("NE London Strategic Health Authority" is not "London Strategic Health Authority").
COMPASS = {
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


def codes_differ(query: str, choice: str) -> bool:
    """Whether a short word (a code: "cvs", "csp") of one key stands where the other has
    another: "Salford CVS" is Salford's council for voluntary service, not its CSP. Codes are
    not misspelt; long words are ("Barnado's")."""
    mine, theirs = set(query.split()), set(choice.split())
    return any(len(w) <= CODE_LENGTH for w in mine - theirs) and any(
        len(w) <= CODE_LENGTH for w in theirs - mine
    )


#: The longest word read as a code rather than a misspelt word when fuzzy matching.
CODE_LENGTH = 4


def key_place_words(key: str, place_tokens: frozenset[str]) -> frozenset[str]:
    words: set[str] = set()
    for word in key.split(" "):
        if word in COMPASS:
            words.update(COMPASS[word])
        elif word in place_tokens:
            words.add(word)
    return frozenset(words)


def fuzzy_scores(
    query: str, choices: Sequence[str], limit: int | None
) -> list[tuple[str, float, int]]:
    """The choices scoring at least ``SCORE_CUTOFF`` against ``query``, best first (ties by
    position), at most ``limit``: (choice, score, position) as ``process.extract`` gives them.

    token_sort_ratio is ratio() of the words sorted; the choices were sorted at index time (and
    keyed by party_key, so no processor is needed on either side).
    """
    return process.extract(
        query, choices, scorer=fuzz.ratio, processor=None, score_cutoff=SCORE_CUTOFF, limit=limit
    )


def sort_words(key: str) -> str:
    """A key with its words in sorted order, as token_sort_ratio compares them."""
    return " ".join(sorted(key.split(" "))) if " " in key else key


def fuzzy_eligible(key: str) -> bool:
    return bool(key) and not (" " not in key and len(key) <= ACRONYM_MAX)
