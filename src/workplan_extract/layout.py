"""Find the workplans in a neutral document: its front matter and every workplan table.

A table is a workplan table when its header maps an action-like column and a lead or timing
column (``mapping.is_workplan_header``); every other table (an attendance list, a forward plan,
a risk register) is skipped. Every workplan table is taken, in order: plans put one table under
each priority's heading. A later table with the same grid continues the one before when it
repeats its header or carries on with numbered or continuation rows: Word users split long
tables, and PDFs repeat the header on every page.

Headings above a table (a Word heading style, a bold or large paragraph, or a short line such
as "Priority 2: Child sexual exploitation") name the section of the rows below them; they are
passed on with the first row they head. Other text between the parts of the workplan, or after
it, is reported as a warning rather than dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import NoWorkplanTable
from .mapping import (
    is_row_number,
    is_workplan_header,
    map_columns,
    may_normalise_to,
    normalise_header,
)
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
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
#: A short line that names a part of a plan: "Priority 2: ...", "Theme One", "Objective 3a",
#: also after the board's acronym ("LSCB Priority Theme One: ...").
_PART = (
    r"(?:priority|priorities|theme|objective|outcome|aim|goal|section|part|strand|area"
    r"|workstream|work\s+stream|programme)"
)
_HEADING_TEXT = re.compile(
    r"^(?:(?-i:[A-Z]{2,6})\s+)?(?:strategic\s+|key\s+|business\s+)?"
    rf"{_PART}(?:\s+{_PART})?\s+(?:\d{{1,2}}[a-z]?|[A-Z]|{_NUMBER_WORDS})\b",
    re.IGNORECASE,
)
#: A numbered heading: "2. Child sexual exploitation", "1.2 Early help".
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")
#: Characters a paragraph styled as a heading may hold and still head a table.
_MAX_STYLED_HEADING = 400
#: Body paragraphs looked past, above a table, for the heading of the part it belongs to.
_LOOK_BACK = 12
#: Data rows the workplan test reads (the column mapping itself reads every row).
_SAMPLE_ROWS = 200
#: Rows above the header a table may hold (a title or a priority's name across the table).
_TITLE_ROWS = 2


@dataclass(slots=True)
class SourceRow:
    """A table row with where it came from and, on the first row under a heading, that heading."""

    table: int
    row: Row
    heading: str | None = None
    sheet: str | None = None


@dataclass(slots=True)
class TablePart:
    """One workplan table (with the tables that continue it): its header and its data rows."""

    headers: list[str]
    ncols: int
    rows: list[SourceRow]

    def contents(self) -> list[list[str]]:
        """The text of each column's cells, in row order (for the column mapping)."""
        return column_texts([r.row for r in self.rows], self.ncols)


def column_texts(rows: Sequence[Row], ncols: int) -> list[list[str]]:
    """The text of each column's cells in row order: in each row, the cell ``Row.cell_at``
    finds for the column, when it starts there.

    One pass over a row's cells when they come in column order without overlapping (then each
    cell is the one found for the column it starts in), which is nearly every row; else
    ``cell_at`` column by column. (Asking every column of every row cost more than the rest of
    finding the tables.)
    """
    out: list[list[str]] = [[] for _ in range(ncols)]
    for row in rows:
        cells = row.cells
        end = 0
        for cell in cells:
            if cell.col < end or cell.span < 1:
                break
            end = cell.col + cell.span
        else:
            for cell in cells:
                if cell.col < ncols:
                    out[cell.col].append(cell.text)
            continue
        for col in range(ncols):
            found = row.cell_at(col)
            if found is not None and found.col == col:
                out[col].append(found.text)
    return out


@dataclass(slots=True)
class Layout:
    """The parts of a workplan, still in the neutral model."""

    title: str | None
    reference: str | None
    preamble: list[str]
    parts: list[TablePart]
    stray_text: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[SourceRow]:
        """Every data row of every part, in order."""
        return [r for part in self.parts for r in part.rows]


def header_texts(table: Table, start: int = 0) -> tuple[list[str], int]:
    """Header text per grid column from row ``start``, and how many rows the header takes (1,
    or more when the source marks several leading rows as repeating headers: a two-line
    header)."""
    rows = table.rows
    count = 1
    while start + count < len(rows) and rows[start + count].is_header and rows[start].is_header:
        count += 1
    headers = []
    for col in range(table.ncols):
        parts = []
        for row in rows[start : start + count]:
            cell = row.cell_at(col)
            if cell is not None and cell.col == col and not cell.is_empty:
                parts.append(" ".join(p.rendered for p in cell.paragraphs if p.text))
        headers.append(" ".join(parts))
    return headers, count


def is_heading(para: Paragraph) -> bool:
    """Whether a paragraph between or above tables is a heading: a heading or title style, a
    short bold or large paragraph, or a short line that names a priority, theme or section."""
    text = para.text
    if not text or para.label:
        return False
    style = (para.style or "").lower()
    if style == "title" or style.startswith("heading"):
        # Plans write long headings ("Priority Theme One: Effective safeguarding response to
        # ... (link to ... action plan 2014)"); a styled paragraph is a heading up to a limit.
        return len(text) <= _MAX_STYLED_HEADING
    words = len(text.split())
    if style in ("strong", "large"):
        # A long bold line is emphasis unless it names a part of the plan.
        if words <= 20 and len(text) <= 200:
            return True
        return len(text) <= _MAX_STYLED_HEADING and bool(_HEADING_TEXT.match(text))
    if len(text) > 200:
        return False
    if words > 15 or text.endswith((".", ";", ",")):
        return False
    return bool(_HEADING_TEXT.match(text)) or (words <= 12 and bool(_NUMBERED_HEADING.match(text)))


def _join_headings(headings: list[str]) -> str:
    """Headings stacked above a table, as one: a wrapped line joins with a space, a sub-heading
    with a dash ("Priority 2: CSE – 2a Missing children")."""
    out = headings[0]
    for text in headings[1:]:
        out = f"{out} {text}" if text[:1].islower() else f"{out} – {text}"
    return out


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


@dataclass(slots=True)
class _Found:
    """A table's workplan header: where it is, what it says, and the title rows above it."""

    headers: list[str]
    start: int
    count: int
    above: list[str]


def _workplan_header(table: Table) -> _Found | None:
    """The table's header if it is a workplan's: the first row, or a row under one or two rows
    that each hold one cell (a title across the table)."""
    above: list[str] = []
    for start in range(min(_TITLE_ROWS + 1, len(table.rows))):
        headers, count = header_texts(table, start)
        # The first rows are enough to tell numbers from titles: a long table is not read twice.
        rest = table.rows[start + count : start + count + _SAMPLE_ROWS]
        contents = column_texts(rest, table.ncols)
        if is_workplan_header(map_columns(headers, contents)):
            return _Found(headers, start, count, above)
        cells = [c for c in table.rows[start].cells if not c.is_empty]
        if len(cells) > 1:
            return None
        if cells:
            above.append(" ".join(p.rendered for p in cells[0].paragraphs if p.text))
    return None


def _continues(table: Table, ncols: int, signature: str) -> bool:
    """Whether a table with no workplan header of its own carries on the part before it."""
    if table.ncols != ncols or not table.rows:
        return False
    first = table.rows[0]
    if first.is_header or _row_signature(first, ncols) == signature:
        return True
    number = first.cell_at(0)
    if number is None or number.is_empty or is_row_number(number.text):
        return True
    # A section row across the table, then numbered rows: a split table's next section.
    cells = [c for c in first.cells if not c.is_empty]
    if len(cells) == 1 and len(table.rows) > 1:
        following = table.rows[1].cell_at(0)
        return following is not None and is_row_number(following.text)
    return False


@dataclass(slots=True)
class _Walk:
    """The state of the walk over a document's blocks."""

    parts: list[TablePart] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    pending: list[Paragraph] = field(default_factory=list)
    signature: str = ""
    first_at: int = -1
    #: The document's title, which a sheet or page may repeat above each table: no section.
    title: str | None = None

    def heading_and_stray(self, keep_stray: bool) -> str | None:
        """The nearest headings above the next table (a run of them joined into one, or the
        part-naming heading above the body text that introduces the table), the rest of the
        text since the last table kept as stray when ``keep_stray``; clears it."""
        pending, self.pending = self.pending, []
        start, end = _heading_run(pending, adjacent=False)
        if keep_stray:
            self.stray.extend(p.rendered for p in pending[:start] + pending[end:])
        headings = [p.text for p in pending[start:end] if not _is_title(p.text, self.title)]
        return _join_headings(headings) if headings else None


def locate(doc: SourceDocument) -> Layout:
    """Find every workplan table, join their continuations and read the front matter.

    Raises:
        NoWorkplanTable: no table's header looks like a workplan's.
    """
    walk = _Walk()
    current: TablePart | None = None
    first_headings: list[str] = []
    blocks = _unwrap(doc.blocks)
    for at, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            if block.text and walk.first_at >= 0:
                walk.pending.append(block)
            continue
        if not block.rows:
            continue
        found = _workplan_header(block)
        if (
            found is not None
            and current is not None
            and _signature(found.headers) == walk.signature
        ):
            # The same header again: this table continues the part (a split table, or the
            # next priority's table under its own heading).
            heading = walk.heading_and_stray(keep_stray=True)
            above = [*([heading] if heading else []), *found.above]
            _add_rows(
                current, block, found.start + found.count, _join_headings(above) if above else None
            )
            continue
        if (
            found is None
            and current is not None
            and _continues(block, current.ncols, walk.signature)
        ):
            _add_rows(current, block, 0, walk.heading_and_stray(keep_stray=True))
            continue
        if found is None:
            if current is not None:
                walk.stray.extend(p.rendered for p in walk.pending)
                walk.pending = []
            current = None
            continue
        if walk.first_at < 0:
            walk.first_at = at
            first_headings = _first_headings(blocks[:at])
            walk.title = _title_of(blocks[:at])
            heading = _join_headings(first_headings) if first_headings else None
        else:
            heading = walk.heading_and_stray(keep_stray=current is not None)
        above = [*([heading] if heading else []), *found.above]
        current = TablePart(found.headers, block.ncols, [])
        walk.parts.append(current)
        walk.signature = _signature(found.headers)
        _add_rows(
            current, block, found.start + found.count, _join_headings(above) if above else None
        )
    if not walk.parts:
        count = sum(1 for _ in doc.tables())
        raise NoWorkplanTable(
            "no workplan table found"
            + (f" (none of its {count} tables has workplan column headers)" if count else "")
        )
    if current is not None:
        walk.stray.extend(p.rendered for p in walk.pending)
    for part in walk.parts:
        _drop_repeated_headers(part)
    title, reference, preamble = front_matter(
        [b for b in blocks[: walk.first_at] if isinstance(b, Paragraph) and b.text]
    )
    # The headings above the first table name its section, not the document's preamble.
    preamble = [text for text in preamble if text not in first_headings or text == title]
    return Layout(title, reference, preamble, walk.parts, walk.stray)


def _unwrap(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """The blocks with a heading's wrapped lines joined: a PDF sets a long title as two large
    lines ("Initial Progress Update – Review" / "of Stockton Local Safeguarding Children Board
    Appendix 1"), the second starting in lower case, in the same style."""
    out: list[Paragraph | Table] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Paragraph)
            and isinstance(prev, Paragraph)
            and block.text[:1].islower()
            and prev.style is not None
            and block.style == prev.style
            and is_heading(prev)
            and not prev.text.endswith((".", ":", ";"))
        ):
            out[-1] = prev._replace(text=f"{prev.text} {block.text}")
        else:
            out.append(block)
    return out


def _add_rows(part: TablePart, table: Table, start: int, heading: str | None) -> None:
    rows = [SourceRow(table.index, r, None, table.name) for r in table.rows[start:]]
    if heading is not None:
        if rows:
            rows[0].heading = heading
        else:  # a header-only table: the heading waits for the rows that continue it
            rows = [SourceRow(table.index, Row([], -1), heading, table.name)]
    part.rows.extend(rows)


def _drop_repeated_headers(part: TablePart) -> None:
    """Header rows repeated inside the table (each PDF page, each split part) are not items."""
    headers = part.headers
    signature = _signature(headers)
    first = next(((col, normalise_header(h)) for col, h in enumerate(headers) if h), None)
    kept: list[SourceRow] = []
    carry: str | None = None
    for r in part.rows:
        if r.row.cells and not _repeats_header(r.row, first, signature, len(headers)):
            if carry is not None and r.heading is None:
                r.heading = carry
            carry = None
            kept.append(r)
        elif r.heading is not None:
            carry = r.heading  # a heading on a dropped row moves to the next kept one
    part.rows = kept


def _heading_run(paragraphs: list[Paragraph], adjacent: bool) -> tuple[int, int]:
    """Where the headings over a table are among the paragraphs above it (``start:end``): the
    run of headings nearest the table (right above it when ``adjacent``: above the first table,
    a heading followed by body text heads that text); failing that, the nearest heading that
    names a part of the plan ("PRIORITY 1a Early Help and Prevention" above its lead's name
    and objectives). A bold label ending with a colon ("OBJECTIVES:") introduces the text after
    it, not the table. (0, 0) when there is none."""
    end = len(paragraphs)
    while end and not adjacent and not is_heading(paragraphs[end - 1]):
        end -= 1
    start = end
    while start and is_heading(paragraphs[start - 1]):
        start -= 1
    while start < end < len(paragraphs) and _is_label(paragraphs[end - 1]):
        end -= 1  # a label heads the text after it
    if start < end and not all(_is_label(p) for p in paragraphs[start:end]):
        return start, end
    for at in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 1 - _LOOK_BACK), -1):
        para = paragraphs[at]
        if is_heading(para) and _HEADING_TEXT.match(para.text):
            return at, at + 1
    return 0, 0


def _is_label(para: Paragraph) -> bool:
    return para.text.endswith(":")


def _title_of(blocks: list[Paragraph | Table]) -> str | None:
    return front_matter([b for b in blocks if isinstance(b, Paragraph) and b.text])[0]


def _is_title(text: str, title: str | None) -> bool:
    """Whether a heading is the document's title, as written or with its reference before it
    ("Appendix A Corporate Improvement Plan" for the title "Corporate Improvement Plan")."""
    if title is None:
        return False
    if text == title:
        return True
    m = _REFERENCE.match(text)
    return m is not None and text[m.end() :].strip(" :-–") == title


def _first_headings(blocks: list[Paragraph | Table]) -> list[str]:
    """The headings above the first workplan table (see ``_heading_run``), and not the
    document's title (a heading followed by body text heads that text, not the table)."""
    paragraphs: list[Paragraph] = []
    for block in reversed(blocks):
        if isinstance(block, Table):
            break
        if block.text:
            paragraphs.append(block)
    paragraphs.reverse()
    start, end = _heading_run(paragraphs, adjacent=True)
    headings = paragraphs[start:end]
    if not headings:
        return []
    title = _title_of(blocks)
    # The title is no section, unless nothing better named the plan than a priority's name;
    # nor is a paper's reference ("Appendix A", "Paper 7").
    return [
        p.text
        for p in headings
        if (not _is_title(p.text, title) or _HEADING_TEXT.match(p.text))
        and not ((m := _REFERENCE.match(p.text)) and not p.text[m.end() :].strip(" :-–"))
    ]


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
