"""The PDF cases of the bad-input corpus (see ``make_bad_corpus.py``): truncated, encrypted,
scanned, damaged as the fuzzer found, and the files a batch over real archives got wrong."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator

from corpus_files import (
    PDF,
    Case,
    Content,
    blank_pdf,
    broken_xref_pdf,
    cut_update_pdf,
    damaged_pdf,
    damaged_tree_pdf,
    encrypted_pdf,
    filtered_text_pdf,
    image_pdf,
    lying_count_pdf,
    many_pages_pdf,
    padded_pdf,
    pdf_file,
    text_pdf,
)


def pdf_cases(rng: random.Random) -> Iterator[tuple[Case, Content]]:
    """Every PDF case with what it is made from."""
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
    # Found on a batch over real archives (issue #12): wrong error codes.
    yield Case("eof-nul-padding.pdf", "ok", "4 KiB of NULs after %%EOF"), padded_pdf(bytes(4096))
    footer = b"\r\n-- \r\nThis message was scanned for viruses by the mail gateway.\r\n" * 60
    yield (
        Case("eof-mail-footer.pdf", "ok", "a mail gateway's footer after %%EOF"),
        padded_pdf(footer),
    )
    yield (
        Case("cut-update.pdf", "corrupt", "an appended update cut before its %%EOF"),
        cut_update_pdf,
    )
    yield Case("blank-pages.pdf", "no-workplan-table", "no text, no image: not a scan"), blank_pdf()
    yield (
        Case("shapes-only.pdf", "no-workplan-table", "a rectangle, no text, no image"),
        blank_pdf(content=b"0 0 0 rg 10 10 180 180 re f"),
    )
    ops = b"BT /F1 12 Tf 72 720 Td (Workplan 2004) Tj ET"
    for name, filters, data in (
        ("flate", b"/Filter /FlateDecode ", b"\x01\x02 not deflate"),
        ("lzw", b"/Filter /LZWDecode ", b"\xff\xff\xff\xff"),
        ("ascii85", b"/Filter /ASCII85Decode ", b"\x00\x01zz~>"),
        ("unknown-filter", b"/Filter /Foo ", ops),
    ):
        yield (
            Case(f"stream-{name}.pdf", "corrupt", f"a page content stream: {filters.decode()}"),
            filtered_text_pdf(filters, data),
        )
    yield (
        Case("stream-crypt.pdf", "encrypted", "a page stream under a /Crypt filter"),
        filtered_text_pdf(b"/Filter /Crypt ", ops),
    )
    if PDF.exists():
        yield (
            Case(
                "damaged-structure-tree.pdf",
                "ok",
                "a tagged PDF whose structure tree root refers to itself",
                warning="source.note",
            ),
            functools.partial(damaged_tree_pdf, PDF),
        )
    yield (
        Case("not-a-pdf.pdf", "corrupt", "%PDF header, then noise"),
        b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)) + b"\n%%EOF\n",
    )
