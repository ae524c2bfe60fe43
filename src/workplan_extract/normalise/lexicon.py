"""Words that say what sort of party a span is: heads of groups, classes of bodies and
organisations, and the words that tell a sector.

These are grammar, like the timing grammar's month names: small, closed lists of the words UK
plans use, checked against the real lead cells in ``tests/normalise/data/``. All words are
``party_key`` forms (lower case, apostrophes removed, "&" as "and").
"""

from __future__ import annotations

import itertools

from workplan_extract.records import PartyType, Sector

#: Last words of a sub-group, committee, team or department ("Quality and Performance Sub
#: Group", "Democratic Services", "Corporate Affairs").
GROUP_HEADS = frozenset(
    {
        "group",
        "groups",
        "subgroup",
        "subgroups",
        "sub",
        "panel",
        "committee",
        "committees",
        "subcommittee",
        "subcommittees",
        "panels",
        "team",
        "teams",
        "unit",
        "division",
        "department",
        "dept",
        "directorate",
        "section",
        "services",
        "affairs",
        "forum",
        "network",
        "hub",
        "cabinet",
        "executive",
        "steering",
        "taskforce",
        "workstream",
        "board",
        "office",
        "secretariat",
        "programme",
        "project",
        "activity",
    }
)
#: Plural nouns that make a span a class of bodies ("PCTs", "all partner agencies").
COLLECTIVE_HEADS = frozenset(
    {
        "agencies",
        "boroughs",
        "councils",
        "authorities",
        "las",
        "trusts",
        "pcts",
        "ccgs",
        "icbs",
        "lscbs",
        "scbs",
        "acpcs",
        "yots",
        "csps",
        "cdrps",
        "schools",
        "colleges",
        "partners",
        "partnerships",
        "organisations",
        "organizations",
        "bodies",
        "forces",
        "providers",
        "practices",
        "hospitals",
        "charities",
        "members",
        "networks",
        "localities",
        "professionals",
        "districts",
        "counties",
        "departments",
        "services",
        "sectors",
        "communities",
        "courts",
    }
)
#: Words before a plural that mark a class of bodies ("all agencies", "partner agencies").
COLLECTIVE_MARKERS = frozenset(
    {"all", "partner", "member", "participating", "statutory", "relevant", "other", "local"}
)
#: Last words of a body ("Territorial Police", "Crown Prosecution Service").
ORGANISATION_HEADS = frozenset(
    {
        "council",
        "police",
        "constabulary",
        "trust",
        "authority",
        "service",
        "agency",
        "association",
        "society",
        "foundation",
        "charity",
        "commission",
        "inspectorate",
        "ministry",
        "partnership",
        "hospital",
        "school",
        "college",
        "university",
        "centre",
        "center",
        "court",
        "prison",
        "brigade",
        "nhs",
        "pct",
        "ccg",
        "icb",
        "lscb",
        "scb",
        "acpc",
        "yot",
        "cdrp",
        "csp",
        "ltd",
        "limited",
        "plc",
        "cic",
        "connexions",
        "government",
        "alliance",
        "probation",
        "healthcare",
        "company",
    }
)
#: A sector's name alone as a party ("HEALTH" in a lead-agency row): that sector's bodies.
SECTOR_NAMES = frozenset({"health", "education", "housing"})
#: Words that are never part of a personal name: every head above, and the vocabulary of
#: posts, functions and portfolios ("Corporate Affairs", "Transport", "Life Chances").
NOT_NAME_WORDS = GROUP_HEADS | COLLECTIVE_HEADS | ORGANISATION_HEADS | frozenset({
        "of", "for", "and", "the", "to", "in", "with", "by", "on", "at", "all", "chair", "chairs",
        "director", "directors", "manager", "managers", "officer", "officers", "head", "lead",
        "leader", "member", "deputy", "assistant", "chief", "senior", "principal", "coordinator",
        "co", "ordinator", "children", "childrens", "young", "people", "family", "families", "adult",
        "adults", "youth", "social", "care", "health", "public", "mental", "education", "learning",
        "skills", "early", "help", "years", "intervention", "safeguarding", "safety", "community",
        "communities", "housing", "quality", "performance", "training", "development", "policy",
        "communications", "finance", "financial", "resources", "corporate", "democratic", "property",
        "legal", "audit", "planning", "transport", "economy", "economic", "regeneration", "culture",
        "leisure", "tourism", "environment", "highways", "strategy", "strategic", "operational",
        "management", "governance", "information", "technology", "data", "research", "evaluation",
        "monitoring", "support", "voluntary", "sector", "local", "national", "regional", "county",
        "borough", "city", "district", "area", "metropolitan", "london", "england", "uk", "pan",
        "virtual", "life", "chances", "placement", "portfolio", "holder", "task", "overview",
        "death", "review", "serious", "case", "joint", "procedures", "workforce", "implementation",
        "full", "extraordinary", "meeting", "business", "protection", "child", "designated", "named",
        "nurse", "nurses", "doctor", "police", "fire", "rescue", "probation", "prevention",
        "cruelty", "territorial", "crown", "prosecution", "justice", "offending", "customer",
        "champion", "efficient", "sustainable", "consumer", "infrastructure", "schools",
        "partnership", "partnerships", "localities", "unit", "integrated", "commissioning",
        "contracts", "procurement", "operations", "equalities", "diversity", "inclusion",
        "wellbeing", "welfare", "benefits", "revenues", "waste", "parks", "libraries", "adoption",
        "fostering", "disability", "disabilities", "special", "needs", "cse", "missing",
        "exploitation", "domestic", "violence", "abuse", "substance", "misuse", "drugs", "alcohol",
        "team", "sure", "start", "aid", "watch", "victim", "victims", "home", "action", "dev", "env",
        "issues", "north", "south", "east", "west", "central", "inner", "outer", "greater", "upper",
        "lower", "new", "great", "royal", "primary", "secondary", "nominated", "independent", "lay",
        "acting", "interim", "neighbourhood", "executive",
})  # fmt: skip

#: Words that tell a sector, most telling first; the first sector with a word in the span
#: wins. ``party_key`` forms, single words or two-word phrases.
SECTOR_WORDS: tuple[tuple[Sector, frozenset[str]], ...] = (
    ("inspectorate", frozenset({"ofsted", "inspectorate", "cqc", "hmic", "hmip", "csci"})),
    (
        "police",
        frozenset(
            {
                "police",
                "constabulary",
                "mps",
                "pcso",
                "pcsos",
                "cid",
                "superintendent",
                "constable",
                "detective",
                "sergeant",
            }
        ),
    ),
    ("fire", frozenset({"fire", "brigade", "frs"})),
    (
        "justice",
        frozenset(
            {
                "probation",
                "court",
                "courts",
                "cps",
                "prosecution",
                "prison",
                "prisons",
                "yot",
                "yots",
                "yos",
                "offending",
                "justice",
                "cafcass",
                "magistrates",
                "rehabilitation",
                "crc",
            }
        ),
    ),
    (
        "health",
        frozenset(
            {
                "nhs",
                "pct",
                "pcts",
                "ccg",
                "ccgs",
                "icb",
                "sha",
                "health",
                "hospital",
                "hospitals",
                "nurse",
                "nurses",
                "nursing",
                "doctor",
                "doctors",
                "gp",
                "gps",
                "clinical",
                "medical",
                "midwife",
                "midwives",
                "camhs",
                "paediatrician",
                "paediatricians",
                "healthcare",
                "visitors",
                "ambulance",
                "bhft",
                "primary care",
                "care trust",
            }
        ),
    ),
    (
        "partnership",
        frozenset(
            {
                "lscb",
                "lscbs",
                "scb",
                "scbs",
                "acpc",
                "acpcs",
                "cdop",
                "safeguarding",
                "partnership",
                "partnerships",
                "csp",
                "cdrp",
                "laa",
                "mash",
                "alliance",
                "wellbeing board",
                "child death",
            }
        ),
    ),
    (
        "education",
        frozenset(
            {
                "school",
                "schools",
                "college",
                "colleges",
                "university",
                "teacher",
                "teachers",
                "headteacher",
                "headteachers",
                "governors",
                "connexions",
                "lsc",
                "nursery",
                "education",
            }
        ),
    ),
    (
        "local-government",
        frozenset(
            {
                "council",
                "councils",
                "councillor",
                "councillors",
                "cllr",
                "borough",
                "boroughs",
                "la",
                "las",
                "lea",
                "cabinet",
                "portfolio",
                "mayor",
                "democratic",
                "childrens services",
                "children services",
                "social services",
                "social care",
                "social workers",
                "local authority",
                "local authorities",
                "virtual school",
                "government association",
            }
        ),
    ),
    (
        "central-government",
        frozenset(
            {
                "department",
                "dept",
                "ministry",
                "government",
                "ukba",
                "border",
                "dwp",
                "jobcentre",
                "whitehall",
            }
        ),
    ),
    (
        "voluntary",
        frozenset(
            {
                "voluntary",
                "charity",
                "charities",
                "vcs",
                "cvs",
                "ncvcco",
                "nspcc",
                "barnardos",
                "kidscape",
                "third sector",
            }
        ),
    ),
    ("housing", frozenset({"housing", "tenants", "landlords", "rsl", "almo"})),
    ("community", frozenset({"community", "communities", "residents", "faith", "parents"})),
)


def sector_of(key: str) -> Sector | None:
    """The sector a span's words tell, or None.

    >>> sector_of("director of childrens services")
    'local-government'
    """
    words = key.split()
    # Two-word phrases first: "virtual school" is the council's, "school" alone education.
    best = min(
        (
            _SECTOR_RANK[f"{a} {b}"]
            for a, b in itertools.pairwise(words)
            if f"{a} {b}" in _SECTOR_RANK
        ),
        default=None,
    )
    if best is None:
        best = min((_SECTOR_RANK[w] for w in words if w in _SECTOR_RANK), default=None)
    return None if best is None else SECTOR_WORDS[best][0]


#: Word or phrase -> the rank of the first sector listing it in ``SECTOR_WORDS`` (one dict
#: lookup per word instead of a set test per sector: this runs for every unmatched span).
_SECTOR_RANK: dict[str, int] = {}
for _rank, (_sector, _telling) in enumerate(SECTOR_WORDS):
    for _word in _telling:
        _SECTOR_RANK.setdefault(_word, _rank)


def head_type(key: str) -> PartyType | None:
    """What the span's last word makes it: a group, a class of bodies or a body; else None.

    >>> head_type("quality and performance sub group"), head_type("all partner agencies")
    ('group', 'collective')
    """
    words = key.split()
    if not words:
        return None
    if key in SECTOR_NAMES:
        return "collective"
    last = words[-1]
    if last in COLLECTIVE_HEADS and not (last == "services" and _department(words)):
        return "collective"
    if last == "board":
        return "group" if len(words) > 1 and words[-2] in _BOARD_FUNCTIONS else "organisation"
    if last in GROUP_HEADS:
        return "group"
    if last in ORGANISATION_HEADS:
        return "organisation"
    if len(words) > 1 and words[0] in COLLECTIVE_MARKERS and last.endswith("s"):
        return "collective"
    return None


#: A board named for what it does is a body's group ("Editorial Board", "YOS Management
#: Board"); a board named for its subject is a body of its own ("Health and Wellbeing Board").
_BOARD_FUNCTIONS = frozenset(
    {
        "editorial",
        "executive",
        "management",
        "programme",
        "project",
        "steering",
        "advisory",
        "scrutiny",
        "operational",
        "strategic",
        "delivery",
        "partnership",
        "exec",
    }
)
#: Heads of a part of a body: such a group with no "of" belongs to the plan's issuing body.
PART_HEADS = frozenset(
    {
        "group",
        "groups",
        "subgroup",
        "subgroups",
        "sub",
        "panel",
        "team",
        "teams",
        "unit",
        "section",
        "workstream",
        "services",
        "affairs",
        "department",
        "dept",
        "directorate",
        "division",
        "activity",
        "committee",
        "subcommittee",
        "cabinet",
        "executive",
        "board",
        "office",
        "secretariat",
    }
)


def _department(words: list[str]) -> bool:
    """ "Democratic Services", "Property Services": one department, not a class of bodies.
    "All services", "partner services", "health services" are classes."""
    if len(words) < 2:
        return False
    return words[0] not in COLLECTIVE_MARKERS and words[-2] not in ("health", "partner", "public")
