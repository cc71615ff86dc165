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

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from paceit.pacing_changes import QuotaChanges
from paceit.pacing_gates import IncreaseGates
from paceit.pacing_replay import DayPlan, History, session_key
from paceit.pacing_state import CountedSession, State, WindowSession, state_from_json, state_json
from paceit.pacing_words import note_words
from paceit.quota import (
    Rules,
    baseline_mean,
    increased,
)
from paceit.records import RedFlagRecord, SessionRecord
from paceit.redflags import ACTIONS, BY_CODE, pausing_flags
from paceit.zones import Zone, session_zone, session_zones

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
        judged = session_zones(sessions, history.diary, rules.zone, history.flare_days)
        zones = {id(s): zone for s, zone in zip(sessions, judged, strict=True)}
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


class _Replay(QuotaChanges, IncreaseGates):
    """The whole replay: the decision order (`_decide`), what is said every day, and the
    quota's changes and increase gates of its bases."""

    def plan(self, day: date) -> DayPlan:
        sessions, state = self.sessions, self.state
        while self.seen < len(sessions) and sessions[self.seen].day < day:
            self._count(sessions[self.seen])
            self.seen += 1
        if state.window:
            state.slide(day - self.every)
        found = self.boom_watch.flag(day)
        if found:
            state.boombust_on, state.boombust_text = day, found
        latest = state.latest
        self.today = (latest.zone.zone if latest else None, self._notes(day))  # the rules' plans take them
        r = self._decide(day)
        state.quota_by_day[day] = r.target
        if state.first_target is None:
            state.first_target = r.target
        if r.decision == "pause":  # no notes: the pause's reasons say it all
            zone = self.today[0]
            return DayPlan(r.day, r.target, r.decision, zone, r.reasons, r.changed, r.previous, r.cause, r.summary)
        return r

    def _count(self, session: SessionRecord) -> None:
        """A session joins the history the day after it happened: into the gates' window
        (the sessions since the clock started, all at today's quota) and, outside a
        flare, as the latest one the step-back rule judges."""
        state = self.state
        zone = self.zones[id(session)]
        counted = CountedSession(session.day, session.amount, zone)
        if state.quota is not None and state.clock_from is not None and session.day >= state.clock_from:
            done = session.amount / state.quota  # exact as a float's value (done_share sums it so)
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
        self.boom_watch.count(session.day, session.amount, quota, self.zones[id(session)].zone == "red")

    def _in_flare(self, day: date) -> bool:
        return self.episodes.active_on(day) is not None

    def _decide(self, day: date) -> DayPlan:
        first, last = self.pause_span
        flags = pausing_flags(self.history.flags, day) if first <= day <= last else None
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

    # --- always (the rules, in the decision order above, are in pacing_changes.py and
    # pacing_gates.py) ---------------------------------------------------------------

    def _notes(self, day: date) -> Callable[[], tuple[str, ...]]:
        """The day's notes (`pacing_words.note_words`), from what is known on `day`."""
        latest = self.state.latest
        latest_quota = self.state.quota_by_day.get(latest.day) if latest is not None else None
        today_in = self.seen < len(self.sessions) and self.sessions[self.seen].day == day
        watch = self.boom_watch
        return partial(
            note_words, self.rules, day, latest, latest_quota, watch.judged, watch.days, len(watch.judged), today_in
        )


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


def plan_for(history: History, rules: Rules, day: date) -> tuple[DayPlan, float | None]:
    """Day `day`'s plan and the day before's target (`previous_target` of the contract)."""
    plans = replay(history, rules, day)
    if not plans:
        return DayPlan(day, None, "baseline", None, (f"This activity starts on {history.activity.start}.",)), None
    previous = plans[-2].target if len(plans) > 1 else None
    return plans[-1], previous
