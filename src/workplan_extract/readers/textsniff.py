"""Tell text formats apart by their content: an HTML page, a delimited (CSV) file, a text dump.

Used by ``formats.detect`` on the first bytes of a file and by the CSV reader on the whole of
it, so both decide the same way. Only the standard library is imported here: detection runs for
every file and must stay cheap.

A text dump of a Word table (the seeds' layout) must never be taken for tab-separated values:
in a dump most lines that hold a TAB *start* with it (one cell per line), while a delimited file
has values before its delimiters.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

#: Delimiters tried, in order of preference when two fit equally well.
DELIMITERS = (",", ";", "\t", "|")
#: Records looked at to decide.
_SAMPLE_RECORDS = 60
#: The share of records that must have the commonest width.
_CONSISTENT = 0.8

_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|table|div|p|h[1-6]|br|center|font)\b",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, if there is one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_head(head: bytes) -> str:
    """The first bytes of a file as text, for sniffing only: undecodable bytes are replaced,
    and a character cut in two at the end is dropped."""
    encoding = bom_encoding(head) or "utf-8"
    return codecs.getincrementaldecoder(encoding)("replace").decode(head, final=False)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` (the start of a file) is an HTML page: its first non-blank character
    opens a tag, and an HTML tag comes early (an XML declaration or comments may come first)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("<"):
        return False
    return _HTML_START.search(stripped[:4096]) is not None


def has_html_tags(text: str) -> bool:
    """Whether HTML tags occur anywhere in ``text``: enough when the file name says .html."""
    return _HTML_START.search(text) is not None


def sniff_delimiter(text: str, *, complete: bool = False, min_records: int = 3) -> str | None:
    """The delimiter of a delimited file, or ``None`` when ``text`` does not look like one.

    ``text`` is the start of the file (``complete`` when it is all of it: then its last record
    is whole). A delimiter fits when at least ``min_records`` records parse with it, the
    commonest width is two or more fields, and at least 80% of the records have that width:
    exports from spreadsheets pad every row to the same width, title rows included. Two
    columns need more agreeing records (five, for the default three): a few lines of prose with
    a comma each look like two columns. Three records are asked of a file whose format is
    unknown; a reader that knows it has a CSV file can ask for fewer.

    >>> sniff_delimiter("Ref,Action,Lead\\n1,Review,ALG\\n2,Train,MPS\\n")
    ','
    >>> sniff_delimiter("Ref;Action\\n1;Review\\n2;Train\\n")
    ';'
    >>> sniff_delimiter("Workplan 2004\\n\\tItem\\n\\tActivity\\n\\t1\\n") is None
    True
    """
    if not complete:
        # The last line may be cut in the middle of a record.
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[:cut] if cut > 0 else ""
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        widths = _record_widths(text, delimiter)
        if widths is None or len(widths) < min_records:
            continue
        commonest = max(set(widths), key=lambda w: (widths.count(w), w))
        agree = widths.count(commonest)
        if commonest < 2 or agree < _CONSISTENT * len(widths):
            continue
        if commonest == 2 and agree < 2 * min_records - 1:
            continue  # a few lines of prose with a comma each are not two columns yet
        if best is None or agree > best[0]:
            best = (agree, delimiter)
    return None if best is None else best[1]


def _record_widths(text: str, delimiter: str) -> list[int] | None:
    widths: list[int] = []
    leading_empty = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if not any(field.strip() for field in record):
                continue  # blank lines say nothing
            widths.append(len(record))
            leading_empty += not record[0].strip()
            if len(widths) >= _SAMPLE_RECORDS:
                break
    except csv.Error:
        return None
    if delimiter == "\t" and leading_empty * 2 > len(widths):
        return None  # most records start with a TAB: a text dump, one cell per line
    return widths
