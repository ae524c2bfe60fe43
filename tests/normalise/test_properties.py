"""Property tests: the grammar, the splitter, matching and normalise() as a whole."""

from __future__ import annotations

import copy
import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from normalise_helpers import assert_edtf_agrees, document, raw_item

from workplan_extract.normalise import (
    Vocabulary,
    load_vocabulary,
    match_party,
    normalise,
    parse_parties,
    parse_period,
    parse_timing,
    split_parties,
)
from workplan_extract.normalise.cells import read_spans
from workplan_extract.normalise.context import PlanContext
from workplan_extract.normalise.parties import ASIDE, WORD, tokenize
from workplan_extract.records import Item, Timing

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MONTHS = ["Jan", "January", "Feb", "Sept", "Sep", "March", "May", "June", "Oct.", "December"]
YEARS = st.integers(1995, 2030)
OPERATORS = [
    "",
    "Begin ",
    "from ",
    "by ",
    "before ",
    "due ",
    "end of ",
    "after ",
    "until ",
    "Website enhancement before ",
    "Report due ",
    "Meeting ",
]


def two_digits(year: int) -> str:
    return f"{year % 100:02d}"


ATOMS = st.one_of(
    st.builds(
        lambda d, m, y, s: f"{d}{s}{m}{s}{two_digits(y)}",
        st.integers(1, 31),
        st.integers(1, 12),
        YEARS,
        st.sampled_from([".", "/", "-"]),
    ),
    st.builds(lambda d, m, y: f"{d}th {m} {y}", st.integers(1, 31), st.sampled_from(MONTHS), YEARS),
    st.builds(lambda m, y: f"{m} {y}", st.sampled_from(MONTHS), YEARS),
    st.builds(lambda m, y: f"{m} '{two_digits(y)}", st.sampled_from(MONTHS), YEARS),
    st.builds(lambda m: m, st.sampled_from(MONTHS)),
    st.builds(lambda y: f"{y}/{two_digits(y + 1)}", YEARS),
    st.builds(lambda q, y: f"Q{q} {y}/{two_digits(y + 1)}", st.integers(1, 4), YEARS),
    st.builds(lambda q: f"Q{q}", st.integers(1, 4)),
    st.builds(
        lambda s, y: f"{s} {y}", st.sampled_from(["Spring", "summer", "Autumn", "Winter"]), YEARS
    ),
    st.builds(
        lambda p, m, y: f"{p} {m} {y}",
        st.sampled_from(["early", "mid", "late"]),
        st.sampled_from(MONTHS),
        YEARS,
    ),
    st.builds(
        lambda a, b, y: f"{a} – {b} {y}", st.sampled_from(MONTHS), st.sampled_from(MONTHS), YEARS
    ),
    st.builds(str, YEARS),
)
TIMINGS = st.builds(lambda op, atom: op + atom, st.sampled_from(OPERATORS), ATOMS)
PERIODS = st.sampled_from(
    [None, *(parse_period(f"Workplan {t}")[0] for t in ("2004", "2007/08", "1999/00", "2010"))]
)


def check_dates(timing: Timing) -> None:
    assert_edtf_agrees(timing)
    if timing.earliest is not None and timing.latest is not None:
        assert timing.earliest <= timing.latest
    if timing.kind in ("date", "period"):
        assert timing.earliest is not None and timing.latest is not None
    if timing.kind == "start":
        assert timing.earliest is not None and timing.latest is None
    if timing.kind == "deadline":
        assert timing.earliest is None and timing.latest is not None
    if timing.kind in ("ongoing", "unknown"):
        assert timing.edtf is None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TIMINGS, PERIODS)
def test_every_date_the_grammar_produces_is_valid_edtf_with_ordered_bounds(
    text: str, period: Timing | None
) -> None:
    timing, warnings = parse_timing(text, period)
    check_dates(timing)
    assert timing.text == text
    assert timing.year_inferred == any(w.code == "timing.year_inferred" for w in warnings)


@FAST
@given(st.text(max_size=40), PERIODS)
def test_any_text_reads_without_error_and_never_invents_bad_dates(
    text: str, period: Timing | None
) -> None:
    timing, warnings = parse_timing(text, period)
    check_dates(timing)
    if timing.kind == "unknown" and text.strip():
        # unknown is either a recognised status word (no warning) or flagged
        assert all(w.code.startswith("timing.") for w in warnings)


ALIASES = sorted({a for e in load_vocabulary().entries for a in (e.name, *e.aliases)})
SLOUGH = PlanContext(
    earliest="2012-04-01", latest="2013-03-31", issuer="slough-lscb", areas=("E06000039",)
)
NAME_WORDS = st.builds(
    lambda parts: "".join(parts).capitalize(),
    st.lists(
        st.sampled_from(["ka", "lo", "mi", "ren", "tor", "vel", "sa", "bri", "dun", "ash"]),
        min_size=2,
        max_size=3,
    ),
)
TITLED = st.builds(
    lambda title, initials, name: " ".join([title, *initials, name]),
    st.sampled_from(["Mr", "Mrs", "Ms", "Dr", "Cllr", "Councillor"]),
    st.lists(st.sampled_from(list("ABCDEGHJKMRST")), max_size=2),
    NAME_WORDS,
)
UNTITLED = st.builds(lambda first, last: f"{first} {last}", NAME_WORDS, NAME_WORDS)
PERSON = st.builds(
    lambda name, phone: f"{name} {phone}" if phone else name,
    st.one_of(TITLED, UNTITLED),
    st.one_of(st.none(), st.integers(800000, 899999)),
)
PEOPLE_CELLS = st.builds(
    lambda people, joins: "".join(p + j for p, j in zip(people, joins, strict=False)) + people[-1],
    st.lists(PERSON, min_size=1, max_size=3),
    st.lists(st.sampled_from([", ", "\n", "/", " & ", "; "]), min_size=2, max_size=2),
)
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFG’'.-0123", min_size=1, max_size=8)
PIECES = st.one_of(
    st.sampled_from(ALIASES),
    WORDS,
    st.builds(lambda a, w: f"{a} {w}", st.sampled_from(ALIASES), WORDS),
    st.builds(lambda w: f"({w})", WORDS),
)
JOINS = st.sampled_from(
    [
        ", ",
        " & ",
        " and ",
        "/",
        "\n",
        " – ",
        ": ",
        " supported by ",
        " with ",
        "; ",
        " ",
        "&\n",
        ",\n",
        "\n• ",
        " - ",
    ]
)
CELLS = st.builds(
    lambda first, rest: first + "".join(j + p for j, p in rest),
    PIECES,
    st.lists(st.tuples(JOINS, PIECES), max_size=6),
)


def assert_nothing_lost(cell: str, refined: bool = False) -> None:
    spans = read_spans(cell, context=SLOUGH) if refined else split_parties(cell)
    covered: set[int] = set()
    for span in spans:
        start, end = span.text_range
        assert span.text == " ".join(cell[start:end].split())
        covered.update(range(start, end))
        for a, b in span.qualifier_ranges:
            covered.update(range(a, b))
    for token in tokenize(cell):
        if token.kind == WORD:
            missing = [i for i in range(token.start, token.end) if i not in covered]
            assert not missing, (cell, cell[token.start : token.end], spans)
        if token.kind == ASIDE:
            inner = [i for i in range(token.start + 1, token.end - 1) if not cell[i].isspace()]
            assert all(i in covered for i in inner), (cell, spans)


@FAST
@given(CELLS)
def test_the_splitter_never_loses_text_other_than_separators(cell: str) -> None:
    assert_nothing_lost(cell)


@FAST
@given(st.text(max_size=60))
def test_the_splitter_never_loses_text_of_arbitrary_cells(cell: str) -> None:
    assert_nothing_lost(cell)


@FAST
@given(st.one_of(CELLS, PEOPLE_CELLS))
def test_reading_a_cell_never_loses_text(cell: str) -> None:
    """People split apart, posts joined to their bodies, portfolios made qualifiers: the
    texts and qualifiers of the parties still cover every word of the cell."""
    assert_nothing_lost(cell, refined=True)


@FAST
@given(PEOPLE_CELLS)
def test_a_persons_name_never_gets_an_organisation_id(cell: str) -> None:
    refs, _ = parse_parties(cell, context=SLOUGH)
    assert refs
    for ref in refs:
        assert ref.type == "person" and ref.id is None, (cell, ref)


@functools.cache
def _pristine() -> Vocabulary:
    """A vocabulary built afresh from the shared one's entries and never matched against."""
    shared = load_vocabulary()
    return Vocabulary(shared.entries, shared.places)


def _containers(vocabulary: Vocabulary) -> dict[str, int]:
    return {k: len(v) for k, v in vars(vocabulary).items() if isinstance(v, dict | list | set)}


def _just_built(pristine: Vocabulary) -> Vocabulary:
    """``pristine``'s indexes with caches of its own, empty: a vocabulary as it is when just
    built, without building one (tens of milliseconds) for each example. The caches are the
    containers that are empty in a vocabulary never matched against."""
    fresh = copy.copy(pristine)
    for name, value in vars(pristine).items():
        if isinstance(value, dict | list | set) and not value:
            setattr(fresh, name, type(value)())
    return fresh


@FAST
@given(st.one_of(PIECES, st.text(max_size=40)))
def test_matching_is_deterministic_and_independent_of_cache_state(text: str) -> None:
    shared = load_vocabulary()
    pristine = _pristine()
    before = _containers(pristine)
    assert not pristine._fuzzy_cache and not pristine.cell_cache
    fresh = _just_built(pristine)
    first = match_party(text, shared)
    assert match_party(text, shared) == first
    assert match_party(text, fresh) == first
    assert _containers(pristine) == before, "matching wrote into state the copies share"


ITEMS = st.lists(
    st.builds(
        lambda n, audience, lead, timings, money: raw_item(
            str(n),
            f"Item {n}",
            {
                "audience": audience,
                "lead_parties": lead,
                "timings": "\n".join(timings),
                "actions": money,
            },
            meetings=tuple(timings[:2]),
        ),
        st.integers(1, 99),
        CELLS,
        st.one_of(CELLS, PEOPLE_CELLS),
        st.lists(TIMINGS, min_size=1, max_size=3),
        st.sampled_from(["Projects budget - £25k", "GOL: @£50k", "Training - £", "none", "£1.2m"]),
    ),
    max_size=3,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            "London Board Workplan 2007/08",
            "LCPC Workplan 2004",
            "Workplan",
            "Slough LSCB (SLSCB) Business Plan 2012/13",
            "Cornwall LAA Action Plan 2006",
        ]
    ),
    ITEMS,
)
def test_normalising_twice_changes_nothing(title: str, items: list[Item]) -> None:
    once = normalise(document(title, items))
    assert normalise(once) == once
