"""Build the bad-input corpus: files a batch over real archives will meet, and hostile ones.

Every case is made here from the committed samples or from bytes written by hand; nothing is
downloaded. The corpus is built at test time into a temporary folder (``tests/robustness``), so
only this script is committed. Each case names the error code ``extract`` must raise, or
``"ok"`` with the warning code the record must carry, and why.

    python scripts/make_bad_corpus.py OUTDIR      # build it, print the cases

Cases that need the file system to cooperate (a FIFO, a symlink, an unreadable file, a path too
long) are made by ``build`` too; ``Case.skip`` says when one cannot be made honestly here (a
file without read permission is still readable by root).
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import io
import json
import os
import random
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DOCX = SAMPLES / "lscb-workplan-2007-08.docx"
PDF = SAMPLES / "lcpc-workplan-2004.pdf"
TXT = SAMPLES / "lcpc-workplan-2004.txt"
DOC = SAMPLES / "lcpc-workplan-2004.doc"
SCAN = SAMPLES / "scanned" / "lcpc-workplan-2004.scan.pdf"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
GIB = 1 << 30


@dataclass(frozen=True)
class Case:
    """One corpus file and what extracting it must give.

    ``expect`` is an error code, or ``"ok"`` for a document that must be extracted; ``warning``
    is a warning code the record must then carry. ``skip`` is a reason the case could not be
    made here (the test skips it and says why).
    """

    name: str
    expect: str
    why: str
    warning: str | None = None
    skip: str | None = None
    #: What ``batch`` reports when it differs from ``extract``: an error code, ``"walked"``
    #: for a folder, which batch walks into rather than reads, or ``"skipped"`` for a page
    #: image, which a batch without ``--ocr`` leaves alone as no document.
    batch: str | None = None
    #: What ``extract`` gives with OCR on (``Settings(ocr="auto")``), for the cases OCR reads.
    ocr: str | None = None


# --- raw containers -----------------------------------------------------------------------


@dataclass(frozen=True)
class RawMember:
    """A ZIP member written byte for byte, so sizes and flags can lie."""

    name: str
    payload: bytes  # already compressed when method is 8
    crc: int
    size: int  # the true uncompressed size
    method: int = zipfile.ZIP_DEFLATED
    declared_size: int | None = None  # what the headers claim, when it is a lie
    declared_compressed: int | None = None  # likewise for the compressed size
    flags: int = 0


def raw_zip(members: list[RawMember]) -> bytes:
    """A ZIP archive written by hand (no ZIP64: every member stays under 4 GiB)."""
    out = io.BytesIO()
    central = []
    for m in members:
        offset = out.tell()
        name = m.name.encode()
        size = m.size if m.declared_size is None else m.declared_size
        packed = len(m.payload) if m.declared_compressed is None else m.declared_compressed
        fields = (20, m.flags, m.method, 0, 0x21, m.crc, packed, size, len(name), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name + m.payload)
        central.append(
            b"PK\x01\x02"
            + struct.pack("<HHHHHHIIIHHHHHII", 20, 20, *fields[1:], 0, 0, 0, 0, offset)
            + name
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(directory), start, 0)
    out.write(b"PK\x05\x06" + end)
    return out.getvalue()


def deflated(name: str, data: bytes, **kw: int) -> RawMember:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = packer.compress(data) + packer.flush()
    return RawMember(name, payload, zlib.crc32(data), len(data), **kw)


def zero_bomb(name: str, size: int) -> RawMember:
    """``size`` zero bytes deflated, built from one repeated block so a gigabyte costs about a
    second: after a full flush deflate forgets its window, so every further megabyte of zeros
    compresses to the same bytes."""
    chunk = 1 << 20
    assert size % chunk == 0
    zeros = bytes(chunk)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    payload = first + block * (size // chunk - 1) + packer.flush()
    crc = 0
    for _ in range(size // chunk):
        crc = zlib.crc32(zeros, crc)
    return RawMember(name, payload, crc, size)


def sample_parts(path: Path = DOCX) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with(document_xml: bytes | None = None, **replace: bytes) -> bytes:
    """The sample .docx with ``word/document.xml`` (and other parts, by name) replaced."""
    parts = sample_parts()
    if document_xml is not None:
        parts["word/document.xml"] = document_xml
    for key, data in replace.items():
        parts[key] = data
    return zip_of(parts)


def document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def pdf_file(objects: list[bytes], *, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (1-based; object 1 is the catalog), xref included."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d " % len(data) + extra + b">>\nstream\n" + data + b"\nendstream"


def text_pdf(lines: list[str]) -> bytes:
    """One page of Helvetica text: a small, valid PDF with a text layer and no table."""
    ops = b"BT /F1 12 Tf 72 720 Td " + b"".join(
        b"(" + line.encode("latin-1") + b") Tj 0 -16 Td " for line in lines
    )
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(ops + b"ET"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def damaged_pdf(page_extra: bytes = b"", content: bytes | None = None) -> bytes:
    """``text_pdf`` with its page dictionary or content stream damaged as the fuzzer found."""
    data = text_pdf(["Workplan 2004"])
    if page_extra:
        data = data.replace(b"/MediaBox [0 0 612 792]", page_extra)
    if content is not None:
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        data = pdf_file(objects)
    return data


def image_pdf(pages: int = 2, width: int = 64, height: int = 64) -> bytes:
    """Pages that only paint an image: what a scanner makes. An image larger than 64 x 64
    declares its size and holds only 64 x 64 pixels of data."""
    pixels = bytes(random.Random(7).randrange(256) for _ in range(64 * 64))
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        stream(
            pixels,
            b"/Type /XObject /Subtype /Image /Width %d /Height %d "
            b"/ColorSpace /DeviceGray /BitsPerComponent 8 " % (width, height),
        ),
    ]
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /XObject << /Im1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(stream(b"q 500 0 0 700 50 50 cm /Im1 Do Q"))
    return pdf_file(objects)


def many_pages_pdf(pages: int) -> bytes:
    """``pages`` real, distinct, empty pages sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        stream(b"BT ET"),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * pages
    return pdf_file(objects)


def lying_count_pdf(declared: int) -> bytes:
    """A page tree that claims ``declared`` pages and holds one."""
    data = text_pdf(["Workplan"])
    return data.replace(b"/Count 1 ", b"/Count %d " % declared)


def encrypted_pdf() -> bytes:
    """The sample PDF (or a small one) encrypted with a user password, by pypdf."""
    from pypdf import PdfReader, PdfWriter

    source = PDF.read_bytes() if PDF.exists() else text_pdf(["Workplan 2004"])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def broken_xref_pdf() -> bytes:
    """The sample PDF with every xref offset pointing at byte 1 and ``startxref`` past the end."""
    data = PDF.read_bytes() if PDF.exists() else text_pdf(["Workplan 2004"])
    end = data.rfind(b"startxref")
    start = data.rfind(b"xref", 0, end - 1)
    table = re.sub(rb"\d{10} (\d{5}) n", rb"0000000001 \1 n", data[start:end])
    return data[:start] + table + b"startxref\n999999999\n%%EOF\n"


def cfb_encrypted_docx() -> bytes:
    """The start of an OLE compound file holding an ``EncryptedPackage`` stream: the shape of a
    password-protected .docx (Office wraps the encrypted ZIP in OLE). Only its directory entry
    name is real; the sniffers need no more."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    info = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\x00")
    return header + entry + bytes(64) + info + bytes(4096)


# --- the cases ----------------------------------------------------------------------------


@functools.cache
def _bomb_256() -> RawMember:
    return zero_bomb("word/document.xml", 256 << 20)


def _lying(**lies: int) -> RawMember:
    """A 256 MiB member of zeros whose headers lie about a size."""
    real = _bomb_256()
    return RawMember(real.name, real.payload, real.crc, real.size, **lies)


@dataclass(frozen=True)
class OnDisk:
    """Makes a case that is not plain bytes in a file (a symlink, a FIFO, a folder)."""

    make: Callable[[Path], None]


#: What a case's file is made from: its bytes, a function giving them (for the expensive
#: ones, so listing the cases stays cheap), or ``OnDisk``: a function making it at a path.
Content = bytes | Callable[[], bytes] | OnDisk


def _cases() -> Iterator[tuple[Case, Content]]:
    docx = DOCX.read_bytes()
    txt = TXT.read_bytes()
    rng = random.Random(20240607)

    yield Case("empty.txt", "corrupt", "zero bytes: nothing to read"), b""
    yield Case("zero-byte.docx", "corrupt", "a .docx of zero bytes"), b""
    for cut in (2, 30, 1000, len(docx) // 2, len(docx) - 30):
        yield (
            Case(f"truncated-{cut}.docx", "corrupt", f".docx cut after {cut} bytes"),
            docx[:cut],
        )
    yield (
        Case("not-word.docx", "unsupported-format", "a ZIP of other files, named .docx"),
        zip_of({"readme.txt": b"hello", "data/values.csv": b"a,b\n1,2\n"}),
    )
    parts = sample_parts()
    del parts["word/document.xml"]
    yield (
        Case("no-document-part.docx", "corrupt", "a .docx without word/document.xml"),
        zip_of(parts),
    )
    yield (
        Case(
            "zip-bomb-1gib.docx",
            "too-large",
            "word/document.xml inflates to 1 GiB of zeros from about 1 MB",
        ),
        lambda: raw_zip(
            [deflated("[Content_Types].xml", b"<Types/>"), zero_bomb("word/document.xml", GIB)]
        ),
    )
    yield (
        Case(
            "zip-bomb-small-declared-size.docx",
            "corrupt",
            "the headers declare 1,000 bytes of a 256 MiB member: inflating stops at the "
            "declared size and the CRC fails",
        ),
        lambda: raw_zip([deflated("[Content_Types].xml", b"<Types/>"), _lying(declared_size=1000)]),
    )
    yield (
        Case(
            "zip-bomb-lying-compressed-size.docx",
            "too-large",
            "256 MiB from 250 kB whose headers claim 256 MiB compressed, to dodge the ratio check",
        ),
        lambda: raw_zip(
            [deflated("[Content_Types].xml", b"<Types/>"), _lying(declared_compressed=256 << 20)]
        ),
    )
    yield (
        Case("zip-many-entries.docx", "too-large", "20,000 empty members (over max_zip_entries)"),
        lambda: raw_zip(
            [deflated("word/document.xml", document_xml(""))]
            + [deflated(f"word/media/{i}.bin", b"") for i in range(20_000)]
        ),
    )
    yield (
        Case("zip-encrypted-member.docx", "encrypted", "document.xml marked encrypted (ZipCrypto)"),
        raw_zip(
            [
                deflated("[Content_Types].xml", b"<Types/>"),
                deflated("word/document.xml", document_xml(para("x")), flags=0x1),
            ]
        ),
    )
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>\n"
        + document_xml(para("&lol9;")).split(b"\n", 1)[1]
    )
    yield (
        Case("billion-laughs.docx", "corrupt", "an entity bomb in document.xml"),
        docx_with(laughs),
    )
    yield (
        Case(
            "billion-laughs-utf16.docx",
            "corrupt",
            "the entity bomb encoded as UTF-16, which a byte search for DOCTYPE misses",
        ),
        docx_with(laughs.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16")),
    )
    xxe = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        + document_xml(para("&xxe;")).split(b"\n", 1)[1]
    )
    yield (
        Case("external-entity.docx", "corrupt", "document.xml pulls in /etc/passwd"),
        docx_with(xxe),
    )
    numbering = sample_parts()["word/numbering.xml"]
    yield (
        Case(
            "external-entity-numbering.docx",
            "corrupt",
            "an external entity in word/numbering.xml, a part read after the body",
        ),
        docx_with(
            None,
            **{
                "word/numbering.xml": b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM '
                b'"file:///etc/passwd">]>\n' + numbering.split(b"\n", 1)[1]
            },
        ),
    )
    yield (
        Case("malformed-xml.docx", "corrupt", "document.xml is not well-formed"),
        docx_with(document_xml(para("x")).replace(b"</w:body>", b"")),
    )
    yield (
        Case("workbook-main-part.docx", "unsupported-format", "document.xml holds a spreadsheet"),
        docx_with(b'<workbook xmlns="urn:example"/>'),
    )
    strict = {
        name: data.replace(W_NS.encode(), STRICT_W_NS.encode())
        for name, data in sample_parts().items()
    }
    yield Case("strict-ooxml.docx", "ok", "Strict Open XML namespaces"), zip_of(strict)
    macro = sample_parts()
    macro["[Content_Types].xml"] = macro["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    macro["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)
    yield (
        Case("macro-enabled.docm", "ok", "a .docm with a VBA project: macros are ignored"),
        (zip_of(macro)),
    )
    yield (
        Case("encrypted-office.docx", "encrypted", "a password-protected .docx (OLE wrapper)"),
        cfb_encrypted_docx(),
    )

    # PDF
    pdf = PDF.read_bytes() if PDF.exists() else text_pdf(["Workplan 2004"])
    for cut in (8, 500, len(pdf) // 2, len(pdf) - 10):
        yield Case(f"truncated-{cut}.pdf", "corrupt", f".pdf cut after {cut} bytes"), pdf[:cut]
    yield Case("encrypted.pdf", "encrypted", "RC4 encryption with a user password"), encrypted_pdf
    yield (
        Case(
            "image-only.pdf",
            "no-text-layer",
            "two scanned pages, no text",
            ocr="no-workplan-table",
        ),
        image_pdf(),
    )
    yield (
        Case(
            "broken-xref.pdf",
            "ok",
            "every xref offset wrong: pdfminer rebuilds the table by scanning",
        ),
        broken_xref_pdf(),
    )
    yield (
        Case("many-pages.pdf", "too-large", "2,500 real pages, over max_pages (2,000)"),
        many_pages_pdf(2500),
    )
    yield (
        Case(
            "lying-page-count.pdf",
            "no-workplan-table",
            "a page tree that claims 10,000,000 pages and holds one: the claim is not trusted",
        ),
        lying_count_pdf(10_000_000),
    )
    # Found by fuzz/fuzz_readers.py: damage inside a page reached the caller as pdfplumber's
    # and pdfminer's own exceptions (and a TypeError) instead of "corrupt".
    yield (
        Case("fuzz-name-in-mediabox.pdf", "corrupt", "a name where a box needs a number"),
        damaged_pdf(b"/MediaBox [0 0 612 /X]"),
    )
    yield (
        Case("fuzz-keyword-in-mediabox.pdf", "corrupt", "a bare keyword inside the page box"),
        damaged_pdf(b"/MediaBox [0 0 612 foo]"),
    )
    yield (
        Case("fuzz-short-mediabox.pdf", "corrupt", "a page box with no numbers"),
        damaged_pdf(b"/MediaBox null"),
    )
    yield (
        Case(
            "fuzz-odd-dictionary.pdf",
            "corrupt",
            "marked content whose property dictionary has a key without a value",
        ),
        damaged_pdf(
            content=b"/P <</MCID 1 /Lang>> BDC BT /F1 12 Tf 72 720 Td (Workplan) Tj ET EMC"
        ),
    )
    # Found by fuzz/fuzz_readers.py: objects that are only references to each other made
    # pdfminer's resolve1 spin forever (the fuzzer's case: a broken /Kids array).
    yield (
        Case("fuzz-reference-cycle.pdf", "corrupt", "page tree objects 2 -> 3 -> 2, bare refs"),
        pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"3 0 R", b"2 0 R"]),
    )
    yield (
        Case("reference-cycle-root.pdf", "corrupt", "the catalog is a reference to itself"),
        pdf_file([b"1 0 R", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
    )
    yield (
        Case("not-a-pdf.pdf", "corrupt", "%PDF header, then noise"),
        b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)) + b"\n%%EOF\n",
    )

    # Tables that are too much
    nested = "<w:tbl><w:tr><w:tc>" * 300 + para("deep") + "</w:tc></w:tr></w:tbl>" * 300
    yield (
        Case("nested-tables-300.docx", "corrupt", "tables nested 300 deep"),
        docx_with(document_xml(nested)),
    )
    nested = "<w:tbl><w:tr><w:tc>" * 60 + para("deep") + "</w:tc></w:tr></w:tbl>" * 60
    yield (
        Case(
            "nested-tables-60.docx",
            "no-workplan-table",
            "tables nested 60 deep: within the XML depth limit, read, no workplan",
        ),
        docx_with(document_xml(nested)),
    )
    wide = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(f'c{r}.{c}')}</w:tc>" for c in range(3000)) + "</w:tr>"
        for r in range(4)
    )
    yield (
        Case("wide-table.docx", "no-workplan-table", "a table 3,000 columns wide"),
        docx_with(document_xml(para("Workplan 2004") + f"<w:tbl>{wide}</w:tbl>")),
    )

    # Text dumps
    bad_utf8 = txt.replace(b"Board", b"Bo\xffrd", 1)
    yield (
        Case("invalid-utf8.txt", "ok", "one byte that is not UTF-8", warning="source.note"),
        bad_utf8,
    )
    yield (
        Case("invalid-utf16.txt", "corrupt", "a UTF-16 BOM, then a lone surrogate"),
        b"\xff\xfe" + "Workplan\n\t1\n".encode("utf-16-le") + b"\x00\xd8A\x00",
    )
    yield (
        Case("utf16.txt", "ok", "the sample text dump in UTF-16 with a BOM"),
        txt.decode("utf-8").encode("utf-16"),
    )
    yield (
        Case("binary-noise.txt", "unsupported-format", "random bytes named .txt"),
        bytes(rng.randrange(256) for _ in range(20_000)),
    )
    yield (
        Case(
            "high-noise.txt",
            "no-workplan-table",
            "random bytes 0x80-0xFF: not UTF-8, read as Windows-1252, no table",
            warning="source.note",
        ),
        bytes(rng.randrange(128, 256) for _ in range(20_000)),
    )

    # Mislabelled in every direction: the content decides, with a warning.
    mislabelled = [("docx", docx, ("pdf", "txt", "doc")), ("txt", txt, ("docx", "pdf"))]
    if PDF.exists():
        mislabelled.append(("pdf", pdf, ("docx", "txt")))
    if DOC.exists():  # one is enough: each costs a LibreOffice start
        mislabelled.append(("doc", DOC.read_bytes(), ("docx",)))
    for real, data, names in mislabelled:
        for ext in names:
            yield (
                Case(
                    f"{real}-named.{ext}",
                    "ok",
                    f"a .{real} named .{ext}",
                    warning="source.mislabelled",
                ),
                data,
            )
    yield (
        Case("txt-named.bin", "ok", "a text dump with an extension the tool does not know"),
        txt,
    )

    # The file system
    def symlink(target: str) -> OnDisk:
        return OnDisk(lambda p: p.symlink_to(target))

    yield Case("symlink.txt", "ok", "a symlink to a good text dump"), symlink(str(TXT))
    yield (
        Case("dangling-symlink.docx", "unreadable", "a symlink to nothing"),
        symlink("no-such-file.docx"),
    )
    yield (
        Case("symlink-loop.docx", "unreadable", "a symlink to itself"),
        symlink("symlink-loop.docx"),
    )
    yield (
        Case("n" * 300 + ".docx", "unreadable", "a name longer than the file system allows"),
        OnDisk(lambda p: None),
    )
    yield (
        Case("folder.docx", "unreadable", "a folder named like a file", batch="walked"),
        OnDisk(Path.mkdir),
    )
    yield (
        Case("named-pipe.txt", "unreadable", "a FIFO: opening it for reading would block"),
        OnDisk(os.mkfifo),
    )
    no_read = os.name == "posix" and os.geteuid() == 0
    yield (
        Case(
            "no-permission.docx",
            "unreadable",
            "mode 000",
            skip="running as root, which reads any file whatever its mode" if no_read else None,
        ),
        OnDisk(functools.partial(_unreadable, data=docx)),
    )
    long_name = "w" * (255 - len(".txt"))
    yield Case(long_name + ".txt", "ok", "a name of 255 bytes, the longest allowed"), txt
    yield (
        Case("Arbeitsplan – Übersicht 2007 ✓ 工作计划.txt", "ok", "a non-ASCII file name"),
        txt,
    )
    yield Case("line\nbreak.txt", "ok", "a newline inside the file name"), txt
    if sys.platform.startswith("linux"):
        yield (
            Case(
                "not-utf8-\udcff.txt",
                "ok",
                "a file name that is not valid UTF-8 (batch refuses it: its manifest is UTF-8)",
                warning="source.path_not_unicode",
                batch="unreadable",
            ),
            txt,
        )

    yield from _image_cases()

    # Legacy formats go through LibreOffice.
    yield (
        Case("corrupt-ole.doc", "unsupported-format", "an OLE2 header and nothing behind it"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(3000)),
    )
    yield (
        Case("rtf-noise.rtf", "conversion-failed", "an RTF header, then noise"),
        (b"{\\rtf1 " + bytes(rng.randrange(32, 127) for _ in range(2000))),
    )
    yield (
        Case("no-table.txt", "no-workplan-table", "paragraphs only"),
        (b"Workplan 2004\n\nA mission statement.\n"),
    )

    # Spreadsheets, CSV files and web pages: scripts/bad_corpus_sheets.py.
    yield from _sibling("bad_corpus_sheets").cases(sys.modules[__name__])


def _sibling(name: str) -> ModuleType:
    """A module beside this script (``scripts/`` is not a package), loaded once."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _image_cases() -> Iterator[tuple[Case, bytes | Callable[[], bytes]]]:
    """Page images: read only by OCR (``--ocr``); without it each is ``no-text-layer``."""
    off = "no-text-layer"
    yield (
        Case(
            "scan.png",
            off,
            "the first page of a scanned plan: title and four items",
            ocr="ok",
            batch="skipped",
            warning="source.note",
        ),
        scan_png,
    )
    yield (
        Case(
            "scan-named.pdf",
            off,
            "that page image named .pdf",
            ocr="ok",
            warning="source.mislabelled",
        ),
        scan_png,
    )
    yield (
        Case(
            "png-bomb.png",
            off,
            "a PNG declaring 200,000 x 200,000 pixels",
            ocr="too-large",
            batch="skipped",
        ),
        png_header(200_000, 200_000),
    )
    yield (
        Case(
            "tiff-bomb.tif",
            off,
            "a TIFF declaring 100,000 x 100,000 pixels",
            ocr="too-large",
            batch="skipped",
        ),
        tiff_header(100_000, 100_000),
    )
    yield (
        Case("png-truncated.png", off, "a page image cut in half", ocr="corrupt", batch="skipped"),
        lambda: scan_png()[: len(scan_png()) // 2],
    )
    yield (
        Case("jpeg-noise.jpg", off, "a JPEG signature, then noise", ocr="corrupt", batch="skipped"),
        b"\xff\xd8\xff\xe0" + bytes(random.Random(9).randrange(256) for _ in range(3000)),
    )
    yield (
        Case(
            "tiff-pages.tif",
            off,
            "2,001 pages of one pixel, over max_pages",
            ocr="too-large",
            batch="skipped",
        ),
        many_pages_tiff,
    )
    yield (
        Case(
            "pdf-image-bomb.pdf",
            off,
            "a scanned page whose image declares 100,000 x 100,000 pixels",
            ocr="too-large",
        ),
        image_pdf(width=100_000, height=100_000),
    )


@functools.cache
def scan_png() -> bytes:
    """The first page of the scanned sample, as a 200-dpi PNG."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(SCAN.read_bytes())
    try:
        image = document[0].render(scale=200 / 72, grayscale=True).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(200, 200))
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` pixels, with one tiny data chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(bytes(1024))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def tiff_header(width: int, height: int) -> bytes:
    """A little-endian TIFF with one greyscale strip declaring ``width`` x ``height`` pixels."""
    entries = [
        (256, 4, 1, width),  # ImageWidth
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 8 + 2 + 12 * 9 + 4),  # StripOffsets: just after the directory
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, 16),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHII", tag, kind, count, value)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + bytes(16)


def many_pages_tiff(pages: int = 2001) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (1, 1), 255) for _ in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _unreadable(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(0)


def cases() -> list[Case]:
    """Every case, without making any file (cheap: for listing and parametrising tests)."""
    return [case for case, _content in _cases()]


def build(out: Path, names: set[str] | None = None) -> list[Case]:
    """Write every case (or those in ``names``) into ``out``, made if needed, and
    ``out/cases.json``; return the cases."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for case, content in _cases():
        if names is not None and case.name not in names:
            continue
        target = out / case.name
        if case.skip is None:
            if isinstance(content, OnDisk):
                content.make(target)
            else:
                target.write_bytes(content if isinstance(content, bytes) else content())
        made.append(case)
    index = [asdict(c) for c in made]
    (out / "cases.json").write_text(
        json.dumps(index, indent=1, ensure_ascii=True) + "\n", encoding="utf-8"
    )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to build the corpus in")
    args = parser.parse_args(argv)
    for case in build(args.out):
        state = f"skipped: {case.skip}" if case.skip else case.expect
        print(f"{case.name!a:60} {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
