"""`paceit report --format html`: one self-contained file for screen and print.

Inline CSS and inline SVG charts (one per series: weekly pain, sleep, mood, and each
activity's quota); no script, no font, image or link fetched from anywhere. The
markup is well-formed XML (void elements closed, only the five XML entities). Every
chart has a title and the same numbers appear in a table or a line, so nothing
depends on seeing the chart or its colours.

Print (A4, at most two pages, also for a year): 9-9.5 pt type, compact tables and
four small charts to a row. Nothing asks a whole section to stay on one page (that
pushed a long section to page 2 and left a third of page 1 blank); instead a
heading stays with what follows it, and table rows, list items and charts are not
split. The closing notes stay with the content before them. A long period fits
because the report itself summarises it (4-week rows, steps back counted by cause;
see `report.py`), not because the type shrinks.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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
.charts{display:flex;flex-wrap:wrap;gap:.2em 1em;margin:.3em 0}.chart{font-size:9pt;width:165px}
svg text{font-size:10px;fill:#333}svg .line{fill:none;stroke:#1f5f8b;stroke-width:1.6}
svg .dot{fill:#1f5f8b}svg .axis{stroke:#999;stroke-width:.6}
footer{break-before:avoid;margin-top:.6em;color:#444}
@page{size:A4;margin:10mm 11mm}
@media print{body{font-size:9.5pt;line-height:1.25;margin:0;max-width:none;padding:0}h1{font-size:12pt}
h2{font-size:10pt;margin:.5em 0 .15em}table,.note,.health,footer{font-size:9pt}}
"""

W, H, PAD = 165, 62, 20


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def chart(
    title: str, labels: Sequence[str], values: Sequence[float | None], lo: float, hi: float, caption: str = ""
) -> str:
    """A small line chart as inline SVG, with `title` for screen readers and a short
    visible `caption`; missing weeks leave a gap."""
    span = (hi - lo) or 1.0
    step = (W - 2 * PAD) / max(len(values) - 1, 1)

    def y(v: float) -> float:
        return round(H - 14 - (v - lo) / span * (H - 24), 1)

    parts = [
        f'<svg role="img" width="{W}" height="{H}" viewBox="0 0 {W} {H}"><title>{_e(title)}</title>',
        f'<line class="axis" x1="{PAD}" y1="{H - 14}" x2="{W - 4}" y2="{H - 14}"/>',
        f'<text x="2" y="{y(hi) + 3}">{c.num(hi)}</text><text x="2" y="{y(lo) + 3}">{c.num(lo)}</text>',
    ]
    run: list[str] = []
    for i, v in enumerate([*values, None]):
        if v is not None:
            x = round(PAD + i * step, 1)
            run.append(f"{x},{y(v)}")
            parts.append(f'<circle class="dot" cx="{x}" cy="{y(v)}" r="1.8"/>')
        elif run:
            parts.append(f'<polyline class="line" points="{" ".join(run)}"/>')
            run = []
    if labels:
        parts.append(f'<text x="{PAD}" y="{H - 2}">{_e(labels[0])}</text>')
        parts.append(f'<text x="{W - 4}" y="{H - 2}" text-anchor="end">{_e(labels[-1])}</text>')
    parts.append("</svg>")
    return f'<div class="chart"><div>{_e(caption or title)}</div>{"".join(parts)}</div>'


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{_e(v)}</td>" for i, v in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def bullets(lines: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>" if lines else ""


def _charts(report: Report) -> str:
    weeks = report.pain.weekly
    labels = [f"{w.start:%d %b}" for w in weeks]
    parts = [
        chart("Weekly mean pain (0-10)", labels, [w.mean for w in weeks], 0, 10, "Pain, weekly mean"),
        chart("Weekly mean sleep (0-10, 10 = best)", labels, [w.sleep for w in weeks], 0, 10, "Sleep, weekly mean"),
        chart("Weekly mean mood (0-10, 10 = best)", labels, [w.mood for w in weeks], 0, 10, "Mood, weekly mean"),
    ]
    for a in report.activities:
        values = [t for _, t in a.weekly_quota]
        top = max([v for v in values if v is not None], default=1.0)
        week_labels = [f"{w:%d %b}" for w, _ in a.weekly_quota]
        title = f"{a.name}: quota at the end of each week ({a.unit})"
        parts.append(chart(title, week_labels, values, 0, top, f"{a.name} quota ({a.unit})"))
    return f'<div class="charts">{"".join(parts)}</div>'


def _pain(report: Report) -> str:
    rows = c.week_rows(report.pain.rows, report.pain.row_days)
    headers = [c.week_label(report), *c.WEEK_HEADERS]
    return (
        "<section><h2>Pain, sleep and mood (0-10; sleep and mood 10 = best)</h2>"
        + bullets(c.pain_lines(report))
        + _charts(report)
        + (table(headers, rows, (1, 2, 3, 4, 5, 6)) if rows else "")
        + "</section>"
    )


def _activities(report: Report) -> str:
    if not report.activities:
        body = "<p>No paced activities.</p>"
    else:
        body = table(c.ACTIVITY_HEADERS, [c.activity_row(a) for a in report.activities], (1, 2, 3, 5))
        body += f'<p class="note">{_e(c.ACTIVITY_NOTE)}</p>'
        for a in report.activities:
            if a.changes:
                body += f"<div><strong>{_e(a.name)}</strong>{bullets(c.change_lines(a, report.details_from))}</div>"
    load = "".join(f'<p class="note">{_e(line)}</p>' for line in c.load_lines(report))
    return f"<section><h2>Pacing</h2>{body}{load}</section>"


def _function(report: Report) -> str:
    if not report.tasks and not report.medicines:
        return _section("Functional tests and medicines", "<p>None logged in this period.</p>")
    body = ""
    if report.tasks:
        body += bullets([c.task_line(t) for t in report.tasks]) + f'<p class="note">{_e(c.TASK_NOTE)}</p>'
    if report.medicines:
        body += f"<p>{_e(c.medicine_line(report))}</p>"
    return _section("Functional tests and medicines", body)


def _ladder(report: Report) -> str:
    if not report.ladder:
        return "<section><h2>Exposure ladder</h2><p>No ladder steps.</p></section>"
    return (
        "<section><h2>Exposure ladder</h2>"
        f"<p>{_e(c.ladder_line(report))}</p>"
        + table(c.STEP_HEADERS, [c.step_row(s) for s in report.ladder], (1,))
        + f'<p class="note">{_e(c.STEP_NOTE)}</p>'
        + _trials(report)
        + "</section>"
    )


def _trials(report: Report) -> str:
    lines = c.trial_lines(report)
    if not lines:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return f"<p>{_e(c.trials_title(report))}</p><ul>{items}</ul>"


def _section(title: str, inner: str) -> str:
    return f"<section><h2>{_e(title)}</h2>{inner}</section>"


def render(report: Report) -> str:
    """Safety and the patient's own questions first, then any progress that matters: what a
    clinician needs in the first minute."""
    flares = f"<p>{_e(c.flare_summary(report))}</p>" + bullets([c.flare_line(f) for f in report.flares])
    red_flags = [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."]
    notes = [c.note_line(n) for n in report.notes] or ["None."]
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        '<meta name="robots" content="noindex"/>',
        f"<title>{_e(c.title(report))}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(c.title(report))}</h1><p>{_e(c.period_line(report))}</p>",
        f'<p class="health">{_e(report.health_data)}</p>',
        _section("Red flags", bullets(red_flags)),
        _section("For the appointment: notes from the patient", bullets(notes)),
        _section(c.PROGRESS_TITLE, bullets(report.progress)) if report.progress else "",
        _pain(report),
        _activities(report),
        _section("Flares", flares),
        _function(report),
        _ladder(report),
        _section("Goals", bullets([c.goal_line(g) for g in report.goals] or ["No goals set."])),
        _section("Questionnaires", bullets(c.all_measure_lines(report))),
        f"<footer>{'<br/>'.join(_e(x) for x in report.caveats)}</footer>",
        "</body></html>\n",
    ]
    return "\n".join(parts)
