"""Words read by OCR -> lines: dust, dashes, bullets and line geometry from the ink.

The "page" here is an ink mask drawn by hand: each word's letters are a solid bar from its
x-height to its baseline, so every measure the module takes from the ink is known exactly.
"""

from __future__ import annotations

from workplan_extract.readers.base import BULLET
from workplan_extract.readers.ocr.lines import (
    LOW_CONFIDENCE,
    Band,
    bands,
    body_size,
    make_line,
    typical_height,
    without_dust,
)
from workplan_extract.readers.ocr.tesseract import Word

from .conftest import cv2, np

X_HEIGHT = 20


def _word(
    text: str,
    left: int,
    baseline: int,
    width: int,
    *,
    conf: float = 95.0,
    line: tuple[int, int, int] = (1, 1, 1),
    height: int = 33,
    drop: int = 0,
) -> Word:
    """A word whose box rises ``height`` above its baseline and reaches ``drop`` below."""
    return Word(text, conf, left, baseline - height, width, height + drop, line)


def _ink(words: list[Word], size: tuple[int, int] = (400, 1200)) -> np.ndarray:
    ink = np.zeros(size, np.uint8)
    for w in words:
        if any(ch.isalnum() for ch in w.text):
            baseline = w.top + 33  # every word above is drawn with the default height
            ink[baseline - X_HEIGHT : baseline, w.left : w.right] = 255
    return ink


def test_dust_read_as_punctuation_or_flat_letters_goes() -> None:
    words = [
        _word("Monitor", 10, 100, 150),
        _word("IRT", 170, 100, 70),
        _word(".", 250, 100, 6, height=7),  # a speck read as a full stop
        _word("sO", 300, 60, 99, height=5),  # two specks read as a word
        _word("-", 420, 90, 11, height=4),  # a real hyphen: as wide as a third of an em
    ]
    typical = typical_height(words)
    assert typical == 33
    ink = _ink(words)
    ink[86:90, 420:431] = 255  # the hyphen's ink
    ink[93:100, 250:256] = 255  # the speck's
    ink[55:60, 300:399] = 255  # the two specks'
    assert [w.text for w in without_dust(words, typical, ink)] == ["Monitor", "IRT", "-"]


def test_a_word_read_from_no_ink_goes() -> None:
    """Tesseract reads "—" or "|" where a ruling line was erased: nothing is inked there."""
    words = [_word("London", 10, 100, 150), _word("—", 180, 110, 23, height=52)]
    ink = _ink(words)
    assert [w.text for w in without_dust(words, typical_height(words), ink)] == ["London"]


def test_a_lone_dash_is_named_by_its_length() -> None:
    body = 46.0
    words = [
        _word("ALG", 10, 100, 70),
        _word("-", 90, 90, 19, height=4),  # an en dash read as a hyphen
        _word("DV", 120, 100, 50),
        _word("~", 180, 90, 12, height=4),  # a hyphen read as a tilde
        _word("-", 200, 90, 40, height=4),  # an em dash
        _word("co-host", 250, 100, 150),  # a hyphen inside a word is left alone
    ]
    band = Band(words, 100.0, body)
    line = make_line(band, _ink(words), body, 0.0, {})
    assert line is not None
    assert line.text == "ALG – DV - — co-host"


def test_tesseract_lines_are_kept_and_joined_when_at_one_height() -> None:
    words = [
        # Tesseract's line 1, split in two at a wide gap (line 2), and its line 3 below.
        _word("Encourage", 10, 100, 200, line=(1, 1, 1), drop=9),
        _word("pathfinders", 220, 100, 230, line=(1, 1, 1), drop=9),
        _word("participate", 700, 100, 230, line=(1, 1, 2), height=83, drop=0),  # a grown box
        _word("Chair", 10, 160, 110, line=(1, 1, 3)),
        _word("London", 130, 160, 140, line=(1, 1, 3)),
    ]
    found = bands(words, _ink(words))
    assert [[w.text for w in b.words] for b in found] == [
        ["Encourage", "pathfinders", "participate"],
        ["Chair", "London"],
    ]
    # Baselines come from the ink, whatever the boxes say (descenders, a grown box).
    assert [b.baseline for b in found] == [100.0, 160.0]
    assert [b.size for b in found] == [2 * X_HEIGHT, 2 * X_HEIGHT]
    assert body_size(found) == 2 * X_HEIGHT


def test_line_geometry_is_measured_from_the_baseline() -> None:
    words = [_word("Support", 40, 200, 160), _word("activities", 210, 200, 200, conf=55.0)]
    body = 40.0
    doubts: dict[int, list[Word]] = {}
    line = make_line(Band(words, 200.0, 40.0), _ink(words), body, 0.0, doubts)
    assert line is not None
    assert (line.top, line.bottom, line.size) == (160.0, 200.0, 40.0)
    assert (line.x0, line.x1) == (40.0, 410.0)
    # The first word's width, with the allowance for ink narrower than type.
    assert line.first_width == 160 + 0.25 * body
    assert [w.text for w in doubts[id(line)]] == ["activities"]
    assert LOW_CONFIDENCE > 55.0


def test_a_large_line_keeps_its_own_size() -> None:
    words = [_word("Workplan", 40, 200, 400)]
    line = make_line(Band(words, 200.0, 120.0), _ink(words), 40.0, 0.0, {})
    assert line is not None and line.size == 120.0
    body_line = make_line(Band(words, 200.0, 48.0), _ink(words), 40.0, 0.0, {})
    assert body_line is not None and body_line.size == 40.0  # body text is all one size


def _with_bullet(words: list[Word], baseline: int) -> np.ndarray:
    ink = _ink(words)
    cv2.circle(ink, (60, baseline - 10), 8, 255, -1)  # a solid disc, 17 pixels across
    return ink


def test_a_bullet_read_as_a_letter_is_a_bullet() -> None:
    words = [_word("e", 52, 99, 17, height=17), _word("Develop", 100, 100, 160)]  # the disc
    ink = _with_bullet(words[1:], 100)
    line = make_line(Band(words, 100.0, 40.0), ink, 40.0, 0.0, {})
    assert line is not None and line.text == f"{BULLET} Develop"
    assert line.x0 == 100.0  # the line starts where its text does


def test_a_bullet_tesseract_left_out_is_found_by_its_shape() -> None:
    words = [_word("Develop", 100, 100, 160), _word("links", 270, 100, 90)]
    line = make_line(Band(words, 100.0, 40.0), _with_bullet(words, 100), 40.0, 0.0, {})
    assert line is not None and line.text == f"{BULLET} Develop links"


def test_a_letter_e_is_no_bullet() -> None:
    words = [_word("e", 52, 100, 17, height=20), _word("mail", 100, 100, 80)]
    ink = _ink(words)  # the "e" drawn as a bar: not a round solid blob of bullet size
    line = make_line(Band(words, 100.0, 40.0), ink, 40.0, 0.0, {})
    assert line is not None and line.text == "e mail"


def test_nothing_left_of_the_cell_is_taken_for_a_bullet() -> None:
    words = [_word("Develop", 100, 100, 160)]
    # The disc is left of where the cell begins (x = 80): it belongs to the cell before.
    line = make_line(Band(words, 100.0, 40.0), _with_bullet(words, 100), 40.0, 80.0, {})
    assert line is not None and line.text == "Develop"
