"""Activity pacing: how much of each activity today, and why (clinical-rules.md §1-2,
§7-8 and "How `paceit next` decides", version 2).

The quota is a pure function of the history. `replay` walks day by day from the
activity's start to the asked day; the plan for a day uses the sessions dated
before it and the diary entries up to and including it, so a backfilled or
corrected entry gives exactly the plan a timely one would have. On each day the
first matching rule wins: pause (open red flag, groups 1-2), reduce (flare),
baseline, reduce (gap of 14+ days), reduce (latest session since the last change
was red), increase (every gate holds), hold.

Conservative readings, written down:
- A given `--baseline` is T; the starting quota is baseline.factor x T (0.8 by default), like a
  measured one.
- During a flare before any quota exists, the decision stays "baseline" (no
  target), with the flare named in the reasons.
- "Reduce (red)" returns to the previous quota only when that is lower; a
  reduction never raises the quota (after a gap, "previous" could be higher), and
  never goes below the starting quota Q0 (nor below the quota in force, when a
  break has taken it under Q0). At that floor the quota holds (decision "hold"),
  and the reasons say so; the red session still keeps the window's gate shut.
- A flare starting during a rebuild halves the quota in force, not the older one.
- Sessions with no pain-during are judged on what is known (zones.py): they count
  toward an increase, and the reasons ask for pain during.
- The gates' window is the sessions of the last `every` days, from the last change
  (or pause, or return) on: it slides while the quota holds, so an old red session
  or a short week stops counting once it is older than `every` days.
- "At least 80 % of the quota done" is judged per day with sessions (the quota is a
  daily amount, "do Q on every planned day"): two sessions of half the quota on one
  day make a day done; each day counts at most 100 %. "At least 3 sessions" counts
  sessions.
- R3 (morning pain rising week to week) is a gate on the day itself, never a red
  session: it holds an increase and a rebuild step, and steps nothing back.

Pure: no database, console or clock; `until` is a parameter.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Literal

from paceit.boombust import Judged, flag, with_boom
from paceit.flare import Episode, EpisodeIndex, pausing_flags
from paceit.glance import baseline_count, from_day, hold_summary, on_day
from paceit.pacing_state import CountedSession, State, WindowSession, done_share, state_from_json, state_json
from paceit.quota import (
    Rules,
    amount_text,
    baseline_mean,
    increased,
    rounded,
    step_taken,
    step_words,
)
from paceit.records import ActivityRecord, DiaryIndex, FlareDays, RedFlagRecord, SessionRecord
from paceit.redflags import ACTIONS, BY_CODE
from paceit.settings import WEEKDAYS
from paceit.usual import WeekCheck, week_check
from paceit.zones import Zone, session_zone

# The numbers of pacing live in quota.py; they are part of this module's interface too.
__all__ = [
    "DayPlan",
    "History",
    "Planner",
    "Rules",
    "baseline_mean",
    "increased",
    "plan_for",
    "replay",
    "session_key",
]


Decision = Literal["pause", "reduce", "baseline", "increase", "hold"]


@dataclass(frozen=True)
class History:
    """Everything the replay of one activity reads."""

    activity: ActivityRecord
    sessions: Sequence[SessionRecord]
    diary: DiaryIndex
    episodes: Sequence[Episode]
    flare_days: FlareDays  # flare day -> the day it was known (flare.py)
    flags: Sequence[RedFlagRecord]


@dataclass(frozen=True)
class DayPlan:
    day: date
    target: float | None
    decision: Decision
    zone: str | None
    reasons: tuple[str, ...]
    changed: bool = False  # the quota changed on this day (plan history lists these)
    previous: float | None = None  # the quota before a change
    cause: str = ""  # of a change: "start" | "increase" | "red:R1" (or R2, R1+R2) | "flare" | "rebuild" | "gap"
    summary: str = ""  # the one plain line of `next` (glance.py); the reasons hold every number


def session_key(session: SessionRecord) -> tuple[Any, ...]:
    """Content-only order of sessions: the order they were recorded in never matters."""
    return (
        session.day,
        session.minute,
        session.amount,
        *(
            -1 if v is None else v
            for v in (session.pain_during, session.pain_after, session.pain_before, session.effort)
        ),
    )


def replay(history: History, rules: Rules, until: date) -> list[DayPlan]:
    """The plan of every day from the activity's start to `until`."""
    planner = Planner(history, rules)
    plans = []
    day = history.activity.start
    while day <= until:
        plans.append(planner.plan(day))
        day += timedelta(days=1)
    return plans


class Planner:
    """The replay one day at a time: ask `plan(day)` for consecutive days. Callers that
    write history as they go (the demo) `add` each session once it is done, in time
    order and never before a planned day.

    `resume` (from `snapshot`) starts after the day it was taken on, with `history`
    holding at least the recent window `checkpoints.py` loads: the plans are the ones
    a replay from the activity's start would give (a test compares them)."""

    def __init__(self, history: History, rules: Rules, resume: Mapping[str, Any] | None = None) -> None:
        sessions = sorted(history.sessions, key=session_key)
        zones = {id(s): session_zone(s, history.diary, rules.zone, history.flare_days) for s in sessions}
        state = State() if resume is None else state_from_json(resume["state"])
        self._replay = _Replay(history, rules, sessions, zones, state)
        if resume is not None:  # sessions before the snapshot's day are counted already
            taken = date.fromisoformat(resume["day"])
            self._replay.seen = bisect_left([s.day for s in sessions], taken)
            for session in sessions[: self._replay.seen]:
                self._replay._judge(session)

    def plan(self, day: date) -> DayPlan:
        return self._replay.plan(day)

    @property
    def first_target(self) -> float | None:
        return self._replay.state.first_target

    def snapshot(self, day: date, keep_from: date) -> dict[str, Any]:
        """What `resume` needs to go on after `day` (the last planned day); the quota
        of each day is kept from `keep_from` on."""
        return {"day": day.isoformat(), "state": state_json(self._replay.state, keep_from)}

    def add(self, session: SessionRecord) -> Zone:
        replay = self._replay
        zone = session_zone(session, replay.history.diary, replay.rules.zone, replay.history.flare_days)
        replay.sessions.append(session)
        replay.zones[id(session)] = zone
        return zone


@dataclass
class _Replay:
    history: History
    rules: Rules
    sessions: list[SessionRecord]
    zones: dict[int, Zone]
    state: State
    seen: int = 0  # how many sessions lie before the current day
    # Asked many times a day and fixed for a replay (its diary and flare days are):
    episodes: EpisodeIndex = field(init=False)
    # The counted sessions as the boom-bust rule sees them, in order, and their days.
    judged: list[Judged] = field(default_factory=list)
    judged_days: list[date] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.episodes = EpisodeIndex(self.history.episodes)

    def _week(self, day: date) -> WeekCheck:
        """R3 on `day`; `week_check` memoises it on the diary for the run's flare days."""
        return week_check(self.history.diary, day, self.rules.zone.usual, self.history.flare_days)

    def plan(self, day: date) -> DayPlan:
        while self.seen < len(self.sessions) and self.sessions[self.seen].day < day:
            self._count(self.sessions[self.seen])
            self.seen += 1
        self.state.slide(day - timedelta(days=self.rules.every_days))
        self._watch_boombust(day)
        result = self._decide(day)
        self.state.quota_by_day[day] = result.target
        if self.state.first_target is None:
            self.state.first_target = result.target
        notes = self._notes(day) if result.decision != "pause" else ()
        return replace(result, zone=self._zone(), reasons=result.reasons + notes)

    def _count(self, session: SessionRecord) -> None:
        """A session joins the history the day after it happened: into the gates' window
        (the sessions since the clock started, all at today's quota) and, outside a
        flare, as the latest one the step-back rule judges."""
        state = self.state
        zone = self.zones[id(session)]
        counted = CountedSession(session.day, session.amount, zone)
        if state.quota is not None and state.clock_from is not None and session.day >= state.clock_from:
            done = Fraction(session.amount / state.quota)
            state.window.append(WindowSession(session.day, done, zone.zone, zone.unrated))
        if state.changed_on is not None and session.day >= state.changed_on and not self._in_flare(session.day):
            state.latest_plain = counted
        state.latest = counted
        if len(state.first_amounts) < self.rules.baseline_sessions:
            state.first_amounts.append(session.amount)
        self._judge(session)

    def _judge(self, session: SessionRecord) -> None:
        """Final once counted: its day is planned, and the quota of a planned day never changes."""
        quota = self.state.quota_by_day.get(session.day)
        judged = Judged(session.day, session.amount, quota, self.zones[id(session)].zone == "red")
        earlier = self.judged[bisect_left(self.judged_days, session.day - timedelta(days=14)) :]
        self.judged.append(with_boom(judged, earlier, self.rules.boom))
        self.judged_days.append(session.day)

    def _in_flare(self, day: date) -> bool:
        return self.episodes.active_on(day) is not None

    def _zone(self) -> str | None:
        return self.state.latest.zone.zone if self.state.latest else None

    def _decide(self, day: date) -> DayPlan:
        flags = pausing_flags(self.history.flags, day)
        if flags:
            if self.state.quota is not None:  # the gates start again after the review (§1: no red flag)
                self.state.restart(day, "the red-flag pause")
            return _pause(day, flags)
        episode = self.episodes.active_on(day)
        given = self.history.activity.baseline
        if self.state.quota is None and given and episode:
            self._start_quota(day, given, "")  # a given baseline on a flare day starts halved (rule 2 first)
        if episode and self.state.quota is not None:
            return self._flare(day, episode)
        if self.state.quota is None:
            return self._baseline(day, episode)
        if self.state.flare_pre is not None and self.state.rebuild_next is None:
            self._plan_rebuild(day)
        gap = self._gap(day)
        if gap:
            return gap
        red = self._red(day)
        if red:
            return red
        if self.state.rebuild_next is not None:
            return self._rebuild_wait(day) or self._rebuild(day)
        return self._increase_or_hold(day)

    # --- the rules, in the decision order -------------------------------------------

    def _flare(self, day: date, episode: Episode) -> DayPlan:
        state, unit = self.state, self.rules.unit
        assert state.quota is not None
        reasons = []
        if state.flare_started != episode.start:
            usual = state.quota
            low = rounded(self.rules.flare_factor * usual, unit)
            state.flare_pre, state.flare_started, state.rebuild_next = usual, episode.start, None
            before = state.change(day, low, f"a flare began on {episode.start}")
            reasons.append(
                f"A flare began on {episode.start} ({_flare_kind(episode)}): today's amount is "
                f"{self.rules.flare_factor:g} x your usual {amount_text(usual, unit)}, held until it "
                "settles. Smaller, not nothing."
            )
            plan = DayPlan(day, state.quota, "reduce", None, (), True, before, "flare")
        else:
            assert state.flare_pre is not None
            reasons.append(
                f"Flare since {episode.start} ({_flare_kind(episode)}): holding at "
                f"{amount_text(state.quota, unit)}, {self.rules.flare_factor:g} x your usual "
                f"{amount_text(state.flare_pre, unit)}, until it settles."
            )
            plan = DayPlan(day, state.quota, "reduce", None, ())
            usual = state.flare_pre
        reasons.append(self._flare_end_words(day, episode))
        summary = (
            "Flare's last day: smaller today, rebuilding from tomorrow."
            if episode.ends_on(day)
            else f"Smaller while the flare settles (usual {amount_text(usual, unit)})."
        )
        return replace(plan, reasons=tuple(reasons), summary=summary)

    def _flare_end_words(self, day: date, episode: Episode) -> str:
        """How the flare ends and what follows; never the command to end a flare already ended."""
        rebuild = f"in {self.rules.rebuild_steps} steps over at least {self.rules.rebuild_days} days"
        if episode.ends_on(day):
            return f"The flare ends today (the last reduced day); the amount rebuilds from tomorrow {rebuild}."
        ends = (
            "It ends when you run 'paceit flare end'"
            if episode.ends_by_declaration(day)
            else f"It ends after {self.rules.flare.end_days} calmer days in a row (or 'paceit flare end')"
        )
        return f"{ends}; then the amount rebuilds {rebuild}."

    def _baseline(self, day: date, episode: Episode | None) -> DayPlan:
        activity, rules, unit = self.history.activity, self.rules, self.rules.unit
        if activity.baseline:
            return self._start_quota(
                day, activity.baseline, f"the baseline of {amount_text(activity.baseline, unit)} set for this activity"
            )
        amounts = self.state.first_amounts
        mean = baseline_mean(amounts, rules.baseline_sessions)
        if mean is not None and episode is None:
            first = ", ".join(amount_text(amount, unit) for amount in amounts)
            return self._start_quota(
                day,
                mean,
                f"the mean of your first {rules.baseline_sessions} sessions ({first}) = {amount_text(mean, unit)}",
            )
        done = len(amounts) + self._logged_on(day)
        count = baseline_count(done, rules.baseline_sessions)
        then = "do what you can manage before symptoms clearly rise, then stop; no target yet"
        if done >= rules.baseline_sessions and episode is None:
            then = "today's session completes it, and plans use it from tomorrow; no target today"
        reasons = [f"Finding your baseline: {count}: {then}."]
        summary = f"Finding your baseline: {count}."
        if episode:
            reasons.append(
                f"A flare is on since {episode.start}: keep these sessions gentle; the baseline "
                "will be set once it settles."
            )
            summary = f"Finding your baseline: {count}; gently, in the flare."
        return DayPlan(day, None, "baseline", None, tuple(reasons), summary=summary)

    def _logged_on(self, day: date) -> int:
        """Sessions dated `day` itself: they count from tomorrow's plan, yet the words of the
        baseline count them, as `log` does the moment they are saved. Asked while `day` is
        planned: the sessions are in day order and `seen` is past every earlier one, so
        they are the run of `day`'s sessions from `seen` on (issue 19: counting over all
        the later sessions made a replay from the start quadratic in the history)."""
        sessions, end = self.sessions, self.seen
        while end < len(sessions) and sessions[end].day == day:
            end += 1
        return end - self.seen

    def _start_quota(self, day: date, mean: float, source: str) -> DayPlan:
        quota = rounded(self.rules.baseline_factor * mean, self.rules.unit)
        self.state.baseline, self.state.start_quota = mean, quota
        self.state.change(day, quota, "starting quota")
        reason = (
            f"Starting quota {amount_text(quota, self.rules.unit)}: {self.rules.baseline_factor:g} x "
            f"{source}. It rises {step_words(self.rules)} every {self.rules.every_days} days when "
            "your sessions go well."
        )
        summary = "Your starting amount, a little under your first sessions."
        if not source:
            summary = "Your starting amount, smaller while the flare settles."
        return DayPlan(day, quota, "hold", None, (reason,), True, None, "start", summary)

    def _gap(self, day: date) -> DayPlan | None:
        state, rules = self.state, self.rules
        if state.latest is None or state.quota is None:
            return None
        last = state.latest.day
        idle = (day - last).days
        if idle < rules.gap_days:
            return None
        if state.gap_handled == last:  # still away: the welcome stands, the clock starts when they are back
            state.restart(day, "your return after the break")
            summary = "Welcome back: lighter after your break, building up again."
            return DayPlan(day, state.quota, "reduce", None, (self._welcome(last, idle),), summary=summary)
        state.gap_handled = last
        state.flare_pre = state.rebuild_next = None
        new = rounded(rules.gap_factor * state.quota, rules.unit)
        old = state.change(day, new, f"a {idle}-day break since {last}")
        summary = f"Welcome back: lighter after {idle} days away, building up again."
        return DayPlan(day, new, "reduce", None, (self._welcome(last, idle, old),), True, old, "gap", summary)

    def _welcome(self, last: date, idle: int, old: float | None = None) -> str:
        unit, quota, state = self.rules.unit, self.state.quota, self.state
        assert quota is not None
        if old is not None:
            set_when = f"so your amount is {self.rules.gap_factor:g} x your quota ({amount_text(old, unit)} -> "
        else:
            set_when = f"so since {state.changed_on} your amount is {self.rules.gap_factor:g} x your quota ("
        return (
            f"Welcome back. Your last session was on {last}, {idle} days ago, {set_when}"
            f"{amount_text(quota, unit)}). It will build up again by the usual rule from your first session back."
        )

    def _red(self, day: date) -> DayPlan | None:
        state, rules = self.state, self.rules
        assert state.quota is not None and state.changed_on is not None
        latest = state.latest_plain
        if latest is None or latest.zone.zone != "red":
            return None
        lower = state.previous is not None and state.previous < state.quota
        wanted = state.previous if lower and state.previous is not None else rules.regress_factor * state.quota
        floor = min(state.quota, state.start_quota if state.start_quota is not None else state.quota)
        new = max(rounded(wanted, rules.unit), floor)
        why = "; ".join(latest.zone.notes) or "red zone"
        if new >= state.quota:
            start = amount_text(state.start_quota or floor, rules.unit)
            limit = (
                f"A step back never goes below your starting amount of {start}, the amount meant for a bad day."
                if state.start_quota is None or floor >= state.start_quota
                else f"Today's amount is already below your starting amount of {start}, and a step back goes no lower."
            )
            reason = (
                f"Holding at {amount_text(state.quota, rules.unit)}: your session on {latest.day} was in the red "
                f"zone ({why}). {limit}"
            )
            summary = (
                f"Your session {on_day(latest.day, day)} was red; already at your starting amount."
            )
            return DayPlan(day, state.quota, "hold", None, (reason,), summary=summary)
        state.flare_pre = state.rebuild_next = None
        old = state.change(day, new, f"the red-zone session on {latest.day}")
        assert old is not None
        how = "back to your previous quota" if lower else f"{rules.regress_factor:g} x the quota"
        if new == floor and new > rounded(wanted, rules.unit):
            how = "your starting amount, the lowest a step back goes"
        reason = (
            f"Stepping back: your session on {latest.day} was in the red zone ({why}). "
            f"Today's amount is {how}: {amount_text(old, rules.unit)} -> {amount_text(new, rules.unit)}."
        )
        summary = f"Stepping back: your session {on_day(latest.day, day)} was in the red zone."
        cause = "red:" + "+".join(latest.zone.failed)
        return DayPlan(day, new, "reduce", None, (reason,), True, old, cause, summary)

    def _spacing(self) -> int:
        return max(1, math.ceil(self.rules.rebuild_days / self.rules.rebuild_steps))

    def _plan_rebuild(self, day: date) -> None:
        """`day` is the first day after the flare; the last step lands on its
        `rebuild_days`-th day at the earliest (e.g. steps on days 2 and 4)."""
        state = self.state
        assert state.flare_pre is not None and state.quota is not None
        state.rebuild_next = day + timedelta(days=self._spacing() - 1)
        state.rebuild_left = self.rules.rebuild_steps
        state.rebuild_step = (state.flare_pre - state.quota) / self.rules.rebuild_steps

    def _rebuild_wait(self, day: date) -> DayPlan | None:
        """Between rebuild steps, or while morning pain is rising, hold and say when."""
        state, rules = self.state, self.rules
        assert state.quota is not None and state.flare_pre is not None and state.rebuild_next is not None
        week = self._week(day)
        if day >= state.rebuild_next and week.holds is not False:
            return None
        if day >= state.rebuild_next:
            state.rebuild_next = day + timedelta(days=1)
            why = f"the next step waits: {week.text()}"
            summary = "Rebuilding after the flare; waiting while morning pain is up."
        else:
            why = f"the next step is due on {state.rebuild_next}"
            summary = f"Rebuilding after the flare; next step up {from_day(state.rebuild_next, day)}."
        reason = (
            f"Rebuilding after the flare: holding at {amount_text(state.quota, rules.unit)} on the way back "
            f"to {amount_text(state.flare_pre, rules.unit)}; {why}."
        )
        return DayPlan(day, state.quota, "hold", None, (reason,), summary=summary)

    def _rebuild(self, day: date) -> DayPlan:
        state, rules = self.state, self.rules
        assert state.quota is not None and state.flare_pre is not None
        state.rebuild_left -= 1
        done = rules.rebuild_steps - state.rebuild_left
        last = state.rebuild_left <= 0
        new = state.flare_pre if last else rounded(state.quota + state.rebuild_step, rules.unit)
        new = min(new, state.flare_pre)
        pre = state.flare_pre
        old = state.change(day, new, f"rebuilding after the flare, step {done} of {rules.rebuild_steps}")
        state.rebuild_next = None if last else day + timedelta(days=self._spacing())
        if last:
            state.flare_pre = None
        reason = (
            f"Rebuilding after the flare, step {done} of {rules.rebuild_steps}: "
            f"{amount_text(old or new, rules.unit)} -> {amount_text(new, rules.unit)}, toward your "
            f"pre-flare {amount_text(pre, rules.unit)}."
        )
        summary = f"Rebuilding after the flare: step {done} of {rules.rebuild_steps}."
        return DayPlan(day, new, "increase", None, (reason,), True, old, "rebuild", summary)

    def _increase_or_hold(self, day: date) -> DayPlan:
        state, rules = self.state, self.rules
        assert state.quota is not None and state.changed_on is not None
        misses = self._gates(day)
        target = self.history.activity.target
        if target is not None and state.quota >= target:
            misses.append(f"you have reached your target of {amount_text(target, rules.unit)}; keep it steady")
        if misses:
            since = f"Quota last changed on {state.changed_on}: {state.change_reason}."
            reason = f"Holding at {amount_text(state.quota, rules.unit)}: " + "; ".join(misses) + "."
            plan = DayPlan(day, state.quota, "hold", None, (reason, since, *self._unrated_words()))
            at_target = target is not None and state.quota >= target
            return replace(plan, summary=self._hold_summary(day, at_target=at_target))
        new = increased(state.quota, rules, state.baseline)
        capped = target is not None and new > target
        if target is not None:
            new = min(new, target)
        passed = self._passed_words(day)
        old = state.change(day, new, f"moved up, every gate held ({step_words(rules)} a step)")
        assert old is not None
        size = step_taken(old, new, rules.unit) + (", up to your target" if capped else "")
        reason = (
            f"Moving up: {amount_text(old, rules.unit)} -> {amount_text(new, rules.unit)} ({size}). "
            f"{passed}."
        )
        summary = "Moving up: your recent sessions went well."
        return DayPlan(day, new, "increase", None, (reason,), True, old, "increase", summary)

    def _hold_summary(self, day: date, *, at_target: bool) -> str:
        """The gates of `_gates` as one plain line (glance.hold_summary)."""
        state, rules = self.state, self.rules
        assert state.clock_from is not None
        red = [w.day for w in state.window if w.zone == "red"]
        boom = state.boombust_on if state.boombust_on is not None and (day - state.boombust_on).days < 14 else None
        short = bool(state.window) and self._done_share() < rules.done_share - 1e-9
        return hold_summary(
            today=day,
            can_rise_on=state.clock_from + timedelta(days=rules.every_days),
            sessions_short=max(0, rules.min_sessions - len(state.window) - self._logged_on(day)),
            red_on=red[-1] if red else None,
            boombust_on=boom,
            rising=self._week(day).holds is False,
            short_of_quota=short,
            at_target=at_target,
        )

    def _done_share(self) -> float:
        return done_share(self.state.window)

    def _gates(self, day: date) -> list[str]:
        """What still stands between today and an increase, in words with the numbers."""
        state, rules = self.state, self.rules
        assert state.quota is not None and state.clock_from is not None
        misses = []
        waited = (day - state.clock_from).days
        if waited < rules.every_days:
            misses.append(
                f"{waited} of {rules.every_days} days since {state.clock_reason} on {state.clock_from}"
            )
        window = state.window
        if len(window) < rules.min_sessions:
            have = _count(len(window), "session")
            misses.append(f"{have} {self._span(day)}, {rules.min_sessions} needed")
        red = [w.day for w in window if w.zone == "red"]
        if red:
            misses.append(f"a session in the red zone on {red[-1]}, less than {rules.every_days} days ago")
        if window:
            done = self._done_share()
            if done < rules.done_share - 1e-9:
                misses.append(f"on average {done:.0%} of the quota done, {rules.done_share:.0%} needed")
        week = self._week(day)
        if week.holds is False:
            misses.append(week.text())
        if state.boombust_on is not None and (day - state.boombust_on).days < 14:
            misses.append(f"a boom-bust pattern on {state.boombust_on}: {state.boombust_text}")
        return misses

    def _span(self, day: date) -> str:
        """The window in words: "in the last 7 days", or "since then" while it is younger."""
        assert self.state.clock_from is not None
        if (day - self.state.clock_from).days >= self.rules.every_days:
            return f"in the last {self.rules.every_days} days"
        return "since then"

    def _unrated_words(self) -> tuple[str, ...]:
        unrated = sum(w.unrated for w in self.state.window)
        if not unrated:
            return ()
        return (
            f"{_count(unrated, 'recent session')} without pain during: they count, judged on what is known; "
            "log pain during (--pain-during) so paceit can tell how they went.",
        )

    def _passed_words(self, day: date) -> str:
        state = self.state
        assert state.clock_from is not None and state.quota is not None
        week = self._week(day)
        morning = "morning pain steady" if week.holds else "morning pain not yet compared week to week"
        return (
            f"{(day - state.clock_from).days} days since {state.clock_reason} on {state.clock_from}, "
            f"{_count(len(state.window), 'session')} {self._span(day)}, none red, "
            f"{self._done_share():.0%} of the quota done on average, {morning}, no boom-bust pattern"
        )

    # --- always ----------------------------------------------------------------------

    def _watch_boombust(self, day: date) -> None:
        rules = self.rules.boom
        horizon = day - timedelta(days=rules.window + 14 + rules.bust_window)
        recent = self.judged[bisect_left(self.judged_days, horizon) :]
        found = flag(recent, self.history.flare_days, day, rules, ordered=True)
        if found:
            self.state.boombust_on, self.state.boombust_text = day, found

    def _notes(self, day: date) -> tuple[str, ...]:
        notes = []
        latest = self.state.latest
        if latest is not None:
            zone = latest.zone
            detail = f" ({'; '.join(zone.notes)})" if zone.notes else ""
            notes.append(
                f"Last session ({latest.day}): {amount_text(latest.amount, self.rules.unit)}, "
                f"{zone.zone} zone{detail}."
            )
            quota = self.state.quota_by_day.get(latest.day)
            week = self.judged[bisect_left(self.judged_days, day - timedelta(days=7)) :]
            booms = [j for j in week if j.quota and j.boom]  # at least `boom` x that day's quota
            if booms and quota is not None:
                boom = booms[-1]
                notes.append(
                    f"Stop at the quota even on good days: on {boom.day} you did "
                    f"{amount_text(boom.amount, self.rules.unit)}, at least "
                    f"{self.rules.boom.boom:g} x that day's quota."
                )
        if self.seen < len(self.sessions) and self.sessions[self.seen].day == day:
            notes.append("Today's session is in; it counts from tomorrow's plan.")
        if WEEKDAYS[day.weekday()] not in self.rules.plan_days:
            notes.append(
                f"{day:%A} is not one of your planned days ({', '.join(self.rules.plan_days)}); rest is part of pacing."
            )
        return tuple(notes)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _pause(day: date, flags: Sequence[RedFlagRecord]) -> DayPlan:
    reasons = []
    for f in flags:
        what = BY_CODE[f.code].question if f.code in BY_CODE else f.code
        if f.cleared == day:  # reviewed: the emergency advice of the tick is over
            reasons.append(f"Paused today: {what} (ticked {f.day}), reviewed by a clinician today.")
        else:
            reasons.append(f"Paused: {what} (ticked {f.day}). {ACTIONS[f.group]}")
    waiting = [f for f in flags if f.cleared != day]
    summary = "Paused until a clinician has reviewed your red flag."
    if not waiting:
        summary = "Paused today, after your red flag's review; resumes tomorrow."
    if waiting:
        commands = " and ".join(f"paceit redflag clear {f.id} --reviewed 'what they said'" for f in waiting)
        reasons.append(
            "Your plan and your exposure ladder stay paused until a clinician has reviewed this; "
            f"then record it with: {commands}."
        )
    else:
        reasons.append(
            f"A clinician's review was recorded today ({day}): your plan resumes tomorrow at the "
            "same amount, and the gates for moving up start again from then."
        )
    return DayPlan(day, None, "pause", None, tuple(reasons), summary=summary)


def _flare_kind(episode: Episode) -> str:
    return {
        "declared": "declared by you",
        "reported": "you marked it in your diary",
        "pain": "your pain has been well above your usual",
    }[episode.kind]


def plan_for(history: History, rules: Rules, day: date) -> tuple[DayPlan, float | None]:
    """Day `day`'s plan and the day before's target (`previous_target` of the contract)."""
    plans = replay(history, rules, day)
    if not plans:
        return DayPlan(day, None, "baseline", None, (f"This activity starts on {history.activity.start}.",)), None
    previous = plans[-2].target if len(plans) > 1 else None
    return plans[-1], previous
