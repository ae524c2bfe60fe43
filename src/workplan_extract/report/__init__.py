"""The review report: one self-contained HTML page to check a batch's results with.

>>> from workplan_extract.report import write_report  # doctest: +SKIP
>>> write_report(["results/"], "report.html", max_documents=1000).shown  # doctest: +SKIP
6

Needs Jinja2 (``pip install 'workplan-extract[report]'``); without it ``write_report`` raises a
``UsageError`` saying so. Modules: ``load`` (reading a batch's outputs), ``aggregate``
(counts across the batch), ``view`` (one document as shown), ``charts`` (SVG geometry),
``render`` (templates, the page), ``templates/`` (Jinja2 templates, CSS and the little script).
"""

from __future__ import annotations

from .render import INSTALL, ReportSummary, write_report

__all__ = ["INSTALL", "ReportSummary", "write_report"]
