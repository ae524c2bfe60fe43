"""Splitting party cells into spans and matching each span to the vocabulary.

A cell such as "London Board supported by London Councils,\\nparticipating LAs, DfES, HO" is
read left to right as tokens. At each span start the longest known alias wins, so names that
contain "&", "and", "/" or "," stay whole. Splitting rules:

* "," ";" bullets and line breaks separate spans (a line ending in "&" or "," continues).
* "&", "and", "/" separate spans only when what follows starts with a known party, or when the
  span so far is exactly a known party; otherwise they are part of a description
  ("GOL Children & Learners Division", "Agencies/ professionals with specific expertise").
* Relation phrases ("supported by", "with", "via") start a new span and become its qualifier.
* Text after a known party ("GOL Children & Learners Division"), after a dash or colon
  ("ALG – DV Forum", "GOL & CSIP: project finance;") and in parentheses
  ("London Councils (formerly ALG)") goes to ``qualifier``; a dash or colon qualifies every
  span before it on the same line.

Nothing but separators is dropped: every other character of the cell lies in some span's
``text_range`` or ``qualifier_ranges`` (a property test checks this).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from workplan_extract.normalise.entries import cached_party_key
from workplan_extract.normalise.loading import load_vocabulary
from workplan_extract.normalise.vocab import Vocabulary, tidy

_TOKEN = re.compile(
    r"""
    (?P<aside>\([^()\n]*\))
    | (?P<bullet>(?m:^)[ \t]*(?:[•·▪◦*]|[a-z]\))(?=[ \t]))
    | (?P<newline>\n)
    | (?P<dash>(?<!\S)-+(?!\S)|[–—]+)
    | (?P<colon>:)
    | (?P<semi>;)
    | (?P<comma>,)
    | (?P<soft>[&/+])
    | (?P<word>[^\s,;:&/+()•·–—]+|[()])
    """,
    re.VERBOSE,
)

_STRONG_RELATIONS: tuple[tuple[str, ...], ...] = (
    ("in", "partnership", "with"),
    ("in", "conjunction", "with"),
    ("in", "consultation", "with"),
    ("in", "liaison", "with"),
    ("on", "behalf", "of"),
    ("supported", "by"),
    ("led", "by"),
    ("hosted", "by"),
    ("funded", "by"),
    ("assisted", "by"),
    ("working", "with"),
    ("together", "with"),
)
# Weak relations split only before a known party: "professionals with specific expertise"
# is one description, "ALG with GOL" is two parties.
_WEAK_RELATIONS: tuple[tuple[str, ...], ...] = (("with",), ("via",), ("through",))

_POSSESSIVES = frozenset({"their", "its", "his", "her", "our"})
#: Words that "&" or "and" join into one name whatever is known on either side.
_BONDED = frozenset({("police", "crime")})


def _relations_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], bool], ...]]:
    by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for phrases, strong in ((_STRONG_RELATIONS, True), (_WEAK_RELATIONS, False)):
        for phrase in phrases:
            by_first.setdefault(phrase[0], []).append((phrase, strong))
    return {word: tuple(found) for word, found in by_first.items()}


# Relation phrases keyed by their first word, in the order they are tried: nearly every token
# starts none, and one dict lookup rules that out where trying each phrase cost the most time
# of any step in normalising a document.
_RELATIONS = _relations_by_first_word()

WORD, SOFT, COMMA, BREAK, NEWLINE, DASH, COLON, ASIDE = range(8)
_KINDS = {
    "aside": ASIDE,
    "bullet": BREAK,
    "newline": NEWLINE,
    "dash": DASH,
    "colon": COLON,
    "semi": BREAK,
    "comma": COMMA,
    "soft": SOFT,
    "word": WORD,
}


class Token(NamedTuple):
    """A piece of a cell: its kind, where it is and its comparison key.

    A named tuple rather than a frozen dataclass: a cell is tokenized on every document, and
    building a frozen dataclass (one ``object.__setattr__`` per field) cost more than the regex.
    """

    kind: int
    start: int
    end: int
    key: str


@dataclass
class Span:
    """One party span of a cell, with the ranges of the cell it was read from.

    ``desc`` is the description written straight after a known party ("Training Co-ords"
    after "LSCB"), also one of ``qualifier_ranges``. ``refine`` may set ``of_range`` (the body
    a post belongs to, written after it: "LSCB Chair, LB Enfield") and ``person`` (the span is
    a personal name; ``of_range`` is then its affiliation in parentheses, "Jill King (BHFT)").
    """

    text: str
    qualifier: str | None
    known: bool
    text_range: tuple[int, int]
    qualifier_ranges: list[tuple[int, int]] = field(default_factory=list)
    desc: tuple[int, int] | None = None
    of_range: tuple[int, int] | None = None
    person: bool = False
    #: Not a party name at all ("DH" in "DH to raise ..."): typed unknown, never matched.
    unread: bool = False


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; whitespace is dropped, everything else is kept."""
    tokens: list[Token] = []
    for found in _TOKEN.finditer(text):
        group = found.lastgroup or "word"
        kind = _KINDS[group]
        start, end = found.span()
        if kind == BREAK and group == "bullet":
            start = end - len(found.group().lstrip(" \t"))
        key = ""
        if kind == WORD:
            key = cached_party_key(found.group())
            if key == "and":
                kind = SOFT
        if kind == SOFT:
            key = "and" if found.group() in ("&", "+") or key == "and" else ""
        if kind == NEWLINE and (not tokens or tokens[-1].kind not in (SOFT, COMMA, NEWLINE)):
            kind = BREAK
        tokens.append(Token(kind, start, end, key))
    return tokens


@dataclass
class _Open:
    start: int
    end: int
    known: bool
    quals: list[tuple[int, int]]
    desc: tuple[int, int] | None = None
    asides: list[tuple[int, int]] = field(default_factory=list)


class _Splitter:
    def __init__(self, text: str, vocabulary: Vocabulary) -> None:
        self.text = text
        self.vocabulary = vocabulary
        self.tokens = tokenize(text)
        # Commas, dashes and continued line breaks may sit inside an alias ("Department for
        # Children, Schools and Families"); "\x00" is in no alias, so breaks, colons and
        # asides end any match.
        self.keys = [
            t.key if t.kind in (WORD, SOFT) else "" if t.kind in (COMMA, DASH, NEWLINE) else "\x00"
            for t in self.tokens
        ]
        self.spans: list[Span] = []
        self.group_start = 0
        self.current: _Open | None = None
        self.pending: list[tuple[int, int]] = []

    def alias_end(self, index: int) -> int:
        if index >= len(self.tokens) or self.tokens[index].kind != WORD:
            return 0
        return self.vocabulary.longest_alias(self.keys, index)

    def relation_end(self, index: int) -> int:
        """Return the index after a relation phrase starting at ``index``, or 0."""
        tokens = self.tokens
        first = tokens[index]
        candidates = _RELATIONS.get(first.key) if first.kind == WORD else None
        if candidates is None:
            return 0
        for phrase, strong in candidates:
            stop = index + len(phrase)
            if stop > len(tokens):
                continue
            if all(
                tokens[index + n].kind == WORD and tokens[index + n].key == word
                for n, word in enumerate(phrase)
            ) and (strong or self.alias_end(stop)):
                return stop
        return 0

    def close(self) -> None:
        open_span = self.current
        if open_span is None:
            return
        ranges = list(open_span.quals)
        if open_span.desc is not None:
            ranges.append(open_span.desc)
        ranges.extend(open_span.asides)
        self.spans.append(
            Span(
                text=tidy(self.text[open_span.start : open_span.end]),
                qualifier=None,
                known=open_span.known,
                text_range=(open_span.start, open_span.end),
                qualifier_ranges=ranges,
                desc=open_span.desc,
            )
        )
        self.current = None

    def flush_pending(self) -> None:
        """Keep a dangling relation phrase ("... supported by" at a line end)."""
        if not self.pending:
            return
        if self.spans:
            self.spans[-1].qualifier_ranges.extend(self.pending)
        else:
            start, end = self.pending[0][0], self.pending[-1][1]
            self.spans.append(Span(tidy(self.text[start:end]), None, False, (start, end)))
        self.pending = []

    def start_span(self, index: int) -> int:
        relation = self.relation_end(index)
        if relation:
            self.pending.append((self.tokens[index].start, self.tokens[relation - 1].end))
            return relation
        token = self.tokens[index]
        end = self.alias_end(index)
        if end:
            self.current = _Open(token.start, self.tokens[end - 1].end, True, self.pending)
            self.pending = []
            return end
        self.current = _Open(token.start, token.end, False, self.pending)
        self.pending = []
        return index + 1

    def run(self) -> list[Span]:
        index = 0
        qualifying = False
        qualifier: tuple[int, int] | None = None
        while index < len(self.tokens):
            token = self.tokens[index]
            kind = token.kind
            index += 1
            if kind == NEWLINE:
                continue
            if qualifying:
                if kind == BREAK:
                    self.end_qualifier(qualifier)
                    qualifying, qualifier = False, None
                else:
                    qualifier = (qualifier[0] if qualifier else token.start, token.end)
                continue
            if kind == BREAK:
                self.close()
                self.flush_pending()
                self.group_start = len(self.spans)
            elif kind in (DASH, COLON):
                self.close()
                self.flush_pending()
                # A leading dash is a bullet; after a party it starts a qualifier.
                qualifying = len(self.spans) > self.group_start
            elif kind == COMMA:
                self.close()
            elif kind == ASIDE:
                inner = (token.start + 1, token.end - 1)
                if self.current is not None:
                    self.current.asides.append(inner)
                elif len(self.spans) > self.group_start and not self.pending:
                    self.spans[-1].qualifier_ranges.append(inner)
                else:
                    self.pending.append(inner)
            elif self.current is None:
                if kind != SOFT:
                    index = self.start_span(index - 1)
            elif kind == SOFT:
                index = self.on_soft(index - 1)
            else:
                index = self.on_word(index - 1)
        if qualifying:
            self.end_qualifier(qualifier)
        self.close()
        self.flush_pending()
        for span in self.spans:
            parts = [tidy(self.text[a:b]) for a, b in span.qualifier_ranges]
            span.qualifier = "; ".join(p for p in parts if p) or None
        return self.spans

    def end_qualifier(self, qualifier: tuple[int, int] | None) -> None:
        if qualifier is not None:
            for span in self.spans[self.group_start :]:
                span.qualifier_ranges.append(qualifier)
        self.group_start = len(self.spans)

    def on_soft(self, index: int) -> int:
        open_span = self.current
        assert open_span is not None
        after = index + 1
        while after < len(self.tokens) and self.tokens[after].kind == NEWLINE:
            after += 1
        bare_known = open_span.known and open_span.desc is None and not open_span.asides
        # "boroughs & their local communities": a possessive refers back to the party.
        refers_back = after < len(self.tokens) and self.tokens[after].key in _POSSESSIVES
        # "Sussex Police & Crime Commissioner": one office, not the force and a commissioner.
        bonded = (
            index > 0
            and after < len(self.tokens)
            and (self.tokens[index - 1].key, self.tokens[after].key) in _BONDED
        )
        if not bonded and (self.alias_end(after) or (bare_known and not refers_back)):
            self.close()
            return index + 1
        self.extend(index)
        return index + 1

    def on_word(self, index: int) -> int:
        open_span = self.current
        assert open_span is not None
        relation = self.relation_end(index)
        if relation:
            self.close()
            self.pending.append((self.tokens[index].start, self.tokens[relation - 1].end))
            return relation
        self.extend(index)
        return index + 1

    def extend(self, index: int) -> None:
        open_span = self.current
        assert open_span is not None
        token = self.tokens[index]
        if open_span.known:
            start = open_span.desc[0] if open_span.desc else token.start
            open_span.desc = (start, token.end)
        else:
            open_span.end = token.end


def split_parties(text: str, vocabulary: Vocabulary | None = None) -> list[Span]:
    """Split a party cell into spans, keeping names with "&", "and", "/" or "," whole.

    Args:
        text: the cell text, lines joined by "\\n" ("• " bullets allowed).
        vocabulary: the vocabulary whose aliases guide splitting; the shipped one by default.

    Returns:
        The spans in reading order, each with its qualifier and cell ranges.

    >>> [(s.text, s.qualifier) for s in split_parties("ALG – DV Forum\\nNHS & MPS")]
    [('ALG', 'DV Forum'), ('NHS', None), ('MPS', None)]
    """
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    return _Splitter(text, vocabulary).run()


__all__ = [
    "Span",
    "Token",
    "split_parties",
    "tokenize",
]
