"""Where the events of a demo history fall: flares, boom sessions, the ladder's start.

Planned up front, before any row exists, so the diary, the sessions and the ladder all
agree on which days are flare days, red days or their aftermath.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from paceit.demo.scenario import PLAN_DAYS, WEEKDAY_PAIN


@dataclass(frozen=True)
class Plan:
    """Where the events fall, by day index (0 = the first day)."""

    days: int
    flares: tuple[tuple[int, int], ...]  # (first flare day, length)
    red_days: frozenset[int]
    ladder_day: int
    gardening: frozenset[int] = frozenset()  # days of gardening (demo/context.py), set after the plan

    def in_flare(self, d: int) -> bool:
        return any(start <= d < start + length for start, length in self.flares)

    def days_after_flare(self, d: int) -> int | None:
        """1 on the first day after a flare, 2 on the next ...; None when no flare ended before d."""
        ended = [start + length for start, length in self.flares if start + length <= d]
        return d - max(ended) + 1 if ended else None


def expected_pain(day: date, index: int) -> float:
    """Slow improvement from about 6 towards 4, a little worse in winter, weekday rhythm."""
    trend = 3.9 + 2.1 * math.exp(-index / 60)
    winter = 0.25 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
    return trend + winter + WEEKDAY_PAIN[day.weekday()]


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
    walking = PLAN_DAYS  # the diary's planned days, walking's too
    candidates = [
        d
        for d in range(min(7, days // 2), days - 1)
        if (first + timedelta(days=d)).weekday() in walking and d not in blocked
    ]
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
