"""Recognising posts: "Chair of SLSCB", "Director of Children's Services", "LSCB Business
Manager", "Cabinet Member for Economy", "Designated nurses".

A post is a role, never the body it belongs to: "LSCB Business Manager" is not all LSCBs and
"LSCB Chair" is not every LSCB's chair (SPEC, Parties 2.0). ``read_role`` finds the post's
head word and what the text says it belongs to ("of SLSCB", the "LSCB" before "Business
Manager"); ``classify`` resolves that to an entry for ``PartyRef.of``.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import NamedTuple

from workplan_extract.normalise.entries import cached_party_key

#: Words that end a post ("Business Manager", "Designated nurses"), singular and plural.
ROLE_HEADS = frozenset(
    {
        "chair",
        "chairs",
        "chairman",
        "chairperson",
        "chairwoman",
        "vicechair",
        "cochair",
        "director",
        "directors",
        "manager",
        "managers",
        "officer",
        "officers",
        "heads",
        "lead",
        "leads",
        "leader",
        "leaders",
        "member",
        "members",
        "coordinator",
        "coordinators",
        "coord",
        "coords",
        "administrator",
        "administrators",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "consultant",
        "consultants",
        "nurse",
        "nurses",
        "doctor",
        "doctors",
        "paediatrician",
        "paediatricians",
        "gp",
        "gps",
        "practitioner",
        "practitioners",
        "worker",
        "workers",
        "specialist",
        "specialists",
        "analyst",
        "analysts",
        "solicitor",
        "solicitors",
        "headteacher",
        "headteachers",
        "teacher",
        "teachers",
        "governor",
        "governors",
        "mayor",
        "commissioner",
        "commissioners",
        "secretary",
        "clerk",
        "treasurer",
        "champion",
        "champions",
        "representative",
        "representatives",
        "rep",
        "reps",
        "visitor",
        "visitors",
        "midwife",
        "midwives",
        "superintendent",
        "commander",
        "commanders",
        "lawyer",
        "lawyers",
        "inspector",
        "inspectors",
        "holder",
        "holders",
        "guardian",
        "owner",
        "trainer",
        "trainers",
        "convenor",
        "councillor",
        "councillors",
        "executives",
        "constable",
        "auditor",
        "registrar",
        "coroner",
        "ombudsman",
        "ordinators",
        "ordinator",
        "ords",
        "ord",
        "assistant",
        "assistants",
    }
)
#: Heads that make a post only with "of" after them ("Head of Policy"); "Head" alone may be a
#: school's head or a heading.
_HEADS_WITH_OF = frozenset({"head", "chief", "principal", "president", "deputy"})
#: Two-word heads where the last word alone would read otherwise ("Chief Executive" is a post,
#: "Executive" a group).
_TWO_WORD_HEADS = frozenset({"chief executive", "chief exec", "deputy leader", "chief constable"})
#: Words of a post's own domain that say which body it belongs to when the text does not:
#: a director of children's services works for the council of the plan's area.
_HOME_BODIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("police-force", frozenset({"constable", "police"})),
    (
        "council",
        frozenset(
            {
                "childrens services",
                "children services",
                "social services",
                "social care",
                "children and young peoples services",
                "education",
                "cabinet",
                "council",
                "portfolio",
                "councillor",
                "councillors",
                "democratic",
                "lead member",
                "mayor",
            }
        ),
    ),
)
#: Heads that make a post even with a directorate's name after them, no "of" between.
_INNER_HEADS = frozenset(
    {"director", "directors", "manager", "officer", "chair", "consultant", "nurse"}
)
#: Posts that, bare, are a council's ("the Leader", "Deputy Leader").
_COUNCIL_POSTS = frozenset({"leader", "the leader", "deputy leader", "leader of the council"})
_JOINED = (
    (re.compile(r"\bco ord"), "coord"),
    (re.compile(r"\bvice chair"), "vicechair"),
    (re.compile(r"\bco chair"), "cochair"),
)
#: What a plural post followed by it makes a group of: "Directors Group", "Managers Team".
_GATHERINGS = frozenset({"group", "groups", "team", "teams", "board", "panel", "forum", "meeting"})
_LINKS = frozenset({"of", "for", "in", "from", "at", "within", "to"})


class RoleReading(NamedTuple):
    """A post: the words before its head (as keys and as written), what follows "of", and
    the body category its own domain implies (None when only the plan's issuing body can
    tell)."""

    modifier: str
    of_text: str | None
    home: str | None
    modifier_text: str = ""
    head: str = ""


@lru_cache(maxsize=1 << 14)
def role_key(text: str) -> str:
    """``party_key`` with hyphenated post words joined: "Co-ordinator" -> "coordinator"."""
    key = cached_party_key(text)
    for pattern, joined in _JOINED:
        key = pattern.sub(joined, key)
    return key


def read_role(text: str) -> RoleReading | None:
    """Read ``text`` as a post, or None.

    >>> read_role("Chair of SLSCB")
    RoleReading(modifier='', of_text='SLSCB', home=None, modifier_text='', head='chair')
    >>> read_role("LSCB Business Manager").modifier
    'lscb business'
    >>> read_role("Quality and Performance Sub Group") is None
    True
    """
    key = role_key(text)
    words = key.split()
    if not words:
        return None
    link = next((i for i, w in enumerate(words) if w in _LINKS and i > 0), len(words))
    core = words[:link]
    last = core[-1]
    two = " ".join(core[-2:])
    if two in _TWO_WORD_HEADS:
        modifier, head = core[:-2], two
    elif last in ROLE_HEADS or (last in _HEADS_WITH_OF and link < len(words)):
        modifier, head = core[:-1], last
    else:
        # "Executive Director People": a post, then the directorate it heads; but "Directors
        # Group" is a group of those posts, named by its last word.
        inner = next((i for i, w in enumerate(core[:3]) if w in _INNER_HEADS), None)
        if inner is None or inner == len(core) - 1:
            return None
        if core[inner].endswith("s") and last in _GATHERINGS:
            return None
        modifier, head = core[:inner], core[inner]
    of_text = None
    if link < len(words) and words[link] == "of":
        of_text = _text_after_of(text)
    home = "council" if key in _COUNCIL_POSTS else _home(key)
    return RoleReading(" ".join(modifier), of_text, home, _leading(text, len(modifier)), head)


def _leading(text: str, count: int) -> str:
    """The words of ``text`` (as written) that give its first ``count`` key words."""
    if count == 0:
        return ""
    taken: list[str] = []
    seen = 0
    for word in text.split():
        if seen >= count:
            break
        size = len(role_key(word).split())
        if seen + size > count:
            # "LSC(Lead": one written word holding the last modifier word and the post. The
            # whole of it would make the modifier the post itself, read again as a post.
            word = _word_prefix(word, count - seen)
            if not word:
                break
            size = count - seen
        taken.append(word)
        seen += size
    return " ".join(taken)


def _word_prefix(word: str, needed: int) -> str:
    """The part of one written word, cut at a mark, that gives its first ``needed`` key
    words ("LSC(Lead", 1 -> "LSC"); "" when no cut does."""
    for cut in range(1, len(word)):
        if not word[cut].isalnum() and len(role_key(word[:cut]).split()) == needed:
            return word[:cut]
    return ""


def _text_after_of(text: str) -> str | None:
    found = re.search(r"\bof\b\s*", text, flags=re.IGNORECASE)
    if found is None:
        return None
    rest = " ".join(text[found.end() :].split())
    return rest or None


def _home(key: str) -> str | None:
    words = key.split()
    found = set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}
    found |= {" ".join(words[i : i + 5]) for i in range(len(words))}
    for body, telling in _HOME_BODIES:
        if not telling.isdisjoint(found):
            return body
    return None
