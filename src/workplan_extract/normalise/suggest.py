"""Suggesting vocabulary entries for party names a batch could not match.

The method is OpenRefine's: spellings whose fingerprint keys collide form a cluster ("ALDCS
networks" / "networks, ALDCS"), then clusters whose keys are nearest neighbours under a
rapidfuzz ratio are merged. Each cluster becomes one suggested entry in the vocabulary file
format, with evidence under keys starting with "_" (which the vocabulary loader ignores).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from rapidfuzz import fuzz, process

from workplan_extract.normalise.vocab import Vocabulary, load_vocabulary, party_key
from workplan_extract.records import PartyRef, WorkplanDocument

#: Two fingerprint keys this similar (rapidfuzz ratio) are the same name.
NEIGHBOUR_CUTOFF = 88.0

_PUNCTUATION = re.compile(r"[^\w\s]")


def fingerprint(text: str) -> str:
    """OpenRefine's fingerprint key: folded, unpunctuated, unique tokens in sorted order.

    >>> fingerprint("Networks/ALDCS, networks")
    'aldcs networks'
    """
    folded = unicodedata.normalize("NFKD", text.strip().casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _PUNCTUATION.sub(" ", folded.replace("’", "").replace("'", ""))
    return " ".join(sorted(set(folded.split())))


def document_mentions(doc: WorkplanDocument) -> Iterator[PartyRef]:
    """Every party a document names: its issuing body, the items' parties and amount givers."""
    return _refs(doc)


def _refs(doc: WorkplanDocument) -> Iterator[PartyRef]:
    if doc.body is not None:
        yield doc.body
    for item in doc.items:
        yield from item.audience
        yield from item.lead_parties
        yield from item.partners
        for amount in item.amounts:
            if amount.party is not None:
                yield amount.party


class _Clusters:
    """Union-find over fingerprint keys."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {key: key for key in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        first, second = sorted((self.find(a), self.find(b)))
        self.parent[second] = first


def _slug(name: str, taken: set[str]) -> str:
    base = "-".join(party_key(name).split())[:60].strip("-") or "party"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def suggest_entries(
    docs: Iterable[WorkplanDocument], vocabulary: Vocabulary | None = None
) -> list[dict[str, Any]]:
    """Cluster the unmatched and fuzzy-matched party spans of ``docs`` into suggested entries.

    Args:
        docs: normalised documents (e.g. read back from a batch's JSON output).
        vocabulary: ids to avoid when naming suggestions; the shipped one by default.

    Returns:
        Entries ready for a ``--vocab`` file (``id``, ``name``, ``kind``, ``aliases``) with
        evidence: ``_count`` (spans), ``_documents`` (documents) and ``_fuzzy_ids`` (entries
        some spellings were fuzzily matched to). Most frequent first.
    """
    mentions = ((doc.source.sha256, ref) for doc in docs for ref in _refs(doc))
    return suggest_from_mentions(mentions, vocabulary)


def suggest_from_mentions(
    mentions: Iterable[tuple[str, PartyRef]], vocabulary: Vocabulary | None = None
) -> list[dict[str, Any]]:
    """``suggest_entries`` for party mentions read from anywhere (``readback``): each is the
    id of the document that names the party (its sha256) and the party."""
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    spellings: Counter[str] = Counter()
    documents: dict[str, set[str]] = {}
    fuzzy_ids: dict[str, set[str]] = {}
    for document_id, ref in mentions:
        if ref.match not in ("unmatched", "fuzzy") or not fingerprint(ref.text):
            continue
        spellings[ref.text] += 1
        documents.setdefault(ref.text, set()).add(document_id)
        if ref.match == "fuzzy" and ref.id:
            fuzzy_ids.setdefault(ref.text, set()).add(ref.id)
    by_key: dict[str, list[str]] = {}
    for text in sorted(spellings):
        by_key.setdefault(fingerprint(text), []).append(text)
    keys = sorted(by_key)
    clusters = _Clusters(keys)
    for index, key in enumerate(keys):
        later = keys[index + 1 :]
        for _, _, position in process.extract(
            key, later, scorer=fuzz.ratio, score_cutoff=NEIGHBOUR_CUTOFF, limit=None
        ):
            clusters.union(key, later[position])
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(clusters.find(key), []).extend(by_key[key])
    taken = set(vocabulary.by_id)
    suggestions: list[dict[str, Any]] = []
    ranked = sorted(groups.values(), key=lambda g: (-sum(spellings[t] for t in g), sorted(g)))
    for group in ranked:
        name = min(group, key=lambda t: (-spellings[t], t))
        seen = {party_key(name)}
        aliases = []
        for text in sorted(group):
            if party_key(text) not in seen:
                seen.add(party_key(text))
                aliases.append(text)
        suggestions.append(
            {
                "id": _slug(name, taken),
                "name": name,
                "kind": "group",
                "aliases": aliases,
                "_count": sum(spellings[t] for t in group),
                "_documents": len(set().union(*(documents[t] for t in group))),
                "_fuzzy_ids": sorted(set().union(*(fuzzy_ids.get(t, set()) for t in group))),
            }
        )
    return suggestions
