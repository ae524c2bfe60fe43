"""Reading one party span: what sort of party it is, and which entry it is, if any.

Order (each step only when the ones before found nothing):

1. the document's own abbreviation key ("SG" defined as "Safeguarding Group");
2. a generic party in a plan tied to an area ("Police", "the Council", "SLSCB"), match
   "context" (``context.py``);
3. an entry's exact name or alias, a leading "the" ignored; a spelling shared by bodies of
   different years is decided by the plan's dates;
4. a place-led form ("LB Enfield", "Greenwich PCT", "NHS Greenwich"; ``places.py``);
5. a person ("Jim Reeves", "Cllr Langhorn"; never matched to a body);
6. a post ("Chair of SLSCB"), with ``of`` from the text or else the issuing body;
7. a fuzzy match (``vocab.py``: clearly ahead, same places, long words only);
8. else the span's head word: a group, a class of bodies, a body, or unknown.

Every reading has a type; sector and place where they can be told. A matched entry outside the
plan's years is kept, with a ``party.anachronism`` warning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from workplan_extract.normalise.context import (
    BODY_SECTORS,
    GENERIC,
    ISSUER,
    NO_CONTEXT,
    PlanContext,
    resolve_generic,
)
from workplan_extract.normalise.entries import VocabEntry, cached_party_key, tidy
from workplan_extract.normalise.lexicon import PART_HEADS, head_type, sector_of
from workplan_extract.normalise.persons import read_person
from workplan_extract.normalise.places import NHS_PLACE, PlaceForm
from workplan_extract.normalise.regions import government_office
from workplan_extract.normalise.roles import ROLE_HEADS, RoleReading, read_role, role_key
from workplan_extract.normalise.spanreading import (
    Reading,
    ambiguous,
    generic_reading,
    matched,
    place_of,
    unmatched,
)
from workplan_extract.normalise.vocab import Vocabulary
from workplan_extract.records import MatchKind, PartyOf, PartyType, Place, Sector
from workplan_extract.warning_codes import warning

_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
#: A body's initials as one word: "ESFRS", "BHCC" (two letters are too often a person's).
_INITIALS = re.compile(r"^[A-Z]{3,7}$")
#: Bodies known by three initials: forces ("GMP", "WMFS" has four). Three letters of any other
#: body are too often a service's ("SPA", a single point of access, is no Probation Area).
_THREE_LETTER_BODIES = frozenset({"police-force", "fire-service"})
#: The category of body whose area a post or group of a sector is placed in.
_FORCE_BODY: dict[str, str] = {
    "police": "police-force",
    "fire": "fire-service",
    "justice": "probation",
}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z&.]*$")
_ELSEWHERE = re.compile(r"\b(?:in|from|across|within)\b")
#: What follows a party's head noun: "professionals with specific expertise".
_HEAD_CUT = re.compile(r"\s+(?:with|in|from|for|across|within)\s+", re.IGNORECASE)
#: Posts whose "of X" is their field, not their body ("Director of Nursing", "Head of
#: Policy"): X is their body only when it is an entry ("Director of Barnardo's London").
_FIELD_HEADS = frozenset({"director", "directors", "head", "heads", "deputy", "chief"})
#: Posts a partnership's papers name that are its member bodies' ("Assistant Director").
_MEMBERS_POSTS = _FIELD_HEADS | frozenset(
    {"executive", "constable", "superintendent", "inspector", "nurse", "nurses", "doctor"}
)

#: Elected posts that only a council has, whatever portfolio they hold ("Executive Member for
#: Adult Services, Health and Housing" is a councillor, not a health post).
_COUNCIL_ONLY = re.compile(
    r"\b(?:cabinet member|portfolio holder|executive member|lead member|lead councillor)\b"
)
#: Fields a council's own officers work in: in a council's plan, its "Head of Housing and
#: Health" or "Director of Customer and Community Services" is the council's.
_COUNCIL_FIELDS: frozenset[Sector] = frozenset(
    {"local-government", "community", "housing", "partnership", "education", "health"}
)
#: Words of posts that are another body's even in a council's plan: clinicians, NHS posts.
_CLINICAL = re.compile(
    r"\b(?:nurses?|nursing|doctors?|gps?|paediatricians?|midwi(?:fe|ves)|clinical|medical|"
    r"nhs|pct|ccg|icb|hospital|matron|consultant)\b"
)


def read_span(text: str, vocabulary: Vocabulary, context: PlanContext = NO_CONTEXT) -> Reading:
    """Read one span (already split from its cell and tidied).

    >>> from workplan_extract.normalise import load_vocabulary
    >>> read_span("Corporate Affairs", load_vocabulary()).type
    'group'
    """
    text = tidy(text)
    bare = _ARTICLE.sub("", text)
    key = cached_party_key(bare)
    if not key:
        return Reading("unknown")
    expansion = context.expansion(key) if context.abbreviations else None
    if expansion is not None:
        inner = read_span(expansion, vocabulary, replace(context, abbreviations=()))
        if inner.entry is not None:
            inner.match, inner.score = "alias", 100.0
        return inner
    body, generic = resolve_generic(key, vocabulary, context)
    if generic:
        return generic_reading(text, body, generic, context)
    if key.startswith("nhs "):
        # "NHS Dorset" names the area's NHS body of the plan's years, whichever entry lists
        # the spelling: a PCT to 2013, a CCG to 2022, an ICB after.
        nhs = vocabulary.places.read(key)
        if nhs is not None and nhs.bodies == NHS_PLACE:
            return _place_led(text, nhs, vocabulary, context)
    found = vocabulary.lookup(bare, context.period)
    if found.entry is not None and found.match != "fuzzy":
        predecessor = _undated_predecessor(found.entry, key, found.match, vocabulary, context)
        if predecessor is not None:
            return ambiguous(text, (predecessor, found.entry))
        return matched(found.entry, found.match, found.score, context)
    if found.rivals:
        return ambiguous(text, found.rivals)
    if context.areas and _INITIALS.match(bare):
        # "ESFRS" in a Brighton & Hove plan: the one body of the plan's area so abbreviated.
        spelled = vocabulary.by_initials(key, frozenset(context.areas), context.period)
        if len(bare) == 3:
            spelled = tuple(e for e in spelled if e.body in _THREE_LETTER_BODIES)
        if len(spelled) == 1:
            return matched(spelled[0], "context", 100.0, context)
    form = vocabulary.places.read(key)
    if form is not None:
        return _place_led(text, form, vocabulary, context)
    if body is not None:
        kind: PartyType = "organisation"
        return Reading(kind, sector=BODY_SECTORS.get(body), notes=[unmatched(text)])
    if read_person(text, vocabulary.places.keys) is not None:
        return Reading("person")
    role = read_role(bare)
    if role is not None:
        return _in_force_area(_role(bare, role, vocabulary, context), key, vocabulary)
    if found.entry is not None:
        reading = matched(found.entry, "fuzzy", found.score, context)
        message = f"{text!r} read as {found.entry.name!r} ({found.entry.id}) by fuzzy match, "
        reading.notes.append(warning("party.fuzzy", message + f"score {found.score:g}"))
        return reading
    return _in_force_area(_by_head(text, key, vocabulary, context), key, vocabulary)


def _in_force_area(reading: Reading, key: str, vocabulary: Vocabulary) -> Reading:
    """A police, fire or probation post or group that names its force's area ("Deputy Police
    and Crime Commissioner for North Wales", "Partnerships Manager, West Yorkshire Probation
    Service") is placed in that area, though it is not the force."""
    body = _FORCE_BODY.get(reading.sector or "")
    if reading.place is None and reading.entry is None and body is not None:
        force = vocabulary.force_area(key, body)
        if force is not None:
            reading.place = place_of(force.place)
    return reading


def _undated_predecessor(
    entry: VocabEntry, key: str, match: MatchKind, vocabulary: Vocabulary, context: PlanContext
) -> VocabEntry | None:
    """The predecessor a short spelling of ``entry`` may as well name, when no date tells
    them apart ("London Probation": the London Probation Area or the Trust that succeeded it;
    SPEC: a predecessor is not its successor). Only for aliases, not the entry's own name."""
    if match != "alias":
        return None
    words = set(key.split())
    for earlier_id in vocabulary.predecessors.get(entry.id, ()):
        if earlier_id not in vocabulary.by_id:
            continue
        earlier = vocabulary.by_id[earlier_id]
        if not words <= set(cached_party_key(earlier.name).split()):
            continue
        # The plan's years place it with one of them only when the change is dated.
        start = entry.valid_from or earlier.valid_to
        if start is None or context.earliest is None:
            return earlier
        if context.earliest < start and (context.latest or context.earliest) >= start:
            return earlier
    return None


def _place_led(text: str, form: PlaceForm, vocabulary: Vocabulary, context: PlanContext) -> Reading:
    """ "LB Enfield", "Greenwich PCT": the register's entry for the place and body category
    (the one that existed in the plan's years, when several did)."""
    found: list[VocabEntry] = []
    for place in form.places:
        if place.code is None:
            continue
        for body in form.bodies:
            found += [e for e in vocabulary.in_area(body, place.code) if e not in found]
    fitting = [e for e in found if e.valid_during(*context.period)]
    if form.bodies == NHS_PLACE and context.period == (None, None):
        fitting = []  # "NHS Greenwich" with no year: a PCT or a CCG, nobody can tell
    elif form.bodies == NHS_PLACE and not fitting:
        # "NHS Bassetlaw" in 2016 is the body of 2016 (its CCG); when the register has none
        # of those years, an earlier PCT or a later ICB place is not it.
        found = []
    elif form.bodies == NHS_PLACE and len(fitting) > 1:
        # A CCG's code lived on after 2022 as a "sub-ICB location": the newest body wins.
        newest = max(e.valid_from or "" for e in fitting)
        fitting = [e for e in fitting if (e.valid_from or "") == newest]
    chosen = fitting if len(fitting) == 1 else found if len(found) == 1 and not fitting else []
    if len(chosen) == 1:
        return matched(chosen[0], "alias", 100.0, context)
    sectors = {BODY_SECTORS.get(b) for b in form.bodies}
    where = form.places[0] if len(form.places) == 1 else None
    reading = Reading(
        "organisation",
        sector=sectors.pop() if len(sectors) == 1 else None,
        place=Place(name=where.name, code=where.code) if where is not None else None,
    )
    if len(fitting) > 1 or (len(found) > 1 and not fitting):
        reading.notes.append(ambiguous(text, tuple(fitting or found)).notes[0])
    else:
        reading.notes.append(unmatched(text))
    return reading


def _role(text: str, role: RoleReading, vocabulary: Vocabulary, context: PlanContext) -> Reading:
    """A post, with the body it belongs to: as written, as its field implies, or the issuer."""
    of_entry: VocabEntry | None = None
    of_name: str | None = None
    key = role_key(text)
    # The text after "of" is read once: it is a post again in "Chair of Chair of ...", and
    # two readings at each level took time doubling with every "of".
    of_reading: Reading | None = None
    if role.of_text is not None:
        of_reading = read_span(role.of_text, vocabulary, context)
        of_entry, of_name = _of_from(role.of_text, of_reading)
        if of_entry is None and role.head.split()[-1] in _FIELD_HEADS:
            of_name = None  # "Director of Nursing": a field, not a body
    elif role.modifier_text and not ROLE_HEADS.intersection(role.modifier.split()):
        of_entry, of_name = _modifier_of(role, vocabulary, context)
    # "LSCB Chair": a chair of one of a class of bodies, or of the plan's own LSCB: which
    # one, the text may say next ("LSCB Chair, LB Enfield").
    generic = role.of_text is None and role.modifier in GENERIC
    written = (
        of_entry is not None and of_entry.type != "collective" and not generic
    ) or of_name is not None
    own_field = sector_of(key)
    if _COUNCIL_ONLY.search(key):
        own_field = "local-government"
    elsewhere = _names_elsewhere(text, vocabulary, context)
    if elsewhere and of_entry is not None and not written_body(of_entry, text):
        of_entry = None  # "Police" in "Police and Crime Commissioner for Dyfed-Powys"
    if of_entry is None and of_name is None and not elsewhere:
        of_entry = _home(role.home, vocabulary, context)
        if (
            of_entry is None
            and role.home is None
            and _issuers(key, role, own_field, vocabulary, context)
        ):
            of_entry = _issuer(vocabulary, context)
    if (
        of_entry is not None
        and of_entry.id == context.issuer
        and of_entry.sector == "local-government"
        and own_field in _COUNCIL_FIELDS
        and not _CLINICAL.search(key)
    ):
        own_field = "local-government"  # the council's own officer, whatever the service
    sector = own_field or (of_entry.sector if of_entry is not None else None)
    sector = sector or (BODY_SECTORS.get(role.home) if role.home else None)
    if sector is None and of_entry is None and of_name is None and context.issuer is None:
        sector = context.sector  # the title's body is no entry: "2gether NHS Foundation Trust"
    of = None
    if of_entry is not None:
        of = PartyOf(id=of_entry.id, name=of_entry.name)
    elif of_name is not None:
        of = PartyOf(id=None, name=of_name)
    place = place_of(of_entry.place) if of_entry is not None else None
    if of_entry is None and of_name is not None and of_reading is not None:
        # "Chair of the Safer Stockton Partnership": no entry, but the body it names is placed.
        place = of_reading.place
    return Reading("role", sector=sector, place=place, of=of, of_written=written)


def written_body(entry: VocabEntry, text: str) -> bool:
    """Whether ``text`` writes the entry's own name (not a generic word standing for it)."""
    return cached_party_key(entry.name) in cached_party_key(text)


def _names_elsewhere(text: str, vocabulary: Vocabulary, context: PlanContext) -> bool:
    """A post written with a place that is not the plan's area ("Police and Crime
    Commissioner for Dyfed-Powys" in a Slough plan) is not the area's post: its body is not
    assumed."""
    if not context.areas:
        return False
    named = vocabulary.places.find(cached_party_key(text))
    return bool(named) and not {p.code for p in named} & set(context.areas)


def _modifier_of(
    role: RoleReading, vocabulary: Vocabulary, context: PlanContext
) -> tuple[VocabEntry | None, str | None]:
    """The body named before a post: "The London Board Manager", "LSCB Business Manager"
    (its first word), "London LSCB Chairs" (a body that is no entry)."""
    words = role.modifier_text.split()
    # "Police and Crime" is one office's name, not two posts.
    modifier = role.modifier.replace("police and crime", "police")
    if set(role.modifier.split()) <= PART_HEADS or " and " in f" {modifier} ":
        # "Sub Group Chairs", "Team Manager": no body named; "Virtual School and Team
        # Manager": two posts, not the post of one body.
        return None, None
    for size in range(len(words), 0, -1):
        entry, name = read_of(" ".join(words[:size]), vocabulary, context)
        if entry is not None:
            return entry, None
        if size == len(words) and name is not None and (size > 1 or _code(words[0])):
            return None, name
    return None, None


def _issuers(
    key: str,
    role: RoleReading,
    own_field: Sector | None,
    vocabulary: Vocabulary,
    context: PlanContext,
) -> bool:
    """Whether a post that names no body is the issuing body's own. A post of another field
    ("Designated nurses" in a partnership's plan), one placed elsewhere ("managers in
    agencies") or, in a partnership's papers, a post with a field of its own ("Director of
    Nursing") is a member body's."""
    issuer = _issuer(vocabulary, context)
    if issuer is None or _ELSEWHERE.search(key):
        return False
    if (
        issuer.sector == "local-government"
        and own_field in _COUNCIL_FIELDS
        and not _CLINICAL.search(key)
    ):
        return True
    if own_field is not None and issuer.sector is not None and own_field != issuer.sector:
        return False
    if issuer.sector == "partnership":
        # A board's own posts are its chair, members, managers; its directors are members'.
        return role.of_text is None and role.head.split()[-1] not in _MEMBERS_POSTS
    return True


def post_of(post: str, body: str, vocabulary: Vocabulary, context: PlanContext) -> Reading:
    """A post followed by the body it belongs to ("LSCB Chair, LB Enfield"): the post's own
    kind of body in that body's place when the post names one (Enfield's LSCB), else that
    body."""
    reading = read_span(post, vocabulary, context)
    if reading.type != "role":
        return reading
    found = read_span(body, vocabulary, context)
    role = read_role(_ARTICLE.sub("", post))
    category = GENERIC.get(role.modifier) if role is not None and role.modifier else None
    entry = found.entry if found.match != "fuzzy" else None
    place = found.place
    if category is not None and category != ISSUER:
        entry = None
        if place is not None and place.code is not None:
            fitting = [
                e
                for e in vocabulary.in_area(category, place.code)
                if e.valid_during(*context.period)
            ]
            entry = fitting[0] if len(fitting) == 1 else None
    # The body written decides the sector ("Associate Director for Safeguarding & Social
    # Care, Nottinghamshire Healthcare NHS Trust" is the trust's); the plan's issuer, assumed
    # for the bare post, does not.
    own = sector_of(cached_party_key(f"{post} {body}"))
    if entry is not None:
        reading.of = PartyOf(id=entry.id, name=entry.name)
        reading.sector = entry.sector or found.sector or own
        reading.place = place_of(entry.place) or place
    else:
        reading.of = PartyOf(id=None, name=tidy(body))
        reading.sector = found.sector or own
        reading.place = place
    return _in_force_area(reading, cached_party_key(f"{post} {body}"), vocabulary)


def read_of(
    text: str, vocabulary: Vocabulary, context: PlanContext
) -> tuple[VocabEntry | None, str | None]:
    """The body a post or group belongs to, from the text after "of" (or the words before
    the post): an entry, else the text when it names some body, else nothing."""
    return _of_from(text, read_span(text, vocabulary, context))


def _of_from(text: str, reading: Reading) -> tuple[VocabEntry | None, str | None]:
    """``read_of`` given the text's reading."""
    if reading.entry is not None and reading.match != "fuzzy":
        return reading.entry, None
    words = text.split()
    if reading.type in ("organisation", "group", "collective") or (words and _code(words[-1])):
        return None, _ARTICLE.sub("", tidy(text))
    return None, None


def _code(word: str) -> bool:
    """A body's code ("LSCB", "NCVCCO"), not a field's ("CP", "IT")."""
    return bool(_ACRONYM.match(word)) and len(word) >= 3


def _home(body: str | None, vocabulary: Vocabulary, context: PlanContext) -> VocabEntry | None:
    """The plan's area's body of the category a post's field implies (the council for a
    director of children's services)."""
    if body is None or not context.areas:
        return None
    _, found = resolve_generic("council" if body == "council" else "police", vocabulary, context)
    return found[0] if len(found) == 1 else None


def _issuer(vocabulary: Vocabulary, context: PlanContext) -> VocabEntry | None:
    if context.issuer is None or context.issuer not in vocabulary.by_id:
        return None
    return vocabulary.by_id[context.issuer]


def _by_head(text: str, key: str, vocabulary: Vocabulary, context: PlanContext) -> Reading:
    """An unmatched span typed by its last word; a group belongs to the issuing body unless
    it says "of" something."""
    office = government_office(key)
    if office is not None:
        # "Government Office North East": a department's regional office, placed in its region.
        place_ref = place_of(office)
        return Reading("organisation", sector="central-government", place=place_ref,
                       notes=[unmatched(text)])  # fmt: skip
    kind = head_type(role_key(_HEAD_CUT.split(text, maxsplit=1)[0]))
    before, of_word, after = text.partition(" of ")
    if of_word and kind != "group" and head_type(role_key(before)) == "group":
        kind = "group"  # "Early Intervention Sub Group of Children's Partnership"
    sector = sector_of(key)
    places = vocabulary.places.find(key)
    if len(places) > 1:
        places = tuple(p for p in places if p.valid_during(*context.period))
    place = Place(name=places[0].name, code=places[0].code) if len(places) == 1 else None
    if kind == "group":
        of_entry, of_name = None, None
        if of_word and before:
            of_entry, of_name = read_of(after, vocabulary, context)
        if of_entry is None and of_name is None:
            of_entry = _home(_council_word(key), vocabulary, context)
            if of_entry is None and key.split()[-1] in PART_HEADS and not _named_board(key):
                of_entry = _issuer(vocabulary, context)
        of = None
        if of_entry is not None:
            of = PartyOf(id=of_entry.id, name=of_entry.name)
            sector = of_entry.sector or sector
            place = place_of(of_entry.place) or place
        elif of_name is not None:
            of = PartyOf(id=None, name=of_name)
        elif context.issuer is None and context.sector and key.split()[-1] in PART_HEADS:
            # A department of a body that is no entry ("Adult & Community Services" in a county
            # council's plan) is in that body's sector, whatever its name's words say.
            sector = context.sector
        return Reading("group", sector=sector or context.sector, place=place, of=of)
    if kind == "collective":
        return Reading("collective", sector=sector, place=place)
    if kind == "organisation":
        if sector is None and key.split()[-1] == "board":
            sector = "partnership"  # "Plymouth 2020 Board": a board of its own is a partnership
        return Reading("organisation", sector=sector, place=place, notes=[unmatched(text)])
    return Reading("unknown", sector=sector, place=place, notes=[unmatched(text)])


def _named_board(key: str) -> bool:
    """A board of its own ("Health and Wellbeing Board"), not a part of the issuer."""
    return key.endswith("board") and head_type(key) == "organisation"


def _council_word(key: str) -> str | None:
    """Council bodies named as such ("Cabinet", "the Executive", "Democratic Services") belong
    to the council; a board's "Executive Group" belongs to the board."""
    words = set(key.split())
    council = key in ("executive", "the executive") or words & {"cabinet", "democratic", "council"}
    return "council" if council else None
