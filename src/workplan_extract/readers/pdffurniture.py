"""Page furniture of PDF pages, as both PDF readers (text layer and OCR) see them: running
heads and page numbers, which are not the document's text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from .pdflines import Line

#: Share of the page height at its top and bottom where running heads and page numbers stand.
_MARGIN = 0.09
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


class LinedPage(Protocol):
    """A page as both PDF readers see it: its height and its lines of text."""

    @property
    def height(self) -> float: ...
    @property
    def lines(self) -> Sequence[Line]: ...


def page_furniture(pages: Sequence[LinedPage]) -> set[int]:
    """Running heads and page numbers (as ``id`` of their lines): margin lines that are page
    numbers, or that recur (digits aside) on several pages. One page has no furniture to tell."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    margin: list[tuple[str, Line]] = []
    for page in pages:
        keys = set()
        for ln in page.lines:
            if ln.bottom < page.height * _MARGIN or ln.top > page.height * (1 - _MARGIN):
                key = _DIGITS.sub("#", ln.text.lower())
                margin.append((key, ln))
                keys.add(key)
        seen.update(keys)
    return {id(ln) for key, ln in margin if seen[key] >= 2 or _PAGE_NUMBER.match(ln.text.strip())}
