"""`paceit report --format html`: one self-contained file for screen and print.

Inline CSS and inline SVG charts (one per series: weekly pain, sleep, mood, and each
activity's quota); no script, no font, image or link fetched from anywhere. The
markup is well-formed XML (void elements closed, only the five XML entities), and
the print CSS (A4, small margins, compact type) keeps a six-week report on at most
two pages. Every chart has a title and the same numbers appear in a table, so
nothing depends on seeing the chart or its colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from paceit.render import report_common as c
from paceit.report import Report

CSS = """
body{font:10pt/1.35 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;max-width:60em;
margin:1.5em auto;padding:0 1em}
h1{font-size:15pt;margin:0 0 .2em}h2{font-size:11.5pt;margin:.9em 0 .3em;border-bottom:1px solid #bbb}
.note{font-size:8.5pt;color:#444}.health{border:1px solid #999;padding:.3em .5em;font-size:8.5pt}
table{border-collapse:collapse;font-size:9pt;margin:.3em 0}th,td{padding:.1em .5em;text-align:left;
vertical-align:top}th{border-bottom:1px solid #888}td.n,th.n{text-align:right}
ul{margin:.2em 0;padding-left:1.2em}li{margin:.05em 0}
.charts{display:flex;flex-wrap:wrap;gap:.4em 1em}.chart{font-size:8pt}
svg text{font-size:9px;fill:#333}svg .line{fill:none;stroke:#1f5f8b;stroke-width:1.6}
svg .dot{fill:#1f5f8b}svg .axis{stroke:#999;stroke-width:.6}
@page{size:A4;margin:11mm 12mm}
@media print{body{font-size:8.6pt;margin:0;max-width:none;padding:0}h1{font-size:12.5pt}
h2{font-size:9.8pt;margin:.55em 0 .2em}table{font-size:7.8pt}.note,.health{font-size:7.4pt}
section{break-inside:avoid}}
"""

W, H, PAD = 250, 74, 22


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def chart(title: str, labels: Sequence[str], values: Sequence[float | None], lo: float, hi: float) -> str:
    """A small line chart as inline SVG; missing weeks leave a gap."""
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
    return f'<div class="chart"><div>{_e(title)}</div>{"".join(parts)}</div>'


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
        chart("Weekly mean pain (0-10)", labels, [w.mean for w in weeks], 0, 10),
        chart("Weekly mean sleep (0-10, 10 = best)", labels, [w.sleep for w in weeks], 0, 10),
        chart("Weekly mean mood (0-10, 10 = best)", labels, [w.mood for w in weeks], 0, 10),
    ]
    for a in report.activities:
        values = [t for _, t in a.weekly_quota]
        top = max([v for v in values if v is not None], default=1.0)
        week_labels = [f"{w:%d %b}" for w, _ in a.weekly_quota]
        parts.append(chart(f"{a.name}: quota at the end of each week ({a.unit})", week_labels, values, 0, top))
    return f'<div class="charts">{"".join(parts)}</div>'


def _pain(report: Report) -> str:
    rows = c.week_rows(report.pain.weekly)
    headers = ["week of", "pain", "range", "entries", "sleep", "mood", "fatigue"]
    return (
        "<section><h2>Pain, sleep and mood</h2>"
        + bullets(c.pain_lines(report))
        + _charts(report)
        + (table(headers, rows, (1, 3, 4, 5, 6)) if rows else "")
        + "</section>"
    )


def _activities(report: Report) -> str:
    if not report.activities:
        return "<section><h2>Pacing</h2><p>No paced activities.</p></section>"
    body = table(c.ACTIVITY_HEADERS, [c.activity_row(a) for a in report.activities], (1, 2, 3, 5))
    for a in report.activities:
        if a.changes:
            body += f"<div><strong>{_e(a.name)}</strong>{bullets(c.change_lines(a))}</div>"
    note = '<p class="note">Days done: planned days at 80 % of the quota or more.</p>'
    return f"<section><h2>Pacing</h2>{body}{note}</section>"


def _ladder(report: Report) -> str:
    if not report.ladder:
        return "<section><h2>Exposure ladder</h2><p>No ladder steps.</p></section>"
    mastered = sum(1 for s in report.ladder if s.status == "mastered")
    trials = sum(s.trials_in_period for s in report.ladder)
    return (
        "<section><h2>Exposure ladder</h2>"
        f"<p>{mastered} of {len(report.ladder)} steps mastered; {trials} trials in this period.</p>"
        + table(c.STEP_HEADERS, [c.step_row(s) for s in report.ladder], (1,))
        + '<p class="note">Trials: all (in this period). Pain: mean expected vs felt. '
        "Feared outcome: happened in.</p></section>"
    )


def _section(title: str, inner: str) -> str:
    return f"<section><h2>{_e(title)}</h2>{inner}</section>"


def render(report: Report) -> str:
    """Safety and the patient's own questions first: what a clinician needs in the first minute."""
    flares = f"<p>{_e(c.flare_summary(report.flares))}</p>" + bullets([c.flare_line(f) for f in report.flares])
    red_flags = [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."]
    notes = [c.note_line(n) for n in report.notes] or ["None."]
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        '<meta name="robots" content="noindex"/>',
        f"<title>{_e(c.title(report))}</title><style>{CSS}</style></head><body>",
        f'<h1>{_e(c.title(report))}</h1><p class="health">{_e(report.health_data)}</p>',
        _section("Red flags", bullets(red_flags)),
        _section("For the appointment: notes from the patient", bullets(notes)),
        _pain(report),
        _activities(report),
        _section("Flares", flares),
        _ladder(report),
        _section("Goals", bullets([c.goal_line(g) for g in report.goals] or ["No goals set."])),
        _section("Questionnaires", bullets([line for t in report.measures for line in c.measure_lines(t)])),
        f'<p class="note">{"<br/>".join(_e(x) for x in report.caveats)}</p>',
        "</body></html>\n",
    ]
    return "\n".join(parts)
