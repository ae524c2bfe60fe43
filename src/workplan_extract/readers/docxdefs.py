"""A Word package's style and list definitions, read when the document first needs them."""

from __future__ import annotations

from lxml import etree

from .numbering import Numbering, Styles
from .numcut import cut_unused_lists
from .ooxml import W_NS, W_VAL, Package, parse_xml

#: Where Word puts the main part; the package relationships say otherwise in unusual files.
MAIN_PART = "word/document.xml"
_NUM_ID = "{" + W_NS + "}numId"
_STANDARD = {
    "officeDocument": MAIN_PART,
    "styles": "word/styles.xml",
    "numbering": "word/numbering.xml",
}


class Definitions:
    """The styles and list definitions of a document, read when first needed.

    Word writes its template's every style into ``styles.xml``; the latent-style table, two
    thirds of the part, is cut before parsing, and each style is read when the document first
    names it. Many documents have no lists; their numbering part is then never inflated or
    parsed, and in one that has, each list's levels are read when first used (Word writes all
    nine for every list), and the definitions no list of the document or its styles uses are
    cut from the part before it is parsed (``numcut``).

    ``document`` is the parsed main part, whose list references say which lists are used.
    """

    def __init__(self, package: Package, main: str, document: etree._Element) -> None:
        self._package = package
        self._main = main
        self._document = document
        self._rels: dict[str, str] | None = None
        self._numbering: Numbering | None = None
        name, data = self._part("styles")
        root = None if data is None else parse_xml(_without_latent_styles(data), name)
        self._styles_root = root
        self.styles = Styles(root)

    def _part(self, kind: str) -> tuple[str, bytes | None]:
        name: str | None = _STANDARD[kind]
        if self._main != MAIN_PART or not self._package.has(name or ""):
            if self._rels is None:
                self._rels = self._package.related(self._main)
            name = self._rels.get(kind)
        if name is None:
            return "", None
        return name, self._package.read(name)

    @property
    def numbering(self) -> Numbering:
        if self._numbering is None:
            name, data = self._part("numbering")
            root = None if data is None else parse_xml(cut_unused_lists(data, self._used()), name)
            self._numbering = Numbering(root, self.styles)
        return self._numbering

    def _used(self) -> set[str]:
        """Every list (``w:numId``) the document or any of its styles names."""
        trees = (self._document, self._styles_root)
        return {
            num_id
            for tree in trees
            if tree is not None
            for el in tree.iter(_NUM_ID)
            if (num_id := el.get(W_VAL)) is not None
        }


def _without_latent_styles(data: bytes) -> bytes:
    """styles.xml without ``w:latentStyles``: two thirds of the part, and nothing read uses it.

    Cut on the bytes before parsing, which costs nothing, whereas parsing it costs more than the
    rest of the part. Only the usual "w:" spelling is cut; any other is parsed whole.
    """
    start = data.find(b"<w:latentStyles")
    end = data.find(b"</w:latentStyles>", start)
    if start < 0 or end < 0:
        return data
    return data[:start] + data[end + len(b"</w:latentStyles>") :]
