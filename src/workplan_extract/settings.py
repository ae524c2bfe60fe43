"""Options for one extraction, validated and resolved in one place.

Every layer receives a ``Settings`` object rather than keyword arguments threaded through the
call chain. ``Settings.resolve`` accepts ``None`` (the defaults), a mapping, or a ``Settings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MB = 1024 * 1024


class Settings(BaseModel):
    """Options and limits for extraction. Limits are documented in the README."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vocab: tuple[Path, ...] = Field(default=(), description="Extra party vocabulary files.")
    strict: bool = Field(default=False, description="Treat any warning as a failure.")
    timeout: float | None = Field(
        default=None,
        gt=0,
        description=(
            "Per-file time limit, seconds. Enforced where a file runs in a worker process "
            "(``isolation.extract_isolated``: the CLI's extract and batch); ``extract()`` runs "
            "in the caller's process and cannot stop itself."
        ),
    )
    max_file_size: int = Field(default=200 * MB, gt=0, description="Largest input file, bytes.")
    max_unzipped_size: int = Field(
        default=512 * MB, gt=0, description="Largest total uncompressed size of a ZIP container."
    )
    max_zip_ratio: float = Field(
        default=200.0, gt=0, description="Largest compression ratio of a ZIP member."
    )
    max_zip_entries: int = Field(
        default=10_000,
        gt=0,
        description="Most entries in a ZIP container (a bomb of many small members).",
    )
    max_pages: int = Field(default=2000, gt=0, description="Most pages read from a PDF.")
    max_tables: int = Field(default=1000, gt=0, description="Most tables read from a document.")
    max_rows: int = Field(default=50_000, gt=0, description="Most rows read from one table.")
    max_cells: int = Field(default=500_000, gt=0, description="Most cells read from a document.")
    max_image_pixels: int = Field(
        default=80_000_000,
        gt=0,
        description="Largest page image read by OCR, pixels (an A3 page at 600 dpi is 70 million).",
    )
    ocr: Literal["off", "auto", "force"] = Field(
        default="off",
        description=(
            "OCR of scanned pages with Tesseract: off (a scanned PDF is no-text-layer), auto "
            "(pages with no text layer, and image files), force (every page, ignoring any "
            "text layer)."
        ),
    )
    soffice: str = Field(default="soffice", description="LibreOffice program for legacy formats.")
    conversion_timeout: float = Field(
        default=120.0, gt=0, description="Time limit for one LibreOffice conversion, seconds."
    )

    @classmethod
    def resolve(cls, value: Settings | Mapping[str, Any] | None = None) -> Settings:
        """Return ``value`` as ``Settings``: ``None`` gives the defaults, a mapping is validated.

        >>> Settings.resolve({"strict": True}).strict
        True
        """
        if value is None:
            return cls()
        if isinstance(value, Settings):
            return value
        return cls.model_validate(dict(value))
