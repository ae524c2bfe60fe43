"""Vocabulary entries: their comparison keys, and reading and validating vocabulary files.

A file is JSON (``{"entries": [...]}`` or a bare list) or TOML (``[[entries]]``); each entry has
``id`` (kebab-case, unique), ``name``, ``kind`` (organisation, partnership or group), optional
``aliases`` and ``successor`` (an id that must exist), and the register's optional fields
(``../notes/register_format.md``): ``type``, ``sector``, ``body``, ``place`` (``{"name",
"code"}``), ``serves`` (GSS codes), ``valid_from``/``valid_to`` (ISO dates) and
``predecessors``. Keys starting with "_" are evidence or notes and are ignored. Every problem
is reported as one line naming the entry.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, cast, get_args

from workplan_extract.errors import VocabularyError
from workplan_extract.records import PartyType, Sector

EntryKind = Literal["organisation", "partnership", "group"]
KINDS: tuple[str, ...] = ("organisation", "partnership", "group")
#: The PartyRef types an entry can stand for (a person is never an entry).
ENTRY_TYPES: tuple[str, ...] = ("organisation", "group", "collective", "role")
SECTORS: tuple[str, ...] = get_args(Sector)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_APOSTROPHES = re.compile(r"[’‘'`´]")
_NON_WORD = re.compile(r"[\W_]+")
_BASIC_KEYS = frozenset({"id", "name", "kind", "aliases", "successor"})
_REGISTER_KEYS = frozenset(
    {"type", "sector", "body", "place", "serves", "valid_from", "valid_to", "predecessors"}
)
_ALLOWED_KEYS = _BASIC_KEYS | _REGISTER_KEYS
#: What an entry stands for when its file does not say (register_format.md).
_DEFAULT_TYPE: dict[str, PartyType] = {
    "organisation": "organisation",
    "partnership": "organisation",
    "group": "collective",
}


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


class PlaceRef(NamedTuple):
    """The area an entry serves: a name and its GSS code (None where none exists)."""

    name: str
    code: str | None


class _EntryFields(NamedTuple):
    id: str
    name: str
    kind: EntryKind
    aliases: tuple[str, ...]
    successor: str | None
    source: str
    keys: tuple[str, ...]
    type: PartyType
    sector: Sector | None
    body: str | None
    place: PlaceRef | None
    serves: tuple[str, ...]
    valid_from: str | None
    valid_to: str | None
    predecessors: tuple[str, ...]


class VocabEntry(_EntryFields):
    """One canonical party: an organisation, partnership, group, collective or role.

    The named view of a ``Row`` (see below), which is how a ``Vocabulary`` stores entries.
    ``keys`` are the ``party_key`` of the name and each alias, computed when not given;
    ``type`` defaults from ``kind`` (organisation/partnership -> organisation, group ->
    collective).
    """

    __slots__ = ()

    def __new__(
        cls,
        id: str,  # noqa: A002 - the field is called id in every vocabulary file
        name: str,
        kind: EntryKind,
        aliases: tuple[str, ...] = (),
        successor: str | None = None,
        source: str = "builtin",
        keys: tuple[str, ...] = (),
        type: PartyType | None = None,  # noqa: A002 - as above
        sector: Sector | None = None,
        body: str | None = None,
        place: PlaceRef | None = None,
        serves: tuple[str, ...] = (),
        valid_from: str | None = None,
        valid_to: str | None = None,
        predecessors: tuple[str, ...] = (),
    ) -> VocabEntry:
        if not keys:
            keys = tuple(party_key(s) for s in (name, *aliases))
        fields = (
            id,
            name,
            kind,
            aliases,
            successor,
            source,
            keys,
            type or _DEFAULT_TYPE[kind],
            sector,
            body,
            place,
            serves,
            valid_from,
            valid_to,
            predecessors,
        )
        return tuple.__new__(cls, fields)

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
        data["type"] = self.type
        for name in ("sector", "body", "valid_from", "valid_to"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.place is not None:
            data["place"] = {"name": self.place.name, "code": self.place.code}
        if self.serves:
            data["serves"] = list(self.serves)
        if self.predecessors:
            data["predecessors"] = list(self.predecessors)
        data["source"] = self.source
        return data

    def valid_during(self, earliest: str | None, latest: str | None) -> bool:
        """Whether the entry existed at some time between two ISO dates (None: open)."""
        if self.valid_to is not None and earliest is not None and self.valid_to < earliest:
            return False
        return not (self.valid_from is not None and latest is not None and self.valid_from > latest)


#: An entry as stored in a ``Vocabulary``: the fifteen fields of ``VocabEntry`` in a plain
#: tuple. Unlike a tuple subclass, a plain tuple of strings and tuples leaves the cyclic garbage
#: collector's view after its first look, so 100,000 of them are not rescanned by every
#: collection while the index is built (issue #17 asked for that instead of switching the
#: collector off); ``VocabEntry`` views are made from rows when an entry is asked for.
Row = tuple[Any, ...]
ID, NAME, KIND, ALIASES, SUCCESSOR, SOURCE, KEYS, TYPE, SECTOR, BODY, PLACE, SERVES = range(12)
VALID_FROM, VALID_TO, PREDECESSORS = 12, 13, 14


def entry_of(row: Row) -> VocabEntry:
    """The ``VocabEntry`` view of a row (itself when it already is one)."""
    return row if isinstance(row, VocabEntry) else tuple.__new__(VocabEntry, row)


def row_valid_during(row: Row, earliest: str | None, latest: str | None) -> bool:
    """``VocabEntry.valid_during`` of a row."""
    valid_from, valid_to = row[VALID_FROM], row[VALID_TO]
    if valid_to is not None and earliest is not None and valid_to < earliest:
        return False
    return not (valid_from is not None and latest is not None and valid_from > latest)


_NO_REGISTER_FIELDS: tuple[Any, ...] = (None, None, None, (), None, None, ())


def _row_from_mapping(raw: object, position: int, source: str) -> Row:
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
    basic = _BASIC_KEYS.issuperset(raw.keys())
    if not valid or not basic:
        problems = _problems(raw, position)
        if problems:
            raise EntryProblems(problems)
    keys = (party_key(name_text), *map(party_key, alias_texts))
    head = (entry_id, name_text, kind, tuple(alias_texts), successor, source, keys)
    if basic:
        return (*head, _DEFAULT_TYPE[cast(str, kind)], *_NO_REGISTER_FIELDS)
    return (*head, *_register_fields(raw, cast(str, kind)))


def _register_fields(raw: Mapping[Any, Any], kind: str) -> tuple[Any, ...]:
    """The register's fields of an entry already checked by ``_problems``."""
    place = raw.get("place")
    return (
        raw.get("type") or _DEFAULT_TYPE[kind],
        raw.get("sector"),
        raw.get("body"),
        PlaceRef(" ".join(place["name"].split()), place.get("code")) if place else None,
        tuple(raw.get("serves") or ()),
        raw.get("valid_from"),
        raw.get("valid_to"),
        tuple(raw.get("predecessors") or ()),
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
    found += _register_problems(raw)
    # Keys starting with "_" (evidence, notes) are allowed.
    return [f"{label}: {problem}" for problem in found]


def _register_problems(raw: Mapping[Any, Any]) -> list[str]:
    """What is wrong with the register's fields of an entry."""
    found = []
    kind_of = raw.get("type")
    if kind_of is not None and kind_of not in ENTRY_TYPES:
        found.append(f"type must be one of {', '.join(ENTRY_TYPES)}")
    sector = raw.get("sector")
    if sector is not None and sector not in SECTORS:
        found.append(f"sector must be one of {', '.join(SECTORS)}")
    body = raw.get("body")
    if body is not None and not (isinstance(body, str) and ID_PATTERN.match(body)):
        found.append("body must be a kebab-case category such as 'council'")
    place = raw.get("place")
    if place is not None and not (
        isinstance(place, Mapping)
        and isinstance(place.get("name"), str)
        and place["name"].strip()
        and (place.get("code") is None or isinstance(place.get("code"), str))
        and set(place) <= {"name", "code"}
    ):
        found.append('place must be {"name": ..., "code": ... or null}')
    for field in ("serves", "predecessors"):
        values = raw.get(field)
        if values is not None and not (
            isinstance(values, list) and all(isinstance(v, str) and v for v in values)
        ):
            found.append(f"{field} must be a list of strings")
    for field in ("valid_from", "valid_to"):
        value = raw.get(field)
        if value is not None and not _is_iso_date(value):
            found.append(f"{field} must be an ISO date (YYYY-MM-DD) or null")
    start, end = raw.get("valid_from"), raw.get("valid_to")
    if isinstance(start, str) and isinstance(end, str) and start > end:
        found.append("valid_from is after valid_to")
    return found


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read_raw(path: Path, key: str = "entries") -> list[object]:
    """The list of raw entries of a .json or .toml file (under ``key`` when it is a table)."""
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
        data = data.get(key)
    if not isinstance(data, list):
        raise VocabularyError(f'vocabulary must hold a list of entries under "{key}"', path)
    return data


def parse_file(path: Path, source: str) -> tuple[list[Row], list[str]]:
    """Read and validate one vocabulary file: its entries (as rows) and one line per problem."""
    rows: list[Row] = []
    problems: list[str] = []
    seen: set[str] = set()
    raws = read_raw(path)
    # Read from the end, dropping each raw entry once read: the parsed JSON objects are freed
    # as the rows are made instead of staying in the collector's view until the end.
    raws.reverse()
    position = 0
    while raws:
        raw = raws.pop()
        position += 1
        try:
            row = _row_from_mapping(raw, position, source)
        except EntryProblems as error:
            problems.extend(error.problems)
            continue
        except ValueError as error:
            problems.append(str(error))
            continue
        if row[ID] in seen:
            problems.append(f"entry {row[ID]!r}: id is used twice in this file")
        seen.add(row[ID])
        rows.append(row)
    return rows, problems


#: Sources whose entries may share a spelling: the shipped files, where one name can belong to
#: bodies of different years ("Bedford Borough Council", a district and later a unitary).
SHIPPED_SOURCES = frozenset({"builtin", "register"})


def merge_layers(layers: Iterable[list[Row]]) -> tuple[list[Row], list[str]]:
    """Overlay entry lists (rows) by id, then check successors and alias collisions.

    Two shipped entries may share a spelling (lookups then choose by date, see ``vocab``);
    an entry from a user file may not share one with any other entry.
    """
    merged: dict[str, Row] = {}
    for layer in layers:
        for row in layer:
            merged[row[ID]] = row
    problems: list[str] = []
    owner: dict[str, str] = {}
    for row in merged.values():
        entry_id = row[ID]
        if row[SUCCESSOR] is not None and row[SUCCESSOR] not in merged:
            problems.append(f"entry {entry_id!r}: successor {row[SUCCESSOR]!r} is not an entry")
        # Nearly every entry owns all its keys: check that in one pass, and read the spellings
        # to name a problem only for an entry that has one.
        for key in row[KEYS]:
            if not key or owner.setdefault(key, entry_id) != entry_id:
                break
        else:
            continue
        for spelling, key in zip((row[NAME], *row[ALIASES]), row[KEYS], strict=True):
            if not key:
                problems.append(f"entry {entry_id!r}: {spelling!r} has no letters or digits")
                continue
            other = owner.setdefault(key, entry_id)
            if other == entry_id:
                continue
            if row[SOURCE] in SHIPPED_SOURCES and merged[other][SOURCE] in SHIPPED_SOURCES:
                continue
            problems.append(f"entry {entry_id!r}: {spelling!r} is already a spelling of {other!r}")
    return list(merged.values()), problems
