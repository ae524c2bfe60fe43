"""Parties 2.0 (SPEC): typed spans, place-led forms, context, dates, keys and precision cases.

Read against a small fixture register of real entries (``fixtures/register/``, each entry with
its source) so that these cases do not move when the shipped register is regenerated.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from normalise_helpers import document, raw_item

from workplan_extract.normalise import load_vocabulary, loading, normalise
from workplan_extract.normalise.abbreviations import read_key, stands_for
from workplan_extract.normalise.cells import match_party, parse_parties
from workplan_extract.normalise.context import NO_CONTEXT, PlanContext
from workplan_extract.normalise.vocab import Vocabulary
from workplan_extract.records import PartyRef

FIXTURE = Path(__file__).parent / "fixtures" / "register"
SLOUGH_2012 = PlanContext(
    earliest="2012-04-01", latest="2013-03-31", issuer="slough-lscb", areas=("E06000039",)
)
CORNWALL_2006 = PlanContext(earliest="2006-01-01", latest="2006-12-31", areas=("E06000052",))


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Vocabulary]:
    """The shipped seed entries with the fixture register and places."""
    shutil.copy(loading.DATA_DIR / "parties.json", tmp_path / "parties.json")
    for name in ("register.json", "places.json"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    yield load_vocabulary()


def read(
    text: str, vocabulary: Vocabulary, context: PlanContext = NO_CONTEXT
) -> list[tuple[str, str, str | None, str | None, str | None]]:
    refs, _ = parse_parties(text, vocabulary, context)
    return [(r.text, r.type, r.sector, r.place.code if r.place else None, r.id) for r in refs]


def one(text: str, vocabulary: Vocabulary, context: PlanContext = NO_CONTEXT) -> PartyRef:
    refs, _ = parse_parties(text, vocabulary, context)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize(
    "text",
    ["LB Enfield", "London Borough of Enfield", "Enfield Council", "Enfield", "the LB of Enfield"],
)
def test_place_led_forms_name_the_council(register: Vocabulary, text: str) -> None:
    ref = one(text, register)
    assert (ref.id, ref.type, ref.sector, ref.place) == (
        "enfield-council",
        "organisation",
        "local-government",
        ref.place,
    )
    assert ref.place is not None and ref.place.code == "E09000010"


def test_nhs_and_a_place_is_the_pct_only_in_the_pct_years(register: Vocabulary) -> None:
    pct_years = PlanContext(earliest="2008-04-01", latest="2009-03-31")
    ccg_years = PlanContext(earliest="2015-04-01", latest="2016-03-31")
    assert one("NHS Greenwich", register, pct_years).id == "greenwich-pct"
    assert one("Greenwich PCT", register, pct_years).id == "greenwich-pct"
    assert one("NHS Greenwich", register, ccg_years).id == "greenwich-ccg"
    undated, warnings = match_party("NHS Greenwich", register)
    assert (undated.id, undated.sector) == (None, "health")
    assert [w.code for w in warnings] == ["party.ambiguous"]


def test_a_body_outside_its_years_is_kept_with_a_warning(register: Vocabulary) -> None:
    ref, warnings = match_party("Greenwich PCT", register, PlanContext("2016-04-01", "2017-03-31"))
    assert ref.id == "greenwich-pct"
    assert [w.code for w in warnings] == ["party.anachronism"]
    assert "2013-03-31" in warnings[0].message


def test_generic_parties_are_the_plan_areas_bodies(register: Vocabulary) -> None:
    police = one("Police", register, SLOUGH_2012)
    assert (police.id, police.match, police.sector) == ("thames-valley-police", "context", "police")
    assert one("the Council", register, SLOUGH_2012).id == "slough-borough-council"
    assert one("Children's Services", register, SLOUGH_2012).id == "slough-borough-council"
    assert one("the Board", register, SLOUGH_2012).id == "slough-lscb"
    assert one("LSCB", register, SLOUGH_2012).id == "slough-lscb"
    assert one("SLSCB", register, SLOUGH_2012).id == "slough-lscb"
    assert one("Police", register, CORNWALL_2006).id == "devon-and-cornwall-police"


def test_without_an_area_generic_parties_are_typed_but_not_matched(register: Vocabulary) -> None:
    police, warnings = match_party("Police", register)
    assert (police.id, police.type, police.sector) == (None, "organisation", "police")
    assert [w.code for w in warnings] == ["party.unmatched"]
    # The seeds' London plans keep their reading: LSCB is London's LSCBs.
    assert one("LSCB", register).id == "lscbs"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Jim Reeves", [("Jim Reeves", "person", None, None, None)]),
        ("Cllr Langhorn", [("Cllr Langhorn", "person", None, None, None)]),
        (
            "Mr R  Barry, Mr J H Fleming",
            [
                ("Mr R Barry", "person", None, None, None),
                ("Mr J H Fleming", "person", None, None, None),
            ],
        ),
        (
            "Derek Rowell 823146, John Metcalfe 823825",
            [
                ("Derek Rowell", "person", None, None, None),
                ("John Metcalfe", "person", None, None, None),
            ],
        ),
        (
            "Nancy Barber/Jill King (BHFT) Chair of Quality and Performance Sub Group",
            [
                ("Nancy Barber", "person", None, None, None),
                ("Jill King", "person", None, None, None),
            ],
        ),
        ("Corporate Affairs", [("Corporate Affairs", "group", None, None, None)]),
        ("Democratic Services", [("Democratic Services", "group", "local-government", None, None)]),
        ("PCTs", [("PCTs", "collective", "health", None, None)]),
        ("all partner agencies", [("all partner agencies", "collective", None, None, None)]),
        ("QEG.", [("QEG.", "unknown", None, None, None)]),
        (
            "Director of Children’s Services",
            [
                ("Director of Children’s Services", "role", "local-government", None, None),
            ],
        ),
        (
            "Child Death Overview Panel",
            [("Child Death Overview Panel", "group", "partnership", None, None)],
        ),
    ],
)
def test_every_span_has_a_type(
    register: Vocabulary,
    cell: str,
    expected: list[tuple[str, str, str | None, str | None, str | None]],
) -> None:
    assert read(cell, register) == expected


def test_what_follows_a_name_is_its_qualifier_and_a_parenthesis_its_of(
    register: Vocabulary,
) -> None:
    refs, warnings = parse_parties("John Bentley 823346\nMr P Harris\nDeputy Leader", register)
    assert [(r.text, r.qualifier) for r in refs] == [
        ("John Bentley", "823346"),
        ("Mr P Harris", "Deputy Leader"),
    ]
    assert warnings == []
    jill = parse_parties("Nancy Barber/Jill King (BHFT) Chair of Q Sub Group", register)[0][1]
    assert jill.of is not None and (jill.of.id, jill.of.name) == (None, "BHFT")
    assert (jill.sector, jill.place) == (None, None)


def test_posts_belong_to_the_body_written_or_else_the_issuer(register: Vocabulary) -> None:
    chair = one("Chair of SLSCB", register, SLOUGH_2012)
    assert (chair.type, chair.sector, chair.of and chair.of.id) == (
        "role",
        "partnership",
        "slough-lscb",
    )
    manager = one("LSCB Business Manager", register, SLOUGH_2012)
    assert (manager.type, manager.id, manager.of and manager.of.id) == ("role", None, "slough-lscb")
    group = one("Quality and Performance Sub Group", register, SLOUGH_2012)
    assert (group.type, group.of and group.of.id) == ("group", "slough-lscb")
    dcs = one("Director of Children's Services", register, SLOUGH_2012)
    assert dcs.of is not None and dcs.of.id == "slough-borough-council"


def test_a_post_then_its_body_after_a_comma_is_one_party(register: Vocabulary) -> None:
    for context in (NO_CONTEXT, SLOUGH_2012):  # in Slough's plan too, it is Enfield's chair
        ref = one("LSCB Chair, LB Enfield", register, context)
        assert (ref.text, ref.type, ref.id) == ("LSCB Chair, LB Enfield", "role", None)
        assert ref.of is not None and ref.of.id == "enfield-lscb"
        assert ref.place is not None and ref.place.code == "E09000010"


@pytest.mark.parametrize(
    ("text", "not_id"),
    [
        ("LSCB Chair, LB Enfield", "lscb-chairs"),
        ("NE London Strategic Health Authority", "nhs-london"),
        ("London Probation", "probation"),
        ("LSCB Business Manager", "lscbs"),
        ("Jim Reeves", None),
    ],
)
def test_precision_cases_of_the_spec_match_no_wrong_body(
    register: Vocabulary, text: str, not_id: str | None
) -> None:
    for ref in parse_parties(text, register)[0]:
        assert ref.id is None, (text, ref.id, not_id)


def test_initials_before_to_and_a_verb_are_not_a_department(register: Vocabulary) -> None:
    refs, _ = parse_parties("DH to raise with the Home Office", register)
    assert (refs[0].text, refs[0].id, refs[0].type) == ("DH", None, "unknown")
    assert one("DH", register).id == "department-of-health"


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("the MPS", "metropolitan-police-service"),
        ("The Metropolitan Police", "metropolitan-police-service"),
        ("Barnado’s", "barnardos"),
        ("Barnardo's", "barnardos"),
    ],
)
def test_articles_possessives_and_single_word_typos_do_not_block_a_match(
    register: Vocabulary, text: str, entry_id: str
) -> None:
    assert one(text, register).id == entry_id


def test_a_body_with_a_successor_keeps_its_own_id(register: Vocabulary) -> None:
    ref = one("ALG", register)
    assert ref.id == "association-of-london-government"
    assert register.by_id["association-of-london-government"].successor == "london-councils"


def test_abbreviation_keys_are_read_from_paragraphs() -> None:
    found = read_key(
        [
            "Key: SG – Safeguarding Group; PM – Performance Management",
            "CCNM – Children’s Centre Network Manager",
            "Note – this is not a definition",
        ]
    )
    assert found == {
        "sg": "Safeguarding Group",
        "pm": "Performance Management",
        "ccnm": "Children’s Centre Network Manager",
    }
    assert stands_for("DfES", "Department for Education and Skills")
    assert not stands_for("SG", "Performance Management")


def test_a_document_key_reads_its_codes(register: Vocabulary) -> None:
    doc = document(
        "Windhill Children's Centres Network Service Development Plan 2013-2014",
        [raw_item("1", "Outreach", {"lead_parties": "SG\nCCNM"})],
    )
    doc = doc.model_copy(update={"preamble": ["Key: SG – Safeguarding Group"]})
    out = normalise(doc, key_texts=["CCNM – Children’s Centre Network Manager"])
    leads = out.items[0].lead_parties
    assert [(r.text, r.type) for r in leads] == [("SG", "group"), ("CCNM", "role")]
    without = normalise(document(doc.title or "", doc.items))
    assert [r.type for r in without.items[0].lead_parties] == ["unknown", "unknown"]
