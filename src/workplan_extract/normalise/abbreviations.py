"""A document's own abbreviation key: "Key: SG – Safeguarding Group", "CCNM – Children's
Centre Network Manager".

Plans that write leads as codes define them in a paragraph or a key table; SPEC (Parties 2.0)
says those definitions are used for the document's spans. ``read_key`` finds definitions in
texts (preamble paragraphs, or the rows of a key table joined as text by whoever found it);
a definition counts only when the code could stand for its expansion (its letters are the
initials of the expansion's words, in order), so an ordinary sentence with a dash in it is not
read as a definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workplan_extract.normalise.entries import party_key

#: "SG – Safeguarding Group", "SG - ...", "SG = ...", "SG: ...", "SG (Safeguarding Group)".
_DEFINITION = re.compile(
    r"""(?:^|(?<=[\s;,]))
        (?P<code>[A-Z][A-Za-z&]{1,9})
        \s*(?:[–—=:]|-(?=\s)|\s-\s)\s*
        (?P<expansion>[A-Z][^;\n–—=]*?)
        \s*(?=$|[;\n]|,\s*[A-Z][A-Za-z&]{1,9}\s*(?:[–—=:]|\s-\s))""",
    re.VERBOSE | re.MULTILINE,
)
_PARENTHESISED = re.compile(
    r"(?P<expansion>(?:[A-Z][\w’'&-]*\s+){1,8}?)\((?P<code>[A-Z][A-Za-z&]{1,9})\)"
)
_KEY_WORD = re.compile(r"^\s*(?:key|abbreviations|glossary)\s*[:–-]?\s*", re.IGNORECASE)
_MINOR = frozenset({"of", "and", "the", "for", "to", "in", "on", "at", "with", "a", "an"})


def read_key(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviation definitions in ``texts``: the code's ``party_key`` -> its expansion.

    >>> read_key(["Key: SG – Safeguarding Group; PM – Performance Management"])
    {'sg': 'Safeguarding Group', 'pm': 'Performance Management'}
    >>> read_key(["Note – see the annex"])
    {}
    """
    found: dict[str, str] = {}
    for text in texts:
        body = _KEY_WORD.sub("", text)
        for match in _DEFINITION.finditer(body):
            _add(found, match["code"], match["expansion"])
        for match in _PARENTHESISED.finditer(text):
            _add(found, match["code"], match["expansion"])
    return found


def _add(found: dict[str, str], code: str, expansion: str) -> None:
    expansion = " ".join(expansion.split()).rstrip(" .,")
    if expansion and stands_for(code, expansion):
        found.setdefault(party_key(code), expansion)


def stands_for(code: str, expansion: str) -> bool:
    """Whether ``code``'s letters are the initials of ``expansion``'s words, in order; minor
    words ("of", "and") may be skipped or used, and a word may give two letters ("DfES").

    >>> stands_for("CCNM", "Children's Centre Network Manager"), stands_for("NB", "Note")
    (True, False)
    """
    letters = [c for c in code.casefold() if c.isalpha()]
    words = [w for w in re.split(r"[\s/-]+", expansion.casefold().replace("&", " and ")) if w]
    return len(letters) >= 2 and _match(letters, 0, words, 0)


def _match(letters: list[str], i: int, words: list[str], j: int) -> bool:
    if i == len(letters):
        return all(w in _MINOR for w in words[j:])
    if j == len(words):
        return False
    word = words[j]
    if word in _MINOR and _match(letters, i, words, j + 1):
        return True
    if not word.startswith(letters[i]):
        return False
    # The word gives its initial, or its initial and the next letter ("DfES": "Department
    # for Education and Skills" gives d, f (for), e, s).
    if _match(letters, i + 1, words, j + 1):
        return True
    return (
        i + 1 < len(letters)
        and len(word) > 1
        and word[1] == letters[i + 1]
        and _match(letters, i + 2, words, j + 1)
    )
