"""One simulated person following `paceit next` for 12 weeks, day by day.

Each morning the person's pain is drawn (their usual pain, a day-to-day swing that
carries over, the aftermath of yesterday's over-do, a flare); they log it (most
mornings), ask for today's plan and do it: `plan.next_plan`, the function behind
`paceit next`, on the diary as logged so far. Nothing here restates a rule: the plan
the person follows, and every figure counted from it, is paceit's own answer.

What is counted comes from the replay of the whole 12 weeks at the end (the plan each
day had, as `paceit plan history` shows it): changes and their causes, flare episodes
and when they became known. For an irregular person that is the plan as if every entry
had been logged on time; `backfill.py` checks that a real diary file gives the same.

Pure apart from the random draws, which come from generators seeded with the person.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from paceit import plan
from paceit.cohort.people import DAYS, Person
from paceit.flare_episodes import Episode
from paceit.pacing import DayPlan
from paceit.records import ActivityRecord, DiaryEntry, DiaryIndex, SessionRecord
from paceit.settings import DEFAULTS
from paceit.units import round_to_step

START = date(2026, 1, 5)  # a Monday; any day would do
UNIT = "min"


@dataclass(frozen=True)
class Logged:
    """An entry with the day it was logged on (later than its own day when backfilled)."""

    entry: DiaryEntry | SessionRecord
    logged_on: date


@dataclass(frozen=True)
class Outcome:
    """What happened to one person: the final replay and what the figures need."""

    person: Person
    plans: list[DayPlan]  # the final replay, one per day from the start
    episodes: list[Episode]
    sessions: list[SessionRecord]
    logged: list[Logged]  # every entry, in the order it was logged
    tolerance: dict[date, float]  # overloaded: T on each day

    @property
    def start_quota(self) -> float | None:
        return next((p.target for p in self.plans if p.target is not None), None)

    @property
    def final_quota(self) -> float | None:
        return self.plans[-1].target if self.plans else None

    def changes(self, cause: str) -> int:
        """Changes of the quota whose cause starts with `cause` ("red" counts every red one)."""
        return sum(1 for p in self.plans if p.changed and p.cause.startswith(cause))


@dataclass
class _Body:
    """The person's pain from day to day: usual pain, carried-over noise, aftermaths."""

    person: Person
    rng: random.Random
    noise: float = 0.0
    aftermath: float = 0.0  # added to tomorrow's morning (an over-do)

    def morning(self, d: int) -> int:
        p = self.person
        self.noise = p.carry * self.noise + self.rng.gauss(0.0, p.swing * math.sqrt(1 - p.carry**2))
        flare = 3.0 if p.flare_start is not None and p.flare_start <= d < p.flare_start + p.flare_days else 0.0
        value = p.usual + self.noise + self.aftermath + flare
        self.aftermath = 0.0
        return _scale(value)


@dataclass
class _Run:
    person: Person
    settings: Mapping[str, Any]
    rng: random.Random
    body: _Body
    activity: ActivityRecord
    logged: list[Logged] = field(default_factory=list)
    pending: list[DiaryEntry | SessionRecord] = field(default_factory=list)  # done, to be backfilled
    tolerance: dict[date, float] = field(default_factory=dict)
    start_quota: float | None = None

    def visible(self, today: date) -> tuple[list[DiaryEntry], list[SessionRecord]]:
        diary = [x.entry for x in self.logged if isinstance(x.entry, DiaryEntry)]
        sessions = [x.entry for x in self.logged if isinstance(x.entry, SessionRecord)]
        return diary, sessions

    def plan_today(self, today: date) -> dict[str, Any]:
        diary, sessions = self.visible(today)
        inputs = _inputs(today, self.settings, self.activity, diary, sessions)
        activities = plan.next_plan(inputs).activities
        return {**activities[0]} if activities else {"target": None, "decision": "baseline"}

    def record(self, entry: DiaryEntry | SessionRecord, today: date, silent: bool) -> None:
        if silent:
            self.pending.append(entry)
        else:
            self.logged.append(Logged(entry, today))

    def backfill(self, today: date) -> None:
        self.logged.extend(Logged(e, today) for e in self.pending)
        self.pending = []


def simulate(person: Person, *, settings: Mapping[str, Any] = DEFAULTS, days: int = DAYS) -> Outcome:
    """Follow `person` for `days` days from START and replay the result."""
    rng = random.Random(f"paceit-cohort-run-{person.archetype.key}-{person.seed}")
    body = _Body(person, random.Random(rng.random()))
    run = _Run(person, settings, rng, body, ActivityRecord(1, "walking", UNIT, START))
    for d in range(days):
        _live(run, d)
    run.backfill(START + timedelta(days=days - 1))
    last = START + timedelta(days=days - 1)
    diary, sessions = run.visible(last)
    done = plan.run(_inputs(last, settings, run.activity, diary, sessions))
    return Outcome(person, done.replayed[0].plans, list(done.scan.episodes), sessions, run.logged, run.tolerance)


def _live(run: _Run, d: int) -> None:
    """One day: morning pain, the plan, the session (or rest), and what gets logged."""
    person, rng, today = run.person, run.rng, START + timedelta(days=d)
    silent = person.silent is not None and person.silent[0] <= d < person.silent[0] + person.silent[1]
    if person.silent is not None and d == person.silent[0] + person.silent[1]:
        run.backfill(today)  # the week logged at once, first thing on the day after it
    morning = run.body.morning(d)
    if rng.random() < person.morning_share:
        run.record(DiaryEntry(today, rng.randint(7 * 60, 9 * 60 + 30), morning), today, silent)
    today_plan = run.plan_today(today)
    if run.start_quota is None and today_plan["target"] is not None:
        run.start_quota = float(today_plan["target"])
    if not _does_a_session(person, rng, today, d, today_plan):
        return
    amount = _amount(run, today_plan)
    tolerance = _tolerance(run, d, today)
    session = _session(run, today, amount, morning, tolerance)
    run.record(session, today, silent)


def _does_a_session(person: Person, rng: random.Random, today: date, d: int, today_plan: Mapping[str, Any]) -> bool:
    if today_plan["decision"] == "pause":
        return False
    if any(first <= d < first + length for first, length in person.breaks):
        return False
    if today.weekday() == person.rest_day:
        return rng.random() < 0.1  # about one rest day a week, now and then moved
    return rng.random() < 0.95


def _amount(run: _Run, today_plan: Mapping[str, Any]) -> float:
    """90-110 % of the quota; before a quota, what they manage before symptoms clearly rise."""
    target = today_plan["target"]
    level = run.person.first if target is None else float(target)
    spread = (0.85, 1.15) if target is None else (0.9, 1.1)
    return round_to_step(level * run.rng.uniform(*spread), UNIT)


def _tolerance(run: _Run, d: int, today: date) -> float | None:
    """Overloaded: T on this day, from the starting quota (or its expected value before it exists)."""
    person = run.person
    if not person.archetype.overloaded:
        return None
    quota = run.start_quota or round_to_step(0.8 * person.first, UNIT)
    value = person.tolerance * quota * float((1 + person.tolerance_growth) ** (d / 7))
    run.tolerance[today] = value
    return value


def _session(run: _Run, today: date, amount: float, morning: int, tolerance: float | None) -> SessionRecord:
    """Benign: pain during rises 0-2 above pain before and settles. Over T: 1.5 points
    more during per 10 % over it, and the next morning 1 point per 10 %."""
    rng = run.rng
    rise = float(rng.randint(0, 2))
    after = float(rng.randint(0, int(rise)))
    if tolerance is not None and amount > tolerance:
        excess = 10 * (amount / tolerance - 1)  # in tens of per cent
        rise, after = rise + 1.5 * excess, after + 1.5 * excess
        run.body.aftermath = 1.0 * excess
    minute = rng.randint(10 * 60, 18 * 60)
    effort = rng.randint(3, 5)
    return SessionRecord(
        today, minute, amount, _scale(morning + rise), _scale(morning + after), morning, effort
    )


def _inputs(
    day: date,
    settings: Mapping[str, Any],
    activity: ActivityRecord,
    diary: Sequence[DiaryEntry],
    sessions: Sequence[SessionRecord],
) -> plan.Inputs:
    return plan.Inputs(
        day=day,
        settings=settings,
        activities=[activity],
        sessions={activity.id: [s for s in sessions if s.day <= day]},
        diary=DiaryIndex.build(e for e in diary if e.day <= day),
        declared=[],
        flags=[],
        steps=[],
        trials={},
    )


def _scale(value: float) -> int:
    return max(0, min(10, round(value)))
