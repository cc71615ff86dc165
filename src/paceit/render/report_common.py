"""Words and numbers shared by the report renderers (text, Markdown, HTML), so each
format says the same thing in the same words. Plain strings only; no markup."""

from __future__ import annotations

from collections.abc import Sequence

from paceit.outcomes import Tracked
from paceit.report import (
    ActivitySection,
    FlareSection,
    GoalSection,
    QuotaChange,
    RedFlagSection,
    Report,
    StepSection,
    WeekRow,
)
from paceit.units import format_amount

DECISIONS = {
    "pause": "paused",
    "reduce": "step back",
    "baseline": "finding baseline",
    "increase": "moved up",
    "hold": "held",
}
FLARE_KINDS = {"declared": "declared", "reported": "marked in the diary", "pain": "detected from pain"}
STATUS = {"mastered": "mastered", "current": "current step", "waiting": "waiting"}
MEASURE_NAMES = {
    "peg": "PEG (pain, enjoyment, activity; 0-10, lower is better)",
    "psfs": "PSFS (own activities; 0-10, higher is better)",
}


def num(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    rounded = round(float(value), digits)
    return f"{rounded:g}" if rounded == int(rounded) else f"{rounded:.{digits}f}"


def pct(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)} %"


def amount(value: float | None, unit: str) -> str:
    return "-" if value is None else format_amount(value, unit)


def title(report: Report) -> str:
    return f"paceit report: {report.start} to {report.end}"


def pain_lines(report: Report) -> list[str]:
    p = report.pain
    if p.baseline is None or p.recent is None or p.change is None:
        return ["Not enough diary entries in this period to compare early and recent pain."]
    c = p.change
    change = f"{c.change:+g}" + (f" ({c.percent:+g} %)" if c.percent is not None else "")
    return [
        f"Early in the period ({p.baseline_days[0]} to {p.baseline_days[1]}): {num(p.baseline)}/10 on average.",
        f"Recently ({p.recent_days[0]} to {p.recent_days[1]}): {num(p.recent)}/10. Change: {change}.",
        c.meaning,
    ]


def change_line(activity: ActivitySection, change: QuotaChange) -> str:
    word = DECISIONS.get(change.decision, change.decision)
    if change.decision == "pause":
        return f"{change.day} {word}: {change.reason}"
    if change.previous is None:
        return f"{change.day} quota set to {amount(change.target, activity.unit)}: {change.reason}"
    before = amount(change.previous, activity.unit)
    return f"{change.day} {word}, {before} → {amount(change.target, activity.unit)}: {change.reason}"


def change_lines(activity: ActivitySection) -> list[str]:
    """Every step back, pause or other change with its reason; the increases on one
    compact line (their reason is always that every gate held, or the rebuild after
    a flare, and a clinician reads the numbers)."""
    ups = [c for c in activity.changes if c.decision == "increase" and c.previous is not None]
    lines = [change_line(activity, c) for c in activity.changes if c not in ups]
    if ups:
        steps = ", ".join(f"{c.day:%d-%b} {num(c.previous)}→{num(c.target)}" for c in ups)
        lines.append(f"Moved up ({activity.unit}): {steps}.")
    return lines


def week_rows(weeks: Sequence[WeekRow]) -> list[list[str]]:
    """The weekly pain, sleep and mood table's cells, the same in every format."""
    return [
        [
            str(w.start),
            num(w.mean),
            "-" if w.min is None else f"{w.min}-{w.max}",
            str(w.n),
            num(w.sleep),
            num(w.mood),
            num(w.fatigue),
        ]
        for w in weeks
    ]


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


def step_row(s: StepSection) -> list[str]:
    predicted = f"{num(s.predicted_pain)} vs {num(s.actual_pain)}" if s.predicted_pain is not None else "-"
    happened = f"{s.feared_happened} of {s.feared_tested}" if s.feared_tested else "-"
    return [
        s.text,
        str(s.fear),
        STATUS.get(s.status, s.status),
        f"{s.trials} ({s.trials_in_period})",
        predicted,
        happened,
    ]


STEP_HEADERS = ["step", "fear", "status", "trials", "pain", "feared outcome"]


def flare_line(f: FlareSection) -> str:
    end = f"to {f.end}" if f.end else "still going"
    text = f"{f.start} {end}: {f.days} day{'s' if f.days != 1 else ''}, {FLARE_KINDS.get(f.kind, f.kind)}."
    if f.quota_back:
        text += f" Quotas back at their pre-flare level on {f.quota_back}, {f.recovery_days} days after it began."
    elif f.end:
        text += " Quotas are still rebuilding towards their pre-flare level."
    return text


def flare_summary(flares: Sequence[FlareSection]) -> str:
    if not flares:
        return "No flare in this period."
    days = sum(f.days for f in flares)
    return f"{len(flares)} flare{'s' if len(flares) != 1 else ''}, {days} flare day{'s' if days != 1 else ''} in all."


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


def measure_lines(tracked: Tracked) -> list[str]:
    name = MEASURE_NAMES.get(tracked.measure, tracked.measure)
    if not tracked.scores:
        return [f"{name}: none in this period."]
    series = ", ".join(f"{s.day} {num(s.score, 2)}" for s in tracked.scores)
    lines = [f"{name}: {series}."]
    c = tracked.change
    if c is not None:
        on = f" (on the same activities: {', '.join(c.items)})" if c.items else ""
        lines.append(f"From {num(c.before, 2)} to {num(c.after, 2)}{on}: {c.meaning}")
    elif len(tracked.scores) > 1:
        lines.append("Not compared: the activities changed between the first and last questionnaire.")
    return lines


def note_line(note: dict[str, str]) -> str:
    return f"{note['day']}: {note['text']}"
