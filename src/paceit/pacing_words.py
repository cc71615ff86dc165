"""The words of the days the quota holds at the gates, and the notes under every day's plan
(clinical-rules.md §1, "How `paceit next` decides"): written only when a plan's words are
read (`day_plan.DayPlan.later`), from what the replay captured on the day.

Why apart from the rules: a ten-year replay holds on about nine days in ten, and the words
of a hold (each gate that stands, with its numbers, and the one-line summary) and the
notes were about a third of its cost, for words that are read on a few days (issue 19,
fifth round). The functions here take only values fixed on the day (dates, numbers,
immutable records, a snapshot of the gates' window, the judged sessions up to a count),
so the words are the same whenever they are written.

Pure: no database, console or clock.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from paceit.boombust import Judged
from paceit.glance import hold_summary, plural
from paceit.pacing_state import CountedSession, WindowSession, done_share
from paceit.quota import Rules, amount_text
from paceit.settings import WEEKDAYS
from paceit.usual import WeekCheck


def hold_words(
    rules: Rules,
    week_of: Callable[[date], WeekCheck],
    day: date,
    quota: float,
    target: float | None,
    clock_from: date,
    clock_reason: str,
    changed_on: date,
    change_reason: str,
    window: tuple[WindowSession, ...],
    boombust_on: date | None,
    boombust_text: str,
    logged: int,
    notes: Callable[[], tuple[str, ...]],
) -> tuple[tuple[str, ...], str]:
    """The reasons (then the day's `notes`) and the summary of a hold at the gates: the
    gates count from `clock_from` (why: `clock_reason`), the quota last changed on
    `changed_on`, the last boom-bust pattern was on `boombust_on`, `logged` sessions are
    dated `day` itself; `week_of` is R3 (pure). The values one by one, not in pairs: the
    replay captures them on some 9,500 hold days of a ten-year history (issue 19, sixth round)."""
    reasons, summary = _hold_words(
        rules, week_of(day), day, quota, target, (clock_from, clock_reason), (changed_on, change_reason), window,
        (boombust_on, boombust_text), logged,
    )  # fmt: skip
    return reasons + notes(), summary


def _hold_words(
    rules: Rules,
    week: WeekCheck,
    day: date,
    quota: float,
    target: float | None,
    clock: tuple[date, str],
    changed: tuple[date, str],
    window: tuple[WindowSession, ...],
    boombust: tuple[date | None, str],
    logged: int,
) -> tuple[tuple[str, ...], str]:
    misses = gate_words(rules, week, day, clock, window, boombust)
    at_target = target is not None and quota >= target
    if target is not None and at_target:
        misses.append(f"you have reached your target of {amount_text(target, rules.unit)}; keep it steady")
    since = f"Quota last changed on {changed[0]}: {changed[1]}."
    reason = f"Holding at {amount_text(quota, rules.unit)}: " + "; ".join(misses) + "."
    red = [w.day for w in window if w.zone == "red"]
    summary = hold_summary(
        today=day,
        can_rise_on=clock[0] + timedelta(days=rules.every_days),
        sessions_short=max(0, rules.min_sessions - len(window) - logged),
        red_on=red[-1] if red else None,
        boombust_on=boombust[0] if boombust_stands(boombust[0], day) else None,
        rising=week.holds is False,
        short_of_quota=_short(rules, window),
        at_target=at_target,
    )
    return (reason, since, *unrated_words(window)), summary


def gate_words(
    rules: Rules,
    week: WeekCheck,
    day: date,
    clock: tuple[date, str],
    window: Sequence[WindowSession],
    boombust: tuple[date | None, str],
) -> list[str]:
    """What still stands between today and an increase, in words with the numbers."""
    misses = []
    waited = (day - clock[0]).days
    if waited < rules.every_days:
        misses.append(f"{waited} of {rules.every_days} days since {clock[1]} on {clock[0]}")
    if len(window) < rules.min_sessions:
        have = plural(len(window), "session")
        misses.append(f"{have} {span_words(rules, clock[0], day)}, {rules.min_sessions} needed")
    red = [w.day for w in window if w.zone == "red"]
    if red:
        misses.append(f"a session in the red zone on {red[-1]}, less than {rules.every_days} days ago")
    if window:
        done = done_share(window)
        if done < rules.done_share - 1e-9:
            misses.append(f"on average {done:.0%} of the quota done, {rules.done_share:.0%} needed")
    if week.holds is False:
        misses.append(week.text())
    if boombust_stands(boombust[0], day):
        misses.append(f"a boom-bust pattern on {boombust[0]}: {boombust[1]}")
    return misses


def boombust_stands(on: date | None, day: date) -> bool:
    """A boom-bust pattern holds the gates for 14 days (the decision's test too:
    `pacing_gates.IncreaseGates._a_gate_stands`)."""
    return on is not None and (day - on).days < 14


def _short(rules: Rules, window: Sequence[WindowSession]) -> bool:
    return bool(window) and done_share(window) < rules.done_share - 1e-9


def span_words(rules: Rules, clock_from: date, day: date) -> str:
    """The window in words: "in the last 7 days", or "since then" while it is younger."""
    if (day - clock_from).days >= rules.every_days:
        return f"in the last {rules.every_days} days"
    return "since then"


def unrated_words(window: Sequence[WindowSession]) -> tuple[str, ...]:
    unrated = sum(w.unrated for w in window)
    if not unrated:
        return ()
    return (
        f"{plural(unrated, 'recent session')} without pain during: they count, judged on what is known; "
        "log pain during (--pain-during) so paceit can tell how they went.",
    )


def note_words(
    rules: Rules,
    day: date,
    latest: CountedSession | None,
    latest_quota: float | None,
    judged: Sequence[Judged],
    judged_days: Sequence[date],
    known: int,
    today_in: bool,
) -> tuple[str, ...]:
    """The notes under a day's plan: the last session and its zone, a boom in the last week
    (of the first `known` judged sessions, those counted by `day`), today's session already
    in (`today_in`), a day off the planned days. `latest_quota` is the quota of the last
    session's day."""
    notes = []
    if latest is not None:
        zone = latest.zone
        detail = f" ({'; '.join(zone.notes)})" if zone.notes else ""
        notes.append(
            f"Last session ({latest.day}): {amount_text(latest.amount, rules.unit)}, {zone.zone} zone{detail}."
        )
        week = judged[bisect_left(judged_days, day - timedelta(days=7), 0, known) : known]
        booms = [j for j in week if j.quota and j.boom]  # at least `boom` x that day's quota
        if booms and latest_quota is not None:
            boom = booms[-1]
            notes.append(
                f"Stop at the quota even on good days: on {boom.day} you did "
                f"{amount_text(boom.amount, rules.unit)}, at least {rules.boom.boom:g} x that day's quota."
            )
    if today_in:
        notes.append("Today's session is in; it counts from tomorrow's plan.")
    if WEEKDAYS[day.weekday()] not in rules.plan_days:
        notes.append(
            f"{day:%A} is not one of your planned days ({', '.join(rules.plan_days)}); rest is part of pacing."
        )
    return tuple(notes)
