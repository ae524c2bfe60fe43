"""Options for one extraction, validated and resolved in one place.

Every layer receives a ``Settings`` object rather than keyword arguments threaded through the
call chain. ``Settings.resolve`` accepts ``None`` (the defaults), a mapping, or a ``Settings``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .limits import BY_NAME as _L
from .limits import MB

__all__ = ["FIELD_ROLES", "MB", "Role", "Settings"]

#: What each field decides, for a batch's fingerprint (``batch.fingerprint``): "output", the
#: content of a document that is extracted; "limit", only whether a file fails; "report",
#: only what is reported about it. A test checks that every field has one.
Role = Literal["output", "limit", "report"]
FIELD_ROLES: dict[str, Role] = {
    "vocab": "output",
    "strict": "report",
    "timeout": "limit",
    **{name: "limit" for name in _L},
    "ocr": "output",
    "soffice": "output",
}


def _int(name: str) -> int:
    value = _L[name].default
    assert isinstance(value, int), name
    return value


def _float(name: str) -> float:
    return float(_L[name].default)


def _d(name: str) -> str:
    limit = _L[name]
    unit = {"bytes": " In bytes.", "seconds": ""}.get(limit.unit, "")
    return limit.description + unit


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
    max_file_size: int = Field(default=_int("max_file_size"), gt=0, description=_d("max_file_size"))
    max_unzipped_size: int = Field(
        default=_int("max_unzipped_size"), gt=0, description=_d("max_unzipped_size")
    )
    max_zip_ratio: float = Field(
        default=_float("max_zip_ratio"), gt=0, description=_d("max_zip_ratio")
    )
    max_zip_entries: int = Field(
        default=_int("max_zip_entries"), gt=0, description=_d("max_zip_entries")
    )
    max_pages: int = Field(default=_int("max_pages"), gt=0, description=_d("max_pages"))
    max_tables: int = Field(default=_int("max_tables"), gt=0, description=_d("max_tables"))
    max_rows: int = Field(default=_int("max_rows"), gt=0, description=_d("max_rows"))
    max_cells: int = Field(default=_int("max_cells"), gt=0, description=_d("max_cells"))
    max_image_pixels: int = Field(
        default=_int("max_image_pixels"), gt=0, description=_d("max_image_pixels")
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
        default=_float("conversion_timeout"), gt=0, description=_d("conversion_timeout")
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
