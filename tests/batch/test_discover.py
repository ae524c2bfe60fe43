"""Finding the files of a batch: folders, globs, plain paths, and what is skipped."""

from __future__ import annotations

from pathlib import Path

from workplan_extract.batch.discover import discover


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_folder_is_walked_recursively_in_name_order(tmp_path: Path) -> None:
    _tree(tmp_path / "in", ["b.txt", "a.docx", "sub/c.pdf", "sub/deeper/d.txt", "z/e.txt"])
    found = [
        (f.path.relative_to(tmp_path).as_posix(), f.relative.as_posix())
        for f in discover([tmp_path / "in"])
    ]
    assert found == [
        ("in/a.docx", "a.docx"),
        ("in/b.txt", "b.txt"),
        ("in/sub/c.pdf", "sub/c.pdf"),
        ("in/sub/deeper/d.txt", "sub/deeper/d.txt"),
        ("in/z/e.txt", "z/e.txt"),
    ]


def test_hidden_files_word_lock_files_and_the_output_folder_are_skipped(tmp_path: Path) -> None:
    _tree(tmp_path / "in", ["a.txt", ".hidden.txt", "~$a.docx", ".git/x.txt", "out/a.txt.json"])
    found = [
        f.relative.as_posix() for f in discover([tmp_path / "in"], exclude=[tmp_path / "in/out"])
    ]
    assert found == ["a.txt"]


def test_glob_patterns_expand_at_any_depth_relative_to_their_fixed_part(tmp_path: Path) -> None:
    _tree(tmp_path / "in", ["a.txt", "b.pdf", "sub/c.txt"])
    found = sorted(f.relative.as_posix() for f in discover([f"{tmp_path}/in/**/*.txt"]))
    assert found == ["a.txt", "sub/c.txt"]


def test_a_glob_matching_a_folder_walks_it(tmp_path: Path) -> None:
    _tree(tmp_path / "in", ["2004/a.txt", "2005/b.txt", "notes.md"])
    found = sorted(f.relative.as_posix() for f in discover([f"{tmp_path}/in/20*"]))
    assert found == ["2004/a.txt", "2005/b.txt"]


def test_a_missing_file_is_yielded_so_that_the_batch_reports_it(tmp_path: Path) -> None:
    found = list(discover([tmp_path / "missing.txt"]))
    assert [f.path for f in found] == [tmp_path / "missing.txt"]
    assert found[0].relative.as_posix() == "missing.txt"


def test_discovery_streams(tmp_path: Path) -> None:
    _tree(tmp_path / "in", ["a.txt"])
    walk = discover([tmp_path / "in", tmp_path / "in"])
    # The first file is available before the second input is looked at.
    assert next(walk).relative.as_posix() == "a.txt"
