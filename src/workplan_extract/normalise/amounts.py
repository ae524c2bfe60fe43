"""Money figures in item cells: "£80k", "c. £15,000", "@£50k", "£50k (£10k net)".

Each line is read on its own. The words before a figure (back to the previous figure on the
line) are its label, unless they name a known party followed by a colon ("London Councils:
£80k"), in which case they are the party who gives it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from workplan_extract.normalise.context import NO_CONTEXT
from workplan_extract.normalise.loading import load_vocabulary
from workplan_extract.normalise.spanreading import lookup_reading
from workplan_extract.normalise.vocab import Vocabulary, tidy
from workplan_extract.records import Amount, PartyRef
from workplan_extract.records import Warning as WarningRecord
from workplan_extract.warning_codes import warning

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULTIPLIER = r"k|m|mn|bn|thousand|million|billion"
_AMOUNT = re.compile(
    rf"""
    (?P<approx>(?<![\w.])(?:c|ca|circa|approx(?:imately)?|about|around|roughly|est(?:imated)?)
       \.?\s*|[@~]\s*)?
    £\s*(?P<num>{_NUMBER})?(?:\s*(?P<mult>{_MULTIPLIER})(?![a-z]))?
    (?:\s*\(\s*(?:net\s+£\s*(?P<net1>{_NUMBER})\s*(?P<nm1>{_MULTIPLIER})?
                |£\s*(?P<net2>{_NUMBER})\s*(?P<nm2>{_MULTIPLIER})?\s*net)\s*\))?
    (?P<approx2>\s*approx(?:imately|\.)?(?![a-z]))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SCALE = {
    "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
    "bn": 1_000_000_000, "billion": 1_000_000_000,
}  # fmt: skip
_BULLET = re.compile(r"^\s*(?:[•·▪◦*]|[a-z]\)|-(?=\s))\s*")
_LABEL_TRIM = re.compile(
    r"(?:[\s\-–—:=,;(]|\b(?:of|at|for|to|with|is|are|costing|worth|totalling|totaling|net)\b)+$",
    re.IGNORECASE,
)
_LEADING_JOIN = re.compile(r"^(?:[\s,;.)]|\b(?:and|plus|with)\b)+", re.IGNORECASE)


def _value(number: str | None, multiplier: str | None) -> float | None:
    if number is None:
        return None
    value = Decimal(number.replace(",", ""))
    if multiplier:
        value *= _SCALE[multiplier.lower()]
    return float(value)


def _party(label: str, vocabulary: Vocabulary) -> PartyRef | None:
    reading = lookup_reading(vocabulary.lookup(label), NO_CONTEXT)
    if reading is None or reading.entry is None:
        return None
    return PartyRef(
        text=label,
        id=reading.entry.id,
        name=reading.entry.name,
        match=reading.match,
        score=reading.score,
        type=reading.type,
        sector=reading.sector,
        place=reading.place,
    )


def find_amounts(
    text: str, vocabulary: Vocabulary | None = None
) -> tuple[list[Amount], list[WarningRecord]]:
    """Find every money figure in a cell.

    Args:
        text: the cell text, lines joined by "\\n".
        vocabulary: used to recognise a giving party before a colon; the shipped one by default.

    Returns:
        The amounts in reading order and an ``amount.missing_value`` warning for each "£"
        with no figure.

    >>> found, _ = find_amounts("Conference cost - £50k (£10k net)")
    >>> [(a.label, a.value, a.net_value) for a in found]
    [('Conference cost', 50000.0, 10000.0)]
    """
    amounts: list[Amount] = []
    notes: list[WarningRecord] = []
    if "£" not in text:
        # Every cell of every item is searched and few hold money: skip the per-line work.
        return amounts, notes
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    for raw_line in text.splitlines():
        line = tidy(_BULLET.sub("", raw_line))
        if "£" not in line:
            continue
        previous_end = 0
        for found in _AMOUNT.finditer(line):
            # A label never reaches back past a ";" or the previous figure.
            before = line[previous_end : found.start()].rsplit(";", 1)[-1]
            before = _LEADING_JOIN.sub("", before)
            previous_end = found.end()
            has_colon = before.rstrip().endswith(":")
            label = _LABEL_TRIM.sub("", before).strip() or None
            party = _party(label, vocabulary) if label and has_colon else None
            value = _value(found["num"], found["mult"])
            amount = Amount(
                text=line,
                label=None if party is not None else label,
                party=party,
                value=value,
                approximate=bool(found["approx"] or found["approx2"]),
                net_value=_value(found["net1"] or found["net2"], found["nm1"] or found["nm2"]),
            )
            amounts.append(amount)
            if value is None:
                notes.append(
                    warning("amount.missing_value", f"{line!r} has a £ sign but no figure")
                )
    return amounts, notes
