"""`paceit report --format pdf`: the printed report as a PDF written by paceit itself.

Why a PDF: it is what people who share pain diaries are asked for ("doctors can't open
other file types"), and it prints the same everywhere, where HTML depends on the
browser. Same blocks, in the same order, as the HTML report (`report_blocks`).

How (reportlab, imported here only, so no other command pays for it):
- Text is real text in Bitstream Vera Sans, the TrueType font reportlab ships, embedded
  (as a subset) in the file: selectable, searchable, the same on every reader. A
  character the font lacks is written as its nearest plain form ("→" as "->", "ő" as
  "o"), never as an empty box; the few such characters are named in `FALLBACK`.
- Charts are vector drawings (lines, dots, triangles, grey bands), sharp at any zoom.
- A4 by default, US Letter with `--paper letter`; margins 12 mm at the sides and 10 mm
  at the top and bottom; every page ends with
  whose report it is, the period, and "page N of M" (two passes over the pages, the
  usual reportlab way: the total is known only once the last page is laid out).
- Type 8.5 pt (notes 7.5 pt), tables compact, four charts to a row: 12 weeks fit on two
  A4 pages and a year on three (tested on the demo, from the PDF itself), because the
  report summarises a long period, not because the type shrinks.
- The document info says what the file holds: its title, and as subject the sentence
  every paceit report carries (personal health data, keep it private). The person's
  name is on the page only when `report.name` is set, never in the file's metadata.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.graphics.shapes import Circle as Dot
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from paceit.render import report_blocks as b
from paceit.report import Report

PAPERS = {"a4": A4, "letter": LETTER}
MARGIN = 12 * mm  # left and right
EDGE = 10 * mm  # top and bottom; the footer sits in the bottom one
FONT, BOLD = "PaceitSans", "PaceitSans-Bold"
FALLBACK = {"→": "->", "←": "<-", "▼": "v", "▲": "^", "≈": "~", "\u2212": "-"}
BLUE, ORANGE, RED, GREY = (
    colors.HexColor("#1f5f8b"),
    colors.HexColor("#c25400"),
    colors.HexColor("#b00020"),
    colors.HexColor("#dddddd"),
)
CHART_W, CHART_H, PAD, BOTTOM, TOP = 128.0, 56.0, 16.0, 11.0, 3.0


def _fonts() -> set[int]:
    """Register Vera (regular and bold) once; the code points it can draw."""
    folder = Path(reportlab.__file__).parent / "fonts"
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        # Drawings start from Helvetica, which is never embedded: start them from Vera too
        # (reportlab's own defaults for this process, which renders one report and exits).
        STATE_DEFAULTS["fontName"] = FONT
    font: Any = pdfmetrics.getFont(FONT)  # a TTFont: its face maps the code points it draws
    return set(font.face.charToGlyph)


def plain(text: str, known: set[int]) -> str:
    """`text` with every character the font cannot draw replaced by its nearest plain form."""
    out = []
    for ch in text:
        if ord(ch) in known or ch in "\n":
            out.append(ch)
            continue
        base = "".join(x for x in unicodedata.normalize("NFKD", ch) if ord(x) in known and not unicodedata.combining(x))
        out.append(FALLBACK.get(ch) or base or "?")
    return "".join(out)


class _Styles:
    def __init__(self) -> None:
        self.body = ParagraphStyle(
            "body", fontName=FONT, fontSize=8.5, leading=10.1, spaceAfter=1.2, bulletFontName=FONT
        )
        self.note = ParagraphStyle(
            "note", parent=self.body, fontSize=7.5, leading=9, textColor=colors.HexColor("#444444")
        )
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=9, bulletIndent=1, spaceAfter=0.8)
        self.h1 = ParagraphStyle("h1", parent=self.body, fontName=BOLD, fontSize=13, leading=16, spaceAfter=2)
        self.h2 = ParagraphStyle(
            "h2", parent=self.body, fontName=BOLD, fontSize=10, leading=12, spaceBefore=5, spaceAfter=2,
            keepWithNext=1,
        )  # fmt: skip
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=8, leading=9.4, spaceAfter=0)
        self.box = ParagraphStyle(
            "box", parent=self.note, borderColor=colors.HexColor("#999999"), borderWidth=0.5, borderPadding=3,
            spaceBefore=3, spaceAfter=6,
        )  # fmt: skip


class _Writer:
    """Blocks -> reportlab flowables, every text made safe for the font and for reportlab's markup."""

    def __init__(self, width: float) -> None:
        self.known = _fonts()
        self.styles = _Styles()
        self.width = width

    def text(self, value: str) -> str:
        return escape(plain(value, self.known))

    def para(self, value: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(self.text(value), style)

    def block(self, item: b.Block) -> list[Flowable]:
        s = self.styles
        if isinstance(item, b.Para):
            if item.lead and not item.note:
                head, rest = self.text(item.text[: item.lead]), self.text(item.text[item.lead :])
                return [Paragraph(f"<b>{head}</b>{rest}", s.body)]
            return [self.para(item.text, s.note if item.note else s.body)]
        if isinstance(item, b.Bullets):
            return [Paragraph(self.text(line), s.bullet, bulletText="•") for line in item.lines]
        if isinstance(item, b.Table):
            return [self.table(item)]
        if isinstance(item, b.Side):
            return [self.side(item)]
        found: list[Flowable] = [self.charts(item.charts)]
        if item.legend:
            found.append(self.para(item.legend, s.note))
        return found

    def table(self, t: b.Table) -> Table:
        cell = self.styles.cell
        right = ParagraphStyle("right", parent=cell, alignment=2)
        head = ParagraphStyle("head", parent=cell, fontName=BOLD)
        head_right = ParagraphStyle("head-right", parent=head, alignment=2)
        rows = [[Paragraph(self.text(h), head_right if i in t.numeric else head) for i, h in enumerate(t.headers)]]
        rows += [[Paragraph(self.text(v), right if i in t.numeric else cell) for i, v in enumerate(r)] for r in t.rows]
        widths = self._widths(t)
        table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#888888")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 0.4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.4),
                ]
            )
        )
        return table

    def _widths(self, t: b.Table) -> list[float]:
        """Each column as wide as its longest cell (plus padding); the widest text column
        (`t.wide`) gives way when the table is wider than the page."""
        size = self.styles.cell.fontSize

        def longest(i: int) -> float:
            cells = [t.headers[i], *(r[i] for r in t.rows)]
            return max(
                pdfmetrics.stringWidth(plain(v, self.known), BOLD if v is t.headers[i] else FONT, size) for v in cells
            )

        widths = [longest(i) + 7 for i in range(len(t.headers))]
        spare = self.width - sum(widths)
        if spare < 0:
            widths[t.wide] = max(60.0, widths[t.wide] + spare)
        return widths

    def side(self, item: b.Side) -> Table:
        """The table, and its charts two to a row beside it; stacked when they do not fit."""
        left = self.table(item.table)
        used = sum(self._widths(item.table)) + 8
        room = (self.width - used) / 2 - 6
        if room < CHART_W * 0.75:
            return Table(
                [[left], [self.charts(item.charts.charts)]],
                hAlign="LEFT",
                style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
            )
        right = self.charts(item.charts.charts, per_row=2, width=min(room, CHART_W))
        table = Table([[left, right]], colWidths=[used, self.width - used], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def charts(self, charts: Sequence[b.Chart], per_row: int = 0, width: float = CHART_W) -> Table:
        per_row = per_row or max(1, int(self.width // (width + 6)))
        drawings: list[Any] = [chart_drawing(ch, lambda v: plain(v, self.known), width) for ch in charts]
        rows = [drawings[i : i + per_row] for i in range(0, len(drawings), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        table = Table(rows, colWidths=[width + 6] * per_row, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table


def chart_drawing(ch: b.Chart, clean: Any = str, width: float = CHART_W) -> Drawing:
    """One small vector chart: caption above, quota or mean as a line, amounts as dots,
    step backs as red triangles, flare days as grey bands, first and last day below."""
    d = Drawing(width, CHART_H + 10)
    span = (ch.hi - ch.lo) or 1.0
    count = max(len(ch.line), len(ch.dots), 1)
    step = (width - PAD - 3) / max(count - 1, 1)

    def x(i: int) -> float:
        return PAD + i * step

    def y(v: float) -> float:
        return BOTTOM + (min(v, ch.hi) - ch.lo) / span * (CHART_H - BOTTOM - TOP)

    d.add(String(0, CHART_H + 2, clean(ch.caption), fontName=FONT, fontSize=7))
    for i in ch.shaded:
        band: Any = Rect(x(i) - step / 2, BOTTOM, max(step, 0.8), CHART_H - BOTTOM - TOP)
        band.fillColor, band.strokeColor = GREY, None
        d.add(band)
    d.add(Line(PAD, BOTTOM, width - 3, BOTTOM, strokeColor=colors.HexColor("#999999"), strokeWidth=0.5))
    for value in (ch.lo, ch.hi):
        d.add(
            String(1, y(value) - 2, f"{value:g}" if value != int(value) else str(int(value)), fontName=FONT, fontSize=6)
        )
    run: list[float] = []
    for i, v in enumerate([*ch.line, None]):
        if v is None:
            if len(run) >= 4 or (run and not ch.steps):
                d.add(PolyLine(run, strokeColor=BLUE, strokeWidth=1.1))
            run = []
            continue
        if ch.steps and run:
            run += [x(i), run[-1]]
        run += [x(i), y(v)]
    for i, v in enumerate(ch.dots):
        if v is not None:
            d.add(Dot(x(i), y(v), 1.1, fillColor=ORANGE, strokeColor=None))
    for i in ch.marks:
        d.add(
            Polygon([x(i) - 2.6, BOTTOM + 6, x(i) + 2.6, BOTTOM + 6, x(i), BOTTOM + 1], fillColor=RED, strokeColor=None)
        )
    d.add(String(PAD, 2, f"{ch.first:%d %b}", fontName=FONT, fontSize=6))
    d.add(String(width - 3, 2, f"{ch.last:%d %b}", fontName=FONT, fontSize=6, textAnchor="end"))
    return d


def _numbered(footer: str, known: set[int]) -> type[Canvas]:
    """A canvas that writes `footer` and "page N of M" on every page once M is known."""

    class Numbered(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = FONT  # no unembedded Helvetica in the file
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own, not in its stubs

        def save(self) -> None:
            total = len(self._saved)
            for number, state in enumerate(self._saved, 1):
                self.__dict__.update(state)
                width = self._pagesize[0]  # type: ignore[attr-defined]
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#444444"))
                self.drawString(MARGIN, EDGE / 2, plain(footer, known))
                self.drawRightString(width - MARGIN, EDGE / 2, f"page {number} of {total}")
                super().showPage()
            super().save()

    return Numbered


def render(report: Report, paper: str = "a4") -> bytes:
    doc = b.document(report)
    size = PAPERS[paper]
    buffer = io.BytesIO()
    frame_width = size[0] - 2 * MARGIN
    writer = _Writer(frame_width)
    s = writer.styles
    template = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=EDGE,
        bottomMargin=EDGE,
        title=plain(doc.title, writer.known),
        subject=plain(doc.health_data, writer.known),
        creator=f"paceit {report.version}".strip(),
        author="",
        pageCompression=1,
    )
    frame = Frame(
        MARGIN, EDGE, frame_width, size[1] - 2 * EDGE, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story: list[Flowable] = [writer.para(doc.title, s.h1)]
    story += [writer.para(line, s.body) for line in doc.header]
    story.append(writer.para(doc.health_data, s.box))
    for section in doc.sections:
        story.append(writer.para(section.title, s.h2))
        for item in section.blocks:
            story += writer.block(item)
    story.append(Spacer(1, 4))
    story += [writer.para(line, s.note) for line in doc.footnotes]
    who = f"{report.name}, " if report.name else ""
    footer = f"paceit report: {who}{report.start} to {report.end}"
    template.build(story, canvasmaker=_numbered(footer, writer.known))
    return buffer.getvalue()
