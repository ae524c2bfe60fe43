"""Mutation fuzzing of the readers: mutated sample files must give a record or a
``WorkplanError``, never another exception and never a hang.

    python fuzz/fuzz_readers.py docx --runs 10000          # atheris when installed
    python fuzz/fuzz_readers.py pdf --runs 10000 --engine mutate --seed 1

Two engines: ``atheris`` (coverage-guided, libFuzzer's mutator, when ``pip install atheris``
works) and ``mutate``, a seeded byte-mutation loop that needs nothing and gives the same cases
for the same seed. Both feed each input through ``extract`` (detection, the reader, layout,
normalisation) under a per-case alarm. A crash is saved under ``fuzz/crashes/`` with its
traceback beside it; turn each one into a case of ``scripts/make_bad_corpus.py``.
Exit status 1 if any case crashed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import signal
import sys
import time
import traceback
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts")]

from workplan_extract import Settings, WorkplanError, extract  # noqa: E402

CRASHES = ROOT / "fuzz" / "crashes"
#: Small limits keep each case quick; the limits themselves are tested elsewhere.
SETTINGS = Settings(max_pages=20, max_cells=20_000, max_unzipped_size=16 << 20)
#: Page images are read only by OCR; a small pixel limit keeps a mutated size field quick.
IMAGE_SETTINGS = Settings(
    max_pages=4,
    max_cells=20_000,
    max_unzipped_size=16 << 20,
    ocr="auto",
    max_image_pixels=8_000_000,
)
#: Seconds one case may take before it counts as a hang.
CASE_LIMIT = 20


class Hang(Exception):
    """A case ran past ``CASE_LIMIT``."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang(f"took longer than {CASE_LIMIT} s")


def seeds(reader: str) -> list[bytes]:
    """The files mutated: the committed samples, and for PDF small hand-made ones too (each
    sample PDF takes a tenth of a second to read; the small ones a hundredth)."""
    import corpus_files as corpus  # the byte builders of make_bad_corpus.py

    samples = ROOT / "samples"
    if reader == "docx":
        return [p.read_bytes() for p in sorted(samples.glob("*.docx"))]
    if reader == "txt":
        return [p.read_bytes() for p in sorted(samples.glob("*.txt"))]
    if reader == "pdf":
        return [
            corpus.text_pdf(["Workplan 2004", "1 Safeguarding Boards", "Ongoing"]),
            corpus.image_pdf(1),
            corpus.many_pages_pdf(3),
            (samples / "lcpc-workplan-2004.pdf").read_bytes(),
        ]
    if reader in ("xlsx", "csv", "html"):
        return [p.read_bytes() for p in sorted(samples.glob(f"*.{reader}"))]
    if reader == "image":
        return _image_seeds()
    raise SystemExit(f"unknown reader {reader!r}: {', '.join(READERS)}")


def _image_seeds() -> list[bytes]:
    """A strip of the scanned sample's first page as PNG, JPEG and a two-page TIFF: OCR takes
    seconds on a whole page, a tenth of that on a strip, and the decoding paths are the same."""
    from corpus_images import scan_png, tiff_header
    from PIL import Image

    with Image.open(io.BytesIO(scan_png())) as page:
        strip = page.crop((0, 0, page.width, page.height // 6))
    out = []
    for kind, extra in (("PNG", {}), ("JPEG", {"quality": 60}), ("TIFF", {"save_all": True})):
        buffer = io.BytesIO()
        more = {"append_images": [strip]} if kind == "TIFF" else {}
        strip.save(buffer, kind, dpi=(200, 200), **extra, **more)
        out.append(buffer.getvalue())
    return [*out, tiff_header(64, 64)]


READERS = ("docx", "pdf", "txt", "xlsx", "csv", "html", "image")
#: Tokens the last kind of mutation inserts: ones that mean something to each reader's parser.
TOKENS = {
    "pdf": (b"0", b"-1", b"99999999", b"R", b"obj", b"<<", b"["),
    "csv": (b'"', b",", b";", b"\t", b"\r\n", b'""', b"\xef\xbb\xbf"),
    "image": (b"\x00", b"\xff\xff\xff\xff", b"IDAT", b"\xff\xc0", b"\x01\x01", b"\x00\x00\x00\x00"),
    "html": (b"<table>", b"<tr>", b'<td colspan="99">', b'<td rowspan="0">', b"</table>", b"<br>"),
}
#: The members a ZIP mutation picks most often: the ones holding the text.
MAIN_PARTS = ("word/document.xml", "xl/worksheets/", "xl/sharedStrings.xml")


def mutate(data: bytes, rng: random.Random, tokens: tuple[bytes, ...] = TOKENS["pdf"]) -> bytes:
    """One to four byte-level edits: flip, set, insert, delete, duplicate, truncate."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out += bytes([rng.randrange(256)])
        at = rng.randrange(len(out))
        kind = rng.randrange(7)
        if kind == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            out[at] = rng.choice([0, 0xFF, 0x7F, 0x80, ord("<"), ord(">"), ord("/"), ord("\t")])
        elif kind == 2:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif kind == 3:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 4:
            size = rng.randint(1, 256)
            out[at:at] = out[at : at + size] * rng.randint(1, 8)
        elif kind == 5:
            del out[at:]
        else:
            for token in tokens:
                if rng.random() < 0.15:
                    out[at:at] = token
    return bytes(out)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """Mutate the XML inside one member and zip it again, so the CRC holds and the mutation
    reaches the XML and the reader rather than stopping at the ZIP layer."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {i.filename: archive.read(i) for i in archive.infolist()}
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError):
        return mutate(data, rng)
    names = sorted(parts)
    weights = [
        8 if n.startswith(MAIN_PARTS) else 3 if n.startswith(("word/", "xl/")) else 1 for n in names
    ]
    name = rng.choices(names, weights)[0]
    parts[name] = mutate(parts[name], rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return buffer.getvalue()


def check(data: bytes, name: str) -> str | None:
    """Run one case; the traceback of a crash, else None."""
    signal.alarm(CASE_LIMIT)
    try:
        extract(io.BytesIO(data), IMAGE_SETTINGS if name == "image" else SETTINGS)
    except WorkplanError:
        pass
    except Exception:
        return traceback.format_exc()
    finally:
        signal.alarm(0)
    return None


def save(reader: str, data: bytes, trace: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:16]
    path = CRASHES / f"{reader}-{digest}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(trace, encoding="utf-8")
    return path


def run_mutate(reader: str, runs: int, seed: int) -> int:
    rng = random.Random(seed)
    pool = seeds(reader)
    tokens = TOKENS.get(reader, TOKENS["pdf"])
    mutator: Callable[[bytes, random.Random], bytes] = (
        mutate_zip if reader in ("docx", "xlsx") else lambda data, rng: mutate(data, rng, tokens)
    )
    crashes: dict[str, Path] = {}
    started = time.monotonic()
    for n in range(1, runs + 1):
        base = rng.choice(pool)
        data = mutator(base, rng) if rng.random() < 0.7 else mutate(base, rng, tokens)
        trace = check(data, reader)
        if trace is not None:
            key = trace.strip().splitlines()[-1][:200]
            if key not in crashes:
                crashes[key] = save(reader, data, trace)
                print(f"crash #{len(crashes)} at case {n}: {key}\n  saved {crashes[key]}")
        if n % 1000 == 0:
            rate = n / (time.monotonic() - started)
            print(f"{reader}: {n:,} cases, {len(crashes)} distinct crashes, {rate:.0f}/s")
    print(f"{reader}: {runs:,} cases in {time.monotonic() - started:.0f} s, {len(crashes)} crashes")
    return 1 if crashes else 0


def run_atheris(reader: str, runs: int, seed: int) -> int:  # pragma: no cover - optional
    import atheris

    pool = seeds(reader)
    corpus_dir = ROOT / "fuzz" / "seeds" / reader
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(pool):
        (corpus_dir / f"seed-{i}").write_bytes(data)

    def one_input(data: bytes) -> None:
        trace = check(data, reader)
        if trace is not None:
            save(reader, data, trace)
            raise RuntimeError(trace)

    # Coverage guidance needs the Python code instrumented: the package and the parsers,
    # already imported, are instrumented in place.
    atheris.instrument_all()
    atheris.Setup(
        [sys.argv[0], f"-runs={runs}", f"-seed={seed}", "-max_len=262144", str(corpus_dir)],
        one_input,
    )
    atheris.Fuzz()  # exits the process: 0 when no crash
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reader", choices=READERS)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=["auto", "atheris", "mutate"], default="auto")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "mutate"
        else:
            engine = "atheris"
    print(f"fuzzing the {args.reader} reader: {args.runs:,} cases, engine {engine}")
    if engine == "atheris":
        return run_atheris(args.reader, args.runs, args.seed)
    return run_mutate(args.reader, args.runs, args.seed)


if __name__ == "__main__":
    sys.exit(main())
