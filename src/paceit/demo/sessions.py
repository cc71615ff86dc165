"""The paced activities and their sessions, with a simplified replay of the quota rules.

The replay only makes the amounts plausible (what the real rules would likely have asked
for); the pacing core, not this module, decides anything a user sees as advice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from paceit.demo.plan import Plan
from paceit.demo.rows import Row, RowBuilder, clamp
from paceit.demo.scenario import ACTIVITIES, ActivitySpec
from paceit.units import UNITS, round_to_step


@dataclass
class Pace:
    """One activity's replayed pacing state; `quotas` (day -> quota) also dates the walking goal."""

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
    return sum(pains[d - 6 : d + 1]) / 7 <= sum(pains[d - 13 : d - 6]) / 7 + 0.5


def _zone(pains: list[int], d: int, during: int) -> str:
    """§2: red if R1 (during <= 5), R2 (next morning <= this morning + 1) or R3 fails."""
    settled = d + 1 >= len(pains) or pains[d + 1] <= pains[d] + 1
    if during > 5 or not settled or not _not_rising(pains, d):
        return "red"
    return "yellow" if during >= 3 else "green"


def _flare_quota(pace: Pace, plan: Plan, d: int) -> float | None:
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


def _may_increase(pace: Pace, pains: list[int], d: int) -> bool:
    """Rule 5 of "How `paceit next` decides", with its default gates."""
    zones = [zone for zone, _ in pace.since]
    return (
        d - pace.changed >= 7
        and len(zones) >= 3
        and "red" not in zones
        and zones.count("green") >= 0.7 * len(zones)
        and sum(ratio for _, ratio in pace.since) / len(zones) >= 0.8
        and _not_rising(pains, d)
    )


def _quota(pace: Pace, plan: Plan, d: int, pains: list[int]) -> float | None:
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


def _amount(rng: random.Random, pace: Pace, quota: float | None, red: bool) -> float:
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
        return {
            "effort": 7,
            "pain_before": min(pain, 4),
            "pain_during": during,
            "pain_after": during - rng.randint(0, 1),
            "note": "felt good and kept going past my quota; my back seized up near the end",
        }
    before = clamp(pain + rng.choice((-1, 0, 0)))
    during = min(5, clamp(0.45 * before + rng.gauss(-0.4, 0.7)))
    effort = 3 + int(quota is not None and amount > quota) + int(rng.random() < 0.35) + int(pain >= 7)
    return {
        "effort": min(5, effort),
        "pain_before": before,
        "pain_during": during,
        "pain_after": min(5, clamp(during + rng.choice((0, 0, 1)))),
        "note": None,
    }


def _session_minute(rng: random.Random, spec: ActivitySpec, weekday: int) -> int:
    start, end = spec.hours if weekday < 5 else (10, 12)
    return rng.randint(start * 60, end * 60 - 1)


def _planned_day(b: RowBuilder, plan: Plan, pace: Pace, d: int, pains: list[int]) -> None:
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


def add_activities(b: RowBuilder, plan: Plan, pains: list[int]) -> list[Pace]:
    paces = []
    for index, spec in enumerate(ACTIVITIES, start=1):
        b.add(
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
                "target": float(spec.target),
                "archived_utc": None,
                "note": spec.note,
            },
        )
        paces.append(Pace(spec, index))
    for d in range(plan.days):
        weekday = b.date_of(d).weekday()
        for pace in paces:
            if weekday in pace.spec.weekdays:
                _planned_day(b, plan, pace, d, pains)
    return paces
