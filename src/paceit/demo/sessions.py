"""The paced activities and their sessions, following paceit's own pacing engine.

The diary, the flares and the red flag exist before any session (none of them depends on
the sessions), so the engine can be asked day by day what each activity's target is, as
`paceit next` and `paceit plan history` will replay it from the file: `Planner.plan` for
every day from the activity's start, `Planner.add` after each session. On its planned days
the demo person mostly does the target (within 5 %), sometimes stops short, about one
session in twenty is an over-do of 1.25-1.4 x (a boom), and the planned red days are a
bigger boom that hurts (pain during 7-8). Before a target exists the amounts sit near what
the person manages before symptoms clearly rise; in a flare the halved target is followed,
on fewer days; while the plan is paused nothing is done.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date

from paceit.demo.plan import Plan
from paceit.demo.rows import Row, RowBuilder, clamp
from paceit.demo.scenario import ACTIVITIES, PLAN_DAYS, ActivitySpec
from paceit.flare import FlareRules, FlareScan, scan
from paceit.flare_episodes import active_episode
from paceit.pacing import DayPlan, History, Planner
from paceit.quota import Rules
from paceit.records import ActivityRecord, DeclaredFlare, DiaryEntry, DiaryIndex, RedFlagRecord, SessionRecord
from paceit.settings import DEFAULTS, WEEKDAYS
from paceit.times import local_moment, stamp
from paceit.units import round_to_step

SETTINGS = {**DEFAULTS, "plan.days": [d for i, d in enumerate(WEEKDAYS) if i in PLAN_DAYS]}


def add_settings(b: RowBuilder) -> None:
    """The demo person's planned days (`plan.days`), set on day one before any session."""
    at = stamp(b.moment(0, 9 * 60 + 30)).at_utc
    b.tables["setting"].append({"key": "plan.days", "value": json.dumps(SETTINGS["plan.days"]), "updated_utc": at})


@dataclass(frozen=True)
class Known:
    """What the engine reads besides the sessions, as the file will hold it."""

    diary: DiaryIndex
    flares: FlareScan
    flags: tuple[RedFlagRecord, ...]


@dataclass
class Paced:
    """One activity as the demo person followed it; `quotas` (day -> target) also dates the walking goal."""

    spec: ActivitySpec
    activity_id: int
    planner: Planner
    quotas: dict[int, float] = field(default_factory=dict)


def _local(at_utc: str, offset: int) -> tuple[date, int]:
    moment = local_moment(at_utc, offset)
    return moment.date(), moment.hour * 60 + moment.minute


def _known(b: RowBuilder, last: date, limit: str) -> Known:
    """The diary, flare episodes and red flags from the rows kept in the file (up to `limit`),
    read the way the store reads them, so the demo's replay is the one the commands make."""
    kept = {t: [r for r in b.tables[t] if r["at_utc"] <= limit] for t in ("pain_entry", "flare", "red_flag")}
    diary = DiaryIndex.build(
        DiaryEntry(*_local(r["at_utc"], r["utc_offset"]), r["pain"], bool(r["flare"])) for r in kept["pain_entry"]
    )
    declared = [
        DeclaredFlare(
            _local(f["at_utc"], f["utc_offset"])[0],
            _local(f["end_at_utc"], f["end_utc_offset"])[0] if f["end_at_utc"] else None,
        )
        for f in kept["flare"]
    ]
    flags = tuple(
        RedFlagRecord(
            f["code"],
            f["grp"],
            _local(f["at_utc"], f["utc_offset"])[0],
            _local(f["cleared_utc"], f["utc_offset"])[0] if f["cleared_utc"] and f["cleared_utc"] <= limit else None,
        )
        for f in kept["red_flag"]
    )
    return Known(diary, scan(diary, declared, last, FlareRules.from_settings(SETTINGS)), flags)


def _amount(rng: random.Random, spec: ActivitySpec, target: float | None, red: bool, flare: bool) -> float:
    """Time-contingent: the target, give or take 5 %; sometimes less, now and then a boom
    (never in a flare: the person is careful then)."""
    level = spec.first if target is None else target
    if red:  # a good day, and the person kept going
        return round_to_step(level * rng.uniform(1.4, 1.6), spec.unit)
    if target is None:  # a baseline session: stop before symptoms clearly rise
        return round_to_step(level * rng.uniform(0.8, 1.2), spec.unit)
    roll = rng.random()
    if roll < 0.05 and not flare:  # a good day, and the person did a bit extra
        factor = rng.uniform(1.25, 1.4)
    else:  # a bad day and stopped early, or (mostly) the target as near as it can be measured
        factor = rng.uniform(0.75, 0.92) if roll < 0.13 else rng.uniform(0.95, 1.05)
    return round_to_step(level * factor, spec.unit)


def _session_values(rng: random.Random, pain: int, target: float | None, amount: float, red: bool) -> Row:
    """Gentle, paced movement mostly eases back pain a little: pain during sits well below the
    morning's, green (0-2) about five times in six, never above 5 except on a red day."""
    if red:
        during = rng.randint(7, 8)
        return {
            "effort": 7,
            "pain_before": min(pain, 4),
            "pain_during": during,
            "pain_after": during - rng.randint(0, 1),
            "note": "felt good and kept going past my quota; my back seized up near the end",
        }
    before = clamp(pain + rng.choice((-1, 0, 0)))
    during = min(5, clamp(0.45 * before + rng.gauss(-0.4, 0.7)))
    over = target is not None and amount > 1.2 * target
    effort = 3 + int(target is not None and amount > target) + int(rng.random() < 0.35) + int(pain >= 7)
    return {
        "effort": min(5, effort),
        "pain_before": before,
        "pain_during": during,
        "pain_after": min(5, clamp(during + rng.choice((0, 0, 1)))),
        "note": "a good day, so I did a bit extra" if over else None,
    }


def _session_minute(rng: random.Random, spec: ActivitySpec, weekday: int) -> int:
    start, end = spec.hours if weekday < 5 else (10, 12)
    return rng.randint(start * 60, end * 60 - 1)


@dataclass(frozen=True)
class _Walk:
    """The day-by-day walk through the planned days: rows out, sessions into the engine."""

    b: RowBuilder
    plan: Plan
    pains: list[int]
    known: Known

    def planned_day(self, paced: Paced, d: int, today: DayPlan) -> None:
        """The session of a planned day (or none), written as a row and told to the engine."""
        if today.decision == "pause":
            return
        b, rng = self.b, self.b.rng
        red = d in self.plan.red_days and paced.activity_id == 1
        flare = active_episode(self.known.flares.episodes, today.day) is not None
        if not red and rng.random() >= (0.65 if flare else 0.88):
            return
        amount = _amount(rng, paced.spec, today.target, red, flare)
        values = _session_values(rng, self.pains[d], today.target, amount, red)
        if flare and today.target is not None and values["note"] is None and rng.random() < 0.5:
            values["note"] = "flare: half my quota, slowly"
        minute = _session_minute(rng, paced.spec, today.day.weekday())
        b.add("session", d, minute, {"activity_id": paced.activity_id, "amount": amount, **values})
        during, after, before, effort = (values[k] for k in ("pain_during", "pain_after", "pain_before", "effort"))
        # id 0: the row's id is given when the file is written (ids follow time); the engine never reads it
        paced.planner.add(SessionRecord(today.day, minute, amount, during, after, before, effort))


def _activity(b: RowBuilder, index: int, spec: ActivitySpec) -> ActivityRecord:
    """The activity row, added on day one without a baseline, and the record the engine reads."""
    target = float(spec.target)
    row = b.add(
        "activity",
        0,
        9 * 60 + 40 + index,
        {
            "id": index,
            "name": spec.name,
            "unit": spec.unit,
            "baseline": None,
            "step_mode": None,
            "step": None,
            "every_days": None,
            "ceiling": None,
            "target": target,
            "archived_utc": None,
            "note": spec.note,
        },
    )
    return ActivityRecord(index, spec.name, spec.unit, date.fromisoformat(row["day"]), target=target)


def add_activities(b: RowBuilder, plan: Plan, pains: list[int], limit: str) -> list[Paced]:
    """The activities and their sessions; needs the diary, flare and red-flag rows already built.
    `limit` (UTC text) is where the file will be cut: the engine sees only what the file keeps."""
    known = _known(b, b.date_of(plan.days - 1), limit)
    paced = []
    for index, spec in enumerate(ACTIVITIES, start=1):
        activity = _activity(b, index, spec)
        history = History(
            activity, (), known.diary, known.flares.episodes, known.flares.flare_days, known.flags
        )
        paced.append(Paced(spec, index, Planner(history, Rules.for_activity(activity, SETTINGS))))
    walk = _Walk(b, plan, pains, known)
    for d in range(plan.days):
        for one in paced:
            today = one.planner.plan(b.date_of(d))
            if today.target is not None:
                one.quotas[d] = today.target
            if b.date_of(d).weekday() in PLAN_DAYS:
                walk.planned_day(one, d, today)
    return paced
