"""`paceit report --format text`: Rich tables and wrapped lines, no colour.

Rendered into a string on a console of the width asked for (the command picks it:
80 for a file or a pipe, the terminal's own from 60 to 100), and never wider:
tables wrap their text cells, numbers stay whole, and a wrapped "- " item goes on
under its own text (a hanging indent), so each item's dash stands out.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from paceit.render import report_activity_words as aw
from paceit.render import report_common as c
from paceit.render.report_strategy import function_heading, strategy_line
from paceit.report import Report
from paceit.trends import sparkline

WIDTH = 80
GAP = 3  # columns between two table columns (their padding and the rule's gap)


def _table(
    out: Console, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (), wide: int = -1
) -> None:
    """A table that fits the page; numbers never wrap.

    When it is too wide, headers go one word a line ("period" over "start"), then the
    text columns wrap: the column `wide` (a step's words) first, to a readable width,
    then the others, then `wide` again down to its longest word."""
    if sum(_column_widths(headers, rows, words=False)) + GAP * (len(headers) - 1) > out.width:
        headers = [header if index == wide else header.replace(" ", "\n") for index, header in enumerate(headers)]
    widths = _fit(headers, rows, numeric, wide, room=out.width - GAP * (len(headers) - 1))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        table.add_column(
            header,
            justify="right" if index in numeric else "left",
            overflow="fold",
            no_wrap=index in numeric,
            width=widths[index] if widths else None,
        )
    for row in rows:
        table.add_row(*row)
    out.print(table)


def _column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], *, words: bool) -> list[int]:
    """Each column's widest line, or (`words`) its longest word."""
    widths = []
    for index, header in enumerate(headers):
        cells = [header, *(row[index] for row in rows)]
        parts = [part for cell in cells for part in (cell.split() if words else cell.split("\n"))]
        widths.append(max((cell_len(part) for part in parts), default=1))
    return widths


def _fit(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int], wide: int, room: int
) -> list[int] | None:
    """Column widths that fit `room`, or None when all fits as it is or nothing does (Rich
    then folds the longest words). Text columns give way in turns, each first to a
    readable width (16 for `wide`, 8 for the others: "7.3 vs" over "4.3"), then down
    to its longest word; numbers never."""
    widths = _column_widths(headers, rows, words=False)
    words = _column_widths(headers, rows, words=True)
    if sum(widths) <= room:
        return None
    others = sorted((i for i in range(len(headers)) if i not in numeric and i != wide), key=lambda i: -widths[i])
    first = [wide] if wide >= 0 else []
    stages = [(i, 16) for i in first] + [(i, 8) for i in others] + [(i, 0) for i in first + others]
    for index, readable in stages:
        floor = max(words[index], min(widths[index], readable))
        widths[index] -= max(0, min(sum(widths) - room, widths[index] - floor))
    return widths if sum(widths) <= room else None


def _heading(out: Console, text: str) -> None:
    out.print()
    out.print(Text(text, style="bold underline"))


def _lines(out: Console, lines: Sequence[str], bullet: str = "- ", indent: str = "  ") -> None:
    """Each line wrapped at the page's width, continuation lines hanging under its text."""
    for line in lines:
        wrapped = textwrap.fill(
            line,
            width=out.width,
            initial_indent=indent + bullet,
            subsequent_indent=indent + " " * len(bullet),
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.print(Text(wrapped), overflow="ignore", crop=False)


def _pain(out: Console, report: Report) -> None:
    _heading(out, "Pain, sleep and mood (0-10; sleep and mood 10 = best)")
    _lines(out, c.pain_lines(report) + c.site_lines(report), "")
    rows = report.pain.rows
    if rows:
        numeric = (1, 2, 3, 4, 5, 6)
        _table(out, [c.week_label(report), *c.WEEK_HEADERS], c.week_rows(rows, report.pain.row_days), numeric)
        _lines(out, [f"pain {sparkline([w.mean for w in rows], 0, 10)}  (0-10, one mark a row)"], "")
        _lines(out, [c.WEEK_CONVENTION], "")


def _activities(out: Console, report: Report) -> None:
    _heading(out, "Pacing: each activity's quota and the days it was done")
    if not report.activities:
        _lines(out, ["No paced activities."], "")
    else:
        _table(out, aw.ACTIVITY_HEADERS, [aw.activity_row(a) for a in report.activities], (1, 2, 3, 5), wide=0)
        _lines(out, [aw.ACTIVITY_NOTE], "")
        for a in report.activities:
            if a.changes or aw.session_line(report, a):
                _lines(out, [aw.activity_heading(report, a)], "")
                _lines(out, aw.change_lines(a, report.details_from))


def _function(out: Console, report: Report) -> None:
    _heading(out, function_heading(report))
    if not report.tasks and not report.medicines and not report.strategies:
        _lines(out, ["None logged in this period."], "")
        return
    _lines(out, [c.task_line(t) for t in report.tasks])
    if report.tasks:
        _lines(out, [c.TASK_NOTE], "")
    if report.medicines:
        _lines(out, [c.medicine_line(report)], "")
    if report.strategies:
        _lines(out, [strategy_line(report)], "")


def _ladder(out: Console, report: Report) -> None:
    _heading(out, "Exposure ladder")
    if not report.ladder:
        _lines(out, ["No ladder steps."], "")
        return
    _lines(out, [c.ladder_line(report)], "")
    _table(out, c.STEP_HEADERS, [c.step_row(s) for s in report.ladder], (1,), wide=0)
    _lines(out, [c.STEP_NOTE], "")
    _lines(out, c.step_detail_lines(report))


def _flares(out: Console, report: Report) -> None:
    _heading(out, "Flares")
    _lines(out, [c.flare_summary(report)], "")
    _lines(out, [" ".join([c.flare_line(f), *c.flare_note_lines(report, f)]) for f in report.flares])
    trigger = c.trigger_line(report)
    if trigger:
        _lines(out, [trigger], "")


def render(report: Report, width: int = WIDTH) -> str:
    """Safety and the patient's own questions first, then any progress that matters: what a
    clinician needs in the first minute. The sections asked for (`--sections`), red flags always."""
    buffer = io.StringIO()
    out = Console(
        file=buffer, width=width, color_system=None, highlight=False, markup=False, emoji=False, legacy_windows=False
    )
    out.print(Text(c.title(report), style="bold"))
    head = [line for line in (c.header_line(report), c.period_line(report), c.sections_line(report)) if line]
    _lines(out, [*head, report.health_data], "", "")
    _heading(out, "Red flags")
    _lines(out, [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."])
    for key in report.sections:
        SECTIONS[key](out, report)
    out.print()
    _lines(out, [*(aw.load_lines(report) if report.shows("activities") else []), *report.caveats], "", "")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _notes(out: Console, report: Report) -> None:
    _heading(out, "For the appointment: notes from the patient")
    _lines(out, [c.note_line(n) for n in report.notes] or ["None."])


def _progress(out: Console, report: Report) -> None:
    if report.progress:
        _heading(out, c.PROGRESS_TITLE)
        _lines(out, report.progress)


def _goals(out: Console, report: Report) -> None:
    _heading(out, "Goals")
    _lines(out, [c.goal_line(g) for g in report.goals] or ["No goals set."])


def _questionnaires(out: Console, report: Report) -> None:
    _heading(out, "Questionnaires")
    _lines(out, c.all_measure_lines(report))


SECTIONS: dict[str, Callable[[Console, Report], None]] = {
    "notes": _notes,
    "progress": _progress,
    "pain": _pain,
    "activities": _activities,
    "flares": _flares,
    "tests": _function,
    "ladder": _ladder,
    "goals": _goals,
    "questionnaires": _questionnaires,
}
