"""Writing the report: one self-contained HTML file, rendered by Jinja2 with autoescaping on.

Document text is hostile (a cell can hold ``<script>``): every value goes through Jinja2's
escaping, and the page's Content-Security-Policy allows only its own inline style and script,
by hash, and nothing from the network, so even a mistake in a template could not run injected
code or fetch anything.

Each document's section is rendered as soon as the document is read and spooled to a temp
file beside the output; the page around them is rendered once every document has been counted
and streams the spooled sections into place. Memory holds counts, not documents, and the page
grows by the same amount for each document.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, get_args

from .. import __version__
from ..errors import InternalError, OutputError, UnreadableFile, UsageError
from ..records import StatusValue
from ..warning_codes import WARNING_CODES
from ..writers.atomic import atomic_open
from .aggregate import SECTORS, Totals
from .charts import DocumentSpan, document_span, overview_timeline, stacked_bars
from .load import Failure, Manifest, Unread, discover, iter_documents
from .view import DocumentView, document_view, rag

if TYPE_CHECKING:
    import jinja2

    from ..normalise.vocab import Vocabulary

INSTALL = "Jinja2 is not installed: pip install 'workplan-extract[report]'"
#: The matched parties' table starts closed above this many rows.
_OPEN_ROWS = 100
#: Reports with more documents than this keep each document's details as inert text until it
#: is opened (see ``report.js``): a browser builds a page of thousands of full sections slowly.
INLINE_LIMIT = 100


@dataclass(frozen=True, slots=True)
class DocumentHead:
    """What the always-visible line of a document's section shows, and where its body is spooled."""

    anchor: str
    title: str
    filename: str
    items: int
    warnings: int
    #: Lowercased words the page's filter searches.
    search: str
    start: int
    end: int


@dataclass
class ReportSummary:
    """What a report holds.

    Attributes:
        path: The HTML file written.
        documents: Documents read (all of them are counted in the summary).
        shown: Documents with a section of their own (at most ``max_documents``).
        items: Items of all documents read.
        warnings: Warnings of all documents read.
        failures: Files the batch could not extract.
        unread: Results files (or documents in them) the report could not read.
        size_bytes: Size of the HTML file.
    """

    path: Path
    documents: int = 0
    shown: int = 0
    items: int = 0
    warnings: int = 0
    failures: list[Failure] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    size_bytes: int = 0


def write_report(
    inputs: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    max_documents: int | None = None,
    vocabulary: Vocabulary | None = None,
    generated: dt.datetime | None = None,
    inline_limit: int = INLINE_LIMIT,
) -> ReportSummary:
    """Write the review report of extraction results to ``output`` (one HTML file).

    Args:
        inputs: Batch output folders, or JSON / JSON Lines files of documents (an
            ``errors.csv`` or ``manifest.jsonl`` given by itself adds its failures).
        output: The HTML file to write; replaced atomically.
        max_documents: Give at most this many documents a section of their own (the summary,
            parties and chart still count every document). None: all.
        vocabulary: The vocabulary whose ids the vocabulary snippet avoids; the shipped one
            by default.
        generated: The time stated on the page; now by default.
        inline_limit: Up to this many documents shown, their details are plain HTML; above it,
            each document's details are filled in by the page's script when it is opened.

    Returns:
        What the report holds.

    Raises:
        UnreadableFile: An input does not exist.
        OutputError: The report cannot be written.
        UsageError: Jinja2 is not installed, or ``max_documents`` is negative.

    Example:
        >>> write_report(["results/"], "report.html").documents  # doctest: +SKIP
        6
    """
    env = environment()
    if max_documents is not None and max_documents < 0:
        raise UsageError("--max-documents must be 0 or more")
    for given in inputs:
        if not os.path.exists(given):
            raise UnreadableFile("no such file or folder", given)
    out = Path(output)
    if not out.parent.resolve().is_dir():
        raise OutputError("cannot write the report: its folder does not exist", out)
    found = discover(inputs)
    summary = ReportSummary(out, failures=found.failures, unread=found.unread)
    totals = Totals()
    spans: list[DocumentSpan] = []
    heads: list[DocumentHead] = []
    section = env.get_template("document.html.j2")
    limit = max_documents if max_documents is not None else -1
    # Binary, so that offsets are exact; sections are written as UTF-8.
    with tempfile.TemporaryFile(dir=out.parent.resolve()) as spool:
        for loaded in iter_documents(found.files, found.unread):
            doc = loaded.document
            totals.add(doc)
            if limit < 0 or summary.shown < limit:
                view = document_view(doc, summary.shown, loaded.origin)
                start = spool.tell()
                spool.write(section.render(view=view).encode("utf-8"))
                heads.append(_head(view, start, spool.tell()))
                spans.append(document_span(view.anchor, doc.source.filename, doc.items, doc.period))
                summary.shown += 1
        suggestions = _suggestions(totals, found.files, vocabulary)
        context = _context(totals, summary, found.manifest, spans, suggestions)
        context.update(
            heading="Workplan extraction report",
            inputs=[os.fspath(p) for p in inputs],
            generated=(generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M %Z"),
            version=__version__,
            max_documents=max_documents,
            lazy=summary.shown > inline_limit,
            documents=_spooled(spool, heads),
        )
        page = env.get_template("page.html.j2")
        with atomic_open(out) as handle:
            for chunk in page.generate(**context):
                handle.write(chunk.encode("utf-8"))
    summary.documents = totals.documents
    summary.items = totals.items
    summary.warnings = sum(totals.warnings.values())
    summary.size_bytes = out.stat().st_size
    return summary


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report's templates, autoescaping everything."""
    try:
        import jinja2
    except ImportError:
        raise UsageError(INSTALL) from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("workplan_extract.report", "templates"),
        # Every template, whatever its name, and strings too: document text is hostile.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["rag"] = rag
    return env


def _asset(name: str) -> str:
    return resources.files("workplan_extract.report").joinpath("templates", name).read_text("utf-8")


def _hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline style or script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _context(
    totals: Totals,
    summary: ReportSummary,
    manifest: Manifest | None,
    spans: list[DocumentSpan],
    suggestions: list[dict[str, Any]],
) -> dict[str, Any]:
    from markupsafe import Markup

    css, script = _asset("report.css"), _asset("report.js")
    csp = (
        f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    # Documents are validated, so every code is a registered one: list them in its order.
    warning_codes = [
        (code, totals.warnings[code], meaning)
        for code, meaning in WARNING_CODES.items()
        if totals.warnings[code]
    ]
    statuses = [
        (value, totals.statuses[value])
        for value in (*get_args(StatusValue), "unrecognised")
        if totals.statuses[value]
    ]
    failure_codes = sorted(
        Counter(f.code for f in summary.failures).items(), key=lambda kv: (-kv[1], kv[0])
    )
    parties = totals.parties_by_doubt()
    unmatched = [p for p in parties if p.match == "unmatched"]
    fuzzy = [p for p in parties if p.match == "fuzzy"]
    matched = [p for p in parties if p.match not in ("unmatched", "fuzzy")]
    years = totals.years()
    snippet = json.dumps({"entries": suggestions}, indent=2, ensure_ascii=False)
    return {
        # Our own assets, hashed into the CSP above: the exact text is what is allowed.
        "css": Markup(css),
        "script": Markup(script),
        "csp": csp,
        "totals": totals,
        "shown": summary.shown,
        "failures": summary.failures,
        "failure_codes": failure_codes,
        "unread": summary.unread,
        "manifest": manifest,
        "warning_codes": warning_codes,
        "statuses": statuses,
        "overview": overview_timeline(spans),
        "sectors_chart": stacked_bars(years, totals.lead_sectors, SECTORS),
        "sector_counts": totals.lead_sectors,
        "party_groups": [
            ("Unmatched", unmatched, True),
            ("Fuzzy matches", fuzzy, True),
            ("Matched", matched, len(matched) <= _OPEN_ROWS),
        ],
        "suggestions": suggestions,
        "snippet": snippet,
    }


def _suggestions(
    totals: Totals, files: Iterable[Path], vocabulary: Vocabulary | None
) -> list[dict[str, Any]]:
    """``vocab suggest``'s entries for the unmatched and fuzzy spellings of the batch.

    The documents are read a second time rather than kept, so memory does not grow with the
    batch (problems with them were recorded on the first read).
    """
    if not any(s.match in ("unmatched", "fuzzy") for s in totals.parties.values()):
        return []
    from ..normalise import suggest_entries

    return suggest_entries((loaded.document for loaded in iter_documents(files, [])), vocabulary)


def _head(view: DocumentView, start: int, end: int) -> DocumentHead:
    doc = view.doc
    search = " ".join((view.title, doc.source.path, doc.reference or "")).casefold()
    return DocumentHead(
        view.anchor,
        view.title,
        doc.source.filename,
        len(doc.items),
        len(doc.warnings),
        search,
        start,
        end,
    )


def _spooled(spool: IO[bytes], heads: list[DocumentHead]) -> Iterator[tuple[DocumentHead, Any]]:
    """Each document's head and its spooled body, markup escaped when it was rendered.

    The body can stand inside a ``<script type="text/html">`` as it is: everything written by
    a template is escaped, so it holds no ``</script`` and no ``<!--``, the only sequences that
    could end or confuse that element. A template change that broke this is caught here.
    """
    from markupsafe import Markup

    for head in heads:
        spool.seek(head.start)
        body = spool.read(head.end - head.start).decode("utf-8")
        lowered = body.lower()
        if "</script" in lowered or "<!--" in lowered:
            raise InternalError(f"document section {head.anchor} is not inert text")
        yield head, Markup(body)
