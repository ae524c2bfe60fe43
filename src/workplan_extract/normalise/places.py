"""Places (local-authority areas) and reading place-led party names.

The register's ``places.json`` lists every UK local authority since 1996 with its GSS code,
kind and dates (``../notes/register_format.md``). A party written as a place and a kind of body
— "LB Enfield", "London Borough of Enfield", "Enfield Council", "Enfield", "Greenwich PCT",
"NHS Greenwich", "Slough LSCB" — is read here as (place, body category); ``vocab`` then finds
the register entry for that pair in the plan's years. The forms are grammar, not data: a
prefix and a suffix around a place name, each naming a category of body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from workplan_extract.errors import VocabularyError
from workplan_extract.normalise.entries import party_key


class Place(NamedTuple):
    """One local-authority area."""

    code: str | None
    name: str
    kind: str
    valid_from: str | None
    valid_to: str | None
    parents: tuple[str, ...]
    upper_tier: bool

    def valid_during(self, earliest: str | None, latest: str | None) -> bool:
        """Whether the area existed at some time between two ISO dates (None: open)."""
        if self.valid_to is not None and earliest is not None and self.valid_to < earliest:
            return False
        return not (self.valid_from is not None and latest is not None and self.valid_from > latest)


#: Body categories written before or after a place name, as ``party_key`` word strings. A
#: category with an empty prefix and suffix is what a bare place name stands for.
_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "council": (
        (
            "",
            "lb",
            "l b",
            "lb of",
            "london borough of",
            "the london borough of",
            "royal borough of",
            "the royal borough of",
            "rb",
            "borough of",
            "metropolitan borough of",
            "city of",
            "county of",
        ),
        (
            "",
            "council",
            "borough council",
            "city council",
            "county council",
            "district council",
            "metropolitan borough council",
            "metropolitan district council",
            "london borough council",
            "lbc",
            "mbc",
            "bc",
            "cc",
            "dc",
            "borough",
            "local authority",
        ),
    ),
    "pct": (
        ("",),
        (
            "pct",
            "tpct",
            "teaching pct",
            "primary care trust",
            "teaching primary care trust",
            "care trust",
        ),
    ),
    "ccg": (("", "nhs"), ("ccg", "clinical commissioning group")),
    "lscb": (
        ("",),
        (
            "lscb",
            "scb",
            "safeguarding children board",
            "safeguarding childrens board",
            "local safeguarding children board",
            "local safeguarding childrens board",
        ),
    ),
    "acpc": (("",), ("acpc", "area child protection committee", "child protection committee")),
    "safeguarding-partnership": (
        ("",),
        (
            "safeguarding children partnership",
            "safeguarding childrens partnership",
            "local safeguarding children partnership",
            "children safeguarding partnership",
            "safeguarding partnership",
            "lscp",
            "scp",
        ),
    ),
    "csp": (
        ("",),
        (
            "community safety partnership",
            "csp",
            "cdrp",
            "crime and disorder reduction partnership",
            "crime and disorder partnership",
        ),
    ),
    "yot": (("",), ("yot", "youth offending team", "youth offending service", "yos")),
    "health-authority": (("",), ("health authority",)),
    "police-force": (("",), ("police", "constabulary", "police force", "police service")),
    "fire-service": (
        ("",),
        (
            "fire and rescue service",
            "fire and rescue",
            "fire and rescue authority",
            "fire service",
            "fire brigade",
            "frs",
        ),
    ),
    "probation": (
        ("",),
        ("probation", "probation service", "probation area", "probation trust", "probation board"),
    ),
    # "HMP Norwich": a prison is named for its place; the register lists no prisons.
    "prison": (("", "hmp", "hm prison", "hmyoi", "hmp and yoi", "hmp yoi"), ("", "prison")),
}
#: "NHS <place>": the area's primary care trust until 2013, its CCG to 2022, its integrated care
#: board after (SPEC, Parties 2.0); in Scotland the area's health board ("NHS Highland").
NHS_PLACE = ("pct", "ccg", "icb", "health-board")
#: Suffixes that name one tier of council: a county council is the county, not its district.
_COUNTY_SUFFIXES = frozenset({"county council"})
_DISTRICT_SUFFIXES = frozenset(
    {"borough council", "city council", "district council", "bc", "dc", "borough"}
)
#: Words of place names too common to tell two places apart ("City of London", "Vale of ...").
_GENERIC_PLACE_WORDS = frozenset(
    {"of", "and", "the", "upon", "on", "with", "in", "city", "county", "borough", "district"}
)


def _forms_by_affix() -> dict[tuple[str, str], tuple[str, ...]]:
    """(prefix, suffix) -> the body categories the pair can name."""
    table: dict[tuple[str, str], list[str]] = {}
    for body, (prefixes, suffixes) in _FORMS.items():
        for prefix in prefixes:
            for suffix in suffixes:
                if body != "council" and not suffix and not prefix:
                    continue
                table.setdefault((prefix, suffix), []).append(body)
    table[("nhs", "")] = list(NHS_PLACE)
    return {pair: tuple(bodies) for pair, bodies in table.items()}


_AFFIXES = _forms_by_affix()
_PREFIX_WORDS = max(len(p.split()) for p, _ in _AFFIXES)


class PlaceForm(NamedTuple):
    """A span read as place + body: the candidate places and body categories."""

    places: tuple[Place, ...]
    bodies: tuple[str, ...]
    suffix: str


class Places:
    """Every place, indexed by the comparison keys of its names."""

    def __init__(self, places: Iterable[Place], aliases: Mapping[str, Sequence[str]]) -> None:
        self.by_code: dict[str, Place] = {}
        by_key: dict[str, list[Place]] = {}
        for place in places:
            if place.code is not None:
                self.by_code[place.code] = place
            for spelling in _spellings(place.name, aliases.get(place.code or place.name, ())):
                key = party_key(spelling)
                if key and place not in by_key.setdefault(key, []):
                    by_key[key].append(place)
        _add_short_names(by_key)
        self.by_key = {key: tuple(found) for key, found in by_key.items()}
        #: The keys of every place name, for telling a place from a personal name.
        self.keys = frozenset(self.by_key)
        self.longest = max((len(k.split()) for k in self.by_key), default=0)
        #: First words of place names: where no word of a span is one, it names no place.
        self.first_words = frozenset(k.split(" ", 1)[0] for k in self.by_key)
        tokens = {t for key in self.by_key for t in key.split()}
        self.tokens = frozenset(tokens - _GENERIC_PLACE_WORDS)

    def __len__(self) -> int:
        return len(self.by_code)

    def read(self, key: str) -> PlaceForm | None:
        """Read a span's key as place + body ("lb enfield" -> Enfield, council), or None.

        >>> places = Places([Place("E09000010", "Enfield", "london-borough", None, None, (),
        ...                  True)], {})
        >>> places.read("london borough of enfield").bodies
        ('council',)
        """
        words = key.split()
        if not words or self.first_words.isdisjoint(words):
            return None
        # The place may start after a prefix of a few words; the longest place name wins.
        for start in range(min(_PREFIX_WORDS, len(words) - 1) + 1):
            if words[start] not in self.first_words:
                continue
            prefix = " ".join(words[:start])
            for end in range(min(len(words), start + self.longest), start, -1):
                places = self.by_key.get(" ".join(words[start:end]))
                if places is None:
                    continue
                suffix = " ".join(words[end:])
                bodies = _AFFIXES.get((prefix, suffix))
                if bodies:
                    return PlaceForm(_tier(places, suffix), bodies, suffix)
        return None

    def find(self, key: str) -> tuple[Place, ...]:
        """The places whose name is somewhere in ``key``, longest names first."""
        words = key.split()
        found: list[Place] = []
        if self.first_words.isdisjoint(words):
            return ()
        index = 0
        while index < len(words):
            for end in range(min(len(words), index + self.longest), index, -1):
                places = self.by_key.get(" ".join(words[index:end]))
                if places:
                    found.extend(p for p in places if p not in found)
                    index = end - 1
                    break
            index += 1
        return tuple(found)


def _tier(places: tuple[Place, ...], suffix: str) -> tuple[Place, ...]:
    """Of places sharing a name (Durham the county and the district), the tier the suffix
    names; all of them when it names none."""
    if len(places) < 2:
        return places
    if suffix in _COUNTY_SUFFIXES:
        chosen = tuple(p for p in places if p.kind == "county" or p.upper_tier)
    elif suffix in _DISTRICT_SUFFIXES:
        chosen = tuple(p for p in places if p.kind != "county")
    else:
        return places
    return chosen or places


def _spellings(name: str, aliases: Iterable[str]) -> list[str]:
    """A place's names: as listed, and ONS's "Bristol, City of" also as "Bristol"."""
    spellings = [name, *aliases]
    for spelling in list(spellings):
        head, comma, tail = spelling.partition(", ")
        if comma and tail.lower() in ("city of", "county of"):
            spellings += [head, f"{tail} {head}"]
    return spellings


#: "Stockton-on-Tees", "Southend-on-Sea", "Richmond upon Thames": a town on a river, also
#: called by the town's name alone.
_ON_RIVER = re.compile(r"^(\S+(?: \S+)?) (?:on|upon|under) \S+(?: \S+)?$")


def _add_short_names(by_key: dict[str, list[Place]]) -> None:
    """Index "Stockton" for Stockton-on-Tees, when the short name names no other place:
    "Newcastle" is both Newcastle upon Tyne and Newcastle-under-Lyme, so it names neither."""
    # (the whole place list is scanned once, when the places file is loaded)
    short: dict[str, list[Place]] = {}
    for key, found in by_key.items():
        matched = _ON_RIVER.match(key)
        if matched is not None:
            for place in found:
                if place not in short.setdefault(matched.group(1), []):
                    short[matched.group(1)].append(place)
    for key, found in short.items():
        # Unitary and London authorities only: "Stratford" (on-Avon, a district) is as often
        # Stratford in Newham. Nor a short name that begins another place's name: "Richmond"
        # is as much the town of Richmondshire as Richmond upon Thames.
        if (
            key not in by_key
            and len({p.name for p in found}) == 1
            and found[0].upper_tier
            and not any(
                name.startswith(key) and {p.name for p in others} != {found[0].name}
                for name, others in by_key.items()
            )
        ):
            by_key[key] = found


def read_places(path: Path) -> Places:
    """Read a ``places.json`` file (``{"places": [...]}``); a bad file is one-line error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise VocabularyError(f"cannot read places: {error}", path) from error
    raw_places = data.get("places") if isinstance(data, Mapping) else None
    if not isinstance(raw_places, list):
        raise VocabularyError('places file must hold a list under "places"', path)
    places: list[Place] = []
    aliases: dict[str, list[str]] = {}
    for position, raw in enumerate(raw_places, start=1):
        place = _place(raw, position, path)
        places.append(place)
        aliases[place.code or place.name] = [a for a in raw.get("aliases", ()) if a]
    return Places(places, aliases)


def _place(raw: Any, position: int, path: Path) -> Place:
    if not (isinstance(raw, Mapping) and isinstance(raw.get("name"), str) and raw["name"].strip()):
        raise VocabularyError(f"place #{position} has no name", path)
    code = raw.get("code")
    aliases = raw.get("aliases", [])
    if not (code is None or isinstance(code, str)) or not isinstance(aliases, list):
        raise VocabularyError(f"place {raw['name']!r}: code or aliases malformed", path)
    return Place(
        code,
        " ".join(raw["name"].split()),
        str(raw.get("kind") or ""),
        raw.get("valid_from"),
        raw.get("valid_to"),
        tuple(raw.get("parents") or ()),
        bool(raw.get("upper_tier", False)),
    )


NO_PLACES = Places((), {})
