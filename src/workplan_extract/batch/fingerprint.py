"""What a batch's results depend on, recorded so that ``--resume`` never mixes two settings.

Every manifest line carries the id of its run's fingerprint (``ManifestEntry.fingerprint``),
and ``settings.jsonl`` in the output folder holds each id's parts, one line per fingerprint
(appended, as the manifest is: the ``.jsonl`` suffix keeps it apart from the ``.json``
outputs):

* ``version``: the version of workplan-extract, on which every output and failure depends;
* ``output``: the settings that change a document that is extracted (``Settings`` fields whose
  role is "output"): the content (sha256) of each ``--vocab`` file in order, and the
  LibreOffice program;
* ``limits``: the settings that decide only whether a file fails: the limits, the time limit,
  the memory limit.

On ``--resume``, results made by another version or with other output settings cannot be
mixed with this run's: the batch is refused (``UsageError``, exit 2) with what differs.
Results made under other limits are kept and their failures retried; a failure under this
very fingerprint that the same bytes meet again (``WorkplanError.deterministic``: corrupt,
encrypted, no workplan table, ...) is not retried unless asked (``--retry-failed``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ManifestError, UsageError, VocabularyError
from ..settings import FIELD_ROLES, Settings
from ..writers.atomic import fsync_dir, truncate_partial_line, write_all

FINGERPRINTS_NAME = "settings.jsonl"


@dataclass(frozen=True)
class Fingerprint:
    """The version and settings a run's results depend on (module docstring)."""

    version: str
    #: ``vocabulary``: [{"file", "sha256"}] in order; then the other "output" settings.
    output: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """A short hash of every part: equal ids, equal fingerprints."""
        return _digest(self.as_json())[:16]

    @property
    def output_key(self) -> str:
        """A hash of what a document's content depends on: the version, the vocabulary's
        content (not where the files are) and the other output settings."""
        output = {k: v for k, v in self.output.items() if k != "vocabulary"}
        hashes = [v["sha256"] for v in self.output.get("vocabulary", [])]
        return _digest({"version": self.version, "vocabulary": hashes, **output})

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "output": self.output, "limits": self.limits}

    @classmethod
    def from_json(cls, data: Any) -> Fingerprint:
        if not (isinstance(data, dict) and isinstance(data.get("version"), str)):
            raise ValueError("not a fingerprint")
        return cls(data["version"], dict(data.get("output", {})), dict(data.get("limits", {})))


def fingerprint(settings: Settings, memory_limit: int | None) -> Fingerprint:
    """This run's fingerprint.

    Raises:
        VocabularyError: a ``--vocab`` file cannot be read.
    """
    output: dict[str, Any] = {"vocabulary": [_vocabulary_file(p) for p in settings.vocab]}
    limits: dict[str, Any] = {}
    for name, role in FIELD_ROLES.items():
        if role == "output" and name != "vocab":
            output[name] = getattr(settings, name)
        elif role == "limit":
            limits[name] = getattr(settings, name)
    limits["memory_limit"] = memory_limit
    return Fingerprint(__version__, output, limits)


def _vocabulary_file(path: Path) -> dict[str, str]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise VocabularyError(f"cannot read vocabulary: {exc.strerror or exc}", path) from None
    return {"file": str(path), "sha256": hashlib.sha256(data).hexdigest()}


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_fingerprints(out: Path) -> dict[str, Fingerprint]:
    """The fingerprints ``settings.jsonl`` describes, by id ({} when there is none yet). A
    torn last line (a crash while it was appended) is skipped.

    Raises:
        ManifestError: a line is not what a batch wrote.
    """
    path = out / FINGERPRINTS_NAME
    try:
        lines = path.read_bytes().split(b"\n")
    except FileNotFoundError:
        return {}
    known: dict[str, Fingerprint] = {}
    whole, torn = lines[:-1], lines[-1]
    for number, line in enumerate(whole, start=1):
        try:
            data = json.loads(line)
            known[data["id"]] = Fingerprint.from_json(data)
        except (ValueError, KeyError, TypeError):
            message = f"line {number} is not the record of a batch's settings"
            raise ManifestError(message, path) from None
    del torn  # no newline yet: not written whole
    return known


def record_fingerprint(out: Path, current: Fingerprint) -> None:
    """Append ``current`` to ``settings.jsonl``, durably, unless it is there: before any
    manifest line names it."""
    path = out / FINGERPRINTS_NAME
    if current.id in load_fingerprints(out):
        return
    if path.exists():
        truncate_partial_line(path)
    line = {"id": current.id, **current.as_json()}
    data = json.dumps(line, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(out)


def check_resume(out: Path, current: Fingerprint, ids: Iterable[str | None]) -> None:
    """Refuse to resume a batch whose results were made with other output settings.

    Args:
        out: The output folder.
        current: This run's fingerprint.
        ids: The fingerprint ids found in the manifest (None: a line that has none).

    Raises:
        UsageError: what differs, and what to do.
    """
    recorded = load_fingerprints(out)
    reasons: list[str] = []
    for key in ids:
        if key == current.id:
            continue
        earlier = recorded.get(key) if key is not None else None
        if earlier is None:
            reasons.append("by a version that did not record its settings")
            break
        if earlier.output_key != current.output_key:
            reasons.extend(r for r in differences(earlier, current) if r not in reasons)
    if reasons:
        raise UsageError(
            f"it holds results made {'; '.join(reasons)}: --resume would mix them with this "
            "run's. Resume with the settings it was made with, or write to another folder",
            out,
        )


def differences(old: Fingerprint, new: Fingerprint) -> list[str]:
    """What differs between two fingerprints, one phrase each, output settings first:
    ``"with vocabulary a.json (1f2e3d4c), now none"``."""
    out = []
    if old.version != new.version:
        out.append(f"by workplan-extract {old.version}, now {new.version}")
    old_vocab, new_vocab = old.output.get("vocabulary", []), new.output.get("vocabulary", [])
    if [v["sha256"] for v in old_vocab] != [v["sha256"] for v in new_vocab]:
        out.append(f"with vocabulary {_files(old_vocab)}, now {_files(new_vocab)}")
    for key in sorted((set(old.output) | set(new.output)) - {"vocabulary"}):
        if old.output.get(key) != new.output.get(key):
            out.append(f"with {key} {old.output.get(key)!r}, now {new.output.get(key)!r}")
    for key in sorted(set(old.limits) | set(new.limits)):
        if old.limits.get(key) != new.limits.get(key):
            flag = "--max-memory" if key == "memory_limit" else "--" + key.replace("_", "-")
            out.append(f"with {flag} {old.limits.get(key)}, now {new.limits.get(key)}")
    return out


def _files(vocabulary: list[dict[str, str]]) -> str:
    if not vocabulary:
        return "none"
    return ", ".join(f"{Path(v['file']).name} ({v['sha256'][:8]})" for v in vocabulary)
