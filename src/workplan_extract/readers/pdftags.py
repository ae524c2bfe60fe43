"""Paragraphs from a tagged PDF's structure tree.

Word's "Save as PDF" (by default) and LibreOffice's export with tagging on write a structure
tree: each paragraph is a ``P`` (or heading, list item, ...) element whose content is the
marked-content sequences (MCIDs) of its glyphs on each page. That settles exactly where
paragraphs begin, which the glyph positions cannot when a paragraph ends close to the column
edge. The walk maps (page number, MCID) to the id of the block element holding it.

pdfplumber has a structure-tree parser, but it builds a full element tree with attributes; this
walk reads only what is needed, iteratively (no recursion on hostile nesting), visiting each
object once (no endless loop on a cyclic tree) and stopping after ``limit`` elements.
"""

from __future__ import annotations

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


def paragraph_tags(pdf: PDF, limit: int) -> Tags | None:
    """Map (page number, MCID) -> paragraph id, or None when the PDF is not tagged.

    Args:
        pdf: the open document.
        limit: the most structure elements to visit; a larger tree is not used (None).
    """
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
    pages = {page.page_obj.pageid: page.page_number for page in pdf.pages}
    tags: Tags = {}
    seen: set[int] = set()
    next_id = 0
    # (kid, paragraph id, page number inherited from the closest /Pg)
    stack: list[tuple[Any, int, int | None]] = [(root.get("K"), -1, None)]
    visited = 0
    while stack:
        kid, block, page = stack.pop()
        if isinstance(kid, PDFObjRef):
            if kid.objid in seen:
                continue
            seen.add(kid.objid)
        kid = resolve1(kid)
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
