"""`paceit report --format html`: one self-contained file for screen and print.

The blocks of `report_blocks` (the same as the PDF's, in the same order), with inline
CSS and inline SVG charts (daily pain, weekly sleep and mood, and each activity's
daily quota and amounts done, step backs and flare days marked); no script, no font,
image or link fetched from anywhere. The
markup is well-formed XML (void elements closed, only the five XML entities). Every
chart has a title and the same numbers appear in a table or a line, so nothing
depends on seeing the chart or its colours.

Print (A4; 12 weeks on at most two pages, a year on at most three): 9-9.5 pt type,
compact tables, four small charts to a row, and "page N of M" in the bottom margin
(CSS `@page` margin boxes). Nothing asks a whole section to stay on one page (that
pushed a long section to page 2 and left a third of page 1 blank); instead a
heading stays with what follows it, and table rows, list items and charts are not
split. The closing notes stay with the content before them. A long period fits
because the report itself summarises it (4-week rows, steps back counted by cause;
see `report.py`), not because the type shrinks.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from paceit.render import report_blocks as b
from paceit.render import report_common as c
from paceit.report import Report

CSS = """
body{font:10pt/1.35 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;max-width:60em;
margin:1.5em auto;padding:0 1em}
h1{font-size:14pt;margin:0 0 .1em}h2{font-size:11pt;margin:.8em 0 .25em;border-bottom:1px solid #bbb;
break-after:avoid}
p{margin:.2em 0}.note{color:#444}.health{border:1px solid #999;padding:.2em .5em}
table{border-collapse:collapse;margin:.2em 0}th,td{padding:0 .6em 0 0;text-align:left;vertical-align:top}
th{border-bottom:1px solid #888;font-weight:600}td.n,th.n{text-align:right}
tr,li,.chart{break-inside:avoid}
ul{margin:.15em 0;padding-left:1.2em}li{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:.2em 1em;margin:.3em 0}
.side{display:flex;flex-wrap:wrap;gap:0 1.2em;align-items:flex-start}.side td{white-space:nowrap}
.side .charts{flex:0 1 360px;gap:.2em .6em}
.chart{font-size:9pt;width:170px}
svg text{font-size:10px;fill:#333}svg .line{fill:none;stroke:#1f5f8b;stroke-width:1.6}
svg .dot{fill:#c25400}svg .axis{stroke:#999;stroke-width:.6}svg .mark{fill:#b00020}
svg .flare{fill:#ddd}
footer{break-before:avoid;margin-top:.6em;color:#444}
@page{size:A4;margin:9mm 10mm 11mm;@bottom-right{content:"page " counter(page) " of " counter(pages);
font:8pt system-ui,sans-serif;color:#444}}
@media print{body{font-size:9pt;line-height:1.15;margin:0;max-width:none;padding:0}h1{font-size:12pt}
.side{flex-wrap:nowrap}
h2{font-size:10pt;margin:.4em 0 .1em}table,.note,.health,footer{font-size:9pt}}
"""

W, H, PAD = 170, 64, 20
TOP, BOTTOM = 4, 14  # room above the plot, and below it for the dates


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def chart(ch: b.Chart) -> str:
    """A small daily chart as inline SVG, with its `title` for screen readers and a short
    visible caption; days without a value leave a gap."""
    span = (ch.hi - ch.lo) or 1.0
    count = max(len(ch.line), len(ch.dots), 1)
    step = (W - PAD - 4) / max(count - 1, 1)

    def x(i: int) -> float:
        return round(PAD + i * step, 1)

    def y(v: float) -> float:
        return round(H - BOTTOM - (v - ch.lo) / span * (H - BOTTOM - TOP), 1)

    parts = [f'<svg role="img" width="{W}" height="{H}" viewBox="0 0 {W} {H}"><title>{_e(ch.title)}</title>']
    for i in ch.shaded:
        parts.append(
            f'<rect class="flare" x="{round(x(i) - step / 2, 1)}" y="{TOP}" width="{round(max(step, 1), 1)}" '
            f'height="{H - BOTTOM - TOP}"/>'
        )
    parts += [
        f'<line class="axis" x1="{PAD}" y1="{H - BOTTOM}" x2="{W - 4}" y2="{H - BOTTOM}"/>',
        f'<text x="2" y="{y(ch.hi) + 3}">{c.num(ch.hi)}</text><text x="2" y="{y(ch.lo) + 3}">{c.num(ch.lo)}</text>',
    ]
    for run in _runs(ch.line):
        points: list[str] = []
        for i, v in run:
            if ch.steps and points:
                points.append(f"{x(i)},{points[-1].split(',')[1]}")
            points.append(f"{x(i)},{y(v)}")
        if ch.steps:
            last = run[-1][0]
            points.append(f"{round(x(last) + step, 1) if last < count - 1 else x(last)},{y(run[-1][1])}")
        parts.append(f'<polyline class="line" points="{" ".join(points)}"/>')
    for i, done in enumerate(ch.dots):
        if done is not None:
            parts.append(f'<circle class="dot" cx="{x(i)}" cy="{y(min(done, ch.hi))}" r="1.5"/>')
    for i in ch.marks:
        tip = H - BOTTOM - 1
        parts.append(f'<path class="mark" d="M{x(i) - 3},{tip - 6} L{x(i) + 3},{tip - 6} L{x(i)},{tip} Z"/>')
    parts.append(f'<text x="{PAD}" y="{H - 2}">{_e(f"{ch.first:%d %b}")}</text>')
    parts.append(f'<text x="{W - 4}" y="{H - 2}" text-anchor="end">{_e(f"{ch.last:%d %b}")}</text>')
    parts.append("</svg>")
    return f'<div class="chart"><div>{_e(ch.caption)}</div>{"".join(parts)}</div>'


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Consecutive known values, each run drawn as one line."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for i, v in enumerate([*values, None]):
        if v is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((i, v))
    return runs


def table(t: b.Table) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i in t.numeric else ""

    head = "".join(f"<th{cls(i)}>{_e(h)}</th>" for i, h in enumerate(t.headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{_e(v)}</td>" for i, v in enumerate(r)) + "</tr>" for r in t.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def bullets(lines: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>" if lines else ""


def block(item: b.Block) -> str:
    if isinstance(item, b.Para):
        if item.note:
            return f'<p class="note">{_e(item.text)}</p>'
        if item.lead:
            return f"<p><strong>{_e(item.text[: item.lead])}</strong>{_e(item.text[item.lead :])}</p>"
        return f"<p>{_e(item.text)}</p>"
    if isinstance(item, b.Bullets):
        return bullets(item.lines)
    if isinstance(item, b.Table):
        return table(item)
    if isinstance(item, b.Side):
        return f'<div class="side">{table(item.table)}{block(item.charts)}</div>'
    legend = f'<p class="note">{_e(item.legend)}</p>' if item.legend else ""
    return f'<div class="charts">{"".join(chart(ch) for ch in item.charts)}</div>{legend}'


def render(report: Report) -> str:
    """The blocks of `report_blocks.document`, in their order (the same as the PDF's)."""
    doc = b.document(report)
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        '<meta name="robots" content="noindex"/>',
        f"<title>{_e(doc.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(doc.title)}</h1>",
        *(f"<p>{_e(line)}</p>" for line in doc.header),
        f'<p class="health">{_e(doc.health_data)}</p>',
        *(
            f"<section><h2>{_e(sec.title)}</h2>{''.join(block(item) for item in sec.blocks)}</section>"
            for sec in doc.sections
        ),
        f"<footer>{'<br/>'.join(_e(x) for x in doc.footnotes)}</footer>",
        "</body></html>\n",
    ]
    return "\n".join(parts)
