"""`paceit report --format md`: Markdown that reads well as plain text and on a forge.

Pipe tables with aligned columns (readable without rendering), `-` lists, and every
cell escaped so a note holding `|` or `*` cannot break the layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from paceit.render import report_activity_words as aw
from paceit.render import report_common as c
from paceit.render.report_strategy import function_heading, strategy_line
from paceit.report import Report
from paceit.trends import sparkline

_SPECIAL = "\\`*_[]<>|&~"
# What opens a block at the start of a line or of a list item: a heading (#), a list (-, +,
# 1. or 1)), a setext underline (=) or a rule (---). A person's text leads many lines (a
# goal "# Walk to the park" made `- # Walk...`, a heading inside the list).
_BLOCK_START = re.compile(r"[#+=-]|\d{1,9}(?=[.)])")


def _inline(text: str) -> str:
    """One line, with every character that means something inline escaped."""
    cleaned = " ".join(str(text).split())
    return "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in cleaned)


def escape(text: str) -> str:
    """Text for a line or a list item: as `_inline`, and nothing at its start that opens a
    block, so what the person typed is what the reader sees."""
    line = _inline(text)
    found = _BLOCK_START.match(line)
    if found is None:
        return line
    end = found.end()
    return line[:end] + "\\" + line[end:] if found.group().isdigit() else "\\" + line


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> list[str]:
    cells = [[_inline(h) for h in headers], *[[_inline(v) for v in row] for row in rows]]
    widths = [max(3, *(len(r[i]) for r in cells)) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        padded = [v.rjust(w) if i in numeric else v.ljust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * (w - 1) + ":" if i in numeric else "-" * w for i, w in enumerate(widths)]
    return [line(cells[0]), "| " + " | ".join(rule) + " |", *(line(r) for r in cells[1:]), ""]


def bullets(lines: Sequence[str]) -> list[str]:
    return [f"- {escape(line)}" for line in lines] + [""]


def _pain(report: Report) -> list[str]:
    rows = report.pain.rows
    out = ["## Pain, sleep and mood", "", "0-10; sleep and mood: 10 = best.", ""]
    out += bullets(c.pain_lines(report) + c.site_lines(report))
    if rows:
        out += table(
            [c.week_label(report), *c.WEEK_HEADERS], c.week_rows(rows, report.pain.row_days), (1, 2, 3, 4, 5, 6)
        )
        out += [f"Pain: `{sparkline([w.mean for w in rows], 0, 10)}` (0-10, one mark a row)", ""]
        out += [escape(c.WEEK_CONVENTION), ""]
    return out


def _activities(report: Report) -> list[str]:
    out = ["## Pacing", "", "Each activity's quota, and the days it was done.", ""]
    if not report.activities:
        out += ["No paced activities.", ""]
    else:
        out += table(aw.ACTIVITY_HEADERS, [aw.activity_row(a) for a in report.activities], (1, 2, 3, 5))
        out += [escape(aw.ACTIVITY_NOTE), ""]
        for a in report.activities:
            if a.changes or aw.session_line(report, a):
                heading = aw.activity_heading(report, a)
                out += [f"**{_inline(a.name)}**{_inline(heading[len(a.name) :])}", ""]
                out += bullets(aw.change_lines(a, report.details_from))
    return out


def _function(report: Report) -> list[str]:
    out = [f"## {function_heading(report)}", ""]
    if not report.tasks and not report.medicines and not report.strategies:
        return [*out, "None logged in this period.", ""]
    if report.tasks:
        out += [*bullets([c.task_line(t) for t in report.tasks]), escape(c.TASK_NOTE), ""]
    if report.medicines:
        out += [escape(c.medicine_line(report)), ""]
    if report.strategies:
        out += [escape(strategy_line(report)), ""]
    return out


def _ladder(report: Report) -> list[str]:
    out = ["## Exposure ladder", ""]
    if not report.ladder:
        return [*out, "No ladder steps.", ""]
    out += [escape(c.ladder_line(report)), ""]
    out += table(c.STEP_HEADERS, [c.step_row(s) for s in report.ladder], (1,))
    out += [escape(c.STEP_NOTE), ""]
    details = c.step_detail_lines(report)
    return out + (bullets(details) if details else [])


def _flares(report: Report) -> list[str]:
    out = ["## Flares", "", escape(c.flare_summary(report)), ""]
    out += bullets([" ".join([c.flare_line(f), *c.flare_note_lines(report, f)]) for f in report.flares])
    trigger = c.trigger_line(report)
    return out + ([escape(trigger), ""] if trigger else [])


def _simple(title: str, lines: Sequence[str]) -> list[str]:
    return [f"## {escape(title)}", "", *bullets(lines)]


def render(report: Report) -> str:
    """Safety and the patient's own questions first, then any progress that matters: what a
    clinician needs in the first minute. The sections asked for (`--sections`), red flags always."""
    red_flags = [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."]
    head = [line for line in (c.header_line(report), c.period_line(report), c.sections_line(report)) if line]
    lines = [f"# {escape(c.title(report))}", ""]
    for line in head:
        lines += [escape(line), ""]
    lines += [f"> {escape(report.health_data)}", ""]
    lines += ["## Red flags", "", *bullets(red_flags)]
    built: dict[str, Callable[[], list[str]]] = {
        "notes": lambda: _simple(
            "For the appointment: notes from the patient", [c.note_line(n) for n in report.notes] or ["None."]
        ),
        "progress": lambda: _simple(c.PROGRESS_TITLE, report.progress) if report.progress else [],
        "pain": lambda: _pain(report),
        "activities": lambda: _activities(report),
        "flares": lambda: _flares(report),
        "tests": lambda: _function(report),
        "ladder": lambda: _ladder(report),
        "goals": lambda: _simple("Goals", [c.goal_line(g) for g in report.goals] or ["No goals set."]),
        "questionnaires": lambda: _simple("Questionnaires", c.all_measure_lines(report)),
    }
    for key in report.sections:
        lines += built[key]()
    notes = [*(aw.load_lines(report) if report.shows("activities") else []), *report.caveats]
    lines += [escape(line) + "  " for line in notes]
    return "\n".join(lines).rstrip() + "\n"
