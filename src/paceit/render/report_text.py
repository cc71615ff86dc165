"""`paceit report --format text`: wrapped lines and tables, no colour.

Laid out for the width asked for (the command picks it: 80 for a file or a pipe, the
terminal's own from 60 to 100), and never wider: tables wrap their text cells, numbers stay
whole, and a wrapped "- " item goes on under its own text (a hanging indent), so each
item's dash stands out.

The report is written in the characters Rich writes for it (it was drawn through Rich), but
as plain lines (`render.plain`), without importing Rich: about 20 ms, and drawing through
it as much again, a quarter of the whole command (issue 19). A piece plain cannot lay out
exactly as Rich would (wide or control characters, a word longer than its column, a table
that does not fit) is drawn by Rich (`report_text_rich`), as before. The report has no
colour, so a terminal changes only its width, and plain serves it there too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from paceit.render import plain
from paceit.render import report_activity_words as aw
from paceit.render import report_common as c
from paceit.render.report_strategy import function_heading, strategy_line
from paceit.report import Report
from paceit.trends import sparkline

WIDTH = 80
GAP = 3  # columns between two table columns (their padding and the rule's gap)


class Page:
    """The report's text, piece by piece: each piece as plain lines when `render.plain` lays
    it out as Rich would, else drawn by Rich (imported then)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.chunks: list[str] = []  # each piece's text, ending in a newline

    def _plain(self, lines: Sequence[str]) -> None:
        self.chunks.append("".join(line + "\n" for line in lines))

    def blank(self) -> None:
        self.chunks.append("\n")

    def text(self, words: str, style: str) -> None:
        """A title or a heading, wrapped at the page's width."""
        lines = plain.wrap(words, self.width)
        if lines is None:
            from paceit.render import report_text_rich

            self.chunks.append(report_text_rich.text(words, self.width, style=style))
        else:
            self._plain(lines)

    def block(self, lines: str) -> None:
        """Lines wrapped already, written as they are (never re-wrapped or cut)."""
        found = plain.printed(lines)
        if found is None:
            from paceit.render import report_text_rich

            self.chunks.append(report_text_rich.block(lines, self.width))
        else:
            self._plain(found)

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (), wide: int = -1
    ) -> None:
        """A table that fits the page (`_layout`), plain when every cell is `plain.simple`."""
        simple = all(
            plain.simple(part) for cell in (*headers, *(x for r in rows for x in r)) for part in cell.split("\n")
        )
        if simple:
            shown, widths = _layout(headers, rows, numeric, wide, self.width, len)
            lines = plain.fitted_table(shown, rows, numeric, widths, self.width)
            if lines is not None:
                self._plain(lines)
                return
        from paceit.render import report_text_rich as rich

        shown, widths = _layout(headers, rows, numeric, wide, self.width, rich.cell_len)
        self.chunks.append(rich.table(shown, rows, numeric, widths, self.width))

    def result(self) -> str:
        """The whole report, every line without trailing blanks."""
        return "\n".join(line.rstrip() for line in "".join(self.chunks).splitlines()) + "\n"


def _layout(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int],
    wide: int,
    width: int,
    measure: Callable[[str], int],
) -> tuple[list[str], list[int] | None]:
    """The headers and column widths of a table that fits the page; numbers never wrap.

    When it is too wide, headers go one word a line ("period" over "start"), then the
    text columns wrap: the column `wide` (a step's words) first, to a readable width,
    then the others, then `wide` again down to its longest word. `measure` is a text's
    width in cells (`len` for `plain.simple` text)."""
    shown = list(headers)
    if sum(_column_widths(shown, rows, measure, words=False)) + GAP * (len(shown) - 1) > width:
        shown = [header if index == wide else header.replace(" ", "\n") for index, header in enumerate(shown)]
    return shown, _fit(shown, rows, numeric, wide, width - GAP * (len(shown) - 1), measure)


def _column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], measure: Callable[[str], int], *, words: bool
) -> list[int]:
    """Each column's widest line, or (`words`) its longest word."""
    widths = []
    for index, header in enumerate(headers):
        cells = [header, *(row[index] for row in rows)]
        parts = [part for cell in cells for part in (cell.split() if words else cell.split("\n"))]
        widths.append(max((measure(part) for part in parts), default=1))
    return widths


def _fit(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int],
    wide: int,
    room: int,
    measure: Callable[[str], int],
) -> list[int] | None:
    """Column widths that fit `room`, or None when all fits as it is or nothing does (Rich
    then folds the longest words). Text columns give way in turns, each first to a
    readable width (16 for `wide`, 8 for the others: "7.3 vs" over "4.3"), then down
    to its longest word; numbers never."""
    widths = _column_widths(headers, rows, measure, words=False)
    words = _column_widths(headers, rows, measure, words=True)
    if sum(widths) <= room:
        return None
    others = sorted((i for i in range(len(headers)) if i not in numeric and i != wide), key=lambda i: -widths[i])
    first = [wide] if wide >= 0 else []
    stages = [(i, 16) for i in first] + [(i, 8) for i in others] + [(i, 0) for i in first + others]
    for index, readable in stages:
        floor = max(words[index], min(widths[index], readable))
        widths[index] -= max(0, min(sum(widths) - room, widths[index] - floor))
    return widths if sum(widths) <= room else None


def _heading(out: Page, text: str) -> None:
    out.blank()
    out.text(text, "bold underline")


def _lines(out: Page, lines: Sequence[str], bullet: str = "- ", indent: str = "  ") -> None:
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
        out.block(wrapped)


def _pain(out: Page, report: Report) -> None:
    _heading(out, "Pain, sleep and mood (0-10; sleep and mood 10 = best)")
    _lines(out, c.pain_lines(report) + c.site_lines(report), "")
    rows = report.pain.rows
    if rows:
        numeric = (1, 2, 3, 4, 5, 6)
        out.table([c.week_label(report), *c.WEEK_HEADERS], c.week_rows(rows, report.pain.row_days), numeric)
        _lines(out, [f"pain {sparkline([w.mean for w in rows], 0, 10)}  (0-10, one mark a row)"], "")
        _lines(out, [c.WEEK_CONVENTION], "")


def _activities(out: Page, report: Report) -> None:
    _heading(out, "Pacing: each activity's quota and the days it was done")
    if not report.activities:
        _lines(out, ["No paced activities."], "")
    else:
        out.table(aw.ACTIVITY_HEADERS, [aw.activity_row(a) for a in report.activities], (1, 2, 3, 5), wide=0)
        _lines(out, [aw.ACTIVITY_NOTE], "")
        for a in report.activities:
            if a.changes or aw.session_line(report, a):
                _lines(out, [aw.activity_heading(report, a)], "")
                _lines(out, aw.change_lines(a, report.details_from))


def _function(out: Page, report: Report) -> None:
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


def _ladder(out: Page, report: Report) -> None:
    _heading(out, "Exposure ladder")
    if not report.ladder:
        _lines(out, ["No ladder steps."], "")
        return
    _lines(out, [c.ladder_line(report)], "")
    out.table(c.STEP_HEADERS, [c.step_row(s) for s in report.ladder], (1,), wide=0)
    _lines(out, [c.STEP_NOTE], "")
    _lines(out, c.step_detail_lines(report))


def _flares(out: Page, report: Report) -> None:
    _heading(out, "Flares")
    _lines(out, [c.flare_summary(report)], "")
    _lines(out, [" ".join([c.flare_line(f), *c.flare_note_lines(report, f)]) for f in report.flares])
    trigger = c.trigger_line(report)
    if trigger:
        _lines(out, [trigger], "")


def render(report: Report, width: int = WIDTH) -> str:
    """Safety and the patient's own questions first, then any progress that matters: what a
    clinician needs in the first minute. The sections asked for (`--sections`), red flags always."""
    out = Page(width)
    out.text(c.title(report), "bold")
    head = [line for line in (c.header_line(report), c.period_line(report), c.sections_line(report)) if line]
    _lines(out, [*head, report.health_data], "", "")
    _heading(out, "Red flags")
    _lines(out, [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."])
    for key in report.sections:
        SECTIONS[key](out, report)
    out.blank()
    _lines(out, [*(aw.load_lines(report) if report.shows("activities") else []), *report.caveats], "", "")
    return out.result()


def _notes(out: Page, report: Report) -> None:
    _heading(out, "For the appointment: notes from the patient")
    _lines(out, [c.note_line(n) for n in report.notes] or ["None."])


def _progress(out: Page, report: Report) -> None:
    if report.progress:
        _heading(out, c.PROGRESS_TITLE)
        _lines(out, report.progress)


def _goals(out: Page, report: Report) -> None:
    _heading(out, "Goals")
    _lines(out, [c.goal_line(g) for g in report.goals] or ["No goals set."])


def _questionnaires(out: Page, report: Report) -> None:
    _heading(out, "Questionnaires")
    _lines(out, c.all_measure_lines(report))


SECTIONS: dict[str, Callable[[Page, Report], None]] = {
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
