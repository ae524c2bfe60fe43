"""Recognising personal names in party cells: "Jim Reeves", "Cllr Langhorn", "Mr J H Fleming",
"John Bentley 823346", "Nancy Barber/Jill King (BHFT)".

A person is never matched to a body (SPEC, Parties 2.0), so the test here must hold before any
vocabulary lookup of what is left of the span. It reads the shape of a name rather than a list
of names: a title (Mr, Mrs, Cllr, Dr, ...) with initials or one or two capitalised words; or
one or two capitalised words that are neither words of posts, bodies and functions
(``lexicon.NOT_NAME_WORDS``) nor place names; optionally followed by what a forward plan writes
after a name (a phone extension, a post, a portfolio), which becomes the qualifier.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from workplan_extract.normalise.entries import cached_party_key
from workplan_extract.normalise.lexicon import NOT_NAME_WORDS
from workplan_extract.normalise.roles import ROLE_HEADS

TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "cllr",
        "councillor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "reverend",
        # police ranks written before a name ("DCI Richie Weber", "Supt Jones")
        "dci",
        "dcs",
        "di",
        "ds",
        "supt",
        "insp",
        "sgt",
    }
)
_WORD = re.compile(r"[^\s,;:/&()]+")
#: A capitalised name word: "Reeves", "McInnes", "O'Brien", "Smith-Jones", "MacDonald".
_NAME = re.compile(r"^(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
_CODE = re.compile(r"^[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*$")
#: A phone number or extension after a name in a forward plan ("823346", "01983 823346").
_PHONE = re.compile(r"^\(?\+?\d[\d ()-]{3,}$")


class PersonName(NamedTuple):
    """Where a name ends in the text it was read from, and where what follows it starts."""

    end: int
    rest: int


@lru_cache(maxsize=1 << 14)
def read_person(text: str, place_words: frozenset[str] = frozenset()) -> PersonName | None:
    """Read ``text`` as a personal name, optionally followed by more; None if it is not one.

    ``place_words``: keys of place names, so that "Bracknell Forest" is not read as a name.

    >>> text = "Mrs S Smart Leader of the Council"
    >>> found = read_person(text)
    >>> text[: found.end], text[found.rest :]
    ('Mrs S Smart', 'Leader of the Council')
    >>> read_person("Corporate Affairs") is None
    True
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not words:
        return None
    first = words[0][2].rstrip(".").casefold()
    if first in TITLES and len(words) > 1:
        end = _after_title(words)
    else:
        end = _untitled(text, words, place_words)
    if end is None:
        return None
    stop = words[end - 1][1]
    rest = words[end][0] if end < len(words) else len(text)
    # What may follow a name: after a title anything (a forward plan's portfolio); else only
    # what forward plans and leads columns write after names.
    titled = first in TITLES
    if end < len(words) and not titled and not _fits_after_name(text[stop:], words[end:]):
        return None
    return PersonName(stop, rest)


def _after_title(words: list[tuple[int, int, str]]) -> int | None:
    """The end (word index) of a titled name: initials then one surname, or up to two names."""
    index = 1
    while index < len(words) and _INITIAL.match(words[index][2]):
        index += 1
    initials = index > 1
    names = 0
    while index < len(words) and names < (1 if initials else 2) and _is_name(words[index][2]):
        index += 1
        names += 1
    return index if names else None


def _untitled(
    text: str, words: list[tuple[int, int, str]], place_words: frozenset[str]
) -> int | None:
    """The end of an untitled name: "R Barry", "Jim Reeves", "John H Smith"; None if none.

    Two words joined by "&" or "and" are no one's name: "Brighton & Hove CCG" is a place and
    a body.
    """
    texts = [w for _, _, w in words]
    if len(texts) >= 2 and text[words[0][1] : words[1][0]].strip():
        return None
    if len(texts) >= 2 and _INITIAL.match(texts[0]) and _is_name(texts[1]):
        return 2
    if len(texts) < 2 or not (_is_name(texts[0]) and _is_name(texts[1])):
        if len(texts) >= 3 and _is_name(texts[0]) and _INITIAL.match(texts[1]):
            return 3 if _is_name(texts[2]) else None
        return None
    pair = cached_party_key(text[words[0][0] : words[1][1]])
    if pair in place_words or cached_party_key(texts[0]) in place_words:
        return None
    return 2


def _is_name(word: str) -> bool:
    key = cached_party_key(word)
    return bool(_NAME.match(word)) and key not in NOT_NAME_WORDS and key not in ROLE_HEADS


def _fits_after_name(after: str, rest: list[tuple[int, int, str]]) -> bool:
    """What may follow an untitled name in a party cell: a phone number ("823346"), a code
    ("CCNM") or an affiliation in parentheses ("(BHFT)"). Words need a title or a separator
    before them: "Teenage Pregnancy Co-ordinator" is a post and "Greater Hamsaash Children's
    Partnership" a body, not names described."""
    head = rest[0][2]
    return after.lstrip().startswith("(") or bool(_PHONE.match(head)) or bool(_CODE.match(head))
