"""The report page: self-contained, escaped, and showing exactly what the records hold."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import re
import sys
from pathlib import Path

import pytest
from lxml import html

from workplan_extract.errors import OutputError, UnreadableFile, UsageError
from workplan_extract.normalise import check_vocabulary_file
from workplan_extract.records import WorkplanDocument
from workplan_extract.report import write_report

from .conftest import GENERATED, HOSTILE, rich_document, write_json, write_jsonl


def render(tmp_path: Path, docs: list[WorkplanDocument], **options: object) -> html.HtmlElement:
    source = write_jsonl(docs, tmp_path / "docs.jsonl")
    out = tmp_path / "report.html"
    write_report([source], out, generated=GENERATED, **options)  # type: ignore[arg-type]
    return html.fromstring(out.read_bytes())


def texts(page: html.HtmlElement, xpath: str) -> list[str]:
    return [e.text_content() for e in page.xpath(xpath)]


def test_hostile_text_is_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document()])
    # The only script is the report's own; the only images are none.
    scripts = page.xpath("//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text_content()
    assert page.xpath("//img") == []
    assert not page.xpath("//*[@onerror]")
    # The cell's text is on the page, character for character.
    title = page.xpath("//tr[@class='item'][2]//strong")[0].text_content()
    assert title == f"Audit {HOSTILE}"
    assert HOSTILE in texts(page, "//dd[@class='cell']")
    assert any(HOSTILE in t for t in texts(page, "//span[@class='warn']"))
    assert HOSTILE in page.xpath("//details[@class='doc']//h3")[0].text_content()


def test_self_contained_with_a_policy_that_allows_only_its_own_style_and_script(
    tmp_path: Path,
) -> None:
    out = tmp_path / "report.html"
    write_report([write_json(rich_document(), tmp_path / "a.json")], out)
    text = out.read_text("utf-8")
    page = html.fromstring(text)
    # Nothing refers to anything outside the file.
    for attribute in ("src", "href", "action", "xlink:href"):
        for value in page.xpath(f"//@*[local-name()='{attribute.split(':')[-1]}']"):
            assert value.startswith("#"), value
    assert "http://" not in text.replace("http://www.w3.org", "")
    assert "https://" not in text
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp

    def digest(element_text: str) -> str:
        raw = hashlib.sha256(element_text.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(raw).decode()}'"

    style = page.xpath("//style")[0].text
    script = page.xpath("//script")[0].text
    assert f"style-src {digest(style)};" in csp
    assert f"script-src {digest(script)};" in csp


def test_every_item_warning_and_source_cell_appears_once(tmp_path: Path) -> None:
    docs = [rich_document(0), rich_document(1)]
    page = render(tmp_path, docs)
    assert len(page.xpath("//tr[@class='item']")) == 8
    assert len(page.xpath("//span[@class='warn']")) == sum(len(d.warnings) for d in docs)
    cells = page.xpath("//dd[@class='cell']")
    assert len(cells) == sum(len(i.cells) for d in docs for i in d.items)
    assert page.xpath("//dd[@id='n-documents']")[0].text == "2"
    assert page.xpath("//dd[@id='n-items']")[0].text == "8"
    assert page.xpath("//dd[@id='n-warnings']")[0].text == str(len(docs[0].warnings) * 2)


def test_warnings_sit_beside_the_item_and_field_they_concern(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document()])
    rows = page.xpath("//tr[@class='item']")
    # Item 1.2: both party warnings in its parties column (the fourth cell).
    parties = rows[1].xpath("./td[3]//span[@class='warn']/code/text()")
    assert parties == ["party.unmatched", "party.fuzzy"]
    # Item 2.1: the timing warnings beside its timings.
    assert rows[2].xpath("./td[4]//span[@class='warn']/code/text()") == [
        "timing.unparsed",
        "timing.year_inferred",
    ]
    # The body's warning beside the issuing body; the others in the document's own list,
    # including one about an item number no item has.
    body = page.xpath("//dt[.='Issuing body']/following-sibling::dd[1]")[0]
    assert body.xpath(".//span[@class='warn']/code/text()") == ["body.unmatched"]
    general = page.xpath("//div[@class='docwarn']//span[@class='warn']/code/text()")
    assert general == ["item.unnumbered", "table.stray_text"]


def test_items_show_sections_status_letters_chips_and_timings(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document()])
    assert texts(page, "//tr[@class='section']/th") == [
        "Priority 1: Early help",
        "Priority 2: Workforce",
    ]
    # Status: a colour class and a letter, so colour is never the only signal.
    badges = [(b.get("class"), b.text) for b in page.xpath("//span[contains(@class,'rag')]")]
    assert badges == [("rag g", "G"), ("rag a", "A"), ("rag u", "?")]
    chips = page.xpath("//tr[@class='item'][2]//span[contains(@class,'chip')]")
    assert [c.get("class") for c in chips] == ["chip un", "chip fz"]
    assert "? unmatched" in chips[0].text_content()
    assert "≈ thames-valley-police (91)" in chips[1].text_content()
    first = page.xpath("//tr[@class='item'][1]")[0].text_content()
    for shown in (
        "thames-valley-police",
        "organisation, police, Thames Valley",
        "role",
        "of Slough LSCB",
        "collective",
        "2011-10/2011-12",
        "2011-10-01 – 2011-12-31",
        "recurring P1Y",
        "sheet Plan",
    ):
        assert shown in first, shown
    third = page.xpath("//tr[@class='item'][3]")[0].text_content()
    for shown in ("done", "tbc", "relative", "year inferred", "2011-05-01 – …", "person"):
        assert shown in third, shown


def test_source_cells_are_expandable_beside_their_column(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document()])
    first = page.xpath("//tr[@class='item'][1]")[0]
    status_keys = first.xpath("./td[2]//details[@class='src']//dt/text()")
    party_keys = first.xpath("./td[3]//details[@class='src']//dt/text()")
    timing_cells = first.xpath("./td[4]//details[@class='src']//dd/text()")
    assert status_keys == ["status"]
    assert party_keys == ["lead_parties", "partners", "audience"]
    assert timing_cells == ["Quarter 3\nAnnually"]


def test_parties_view_lists_the_doubtful_first_with_counts(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document(0), rich_document(1)])
    rows = page.xpath("//table[@class='parties']//tr[contains(@class,'party')]")
    first = [(r.xpath("./th")[0].text_content(), r.get("class")) for r in rows[:3]]
    assert first[0][1] == "party unmatched"
    assert {name for name, css in first if css == "party unmatched"} <= {
        "QEG",
        "Jim Reeves",
        "all partner agencies",
    }
    police = next(r for r in rows if r.xpath("./th")[0].text_content() == "Thames Valley Police")
    assert [td.text_content() for td in police.xpath("./td")][-2:] == ["2", "2"]


def test_vocab_snippet_is_a_valid_vocabulary_file(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document()])
    snippet = page.xpath("//pre[@id='vocab-snippet']")[0].text_content()
    vocab = tmp_path / "my-parties.json"
    vocab.write_text(snippet, encoding="utf-8")
    assert check_vocabulary_file(vocab) == []
    spellings = {
        text
        for entry in json.loads(snippet)["entries"]
        for text in [entry["name"], *entry["aliases"]]
    }
    assert {"QEG", "Thames Valley Polise"} <= spellings
    assert "Jim Reeves" not in spellings  # a person is never a vocabulary entry (SPEC 2.0)


def test_charts_are_inline_svg_with_words_beside_the_colours(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document()])
    svgs = page.xpath("//svg[@role='img']")
    # The overview timeline, the stacked bars and the document's own item timeline.
    assert len(svgs) == 3
    sectors = page.xpath("//table[@id='sector-table']")[0]
    header = [th.text_content() for th in sectors.xpath(".//thead//th")]
    assert header == ["Plan year", "local-government", "police", "partnership", "unknown", "All"]
    assert [td.text_content() for td in sectors.xpath(".//tbody//td")] == ["1", "2", "1", "2", "6"]
    assert texts(page, "//ul[@class='legend']/li") == header[1:-1]


def test_headings_are_in_order_and_tables_have_header_cells(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document()])
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4")]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    for table in page.xpath("//table"):
        assert table.xpath(".//th"), html.tostring(table)[:80]


def test_max_documents_caps_the_sections_but_counts_every_document(tmp_path: Path) -> None:
    page = render(tmp_path, [rich_document(n) for n in range(3)], max_documents=1)
    assert len(page.xpath("//details[@class='doc']")) == 1
    assert page.xpath("//dd[@id='n-documents']")[0].text == "3"
    assert "1 of 3 documents are shown" in page.text_content()


def test_large_reports_keep_document_bodies_as_inert_text(tmp_path: Path) -> None:
    docs = [rich_document(n) for n in range(3)]
    inline = render(tmp_path, docs)
    lazy = render(tmp_path, docs, inline_limit=2)
    later = lazy.xpath("//script[@class='later']")
    assert len(later) == 3 and lazy.xpath("//tr[@class='item']") == []
    # Each inert body is exactly the markup the small report shows in place.
    for body, section in zip(later, inline.xpath("//details[@class='doc']"), strict=True):
        inflated = html.fragment_fromstring(body.text, create_parent="div")
        assert len(inflated.xpath(".//tr[@class='item']")) == len(
            section.xpath(".//tr[@class='item']")
        )
        assert inflated.xpath(".//dd[@class='cell']/text()") == section.xpath(
            ".//dd[@class='cell']/text()"
        )


def test_file_size_grows_linearly_with_documents(tmp_path: Path) -> None:
    sizes = []
    for count in (10, 20, 30):
        out = tmp_path / f"r{count}.html"
        source = write_jsonl([rich_document(n) for n in range(count)], tmp_path / f"{count}.jsonl")
        sizes.append(write_report([source], out, generated=GENERATED).size_bytes)
    first, second = sizes[1] - sizes[0], sizes[2] - sizes[1]
    # Ten more documents cost the same each time, to within the digits of their numbers.
    assert abs(second - first) < 0.01 * first


def test_missing_input_and_output_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        write_report([tmp_path / "nothere"], tmp_path / "r.html")
    source = write_json(rich_document(), tmp_path / "a.json")
    with pytest.raises(OutputError):
        write_report([source], tmp_path / "no" / "r.html")


def test_without_jinja2_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(UsageError, match=re.escape("pip install 'workplan-extract[report]'")):
        write_report([write_json(rich_document(), tmp_path / "a.json")], tmp_path / "r.html")


def test_a_section_that_could_end_its_inert_container_is_refused() -> None:
    from workplan_extract.errors import InternalError
    from workplan_extract.report.render import DocumentHead, _spooled

    body = b"<p>fine</p></SCRIPT><script>alert(1)</script>"
    spool = io.BytesIO(body)
    head = DocumentHead("doc-1", "t", "f", 0, 0, "t", 0, len(body))
    with pytest.raises(InternalError, match="doc-1"):
        list(_spooled(spool, [head]))
