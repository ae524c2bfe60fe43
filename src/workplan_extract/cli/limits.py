"""The limit flags shared by ``extract`` and ``batch``: flags in, ``Settings`` fields out.

The defaults live in ``Settings``; a flag left out keeps them. The help texts quote them, and a
test checks the quotes against ``Settings`` so they cannot drift.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """``4G``, ``512M``, ``1.5GiB`` or a number of bytes; ``none``, ``off`` or ``0`` for no limit.

    >>> parse_size("4G")
    4294967296
    """
    if text.strip().lower() in ("none", "0", "off"):
        return None
    match = _SIZE.match(text)
    if match is None:
        raise typer.BadParameter(f"{text!r} is not a size such as 4G or 512M")
    number, unit = match.groups()
    return int(float(number) * 1024 ** "_kmgt".index(unit.lower() or "_"))


def _size(text: str | None, flag: str) -> int | None:
    if text is None:
        return None
    size = parse_size(text)
    if size is None:
        raise typer.BadParameter(f"{flag} needs a size such as 200M", param_hint=flag)
    return size


_PANEL = "Limits"

MaxFileSize = Annotated[
    str | None,
    typer.Option(
        help="Largest input file (default 200M).", show_default=False, rich_help_panel=_PANEL
    ),
]
MaxUnzippedSize = Annotated[
    str | None,
    typer.Option(
        help="Largest total uncompressed size of a .docx ZIP (default 512M).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
MaxZipRatio = Annotated[
    float | None,
    typer.Option(
        min=1,
        help="Largest compression ratio of a ZIP member (default 200).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
MaxZipEntries = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Most entries in a ZIP (default 10000).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
MaxPages = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Most pages of a PDF (default 2000).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
MaxTables = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Most tables in a document (default 1000).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
MaxRows = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Most rows in a table (default 50000).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
MaxCells = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Most table cells in a document (default 500000).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
MaxImagePixels = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Largest page image read by OCR, pixels (default 80000000).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]
ConversionTimeout = Annotated[
    float | None,
    typer.Option(
        min=0.001,
        help="Time limit for one LibreOffice conversion of a .doc/.odt/.rtf, seconds "
        "(default 120).",
        show_default=False,
        rich_help_panel=_PANEL,
    ),
]


def limit_settings(
    *,
    max_file_size: str | None,
    max_unzipped_size: str | None,
    max_zip_ratio: float | None,
    max_zip_entries: int | None,
    max_pages: int | None,
    max_tables: int | None,
    max_rows: int | None,
    max_cells: int | None,
    conversion_timeout: float | None = None,
    max_image_pixels: int | None = None,
) -> dict[str, Any]:
    """The ``Settings`` fields the given flags set; flags left out are not in the result."""
    values: dict[str, Any] = {
        "max_file_size": _size(max_file_size, "--max-file-size"),
        "max_unzipped_size": _size(max_unzipped_size, "--max-unzipped-size"),
        "max_zip_ratio": max_zip_ratio,
        "max_zip_entries": max_zip_entries,
        "max_pages": max_pages,
        "max_tables": max_tables,
        "max_rows": max_rows,
        "max_cells": max_cells,
        "conversion_timeout": conversion_timeout,
        "max_image_pixels": max_image_pixels,
    }
    return {key: value for key, value in values.items() if value is not None}
