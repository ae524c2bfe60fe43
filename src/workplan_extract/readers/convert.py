"""Legacy formats through LibreOffice: .doc, .odt and .rtf to .docx for the .docx reader, .xls
and .ods to .xlsx for the workbook reader.

Each conversion runs ``soffice --headless --convert-to docx`` (``xlsx``) in a temporary folder,
with a private user profile there (``-env:UserInstallation``): concurrent soffice processes that
share a profile fight over its lock and fail silently. The process runs in a session of its own
so that, on the time limit, the whole group (the ``soffice`` wrapper and ``soffice.bin``) is
killed. soffice exits 0 without writing anything when it cannot open a file (encrypted,
damaged), so success is judged by the output file, never by the exit status.

Spreadsheets are converted with the profile's locale set to English (UK): a date cell in
Excel's "short date" format is stored without a format of its own and shown in the reader's
locale, and LibreOffice writes the locale's pattern into the .xlsx. Left to the machine's
locale (en-US here), 4/5/2013 would be read as 4 May rather than 5 April.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConversionFailed, MissingProgram, Timeout
from ..formats import FormatName
from ..settings import Settings
from .base import SourceDocument

#: The import filter for each format: without one, LibreOffice opens what it cannot read as
#: plain text and "converts" a damaged file into a page of junk.
_IMPORT_FILTERS: dict[str, str] = {
    "doc": "MS Word 97",
    "odt": "writer8",
    "rtf": "Rich Text Format",
    "xls": "MS Excel 97",
    "ods": "calc8",
}
#: What each format is converted to: the extension and LibreOffice's export filter.
_TARGETS: dict[str, tuple[str, str]] = {
    "xls": ("xlsx", "Calc MS Excel 2007 XML"),
    "ods": ("xlsx", "Calc MS Excel 2007 XML"),
}
_WORD_TARGET = ("docx", "MS Word 2007 XML")
_UK_LOCALE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>en-GB</value></prop></item>
</oor:items>
"""
#: What to do when the program is missing. There is no command-line option naming the program:
#: the CLI finds it on PATH, and the library's ``Settings.soffice`` may name another.
_INSTALL_HINT = (
    "install LibreOffice (e.g. apt-get install libreoffice-writer-nogui) "
    "or add the folder holding soffice to PATH"
)
#: How long ``soffice --version`` may take (it starts no document machinery).
_VERSION_TIMEOUT = 30.0


def read_converted(data: bytes, path: str, settings: Settings | None = None) -> SourceDocument:
    """Convert a .doc, .odt or .rtf file to .docx (an .xls or .ods file to .xlsx) with
    LibreOffice and read that.

    The extension used for the conversion is the detected format, not the file's name.

    Raises:
        MissingProgram: LibreOffice is not installed (or not where ``Settings.soffice`` says).
        ConversionFailed: LibreOffice failed or wrote nothing (an encrypted or damaged file).
        Timeout: the conversion took longer than ``settings.conversion_timeout``.
    """
    from ..formats import detect
    from .docx import read_docx

    opts = Settings.resolve(settings)
    fmt = detect(data, "").format
    converted, version = convert_to_docx(data, fmt, opts)
    if fmt in _TARGETS:
        from .xlsx import read_xlsx

        doc = read_xlsx(converted, path, opts)
    else:
        doc = read_docx(converted, path, opts)
    doc.converted_with = version
    return doc


def find_soffice(settings: Settings) -> str:
    """The absolute path of the LibreOffice program, or ``MissingProgram``."""
    program = shutil.which(settings.soffice)
    if program is None:
        if settings.soffice == Settings.model_fields["soffice"].default:
            raise MissingProgram(
                f"LibreOffice is needed for this format and soffice is not on PATH: {_INSTALL_HINT}"
            )
        raise MissingProgram(
            f"{settings.soffice} (LibreOffice) was not found: check the soffice setting, "
            f"or {_INSTALL_HINT}"
        )
    return program


def convert_to_docx(data: bytes, fmt: FormatName, settings: Settings) -> tuple[bytes, str]:
    """Convert ``data`` (in format ``fmt``) to .docx bytes (.xlsx for a spreadsheet format).

    Returns:
        The converted bytes and the converter's name and version ("LibreOffice 7.4.7.2").
    """
    program = find_soffice(settings)
    version = soffice_version(program)
    ext, export = _TARGETS.get(fmt, _WORD_TARGET)
    with tempfile.TemporaryDirectory(prefix="workplan-extract-") as tmp:
        folder = Path(tmp)
        source = folder / f"input.{fmt}"
        source.write_bytes(data)
        if fmt in _TARGETS:
            settings_file = folder / "profile" / "user" / "registrymodifications.xcu"
            settings_file.parent.mkdir(parents=True)
            settings_file.write_text(_UK_LOCALE, encoding="utf-8")
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"--infilter={_IMPORT_FILTERS.get(fmt, '')}",
            "--convert-to",
            f"{ext}:{export}",
            "--outdir",
            str(out),
            str(source),
        ]
        _, stderr = _run(command, settings.conversion_timeout, folder)
        result = out / f"input.{ext}"
        if not result.is_file() or result.stat().st_size == 0:
            detail = _last_line(stderr)
            raise ConversionFailed(
                f"LibreOffice wrote no .{ext} (the file may be encrypted or damaged)"
                + (f": {detail}" if detail else "")
            )
        return result.read_bytes(), version


def _run(command: list[str], timeout: float, home: Path) -> tuple[bytes, bytes]:
    # HOME in the temporary folder too: some LibreOffice builds write there despite the
    # private profile (fontconfig caches, .config), and a read-only HOME must not break us.
    env = {**os.environ, "HOME": str(home)}
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise Timeout(
            f"LibreOffice took longer than {timeout:g} s to convert the file (conversion_timeout)"
        ) from None
    finally:
        # soffice.bin can outlive the wrapper; nothing of the group may survive the call.
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone
        os.killpg(process.pid, signal.SIGKILL)


def _last_line(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines()]
    # LibreOffice's Java probe warning says nothing about the document.
    useful = [ln for ln in lines if ln and "javaldx" not in ln]
    return useful[-1][:200] if useful else ""


@functools.lru_cache(maxsize=8)
def soffice_version(program: str) -> str:
    """ "LibreOffice 7.4.7.2" for the given program, looked up once per process."""
    with tempfile.TemporaryDirectory(prefix="workplan-extract-") as tmp:
        command = [
            program,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--version",
        ]
        try:
            stdout, _ = _run(command, _VERSION_TIMEOUT, Path(tmp))
        except Timeout:
            return "LibreOffice"
    words = stdout.decode("utf-8", "replace").split()
    if len(words) >= 2 and words[1][:1].isdigit():
        return f"{words[0]} {words[1]}"
    return "LibreOffice"
