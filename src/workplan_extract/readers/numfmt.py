"""A cell's value as the spreadsheet shows it, through the cell's number format.

A workbook stores 39600 and a format; Excel shows "May-08", "01/06/2008" or "£80,000". The
timing and amount parsers read text as people wrote it, so a date cell must become the text
the sheet showed, not a serial number or an ISO timestamp. This covers what plans use: dates
and times (day, month and year tokens, month names, AM/PM), numbers with fixed decimals,
thousands separators, percentages, currency symbols and literal text, and the
positive;negative;zero sections. A format it does not understand falls back to Excel's
"General" (never to a wrong rendering: the value is then shown plainly).

Built-in formats 14 and 22 are Excel's *system* short date: Excel shows them in the reader's
locale, and these are UK plans, so they are shown day first ("31/03/2008").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: Built-in format ids that follow the system locale, as a UK machine shows them.
UK_SYSTEM_FORMATS = {14: "dd/mm/yyyy", 22: "dd/mm/yyyy hh:mm"}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
#: One token of a format: a quoted literal, an escaped character, a bracketed code, a spacing
#: or fill code, a date/time run, AM/PM, a number code, or any other single character.
_TOKEN = re.compile(
    r'"[^"]*"?|\\.|\[[^\]]*\]?|_.|\*.|[yY]+|[mM]+|[dD]+|[hH]+|[sS]+|[eE][+-]'
    r"|AM/PM|am/pm|A/P|a/p|[0#?]|.",
    re.DOTALL,
)
_DATE_CODES = frozenset("ymdhs")
_NUMBER_CODES = frozenset("0#?.,")


def render(value: object, fmt: str | None) -> str:
    """``value`` (as openpyxl reads a cell) shown through number format ``fmt``.

    >>> render(dt.datetime(2008, 5, 1), "mmm-yy")
    'May-08'
    >>> render(80000, '"£"#,##0')
    '£80,000'
    >>> render(0.255, "0.0%")
    '25.5%'
    >>> render(1234.5, "General")
    '1234.5'
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    if isinstance(value, dt.timedelta):
        return _elapsed(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _date(value, fmt)
    if isinstance(value, (int, float)):
        if fmt is None or fmt == "General":
            return general(value)  # most numbers: item numbers, counts
        return _number(value, fmt)
    return str(value)


def general(value: float) -> str:
    """A number as Excel's General format shows it: no trailing ".0", at most ten
    significant digits (Excel's own limit depends on the column width)."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return "#NUM!"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10g}"
    return text.replace("e", "E") if "e" in text else text


@functools.lru_cache(maxsize=512)
def _sections(fmt: str) -> tuple[tuple[str, ...], ...]:
    """The format's sections (split on ";" outside quotes and brackets), each as tokens.
    Cached: a workbook uses a handful of formats for thousands of cells."""
    sections: list[list[str]] = [[]]
    for token in _TOKEN.findall(fmt):
        if token == ";":
            sections.append([])
        else:
            sections[-1].append(token)
    return tuple(tuple(section) for section in sections)


def _literal(token: str) -> str | None:
    """What a token shows when it is not a code, or ``None`` for a code."""
    first = token[0]
    if first == '"':
        return token[1:-1] if token.endswith('"') and len(token) > 1 else token[1:]
    if first == "\\":
        return token[1:]
    if first == "_":
        return " "
    if first == "*":
        return ""
    if first == "[":
        body = token[1:-1]
        if body.startswith("$"):
            # [$£-809]: a currency symbol and a locale; [$-809]: a locale only.
            return body[1:].split("-", 1)[0]
        return ""  # a colour, a condition or a locale: nothing shown
    return None


# --- dates -----------------------------------------------------------------------------------


def _date(value: dt.datetime | dt.date | dt.time, fmt: str | None) -> str:
    tokens: Sequence[str] = _sections(fmt)[0] if fmt else ()
    if not any(t[0].lower() in _DATE_CODES for t in tokens):
        # Not a date format (a date typed into a General cell, or an ISO date cell).
        fallback = "dd/mm/yyyy" if not isinstance(value, dt.time) else "hh:mm"
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            fallback += " hh:mm"
        tokens = _sections(fallback)[0]
    twelve = any(t.upper() in ("AM/PM", "A/P") for t in tokens)
    out: list[str] = []
    for i, token in enumerate(tokens):
        lower = token.lower()
        kind = lower[0]
        if kind in _DATE_CODES and lower == kind * len(lower):
            out.append(_date_part(value, kind, len(token), tokens, i, twelve))
        elif token.upper() in ("AM/PM", "A/P"):
            hour = getattr(value, "hour", 0)
            text = "AM" if hour < 12 else "PM"
            text = text if token.upper() == "AM/PM" else text[0]
            out.append(text.lower() if token.islower() else text)
        elif token.startswith("[") and token[1:2].lower() in ("h", "m", "s"):
            out.append(_date_part(value, token[1].lower(), 2, tokens, i, twelve))
        else:
            literal = _literal(token)
            out.append(token if literal is None else literal)
    return "".join(out).strip()


def _date_part(
    value: dt.datetime | dt.date | dt.time,
    kind: str,
    width: int,
    tokens: Sequence[str],
    at: int,
    twelve: bool,
) -> str:
    if kind == "m" and width <= 2 and _is_minute(tokens, at):
        kind = "n"  # minutes
    if kind in "ymd":
        return "" if isinstance(value, dt.time) else _day_part(value, kind, width)
    if isinstance(value, dt.time):
        clock = value
    elif isinstance(value, dt.datetime):
        clock = value.time()
    else:
        clock = dt.time()  # a date without a time: midnight, as Excel shows it
    number = {"h": clock.hour, "n": clock.minute, "s": clock.second}[kind]
    if kind == "h" and twelve:
        number = number % 12 or 12
    return f"{number:02d}" if width >= 2 else str(number)


def _day_part(value: dt.date, kind: str, width: int) -> str:
    if kind == "y":
        return f"{value.year % 100:02d}" if width <= 2 else f"{value.year:04d}"
    if kind == "m":
        name = _MONTHS[value.month - 1]
        if width >= 5:
            return name[0]
        if width >= 3:
            return name if width == 4 else name[:3]
        return f"{value.month:02d}" if width == 2 else str(value.month)
    day = _DAYS[value.weekday()]
    if width >= 3:
        return day if width >= 4 else day[:3]
    return f"{value.day:02d}" if width == 2 else str(value.day)


def _is_minute(tokens: Sequence[str], at: int) -> bool:
    """Excel reads "m"/"mm" as minutes right after an hour or right before a second."""
    for step in (-1, 1):
        i = at + step
        while 0 <= i < len(tokens):
            kind = tokens[i].lstrip("[").lower()[:1]
            if kind in _DATE_CODES:
                return (step < 0 and kind == "h") or (step > 0 and kind == "s")
            i += step
    return False


def _elapsed(value: dt.timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"


# --- numbers ---------------------------------------------------------------------------------


def _number(value: float, fmt: str) -> str:
    sections = _sections(fmt)
    tokens = sections[0]
    sign = "-" if value < 0 else ""
    if value < 0 and len(sections) >= 2 and sections[1]:
        tokens, sign, value = sections[1], "", -value
    elif value == 0 and len(sections) >= 3 and sections[2]:
        tokens = sections[2]
    codes = [t for t in tokens if _literal(t) is None]
    if not codes:
        # A section of literals only ("-" for zero): Excel shows the literals, not the value.
        return "".join(_literal(t) or "" for t in tokens).strip()
    if any(t.lower() == "general" for t in _words(tokens)):
        return _with_literals(tokens, sign + general(abs(value)), general_word=True)
    if any(t[0].lower() in "ymdhs" for t in codes):
        return general(value)  # a date format on a plain number: show it plainly
    if any(t.lower() in ("e+", "e-") for t in codes) or "/" in codes:
        # Scientific notation and fractions: shown plainly rather than half right.
        return sign + general(abs(value))
    digits = [t for t in codes if t in _NUMBER_CODES]
    if not digits or "@" in codes:
        return sign + general(abs(value))
    percent = codes.count("%")
    text = _fixed(abs(value) * 100**percent, digits)
    if text is None:
        return sign + general(abs(value))
    return _with_literals(tokens, sign + text)


def _words(tokens: Sequence[str]) -> list[str]:
    """The format with literals removed, as words ("General" is a word of seven letters)."""
    return re.findall(r"[A-Za-z]+", "".join(t for t in tokens if _literal(t) is None))


def _fixed(value: float, codes: list[str]) -> str | None:
    """``value`` with the decimals, zero padding and grouping the digit codes ask for."""
    pattern = "".join(codes)
    integer, _, fraction = pattern.partition(".")
    if "." in fraction:
        return None
    scale = len(integer) - len(integer.rstrip(","))  # trailing commas divide by 1,000 each
    integer = integer.rstrip(",")
    grouped = "," in integer
    min_int = integer.count("0")
    min_dec = fraction.count("0")
    max_dec = sum(fraction.count(c) for c in "0#?")
    try:
        number = Decimal(repr(value)) / (1000**scale)
        rounded = number.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    whole, _, decimals = f"{rounded:f}".partition(".")
    decimals = decimals.rstrip("0").ljust(min_dec, "0") if max_dec > min_dec else decimals
    whole = whole.lstrip("0").rjust(min_int, "0")
    if grouped and whole:
        whole = f"{int(whole):,}"
    return whole + ("." + decimals if "." in pattern and (decimals or max_dec) else "")


def _with_literals(tokens: Sequence[str], number: str, *, general_word: bool = False) -> str:
    """The literal text around the number, in place: what comes before the first code, the
    number, what comes after the last."""
    out: list[str] = []
    placed = False
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        literal = _literal(token)
        if literal is not None:
            out.append(literal)
            continue
        if general_word and "".join(tokens[i : i + 7]).lower() == "general":
            skip = 6
        elif token in _NUMBER_CODES or token == "%":
            if token == "%":
                out.append("%")
                continue
        elif token in "$-+/():!^&'~{}<>= £€¥":
            out.append(token)
            continue
        else:
            continue
        if not placed:
            out.append(number)
            placed = True
    if not placed:
        out.append(number)
    return "".join(out).strip()
