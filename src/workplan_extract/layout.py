"""Find the workplan in a neutral document: its front matter and its (possibly split) table.

The workplan table is the one whose header maps best onto workplan fields, so an attendance
list or a budget table before it is skipped. Later tables with the same grid continue it when
they repeat its header or carry on with numbered or continuation rows: Word users split long
tables, and PDFs repeat the header on every page. Text found between the parts of a split table
or after it is reported as a warning rather than dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import NoWorkplanTable
from .mapping import is_row_number, may_normalise_to, normalise_header, table_score
from .readers.base import Paragraph, Row, SourceDocument, Table

_REFERENCE = re.compile(
    r"^(?:(?:paper|agenda item|item|annex|appendix|enclosure|document|doc)\s+[\w./-]{1,12})\b",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:work\s?plan|work programme|business plan|action plan|delivery plan|forward plan)\b",
    re.IGNORECASE,
)
_TITLE_STYLES = ("title", "heading 1", "heading1")


@dataclass(slots=True)
class SourceRow:
    """A table row together with the index of the source table it came from."""

    table: int
    row: Row


@dataclass(slots=True)
class Layout:
    """The parts of a workplan, still in the neutral model."""

    title: str | None
    reference: str | None
    preamble: list[str]
    headers: list[str]
    rows: list[SourceRow]
    ncols: int
    stray_text: list[str] = field(default_factory=list)


def header_texts(table: Table) -> tuple[list[str], int]:
    """Header text per grid column, and how many rows the header takes (1, or more when the
    source marks several leading rows as repeating headers: a two-line header)."""
    count = 1
    while count < len(table.rows) and table.rows[count].is_header and table.rows[0].is_header:
        count += 1
    headers = []
    for col in range(table.ncols):
        parts = []
        for row in table.rows[:count]:
            cell = row.cell_at(col)
            if cell is not None and cell.col == col and not cell.is_empty:
                parts.append(" ".join(p.rendered for p in cell.paragraphs if p.text))
        headers.append(" ".join(parts))
    return headers, count


def _signature(headers: list[str]) -> str:
    return "|".join(normalise_header(h) for h in headers)


def _row_signature(row: Row, ncols: int) -> str:
    texts = []
    for col in range(ncols):
        cell = row.cell_at(col)
        texts.append("" if cell is None or cell.col != col else cell.text.replace("\n", " "))
    return _signature(texts)


def _repeats_header(row: Row, first: tuple[int, str] | None, signature: str, ncols: int) -> bool:
    """Whether ``row`` repeats the header. ``first`` is the first labelled column and its
    normalised header text: most rows differ from the header there, so it is compared first,
    and by its first word before the whole cell is normalised."""
    if row.is_header:
        return True
    if first is not None:
        col, key = first
        cell = row.cell_at(col)
        text = "" if cell is None or cell.col != col else cell.text
        if not may_normalise_to(text, key) or normalise_header(text.replace("\n", " ")) != key:
            return False
    return _row_signature(row, ncols) == signature


def _continues(table: Table, ncols: int, signature: str) -> bool:
    if table.ncols != ncols or not table.rows:
        return False
    first = table.rows[0]
    if first.is_header or _row_signature(first, ncols) == signature:
        return True
    number = first.cell_at(0)
    return number is None or number.is_empty or is_row_number(number.text)


def locate(doc: SourceDocument) -> Layout:
    """Pick the workplan table, join its continuations and read the front matter.

    Raises:
        NoWorkplanTable: no table's header looks like a workplan's.
    """
    blocks = doc.blocks
    best_at, best_score = -1, 0.0
    for at, block in enumerate(blocks):
        if isinstance(block, Table) and block.rows:
            score = table_score(header_texts(block)[0])
            if score > best_score:
                best_at, best_score = at, score
    if best_at < 0:
        count = sum(1 for _ in doc.tables())
        raise NoWorkplanTable(
            "no workplan table found"
            + (f" (none of its {count} tables has workplan column headers)" if count else "")
        )
    table = blocks[best_at]
    assert isinstance(table, Table)
    headers, header_rows = header_texts(table)
    signature = _signature(headers)
    rows = [SourceRow(table.index, r) for r in table.rows[header_rows:]]
    stray: list[str] = []
    pending: list[str] = []
    for block in blocks[best_at + 1 :]:
        if isinstance(block, Paragraph):
            if block.text:
                pending.append(block.rendered)
            continue
        if not _continues(block, table.ncols, signature):
            break
        stray.extend(pending)
        pending = []
        rows.extend(SourceRow(block.index, r) for r in block.rows)
    stray.extend(pending)
    # Header rows repeated inside the table (each PDF page, each split part) are not items.
    first = next(((col, normalise_header(h)) for col, h in enumerate(headers) if h), None)
    rows = [r for r in rows if not _repeats_header(r.row, first, signature, len(headers))]
    title, reference, preamble = front_matter(
        [b for b in blocks[:best_at] if isinstance(b, Paragraph) and b.text]
    )
    return Layout(title, reference, preamble, headers, rows, table.ncols, stray)


def front_matter(paragraphs: list[Paragraph]) -> tuple[str | None, str | None, list[str]]:
    """Split the paragraphs before the table into title, reference ("Paper 7") and preamble."""
    reference = None
    rest: list[str] = []
    for para in paragraphs:
        text = para.rendered
        m = _REFERENCE.match(text) if reference is None and len(text) <= 60 else None
        if m is not None:
            reference = m.group(0)
            tail = text[m.end() :].strip(" :-–")
            if tail:
                rest.append(tail)
        else:
            rest.append(text)
    styled = [p.rendered for p in paragraphs if (p.style or "").lower() in _TITLE_STYLES]
    named = [t for t in rest if _TITLE_WORDS.search(t) and len(t) <= 200]
    candidates = styled or named or rest
    title = candidates[0] if candidates else None
    preamble = list(rest)
    if title is not None and title in preamble:
        preamble.remove(title)
    return title, reference, preamble
