"""Tesseract, run as a program: find it, name its version, read words and their confidence.

The ``tesseract`` command is called directly rather than through pytesseract, which does the
same thing (writes the image to a file, runs the command, parses the output) without a time
limit we control. Several images go to one process through a list file, so the language model
is loaded once for all of them.

The process stays in the caller's process group: when a worker is killed on the per-file time
limit, Tesseract dies with it. ``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads would compete
with the batch's other workers, one per core, and cost more in contention than they gain.
"""

from __future__ import annotations

import csv
import functools
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ...errors import CorruptDocument, MissingProgram, Timeout

if TYPE_CHECKING:
    import numpy.typing as npt

#: What to install, as the error says it.
INSTALL_HINT = "install it with: apt-get install tesseract-ocr tesseract-ocr-eng"
PROGRAM = "tesseract"
LANGUAGE = "eng"
#: How long ``tesseract --version`` or ``--list-langs`` may take.
_PROBE_TIMEOUT = 30.0


class Word(NamedTuple):
    """One word as Tesseract read it: its text, its confidence (0-100) and its box in pixels.

    ``line`` identifies the line Tesseract put it on (block, paragraph, line numbers).
    """

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True, slots=True)
class Engine:
    """An installed Tesseract: its program and its name and version ("Tesseract 5.3.0")."""

    program: str
    version: str


class Deadline:
    """The time left for the OCR of one document (``Settings.timeout``), or none."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def left(self) -> float | None:
        """Seconds left; ``Timeout`` when none are."""
        if self.end is None:
            return None
        left = self.end - time.monotonic()
        if left <= 0:
            raise Timeout(f"OCR took longer than the {self.seconds:g} s time limit (--timeout)")
        return left


def find_engine() -> Engine:
    """The installed Tesseract with its English model.

    Raises:
        MissingProgram: Tesseract or its English language data is not installed.
    """
    program = shutil.which(PROGRAM)
    if program is None:
        raise MissingProgram(
            f"OCR needs Tesseract (tesseract), which is not installed: {INSTALL_HINT}"
        )
    version, languages = _probe(program)
    if LANGUAGE not in languages:
        raise MissingProgram(f"Tesseract has no English language data ({LANGUAGE}): {INSTALL_HINT}")
    return Engine(program, version)


@functools.lru_cache(maxsize=4)
def _probe(program: str) -> tuple[str, frozenset[str]]:
    """The version ("Tesseract 5.3.0") and installed languages of ``program``, once per process."""
    try:
        version = subprocess.run(
            [program, "--version"],
            capture_output=True,
            timeout=_PROBE_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        langs = subprocess.run(
            [program, "--list-langs"],
            capture_output=True,
            timeout=_PROBE_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MissingProgram(
            f"Tesseract ({program}) cannot be run ({exc}): {INSTALL_HINT}"
        ) from None
    # "tesseract 5.3.0" is the first line (on stdout; some builds print it on stderr).
    words = (version.stdout or version.stderr).decode("utf-8", "replace").split()
    name = f"Tesseract {words[1]}" if len(words) >= 2 and words[1][:1].isdigit() else "Tesseract"
    listed = langs.stdout.decode("utf-8", "replace").splitlines()[1:]
    return name, frozenset(line.strip() for line in listed)


@functools.lru_cache(maxsize=2)
def word_list(engine: Engine) -> frozenset[str]:
    """The words of Tesseract's English model (lower case), once per process; empty when its
    tools (``combine_tessdata``, ``dawg2wordlist``, both in Debian's tesseract-ocr) are not
    installed or the model holds no word list.

    The list comes from the same installed model that reads the pages: nothing to ship, and
    the words it knows are the words it leans towards.
    """
    combine = shutil.which("combine_tessdata")
    dump = shutil.which("dawg2wordlist")
    model = _model_path(engine)
    if combine is None or dump is None or model is None:
        return frozenset()
    with tempfile.TemporaryDirectory(prefix="workplan-extract-words-") as tmp:
        prefix = str(Path(tmp) / "eng.")
        out = Path(tmp) / "words.txt"
        try:
            subprocess.run(
                [combine, "-u", str(model), prefix],
                capture_output=True,
                timeout=_PROBE_TIMEOUT,
                check=True,
                stdin=subprocess.DEVNULL,
            )
            subprocess.run(
                [dump, prefix + "lstm-unicharset", prefix + "lstm-word-dawg", str(out)],
                capture_output=True,
                timeout=_PROBE_TIMEOUT,
                check=True,
                stdin=subprocess.DEVNULL,
            )
            text = out.read_text(encoding="utf-8", errors="replace")
        except (OSError, subprocess.SubprocessError):
            return frozenset()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _model_path(engine: Engine) -> Path | None:
    """Where the English model is: Tesseract names its data folder in ``--list-langs``."""
    try:
        listed = subprocess.run(
            [engine.program, "--list-langs"],
            capture_output=True,
            timeout=_PROBE_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    # 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):'
    first = listed.splitlines()[0] if listed else ""
    if '"' not in first:
        return None
    model = Path(first.split('"')[1]) / f"{LANGUAGE}.traineddata"
    return model if model.is_file() else None


def read_words(
    engine: Engine,
    images: Sequence[npt.NDArray[Any]],
    *,
    psm: int,
    dpi: int,
    deadline: Deadline,
) -> list[list[Word]]:
    """Read each image (greyscale, dark text on white) with one Tesseract process.

    Args:
        engine: the program, from ``find_engine``.
        images: the images, read in one run.
        psm: Tesseract's page segmentation mode (3: a page; 6: one block of text).
        dpi: the images' resolution, so Tesseract need not guess the text size.
        deadline: the time left; the process is killed when it runs out.

    Returns:
        The words of each image, in Tesseract's reading order.

    Raises:
        Timeout: the deadline passed.
        CorruptDocument: Tesseract failed on an image.
    """
    if not images:
        return []
    import cv2

    with tempfile.TemporaryDirectory(prefix="workplan-extract-ocr-") as tmp:
        folder = Path(tmp)
        names = []
        for i, image in enumerate(images):
            name = folder / f"{i}.png"
            # Fastest PNG compression: the file lives a second and is read once.
            cv2.imwrite(str(name), image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
            names.append(str(name))
        if len(names) == 1:
            source = names[0]
        else:
            source = str(folder / "images.txt")
            Path(source).write_text("\n".join(names) + "\n", encoding="utf-8")
        command = [engine.program, source, "stdout", "-l", LANGUAGE, "--psm", str(psm)]
        command += ["--dpi", str(dpi), "tsv"]
        stdout = _run(command, deadline, folder)
    return _parse_tsv(stdout.decode("utf-8", "replace"), len(images))


def _run(command: list[str], deadline: Deadline, home: Path) -> bytes:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "HOME": str(home)}
    left = deadline.left()  # no time left: nothing is started
    # ``with``: the pipes are closed and the process waited for however this block ends.
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=left)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            deadline.left()  # raises Timeout
            raise  # pragma: no cover - left() has raised
        except BaseException:
            process.kill()
            raise
    if process.returncode != 0:
        lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        detail = lines[-1][:200] if lines else f"exit status {process.returncode}"
        raise CorruptDocument(f"Tesseract could not read a page image: {detail}")
    return stdout


def _parse_tsv(text: str, count: int) -> list[list[Word]]:
    """Tesseract's TSV: one row per page, block, paragraph, line and word; words have level 5."""
    out: list[list[Word]] = [[] for _ in range(count)]
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        if len(row) < 12 or row[0] != "5":
            continue
        word = row[11].strip()
        if not word:
            continue
        page = int(row[1]) - 1
        if 0 <= page < count:
            out[page].append(
                Word(
                    word,
                    float(row[10]),
                    int(row[6]),
                    int(row[7]),
                    int(row[8]),
                    int(row[9]),
                    (int(row[2]), int(row[3]), int(row[4])),
                )
            )
    return out
