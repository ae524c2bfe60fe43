"""Column mapping: the header vocabulary, and content overruling misleading headers."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from workplan_extract.headers import (
    header_vocabulary,
    header_words,
    match_header,
    not_workplan_kind,
    timing_role,
)
from workplan_extract.mapping import (
    cell_keys,
    is_row_number,
    is_workplan_header,
    map_columns,
    may_normalise_to,
    normalise_header,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Objectives & Actions", "actions"),
        ("Anticipated Outcomes/benefits", "outcomes"),
        ("Who the Actions are for", "audience"),
        ("Target Group", "audience"),
        ("Lead Parties", "lead_parties"),
        ("Responsible Party(ies)", "lead_parties"),
        ("Partners ", "partners"),
        ("Timing", "timings"),
        ("Timescales", "timings"),
        ("Activity", "actions"),
        # Real plans (tests/realworld): a Covalent export, a scrutiny SCRAIP, an AGS update.
        ("Code", "number"),
        ("Assigned To", "lead_parties"),
        ("Latest Note", "progress"),
        ("Timetable[iv]", "timings"),
        ("To be delivered by", "timings"),
        # Words a PDF fused at a wrap inside the header cell ("Current" / "Status").
        ("CurrentStatus", "status"),
        ("CurrentCommentary", "progress"),
        ("ResponsibleOwner", "lead_parties"),
        # A word a PDF broke inside a narrow header cell.
        ("Recomme ndation", "title"),
        ("Respons ibility", "lead_parties"),
    ],
)
def test_seed_and_common_headers(header: str, field: str) -> None:
    fields, score = match_header(header)
    assert fields == {field}
    assert score >= 90


def test_misspelt_header_still_maps() -> None:
    fields, score = match_header("Anticipated Outcomes/benifits")
    assert fields == {"outcomes"}
    assert 80 <= score < 100


def test_unrelated_header_is_other() -> None:
    assert match_header("Telephone extension") == (frozenset(), 0.0)
    cols = map_columns(["Telephone extension"], [["x"]])
    assert (cols[0].field, cols[0].basis) == ("other", "none")


def test_unlabelled_column_of_numbers_is_the_number_column() -> None:
    cols = map_columns(["", "Activity"], [["1", "2", "3"], ["a", "b", "c"]])
    assert (cols[0].field, cols[0].basis) == ("number", "content")


def test_item_column_holds_titles_or_numbers_by_content() -> None:
    titles = map_columns(["", "Item", "Activity"], [["1", "2"], ["Training", "Budget"], ["x", "y"]])
    assert [c.field for c in titles] == ["number", "title", "actions"]
    numbers = map_columns(
        ["Item", "Title", "Activity"], [["1", "2."], ["Training", "Budget"], ["x", "y"]]
    )
    assert [c.field for c in numbers] == ["number", "title", "actions"]
    assert numbers[0].basis == "content"


def test_number_and_title_go_to_one_column_each() -> None:
    cols = map_columns(["Title", "Theme", "Actions"], [["a"], ["b"], ["c"]])
    assert [c.field for c in cols] == ["title", "other", "actions"]


def test_workplan_headers_and_others() -> None:
    def workplan(headers: list[str]) -> bool:
        return is_workplan_header(map_columns(headers, [[] for _ in headers]))

    assert not workplan(["Name", "Organisation", "Present"])
    assert workplan(["", "Objectives & Actions", "Lead Parties", "Timing"])
    assert workplan(["Ref", "Action", "Outcome", "Lead", "Partners", "Timescale", "RAG"])
    # A forward plan of key decisions is no workplan, however many columns it maps.
    assert not workplan(
        ["Title", "Decision maker", "Date of decision", "Consultees", "Lead officer"]
    )


_HEADERISH = st.text(alphabet=st.sampled_from("aAbΣσς İ&/-_.,:\n\t1()"), max_size=24)


@given(_HEADERISH, _HEADERISH)
def test_the_first_word_test_never_rules_out_a_match(text: str, header: str) -> None:
    key = normalise_header(header)
    if normalise_header(text) == key:
        assert may_normalise_to(text, key)
    assert may_normalise_to(header, key)


def test_the_first_word_test_rules_out_an_ordinary_cell() -> None:
    key = normalise_header("Objectives & Actions")
    assert not may_normalise_to("Supporting London Boards\na) Facilitate networks", key)
    assert not may_normalise_to("", key) and may_normalise_to("", "")


@pytest.mark.parametrize(
    "header",
    [
        "a",
        "b",
        "K",
        "n =",
        "Key word",
        "Measure",
        "Agency",
        "Meeting Date",
        "Lead to better outcomes for",
        "Action on the streets of the capital was taken by",
        "What will it do for children",
        "Good is ?",
    ],
)
def test_letters_fragments_and_sentence_pieces_map_to_nothing(header: str) -> None:
    assert match_header(header) == (frozenset(), 0.0)


def test_whole_words_only() -> None:
    # "Lead" is a word of "Leadership" only as a fragment; "Timing" of "Timings" as a plural.
    assert match_header("Leadership") == (frozenset(), 0.0)
    assert match_header("Timings") == (frozenset({"timings"}), 100.0)
    assert header_words("Person/s Responsible (named)") == ("person", "s", "responsible")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Led by", "lead_parties"),
        ("Owner", "lead_parties"),
        ("By whom", "lead_parties"),
        ("Responsible officer", "lead_parties"),
        ("Person/s responsible", "lead_parties"),
        ("Lead agency", "lead_parties"),
        ("Accountable", "lead_parties"),
        ("Strategic responsibility", "lead_parties"),
        ("Assisted by", "partners"),
        ("Supported by", "partners"),
        ("Consultees", "partners"),
        ("Timescale", "timings"),
        ("By when", "timings"),
        ("Target date", "timings"),
        ("Timeline", "timings"),
        ("Deadline", "timings"),
        ("Start by", "timings"),
        ("Finish by", "timings"),
        ("End date", "timings"),
        ("RAG", "status"),
        ("RAG rating", "status"),
        ("Status", "status"),
        ("Current status", "status"),
        ("Progress Completed/ On Target/ Overdue", "status"),
        ("Progress", "progress"),
        ("Update on progress", "progress"),
        ("Commentary", "progress"),
        ("Action taken", "progress"),
        ("Milestones", "actions"),
        ("Key milestones", "actions"),
        ("Specific actions", "actions"),
        ("How will we do this?", "actions"),
        ("Objective", "title"),
        ("Priority", "title"),
        ("Theme", "title"),
        ("Work item", "title"),
        ("Governance issue", "title"),
        ("Recommendation", "title"),
        ("Ref", "number"),
        ("ID", "number"),
        ("No.", "number"),
    ],
)
def test_spec_header_vocabulary(header: str, field: str) -> None:
    assert match_header(header)[0] == {field}


def test_timing_roles_come_from_the_header() -> None:
    assert [timing_role(h) for h in ("Start by", "Finish by", "End date", "Target date")] == [
        "start",
        "deadline",
        "deadline",
        "deadline",
    ]
    assert timing_role("Timescale") is None and timing_role("Timing") is None


def test_other_kinds_of_table_are_named() -> None:
    risk = ["Risk", "Likelihood", "Impact", "Risk score", "Action", "Owner", "Target date"]
    assert not_workplan_kind(risk) == "risk register"
    assert not is_workplan_header(map_columns(risk, [[] for _ in risk]))
    assert not_workplan_kind(["Action", "Lead", "Timescale", "Risk"]) is None


@pytest.mark.parametrize(
    "text", ["1", "7.", "1.2", "1.1a", "2(b)", "A3", "CC1.1", "C1.1.1", "20000", "1)"]
)
def test_item_numbers_as_written(text: str) -> None:
    assert is_row_number(text)


@pytest.mark.parametrize(
    "text", ["", "a", "Core Board business", "2008/09", "1 - 2", "one", "12.5%"]
)
def test_not_item_numbers(text: str) -> None:
    assert not is_row_number(text)


def test_cell_keys_are_fixed_per_column() -> None:
    cols = map_columns(["No", "Action", "Lead", "Notes", "Lead", "Notes"], [[]] * 6)
    assert cell_keys(cols) == [
        "number",
        "actions",
        "lead_parties",
        "other",
        "lead_parties_2",
        "other_2",
    ]


def test_a_second_title_column_takes_its_next_field() -> None:
    cols = map_columns(["Theme", "Objective and outcome required", "Lead"], [[]] * 3)
    assert [c.field for c in cols] == ["title", "outcomes", "lead_parties"]


_LETTERS = st.lists(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), max_size=8
)


#: The vocabulary's own abbreviations in single letters ("S/N", "R/A/G"): a header of single
#: letters may map only when it spells one of them.
_LETTER_PHRASES = {
    phrase.words
    for _field, phrases in header_vocabulary().fields
    for phrase in phrases
    if phrase.words and all(len(word) == 1 for word in phrase.words)
}


def _spells_an_abbreviation(header: str) -> bool:
    words = header_words(header)
    return any(
        words[i : i + len(phrase)] == phrase
        for phrase in _LETTER_PHRASES
        for i in range(len(words))
    )


def test_the_vocabulary_spells_few_abbreviations_in_single_letters() -> None:
    assert sorted(_LETTER_PHRASES) == [("r", "a", "g"), ("s", "n")]


@given(_LETTERS, st.sampled_from([" ", " | ", "/", "\n"]))
@example(["S", "N"], " ")  # the rare draw that failed when only "R/A/G" was allowed
@example(["r", "a", "g"], "\n")
@example(["X", "S", "N", "A"], "/")
def test_single_letters_never_map(letters: list[str], sep: str) -> None:
    header = sep.join(letters)
    fields, _ = match_header(header)
    assert not fields or _spells_an_abbreviation(header)


@given(st.text(max_size=80))
def test_matching_never_fails_and_scores_stay_in_range(text: str) -> None:
    fields, score = match_header(text)
    assert (not fields and score == 0) or 80 <= score <= 100


def test_a_delivery_date_column_holds_deadlines() -> None:
    assert timing_role("To be delivered by") == "deadline"
    assert timing_role("Timetable") is None


def test_a_notes_column_stays_other() -> None:
    # "Latest Note" is a progress update; a bare "Notes" column may hold anything.
    assert match_header("Notes") == (frozenset(), 0.0)


def test_a_forecast_or_estimated_end_date_column_holds_deadlines() -> None:
    # Hampshire OPCC, Police and Crime Plan delivery progress (October 2019): "Sep ‘19" in a
    # "Forecast End Date" column is when the project is due to end, as in an "End date" one.
    assert timing_role("Forecast End Date") == "deadline"
    assert timing_role("Estimated completion date") == "deadline"
    # An actual end date is a record of the past, not a deadline.
    assert timing_role("Actual end date") is None


def test_an_inspections_area_for_improvement_is_the_title() -> None:
    # Rotherham YOS improvement action plan (2013), after an HMI Probation screening.
    assert match_header("AREA REQUIRING IMPROVEMENT (Recommendations)") == (
        frozenset({"title"}),
        100.0,
    )
    assert match_header("Areas for improvement")[0] == {"title"}


def test_a_priority_column_of_ratings_is_no_title() -> None:
    # Vale of Glamorgan library service Team Plan 2012/13: "Priority" holds a Word drop-down's
    # value and its list ("High HighMediumLow"); the action column names the item.
    headers = ["Action", "Priority", "Officer", "Finish Date"]
    contents = [
        ["Investigate options for collaborative working"],
        ["High HighMediumLow", "Medium", "Low"],
        ["Sian Jones"],
        ["31/3/2013"],
    ]
    fields = [c.field for c in map_columns(headers, contents)]
    assert fields == ["actions", "other", "lead_parties", "timings"]
    # A priority column that names priorities is still the title.
    named = map_columns(["Priority", "Action"], [["Priority 1: Early help"], ["Review"]])
    assert [c.field for c in named] == ["title", "actions"]


def test_an_officer_column_names_the_lead() -> None:
    assert match_header("Officer") == (frozenset({"lead_parties"}), 100.0)


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        # Stockton LSCB review progress update, Dec 2017 (tests/realworld/plans).
        (
            [
                "No.",
                "Recommendation",
                "Responsibility",
                "Date",
                "Progress\npresented to Committee\nDec 2017",
            ],
            ["number", "title", "lead_parties", "timings", "progress"],
        ),
        # Rotherham YOS improvement action plan, 2013 (tests/realworld/plans).
        (
            [
                "Ref No",
                "AREA REQUIRING IMPROVEMENT (Recommendations)",
                "Action Required",
                "Planned\nCompletion Date",
                "Lead Officer / Agency",
                "Progress against agreed action and impact monitoring",
            ],
            ["number", "title", "actions", "timings", "lead_parties", "progress"],
        ),
    ],
)
def test_a_header_opened_by_progress_names_the_progress_column(
    headers: list[str], fields: list[str]
) -> None:
    columns = map_columns(headers, [[] for _ in headers])
    assert [c.field for c in columns] == fields


def test_only_a_short_header_whose_words_match_nothing_is_read_by_its_first_word() -> None:
    # A phrase still wins: "Progress status" is the status column.
    assert match_header("Progress status")[0] == {"status"}
    # "progress" not first: no field.
    assert match_header("Assessment of progress Categories 1 - 4") == (frozenset(), 0.0)
    # A sentence, not a column name.
    long = "Progress was reviewed by the board at its meeting in March and found to be slow"
    assert match_header(long) == (frozenset(), 0.0)
