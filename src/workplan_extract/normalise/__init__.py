"""The normaliser: parties, timings and amounts of extracted workplans.

``normalise(doc, settings)`` is what the pipeline calls; the lower-level readers are exported
for tests and for the ``vocab`` command. Importing this package does not build the party index;
it is built once per process on first use (see ``load_vocabulary``).
"""

from __future__ import annotations

from workplan_extract.normalise.amounts import find_amounts
from workplan_extract.normalise.cells import match_party, parse_parties
from workplan_extract.normalise.document import normalise, timing_lines
from workplan_extract.normalise.loading import (
    check_vocabulary_file,
    list_entries,
    load_vocabulary,
)
from workplan_extract.normalise.parties import Span, split_parties
from workplan_extract.normalise.suggest import fingerprint, suggest_entries
from workplan_extract.normalise.timings import parse_period, parse_timing
from workplan_extract.normalise.vocab import VocabEntry, Vocabulary, party_key
from workplan_extract.warning_codes import WARNING_CODES

__all__ = [
    "WARNING_CODES",
    "Span",
    "VocabEntry",
    "Vocabulary",
    "check_vocabulary_file",
    "find_amounts",
    "fingerprint",
    "list_entries",
    "load_vocabulary",
    "match_party",
    "normalise",
    "parse_parties",
    "parse_period",
    "parse_timing",
    "party_key",
    "split_parties",
    "suggest_entries",
    "timing_lines",
]
