"""The pacing replay's reading of one activity (`History`), its answer for a day
(`DayPlan`, day_plan.py), and the memory every rule of the replay shares (`ReplayBase`): split from
pacing.py (issue 19) so that the quota's changes (pacing_changes.py) and the increase
gates (pacing_gates.py) each live in a module of their own.

Pure: no database, console or clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from paceit.boombust import BoomWatch
from paceit.day_plan import DayPlan, Decision
from paceit.flare_episodes import Episode, EpisodeIndex
from paceit.pacing_state import State, WindowSession
from paceit.quota import (
    Rules,
)
from paceit.records import ActivityRecord, DiaryIndex, FlareDays, RedFlagRecord, SessionRecord
from paceit.recordtype import field, record
from paceit.redflags import PAUSING_GROUPS
from paceit.usual import WeekCheck, week_check
from paceit.zones import Zone

__all__ = ["DayPlan", "Decision", "History", "ReplayBase", "session_key"]


@record
class History:
    """Everything the replay of one activity reads."""

    activity: ActivityRecord
    sessions: Sequence[SessionRecord]
    diary: DiaryIndex
    episodes: Sequence[Episode]
    flare_days: FlareDays  # flare day -> the day it was known (flare.py)
    flags: Sequence[RedFlagRecord]


def _noted(reasons: tuple[str, ...], summary: str, notes: Callable[[], tuple[str, ...]]) -> tuple[tuple[str, ...], str]:
    return reasons + notes(), summary


PAUSED = ("Paused: ", "Paused today: ")


def headline(plan: DayPlan) -> str:
    """The reason a one-line listing of changes shows (plan history, the report): the first,
    but for a pause every red flag's own sentence, which come first in a pause's reasons;
    a clinician reading the first alone would see one flag where two were ticked."""
    if plan.decision == "pause":
        paused = [reason for reason in plan.reasons if reason.startswith(PAUSED)]
        if paused:
            return " ".join(paused)
    return plan.reasons[0] if plan.reasons else plan.decision


def pause_span(flags: Sequence[RedFlagRecord]) -> tuple[date, date]:
    """The first and last day any of `flags` may pause (`redflags.pausing_flags`: a group 1
    or 2 flag from its day to its review's); outside it no day pauses, and the replay does
    not ask on the days of a history without a red flag (issue 19, sixth round)."""
    pausing = [f for f in flags if f.group in PAUSING_GROUPS]
    if not pausing:
        return date.max, date.min
    last = date.max if any(f.cleared is None for f in pausing) else max(f.cleared for f in pausing if f.cleared)
    return min(f.day for f in pausing), last


def session_key(session: SessionRecord) -> tuple[Any, ...]:
    """Content-only order of sessions: the order they were recorded in never matters. (No
    generator: the key of every session of a ten-year replay, issue 19, sixth round.)"""
    during, after, before, effort = session.pain_during, session.pain_after, session.pain_before, session.effort
    return (
        session.day,
        session.minute,
        session.amount,
        -1 if during is None else during,
        -1 if after is None else after,
        -1 if before is None else before,
        -1 if effort is None else effort,
    )


@record(frozen=False)
class ReplayBase:
    """What the replay of one activity holds while it walks day by day, and the readings
    every rule shares."""

    history: History
    rules: Rules
    sessions: list[SessionRecord]
    zones: dict[int, Zone]
    state: State
    seen: int = 0  # how many sessions lie before the current day
    # Asked many times a day and fixed for a replay (its diary and flare days are):
    episodes: EpisodeIndex = field(init=False)
    # The counted sessions as the boom-bust rule sees them, and its check (boombust.py).
    boom_watch: BoomWatch = field(init=False)
    # The increase gates' window as last asked, and its done share (pacing_gates.py).
    share_of: tuple[WindowSession, ...] | None = field(default=None, init=False)
    share: float = field(default=0.0, init=False)
    every: timedelta = field(default=timedelta(0), init=False)  # the gates' window, `rules.every_days`
    # The days a red flag may pause (`pause_span`): `pausing_flags` is asked on those alone.
    pause_span: tuple[date, date] = field(default=(date.max, date.min), init=False)
    # The zone of the latest session and the notes of the day being planned: fixed before its
    # decision (only counting the sessions before it moves them), added to the rule's plan.
    today: tuple[str | None, Callable[[], tuple[str, ...]]] = field(default=(None, tuple), init=False)

    def __post_init__(self) -> None:
        self.episodes = EpisodeIndex(self.history.episodes)
        self.boom_watch = BoomWatch(self.rules.boom, self.history.flare_days)
        self.every = timedelta(days=self.rules.every_days)
        self.pause_span = pause_span(self.history.flags)

    def _plan(
        self,
        day: date,
        target: float | None,
        decision: Decision,
        reasons: tuple[str, ...],
        changed: bool = False,
        previous: float | None = None,
        cause: str = "",
        summary: str = "",
    ) -> DayPlan:
        """A rule's plan for `day`, with the day's zone and, after its reasons, its notes."""
        zone, notes = self.today
        words = partial(_noted, reasons, summary, notes)
        return DayPlan.later(day, target, decision, zone, words, changed, previous, cause)

    def _week(self, day: date) -> WeekCheck:
        """R3 on `day`; `week_check` memoises it on the diary for the run's flare days."""
        return week_check(self.history.diary, day, self.rules.zone.usual, self.history.flare_days)

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
