"""Vocabulary entries: their comparison keys, and reading and validating vocabulary files.

A file is JSON (``{"entries": [...]}`` or a bare list) or TOML (``[[entries]]``); each entry has
``id`` (kebab-case, unique), ``name``, ``kind`` (organisation, partnership or group), optional
``aliases`` and ``successor`` (an id that must exist). Keys starting with "_" are evidence or
notes and are ignored. Every problem is reported as one line naming the entry.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from workplan_extract.errors import VocabularyError

EntryKind = Literal["organisation", "partnership", "group"]
KINDS: tuple[str, ...] = ("organisation", "partnership", "group")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_APOSTROPHES = re.compile(r"[’‘'`´]")
_NON_WORD = re.compile(r"[\W_]+")
_ALLOWED_KEYS = frozenset({"id", "name", "kind", "aliases", "successor"})


#: Every byte that is not an ASCII letter or digit becomes a space. ``bytes.translate`` is a
#: plain table lookup per byte, about three times faster than ``str.translate`` with a dict
#: (which takes its slow path as soon as a mapping is not one character), and keys are computed
#: for every spelling of every entry when a vocabulary is read.
_ASCII_BYTES = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))


def party_key(text: str) -> str:
    """Return the comparison key of a party name: case, punctuation and apostrophes ignored.

    "&" and "+" read as "and", so "Education & Skills" and "Education and Skills" agree.

    >>> party_key("Barnardo’s & the  Met.")
    'barnardos and the met'
    """
    folded = text.casefold()
    if folded.isascii():
        if "&" in folded or "+" in folded:
            folded = folded.replace("&", " and ").replace("+", " and ")
        # Apostrophes and backticks are deleted; every other non-alphanumeric is a space.
        return " ".join(folded.encode().translate(_ASCII_BYTES, b"'`").decode().split())
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    folded = _APOSTROPHES.sub("", folded).replace("&", " and ").replace("+", " and ")
    return " ".join(part for part in _NON_WORD.split(folded) if part)


#: ``party_key`` remembered for the words and spans of cells: the same few hundred ("ALG",
#: "London", "and") recur in every cell of every document, and keying them one by one was the
#: largest cost of splitting a party cell. Bounded, so a long batch cannot grow it without limit.
cached_party_key = lru_cache(maxsize=1 << 16)(party_key)


def tidy(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class VocabEntry:
    """One canonical party: an organisation, partnership or group."""

    id: str
    name: str
    kind: EntryKind
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    source: str = "builtin"
    #: ``party_key`` of the name and each alias, computed once when the entry is read.
    keys: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.keys:
            spellings = (self.name, *self.aliases)
            object.__setattr__(self, "keys", tuple(party_key(s) for s in spellings))

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as written in a vocabulary file, plus its ``source``."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
        }
        if self.successor is not None:
            data["successor"] = self.successor
        data["source"] = self.source
        return data


def _entry_from_mapping(raw: object, position: int, source: str) -> VocabEntry:
    """Validate one raw entry, raising ``ValueError`` with a message naming it."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"entry #{position} is not a table/object")
    entry_id = raw.get("id")
    name = raw.get("name")
    kind = raw.get("kind")
    aliases = raw.get("aliases", [])
    successor = raw.get("successor")
    # The common, valid case is checked in one expression and with list comprehensions rather
    # than generators: a 100,000-entry file must load fast. A whitespace-only spelling tidies
    # to "", and a non-string alias is left out of ``alias_texts``; either fails the check.
    alias_texts = (
        [" ".join(a.split()) for a in aliases if isinstance(a, str)]
        if isinstance(aliases, list)
        else []
    )
    name_text = " ".join(name.split()) if isinstance(name, str) else ""
    valid = (
        isinstance(entry_id, str)
        and ID_PATTERN.match(entry_id) is not None
        and bool(name_text)
        and kind in KINDS
        and isinstance(aliases, list)
        and len(alias_texts) == len(aliases)
        and all(alias_texts)
        and (
            successor is None
            or (
                isinstance(successor, str)
                and successor != entry_id
                and ID_PATTERN.match(successor) is not None
            )
        )
    )
    if not valid or not _ALLOWED_KEYS.issuperset(raw.keys()):
        problems = _problems(raw, position)
        if problems:
            raise EntryProblems(problems)
    keys = [party_key(name_text)]
    if alias_texts:
        keys += [party_key(text) for text in alias_texts]
    return VocabEntry(
        cast(str, entry_id),
        name_text,
        cast(EntryKind, kind),
        tuple(alias_texts),
        successor,
        source,
        tuple(keys),
    )


class EntryProblems(ValueError):
    """Everything wrong with one entry, each a line naming it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _problems(raw: Mapping[Any, Any], position: int) -> list[str]:
    """Say everything that is wrong with an entry that failed validation, naming it."""
    entry_id = raw.get("id")
    label = f"entry {entry_id!r}" if isinstance(entry_id, str) else f"entry #{position}"
    found = []
    unknown = sorted(str(k) for k in raw if k not in _ALLOWED_KEYS and not str(k).startswith("_"))
    if unknown:
        found.append(f"unknown key(s) {', '.join(unknown)}")
    if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
        found.append("id must be kebab-case (lower-case words joined by '-')")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        found.append("name must be a non-empty string")
    if raw.get("kind") not in KINDS:
        found.append(f"kind must be one of {', '.join(KINDS)}")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        found.append("aliases must be a list of non-empty strings")
    successor = raw.get("successor")
    if successor is not None and successor == entry_id:
        found.append("successor must not be the entry itself")
    elif successor is not None and not (isinstance(successor, str) and ID_PATTERN.match(successor)):
        found.append("successor must be a kebab-case id")
    # Keys starting with "_" (evidence, notes) are allowed.
    return [f"{label}: {problem}" for problem in found]


def read_raw(path: Path) -> list[object]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise VocabularyError(f"cannot read vocabulary: {error.strerror}", path) from error
    try:
        if path.suffix.lower() == ".toml":
            data: object = tomllib.loads(text)
        elif path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            raise VocabularyError("vocabulary must be a .json or .toml file", path)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        message = f"vocabulary is not valid {path.suffix[1:]}: {str(error).splitlines()[0]}"
        raise VocabularyError(message, path) from error
    if isinstance(data, Mapping):
        data = data.get("entries")
    if not isinstance(data, list):
        raise VocabularyError('vocabulary must hold a list of entries under "entries"', path)
    return data


def parse_file(path: Path, source: str) -> tuple[list[VocabEntry], list[str]]:
    entries: list[VocabEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(read_raw(path), start=1):
        try:
            entry = _entry_from_mapping(raw, position, source)
        except EntryProblems as error:
            problems.extend(error.problems)
            continue
        except ValueError as error:
            problems.append(str(error))
            continue
        if entry.id in seen:
            problems.append(f"entry {entry.id!r}: id is used twice in this file")
        seen.add(entry.id)
        entries.append(entry)
    return entries, problems


def merge_layers(layers: Iterable[list[VocabEntry]]) -> tuple[list[VocabEntry], list[str]]:
    """Overlay entry lists by id, then check successors and alias collisions."""
    merged: dict[str, VocabEntry] = {}
    for layer in layers:
        for entry in layer:
            merged[entry.id] = entry
    problems: list[str] = []
    owner: dict[str, str] = {}
    for entry in merged.values():
        if entry.successor is not None and entry.successor not in merged:
            problems.append(f"entry {entry.id!r}: successor {entry.successor!r} is not an entry")
        entry_id = entry.id
        # Nearly every entry owns all its keys: check that in one pass, and read the spellings
        # to name a problem only for an entry that has one.
        for key in entry.keys:
            if not key or owner.setdefault(key, entry_id) != entry_id:
                break
        else:
            continue
        for spelling, key in zip((entry.name, *entry.aliases), entry.keys, strict=True):
            if not key:
                problems.append(f"entry {entry.id!r}: {spelling!r} has no letters or digits")
                continue
            other = owner.setdefault(key, entry.id)
            if other != entry.id:
                problems.append(
                    f"entry {entry.id!r}: {spelling!r} is already a spelling of {other!r}"
                )
    return list(merged.values()), problems
