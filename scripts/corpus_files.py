"""Files made by hand, byte for byte, for the bad-input corpus (``make_bad_corpus.py``) and
for reader tests: ZIP archives whose headers can lie, Word packages with parts replaced, and
small PDFs of numbered objects, damaged in the ways real archives and the fuzzer found.

Nothing is downloaded; the committed samples are the only inputs.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DOCX = SAMPLES / "lscb-workplan-2007-08.docx"
PDF = SAMPLES / "lcpc-workplan-2004.pdf"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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


# --- the cases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OnDisk:
    """Makes a case that is not plain bytes in a file (a symlink, a FIFO, a folder)."""

    make: Callable[[Path], None]


#: What a case's file is made from: its bytes, a function giving them (for the expensive
#: ones, so listing the cases stays cheap), or ``OnDisk``: a function making it at a path.
Content = bytes | Callable[[], bytes] | OnDisk


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


# --- found on real archives (issue #12): files other readers open ---------------------------


def padded_pdf(padding: bytes) -> bytes:
    """The sample PDF with ``padding`` after its ``%%EOF`` (archives pad files to a block
    size with NULs; mail gateways append a footer)."""
    return PDF.read_bytes() + padding


def cut_update_pdf() -> bytes:
    """The sample PDF with an incremental update appended and cut off before its ``%%EOF``."""
    update = b"\n9999 0 obj\n<< /Type /Annot /Subtype /Text /Contents (note) >>\nendobj\nxref\n"
    return PDF.read_bytes() + update + b"0 1\n" * 800


def renamed_main_docx(folder: str) -> bytes:
    """The sample .docx with its main part and everything beside it moved from ``word/`` to
    ``folder``, found only through ``_rels/.rels`` (as python-docx and LibreOffice find it)."""
    parts = sample_parts()
    out = {}
    for name, data in parts.items():
        if name == "_rels/.rels":
            data = data.replace(b"word/document.xml", f"{folder}/document.xml".encode())
        elif name == "[Content_Types].xml":
            data = data.replace(b'PartName="/word/', f'PartName="/{folder}/'.encode())
        if name.startswith("word/"):
            name = folder + name[4:]
        out[name] = data
    return zip_of(out)


def blank_pdf(pages: int = 2, content: bytes = b"") -> bytes:
    """Pages with no text and no image: blank, or with ``content`` drawing only shapes."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        stream(content),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * pages
    return pdf_file(objects)


def filtered_text_pdf(filters: bytes, data: bytes) -> bytes:
    """``text_pdf``'s one page with its content stream replaced by ``data`` under ``filters``
    (a /Filter entry and its parameters): a damaged or unreadable compressed stream."""
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(data, filters),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def damaged_tree_pdf(path: Path) -> bytes:
    """A tagged PDF whose structure tree root refers to itself: the tree cannot be used,
    the pages can."""
    data = path.read_bytes()
    ref = re.search(rb"/StructTreeRoot\s*(\d+)\s+0\s+R", data)
    if ref is None:
        raise SystemExit(f"{path.name} has no structure tree in plain objects")
    # The tree's root object becomes a bare reference to itself (a cycle), at the same offset
    # and length, so the cross-reference table stays right.
    head = b"\n%d 0 obj" % int(ref.group(1))
    start = data.find(head) + 1
    head = head[1:]
    end = data.find(b"endobj", start)
    body = b"%d 0 R" % int(ref.group(1))
    padded = body.ljust(end - start - len(head) - 2)
    return data[: start + len(head)] + b"\n" + padded + b"\n" + data[end:]
