"""Words and numbers shared by the report renderers (text, Markdown, HTML), so each
format says the same thing in the same words. Plain strings only; no markup. The
activity section's words (sessions, quota changes, load) are in `report_activity_words`.

Number formats: means and changes with one decimal everywhere ("5.0/10", "-0.3");
counts, amounts and quotas as they are ("4 min", "12 reps"); dates in ISO form.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from paceit.functional_tests import shown_unit
from paceit.outcomes import Change, Tracked
from paceit.render.numbers import mean as mean
from paceit.render.numbers import num as num
from paceit.render.numbers import pct as pct
from paceit.report import FlareSection, Report, WeekRow
from paceit.report_pain import window_words
from paceit.report_sections import GoalSection, RedFlagSection, StepSection, TaskSection
from paceit.units import format_amount

FLARE_KINDS = {"declared": "declared", "reported": "marked in the diary", "pain": "detected from pain"}
STATUS = {"mastered": "mastered", "current": "current", "waiting": "waiting"}


def all_measure_lines(report: Report) -> list[str]:
    return [line for t in report.measures for line in measure_lines(t, report.start)]


MEASURE_NAMES = {
    "peg": "PEG (pain, enjoyment, activity; 0-10, lower is better)",
    "psfs": "PSFS (own activities; 0-10, higher is better)",
}
SERIES_MAX = 6  # more scores than this are summarised (a long period): first, last, range
SCHEDULES = {"as-needed": "as needed", "regular": "regular"}


def _signed(value: float, limit: float | None, reached: bool) -> str:
    """One decimal, unless rounding would make a change that misses its MID look as if
    it reached it (-1.96 shown as -2.0 next to "less than 2 points"): then two."""
    shown = f"{value:+.1f}"
    if limit is not None and not reached and abs(round(value, 1)) >= limit - 1e-9:
        shown = f"{value:+.2f}"
    return shown


def change_words(c: Change) -> str:
    """'-0.3 (-5.0%)': the change and, where it has one, its share of the start."""
    text = _signed(c.change, c.mid_points, c.reached)
    if c.percent is not None:
        text += f" ({_signed(c.percent, c.mid_pct, c.reached)}%)"
    return text


def amount(value: float | None, unit: str) -> str:
    return "-" if value is None else format_amount(value, unit)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def title(report: Report) -> str:
    return f"paceit report: {report.start} to {report.end}"


def header_line(report: Report) -> str:
    """Whose diary (when `report.name` is set), when the report was made, by which paceit."""
    who = f"Diary of {report.name}. " if report.name else ""
    made = report.made_at.replace("T", " ") if report.made_at else ""
    when = f"Made {made[:16]}" + (f" by paceit {report.version}." if report.version else ".") if made else ""
    return (who + when).strip()


def sections_line(report: Report) -> str | None:
    """Which sections a report made with --sections holds (None when it holds all)."""
    from paceit.report import SECTIONS

    if tuple(report.sections) == SECTIONS:
        return None
    shown = ", ".join(SECTION_TITLES[k] for k in report.sections)
    return f"Sections chosen: {shown} (and red flags, always). Other sections are left out of this report."


SECTION_TITLES = {
    "notes": "notes from the patient",
    "progress": "progress",
    "pain": "pain",
    "activities": "pacing",
    "flares": "flares",
    "tests": "functional tests and medicines",
    "ladder": "exposure ladder",
    "goals": "goals",
    "questionnaires": "questionnaires",
}
WEEK_CONVENTION = (
    "Weeks are calendar weeks from Monday, the same weeks as 'paceit trends'; a first or last week cut by "
    "the period says how many days it holds."
)


def period_line(report: Report) -> str:
    end = f"{report.end}, until today (asked: {report.asked_end})" if report.asked_end else f"{report.end}"
    start = f"{report.start}"
    if report.at_diary_start:
        asked = f" (asked: {report.asked_start})" if report.asked_start else ""
        start = f"{report.start}, the day your diary began{asked},"
    line = f"Period: {start} to {end}; {plural(report.days, 'day')}."
    if report.summarised:
        line += (
            f" A long period, so it is summarised: rows of {report.pain.row_days} days, and steps back "
            f"listed one by one from {report.details_from}."
        )
    return line


def sleep_line(report: Report) -> str | None:
    """'Sleep (10 = best): 3.5 in the first 6 days, 6.0 in the last 6 days, change +2.5.' and
    whether the change reaches `mid.sleep`."""
    p, c = report.pain, report.pain.sleep
    if c is None:
        return None
    first, last = window_words(p.window_days, "first"), window_words(p.window_days, "last")
    return (
        f"Sleep (10 = best): {mean(c.before)} in the {first}, {mean(c.after)} in the {last}, "
        f"change {_signed(c.change, c.mid_points, c.reached)}. {c.meaning} (No published threshold for "
        "sleep: paceit's default, mid.sleep.)"
    )


def pain_lines(report: Report) -> list[str]:
    sleep = sleep_line(report)
    return _pain_only(report) + ([sleep] if sleep else [])


PAIN_BASIS = {
    "morning": "Morning pain (the first entry from 04:00 to noon)",
    "daily": "Daily mean pain (too few morning entries to compare morning pain)",
}


def _pain_only(report: Report) -> list[str]:
    p = report.pain
    if p.baseline is None or p.recent is None or p.change is None:
        return ["Not enough diary entries in this period to compare early and recent pain."]
    first, last = window_words(p.window_days, "first"), window_words(p.window_days, "last")
    lines = [
        f"{PAIN_BASIS.get(p.basis, p.basis)}: {mean(p.baseline)}/10 in the {first} of this period "
        f"({p.baseline_days[0]} to {p.baseline_days[1]}), {mean(p.recent)}/10 in the {last} "
        f"({p.recent_days[0]} to {p.recent_days[1]}). Change: {change_words(p.change)}. {p.change.meaning} "
        + " ".join(p.flare_notes or ["No flare falls in either window."]),
    ]
    if p.diary is not None:
        d = p.diary
        lines.append(
            f"Since the diary began (daily mean pain): its first two weeks ({d.first_days[0]} to "
            f"{d.first_days[1]}) {mean(d.before)}/10, {mean(d.after)}/10 in the {last}, "
            f"so {change_words(d.change)}. {d.change.meaning}"
        )
    return lines


def site_lines(report: Report) -> list[str]:
    """'lower back: 80% of entries (first two weeks 90%, last two weeks 60%)'."""
    if not report.sites:
        return []
    p = report.pain
    first, last = window_words(p.window_days, "first"), window_words(p.window_days, "last")
    parts = []
    for site in report.sites:
        change = f" ({first} {pct(site.early)}, {last} {pct(site.recent)})" if site.early is not None else ""
        parts.append(f"{site.site} {pct(site.share)}{change}")
    return [f"Pain sites, share of diary entries naming each: {'; '.join(parts)}."]


def week_label(report: Report) -> str:
    return "week from" if report.pain.row_days == 7 else f"{report.pain.row_days // 7} weeks from"


def week_rows(weeks: Sequence[WeekRow], size: int) -> list[list[str]]:
    """The pain, sleep and mood table's cells, the same in every format; a row of other
    than `size` days (the first, cut by the period's start) says how many it holds."""
    return [
        [
            str(w.start) + (f" ({w.days} d)" if w.days != size else ""),
            mean(w.mean),
            "-" if w.min is None else f"{w.min}-{w.max}",
            str(w.n),
            mean(w.sleep),
            mean(w.mood),
            mean(w.fatigue),
        ]
        for w in weeks
    ]


WEEK_HEADERS = ["pain", "range", "entries", "sleep", "mood", "fatigue"]


PROGRESS_TITLE = "Progress: improvements that reach the change that matters"


def step_row(s: StepSection) -> list[str]:
    predicted = f"{mean(s.predicted_pain)} vs {mean(s.actual_pain)}" if s.predicted_pain is not None else "-"
    happened = f"{s.feared_happened} of {s.feared_tested}" if s.feared_tested else "-"
    d = s.detail
    safety = f"{d.safety_used} of {d.safety_known}" if d is not None and d.safety_known else "-"
    return [
        s.text,
        str(s.fear),
        STATUS.get(s.status, s.status),
        f"{s.trials} ({s.trials_in_period})",
        predicted,
        happened,
        safety,
    ]


STEP_HEADERS = ["step", "fear", "status", "trials", "pain", "feared", "safety"]
STEP_NOTE = (
    'Legend: fear 0-100, rated when the step was added. Trials: all (in this period): "3 (2)" is 3 '
    "trials, 2 of them in this period. Pain: mean expected vs felt, 0-10. Feared: the trials in which "
    "the feared outcome happened, of those that recorded it. Safety: the trials with a safety behaviour, "
    "of those that recorded it."
)


def step_detail_lines(report: Report) -> list[str]:
    """Per step with trials: the last expectation written and its likelihood (first -> last),
    and trials stopped early; whether it happened and safety behaviours are table columns."""
    lines = []
    for step in report.ladder:
        d = step.detail
        if d is None or not step.trials:
            continue
        parts = []
        if d.expectation:
            likely = ""
            if d.likely_first is not None:
                likely = f" ({d.likely_first}%" + (f" -> {d.likely_last}%" if d.likely_last is not None else "") + ")"
            parts.append(f'expected "{d.expectation}"{likely}')
        if d.aborted:
            parts.append(f"{plural(d.aborted, 'trial')} stopped early")
        if parts:
            lines.append(f"{step.text}: {'; '.join(parts)}.")
    return lines


def ladder_line(report: Report) -> str:
    mastered = sum(1 for s in report.ladder if s.status == "mastered")
    trials = sum(s.trials_in_period for s in report.ladder)
    return f"{mastered} of {len(report.ladder)} steps mastered; {plural(trials, 'trial')} in this period."


def flare_note_lines(report: Report, f: FlareSection) -> list[str]:
    """The flare's notes on one line: what the person wrote when it began, ended, and on its days."""
    notes = report.flare_notes.get(f.start, [])
    if not notes:
        return []
    return ["Notes: " + "; ".join(f"{n.day} ({n.source}) {n.text.rstrip('.')}" for n in notes) + "."]


def trigger_line(report: Report) -> str | None:
    if not report.triggers:
        return None
    return f"Triggers in the flare plan (as written by the patient): {'; '.join(report.triggers)}."


def flare_line(f: FlareSection) -> str:
    end = f"to {f.end}" if f.end else "still going"
    when = " (before this period)" if f.before_period else ""
    inside = f" ({f.days_in_period} in this period)" if not f.before_period and f.days_in_period < f.days else ""
    text = f"{f.start} {end}{when}: {plural(f.days, 'day')}{inside}, {FLARE_KINDS.get(f.kind, f.kind)}."
    if not f.reduced:
        text += " No quota was reduced by it."
    elif f.quota_back:
        text += f" Quotas back at their pre-flare level on {f.quota_back}, {f.recovery_days} days after it began."
    elif f.end:
        text += " Quotas are still rebuilding towards their pre-flare level."
    return text


def flare_summary(report: Report) -> str:
    inside = report.flares_in_period
    if not inside:
        text = "No flare in this period."
    else:
        text = f"{plural(len(inside), 'flare')} in this period, {plural(report.flare_days, 'flare day')} in it."
    if len(inside) < len(report.flares):
        text += " Listed too: a flare before the period whose recovery reached into it."
    return text


RED_FLAG_GROUPS = {  # clinical-rules §7, the action each group of the checklist asks for
    1: "emergency: call emergency services now",
    2: "see a doctor today",
    3: "book an appointment within a few days",
}


def red_flag_line(f: RedFlagSection) -> str:
    review = f"reviewed {f.cleared}: {f.reviewed}" if f.cleared else "not yet reviewed by a clinician"
    group = RED_FLAG_GROUPS.get(f.group, f"group {f.group}")
    return f"{f.day} {f.question} (checklist advice: {group}) - {review}"


def goal_line(g: GoalSection) -> str:
    if g.done:
        return f"{g.text}: done on {g.done}."
    if g.activity and g.target and g.unit:
        return (
            f"{g.text}: {g.activity} quota {amount(g.quota_now, g.unit)} of {amount(g.target, g.unit)} "
            f"({pct(g.progress)})."
        )
    return f"{g.text}: open."


def measure_lines(tracked: Tracked, start: date) -> list[str]:
    name = MEASURE_NAMES.get(tracked.measure, tracked.measure)
    if not tracked.scores:
        return [f"{name}: none in this period."]
    scores = tracked.scores
    if len(scores) > SERIES_MAX:
        values = [s.score for s in scores]
        series = (
            f"{len(scores)} scores from {scores[0].day} to {scores[-1].day}, "
            f"lowest {mean(min(values))}, highest {mean(max(values))}"
        )
    else:
        series = ", ".join(
            f"{s.day} {mean(s.score)}" + (" (before this period: the starting point)" if s.day < start else "")
            for s in scores
        )
    lines = [f"{name}: {series}."]
    c = tracked.change
    if c is not None:
        on = f" on the same activities ({', '.join(c.items)})" if c.items else ""
        first = " (before this period)" if scores[0].day < start else ""
        lines.append(f"From {mean(c.before)}{first} to {mean(c.after)}{on}, change {change_words(c)}: {c.meaning}")
    elif len(tracked.scores) > 1:
        lines.append("Not compared: the activities changed between the first and last questionnaire.")
    return lines


def task_line(t: TaskSection) -> str:
    """'sit-to-stand (stands; higher is better): 9 on 2026-09-30, 12 on 2026-11-11: +3, better.'"""
    head = f"{t.name} ({shown_unit(t.name, t.unit)}; {t.better} is better): {num(t.first)} on {t.first_day}"
    if t.first_day == t.latest_day:
        return f"{head}, the only result."
    raw = t.latest - t.first
    change = ("+" if raw > 0 else "") + num(raw)
    verdict = {"better": "better", "worse": "worse", "same": "no change"}[t.direction]
    return f"{head}, {num(t.latest)} on {t.latest_day}: {change}, {verdict}."


TASK_NOTE = (
    "Each test from the latest result before this period (or the first in it) to the latest; no change "
    "threshold is set for these tests, so none is claimed."
)


def medicine_line(report: Report) -> str:
    taken = "; ".join(f"{m.name} ({SCHEDULES.get(m.schedule, m.schedule)}) {m.days}" for m in report.medicines)
    return f"Medicines, days taken of {report.days}: {taken}. paceit records medicines; it never advises on them."


def note_line(note: dict[str, str]) -> str:
    return f"{note['day']}: {note['text']}"
