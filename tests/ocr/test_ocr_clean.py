"""Straightening and cleaning a page, on pages drawn here with known skew and dust."""

from __future__ import annotations

import pytest

from workplan_extract.readers.ocr import clean

from .conftest import cv2, np


def _page() -> np.ndarray:
    """A white 1700 x 1200 page with a ruled box and lines of text."""
    page = np.full((1200, 1700), 255, np.uint8)
    cv2.rectangle(page, (150, 150), (1550, 1050), 0, 3)
    for row in range(12):
        y = 230 + row * 65
        cv2.putText(
            page,
            "Develop a model of Safeguarding Boards",
            (200, y),
            cv2.FONT_HERSHEY_SIMPLEX,
            1.1,
            0,
            2,
        )
    return page


def _turned(page: np.ndarray, angle: float) -> np.ndarray:
    height, width = page.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(page, turn, (width, height), borderValue=255)


@pytest.mark.parametrize("angle", [-3.2, -1.1, 0.6, 2.5])
def test_skew_is_measured_to_a_tenth_of_a_degree(angle: float) -> None:
    found = clean.skew_angle(clean.ink(_turned(_page(), angle)))
    # The angle that straightens the page turns it back.
    assert found == pytest.approx(-angle, abs=0.1)


def test_a_straight_page_and_a_blank_page_are_left_alone() -> None:
    assert clean.skew_angle(clean.ink(_page())) == 0.0
    assert clean.skew_angle(clean.ink(np.full((300, 400), 255, np.uint8))) == 0.0
    page = _page()
    assert clean.rotate(page, 0.0) is page


def test_straightening_puts_the_rules_back_on_one_row() -> None:
    page = _turned(_page(), 1.5)
    straight = clean.rotate(page, clean.skew_angle(clean.ink(page)))
    rows = np.nonzero((clean.ink(straight)[:, 300:1400] > 0).sum(axis=1) > 1000)[0]
    # The top and bottom rules are each a few rows thick, no more.
    assert rows.size <= 12
    assert rows.min() == pytest.approx(150, abs=4) and rows.max() == pytest.approx(1050, abs=4)


def test_dust_goes_and_letters_and_full_stops_stay() -> None:
    page = np.full((200, 400), 255, np.uint8)
    cv2.putText(page, "Plan i.", (20, 100), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 4)
    letters = clean.ink(page)
    dusty = page.copy()
    for x, y in [(300, 30), (350, 160), (30, 180)]:
        dusty[y : y + 2, x : x + 2] = 0  # specks of 2 x 2 pixels
    cleaned = clean.despeckle(clean.ink(dusty))
    assert not cleaned[30:32, 300:302].any() and not cleaned[160:162, 350:352].any()
    # Everything the letters inked is still there: the dot of the "i" and the full stop too.
    assert np.array_equal(cleaned > 0, letters > 0)
