"""Safe loading of Office Open XML packages: the ZIP container and its XML parts.

A .docx is a ZIP of XML parts. Both layers are attack surfaces for a batch tool that opens
millions of files from unknown sources, so nothing here trusts the container:

- the ZIP's entry count, declared sizes and per-member compression ratio are checked against the
  ``Settings`` limits before anything is inflated, and members are inflated in chunks under a
  running cap, because declared sizes can lie;
- XML is parsed with entity resolution, DTD loading and network access off and with libxml2's
  own size limits on (``huge_tree=False``), and any part with a DOCTYPE is refused: OOXML never
  needs one, and a DOCTYPE is how billion-laughs and external-entity attacks start.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

from lxml import etree

from ..errors import CorruptDocument, EncryptedDocument, TooLarge, UnsupportedFormat
from ..settings import Settings

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Strict Open XML uses its own namespace for the same vocabulary; it is rewritten to the
#: transitional one before parsing so one set of names reads both.
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_W = "{" + W_NS + "}"

#: The attribute nearly every WordprocessingML property keeps its value in.
W_VAL = _W + "val"

#: Members smaller than this are never refused for their compression ratio: a tiny part of
#: repeated markup compresses well and can do no harm.
_RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 20
#: The start of an OLE compound file: legacy .doc, or an encrypted .docx wrapped by Office.
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse one package part with a hardened parser; refuse DOCTYPEs and malformed XML.

    Raises:
        CorruptDocument: the part has a DOCTYPE or is not well-formed XML.
    """
    # The byte test is a cheap early refusal; the docinfo test below also catches a DOCTYPE
    # in an encoding (UTF-16) that the byte test cannot see.
    if b"<!DOCTYPE" in data:
        raise CorruptDocument(f"{name} has a DOCTYPE, which Word files never have")
    if STRICT_W_NS.encode() in data:
        data = data.replace(STRICT_W_NS.encode(), W_NS.encode())
    # A new parser per part: lxml parsers keep state and must not be shared between threads.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"{name} is not well-formed XML ({exc.msg})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise CorruptDocument(f"{name} has a DOCTYPE, which Word files never have")
    return root


class Package:
    """A ZIP container opened with the limits of ``settings`` checked up front.

    Args:
        data: the bytes of the file.
        settings: the limits to enforce.

    Raises:
        CorruptDocument: not a ZIP archive.
        EncryptedDocument: an Office file encrypted with a password.
        TooLarge: too many entries, too much declared data, or a member compressed too well.
    """

    def __init__(self, data: bytes, settings: Settings) -> None:
        if data.startswith(_CFB_MAGIC):
            if _ENCRYPTED_PACKAGE in data:
                raise EncryptedDocument("encrypted Word document: a password is needed")
            raise UnsupportedFormat(
                "not a Word document: an OLE compound file (legacy .doc?), not a ZIP"
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise CorruptDocument(f"not a Word document: not a valid ZIP archive ({exc})") from None
        self._settings = settings
        infos = self._zip.infolist()
        if len(infos) > settings.max_zip_entries:
            raise TooLarge(
                f"ZIP has {len(infos):,} entries, more than max_zip_entries "
                f"({settings.max_zip_entries:,})"
            )
        declared = sum(info.file_size for info in infos)
        if declared > settings.max_unzipped_size:
            raise TooLarge(
                f"ZIP declares {declared} bytes uncompressed, more than max_unzipped_size "
                f"({settings.max_unzipped_size})"
            )
        # A member's compressed bytes cannot be more than the file holds, whatever its header
        # says: a lying compress_size would otherwise lift the ratio cap as high as it likes.
        self._size = len(data)
        for info in infos:
            if info.file_size > _RATIO_FLOOR and (
                info.file_size > min(info.compress_size, self._size) * settings.max_zip_ratio
            ):
                raise TooLarge(
                    f"ZIP member {info.filename} is compressed more than max_zip_ratio "
                    f"({settings.max_zip_ratio:g}): a ZIP bomb?"
                )
        # OPC part names are case-insensitive; ZIP names are not.
        self._entries = {info.filename.lower(): info for info in infos}
        self._remaining = settings.max_unzipped_size

    def has(self, name: str) -> bool:
        return name.lower() in self._entries

    def read(self, name: str) -> bytes | None:
        """Inflate one member under the running size cap, or ``None`` if there is no such part."""
        info = self._entries.get(name.lower())
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise EncryptedDocument(f"ZIP member {name} is encrypted: a password is needed")
        compressed = min(info.compress_size, self._size)
        ratio_cap = max(_RATIO_FLOOR, compressed * self._settings.max_zip_ratio)
        chunks = []
        total = 0
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    total += len(chunk)
                    if total > self._remaining:
                        raise TooLarge(
                            "ZIP inflates to more than max_unzipped_size "
                            f"({self._settings.max_unzipped_size})"
                        )
                    if total > ratio_cap:
                        raise TooLarge(
                            f"ZIP member {name} inflates more than max_zip_ratio "
                            f"({self._settings.max_zip_ratio:g}): a ZIP bomb?"
                        )
                    chunks.append(chunk)
        except NotImplementedError as exc:
            raise UnsupportedFormat(f"ZIP member {name}: {exc}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            reason = str(exc) or type(exc).__name__
            raise CorruptDocument(f"ZIP member {name} is damaged ({reason})") from None
        self._remaining -= total
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element | None:
        data = self.read(name)
        return None if data is None else parse_xml(data, name)

    def related(self, source: str) -> dict[str, str]:
        """The parts ``source`` links to, keyed by the last word of the relationship type.

        ``related("")`` reads the package relationships (``_rels/.rels``); ``"officeDocument"``
        then names the main part. Targets are resolved to ZIP names.
        """
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if rels is None:
            return out
        for rel in rels.iterchildren(_REL_NS + "Relationship"):
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if not kind or not target or rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            out.setdefault(kind, name)
        return out
