"""Words and numbers shared by the report renderers (text, Markdown, HTML), so each
format says the same thing in the same words. Plain strings only; no markup.

Number formats: means and changes with one decimal everywhere ("5.0/10", "-0.3");
counts, amounts and quotas as they are ("4 min", "12 reps"); dates in ISO form.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from paceit import ladder
from paceit.outcomes import Change, Tracked
from paceit.render.numbers import mean as mean
from paceit.render.numbers import num as num
from paceit.render.numbers import pct as pct
from paceit.report import (
    ActivitySection,
    FlareSection,
    GoalSection,
    QuotaChange,
    RedFlagSection,
    Report,
    StepSection,
    TaskSection,
    WeekRow,
)
from paceit.report_pacing import CAUSES, count_causes
from paceit.report_pain import window_words
from paceit.tasks import shown_unit
from paceit.units import format_amount

DECISIONS = {
    "pause": "paused",
    "reduce": "step back",
    "baseline": "finding baseline",
    "increase": "moved up",
    "hold": "held",
}
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
        f"change {_signed(c.change, c.mid_points, c.reached)}. {c.meaning} No published threshold exists "
        "for sleep: the one used is paceit's default, which a clinician may change (mid.sleep)."
    )


def pain_lines(report: Report) -> list[str]:
    sleep = sleep_line(report)
    return _pain_only(report) + ([sleep] if sleep else [])


def _pain_only(report: Report) -> list[str]:
    p = report.pain
    if p.baseline is None or p.recent is None or p.change is None:
        return ["Not enough diary entries in this period to compare early and recent pain."]
    first, last = window_words(p.window_days, "first"), window_words(p.window_days, "last")
    lines = [
        f"{first.capitalize()} of this period ({p.baseline_days[0]} to {p.baseline_days[1]}): "
        f"{mean(p.baseline)}/10 on average.",
        f"{last.capitalize()} ({p.recent_days[0]} to {p.recent_days[1]}): {mean(p.recent)}/10. "
        f"Change: {change_words(p.change)}.",
        p.change.meaning,
        *p.flare_notes,
    ]
    if p.diary is not None:
        d = p.diary
        lines.append(
            f"Since the diary began: its first two weeks ({d.first_days[0]} to {d.first_days[1]}) "
            f"{mean(d.before)}/10, so {change_words(d.change)} to the {last}. {d.change.meaning}"
        )
    return lines


def after_colon(text: str) -> str:
    """A sentence continued after a colon: its first letter in lower case ('A flare began'
    -> 'a flare began'), unless the first word is an abbreviation such as 'PEG' or 'R2'."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1].isupper() or first[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]


def change_line(activity: ActivitySection, change: QuotaChange) -> str:
    word = DECISIONS.get(change.decision, change.decision)
    summary = after_colon(change.summary)
    if change.decision == "pause":
        return f"{change.day} {word}: {summary}"
    if change.previous is None:
        return f"{change.day} quota set to {amount(change.target, activity.unit)}: {summary}"
    if change.target == change.previous:
        return (
            f"{change.day} {word}: stayed at {amount(change.target, activity.unit)} (smallest step). {change.summary}"
        )
    before = amount(change.previous, activity.unit)
    return f"{change.day} {word}, {before} → {amount(change.target, activity.unit)}: {summary}"


def causes_words(causes: dict[str, int]) -> str:
    """'3 after a red-zone session, 1 for a flare'."""
    words = {"flare": "for {}", "red": "after {}", "gap": "after {}", "pause": "for {}", "other": "{}"}
    return ", ".join(f"{n} {words[k].format(CAUSES[k])}" for k, n in causes.items())


def _moved_up(change: QuotaChange) -> bool:
    return change.decision == "increase" and change.previous is not None


def change_lines(activity: ActivitySection, details_from: date) -> list[str]:
    """Every step back, pause or other change with its reason; the increases on one
    compact line (their reason is always that every gate held, or the rebuild after a
    flare, and a clinician reads the numbers). In a summarised report, the changes
    before `details_from` are counted, not listed."""
    early = [c for c in activity.changes if c.day < details_from]
    later = [c for c in activity.changes if c.day >= details_from]
    lines = []
    backs = [c for c in early if c.step_back]
    if backs:
        ups = len([c for c in early if _moved_up(c)])
        lines.append(
            f"Before {details_from}: {plural(len(backs), 'step back', 'steps back')} "
            f"({causes_words(count_causes(backs))}) and {plural(ups, 'move up', 'moves up')}."
        )
    lines += [change_line(activity, c) for c in later if not _moved_up(c)]
    listed = [c for c in later if _moved_up(c)]
    if listed:
        steps = ", ".join(f"{c.day} {num(c.previous)}→{num(c.target)}" for c in listed)
        lines.append(f"Moved up, in {activity.unit}: {steps}.")
    return lines


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


def activity_row(a: ActivitySection) -> list[str]:
    done = f"{a.done_days} of {a.planned_days} ({pct(a.adherence)})" if a.planned_days else "-"
    return [
        a.name,
        amount(a.first_quota, a.unit),
        amount(a.quota_at_start, a.unit),
        amount(a.quota_now, a.unit),
        done,
        str(len(a.steps_back)),
    ]


ACTIVITY_HEADERS = ["activity", "first", "period start", "now", "days done", "steps back"]
ACTIVITY_NOTE = "Days done: planned days with at least 80% of that day's quota done (today once it is done)."


def load_lines(report: Report) -> list[str]:
    lines = [f"Training load (effort x minutes): {report.load.text}", report.load.caveat]
    if report.monotony is not None:
        lines += [report.monotony.text, report.monotony.caveat]
    return lines


PROGRESS_TITLE = "Progress: improvements that reach the change that matters"


def step_row(s: StepSection) -> list[str]:
    predicted = f"{mean(s.predicted_pain)} vs {mean(s.actual_pain)}" if s.predicted_pain is not None else "-"
    happened = f"{s.feared_happened} of {s.feared_tested}" if s.feared_tested else "-"
    return [
        s.text,
        str(s.fear),
        STATUS.get(s.status, s.status),
        f"{s.trials} ({s.trials_in_period})",
        predicted,
        happened,
    ]


STEP_HEADERS = ["step", "fear", "status", "trials", "pain", "feared"]
STEP_NOTE = (
    "Trials: all (in this period). Pain: mean expected vs felt. Feared: the trials in which the "
    "feared outcome happened, of those that recorded it."
)


def trial_lines(report: Report) -> list[str]:
    """Each trial of the period, in time order: what was expected, whether it happened and
    whether safety behaviours were used (issue 17: stored, and now shown). A long period
    lists them from `details_from` on, as it does steps back (the JSON has every one)."""
    found = sorted(
        ((t, s) for s in report.ladder for t in s.period_trials if t.day >= report.details_from),
        key=lambda pair: (pair[0].day, pair[0].id),
    )
    return [
        f"{t.day} step #{s.id} ({s.text}): expected {ladder.expectation_words(t.expect, t.expect_likely)}; "
        f"happened: {ladder.HAPPENED_WORDS[t.happened]}; safety behaviours: {ladder.SAFETY_WORDS[t.safety]}."
        for t, s in found
    ]


def trials_title(report: Report) -> str:
    when = f"from {report.details_from}" if report.summarised else "in this period"
    return f"Trials {when}: what was expected, whether it happened, safety behaviours."


def ladder_line(report: Report) -> str:
    mastered = sum(1 for s in report.ladder if s.status == "mastered")
    trials = sum(s.trials_in_period for s in report.ladder)
    return f"{mastered} of {len(report.ladder)} steps mastered; {plural(trials, 'trial')} in this period."


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


def red_flag_line(f: RedFlagSection) -> str:
    review = f"reviewed {f.cleared}: {f.reviewed}" if f.cleared else "not yet reviewed by a clinician"
    return f"{f.day} (group {f.group}) {f.question} - {review}"


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
