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
import json
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_files import (  # scripts/ is not a package
    Case,
    Content,
    OnDisk,
    RawMember,
    cfb_encrypted_docx,
    deflated,
    document_xml,
    docx_with,
    para,
    raw_zip,
    renamed_main_docx,
    sample_parts,
    zero_bomb,
    zip_of,
)
from corpus_images import image_cases
from corpus_pdf import pdf_cases

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DOCX = SAMPLES / "lscb-workplan-2007-08.docx"
PDF = SAMPLES / "lcpc-workplan-2004.pdf"
TXT = SAMPLES / "lcpc-workplan-2004.txt"
DOC = SAMPLES / "lcpc-workplan-2004.doc"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
GIB = 1 << 30


@functools.cache
def _bomb_256() -> RawMember:
    return zero_bomb("word/document.xml", 256 << 20)


def _lying(**lies: int) -> RawMember:
    """A 256 MiB member of zeros whose headers lie about a size."""
    real = _bomb_256()
    return RawMember(real.name, real.payload, real.crc, real.size, **lies)


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

    yield from pdf_cases(rng)

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
    for encoding in ("utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
        yield (
            Case(f"{encoding}.txt", "ok", f"the sample text dump in {encoding.upper()}"),
            txt.decode("utf-8").encode(encoding),
        )
    yield (
        Case("main-part-renamed.docx", "ok", "main part word/main.xml"),
        renamed_main_docx("word2"),
    )
    yield (
        Case("main-part-elsewhere.docx", "ok", "every part under content/, found via _rels"),
        renamed_main_docx("content"),
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
        mislabelled.append(("pdf", PDF.read_bytes(), ("docx", "txt")))
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

    # Page images, read only by OCR: scripts/corpus_images.py.
    yield from image_cases()

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
