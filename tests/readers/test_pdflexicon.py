"""The optional word list for words broken with no hyphen. The strings are those of
LibreOffice's PDFs of the real plans in ``tests/realworld`` (DejaVu Serif 11 pt, a space
3.487 pt wide)."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.readers import pdflexicon
from workplan_extract.readers.pdflines import Line, broken_word, join_lines

RIGHT = 223.1
SPACE = 3.487
FONT = "DAAAAA+DejaVuSerif"


def _line(text: str, x1: float, top: float = 0.0, **kw: object) -> Line:
    first = text.split(" ")[0]
    line = Line(text, 162.1, x1, top, top + 11, 11.0, 6.5 * len(first), 7.0, font=FONT)
    line.space = SPACE
    for key, value in kw.items():
        setattr(line, key, value)
    return line


def _table(monkeypatch: pytest.MonkeyPatch, table: Mapping[str, int] | None) -> None:
    monkeypatch.setattr(pdflexicon, "frequencies", lambda: table)


# Frequencies as in pyspellchecker 0.9.1's English list.
SMALL = {
    "target": 68096, "end": 560205, "recommendations": 1557, "transforming": 2296,
    "ming": 3232, "commit": 43291, "tee": 2969, "committee": 18241, "organizations": 2000,
    "centers": 900, "apprenticeships": 50, "ps": 50, "work": 1162944, "force": 127599,
    "workforce": 879, "on": 12130013, "implementation": 687,
}  # fmt: skip


def test_a_known_word_of_unknown_pieces_is_one_word(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, SMALL)
    assert pdflexicon.verdict("recommen", "dations") is True
    assert pdflexicon.verdict("implementati", "on") is True  # "on" is a word, the head none
    # Only the letters next to the break count; debris as common as the word is no help.
    assert pdflexicon.verdict("apprenticeshi", "ps/other") is True
    assert pdflexicon.verdict("Transfor", "ming") is True
    # British spellings through their American forms.
    assert pdflexicon.verdict("organisati", "ons") is True
    assert pdflexicon.frequency("centres", SMALL) == 900
    assert pdflexicon.verdict("cent", "res") is True


def test_two_common_words_that_make_no_word_are_two(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, SMALL)
    assert pdflexicon.verdict("Target", "end") is False
    # Both pieces words and the joined word too: the list cannot say.
    assert pdflexicon.verdict("Commit", "tee") is None
    assert pdflexicon.verdict("work", "force") is None
    # Nothing known, or not letters: the list says nothing.
    assert pdflexicon.verdict("Hartle", "pool") is None
    assert pdflexicon.verdict("10", "0") is None
    assert pdflexicon.verdict("naïve", "té") is None


def test_without_the_package_the_list_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(pdflexicon.resources, "files", missing)
    assert pdflexicon.frequencies.__wrapped__() is None
    _table(monkeypatch, None)
    assert pdflexicon.verdict("recommen", "dations") is None


def test_the_installed_list_decides_the_real_plans_breaks() -> None:
    pytest.importorskip("spellchecker")
    assert pdflexicon.frequencies() is not None
    cases = {
        ("implementati", "on"): True,  # Brighton & Hove LSCB
        ("apprenticeshi", "ps/other"): True,  # Scottish corporate parenting plan
        ("internship/ap", "prenticeships"): True,
        ("recommen", "dations"): True,  # Stockton LSCB
        ("Chairm", "an"): True,  # 2gether NHS trust
        ("Informa", "tion"): True,
        ("Target", "end"): False,
        ("discussion", "where"): False,
        ("Commit", "tee"): None,
        ("implem", "entatio"): None,  # broken twice: left to the other rules
    }
    assert {pair: pdflexicon.verdict(*pair) for pair in cases} == cases


def test_a_full_line_is_joined_or_split_by_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, SMALL)
    # Stockton: "recommen" leaves 2.6 pt, less than a space; "dations." starts the next line.
    prev, line = _line("recommen", 220.5), _line("dations.", 180, 12)
    assert join_lines([prev, line], RIGHT, True) == "recommendations."
    # 2gether: a header cell "Target end date", "Target" filling its line.
    prev, line = _line("Target", 220.9), _line("end date", 180, 12)
    assert join_lines([prev, line], RIGHT, True) == "Target end date"
    _table(monkeypatch, None)
    assert join_lines([prev, line], RIGHT, True) == "Targetend date"


_TEXT = st.text(alphabet="abcdeforstuINT’/.", min_size=1, max_size=10).filter(
    lambda t: t.strip() == t
)


@given(
    st.lists(st.tuples(_TEXT, st.floats(min_value=170, max_value=224)), min_size=2, max_size=6),
    st.dictionaries(st.text(alphabet="abcdeforstu", min_size=1, max_size=8), st.integers(0, 10**6)),
)
def test_the_list_only_changes_breaks_the_glyphs_cannot_decide(
    specs: list[tuple[str, float]], table: dict[str, int]
) -> None:
    """Differential: with any word list, a line end is decided differently from the reader
    without one only where not even a space would have fitted and a lower-case letter follows."""
    lines = [_line(text, x1, 12.0 * n) for n, (text, x1) in enumerate(specs)]
    with pytest.MonkeyPatch.context() as mp:
        for prev, line in pairwise(lines):
            mp.setattr(pdflexicon, "frequencies", lambda: None)
            before = broken_word(prev, line, RIGHT, True)
            mp.setattr(pdflexicon, "frequencies", lambda: table)
            after = broken_word(prev, line, RIGHT, True)
            if before != after:
                assert line.text[0].islower() and prev.text[-1].isalpha()
                assert prev.x1 + SPACE + 0.1 > RIGHT
