"""Words that look misread against the rest of the document, each rule on its own."""

from __future__ import annotations

from workplan_extract.readers.ocr.suspects import find_suspects

WORDS = frozenset({"provide", "better", "through", "joint", "within", "into", "training", "ofthe"})


def _doubted(texts: list[str], words: frozenset[str] = WORDS) -> list[list[str]]:
    return [[s.text for s in found] for found in find_suspects(texts, words)]


def test_a_word_written_once_beside_its_twin_written_often() -> None:
    texts = [
        "Chair London IRT forum.",
        "Monitor IRF pilots.",  # an acronym: doubted though "IRF" may be a word somewhere
        "Chair London IRT IT forum",
        "a) Provide small grants",
        "c) Previde support",  # no word, one letter from "Provide"
        "d) Provide more",
    ]
    found = find_suspects(texts, WORDS)
    assert [[s.text for s in f] for f in found] == [[], ["IRF"], [], [], ["Previde"], []]
    assert found[1][0].why == 'where the document elsewhere writes "IRT" (2 times)'


def test_plurals_possessives_and_words_are_not_doubted() -> None:
    texts = [
        "Board’s ability",
        "the Board’s work",
        "Supporting Boards",  # a plural beside a possessive
        "better better training",
        "more trainings",  # "training" + s
    ]
    assert _doubted(texts) == [[], [], [], [], []]


def test_words_run_together() -> None:
    texts = [
        "raised throughjoint initiatives",  # two words of the word list
        "approval ofthe new Procedures",  # "of" + "the", though the word list has it
        "within a year, into the plan",  # words themselves: never doubted
    ]
    assert _doubted(texts) == [["throughjoint"], ["ofthe"], []]


def test_a_dash_run_into_the_next_word_and_stray_quotes() -> None:
    texts = [
        "a) -c) London practice",
        "better training’ for all",  # a closing quote with no opening one: dust
        "‘best practice’ standardised",  # a quotation: fine
        "Professionals’ networks, Children’s services",  # possessives: fine
        "Board member “agencies",
    ]
    assert _doubted(texts) == [["-c)"], ["training’"], [], [], ["“agencies"]]


def test_without_a_word_list_only_the_document_counts() -> None:
    texts = ["Monitor IRF pilots", "IRT forum", "IRT seminar", "Previde support", "Provide it"]
    # "Previde": "Provide" is written once only, so it is no twin to go by.
    assert _doubted(texts, frozenset()) == [["IRF"], [], [], [], []]


def test_a_stop_only_one_item_of_its_list_has() -> None:
    # The LSCB scan: dust after "year" read as a stop, in a list whose other items have none.
    texts = [
        "Progressing Safeguarding Children Joint-initiatives",
        "a) Promote London-wide awareness-raising e.g. DV, FGM",
        "b) Propose Child Death Review Panels framework and standards",
        "c) Review of London Serious Case Reviews",
        "d) Support London LSCBs to respond to children under one year.",
    ]
    found = find_suspects(texts, WORDS)
    assert [[s.text for s in f] for f in found] == [[], [], [], [], ["year."]]
    assert found[4][0].why == "with a full stop the list's other items lack (dust?)"


def test_stops_that_are_the_lists_own_habit_are_not_doubted() -> None:
    texts = [
        # Every item stopped, or most: the author's habit.
        "a) Agree the plan.",
        "b) Publish the plan.",
        "c) Review the plan",
        # A new list ("a)" again): its one stop is judged among its own items only.
        "a) Train staff.",
        "b) Audit files.",
        # One other item is not enough to call a stop odd.
        "a) Audit cases",
        "b) Report findings.",
        # An abbreviation is no stop.
        "• Schools",
        "• Health",
        "• Police etc.",
    ]
    assert all(found == [] for found in _doubted(texts))
