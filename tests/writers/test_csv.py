"""The one-row-per-item CSV: Excel-readable, lists joined, ids beside texts, safe appends."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from workplan_extract.records import Action, WorkplanDocument
from workplan_extract.writers import CsvWriter, OutputError, write_csv
from workplan_extract.writers.csv import HEADER, to_csv


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def rows(tmp_path: Path, documents: list[WorkplanDocument]) -> list[dict[str, str]]:
    path = tmp_path / "items.csv"
    assert write_csv(documents, path) == 2
    return read_rows(path)


def test_file_starts_with_a_bom_and_the_header(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "items.csv"
    write_csv(documents, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfschema_version,source_path,")
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert raw.split(b"\r\n", 1)[0].decode("utf-8-sig").split(",") == list(HEADER)


def test_one_row_per_item_with_document_columns(rows: list[dict[str, str]]) -> None:
    assert [(r["source_filename"], r["item_index"], r["number"]) for r in rows] == [
        ("lscb-workplan-2007-08.txt", "0", "1"),
        ("lscb-workplan-2007-08.txt", "1", "2"),
        ("lcpc-workplan-2004.pdf", "0", "1.2"),
    ]
    first = rows[0]
    assert first["source_sha256"] == "a" * 64
    # The document's title and the item's title both exist, so the document's is prefixed.
    assert first["document_title"] == "London Safeguarding Children Board Workplan 2007/08"
    assert first["period_edtf"] == "2007-04/2008-03"
    assert first["body_id"] == "london-safeguarding-children-board"
    assert rows[2]["source_pages"] == "4" and first["source_pages"] == ""


def test_lists_are_joined_with_ids_and_texts_in_aligned_columns(
    rows: list[dict[str, str]],
) -> None:
    first = rows[0]
    assert first["lead_parties"] == "ALG | Barnardo’s | Someone Unknown"
    assert first["lead_party_ids"] == "association-of-london-government | barnardos | "
    assert first["lead_party_qualifiers"] == "DV Forum |  | "
    assert first["partner_ids"] == "metropolitan-police-service"
    assert first["audience"] == "LSCBs"
    assert first["action_labels"] == "a | b | "
    assert first["outcome_labels"] == "a;b | "
    assert first["timing_edtf"] == "../2007-12 | ../2007-11"
    assert first["timing_latest"] == "2007-12-31 | 2007-11-30"
    assert first["timing_kinds"] == "deadline | deadline"
    assert first["lead_party_matches"] == "alias | alias | unmatched"
    assert first["amounts"] == (
        "London Councils: £80k | @£50k (£10k net) | Training Programme - £ | £1.25k"
    )
    assert first["amount_values"] == "80000 | 50000 |  | 1250.5"
    assert rows[1]["meeting_edtf"] == "2007-04-19 | 2007-05/.."


def test_newlines_and_quotes_inside_cells_survive(rows: list[dict[str, str]]) -> None:
    first = rows[0]
    assert first["title"] == "Domestic violence\nand children"
    assert first["actions"] == (
        'Map services, e.g. "DV Forum", across London | Report back\nto the Board'
        " | A bullet with no label"
    )


def test_warnings_go_to_their_item_and_the_document(rows: list[dict[str, str]]) -> None:
    assert rows[0]["warnings"] == (
        "amount.missing_value: “Training Programme - £” has no figure. | "
        "party.unmatched: Someone Unknown is not in the vocabulary."
    )
    assert rows[1]["warnings"] == "timing.year_inferred: Year taken from the plan's period."
    assert rows[0]["document_warnings"] == "source.note: A doubt about the whole document."
    assert rows[2]["warnings"] == rows[2]["document_warnings"] == ""


def test_a_document_without_items_still_has_a_row(documents: list[WorkplanDocument]) -> None:
    empty = documents[1].model_copy(update={"items": []})
    rows = list(csv.DictReader(io.StringIO(to_csv(empty).removeprefix("\ufeff"))))
    assert len(rows) == 1
    assert rows[0]["source_filename"] == "lcpc-workplan-2004.pdf"
    assert rows[0]["item_index"] == "" and rows[0]["title"] == ""


def test_writing_to_a_stream(documents: list[WorkplanDocument]) -> None:
    out = io.StringIO(newline="")
    assert write_csv([documents[1], documents[1]], out) == 1
    assert out.getvalue() == to_csv(documents[1])


def test_append_adds_rows_under_one_header_and_skips_documents_already_there(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "items.csv"
    write_csv(documents[:1], path)  # one-shot file, no commit record yet
    with CsvWriter(path, append=True) as out:
        assert not out.add(documents[0])
        assert out.add(documents[1])
    with CsvWriter(path, append=True) as out:
        assert len(out) == 2
    raw = path.read_bytes()
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert raw.count(b"schema_version,source_path") == 1
    assert [r["number"] for r in read_rows(path)] == ["1", "2", "1.2"]


def test_append_cuts_off_rows_a_crash_left_unfinished(
    tmp_path: Path, documents: list[WorkplanDocument]
) -> None:
    path = tmp_path / "items.csv"
    with CsvWriter(path, append=True) as out:
        out.add(documents[1])
    # Half of the next document, ending just after a newline inside a quoted cell: a repair
    # that only cut back to the last newline would keep it as if it were a finished row.
    rows_text = to_csv(documents[0]).split("\r\n", 1)[1].encode()
    cut = rows_text.index(b"Domestic violence\n") + len(b"Domestic violence\n")
    with open(path, "ab") as f:
        f.write(rows_text[:cut])
    with CsvWriter(path, append=True) as out:
        assert out.repaired == cut
        assert documents[0].source.sha256 not in out
        assert out.add(documents[0])
    assert [r["number"] for r in read_rows(path)] == ["1.2", "1", "2"]


def test_append_refuses_a_csv_with_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("\ufeffa,b\r\n1,2\r\n", encoding="utf-8")
    with pytest.raises(OutputError, match="header differs"):
        CsvWriter(path, append=True)


def test_empty_lists_are_empty_cells_and_versions_are_text(
    rows: list[dict[str, str]], documents: list[WorkplanDocument]
) -> None:
    """Issue 16.8: a list with nothing in it was " | " (both timings have no earliest date) or
    " |  |  | " (four unlabelled actions); versions were numbers to pandas and spreadsheets."""
    first = rows[0]
    assert first["timing_earliest"] == ""  # was " | "
    assert rows[2]["timing_earliest"] == "2004-03-01"
    assert first["schema_version"] == "v2.0" and first["extractor_version"] == "v0.1.0"
    doc = documents[1]
    bullets = [Action(label=None, text=f"Bullet {n}") for n in range(4)]
    item = doc.items[0].model_copy(update={"actions": bullets})
    text = to_csv(doc.model_copy(update={"items": [item]}))
    (row,) = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    assert row["actions"] == "Bullet 0 | Bullet 1 | Bullet 2 | Bullet 3"
    assert row["action_labels"] == ""  # was " |  |  | "


def test_2_0_fields_have_columns(rows: list[dict[str, str]]) -> None:
    first = rows[0]
    assert (first["section"], first["status_text"], first["status_value"]) == (
        "Theme 1: Safety",
        "On Target",
        "on-track",
    )
    assert first["progress"] == "Mapped in 3 boroughs. | Report to the May Board."
    assert rows[2]["status_text"] == "" and rows[2]["progress"] == ""


def test_pandas_reads_the_csv_as_written(tmp_path: Path, documents: list[WorkplanDocument]) -> None:
    pandas = pytest.importorskip("pandas")
    path = tmp_path / "items.csv"
    write_csv(documents, path)
    frame = pandas.read_csv(path, keep_default_na=False)
    assert list(frame["schema_version"]) == ["v2.0"] * 3
    assert list(frame["extractor_version"]) == ["v0.1.0"] * 3
    assert frame.columns[0] == "schema_version"  # the BOM is not part of the name
    first = frame["outcome_labels"][0].split(" | ")
    assert [group.split(";") if group else [] for group in first] == [["a", "b"], []]
