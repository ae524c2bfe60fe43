"""Property tests of the timing grammar's promise: a date only from words it read.

(a) An unknown word put inside a dated phrase never yields a date that reads across it: the
    result is either no date, or the reading of the words after the unknown word alone (the
    unknown word and what precedes it being the subject).
(b) A phrase reads the same whatever subject text precedes it, and that text is the subject.
The one shortcut of the reader (no phrase is tried at a word the grammar does not know) is
checked against trying every start.
Subject and inserted words are made of letters and are words the grammar does not know
(``grammar.KNOWN_WORDS``): a known word before a phrase is part of the grammar's business
("before", "Slipped", "Phase 2"), tested in ``test_timings_2.py``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from normalise_helpers import assert_edtf_agrees

from workplan_extract.normalise import parse_period, parse_timing
from workplan_extract.normalise.grammar import KNOWN_WORDS, lower_same_length, tokenize
from workplan_extract.normalise.phrases import PhraseReader
from workplan_extract.normalise.readings import read
from workplan_extract.normalise.timings import _leftmost, pivot_year
from workplan_extract.records import Timing

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YEARS = st.integers(1995, 2030)
MONTHS = st.sampled_from(
    ["Jan", "January", "Feb", "Sept", "March", "May", "June", "Jul", "Oct.", "December"]
)
DAYS = st.integers(1, 28)
OPS = st.sampled_from(
    ["", "by ", "before ", "by the end of ", "end of ", "from ", "until ", "due ", "in ",
     "Begin ", "after ", "no later than ", "during ", "early ", "mid ", "late ", "w/c "]
)  # fmt: skip


def yy(year: int) -> str:
    return f"{year % 100:02d}"


ATOMS = st.one_of(
    st.builds(lambda d, m, y: f"{d} {m} {y}", DAYS, MONTHS, YEARS),
    st.builds(lambda d, m, y: f"{d}th {m} {y}", DAYS, MONTHS, YEARS),
    st.builds(lambda d, m, y: f"{d}.{m}.{yy(y)}", DAYS, st.integers(1, 12), YEARS),
    st.builds(lambda m, y: f"{m} {y}", MONTHS, YEARS),
    st.builds(lambda m, y: f"{m[:3]}-{yy(y)}", MONTHS, YEARS),
    st.builds(lambda d, m, y: f"{d}-{m[:3]}-{yy(y)}", DAYS, MONTHS, YEARS),
    st.builds(lambda y: f"{y}/{yy(y + 1)}", YEARS),
    st.builds(lambda q, y: f"Q{q} {y}/{yy(y + 1)}", st.integers(1, 4), YEARS),
    st.builds(lambda s, y: f"{s} {y}", st.sampled_from(["Spring", "summer", "Autumn"]), YEARS),
    st.builds(lambda y: f"the Autumn of {y}", YEARS),
    st.builds(lambda y, n: f"{y} – {yy(y + n)}", YEARS, st.integers(2, 5)),
    st.builds(lambda y: f"June/July {y}", YEARS),
    st.builds(lambda a, b, y: f"{a}th & {a + b}th March {y}", DAYS, st.integers(1, 3), YEARS),
    st.builds(lambda y: f"March – May {y}", YEARS),
    st.builds(lambda d, y: f"{d} May {y} - {d} June {y}", DAYS, YEARS),
    st.builds(lambda y: str(y), YEARS),
)
PHRASES = st.builds(lambda op, atom: op + atom, OPS, ATOMS)
WORDLESS = st.text(alphabet="bcdfghjklpqrvwxz", min_size=3, max_size=8)
UNKNOWN = WORDLESS.filter(lambda w: w not in KNOWN_WORDS).map(str.capitalize)
PERIODS = st.sampled_from(
    [None, *(parse_period(f"Workplan {t}")[0] for t in ("2004", "2007/08", "2012/13"))]
)


def dates_of(timing: Timing) -> tuple[object, ...]:
    return (timing.kind, timing.edtf, timing.earliest, timing.latest, timing.recurrence)


@PROPERTY
@given(PHRASES, UNKNOWN, st.data(), PERIODS)
def test_an_unknown_word_inside_a_phrase_is_never_read_across(
    phrase: str, word: str, data: st.DataObject, period: Timing | None
) -> None:
    words = phrase.split()
    at = data.draw(st.integers(1, len(words)), label="insert before word")
    text = " ".join([*words[:at], word, *words[at:]])
    timing, warnings = parse_timing(text, period)
    assert_edtf_agrees(timing)
    if timing.edtf is None:
        return
    # A date: then only from the words after the unknown one.
    assert at < len(words), f"{text!r} read as {timing.edtf} with {word!r} after the date"
    alone, _ = parse_timing(" ".join(words[at:]), period)
    assert dates_of(timing) == dates_of(alone), text
    assert timing.subject is not None and timing.subject.endswith(word)
    del warnings


@PROPERTY
@given(PHRASES, st.lists(UNKNOWN, min_size=1, max_size=4), PERIODS)
def test_a_phrase_reads_the_same_whatever_subject_precedes_it(
    phrase: str, subject_words: list[str], period: Timing | None
) -> None:
    alone, alone_warnings = parse_timing(phrase, period)
    assume(alone.kind != "unknown" and alone.subject is None)
    subject = " ".join(subject_words)
    timing, warnings = parse_timing(f"{subject} {phrase}", period)
    assert dates_of(timing) == dates_of(alone)
    assert timing.year_inferred == alone.year_inferred
    assert timing.subject == subject
    assert [w.code for w in warnings] == [w.code for w in alone_warnings]


@PROPERTY
@given(PHRASES, PERIODS)
def test_every_phrase_reads_to_valid_edtf_or_to_an_unknown_with_a_warning(
    phrase: str, period: Timing | None
) -> None:
    timing, warnings = parse_timing(phrase, period)
    assert_edtf_agrees(timing)
    if timing.kind == "unknown":
        assert warnings and all(w.code.startswith("timing.") for w in warnings)
    assert timing.year_inferred == any(w.code == "timing.year_inferred" for w in warnings)


@PROPERTY
@given(
    st.sampled_from(
        ["Ongoing", "TBC", "Completed", "Annually", "Quarterly", "To be advised", "Continuous"]
    ),
    st.lists(UNKNOWN, min_size=1, max_size=3),
)
def test_status_words_read_the_same_after_a_subject(word: str, subject_words: list[str]) -> None:
    alone, _ = parse_timing(word)
    subject = " ".join(subject_words)
    timing, _ = parse_timing(f"{subject} – {word}")
    assert dates_of(timing) == dates_of(alone)
    assert timing.subject == subject


def _leftmost_slow(line: str, period: Timing | None) -> tuple[int, object] | None:
    """``timings._leftmost`` without its skip of words the grammar does not know."""
    tokens = tokenize(lower_same_length(line))
    reader = PhraseReader(tokens, line, pivot_year(period))
    for i in range(len(tokens)):
        if reader.can_start(i):
            reading = read(reader, i, len(tokens))
            if reading is not None:
                return i, reading
    return None


def _leftmost_fast(line: str, period: Timing | None) -> tuple[int, object] | None:
    tokens = tokenize(lower_same_length(line))
    return _leftmost(PhraseReader(tokens, line, pivot_year(period)), len(tokens))


@PROPERTY
@given(st.lists(st.one_of(PHRASES, UNKNOWN, st.sampled_from(sorted(KNOWN_WORDS))), max_size=5))
def test_the_start_skip_finds_what_trying_every_start_finds(parts: list[str]) -> None:
    line = " ".join(parts)
    assume(line.strip())
    for period in (None, parse_period("Plan 2012/13")[0]):
        assert _leftmost_fast(line, period) == _leftmost_slow(line, period)


@PROPERTY
@given(
    st.sampled_from(["Jan", "Feb", "March", "April", "May", "June", "Sept", "Oct", "Dec"]),
    st.integers(min_value=1, max_value=31),
    st.integers(min_value=1995, max_value=2030),
)
def test_a_month_and_two_digits_read_as_a_plan_year_or_not_at_all(
    month: str, number: int, first: int
) -> None:
    period = parse_period(f"Action Plan {first}-{first + 3}")[0]
    timing, warnings = parse_timing(f"{month} {number}", period)
    codes = [w.code for w in warnings]
    if timing.kind == "unknown":
        assert timing.edtf is None and codes
        return
    assert timing.earliest is not None and codes == ["timing.short_year"]
    assert first - 1 <= timing.earliest.year <= first + 5
    assert timing.earliest.year % 100 == number and timing.earliest.day == 1
