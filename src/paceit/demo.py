"""A synthetic but clinically plausible history for `paceit demo`, and its writer.

Why it looks the way it does (clinical-rules.md §1, §2, §5, §7, §8):
- Diary: a morning entry on ~90 % of days (07:00-09:30, so it counts as "morning pain") and an
  evening one on ~30 %. Pain follows a slowly improving baseline (about 6 falling towards 4 over
  the first months, a little worse in a northern winter), a weekday rhythm (desk days, Mondays most, hurt
  more than weekends) and day-to-day noise that carries over (AR(1)), so good and bad spells
  last a few days as they do in real diaries. Sleep and mood fall as pain, fatigue and stress
  rise, so `insights` has something true to find.
- Pacing: three activities are added on day one without a baseline, so their first three
  sessions set it and the start quota is 0.8 x their mean (§1). Sessions are time-contingent
  (most are exactly the quota). Gentle paced movement mostly eases back pain a little, so pain
  during is green (0-2) about three times in four and never above 5 outside a boom. The quota
  follows a simplified replay of "How `paceit next` decides": back to the previous quota after a
  red session (R1, R2 next morning, R3), and max(1 unit, +10 %) once 7 days, 3 sessions, no red,
  >= 70 % green, >= 80 % of quota done and non-rising morning pain allow it. So the amounts in
  the file are ones the real rules would plausibly have asked for; the pacing core decides.
- Events: about one flare per 3 months (at least one), 4-6 days at >= the §8 baseline + 2 and
  marked `flare`, with fewer and halved sessions, then a two-step rebuild; one boom session per
  ~16 weeks that goes into the red zone (pain during 7-8) and costs the next mornings; a ladder
  of 8 steps (fear 20-90, gaps <= 15) worked through in the default inhibitory-learning mode, so
  the lowest steps end mastered; goals, PEG and PSFS every two weeks, a filled flare plan, and
  one group-3 red flag during the first flare that a GP reviewed and cleared (nothing freezes).
- Deterministic: everything, uuids included, comes from generators seeded with the seed, so the
  same seed and day give the same file. All rows use the UTC offset of `now` (a person who stayed
  in one time zone). Rows after `now` (later today) are dropped, never invented.

`generate` is pure (no clock, no files). `write` inserts everything in one transaction with
`executemany`; demo rows are deliberately not written to the audit log, so `paceit undo` in
the demo file has nothing to undo and cannot take the demo apart row by row.
"""

from __future__ import annotations

import json
import math
import random
import sqlite3
import statistics
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from paceit.db import transaction
from paceit.errors import InputError
from paceit.flareplan import SECTION_NAMES
from paceit.measures import mean_score
from paceit.store import TABLES, stamp_columns
from paceit.times import local_moment, now_utc_text, stamp
from paceit.units import UNITS, format_amount, round_to_step

Row = dict[str, Any]

DEFAULT_WEEKS = 12
MAX_WEEKS = 520
DEFAULT_SEED = 7
# Parents before children, so foreign keys hold at every insert.
TABLE_ORDER = (
    "activity", "pain_entry", "session", "ladder_step", "exposure_trial", "red_flag", "flare",
    "flare_plan_item", "goal", "questionnaire", "questionnaire_item",
)
WEEKDAY_PAIN = (0.6, 0.3, 0.2, 0.3, 0.4, -0.4, -0.6)  # Monday .. Sunday


@dataclass(frozen=True)
class ActivitySpec:
    name: str
    unit: str
    weekdays: frozenset[int]
    first: float  # what the person manages before symptoms clearly rise
    target: float
    hours: tuple[int, int]  # when sessions happen on workdays (weekends: mid-morning)
    note: str


ACTIVITIES: tuple[ActivitySpec, ...] = (
    ActivitySpec("walking", "min", frozenset(range(6)), 15, 40, (17, 19), "On the flat, easy pace"),
    ActivitySpec("sit-to-stand", "reps", frozenset({0, 2, 4}), 10, 20, (12, 14), "From a dining chair"),
    ActivitySpec("cycling", "min", frozenset({1, 3, 5}), 10, 30, (16, 19), "Exercise bike, light resistance"),
)


@dataclass(frozen=True)
class LadderSpec:
    text: str
    fear: int
    expect: str
    activity: int | None = None  # id of the paced activity it belongs to


LADDER: tuple[LadderSpec, ...] = (
    LadderSpec("bend forward to put on my socks", 20, "a sharp twinge that lasts all day"),
    LadderSpec("carry a full shopping bag for 5 minutes", 30, "my back will give way"),
    LadderSpec("vacuum the living room", 40, "I'll be stuck on the sofa all evening"),
    LadderSpec("walk briskly uphill for 10 minutes", 50, "the pain will go through the roof", 1),
    LadderSpec("lift a laundry basket from the floor", 60, "I'll slip a disc"),
    LadderSpec("weed the garden for 20 minutes", 70, "I'll be laid up for days"),
    LadderSpec("jog for 1 minute on the flat", 80, "the jolts will damage my spine"),
    LadderSpec("lift a 12 kg suitcase into the car boot", 90, "my back will lock and I'll need help"),
)
FLARE_PLAN: dict[str, tuple[str, ...]] = {
    "triggers": ("sitting for more than 6 hours", "several nights of poor sleep", "deadlines at work"),
    "warning-signs": ("stiff getting out of bed", "short-tempered and tired"),
    "comfort": ("heat pack on the lower back", "slow breathing for 10 minutes",
                "medicines only as prescribed"),
    "reduced-activity": ("walk half my usual time", "half the sit-to-stand reps"),
    "who-to-tell": ("my partner, who can take over the shopping",),
    "seek-care": ("any red flag on the checklist", "a flare lasting more than 14 days"),
    "return-steps": ("back to my usual quota in two steps over at least 4 days",),
    "review": ("write down what set it off and what helped",),
}
PSFS_ITEMS = (("climbing stairs", 4), ("gardening", 2), ("picking up my grandson", 3))
DIARY_NOTES = ("long day at the desk", "pottered in the garden", "busy day with the grandchildren",
               "drove to my sister's")


@dataclass(frozen=True)
class Plan:
    """Where the events fall, by day index (0 = the first day)."""

    days: int
    flares: tuple[tuple[int, int], ...]  # (first flare day, length)
    red_days: frozenset[int]
    ladder_day: int

    def in_flare(self, d: int) -> bool:
        return any(start <= d < start + length for start, length in self.flares)

    def days_after_flare(self, d: int) -> int | None:
        """1 on the first day after a flare, 2 on the next ...; None when no flare ended before d."""
        ended = [start + length for start, length in self.flares if start + length <= d]
        return d - max(ended) + 1 if ended else None


@dataclass
class DemoData:
    weeks: int
    seed: int
    first: date
    last: date
    tables: dict[str, list[Row]]


@dataclass
class _Builder:
    rng: random.Random
    uuids: random.Random
    tz: tzinfo | None
    first: date
    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLE_ORDER})

    def date_of(self, d: int) -> date:
        return self.first + timedelta(days=d)

    def moment(self, d: int, minute: int) -> datetime:
        return datetime.combine(self.date_of(d), time(minute // 60, minute % 60), tzinfo=self.tz)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.uuids.getrandbits(128), version=4))

    def add(self, table: str, d: int, minute: int, values: Row) -> Row:
        """An entry logged on time: its created_utc is its own moment."""
        moment = stamp(self.moment(d, minute))
        row: Row = {"uuid": self.uuid(), **stamp_columns(moment), "note": None, **values}
        row["created_utc"] = moment.at_utc
        self.tables[table].append(row)
        return row


def _clamp(value: float, lo: int = 0, hi: int = 10) -> int:
    return max(lo, min(hi, round(value)))


def expected_pain(day: date, index: int) -> float:
    """Slow improvement from about 6 towards 4, a little worse in winter, weekday rhythm."""
    trend = 3.9 + 2.1 * math.exp(-index / 60)
    winter = 0.25 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
    return trend + winter + WEEKDAY_PAIN[day.weekday()]


# ---------------------------------------------------------------- the plan of events


def _place_flares(days: int, rng: random.Random) -> tuple[tuple[int, int], ...]:
    """About one flare per 3 months, in the middle third of its window, ended >= 2 days before today."""
    count = max(1, round(days / 91))
    lo = min(21, max(1, days // 4))
    hi = days - min(21, max(2, days // 5))
    width = (hi - lo) / count
    flares = []
    for k in range(count):
        length = min(rng.randint(4, 6), int(width))
        a, z = lo + int(k * width), lo + int((k + 1) * width) - length
        flares.append((rng.randint(a + (z - a) // 3, max(a + (z - a) // 3, a + 2 * (z - a) // 3)), length))
    return tuple(flares)


def _place_red(days: int, first: date, flares: tuple[tuple[int, int], ...]) -> frozenset[int]:
    """About one boom session per 16 weeks, on a walking day well away from any flare."""
    margin = (3, 5) if days >= 28 else (1, 1)
    blocked = {d for start, n in flares for d in range(start - margin[0], start + n + margin[1])}
    walking = ACTIVITIES[0].weekdays
    candidates = [d for d in range(min(7, days // 2), days - 1)
                  if (first + timedelta(days=d)).weekday() in walking and d not in blocked]
    chosen: set[int] = set()
    count = max(1, round(days / 112))
    for k in range(count):
        if not candidates:
            break
        target = (k + 0.3) * days / count
        best = min(candidates, key=lambda d: (abs(d - target), d))
        chosen.add(best)
        candidates.remove(best)
    return frozenset(chosen)


def make_plan(days: int, first: date, rng: random.Random) -> Plan:
    flares = _place_flares(days, rng)
    return Plan(days, flares, _place_red(days, first, flares), min(10, max(1, days // 8)))


# ---------------------------------------------------------------- the diary


def _aftermath(plan: Plan, d: int) -> float:
    """A boom costs the next two mornings; a flare leaves a short tail."""
    bump = 2.0 if d - 1 in plan.red_days else 1.0 if d - 2 in plan.red_days else 0.0
    after = plan.days_after_flare(d)
    return bump + {1: 1.0, 2: 0.5}.get(after or 0, 0.0)


def _flare_floor(averages: dict[int, float], d: int, fallback: float) -> int:
    """§8: a flare day reaches the baseline (median daily average of the last 14 days,
    flare days excluded, >= 7 logged days) + 2."""
    recent = [averages[i] for i in range(d - 14, d) if i in averages]
    base = statistics.median(recent) if len(recent) >= 7 else fallback
    return math.ceil(base) + 2


def _morning_pain(b: _Builder, plan: Plan, d: int, level: float, averages: dict[int, float]) -> int:
    expected = expected_pain(b.date_of(d), d) + level + b.rng.gauss(0, 0.35)
    if not plan.in_flare(d):
        return _clamp(expected + _aftermath(plan, d), 1, 9)
    floor = _flare_floor(averages, d, expected)  # 10, "worst imaginable", only if §8 needs it
    return _clamp(max(expected + 2.5, floor + b.rng.randint(0, 1)), 0, min(10, max(9, floor)))


def _sites(rng: random.Random, workday: bool, flare: bool) -> str:
    sites = ["lower back"]
    roll = rng.random()
    if flare or roll < 0.2:
        sites.append("right buttock")
    elif workday and roll < 0.32:
        sites.append("neck")
    return json.dumps(sites)


def _diary_note(b: _Builder, plan: Plan, d: int, sleep: int) -> str | None:
    if plan.in_flare(d) and not plan.in_flare(d - 1):
        return "much stiffer after yesterday's long drive"
    if d in plan.red_days:
        return "felt great today"
    roll = b.rng.random()
    if sleep <= 3 and roll < 0.3:
        return "woke at 3 am and couldn't settle"
    return b.rng.choice(DIARY_NOTES) if roll < 0.03 else None


def _log_day(b: _Builder, plan: Plan, d: int, pain: int, stress_before: int) -> tuple[int, list[int]]:
    """The day's diary rows from its latent state; returns (stress, pains logged)."""
    rng, workday, flare = b.rng, b.date_of(d).weekday() < 5, plan.in_flare(d)
    stress = _clamp(3.0 + (1.4 if workday else -0.8) + 0.3 * (pain - 4) + rng.gauss(0, 1.0))
    sleep = _clamp(7.2 - 0.5 * (pain - 4) - 0.25 * (stress_before - 4) + rng.gauss(0, 0.9))
    mood = _clamp(6.6 - 0.45 * (pain - 4) + 0.3 * (sleep - 6) - 0.2 * (stress - 4) + rng.gauss(0, 0.8))
    fatigue = _clamp(3.4 + 0.45 * (pain - 4) - 0.4 * (sleep - 6) + rng.gauss(0, 0.8))
    logged: list[int] = []
    if flare or d == plan.days - 1 or rng.random() < 0.9:  # no one forgets it in a flare, or today
        b.add("pain_entry", d, rng.randint(420, 569), {
            "pain": pain, "sleep": sleep, "mood": mood,
            "fatigue": fatigue if rng.random() < 0.9 else None,
            "stress": stress if rng.random() < 0.8 else None,
            "sites": _sites(rng, workday, flare), "flare": int(flare),
            "note": _diary_note(b, plan, d, sleep),
        })
        logged.append(pain)
    if rng.random() < (0.6 if flare else 0.8 if d in plan.red_days else 0.3):
        evening = _clamp(pain + rng.gauss(0.4 if workday else 0.0, 0.7))
        evening = max(min(evening, 9), pain) if flare else 7 if d in plan.red_days else evening
        b.add("pain_entry", d, rng.randint(1200, 1349), {
            "pain": evening, "sleep": None, "mood": _clamp(mood - 0.3 * (evening - pain)),
            "fatigue": _clamp(fatigue + 1), "stress": None, "sites": _sites(rng, workday, flare),
            "flare": int(flare), "note": None,
        })
        logged.append(evening)
    return stress, logged


def _diary(b: _Builder, plan: Plan) -> list[int]:
    """Diary rows for every day; returns each day's morning pain, logged or not."""
    pains: list[int] = []
    averages: dict[int, float] = {}  # logged days outside flares, for the §8 baseline
    level, stress = 0.0, 4
    for d in range(plan.days):
        level = 0.5 * level + b.rng.gauss(0, 0.3)
        pain = _morning_pain(b, plan, d, level, averages)
        stress, logged = _log_day(b, plan, d, pain, stress)
        if logged and not plan.in_flare(d):
            averages[d] = sum(logged) / len(logged)
        pains.append(pain)
    return pains


# ---------------------------------------------------------------- paced activities


@dataclass
class _Pace:
    spec: ActivitySpec
    activity_id: int
    firsts: list[float] = field(default_factory=list)
    quota: float | None = None
    previous: float | None = None
    changed: int = 0
    since: list[tuple[str, float]] = field(default_factory=list)  # (zone, done / quota) since the change
    pre_flare: float | None = None
    quotas: dict[int, float] = field(default_factory=dict)


def _not_rising(pains: list[int], d: int) -> bool:
    """§2 R3: the mean morning pain of the 7 days to d <= that of the 7 days before + 0.5."""
    if d < 13:
        return True
    return sum(pains[d - 6:d + 1]) / 7 <= sum(pains[d - 13:d - 6]) / 7 + 0.5


def _zone(pains: list[int], d: int, during: int) -> str:
    """§2: red if R1 (during <= 5), R2 (next morning <= this morning + 1) or R3 fails."""
    settled = d + 1 >= len(pains) or pains[d + 1] <= pains[d] + 1
    if during > 5 or not settled or not _not_rising(pains, d):
        return "red"
    return "yellow" if during >= 3 else "green"


def _flare_quota(pace: _Pace, plan: Plan, d: int) -> float | None:
    """Half the quota during a flare, then back in two steps over 4 days (§1, §8)."""
    assert pace.quota is not None
    unit = pace.spec.unit
    if plan.in_flare(d):
        pace.pre_flare = pace.pre_flare or pace.quota
        return round_to_step(0.5 * pace.pre_flare, unit)
    after = plan.days_after_flare(d)
    if pace.pre_flare is not None and after is not None and after < 4:
        return round_to_step(0.75 * pace.pre_flare, unit)
    if pace.pre_flare is not None:
        pace.quota, pace.pre_flare, pace.changed, pace.since = pace.pre_flare, None, d, []
    return None


def _may_increase(pace: _Pace, pains: list[int], d: int) -> bool:
    """Rule 5 of "How `paceit next` decides", with its default gates."""
    zones = [zone for zone, _ in pace.since]
    return (
        d - pace.changed >= 7 and len(zones) >= 3 and "red" not in zones
        and zones.count("green") >= 0.7 * len(zones)
        and sum(ratio for _, ratio in pace.since) / len(zones) >= 0.8
        and _not_rising(pains, d)
    )


def _quota(pace: _Pace, plan: Plan, d: int, pains: list[int]) -> float | None:
    """A simplified replay of the pacing rules, for realism only (the pacing core decides)."""
    if pace.quota is None:
        return None
    special = _flare_quota(pace, plan, d)
    if special is not None:
        return special
    unit, target = pace.spec.unit, pace.spec.target
    if pace.since and pace.since[-1][0] == "red":  # back to the previous quota
        pace.quota = pace.previous or round_to_step(0.9 * pace.quota, unit)
        pace.previous, pace.changed, pace.since = None, d, []
    elif pace.quota < target and _may_increase(pace, pains, d):
        raised = max(pace.quota + UNITS[unit].step, round_to_step(pace.quota * 1.1, unit))
        pace.previous, pace.quota = pace.quota, min(target, raised)
        pace.changed, pace.since = d, []
    return pace.quota


def _amount(rng: random.Random, pace: _Pace, quota: float | None, red: bool) -> float:
    unit = pace.spec.unit
    if quota is None:  # a baseline session: stop before symptoms clearly rise
        return round_to_step(pace.spec.first * rng.uniform(0.8, 1.2), unit)
    if red:  # a boom: a good day, and the person kept going
        return round_to_step(quota * rng.uniform(1.4, 1.6), unit)
    roll = rng.random()
    factor = 1.0 if roll < 0.8 else rng.uniform(0.75, 0.95) if roll < 0.92 else rng.uniform(1.05, 1.15)
    return round_to_step(quota * factor, unit)


def _session_values(rng: random.Random, pain: int, quota: float | None, amount: float, red: bool) -> Row:
    """Gentle, paced movement mostly eases back pain a little: pain during sits well below the
    morning's, green (0-2) about three times in four, never above 5 except in a boom."""
    if red:
        during = rng.randint(7, 8)
        return {"effort": 7, "pain_before": min(pain, 4), "pain_during": during,
                "pain_after": during - rng.randint(0, 1),
                "note": "felt good and kept going past my quota; my back seized up near the end"}
    before = _clamp(pain + rng.choice((-1, 0, 0)))
    during = min(5, _clamp(0.45 * before + rng.gauss(-0.4, 0.7)))
    effort = 3 + int(quota is not None and amount > quota) + int(rng.random() < 0.35) + int(pain >= 7)
    return {"effort": min(5, effort), "pain_before": before, "pain_during": during,
            "pain_after": min(5, _clamp(during + rng.choice((0, 0, 1)))), "note": None}


def _session_minute(rng: random.Random, spec: ActivitySpec, weekday: int) -> int:
    start, end = spec.hours if weekday < 5 else (10, 12)
    return rng.randint(start * 60, end * 60 - 1)


def _planned_day(b: _Builder, plan: Plan, pace: _Pace, d: int, pains: list[int]) -> None:
    quota = _quota(pace, plan, d, pains)
    if quota is not None:
        pace.quotas[d] = quota
    red = d in plan.red_days and pace.activity_id == 1
    flare = plan.in_flare(d)
    if not red and b.rng.random() >= (0.65 if flare else 0.88):
        return
    amount = _amount(b.rng, pace, quota, red)
    values = _session_values(b.rng, pains[d], quota, amount, red)
    if flare and values["note"] is None and b.rng.random() < 0.5:
        values["note"] = "flare: half my quota, slowly"
    minute = _session_minute(b.rng, pace.spec, b.date_of(d).weekday())
    b.add("session", d, minute, {"activity_id": pace.activity_id, "amount": amount, **values})
    if quota is None:
        pace.firsts.append(amount)
        if len(pace.firsts) == 3:
            pace.quota = round_to_step(0.8 * sum(pace.firsts) / 3, pace.spec.unit)
            pace.changed = d
    elif not flare:
        pace.since.append((_zone(pains, d, values["pain_during"]), amount / quota))


def _activities(b: _Builder, plan: Plan, pains: list[int]) -> list[_Pace]:
    paces = []
    for index, spec in enumerate(ACTIVITIES, start=1):
        b.add("activity", 0, 9 * 60 + 40 + index, {
            "id": index, "name": spec.name, "unit": spec.unit, "baseline": None, "step_mode": None,
            "step": None, "every_days": None, "ceiling": None, "target": float(spec.target),
            "archived_utc": None, "note": spec.note,
        })
        paces.append(_Pace(spec, index))
    for d in range(plan.days):
        weekday = b.date_of(d).weekday()
        for pace in paces:
            if weekday in pace.spec.weekdays:
                _planned_day(b, plan, pace, d, pains)
    return paces


# ---------------------------------------------------------------- the fear ladder


def _ladder_steps(b: _Builder, plan: Plan) -> list[int]:
    """Eight steps, fear 20 .. 90 with small jitter (adjacent gaps 6-14, first <= 40)."""
    fears = []
    for index, spec in enumerate(LADDER, start=1):
        jitter = 0 if index in (1, len(LADDER)) else b.rng.randint(-2, 2)
        fear = spec.fear + jitter
        fears.append(fear)
        b.add("ladder_step", plan.ladder_day, 20 * 60 + 30 + index, {
            "id": index, "text": spec.text, "fear": fear,
            "harm": _clamp(fear + b.rng.randint(-10, 5), 0, 100), "activity_id": spec.activity,
        })
    return fears


def _trial_values(rng: random.Random, pain: int, j: int, m: int, arc: tuple[int, int, int, int]) -> Row:
    """Trial j of m: fear and expected likelihood fall along the arc; predictions overshoot
    the actual pain (by >= 2 in the first and the last two trials, so the step ends mastered)."""
    f0, f1, l0, l1 = arc
    frac = j / (m - 1)
    before = round(f0 + (f1 - f0) * frac) + (rng.randint(-3, 3) if 0 < j < m - 1 else 0)
    peak = max(before, min(88, before + rng.randint(5, 15)))
    actual = _clamp(pain - 1 + rng.choice((-1, 0, 1)), 1, 6)
    gap = rng.randint(3, 5) if j == 0 else rng.randint(2, 3) if j >= m - 2 else rng.randint(1, 3)
    return {
        "fear_before": _clamp(before, 0, 100), "fear_peak": peak, "fear_after": round(peak * rng.uniform(0.35, 0.6)),
        "expect_likely": round(l0 + (l1 - l0) * frac), "predicted_pain": min(10, actual + gap), "pain": actual,
        "happened": 0, "safety": int(frac < 0.5), "aborted": 0,
        "note": "held on to the worktop" if j == 0 else None,
    }


def _free_day(plan: Plan, d: int) -> int:
    """The ladder holds during a flare and for two days after it, and after a red session."""
    while plan.in_flare(d) or (plan.days_after_flare(d) or 9) <= 2 or d - 1 in plan.red_days:
        d += 1
    return d


def _ladder(b: _Builder, plan: Plan, pains: list[int]) -> None:
    fears = _ladder_steps(b, plan)
    rng, d = b.rng, plan.ladder_day + 2
    for k, fear in enumerate(fears):
        m = 3 if k == 0 else 3 + rng.randint(0, 1) if k == 1 else 3 + rng.randint(1, 2)
        start = min(95, fear + rng.randint(0, 8))
        arc = (start, min(rng.randint(15, 28), start - 6),
               min(95, 40 + fear // 2 + rng.randint(0, 10)), rng.randint(5, 15))
        for j in range(m):
            d = _free_day(plan, d)
            if d >= plan.days:
                return
            values = _trial_values(rng, pains[d], j, m, arc)
            values["expect"] = LADDER[k].expect
            b.add("exposure_trial", d, rng.randint(14 * 60, 17 * 60 - 1), {"step_id": k + 1, **values})
            d += rng.randint(2, 4) if k == 0 else rng.randint(4, 8)


# ---------------------------------------------------------------- flares, red flag, plan, goals, measures


def _flares(b: _Builder, plan: Plan) -> None:
    for start, length in plan.flares:
        end = stamp(b.moment(start + length, 19 * 60))
        b.add("flare", start, 10 * 60 + 15, {
            "end_at_utc": end.at_utc, "end_day": end.day, "end_utc_offset": end.utc_offset,
            "end_note": "settled; back to my usual quota in two steps",
            "note": "much worse after a long drive",
        })
    start, length = plan.flares[0]
    cleared = stamp(b.moment(start + min(3, length - 1), 11 * 60 + 30))
    b.add("red_flag", start + 1, 22 * 60 + 30, {
        "code": "night-pain", "grp": 3, "cleared_utc": cleared.at_utc,
        "reviewed": "GP: night pain from the flare, nothing serious found; carry on pacing",
        "note": "couldn't find a comfortable position all night",
    })


def _flare_plan(b: _Builder, plan: Plan) -> None:
    created = stamp(b.moment(min(1, plan.days - 1), 21 * 60)).at_utc
    for section in SECTION_NAMES:
        for position, text in enumerate(FLARE_PLAN.get(section, ("ask my physio",))):
            b.tables["flare_plan_item"].append({"uuid": b.uuid(), "section": section, "position": position,
                                                "text": text, "created_utc": created})


def _goals(b: _Builder, plan: Plan, walking: _Pace) -> None:
    d0 = min(2, plan.days - 1)
    reached = next((d for d, q in sorted(walking.quotas.items()) if q >= 30), None)
    film = stamp(b.moment(max(d0, round(plan.days * 0.6)), 22 * 60 + 30)).at_utc
    goals = (
        ("walk to the park and back with my grandchildren", 1, 30.0,
         stamp(b.moment(reached, 19 * 60 + 45)).at_utc if reached is not None else None),
        ("sit through a whole film at the cinema", None, None, film),
        ("weed the vegetable patch for half an hour on Saturdays", None, None, None),
    )
    for index, (text, activity, target, done) in enumerate(goals):
        b.add("goal", d0, 21 * 60 + index, {"text": text, "activity_id": activity, "target": target,
                                            "done_utc": done})


def _questionnaire(b: _Builder, d: int, minute: int, kind: str, items: list[tuple[str, int]]) -> None:
    q_id = len(b.tables["questionnaire"]) + 1
    b.add("questionnaire", d, minute, {"id": q_id, "kind": kind, "score": mean_score([v for _, v in items])})
    for position, (item, value) in enumerate(items):
        b.tables["questionnaire_item"].append({"uuid": b.uuid(), "questionnaire_id": q_id,
                                               "position": position, "item": item, "value": value})


def _measures(b: _Builder, plan: Plan, pains: list[int]) -> None:
    """PEG and PSFS every two weeks; PSFS keeps the same three activities (§6)."""
    rng = b.rng
    for d in range(0, plan.days, 14):
        week = pains[max(0, d - 6):d + 1]
        average = sum(week) / len(week)
        peg = [("pain", _clamp(average + rng.gauss(0, 0.5))),
               ("enjoyment", _clamp(average * 0.9 + rng.gauss(0, 0.8))),
               ("activity", _clamp(average + rng.gauss(0.3, 0.8)))]
        minute = rng.randint(20 * 60, 20 * 60 + 25)
        _questionnaire(b, d, minute, "peg", peg)
        progress = 1 - math.exp(-d / 60) - (0.4 if plan.in_flare(d) else 0.0)
        psfs = [(item, _clamp(start + 4.5 * progress + rng.gauss(0, 0.6))) for item, start in PSFS_ITEMS]
        _questionnaire(b, d, minute + 5, "psfs", psfs)


# ---------------------------------------------------------------- putting it together


def _cut(tables: dict[str, list[Row]], limit: str) -> None:
    """Keep only what has happened by `limit` (UTC text): nothing in the future."""
    for table, rows in tables.items():
        key = "at_utc" if table not in ("flare_plan_item", "questionnaire_item") else "created_utc"
        if table != "questionnaire_item":
            tables[table] = [r for r in rows if r[key] <= limit]
    kept = {r["id"] for r in tables["questionnaire"]}
    tables["questionnaire_item"] = [r for r in tables["questionnaire_item"] if r["questionnaire_id"] in kept]
    for table, column in (("goal", "done_utc"), ("red_flag", "cleared_utc")):
        for row in tables[table]:
            if row[column] is not None and row[column] > limit:
                row[column] = None


def generate(*, weeks: int, seed: int, now: datetime) -> DemoData:
    """The whole demo history ending on `now`'s day, in `now`'s time zone. Pure and deterministic."""
    if not 1 <= weeks <= MAX_WEEKS or now.utcoffset() is None:
        raise ValueError(f"weeks must be 1..{MAX_WEEKS} and now an aware datetime")
    days = weeks * 7
    first = now.date() - timedelta(days=days - 1)
    rng = random.Random(seed)
    b = _Builder(rng, random.Random(f"paceit-demo-uuid-{seed}"), now.tzinfo, first)
    plan = make_plan(days, first, rng)
    pains = _diary(b, plan)
    paces = _activities(b, plan, pains)
    _ladder(b, plan, pains)
    _flares(b, plan)
    _flare_plan(b, plan)
    _goals(b, plan, paces[0])
    _measures(b, plan, pains)
    _cut(b.tables, now_utc_text(now))
    for table in ("pain_entry", "session", "exposure_trial"):  # ids follow time, as if logged live
        b.tables[table].sort(key=lambda r: r["at_utc"])
    return DemoData(weeks, seed, first, now.date(), b.tables)


# ---------------------------------------------------------------- summaries for the shell


@dataclass(frozen=True)
class DayLine:
    day: date
    pain: int | None
    sleep: int | None
    mood: int | None
    flare: bool
    sessions: str


def session_counts(data: DemoData) -> dict[str, int]:
    names = {a["id"]: a["name"] for a in data.tables["activity"]}
    counts = dict.fromkeys(names.values(), 0)
    for row in data.tables["session"]:
        counts[names[row["activity_id"]]] += 1
    return counts


def recent_days(data: DemoData, count: int = 14) -> list[DayLine]:
    """The last `count` days: morning pain (first entry before 12:00), sleep, mood, sessions."""
    activities = {a["id"]: a for a in data.tables["activity"]}
    lines = []
    for offset in range(count - 1, -1, -1):
        day = data.last - timedelta(days=offset)
        if day < data.first:
            continue
        key = day.isoformat()
        mornings = [r for r in data.tables["pain_entry"]
                    if r["day"] == key and local_moment(r["at_utc"], r["utc_offset"]).hour < 12]
        morning: Row = mornings[0] if mornings else {}
        done = [f"{activities[s['activity_id']]['name']} "
                f"{format_amount(s['amount'], activities[s['activity_id']]['unit'])}"
                for s in data.tables["session"] if s["day"] == key]
        lines.append(DayLine(day, morning.get("pain"), morning.get("sleep"), morning.get("mood"),
                             bool(morning.get("flare")), ", ".join(done)))
    return lines


# ---------------------------------------------------------------- the writer


CHECKED_TABLES = (*TABLES, "audit")


def holds_entries(conn: sqlite3.Connection) -> bool:
    """Whether any paceit table already has a row (entries, settings or an undo history)."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in CHECKED_TABLES if t in names)


def file_holds_entries(path: Path) -> bool:
    """A read-only look at an existing file, before anything may write to it. A file that is
    not an SQLite database answers False: `db.connect` then refuses it, unchanged."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return holds_entries(conn)
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def write(conn: sqlite3.Connection, data: DemoData, *, where: Path) -> None:
    """Insert the whole demo in one transaction (not audited: see the module docstring)."""
    with transaction(conn):
        if holds_entries(conn):
            raise InputError(f"{where} already holds entries; the demo writes only to a new or empty file")
        for table in TABLE_ORDER:
            rows = data.tables[table]
            if not rows:
                continue
            columns = list(rows[0])
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
