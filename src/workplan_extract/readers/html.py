"""Reader for web pages (.html, .htm): committee papers and plans published as HTML.

Parsed with lxml's HTML parser, with the network off: nothing the page refers to is fetched,
and entities a page declares for itself are not expanded (only HTML's own, such as ``&amp;``).
Scripts, styles, forms' controls, embedded objects and elements hidden with ``hidden`` or
``display: none`` are not read. What a reader of the page sees becomes blocks in page order:

- ``<h1>``-``<h6>`` are paragraphs styled "Heading 1".."Heading 6"; a paragraph whose text is
  all bold (``<b>``, ``<strong>``, ``<th>``, ``font-weight: bold``) is styled "Strong";
- ``<p>``, ``<div>`` and the other block elements, ``<br>`` and ``<li>`` end paragraphs; list
  items carry their label (a bullet for ``<ul>``; "1.", "a)", "A)", "i." for ``<ol>``, counted
  from ``start`` and ``value``), nested lists their level; ``<pre>`` keeps its lines;
- every ``<table>`` that holds data is a candidate table, its ``<caption>`` a paragraph styled
  "Caption" before it; ``colspan`` is a span and ``rowspan`` repeats the cell in the rows
  below (``merged_from``); ``<thead>`` rows are header rows, ``<tfoot>`` rows come last, as a
  browser shows them; title rows and notes inside the table become paragraphs (``grid``);
- a *layout* table (one that holds other tables, is marked ``role="presentation"``, or has a
  single column) is not a table of the page's content: its cells are read in order as part of
  the page, so the data tables inside it are found wherever the layout put them;
- the ``<title>`` is the fallback title: when nothing before the first table is set apart as a
  heading (a heading, a caption or a bold paragraph), it is put first, styled "Title". The
  page's own visible heading wins over the browser-tab text, which often names the web site.

The encoding comes from a byte-order mark, else the page's ``<meta charset>`` (or XML
declaration), else UTF-8, else Windows-1252 with a note; "ISO-8859-1" and "ASCII" are read as
Windows-1252, as browsers do.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import TooLarge
from ..settings import Settings
from .base import BULLET, Paragraph, SourceDocument, Table
from .grid import build
from .htmltables import bold_style, hidden, int_attribute, is_layout, place, table_rows
from .numbering import format_number
from .textsniff import bom_encoding

#: Elements whose content a reader of the page does not see as text.
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "select",
        "option",
        "optgroup",
        "button",
        "input",
        "textarea",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "map",
        "area",
        "audio",
        "video",
        "img",
        "picture",
        "source",
        "track",
        "datalist",
    ]
)
#: Elements that end the paragraph before them and start a new one after.
_BLOCK = frozenset(
    [
        "p",
        "div",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "address",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "legend",
        "center",
        "hr",
        "caption",
        "details",
        "summary",
        "body",
        "html",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
    ]
)
_HEADINGS = {f"h{n}": f"Heading {n}" for n in range(1, 7)}
_BOLD = frozenset(("b", "strong", "th"))
_SET_APART = ("Heading", "Title", "Caption", "Strong")
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.-]+)""",
    re.IGNORECASE,
)
#: Labels that browsers treat as another encoding (WHATWG Encoding Standard).
_ENCODING_ALIASES = {"latin1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
#: Deeper than this, an element's text is read flat (libxml2 stops near 256 levels anyway).
_MAX_DEPTH = 200


def read_html(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Read a web page into paragraphs and tables in page order.

    Raises:
        TooLarge: more tables than ``settings.max_tables``, rows in one than ``max_rows``, or
            cells than ``max_cells``.

    >>> page = b"<h1>Workplan 2012/13</h1><table><tr><th>Ref<th>Action<tr><td>1<td>Audit</table>"
    >>> [type(b).__name__ for b in read_html(page, "plan.html").blocks]
    ['Paragraph', 'Table']
    """
    opts = Settings.resolve(settings)
    doc = SourceDocument()
    text = _decode(data, doc.notes).replace("\x00", "")
    if not text.strip():
        return doc
    # lxml's HTML parser, as lxml.html uses it, but with plain elements: lxml.html's element
    # classes cost a class lookup each time the walk touches an element.
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return doc  # nothing the parser could make a document of: no tables
    if root is None:
        return doc
    for error in parser.error_log:
        # libxml2 recovers from bad markup silently, but stops at its resource limits (more
        # than 256 nested elements): the page is then read only up to that point.
        if error.level_name == "FATAL":
            doc.notes.append(
                f"the page was read only up to line {error.line}: {error.message.strip()}"
            )
            break
    page = _Page(opts)
    body = root.find("body")
    page.flow.children(root if body is None else body, False, 0)
    page.flow.flush()
    title = root.findtext("head/title")
    _add_title(page.blocks, " ".join(title.split()) if title else "")
    doc.blocks = page.blocks
    return doc


def _decode(data: bytes, notes: list[str]) -> str:
    encoding = bom_encoding(data)
    if encoding is None:
        m = _META_CHARSET.search(data[:4096])
        if m is not None:
            label = (m.group(1) or m.group(2)).decode("ascii").lower()
            try:
                info = codecs.lookup(label)
            except LookupError:
                info = None
            # codecs also knows transforms ("rot13", "base64", "zlib") and "undefined", which
            # no page is written in: those labels are ignored like unknown ones.
            if (
                info is None
                or not getattr(info, "_is_text_encoding", True)
                or info.name == "undefined"
            ):
                notes.append(f"the page declares an unknown encoding {label!r}; ignored")
            else:
                encoding = _ENCODING_ALIASES.get(info.name, info.name)
                if encoding.startswith("utf-16"):
                    encoding = "utf-8"  # declared without a BOM: browsers read UTF-8
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            notes.append(f"text is not valid {encoding} (byte {exc.start}); bad bytes replaced")
            return data.decode(encoding, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        notes.append(f"text is not valid UTF-8 (byte {exc.start}); read as Windows-1252")
        return data.decode("cp1252", "replace")


def _add_title(blocks: list[Paragraph | Table], title: str) -> None:
    if not title:
        return
    for block in blocks:
        if isinstance(block, Table):
            break
        if block.style is not None and block.style.startswith(_SET_APART):
            return
    blocks.insert(0, Paragraph.from_typed(title, "Title"))


class _Page:
    """The page's blocks and its limits; ``flow`` writes paragraphs and tables into them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.blocks: list[Paragraph | Table] = []
        self.tables = 0
        self.cells = 0
        self.flow = _Flow(self, self.blocks)

    def count_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > self.settings.max_cells:
            raise TooLarge(f"more than {self.settings.max_cells:,} table cells (max_cells)")


@dataclass(slots=True)
class _List:
    ordered: bool
    kind: str  # the <ol> type: "1", "a", "A", "i", "I"
    next: int


@dataclass(slots=True)
class _Flow:
    """Turns an element's content into paragraphs, appended to ``out`` (the page's blocks, or
    a table cell's paragraphs), and into tables when ``out`` is the page's."""

    page: _Page
    out: list[Paragraph | Table] | list[Paragraph]
    frags: list[tuple[str, bool]] = field(default_factory=list)
    style: str | None = None
    label: str | None = None
    lists: list[_List] = field(default_factory=list)
    pre: int = 0

    def flush(self) -> None:
        frags = self.frags
        if not frags:
            return
        self.frags = []
        joined = "".join([f for f, _ in frags])
        # HTML collapses white space, no-break spaces included (str.split's whitespace).
        text = joined.strip() if self.pre else " ".join(joined.split())
        if not text:
            return
        style = self.style
        if style is None:
            style = "Strong"
            for fragment, bold in frags:
                if not bold and fragment and not fragment.isspace():
                    style = None
                    break
        # Collapsed text is tidy already; <pre> text keeps its tabs and runs of spaces.
        para = Paragraph.from_typed(text, style) if self.pre else Paragraph.from_tidy(text, style)
        if self.label is not None:
            if para.label is None:
                para = Paragraph(para.text, self.label, max(0, len(self.lists) - 1), style)
            self.label = None
        self.out.append(para)

    def text(self, text: str | None, bold: bool) -> None:
        if not text:
            return
        if self.pre and "\n" in text:
            lines = text.split("\n")
            for line in lines[:-1]:
                self.frags.append((line, bold))
                self.flush()
            text = lines[-1]
        self.frags.append((text, bold))

    def children(self, element: etree._Element, bold: bool, depth: int) -> None:
        # text() inline for the common case: called for every text node, it shows in profiles.
        text = element.text
        if text:
            if self.pre:
                self.text(text, bold)
            else:
                self.frags.append((text, bold))
        for child in element:
            self.element(child, bold, depth + 1)
            text = child.tail
            if text:
                if self.pre:
                    self.text(text, bold)
                else:
                    self.frags.append((text, bold))

    def element(self, element: etree._Element, bold: bool, depth: int) -> None:
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP or hidden(element):
            return
        if depth > _MAX_DEPTH:
            self.text(
                etree.tostring(element, method="text", encoding="unicode", with_tail=False), bold
            )
            return
        if tag == "br":
            if self.frags:
                self.flush()
            return
        bold = bold or tag in _BOLD or bold_style(element)
        if tag not in _BLOCK:
            self.children(element, bold, depth)
            return
        if self.frags:
            self.flush()
        if tag == "table" and self.out is self.page.blocks:
            self.page_table(element, depth)
            return
        saved_style, saved_lists = self.style, None
        if tag in _HEADINGS:
            self.style = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            saved_lists = list(self.lists)
            self.lists.append(_list(element))
            self.label = None
        elif tag == "li":
            self.label = self._label(element)
        elif tag == "pre":
            self.pre += 1
        self.children(element, bold, depth)
        if self.frags:
            self.flush()
        self.style = saved_style
        self.label = None
        if saved_lists is not None:
            self.lists = saved_lists
        if tag == "pre":
            self.pre -= 1

    def _label(self, item: etree._Element) -> str:
        if not self.lists:
            return BULLET
        current = self.lists[-1]
        if not current.ordered:
            return BULLET
        number = int_attribute(item.get("value"), current.next)
        current.next = number + 1
        kind = current.kind
        if kind in ("a", "A"):
            return format_number(number, "lowerLetter" if kind == "a" else "upperLetter") + ")"
        if kind in ("i", "I"):
            return format_number(number, "lowerRoman" if kind == "i" else "upperRoman") + "."
        return f"{number}."

    # --- tables ----------------------------------------------------------------------------

    def page_table(self, table: etree._Element, depth: int) -> None:
        rows = table_rows(table)
        caption = table.find("caption")
        if caption is not None and not hidden(caption):
            self.style = "Caption"
            self.children(caption, False, depth + 1)
            self.flush()
            self.style = None
        if is_layout(table, rows):
            for tr, _ in rows:
                for cell in tr:
                    if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                        self.element(cell, False, depth + 2)
            return
        page = self.page
        if page.tables >= page.settings.max_tables:
            raise TooLarge(f"more than {page.settings.max_tables:,} tables (max_tables)")
        if len(rows) > page.settings.max_rows:
            raise TooLarge(f"a table has more than {page.settings.max_rows:,} rows (max_rows)")
        grid = place(rows, lambda td: _cell(page, td, depth), page.count_cells)
        blocks = build(grid, page.tables, page.settings)
        page.blocks.extend(blocks.all())
        if blocks.table is not None:
            page.tables += 1


def _list(element: etree._Element) -> _List:
    if element.tag == "ul":
        return _List(False, "", 1)
    kind = element.get("type") or "1"
    return _List(
        True,
        kind if kind in ("1", "a", "A", "i", "I") else "1",
        int_attribute(element.get("start"), 1),
    )


def _cell(page: _Page, td: etree._Element, depth: int) -> list[Paragraph]:
    """A cell's paragraphs. Most cells hold plain text: they skip the walk."""
    bold = td.tag == "th" or bold_style(td)
    if len(td) == 0:
        text = " ".join((td.text or "").split())
        return [Paragraph.from_typed(text, "Strong" if bold else None)] if text else []
    paragraphs: list[Paragraph] = []
    flow = _Flow(page, paragraphs)
    flow.children(td, bold, depth + 2)
    flow.flush()
    return paragraphs
