"""Small PDFs built byte by byte for reader tests: numbered object bodies, xref included."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (1-based; object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def libreoffice_pdfs(folder: Path, documents: Iterable[str | Path]) -> None:
    """Print each .docx of ``documents`` to a PDF of the same name in ``folder`` with
    LibreOffice, as a user's Word-to-PDF export would (a private profile in ``folder``)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(path) for path in documents),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
