"""Paragraphs from a tagged PDF's structure tree.

Word's "Save as PDF" (by default) and LibreOffice's export with tagging on write a structure
tree: each paragraph is a ``P`` (or heading, list item, ...) element whose content is the
marked-content sequences (MCIDs) of its glyphs on each page. That settles exactly where
paragraphs begin, which the glyph positions cannot when a paragraph ends close to the column
edge. The walk maps (page number, MCID) to the id of the block element holding it.

pdfplumber has a structure-tree parser, but it builds a full element tree with attributes; this
walk reads only what is needed, iteratively (no recursion on hostile nesting), visiting each
object once (no endless loop on a cyclic tree) and stopping after ``limit`` elements.

The elements are read with ``_Objects``, a reader for the plain dictionaries a structure tree is
made of; anything it does not know exactly how pdfminer would read goes to pdfminer. It is kept
because it pays: the walk takes 14 ms instead of 47 ms on the LCPC sample and 7 ms instead of
57 ms on the LSCB one (12-15% of reading either file). It is a second reader of PDF objects, so
``tests/readers/test_pdftags.py`` holds it to pdfminer's answers: on hand-picked bodies, on the
samples' whole trees, and on hypothesis-generated object bodies (plain containers mixed with
every token it must leave to pdfminer).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF

#: Element types that are part of the enclosing paragraph rather than paragraphs themselves:
#: a list item's label and body share the item's id, so "•" and its text stay one paragraph.
_INLINE = frozenset(
    {
        *("Span", "Link", "Lbl", "LBody", "Quote", "Note", "Reference", "BibEntry", "Code"),
        *("Annot", "Ruby", "Warichu", "Em", "Strong", "Sub", "NonStruct", "Private"),
    }
)

Tags = dict[tuple[int, int], int]


#: The tokens of an indirect object's body, of only the kinds whose pdfminer reading is certain:
#: dictionary and array brackets, a name (printable ASCII and ``#xx`` escapes), a reference, a
#: non-negative integer, each after any white space. Each ends where pdfminer's token ends (its END_LITERAL,
#: END_NUMBER and END_KEYWORD); anything else is the last group, and the object is left to
#: pdfminer.
_TOKENS = re.compile(
    rb"\s*(?:(<<|>>|\[|\])"
    rb"|/((?:[^\x00-\x20\x7f-\xff/\[\]<>(){}%#]|#[0-9A-Fa-f]{2})*)(?=[\s/\[\]<>(){}%]|\Z)"
    rb"|(\d+)\s+\d+\s+R(?=[\s/\[\]<>]|\Z)"
    rb"|(\d+)(?=[\s/\[\]<>]|\Z)"
    rb"|(.))",
    re.S,
)
_HEADER = re.compile(rb"\s*(\d+)\s+\d+\s+obj(?=[\s<\[])")
#: Bytes that end pdfminer's keyword token (END_KEYWORD), so that "endobj" is the keyword.
_KEYWORD_END = frozenset(b"#/%[]()<>{} \t\n\r\x0b\x0c")
#: The longest body read here; a longer object (a huge array) is left to pdfminer, and no
#: object, however damaged, has the rest of the file searched for its end.
_MAX_BODY = 16384
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class _Objects:
    """Indirect objects read straight from the file's bytes when they are plain containers.

    ``get`` returns exactly what ``resolve1`` would: an object stored at a file offset (found
    through the cross-reference tables in pdfminer's order), made only of names, integers,
    references, arrays and dictionaries and closed by ``endobj``, is built here with pdfminer's
    own types; anything else (a string, a real, a stream, an object stream, an encrypted file,
    damage) is left to pdfminer.
    """

    def __init__(self, pdf: PDF, data: bytes | None) -> None:
        # Imported here, once per document: pdfminer is loaded only when a PDF is read, and an
        # import statement in the per-object path costs as much as the parse.
        from pdfminer.pdftypes import PDFObjRef, resolve1
        from pdfminer.psparser import LIT, PSLiteral

        self.doc = pdf.doc
        self.data = None if data is None or pdf.doc.decipher else data
        self.ref, self.resolve1, self.lit, self.literal = PDFObjRef, resolve1, LIT, PSLiteral

    def get(self, ref: Any) -> Any:
        if self.data is not None and isinstance(ref, self.ref):
            try:
                obj = self._parse(ref.objid)
            except (KeyError, ValueError, IndexError, TypeError):
                obj = None
            if obj is not None:
                return obj
        return self.resolve1(ref)

    def _parse(self, objid: int) -> Any:
        assert self.data is not None
        PDFObjRef, LIT, PSLiteral = self.ref, self.lit, self.literal
        for xref in self.doc.xrefs:
            try:
                strmid, pos, _ = xref.get_pos(objid)
            except KeyError:
                continue
            break
        else:
            return None
        if strmid is not None:
            return None  # in an object stream
        data = self.data
        head = _HEADER.match(data, pos)
        if head is None or int(head[1]) != objid:
            return None
        start = head.end()
        stop = data.find(b"endobj", start, start + _MAX_BODY)
        if stop < 0 or (stop + 6 < len(data) and data[stop + 6] not in _KEYWORD_END):
            return None
        body = data[start:stop].rstrip()
        # Ending in a bracket, the body's last token cannot run on into "endobj" (as a name or
        # a number would), so pdfminer reads the same tokens up to that keyword.
        if not body.endswith((b">>", b"]")):
            return None
        # Open containers, innermost last; the outermost is the object itself.
        stack: list[list[Any]] = []
        kinds: list[bytes] = []
        result: Any = None
        for bracket, name, ref, number, other in _TOKENS.findall(body):
            if other or result is not None:
                return None  # a token left to pdfminer, or a second object before endobj
            value: Any
            if bracket:
                if bracket in (b"<<", b"["):
                    stack.append([])
                    kinds.append(bracket)
                    continue
                if not stack or kinds.pop() != (b"<<" if bracket == b">>" else b"["):
                    return None
                items = stack.pop()
                if bracket == b">>":
                    if len(items) % 2 or not all(isinstance(k, PSLiteral) for k in items[::2]):
                        return None
                    value = {k.name: v for k, v in zip(items[::2], items[1::2], strict=True)}
                else:
                    value = items
            elif ref:
                value = PDFObjRef(self.doc, int(ref))
            elif number:
                value = int(number)
            else:  # a name, maybe empty
                if b"#" in name:
                    name = _ESCAPE.sub(lambda m: bytes((int(m[1], 16),)), name)
                try:
                    value = LIT(name.decode("utf-8"))
                except UnicodeDecodeError:
                    return None  # pdfminer keeps such a name as bytes
            if stack:
                stack[-1].append(value)
            elif isinstance(value, (dict, list)):
                result = value
            else:
                return None  # a bare value: left to pdfminer
        return None if stack else result


def paragraph_tags(pdf: PDF, limit: int, data: bytes | None = None) -> Tags | None:
    """Map (page number, MCID) -> paragraph id, or None when the PDF is not tagged.

    Args:
        pdf: the open document.
        limit: the most structure elements to visit; a larger tree is not used (None).
        data: the bytes ``pdf`` was opened from, which lets plain structure elements be read
            without pdfminer's general parser (see ``_Objects``).
    """
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import PDFObjRef, resolve1
    from pdfminer.psparser import PSLiteral

    def name(value: Any) -> str | None:
        value = resolve1(value)
        if isinstance(value, PSLiteral):
            return str(value.name)
        if isinstance(value, bytes):
            return value.decode("latin-1")
        return value if isinstance(value, str) else None

    catalog = pdf.doc.catalog
    root = resolve1(catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        return None
    role_map = resolve1(root.get("RoleMap")) or {}
    if not isinstance(role_map, dict):
        role_map = {}
    # From the page tree itself: ``pdf.pages`` would make (and keep) a page object for each.
    pages = {page.pageid: n for n, page in enumerate(PDFPage.create_pages(pdf.doc), start=1)}
    tags: Tags = {}
    seen: set[int] = set()
    next_id = 0
    # (kid, paragraph id, page number inherited from the closest /Pg)
    stack: list[tuple[Any, int, int | None]] = [(root.get("K"), -1, None)]
    visited = 0
    objects = _Objects(pdf, data)
    while stack:
        kid, block, page = stack.pop()
        if isinstance(kid, PDFObjRef):
            if kid.objid in seen:
                continue
            seen.add(kid.objid)
        kid = objects.get(kid)
        if isinstance(kid, int):
            if page is not None and block >= 0:
                tags.setdefault((page, kid), block)
            continue
        if isinstance(kid, list):
            stack.extend((k, block, page) for k in reversed(kid))
            continue
        if not isinstance(kid, dict):
            continue
        visited += 1
        if visited > limit:
            return None
        pg = kid.get("Pg")
        if isinstance(pg, PDFObjRef):
            page = pages.get(pg.objid, page)
        if "MCID" in kid:  # a marked-content reference (MCR)
            mcid = resolve1(kid["MCID"])
            if isinstance(mcid, int) and page is not None and block >= 0:
                tags.setdefault((page, mcid), block)
            continue
        kind = name(kid.get("S"))
        if kind is None:
            continue  # an object reference (OBJR) or junk
        kind = name(role_map.get(kind)) or kind
        if kind not in _INLINE or block < 0:
            block = next_id
            next_id += 1
        stack.append((kid.get("K"), block, page))
    return tags or None
