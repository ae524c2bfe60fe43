"""Cell values as the sheet shows them: every expectation worked out by hand from Excel's rules."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_extract.readers.numfmt import general, render

D = dt.datetime


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (D(2008, 5, 1), "mmm-yy", "May-08"),
        (D(2009, 8, 17), "d-mmm-yy", "17-Aug-09"),
        (D(2008, 3, 31), "dd/mm/yyyy", "31/03/2008"),
        (D(2009, 8, 17), "[$-809]dd mmmm yyyy;@", "17 August 2009"),
        (D(2012, 6, 4), "dddd d mmmm", "Monday 4 June"),
        (D(2012, 6, 4), "ddd dd/mm/yy", "Mon 04/06/12"),
        (D(2009, 8, 17, 14, 5), "dd/mm/yyyy hh:mm", "17/08/2009 14:05"),
        (D(2009, 8, 17, 14, 5), "h:mm AM/PM", "2:05 PM"),
        (D(2009, 8, 17, 0, 5), "h:mm am/pm", "12:05 am"),
        (dt.time(9, 30), "h:mm", "9:30"),
        (dt.time(9, 5, 7), "hh:mm:ss", "09:05:07"),
        (D(2008, 5, 1), "mmmmm", "M"),
        # Not a date format: the date as a UK reader writes it, with the time if it has one.
        (D(2012, 1, 1), "General", "01/01/2012"),
        (D(2012, 1, 1, 10, 0), None, "01/01/2012 10:00"),
        (dt.timedelta(hours=26, minutes=3), "[h]:mm", "26:03:00"),
    ],
)
def test_dates(value: object, fmt: str | None, shown: str) -> None:
    assert render(value, fmt) == shown


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (80000, '"£"#,##0', "£80,000"),
        (80000, "[$£-809]#,##0.00", "£80,000.00"),
        (-1500.5, "#,##0.00;[Red]\\(#,##0.00\\)", "(1,500.50)"),
        (-1500.5, "#,##0.00", "-1,500.50"),
        (0, '#,##0;-#,##0;"-"', "-"),
        (0.5, "0%", "50%"),
        (0.125, "0%", "13%"),  # Excel rounds half away from zero
        (0.255, "0.0%", "25.5%"),
        (3, "0.00", "3.00"),
        (2.5, "0.##", "2.5"),
        (7, "00", "07"),
        (1234567, '#,##0,"k"', "1,235k"),
        (5, '0 "days"', "5 days"),
        (42, '"No. "0', "No. 42"),
        (12.0, "@", "12"),
        (1, 'General "item"', "1 item"),
        # Fractions and scientific notation are shown plainly, not half right.
        (1.5, "# ?/?", "1.5"),
        (12345.678, "0.00E+00", "12345.678"),
        (True, None, "TRUE"),
        (False, "General", "FALSE"),
        ("text stays", "0.00", "text stays"),
    ],
)
def test_numbers(value: object, fmt: str | None, shown: str) -> None:
    assert render(value, fmt) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(3.0, "3"), (1234.5, "1234.5"), (0.1 + 0.2, "0.3"), (1e20, "1E+20"), (-7, "-7")],
)
def test_general(value: float, shown: str) -> None:
    assert general(value) == shown


_FORMAT_CHARS = st.sampled_from(
    [*'0#?.,%;"\\_*@[]$£-+/() ymdhsAPEe', "General", "AM/PM", "[Red]", "[$£-809]", "[h]"]
)


@given(
    st.one_of(
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.datetimes(min_value=D(1900, 3, 1), max_value=D(2100, 1, 1)),
    ),
    st.lists(_FORMAT_CHARS, max_size=12).map("".join),
)
def test_any_format_renders_without_error(value: object, fmt: str) -> None:
    assert isinstance(render(value, fmt), str)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4), st.integers(0, 4))
def test_fixed_decimals_round_half_up(value: Decimal, places: int) -> None:
    fmt = "0." + "0" * places if places else "0"
    expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    shown = render(float(value), fmt)
    # float(value) can sit a hair either side of a tie: compare through the float's own digits
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert Decimal(shown) == exact
    assert abs(Decimal(shown) - expected) <= Decimal(1).scaleb(-places)


@given(
    st.one_of(
        st.integers(-(10**15), 10**15),
        st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_general_shortcut_agrees_with_the_format_reader(value: float) -> None:
    """render() shows a General number at once (a fast path): the same as reading "General"
    as a format."""
    from workplan_extract.readers.numfmt import _number

    assert render(value, "General") == _number(value, "General")
    assert render(value, None) == _number(value, "General")
