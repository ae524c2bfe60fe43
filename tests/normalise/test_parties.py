"""Splitting party cells into spans and matching spans to the vocabulary, on the seed cells."""

from __future__ import annotations

import pytest

from workplan_extract.normalise import (
    VocabEntry,
    Vocabulary,
    match_party,
    parse_parties,
    split_parties,
)

ALG = "association-of-london-government"
MPS = "metropolitan-police-service"
GOL = "government-office-for-london"
LSCB = "london-safeguarding-children-board"
LCS = "london-councils"

Row = tuple[str, str | None, str | None]


def parties(cell: str) -> list[Row]:
    refs, _ = parse_parties(cell)
    return [(ref.text, ref.qualifier, ref.id) for ref in refs]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "ALG, boroughs, DfES",
            [("ALG", None, ALG), ("boroughs", None, "london-boroughs"), ("DfES", None, "dfes")],
        ),
        (
            "ALG\nALG  – DV Forum\nMPS, ALG, Barnardos – Sexual Exploitation Steering Group\nMPS",
            [
                ("ALG", None, ALG),
                ("ALG", "DV Forum", ALG),
                ("MPS", "Sexual Exploitation Steering Group", MPS),
                ("ALG", "Sexual Exploitation Steering Group", ALG),
                ("Barnardos", "Sexual Exploitation Steering Group", "barnardos"),
                ("MPS", None, MPS),
            ],
        ),
        (
            "ALG, London Connects, NHS, DfES & Boroughs",
            [
                ("ALG", None, ALG),
                ("London Connects", None, "london-connects"),
                ("NHS", None, "nhs"),
                ("DfES", None, "dfes"),
                ("Boroughs", None, "london-boroughs"),
            ],
        ),
        ("ALG & GLADSS", [("ALG", None, ALG), ("GLADSS", None, "gladss")]),
        ("ALG, MPS & GLADSS", [("ALG", None, ALG), ("MPS", None, MPS), ("GLADSS", None, "gladss")]),
        ("NHS & MPS", [("NHS", None, "nhs"), ("MPS", None, MPS)]),
        (
            "ALG, MPS, Boroughs, NHS, NCH, Courts, Probation",
            [
                ("ALG", None, ALG),
                ("MPS", None, MPS),
                ("Boroughs", None, "london-boroughs"),
                ("NHS", None, "nhs"),
                ("NCH", None, "nch"),
                ("Courts", None, "courts"),
                ("Probation", None, "probation"),
            ],
        ),
        (
            "London Board supported by London Councils",
            [("London Board", None, LSCB), ("London Councils", "supported by", LCS)],
        ),
        (
            "London Board supported by London Councils,\nparticipating LAs, DfES, HO",
            [
                ("London Board", None, LSCB),
                ("London Councils", "supported by", LCS),
                ("participating LAs", None, "london-boroughs"),
                ("DfES", None, "dfes"),
                ("HO", None, "home-office"),
            ],
        ),
        (
            "London Board supported by London Councils,\nNHS & MPS",
            [
                ("London Board", None, LSCB),
                ("London Councils", "supported by", LCS),
                ("NHS", None, "nhs"),
                ("MPS", None, MPS),
            ],
        ),
        ("• GOL Children & Learners Division", [("GOL", "Children & Learners Division", GOL)]),
        (
            "• Board member agencies\n• Agencies/ professionals with specific expertise",
            [
                ("Board member agencies", None, "board-member-agencies"),
                ("Agencies/ professionals with specific expertise", None, None),
            ],
        ),
        (
            "London Councils, MPS, GOL & CSIP",
            [
                ("London Councils", None, LCS),
                ("MPS", None, MPS),
                ("GOL", None, GOL),
                ("CSIP", None, "csip"),
            ],
        ),
        (
            "GOL & CSIP: project finance;",
            [("GOL", "project finance", GOL), ("CSIP", "project finance", "csip")],
        ),
        (
            "LSCB Chairs, ALDCS, London Safeguarding Children Professionals’ networks/agencies",
            [
                ("LSCB Chairs", None, "lscb-chairs"),
                ("ALDCS", None, "aldcs"),
                ("London Safeguarding Children Professionals’ networks/agencies", None, None),
            ],
        ),
        ("ACPCs – Chairs & \nCo-ordinators", [("ACPCs", "Chairs & Co-ordinators", "acpcs")]),
        ("Directors of Children Services", [("Directors of Children Services", None, None)]),
        (
            "MPS, Children’s Bill, GLA Strategy for children",
            [
                ("MPS", None, MPS),
                ("Children’s Bill", None, None),
                ("GLA", "Strategy for children", "greater-london-authority"),
            ],
        ),
        (
            "Participating boroughs & their local communities,\nLSCB Chairs & ALDCS and London "
            "Safeguarding Children Professionals’ networks/agencies",
            [
                ("Participating boroughs", "& their local communities", "london-boroughs"),
                ("LSCB Chairs", None, "lscb-chairs"),
                ("ALDCS", None, "aldcs"),
                ("London Safeguarding Children Professionals’ networks/agencies", None, None),
            ],
        ),
        ("All agencies", [("All agencies", None, None)]),
        (
            "Service & IT managers in agencies\nNon-IRT pilot boroughs",
            [
                ("Service & IT managers in agencies", None, None),
                ("Non-IRT pilot boroughs", None, None),
            ],
        ),
        ("London Councils (formerly ALG)", [("London Councils", "formerly ALG", LCS)]),
        (
            "Social services – secondment (as above)",
            [("Social services", "secondment (as above)", None)],
        ),
        (
            "Department for Children, Schools & Families and MPS",
            [("Department for Children, Schools & Families", None, "dcsf"), ("MPS", None, MPS)],
        ),
        ("ALG with GOL", [("ALG", None, ALG), ("GOL", "with", GOL)]),
        ("Funding via GOL", [("Funding", None, None), ("GOL", "via", GOL)]),
        ("LSCBs/SCBs", [("LSCBs", None, "lscbs"), ("SCBs", None, "lscbs")]),
    ],
)
def test_seed_party_cells(cell: str, expected: list[Row]) -> None:
    assert parties(cell) == expected


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("Metropolitan Police", MPS),
        ("Met Police Service", MPS),
        ("met police", MPS),
        ("Govt Office for London", GOL),
        ("Barnardos", "barnardos"),
        ("Barnardo’s", "barnardos"),
        ("BARNARDOS", "barnardos"),
        ("London Councils (formerly ALG)", LCS),
        ("Gol", GOL),
        ("Dept. for Education & Skills", "dfes"),
        ("LA’s", "london-boroughs"),
    ],
)
def test_alias_matching_ignores_case_punctuation_and_apostrophes(text: str, entry_id: str) -> None:
    ref, warnings = match_party(text)
    assert (ref.id, ref.match, ref.score, warnings) == (entry_id, "alias", 100.0, [])


def test_the_canonical_name_is_an_exact_match() -> None:
    ref, _ = match_party("Government Office for London")
    assert (ref.id, ref.name, ref.match, ref.score) == (
        GOL,
        "Government Office for London",
        "exact",
        100.0,
    )


def test_a_typo_matches_fuzzily_with_a_score_and_a_warning() -> None:
    ref, warnings = match_party("Assocation of London Government")
    assert (ref.id, ref.match, ref.text) == (ALG, "fuzzy", "Assocation of London Government")
    assert 85 <= ref.score < 100
    assert [w.code for w in warnings] == ["party.fuzzy"]


@pytest.mark.parametrize(
    "text",
    [
        "Zorvakid",
        "MSP",
        "GLAS",
        "ALGG",
        "NHSL",
        "Metro",
    ],
)
def test_no_forced_matches(text: str) -> None:
    ref, warnings = match_party(text)
    assert (ref.id, ref.name, ref.match, ref.score) == (None, None, "unmatched", 0.0)
    assert ref.text == text
    assert [w.code for w in warnings] == ["party.unmatched"]
    assert text in warnings[0].message


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Directors of Children Services", "role"), ("All agencies", "collective")],
)
def test_posts_and_classes_of_bodies_match_no_entry_and_are_no_doubt(text: str, kind: str) -> None:
    """Posts and classes have no entries by nature: typed, id null, and no warning."""
    ref, warnings = match_party(text)
    assert (ref.id, ref.match, ref.type, warnings) == (None, "unmatched", kind, [])


def test_fuzzy_needs_a_clear_lead_over_the_runner_up() -> None:
    vocabulary = Vocabulary(
        (
            VocabEntry("youth-forum-north", "London Youth Forum North", "group"),
            VocabEntry("youth-forum-south", "London Youth Forum South", "group"),
        )
    )
    # Scores 95.8 and 87.5: 8.3 points ahead, just clear of the margin.
    clear, _ = match_party("London Youth Forim North", vocabulary)
    assert (clear.id, clear.match) == ("youth-forum-north", "fuzzy")
    # Two names a letter apart: a typo of either is as near the other; no clear winner.
    twins = Vocabulary(
        (
            VocabEntry("kalo-network", "Kalo Youth Network", "group"),
            VocabEntry("kalo-networks", "Kalo Youth Networks", "group"),
        )
    )
    tie, _ = match_party("Kalo Youth Netwrk", twins)
    assert (tie.id, tie.match) == (None, "unmatched")


def test_fuzzy_never_adds_drops_or_changes_a_direction() -> None:
    """A typo in a word that tells areas apart is not read as the nearest area."""
    vocabulary = Vocabulary(
        (
            VocabEntry("youth-forum-north", "London Youth Forum North", "group"),
            VocabEntry("london-sha", "London Strategic Health Authority", "organisation"),
        )
    )
    for text in ("London Youth Forum Northh", "NE London Strategic Health Authority"):
        ref, _ = match_party(text, vocabulary)
        assert (ref.id, ref.match) == (None, "unmatched"), text


def test_aliases_of_one_entry_are_not_each_others_runner_up() -> None:
    vocabulary = Vocabulary(
        (VocabEntry("lyf", "London Youth Forum", "group", aliases=("The London Youth Forum",)),)
    )
    ref, _ = match_party("Londn Youth Forum", vocabulary)
    assert (ref.id, ref.match) == ("lyf", "fuzzy")


def test_unmatched_spans_keep_their_text_and_warn() -> None:
    refs, warnings = parse_parties("• Board member agencies\n• Children’s Bill")
    assert refs[1].text == "Children’s Bill"
    assert (refs[1].id, refs[1].type) == (None, "unknown")
    assert [w.code for w in warnings] == ["party.unmatched"]


def test_spans_record_where_they_came_from() -> None:
    cell = "GOL & CSIP: project finance;"
    spans = split_parties(cell)
    assert [cell[a:b] for a, b in (s.text_range for s in spans)] == ["GOL", "CSIP"]
    assert [[cell[a:b] for a, b in s.qualifier_ranges] for s in spans] == [["project finance"]] * 2


def test_empty_and_separator_only_cells_give_no_spans() -> None:
    assert split_parties("") == []
    assert split_parties(" ,; & \n• ") == []


def test_a_post_glued_to_its_body_by_a_bracket_is_read_once() -> None:
    # Fuzz find (a mutated realworld/parties.tsv cell): "LSC(Lead" is one written word that
    # gives two key words. The post's modifier, taken as whole written words, was the whole
    # of it, so the body before the post was read as the post again: RecursionError.
    from workplan_extract.normalise.roles import read_role

    role = read_role("LSC(Lead")
    assert role is not None and (role.modifier_text, role.head) == ("LSC", "lead")
    refs, warnings = parse_parties("LSC(Lead: ss")
    assert [(r.text, r.type, r.qualifier) for r in refs] == [("LSC(Lead", "role", "ss")]
    assert refs[0].of is not None and refs[0].of.name == "LSC"
    assert warnings == []


def test_the_body_after_of_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fuzz find (a mutated realworld/parties.tsv cell of "Chair of ... (BHFT) Chair of ..."
    # took 52 s): the text after "of" was read for its body and again for its place, and in
    # "Chair of Chair of ... NCVCCO" each of those readings is a post again: 2**depth readings.
    from workplan_extract.normalise import classify

    calls: list[str] = []
    real = classify.read_span

    def counted(text: str, *args: object, **kwargs: object) -> object:
        calls.append(text)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(classify, "read_span", counted)
    refs, warnings = parse_parties("Chair of " * 6 + "NCVCCO")
    assert calls == ["Chair of " * n + "NCVCCO" for n in range(5, -1, -1)]  # was 126 readings
    assert (refs[0].type, refs[0].sector, warnings) == ("role", "voluntary", [])
    assert refs[0].of is not None and refs[0].of.name == "Chair of " * 5 + "NCVCCO"
