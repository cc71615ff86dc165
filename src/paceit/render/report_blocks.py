"""The printed report as a list of sections of plain blocks, shared by HTML and PDF.

Both printed formats lay out the same blocks in the same order, so a clinician reads
the same content whichever file the patient brings (issue 18: the PDF has "the same
content and order as the HTML report"). Each renderer only decides how a block looks.
Words come from `report_common`, like the text and Markdown reports.

Charts have daily resolution: one point a day of the period, so a step back or a
flare of a few days shows where it happened (end-of-week points hid both). The
numbers behind every chart are also in a table or a line, so nothing depends on
seeing a chart or its colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from paceit.recordtype import field, record
from paceit.render import report_activity_words as aw
from paceit.render import report_common as c
from paceit.render.report_strategy import function_heading, strategy_line
from paceit.report import ActivitySection, Report


@record
class Para:
    text: str
    note: bool = False  # a legend or an explanation: smaller, grey
    lead: int = 0  # how many of the first characters are shown bold (an activity's name)


@record
class Bullets:
    lines: tuple[str, ...]


@record
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    wide: int = 0  # the column that takes the spare width (a step's or activity's words)


@record
class Chart:
    """A small daily chart. `line` is drawn as steps (a quota) or joined points (pain);
    `dots` are the amounts done; `marks` the indices of step backs; `shaded` those of
    flare days. `title` describes it for screen readers."""

    title: str
    caption: str
    first: date
    last: date
    lo: float
    hi: float
    line: tuple[float | None, ...]
    dots: tuple[float | None, ...] = ()
    marks: tuple[int, ...] = ()
    shaded: tuple[int, ...] = ()
    steps: bool = False


@record
class Charts:
    charts: tuple[Chart, ...]
    legend: str = ""


@record
class Side:
    """A table with its charts beside it (two to a row), where the page is wide enough:
    the pain table and its charts side by side keep 12 weeks on two printed pages."""

    table: Table
    charts: Charts


Block = Para | Bullets | Table | Charts | Side


@record
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]


@record
class Document:
    title: str
    header: tuple[str, ...]  # whose diary, made when and by which version; the period; the sections
    health_data: str
    sections: tuple[Section, ...]
    footnotes: tuple[str, ...] = field(default=())


CHART_LEGEND = (
    "Charts, one point a day: line = the day's quota (pain: the day's mean); dots = the amount done; "
    "triangle = a step back; grey band = flare days."
)


def _days(report: Report) -> list[date]:
    return [report.start + timedelta(days=i) for i in range(report.days)]


def _flare_indices(report: Report) -> tuple[int, ...]:
    return tuple(i for i, d in enumerate(_days(report)) if d in report.flare_days_set)


def activity_chart(report: Report, a: ActivitySection) -> Chart:
    index = {d: i for i, d in enumerate(_days(report))}
    marks = tuple(index[ch.day] for ch in a.changes if ch.step_back and ch.day in index)
    known = [v for v in (*a.daily_quota, *a.daily_done) if v is not None]
    return Chart(
        title=f"{a.name}: the quota each day and the amount done ({a.unit}), step backs and flare days marked",
        caption=f"{a.name} ({a.unit})",
        first=report.start,
        last=report.end,
        lo=0,
        hi=max(known, default=1.0),
        line=a.daily_quota,
        dots=a.daily_done,
        marks=marks,
        shaded=_flare_indices(report),
        steps=True,
    )


def pain_chart(report: Report) -> Chart:
    return Chart(
        title="Daily mean pain (0-10), flare days marked",
        caption="Pain, daily mean",
        first=report.start,
        last=report.end,
        lo=0,
        hi=10,
        line=tuple(report.daily_pain.get(d) for d in _days(report)),
        shaded=_flare_indices(report),
    )


def weekly_chart(report: Report, what: str) -> Chart:
    weeks = report.pain.weekly
    values = tuple(getattr(w, what) for w in weeks)
    return Chart(
        title=f"Weekly mean {what} (0-10, 10 = best)",
        caption=f"{what.capitalize()}, weekly (10 best)",
        first=weeks[0].start if weeks else report.start,
        last=weeks[-1].start if weeks else report.end,
        lo=0,
        hi=10,
        line=values,
    )


def _pain(report: Report) -> Section:
    rows = c.week_rows(report.pain.rows, report.pain.row_days)
    blocks: list[Block] = [Bullets(tuple(c.pain_lines(report) + c.site_lines(report)))]
    charts = Charts((pain_chart(report), weekly_chart(report, "sleep"), weekly_chart(report, "mood")))
    if rows:
        headers = (c.week_label(report), *c.WEEK_HEADERS)
        blocks.append(Side(Table(headers, tuple(tuple(r) for r in rows), (1, 2, 3, 4, 5, 6)), charts))
        blocks.append(Para(c.WEEK_CONVENTION, note=True))
    else:
        blocks.append(charts)
    return Section("pain", "Pain, sleep and mood (0-10; sleep and mood 10 = best)", tuple(blocks))


def _activities(report: Report) -> Section:
    if not report.activities:
        return Section("activities", "Pacing", (Para("No paced activities."),))
    rows = tuple(tuple(aw.activity_row(a)) for a in report.activities)
    blocks: list[Block] = [
        Table(tuple(aw.ACTIVITY_HEADERS), rows, (1, 2, 3, 5)),
        Para(aw.ACTIVITY_NOTE, note=True),
        Charts(tuple(activity_chart(report, a) for a in report.activities), CHART_LEGEND),
    ]
    for a in report.activities:
        if a.changes or aw.session_line(report, a):
            blocks.append(Para(aw.activity_heading(report, a), lead=len(a.name)))
            blocks.append(Bullets(tuple(aw.change_lines(a, report.details_from))))
    return Section("activities", "Pacing: what was planned and what was done", tuple(blocks))


def _flares(report: Report) -> Section:
    lines: list[str] = []
    for f in report.flares:
        lines.append(" ".join([c.flare_line(f), *c.flare_note_lines(report, f)]))
    blocks: list[Block] = [Para(c.flare_summary(report))]
    if lines:
        blocks.append(Bullets(tuple(lines)))
    trigger = c.trigger_line(report)
    if trigger:
        blocks.append(Para(trigger))
    return Section("flares", "Flares", tuple(blocks))


def _tests(report: Report) -> Section:
    if not report.tasks and not report.medicines and not report.strategies:
        return Section("tests", "Functional tests and medicines", (Para("None logged in this period."),))
    blocks: list[Block] = []
    if report.tasks:
        blocks += [Bullets(tuple(c.task_line(t) for t in report.tasks)), Para(c.TASK_NOTE, note=True)]
    if report.medicines:
        blocks.append(Para(c.medicine_line(report)))
    if report.strategies:
        blocks.append(Para(strategy_line(report)))
    return Section("tests", function_heading(report), tuple(blocks))


def _ladder(report: Report) -> Section:
    if not report.ladder:
        return Section("ladder", "Exposure ladder", (Para("No ladder steps."),))
    blocks: list[Block] = [
        Para(c.ladder_line(report)),
        Table(tuple(c.STEP_HEADERS), tuple(tuple(c.step_row(s)) for s in report.ladder), (1,)),
        Para(c.STEP_NOTE, note=True),
    ]
    details = c.step_detail_lines(report)
    if details:
        blocks.append(Bullets(tuple(details)))
    return Section("ladder", "Exposure ladder: expectations and outcomes", tuple(blocks))


def document(report: Report) -> Document:
    """Safety and the patient's own questions first, then any progress that matters: what a
    clinician needs in the first minute."""
    red_flags = [c.red_flag_line(f) for f in report.red_flags] or ["None ticked in this period."]
    notes = [c.note_line(n) for n in report.notes] or ["None."]
    built = {
        "notes": lambda: Section("notes", "For the appointment: notes from the patient", (Bullets(tuple(notes)),)),
        "progress": lambda: Section("progress", c.PROGRESS_TITLE, (Bullets(tuple(report.progress)),)),
        "pain": lambda: _pain(report),
        "activities": lambda: _activities(report),
        "flares": lambda: _flares(report),
        "tests": lambda: _tests(report),
        "ladder": lambda: _ladder(report),
        "goals": lambda: Section(
            "goals", "Goals", (Bullets(tuple([c.goal_line(g) for g in report.goals] or ["No goals set."])),)
        ),
        "questionnaires": lambda: Section(
            "questionnaires", "Questionnaires", (Bullets(tuple(c.all_measure_lines(report))),)
        ),
    }
    sections = [Section("redflags", "Red flags", (Bullets(tuple(red_flags)),))]
    for key in report.sections:
        if key == "progress" and not report.progress:
            continue
        sections.append(built[key]())
    header = [line for line in (c.header_line(report), c.period_line(report), c.sections_line(report)) if line]
    return Document(
        title=c.title(report),
        header=tuple(header),
        health_data=report.health_data,
        sections=tuple(sections),
        footnotes=tuple(footnotes(report)),
    )


def footnotes(report: Report) -> Sequence[str]:
    """Information only, for the curious reader: the load figures with their caveats, and
    the report's own caveats (issue 18: the load-ratio caveat is a footnote, not a section)."""
    shown = report.shows("activities")
    return [*(aw.load_lines(report) if shown else []), *report.caveats]
