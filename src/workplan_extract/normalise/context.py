"""What a plan tells about its parties: its years, its issuing body and that body's area.

A bare generic party ("Police", "the Council", "the Board", "LSCB", "PCT", "Children's
Services") in a plan whose issuing body is tied to a local-authority area is that area's body
(SPEC, Parties 2.0): in a Slough LSCB plan "Police" is Thames Valley Police (it serves Slough)
and "the Council" Slough Borough Council; match "context". So is a code built from the area's
initials and a kind of body ("SLSCB" for Slough LSCB, "LCC" for Leicester City Council).
Without an area nothing is resolved this way: in the London Board's plans "LSCB" stays all
London's LSCBs, as the seeds have it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workplan_extract.normalise.entries import VocabEntry, party_key
from workplan_extract.normalise.places import Place
from workplan_extract.normalise.vocab import NO_PERIOD, Period, Vocabulary
from workplan_extract.records import Sector

#: Stands for the plan's own issuing body, when that body is of the kind named.
ISSUER = "issuer"

#: Generic spans (``party_key``, leading "the" removed) -> the body category they name.
GENERIC: dict[str, str] = {
    **dict.fromkeys(
        ("police", "local police", "police force", "police service", "constabulary"),
        "police-force",
    ),
    **dict.fromkeys(
        (
            "council",
            "local authority",
            "la",
            "full council",
            "borough council",
            "city council",
            "district council",
            "unitary authority",
            "childrens services",
            "childrens social care",
            "social services",
            "social care",
            "lea",
            "local education authority",
            "childrens services department",
            "social services department",
        ),
        "council",
    ),
    "county council": "county-council",
    **dict.fromkeys(
        (
            "lscb",
            "scb",
            "safeguarding board",
            "local safeguarding children board",
            "safeguarding children board",
        ),
        "lscb",
    ),
    **dict.fromkeys(("acpc", "area child protection committee"), "acpc"),
    **dict.fromkeys(
        ("safeguarding partnership", "safeguarding children partnership", "lscp"),
        "safeguarding-partnership",
    ),
    **dict.fromkeys(("pct", "primary care trust"), "pct"),
    **dict.fromkeys(("ccg", "clinical commissioning group"), "ccg"),
    **dict.fromkeys(("yot", "yos", "youth offending team", "youth offending service"), "yot"),
    **dict.fromkeys(
        ("csp", "cdrp", "community safety partnership", "crime and disorder reduction partnership"),
        "csp",
    ),
    **dict.fromkeys(
        ("fire service", "fire and rescue service", "fire and rescue", "fire brigade", "frs"),
        "fire-service",
    ),
    **dict.fromkeys(("probation", "probation service", "probation trust"), "probation"),
    **dict.fromkeys(("board", "partnership", "trust", "committee"), ISSUER),
}

#: The sector of each body category: what a generic span tells even when it resolves to
#: nothing ("Police" is police).
BODY_SECTORS: dict[str, Sector] = {
    "council": "local-government",
    "county-council": "local-government",
    "police-force": "police",
    "fire-service": "fire",
    "acpc": "partnership",
    "lscb": "partnership",
    "safeguarding-partnership": "partnership",
    "csp": "partnership",
    "yot": "justice",
    "probation": "justice",
    "health-authority": "health",
    "pct": "health",
    "sha": "health",
    "ccg": "health",
    "icb": "health",
    "health-board": "health",
    "nhs-trust": "health",
    "department": "central-government",
    "inspectorate": "inspectorate",
    "charity": "voluntary",
    "prison": "justice",
}

#: Codes a plan builds from its area's initials ("S" + "LSCB" = Slough LSCB).
_AREA_CODES: dict[str, tuple[str, ...]] = {
    "lscb": ("lscb", "scb"),
    "acpc": ("acpc",),
    "safeguarding-partnership": ("scp", "lscp", "sp"),
    "council": ("cc", "bc", "dc", "mbc", "lbc"),
    "csp": ("csp",),
    "yot": ("yot",),
    "pct": ("pct", "tpct"),
    "ccg": ("ccg",),
}

#: What "the board", "the partnership", ... may stand for: the issuing body when it is one.
_ISSUER_KINDS: dict[str, frozenset[str]] = {
    "board": frozenset({"lscb", "acpc", "safeguarding-partnership"}),
    "partnership": frozenset({"safeguarding-partnership", "csp", "lscb"}),
    "trust": frozenset({"pct", "nhs-trust"}),
    "committee": frozenset({"acpc"}),
}


@dataclass(frozen=True)
class PlanContext:
    """The plan a party cell comes from. Hashable: party cells are cached per context.

    ``abbreviations`` are the document's own definitions (``abbreviations.read_key``).
    """

    earliest: str | None = None
    latest: str | None = None
    issuer: str | None = None
    #: GSS codes of the plan's local-authority area: the issuing body's place, or the places
    #: the title names (Cornwall the county and the unitary authority: which one a body
    #: served is then told by the body's own dates).
    areas: tuple[str, ...] = ()
    abbreviations: tuple[tuple[str, str], ...] = ()
    #: The sector the title tells when its body is no entry ("2gether NHS Foundation Trust").
    sector: Sector | None = None
    _expansions: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_expansions", dict(self.abbreviations))

    @property
    def period(self) -> Period:
        return (self.earliest, self.latest)

    def expansion(self, key: str) -> str | None:
        """The document's definition of a code (its ``party_key``), if it has one."""
        return self._expansions.get(key)


NO_CONTEXT = PlanContext()


def plan_context(
    vocabulary: Vocabulary,
    period: Period = NO_PERIOD,
    issuer: VocabEntry | None = None,
    title: str | None = None,
    abbreviations: Mapping[str, str] | None = None,
    sector: Sector | None = None,
) -> PlanContext:
    """The context of a plan: its period, issuing body, that body's area and its key.

    The area is the issuing body's place when that is a local-authority area; failing that,
    the one local-authority area the title names ("Cornwall LAA ...") that existed in the
    plan's years (Cornwall the county in 2006, the unitary authority from 2009).
    """
    areas: tuple[str, ...] = ()
    if issuer is not None and issuer.place is not None:
        code = issuer.place.code
        if code is not None and code in vocabulary.places.by_code:
            areas = (code,)
    if not areas and title:
        named = vocabulary.places.find(party_key(title))
        areas = tuple(dict.fromkeys(p.code for p in named if p.code))
    return PlanContext(
        earliest=period[0],
        latest=period[1],
        issuer=issuer.id if issuer is not None else None,
        areas=areas,
        abbreviations=tuple(sorted((abbreviations or {}).items())),
        sector=issuer.sector if issuer is not None else sector,
    )


def resolve_generic(
    key: str, vocabulary: Vocabulary, context: PlanContext
) -> tuple[str | None, tuple[VocabEntry, ...]]:
    """The body category a generic span names, and the entries it stands for in this plan.

    ``key`` is the span's ``party_key`` without a leading "the". Returns (None, ()) when the
    span is not generic; (category, ()) when it is but the plan does not say which body.
    """
    body = GENERIC.get(key)
    if body is None:
        body = _area_code(key, vocabulary, context)
        if body is None:
            return None, ()
    if body == ISSUER:
        return _issuer(key, vocabulary, context)
    return body, in_areas(body, vocabulary, context)


def in_areas(body: str, vocabulary: Vocabulary, context: PlanContext) -> tuple[VocabEntry, ...]:
    """The bodies of a category serving the plan's area in the plan's years."""
    found: dict[str, VocabEntry] = {}
    for code in context.areas:
        if body == "county-council":
            codes = _county_codes(vocabulary.places.by_code.get(code))
            entries = [e for c in codes for e in vocabulary.in_area("council", c)]
        else:
            entries = list(vocabulary.in_area(body, code))
        fitting = [e for e in entries if e.valid_during(*context.period)]
        if not fitting and body != "county-council":
            # The area's own body had ended by the plan's years: a regional one that took it
            # over serves the area then (Newport's LSCB -> the South East Wales board, 2013).
            serving = (vocabulary.entry(n) for n in vocabulary.serving.get((body, code), ()))
            fitting = [e for e in serving if e.valid_during(*context.period)]
        for entry in fitting:
            found.setdefault(entry.id, entry)
    return tuple(found.values())


def _county_codes(place: Place | None) -> tuple[str, ...]:
    if place is None:
        return ()
    if place.kind == "non-metropolitan-district":
        return place.parents
    return (place.code,) if place.code else ()


def _issuer(
    key: str, vocabulary: Vocabulary, context: PlanContext
) -> tuple[str | None, tuple[VocabEntry, ...]]:
    if context.issuer is None or context.issuer not in vocabulary.by_id:
        return ISSUER, ()
    entry = vocabulary.by_id[context.issuer]
    if entry.body in _ISSUER_KINDS[key] or key in party_key(entry.name).split():
        return entry.body or ISSUER, (entry,)
    return ISSUER, ()


def _area_code(key: str, vocabulary: Vocabulary, context: PlanContext) -> str | None:
    """The body category of a code built from the plan's area's initials, or None."""
    if not context.areas or " " in key or len(key) < 3:
        return None
    place = vocabulary.places.by_code.get(context.areas[0])
    if place is None:
        return None
    initials = "".join(w[0] for w in party_key(place.name).split() if w not in ("and", "of"))
    if not key.startswith(initials):
        return None
    rest = key[len(initials) :]
    for body, codes in _AREA_CODES.items():
        if rest in codes:
            return body
    return None
