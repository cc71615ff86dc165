"""`paceit report --format text`: Rich tables and wrapped lines, 80 columns, no colour.

Rendered into a string on a fixed-width console so the same text goes to a
terminal, a pipe or a file, and never needs more than 80 columns.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from paceit.render import report_common as c
from paceit.report import Report
from paceit.trends import sparkline

WIDTH = 80


def _table(
    out: Console, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (), wide: int = -1
) -> None:
    """A table whose column `wide` (text) takes the room the others leave; numbers never wrap."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        table.add_column(
            header,
            justify="right" if index in numeric else "left",
            overflow="fold",
            ratio=1 if index == wide else None,
            no_wrap=index in numeric,
        )
    for row in rows:
        table.add_row(*row)
    out.print(table)


def _heading(out: Console, text: str) -> None:
    out.print()
    out.print(Text(text, style="bold underline"))


def _lines(out: Console, lines: Sequence[str], bullet: str = "- ", indent: str = "  ") -> None:
    """Each line wrapped at 80 columns, continuation lines hanging under its text."""
    for line in lines:
        wrapped = textwrap.fill(
            line,
            width=WIDTH,
            initial_indent=indent + bullet,
            subsequent_indent=indent + " " * len(bullet),
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.print(Text(wrapped), overflow="ignore", crop=False)


def _pain(out: Console, report: Report) -> None:
    _heading(out, "Pain, sleep and mood (0-10; sleep and mood 10 = best)")
    _lines(out, c.pain_lines(report), "")
    rows = report.pain.rows
    if rows:
        numeric = (1, 2, 3, 4, 5, 6)
        _table(out, [c.week_label(report), *c.WEEK_HEADERS], c.week_rows(rows, report.pain.row_days), numeric)
        out.print(Text(f"  pain {sparkline([w.mean for w in rows], 0, 10)}  (0-10, one mark a row)"))


def _activities(out: Console, report: Report) -> None:
    _heading(out, "Pacing: each activity's quota and the days it was done")
    if not report.activities:
        out.print("  No paced activities.")
    else:
        _table(out, c.ACTIVITY_HEADERS, [c.activity_row(a) for a in report.activities], (1, 2, 3, 5))
        _lines(out, [c.ACTIVITY_NOTE], "")
        for a in report.activities:
            if a.changes:
                out.print(Text(f"  {a.name}: changes in this period", style="bold"))
                _lines(out, c.change_lines(a, report.details_from))
    _lines(out, c.load_lines(report), "")


def _function(out: Console, report: Report) -> None:
    _heading(out, "Functional tests and medicines")
    if not report.tasks and not report.medicines:
        _lines(out, ["None logged in this period."], "")
        return
    _lines(out, [c.task_line(t) for t in report.tasks])
    if report.tasks:
        _lines(out, [c.TASK_NOTE], "")
    if report.medicines:
        _lines(out, [c.medicine_line(report)], "")


def _ladder(out: Console, report: Report) -> None:
    _heading(out, "Exposure ladder")
    if not report.ladder:
        out.print("  No ladder steps.")
        return
    _lines(out, [c.ladder_line(report)], "")
    _table(out, c.STEP_HEADERS, [c.step_row(s) for s in report.ladder], (1,), wide=0)
    _lines(out, [c.STEP_NOTE], "")


def render(report: Report) -> str:
    """Safety and the patient's own questions first: what a clinician needs in the first minute."""
    buffer = io.StringIO()
    out = Console(file=buffer, width=WIDTH, color_system=None, highlight=False, emoji=False, legacy_windows=False)
    out.print(Text(c.title(report), style="bold"))
    _lines(out, [c.period_line(report), report.health_data], "", "")
    _heading(out, "Red flags")
    _lines(out, [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."])
    _heading(out, "For the appointment: notes from the patient")
    _lines(out, [c.note_line(n) for n in report.notes] or ["None."])
    _pain(out, report)
    _activities(out, report)
    _heading(out, "Flares")
    _lines(out, [c.flare_summary(report)], "")
    _lines(out, [c.flare_line(f) for f in report.flares])
    _function(out, report)
    _ladder(out, report)
    _heading(out, "Goals")
    _lines(out, [c.goal_line(g) for g in report.goals] or ["No goals set."])
    _heading(out, "Questionnaires")
    _lines(out, c.all_measure_lines(report))
    out.print()
    _lines(out, report.caveats, "", "")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
