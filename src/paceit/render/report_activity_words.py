"""The report's words for activities: what was done, each change of quota and its cause,
the activities table and the training-load footnote, shared by the text, Markdown and
HTML/PDF renderers (so each says the same thing in the same words). Plain strings only.

Split from `report_common` (the words of the other sections) because the activity
section has the most to say: a quota's changes are summed up or listed, and a step
back's cause is cut to its first clauses, which needs rules of its own.
"""

from __future__ import annotations

import re
from datetime import date

from paceit.render.numbers import mean, num, pct
from paceit.render.report_common import amount, plural
from paceit.report import ActivitySection, QuotaChange, Report
from paceit.report_pacing import CAUSES, count_causes

DECISIONS = {
    "pause": "paused",
    "reduce": "step back",
    "baseline": "finding baseline",
    "increase": "moved up",
    "hold": "held",
}


def activity_heading(report: Report, a: ActivitySection) -> str:
    """What was done, or (no session in the period) the activity's name over its changes."""
    return session_line(report, a) or f"{a.name}: changes in this period"


def session_line(report: Report, a: ActivitySection) -> str | None:
    """What was actually done: sessions, amounts, pain during and after, and the booms."""
    s = report.sessions.get(a.name)
    if s is None or not s.sessions:
        return None
    text = (
        f"{a.name}: {plural(s.sessions, 'session')}, median {amount(s.median_amount, a.unit)} "
        f"(range {amount(s.low, a.unit)} to {amount(s.high, a.unit)})"
    )
    if s.rated:
        text += f"; pain during {mean(s.pain_during)}, after {mean(s.pain_after)} (medians)"
    if s.booms:
        listed = ", ".join(f"{b.day} {num(b.amount)} (quota {num(b.quota)})" for b in s.booms)
        text += f"; {plural(len(s.booms), 'boom')} (1.2 x the quota or more): {listed}"
    else:
        text += "; no boom (no session at 1.2 x the quota or more)"
    return text + "."


def after_colon(text: str) -> str:
    """A sentence continued after a colon: its first letter in lower case ('A flare began'
    -> 'a flare began'), unless the first word is an abbreviation such as 'PEG' or 'R2'."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1].isupper() or first[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]


_RED = re.compile(r"^Stepping back: (your session on \S+ was in the red zone) \((.*?)\)\.(?: |$)")


_START = re.compile(r"^starting quota [^:]*: (.*?)\. ", re.IGNORECASE)


def short_cause(change: QuotaChange) -> str:
    """One short cause for a change: a red-zone step back keeps the session's day and the
    first clause of each failed rule ("pain during was 8, above 7; the next morning's pain
    was 9, 3 above your usual 6"), not the rule's whole explanation; a starting quota keeps
    how it was set, not the promise of what comes next."""
    red = _RED.match(change.reason)
    if red:
        failed = "; ".join(part.split(": ", 1)[0] for part in red.group(2).split("; ")[:2])
        return f"{red.group(1)}: {failed}."
    start = _START.match(change.summary)
    if start and change.previous is None:
        return start.group(1) + "."
    return change.summary


def change_line(activity: ActivitySection, change: QuotaChange) -> str:
    word = DECISIONS.get(change.decision, change.decision)
    summary = after_colon(short_cause(change))
    if change.decision == "pause":
        return f"{change.day} {word}: {summary}"
    if change.previous is None:
        return f"{change.day} quota set to {amount(change.target, activity.unit)}: {summary}"
    if change.target == change.previous:
        return (
            f"{change.day} {word}: stayed at {amount(change.target, activity.unit)} (smallest step). "
            f"{short_cause(change)}"
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
    listed = [c for c in later if _moved_up(c)]
    started = [c for c in later if c.previous is None and c.decision != "pause"] if len(listed) > MOVES_LISTED else []
    lines += [change_line(activity, c) for c in later if not _moved_up(c) and c not in started]
    if len(listed) > MOVES_LISTED:
        start = ""
        if started:
            first = started[0]
            how = short_cause(first).rstrip(".")
            start = f"Started at {amount(first.target, activity.unit)} on {first.day} ({how}); "
        lines.append(
            f"{start}{'m' if start else 'M'}oved up {len(listed)} times, in {activity.unit}: "
            f"{num(listed[0].previous)}→{num(listed[0].target)} on {listed[0].day} first, "
            f"{num(listed[-1].previous)}→{num(listed[-1].target)} on {listed[-1].day} last "
            f"(each one: paceit plan history {activity.name})."
        )
    elif listed:
        steps = ", ".join(f"{c.day} {num(c.previous)}→{num(c.target)}" for c in listed)
        lines.append(f"Moved up, in {activity.unit}: {steps}.")
    return lines


MOVES_LISTED = 4  # more moves up than this are summed up: the chart and `plan history` show each


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


LOAD_CAVEAT = (
    "Information only: the acute:chronic load ratio (from team-sport athletes), monotony (how alike the "
    "days' loads are: their mean / SD over 7 days) and strain (the week's load x monotony) come from sports "
    "training, are not validated in chronic pain and never change your plan (paceit's rules page, section 8: "
    "paceit learn rules)."
)


def load_lines(report: Report) -> list[str]:
    """The load figures and one caveat for them all: a footnote, not a finding (issue 18)."""
    figures = f"Training load (effort x minutes): {report.load.text}"
    if report.monotony is not None:
        figures += f" {report.monotony.text}"
    return [figures, LOAD_CAVEAT]
