"""A Word package's style and list definitions, read when the document first needs them."""

from __future__ import annotations

from .numbering import Numbering, Styles
from .ooxml import Package, parse_xml

#: Where Word puts the main part; the package relationships say otherwise in unusual files.
MAIN_PART = "word/document.xml"
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
    nine for every list). (Cutting the definitions no list uses from the numbering part's bytes
    before parsing was tried: the byte scan cost what the parse saved.)
    """

    def __init__(self, package: Package, main: str) -> None:
        self._package = package
        self._main = main
        self._rels: dict[str, str] | None = None
        self._numbering: Numbering | None = None
        name, data = self._part("styles")
        root = None if data is None else parse_xml(_without_latent_styles(data), name)
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
            root = None if data is None else parse_xml(data, name)
            self._numbering = Numbering(root, self.styles)
        return self._numbering


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
