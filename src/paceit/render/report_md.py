"""`paceit report --format md`: Markdown that reads well as plain text and on a forge.

Pipe tables with aligned columns (readable without rendering), `-` lists, and every
cell escaped so a note holding `|` or `*` cannot break the layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from paceit.render import report_common as c
from paceit.report import Report
from paceit.trends import sparkline

_SPECIAL = "\\`*_[]<|"


def escape(text: str) -> str:
    cleaned = " ".join(str(text).split())
    return "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in cleaned)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> list[str]:
    cells = [[escape(h) for h in headers], *[[escape(v) for v in row] for row in rows]]
    widths = [max(3, *(len(r[i]) for r in cells)) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        padded = [v.rjust(w) if i in numeric else v.ljust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * (w - 1) + ":" if i in numeric else "-" * w for i, w in enumerate(widths)]
    return [line(cells[0]), "| " + " | ".join(rule) + " |", *(line(r) for r in cells[1:]), ""]


def bullets(lines: Sequence[str]) -> list[str]:
    return [f"- {escape(line)}" for line in lines] + [""]


def _pain(report: Report) -> list[str]:
    weeks = report.pain.weekly
    out = ["## Pain, sleep and mood", "", "0-10; sleep and mood: 10 = best.", "", *bullets(c.pain_lines(report))]
    rows = c.week_rows(weeks)
    if rows:
        out += table(["week of", "pain", "range", "entries", "sleep", "mood", "fatigue"], rows, (1, 3, 4, 5, 6))
        out += [f"Weekly pain: `{sparkline([w.mean for w in weeks], 0, 10)}` (0-10)", ""]
    return out


def _activities(report: Report) -> list[str]:
    out = ["## Pacing", "", "Quota of each activity; days done = planned days at 80 % of the quota or more.", ""]
    if not report.activities:
        return [*out, "No paced activities.", ""]
    out += table(c.ACTIVITY_HEADERS, [c.activity_row(a) for a in report.activities], (1, 2, 3, 5))
    for a in report.activities:
        if a.changes:
            out += [f"**{escape(a.name)}**, changes in this period:", "", *bullets(c.change_lines(a))]
    return out


def _ladder(report: Report) -> list[str]:
    out = ["## Exposure ladder", ""]
    if not report.ladder:
        return [*out, "No ladder steps.", ""]
    mastered = sum(1 for s in report.ladder if s.status == "mastered")
    trials = sum(s.trials_in_period for s in report.ladder)
    out += [f"{mastered} of {len(report.ladder)} steps mastered; {trials} trials in this period.", ""]
    out += table(c.STEP_HEADERS, [c.step_row(s) for s in report.ladder], (1,))
    out += ["Trials: all (in this period). Pain: mean expected vs felt. Feared outcome: happened in.", ""]
    return out


def render(report: Report) -> str:
    """Safety and the patient's own questions first: what a clinician needs in the first minute."""
    red_flags = [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."]
    lines = [f"# {escape(c.title(report))}", "", f"> {escape(report.health_data)}", ""]
    lines += ["## Red flags", "", *bullets(red_flags)]
    lines += ["## For the appointment: notes from the patient", ""]
    lines += bullets([c.note_line(n) for n in report.notes] or ["None."])
    lines += _pain(report)
    lines += _activities(report)
    flares = [c.flare_line(f) for f in report.flares]
    lines += ["## Flares", "", escape(c.flare_summary(report.flares)), "", *bullets(flares)]
    lines += _ladder(report)
    lines += ["## Goals", "", *bullets([c.goal_line(g) for g in report.goals] or ["No goals set."])]
    lines += ["## Questionnaires", "", *bullets([line for t in report.measures for line in c.measure_lines(t)])]
    lines += [escape(line) + "  " for line in report.caveats]
    return "\n".join(lines).rstrip() + "\n"
