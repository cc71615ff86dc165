"""The report's formats, one typed table: name -> how to render it.

`paceit report` looks its format up here rather than importing a module whose name it
builds from the user's input; each renderer module is still imported only when its
format is asked for (the PDF library, reportlab, costs ~55 ms and loads on that path alone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Literal

from paceit.recordtype import record

if TYPE_CHECKING:
    from paceit.report import Report

Paper = Literal["a4", "letter"]


@record
class RenderOptions:
    width: int = 80  # the text report's width in columns
    paper: Paper = "a4"  # the PDF's paper size


@record
class ReportFormat:
    name: str
    binary: bool  # bytes (written as they are), else text
    render: Callable[[Report, RenderOptions], str | bytes]


def _text(report: Report, options: RenderOptions) -> str:
    from paceit.render import report_text

    return report_text.render(report, width=options.width)


def _md(report: Report, options: RenderOptions) -> str:
    from paceit.render import report_md

    return report_md.render(report)


def _html(report: Report, options: RenderOptions) -> str:
    from paceit.render import report_html

    return report_html.render(report)


def _json(report: Report, options: RenderOptions) -> str:
    from paceit.render import report_json

    return report_json.render(report)


def _fhir(report: Report, options: RenderOptions) -> str:
    from paceit.render import report_fhir

    return report_fhir.render(report)


def _pdf(report: Report, options: RenderOptions) -> bytes:
    from paceit.render import report_pdf

    return report_pdf.render(report, paper=options.paper)


FORMATS: Mapping[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("text", False, _text),
        ReportFormat("md", False, _md),
        ReportFormat("html", False, _html),
        ReportFormat("json", False, _json),
        ReportFormat("fhir", False, _fhir),
        ReportFormat("pdf", True, _pdf),
    )
}
PAPERS: tuple[Paper, ...] = ("a4", "letter")
