"""Money figures: values, labels, giving parties, approximate and net values."""

from __future__ import annotations

import pytest

from workplan_extract.normalise import find_amounts


@pytest.mark.parametrize(
    ("text", "value", "approximate", "net_value"),
    [
        ("£80k", 80_000, False, None),
        ("£80K", 80_000, False, None),
        ("£1.2m", 1_200_000, False, None),
        ("£1.1 million", 1_100_000, False, None),
        ("£2,000", 2_000, False, None),
        ("£500", 500, False, None),
        ("c. £15,000", 15_000, True, None),
        ("circa £15k", 15_000, True, None),
        ("@£50k", 50_000, True, None),
        ("£50k approx.", 50_000, True, None),
        ("£50k (£10k net)", 50_000, False, 10_000),
        ("£50k (net £10k)", 50_000, False, 10_000),
    ],
)
def test_figures(text: str, value: float, approximate: bool, net_value: float | None) -> None:
    amounts, warnings = find_amounts(text)
    assert [(a.value, a.approximate, a.net_value, a.currency) for a in amounts] == [
        (value, approximate, net_value, "GBP")
    ]
    assert warnings == []


def test_lcpc_budget_lines() -> None:
    cell = (
        "Resources:\n• Future funding arrangements\nBudget 2003/4 expenditure:\n"
        "Projects budget - £25k\nConference cost - £50k (£10k net)\nTraining Programme - £\n"
        "Procedures - £55k\nNCH/MPS/ALG Staffing"
    )
    amounts, warnings = find_amounts(cell)
    assert [(a.label, a.value, a.net_value, a.party) for a in amounts] == [
        ("Projects budget", 25_000, None, None),
        ("Conference cost", 50_000, 10_000, None),
        ("Training Programme", None, None, None),
        ("Procedures", 55_000, None, None),
    ]
    assert amounts[2].text == "Training Programme - £"
    assert [w.code for w in warnings] == ["amount.missing_value"]
    assert "Training Programme - £" in warnings[0].message


def test_lscb_contributions_name_the_giving_party() -> None:
    cell = (
        "London Councils: £80k plus additional support in kind e.g. admin\n"
        "MPS : £240k plus support in kind e.g. admin & rooms for meetings & networks\n"
        "GOL: @£50k plus support in kind e.g. admin & rooms for meetings & networks\n"
        "CSIP: support for networks"
    )
    amounts, warnings = find_amounts(cell)
    assert [
        (a.party.id if a.party else None, a.label, a.value, a.approximate) for a in amounts
    ] == [
        ("london-councils", None, 80_000, False),
        ("metropolitan-police-service", None, 240_000, False),
        ("government-office-for-london", None, 50_000, True),
    ]
    assert amounts[1].party is not None and amounts[1].party.text == "MPS"
    assert warnings == []


def test_a_label_stops_at_the_previous_figure_or_semicolon() -> None:
    amounts, _ = find_amounts("Printing c. £15,000; Venue £1.2m and £2,000")
    assert [(a.label, a.value) for a in amounts] == [
        ("Printing", 15_000),
        ("Venue", 1_200_000),
        (None, 2_000),
    ]


def test_a_colon_label_that_is_not_a_party_stays_a_label() -> None:
    amounts, _ = find_amounts("Budget: £50k")
    assert (amounts[0].label, amounts[0].party) == ("Budget", None)


def test_text_without_a_pound_sign_has_no_amounts() -> None:
    assert find_amounts("Budget 2003/4 expenditure:\n32 LSCBs, 50 staff") == ([], [])
