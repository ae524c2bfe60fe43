"""Suggesting vocabulary entries for party names a batch could not match.

Spellings of one body are gathered in three ways, in this order:

1. place + kind of body: "LB Camden", "L B Camden", "LB of Camden", "London Borough of Camden",
   "Camden Council" and "Camden" are all Camden's council (``places.Places.read``);
2. OpenRefine's method: spellings whose fingerprint keys collide ("ALDCS networks" /
   "networks, ALDCS");
3. clusters whose keys are nearest neighbours under a rapidfuzz ratio.

Each cluster becomes one suggested entry in the vocabulary file format, with its aliases, type,
sector and place, and evidence under keys starting with "_" (which the loader ignores). People
are never suggested: they are no entries. A spelling that was matched fuzzily to an entry is
suggested as an alias of that entry: the entry is repeated whole (a ``--vocab`` file replaces
an entry with the same id) with the new spellings added.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from workplan_extract.normalise.cells import match_party
from workplan_extract.normalise.context import BODY_SECTORS
from workplan_extract.normalise.loading import load_vocabulary
from workplan_extract.normalise.vocab import Vocabulary, party_key
from workplan_extract.records import PartyRef, WorkplanDocument

#: Two fingerprint keys this similar (rapidfuzz ratio) are the same name.
NEIGHBOUR_CUTOFF = 88.0

_PUNCTUATION = re.compile(r"[^\w\s]")
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
#: Party types a vocabulary entry can stand for; people and posts are not suggested.
_SUGGESTED_TYPES = frozenset({"organisation", "group", "collective", "unknown"})


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
    """Union-find over cluster keys."""

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


@dataclass
class _Seen:
    """What a batch said about the spellings it could not match."""

    counts: Counter[str] = field(default_factory=Counter)
    documents: dict[str, set[str]] = field(default_factory=dict)
    fuzzy_ids: dict[str, set[str]] = field(default_factory=dict)
    refs: dict[str, list[PartyRef]] = field(default_factory=dict)

    def add(self, ref: PartyRef, document: str) -> None:
        self.counts[ref.text] += 1
        self.documents.setdefault(ref.text, set()).add(document)
        self.refs.setdefault(ref.text, []).append(ref)
        if ref.match == "fuzzy" and ref.id:
            self.fuzzy_ids.setdefault(ref.text, set()).add(ref.id)


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
        vocabulary: the vocabulary the batch was read with (its places and ids).

    Returns:
        Entries ready for a ``--vocab`` file (``id``, ``name``, ``kind``, ``aliases``, and
        ``type``, ``sector``, ``place``, ``body`` where the spellings tell them) with evidence:
        ``_count`` (spans), ``_documents`` (documents) and ``_fuzzy_ids`` (entries some
        spellings were fuzzily matched to). Spellings matched fuzzily to an entry come as that
        entry with them added to its aliases (``_adds_aliases``). Most frequent first.
    """
    mentions = ((doc.source.sha256, ref) for doc in docs for ref in _refs(doc))
    return suggest_from_mentions(mentions, vocabulary)


def suggest_from_mentions(
    mentions: Iterable[tuple[str, PartyRef]], vocabulary: Vocabulary | None = None
) -> list[dict[str, Any]]:
    """``suggest_entries`` for party mentions read from anywhere (``readback``): each is the
    id of the document that names the party (its sha256) and the party."""
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    seen = _Seen()
    fuzzy = _Seen()
    # What each spelling is, read again: results read back from CSV carry no types, and
    # the suggestions must not depend on the format the batch was written in.
    typed: dict[str, PartyRef] = {}
    for document, ref in mentions:
        if not fingerprint(ref.text):
            continue
        if ref.match == "fuzzy" and ref.id in vocabulary.by_id:
            fuzzy.add(ref, document)
        elif ref.match == "unmatched":
            again = typed.get(ref.text)
            if again is None:
                again = typed[ref.text] = match_party(ref.text, vocabulary)[0]
            if again.type in _SUGGESTED_TYPES and again.id is None:
                seen.add(again, document)
    taken = set(vocabulary.by_id)
    suggestions = [
        _suggestion(group, seen, vocabulary, taken) for group in _groups(seen, vocabulary)
    ]
    suggestions += _aliases_of_entries(fuzzy, vocabulary)
    suggestions.sort(key=lambda s: (-s["_count"], s["name"], s["id"]))
    return suggestions


def _groups(seen: _Seen, vocabulary: Vocabulary) -> list[list[str]]:
    """The spellings of ``seen`` gathered by place and body, fingerprint, then neighbours."""
    keys: dict[str, str] = {}
    for text in sorted(seen.counts):
        form = vocabulary.places.read(party_key(_ARTICLE.sub("", text)))
        if form is not None and len(form.places) == 1 and len(form.bodies) == 1:
            keys[text] = f"\x00{form.places[0].code or form.places[0].name}\x00{form.bodies[0]}"
        else:
            keys[text] = fingerprint(text)
    by_key: dict[str, list[str]] = {}
    for text, key in keys.items():
        by_key.setdefault(key, []).append(text)
    ordered = sorted(by_key)
    clusters = _Clusters(ordered)
    plain = [key for key in ordered if not key.startswith("\x00")]
    for index, key in enumerate(plain):
        later = plain[index + 1 :]
        for _, _, position in process.extract(
            key, later, scorer=fuzz.ratio, score_cutoff=NEIGHBOUR_CUTOFF, limit=None
        ):
            clusters.union(key, later[position])
    groups: dict[str, list[str]] = {}
    for key in ordered:
        groups.setdefault(clusters.find(key), []).extend(by_key[key])
    return list(groups.values())


def _suggestion(
    group: list[str], seen: _Seen, vocabulary: Vocabulary, taken: set[str]
) -> dict[str, Any]:
    counts = seen.counts
    name = min(group, key=lambda t: (-counts[t], t))
    known = {party_key(name)}
    aliases = []
    for text in sorted(group):
        if party_key(text) not in known:
            known.add(party_key(text))
            aliases.append(text)
    refs = [ref for text in group for ref in seen.refs[text]]
    kind_of = _most(ref.type for ref in refs if ref.type != "unknown") or "group"
    sector = _most(ref.sector for ref in refs if ref.sector)
    place = _most((ref.place.name, ref.place.code) for ref in refs if ref.place is not None)
    form = vocabulary.places.read(party_key(_ARTICLE.sub("", name)))
    body = form.bodies[0] if form is not None and len(form.bodies) == 1 else None
    entry: dict[str, Any] = {
        "id": _slug(f"{place[0]} {body}" if place and body else name, taken),
        "name": name,
        "kind": _kind(kind_of, sector),
        "aliases": aliases,
        "type": kind_of if kind_of in ("organisation", "group", "collective") else "group",
    }
    sector = sector or (BODY_SECTORS.get(body) if body else None)
    if sector:
        entry["sector"] = sector
    if body:
        entry["body"] = body
    if place:
        entry["place"] = {"name": place[0], "code": place[1]}
    entry["_count"] = sum(counts[t] for t in group)
    entry["_documents"] = len(set().union(*(seen.documents[t] for t in group)))
    entry["_fuzzy_ids"] = sorted(set().union(*(seen.fuzzy_ids.get(t, set()) for t in group)))
    return entry


def _aliases_of_entries(fuzzy: _Seen, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    """Spellings fuzzily matched to an entry, as that entry with them among its aliases."""
    by_entry: dict[str, list[str]] = {}
    for text, ids in fuzzy.fuzzy_ids.items():
        for entry_id in ids:
            by_entry.setdefault(entry_id, []).append(text)
    out = []
    for entry_id, texts in sorted(by_entry.items()):
        entry = vocabulary.by_id[entry_id].as_dict()
        del entry["source"]
        known = {party_key(s) for s in (entry["name"], *entry["aliases"])}
        added = sorted(t for t in set(texts) if party_key(t) not in known)
        entry["aliases"] = [*entry["aliases"], *added]
        entry["_adds_aliases"] = added
        entry["_count"] = sum(fuzzy.counts[t] for t in texts)
        entry["_documents"] = len(set().union(*(fuzzy.documents[t] for t in texts)))
        entry["_fuzzy_ids"] = [entry_id]
        out.append(entry)
    return out


def _kind(kind_of: str, sector: str | None) -> str:
    if kind_of in ("group", "collective"):
        return "group"
    return "partnership" if sector == "partnership" else "organisation"


def _most(values: Iterable[Any]) -> Any:
    """The most frequent value (the least of the tied ones), or None."""
    counted = Counter(values)
    if not counted:
        return None
    return min(counted, key=lambda v: (-counted[v], str(v)))
