"""--resume under the settings the batch was made with: never a mix (issues 16.2 and 12.8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import workfns
from typer.testing import CliRunner

from conftest import LCPC, make_copies, variant
from workplan_extract.batch import LocalExecutor, read_manifest, run_batch
from workplan_extract.batch.fingerprint import (
    FINGERPRINTS_NAME,
    differences,
    fingerprint,
    load_fingerprints,
)
from workplan_extract.cli import app
from workplan_extract.errors import ManifestError, UsageError
from workplan_extract.settings import FIELD_ROLES, Settings

VOCAB = {
    "entries": [
        {
            "id": "directors-of-childrens-services",
            "name": "Directors of Children's Services",
            "kind": "group",
        }
    ]
}


def calls_of(log: Path) -> list[str]:
    return sorted(Path(line.split()[1]).name for line in log.read_text().splitlines())


def test_resume_with_another_vocabulary_is_refused_with_the_reason(tmp_path: Path) -> None:
    """Before, the old outputs were silently kept beside new ones made with the new vocabulary."""
    make_copies(tmp_path / "in", 2)
    vocab = tmp_path / "extra.json"
    vocab.write_text(json.dumps(VOCAB), encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "-j", "1"]
    assert CliRunner().invoke(app, args).exit_code == 0
    result = CliRunner().invoke(app, [*args, "--resume", "--vocab", str(vocab)])
    assert result.exit_code == 2
    sha = fingerprint(Settings(vocab=(vocab,)), None).output["vocabulary"][0]["sha256"]
    assert result.stderr == (
        f"error: {out}: it holds results made with vocabulary none, now extra.json "
        f"({sha[:8]}): --resume would mix them with this run's. Resume with the settings it "
        "was made with, or write to another folder (usage)\n"
    )
    # Nothing was done: the manifest still has the first run's two lines only.
    assert len(list(read_manifest(out / "manifest.jsonl"))) == 2
    # The same vocabulary again (even from elsewhere) resumes.
    assert CliRunner().invoke(app, [*args, "--resume"]).exit_code == 0
    vocab.write_text(json.dumps({"entries": []}), encoding="utf-8")
    changed = CliRunner().invoke(app, [*args, "--resume", "--vocab", str(vocab)])
    assert changed.exit_code == 2 and "with vocabulary none, now extra.json" in changed.stderr


def test_another_version_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_copies(tmp_path / "in", 1)
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, executor=LocalExecutor(1))
    from workplan_extract.batch import fingerprint as module

    monkeypatch.setattr(module, "__version__", "99.0")
    with pytest.raises(UsageError, match=r"made by workplan-extract 0\.\S+, now 99\.0"):
        run_batch([tmp_path / "in"], out, resume=True, executor=LocalExecutor(1))


def test_a_manifest_without_fingerprints_is_refused(tmp_path: Path) -> None:
    """A batch made before fingerprints were recorded cannot say what it was made with."""
    make_copies(tmp_path / "in", 1)
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, executor=LocalExecutor(1))
    manifest = out / "manifest.jsonl"
    lines = [json.loads(line) for line in manifest.read_text("utf-8").splitlines()]
    manifest.write_text(
        "".join(json.dumps({**line, "fingerprint": None}) + "\n" for line in lines), "utf-8"
    )
    with pytest.raises(UsageError, match="by a version that did not record its settings"):
        run_batch([tmp_path / "in"], out, resume=True, executor=LocalExecutor(1))


def test_other_limits_keep_what_is_done_and_retry_the_failures(tmp_path: Path, calls: Path) -> None:
    folder = tmp_path / "in"
    make_copies(folder, 2)
    (folder / "letter.txt").write_bytes(b"Dear colleague,\nNo table here.\n")
    out = tmp_path / "out"
    run_batch([folder], out, executor=LocalExecutor(1))
    summary = run_batch(
        [folder],
        out,
        settings={"max_pages": 10},
        resume=True,
        executor=LocalExecutor(1),
        work=workfns.logged,
    )
    assert (summary.skipped, summary.failed, summary.failed_before) == (2, 1, 0)
    assert calls_of(calls) == ["letter.txt"]
    entries = list(read_manifest(out / "manifest.jsonl"))
    assert len({e.fingerprint for e in entries}) == 2
    assert len(load_fingerprints(out)) == 2


def test_resume_does_not_redo_failures_that_would_recur(tmp_path: Path, calls: Path) -> None:
    """Corrupt, no table: the same bytes fail the same way with the same version and settings;
    a timeout or a killed worker may not, and is retried; --retry-failed retries them all."""
    folder = tmp_path / "in"
    make_copies(folder, 2)
    (folder / "letter.txt").write_bytes(b"Dear colleague,\nNo table here.\n")
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04garbage")
    (folder / "copy-of-corrupt.docx").write_bytes(b"PK\x03\x04garbage")
    variant(LCPC, folder / "die.txt", 7)
    out = tmp_path / "out"
    first = run_batch([folder], out, executor=LocalExecutor(1), work=workfns.suicidal)
    assert (first.done, first.failed) == (2, 4)
    (folder / "new-copy-of-corrupt.docx").write_bytes(b"PK\x03\x04garbage")

    second = run_batch([folder], out, resume=True, executor=LocalExecutor(1), work=workfns.logged)
    # Only the killed file was extracted again (and now succeeds); the new copy of a file
    # that failed for good is recorded as its duplicate without being read again.
    assert calls_of(calls) == ["die.txt"]
    assert (second.skipped, second.done, second.failed_before, second.failed) == (2, 1, 3, 1)
    assert not second.ok
    latest = {Path(e.file).name: e for e in read_manifest(out / "manifest.jsonl")}
    assert latest["new-copy-of-corrupt.docx"].error_code == "corrupt"
    assert latest["new-copy-of-corrupt.docx"].duplicate_of is not None
    rows = (out / "errors.csv").read_text("utf-8").splitlines()
    assert len(rows) == 1 + 4  # the failures are still the batch's failures

    calls.write_text("")
    third = run_batch(
        [folder],
        out,
        resume=True,
        retry_failed=True,
        executor=LocalExecutor(1),
        work=workfns.logged,
    )
    # Each content once: the first of the three corrupt copies the walk meets (in name order)
    # is read again, and the other two are its duplicates in this run.
    assert calls_of(calls) == ["copy-of-corrupt.docx", "letter.txt"]
    assert (third.skipped, third.failed, third.failed_before) == (3, 4, 0)


def test_the_cli_retries_failures_only_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_copies(folder, 1)
    (folder / "letter.txt").write_bytes(b"Dear colleague,\nNo table here.\n")
    args = ["batch", str(folder), "-o", str(tmp_path / "out"), "-j", "1"]
    assert CliRunner().invoke(app, args).exit_code == 1
    resumed = CliRunner().invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 1
    assert "1 failed before (not retried: --retry-failed)" in resumed.stderr
    retried = CliRunner().invoke(app, [*args, "--resume", "--retry-failed"])
    assert retried.exit_code == 1 and "0 skipped" not in retried.stderr
    assert "1 failed," in retried.stderr and "failed before" not in retried.stderr


def test_every_setting_has_a_role_and_limits_are_told_apart() -> None:
    assert set(FIELD_ROLES) == set(Settings.model_fields)
    old = fingerprint(Settings(), 4 * 1024**3)
    new = fingerprint(Settings(max_pages=10, timeout=5), None)
    assert old.output_key == new.output_key and old.id != new.id
    assert differences(old, new) == [
        "with --max-pages 2000, now 10",
        "with --max-memory 4294967296, now None",
        "with --timeout None, now 5.0",
    ]


def test_a_damaged_settings_record_is_a_manifest_error(tmp_path: Path) -> None:
    make_copies(tmp_path / "in", 1)
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, executor=LocalExecutor(1))
    (out / FINGERPRINTS_NAME).write_text("not json\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="line 1 is not the record of a batch's settings"):
        run_batch([tmp_path / "in"], out, resume=True, executor=LocalExecutor(1))
