"""Reading party cells: split (``parties``), put right (``refine``), read (``classify``).

``parse_parties`` is what the document normaliser calls for every audience, lead and partner
cell; ``match_party`` reads one span or string on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workplan_extract.normalise.classify import post_of, read_of, read_span
from workplan_extract.normalise.context import NO_CONTEXT, PlanContext
from workplan_extract.normalise.loading import load_vocabulary
from workplan_extract.normalise.parties import Span, split_parties
from workplan_extract.normalise.refine import refine
from workplan_extract.normalise.spanreading import Reading
from workplan_extract.normalise.vocab import Vocabulary, tidy
from workplan_extract.records import PartyOf, PartyRef
from workplan_extract.records import Warning as WarningRecord


def match_party(
    span: Span | str, vocabulary: Vocabulary | None = None, context: PlanContext = NO_CONTEXT
) -> tuple[PartyRef, list[WarningRecord]]:
    """Read one span: its type, sector, place and ``of``, and the entry it matches, if any.

    Args:
        span: a ``Span`` from ``split_parties`` or a bare string.
        vocabulary: the vocabulary to match against; the shipped one by default.
        context: the plan's years, issuing body, area and abbreviation key.

    Returns:
        The ``PartyRef`` and any warnings (``party.fuzzy``, ``party.unmatched``,
        ``party.ambiguous``, ``party.anachronism``).

    >>> match_party("Assocation of London Government")[0].id
    'association-of-london-government'
    """
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    text, qualifier = (span.text, span.qualifier) if isinstance(span, Span) else (tidy(span), None)
    reading = read_span(text, vocabulary, context)
    return _ref(text, qualifier, reading), reading.notes


def _ref(text: str, qualifier: str | None, reading: Reading) -> PartyRef:
    entry = reading.entry
    return PartyRef(
        text=text,
        qualifier=qualifier,
        id=entry.id if entry else None,
        name=entry.name if entry else None,
        match=reading.match,
        score=reading.score,
        type=reading.type,
        sector=reading.sector,
        place=reading.place,
        of=reading.of,
    )


def parse_parties(
    text: str, vocabulary: Vocabulary | None = None, context: PlanContext = NO_CONTEXT
) -> tuple[list[PartyRef], list[WarningRecord]]:
    """Split a party cell and read every span (see ``refine`` and ``classify``).

    >>> [r.id for r in parse_parties("London Board supported by London Councils")[0]]
    ['london-safeguarding-children-board', 'london-councils']
    """
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    # The same cells recur across the items of a plan and the plans of one body ("London Board
    # supported by London Councils" leads 8 of 12 items): read each spelling once per process.
    cache_key = (text, context)
    cached = vocabulary.cell_cache.get(cache_key)
    if cached is not None:
        return list(cached[0]), list(cached[1])
    read = _reader(vocabulary, context)
    refs: list[PartyRef] = []
    warnings: list[WarningRecord] = []
    for span in _spans(text, vocabulary, read):
        reading = _span_reading(text, span, read, vocabulary, context)
        refs.append(_ref(span.text, span.qualifier, reading))
        warnings.extend(reading.notes)
    if len(vocabulary.cell_cache) >= _CELL_CACHE_SIZE:
        vocabulary.cell_cache.clear()
    vocabulary.cell_cache[cache_key] = (tuple(refs), tuple(warnings))
    return refs, warnings


def read_spans(
    text: str, vocabulary: Vocabulary | None = None, context: PlanContext = NO_CONTEXT
) -> list[Span]:
    """The spans of a party cell as ``parse_parties`` reads them: split, then put right.

    Every character of the cell but separators lies in some span's ``text_range`` or
    ``qualifier_ranges`` (a property test checks this).
    """
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    return _spans(text, vocabulary, _reader(vocabulary, context))


def _spans(text: str, vocabulary: Vocabulary, read: Callable[[str], Reading]) -> list[Span]:
    return refine(text, split_parties(text, vocabulary), read, vocabulary.places.keys)


def _reader(vocabulary: Vocabulary, context: PlanContext) -> Callable[[str], Reading]:
    """``read_span`` remembered for one cell: refining and reading ask about the same spans."""
    readings: dict[str, Reading] = {}

    def read(span_text: str) -> Reading:
        found = readings.get(span_text)
        if found is None:
            found = readings[span_text] = read_span(span_text, vocabulary, context)
        return found

    return read


def _span_reading(
    cell: str,
    span: Span,
    read: Callable[[str], Reading],
    vocabulary: Vocabulary,
    context: PlanContext,
) -> Reading:
    if span.unread:
        return Reading("unknown")
    if span.person:
        reading = Reading("person")
        if span.of_range is not None:
            of_text = cell[span.of_range[0] : span.of_range[1]]
            entry, name = read_of(of_text, vocabulary, context)
            if entry is not None:
                reading.of = PartyOf(id=entry.id, name=entry.name)
            elif tidy(of_text):
                reading.of = PartyOf(id=None, name=name or tidy(of_text))
        return reading
    if span.of_range is None:
        return read(span.text)
    start = span.text_range[0]
    # The post is written before the first comma or dash: "Service Director, <field>, <body>".
    post = tidy(_POST_END.split(cell[start : span.of_range[0]], maxsplit=1)[0])
    of_text = cell[span.of_range[0] : span.of_range[1]]
    return post_of(post, of_text, vocabulary, context)


_POST_END = re.compile(r",|\s[-–—]\s|[–—]")

#: Party cells remembered per vocabulary before the memory is cleared (bounded for huge batches).
_CELL_CACHE_SIZE = 65_536


__all__ = ["match_party", "parse_parties", "read_spans"]
