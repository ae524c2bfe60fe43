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
