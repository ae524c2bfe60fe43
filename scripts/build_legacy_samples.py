"""Rebuild the .pdf and .doc samples in samples/ from the .docx samples, through LibreOffice.

- ``NAME.pdf``: LibreOffice's PDF export of ``NAME.docx`` with document-structure tags on, as
  Word's "Save as PDF" writes by default. The table runs over several landscape pages, with the
  header row repeated on each and rows split by page breaks.
- ``NAME.doc``: Word 97 format. LibreOffice 7.4 drops the tables when it writes a .doc straight
  from a .docx made by python-docx (the cells come out as run-together paragraphs), so the .doc
  is written from an OpenDocument copy, which keeps them.

After building, each sample is read back and must give the same items as the seed text dump;
the script exits 1 otherwise. PDFs carry a creation date and an ID, so a rebuild is not
byte-identical: rebuild only when the .docx samples change.

Usage::

    PYTHONPATH=src python scripts/build_legacy_samples.py            # rebuild and check
    PYTHONPATH=src python scripts/build_legacy_samples.py --check    # only check
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from workplan_extract import extract

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEEDS = ("lcpc-workplan-2004", "lscb-workplan-2007-08")
_PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def convert(soffice: str, source: Path, target: str, outdir: Path, profile: Path) -> Path:
    """Convert ``source`` with LibreOffice; return the file written."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    written = outdir / f"{source.stem}.{target.split(':')[0]}"
    if not written.is_file() or written.stat().st_size == 0:
        raise SystemExit(f"LibreOffice did not write {written.name}")
    return written


def build(soffice: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        profile = folder / "profile"
        docx = SAMPLES / f"{name}.docx"
        pdf = convert(soffice, docx, _PDF_FILTER, folder, profile)
        odt = convert(soffice, docx, "odt", folder, profile)
        doc = convert(soffice, odt, "doc", folder, profile)
        shutil.copyfile(pdf, SAMPLES / f"{name}.pdf")
        shutil.copyfile(doc, SAMPLES / f"{name}.doc")


def items_of(path: Path) -> list[dict[str, object]]:
    # Page numbers exist only in PDFs: compare everything else.
    return [i.model_dump(mode="json", exclude={"location"}) for i in extract(path).items]


def check(name: str, formats: tuple[str, ...]) -> bool:
    expected = items_of(SAMPLES / f"{name}.txt")
    ok = True
    for fmt in formats:
        got = items_of(SAMPLES / f"{name}.{fmt}")
        if got != expected:
            ok = False
            for want, have in zip(expected, got, strict=False):
                if want != have:
                    print(f"{name}.{fmt}: item {want.get('number')} differs:", file=sys.stderr)
                    print(json.dumps(want, indent=1)[:2000], file=sys.stderr)
                    print(json.dumps(have, indent=1)[:2000], file=sys.stderr)
                    break
            if len(got) != len(expected):
                print(f"{name}.{fmt}: {len(got)} items, {len(expected)} expected", file=sys.stderr)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the built files")
    parser.add_argument("--soffice", default="soffice", help="LibreOffice program")
    args = parser.parse_args()
    formats: tuple[str, ...] = ("pdf",)
    if not args.check:
        soffice = shutil.which(args.soffice)
        if soffice is None:
            raise SystemExit(f"{args.soffice} (LibreOffice) is not installed")
        for name in SEEDS:
            build(soffice, name)
    if shutil.which(args.soffice):
        formats += ("doc",)  # reading a .doc needs LibreOffice too
    ok = all([check(name, formats) for name in SEEDS])
    print("samples agree with the seed text dumps" if ok else "samples differ", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
