"""Who the simulated people are: the archetypes of clinical-rules.md "Simulated cohorts"
and one person drawn from each, reproducibly from a seed.

- benign, typical: usual morning pain 2-6; a day-to-day swing (SD) of 0.6-1.6 that
  carries over from one day to the next (AR(1) correlation 0.3-0.7); pain during a
  session rises 0-2 above pain before and has settled by the next morning; does
  90-110 % of the quota and rests about one day a week.
- benign, high pain: the same with usual pain 6-7.5.
- overloaded: tolerates T, 0.6-1.6 x their starting quota, growing 0-4 % a week;
  above T, pain during rises about 1.5 points per 10 % over it, and the next morning
  rises too (1 point per 10 %, our reading of "rises too").
- true flare: benign, with morning pain 3 higher for 4-7 days from a random day in
  weeks 4-8 (so that there is time to see the rebuild).
- irregular: benign, but logs only some mornings (about 6 in 10), skips sessions for
  2-5 days now and then (about every three weeks), and once in weeks 3-9 logs nothing
  for a week and then backfills it all at once.

Pure: plain data; `draw` takes a seed, never the clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

DAYS = 84  # 12 weeks


@dataclass(frozen=True)
class Archetype:
    key: str
    label: str
    usual: tuple[float, float]
    overloaded: bool = False
    flare: bool = False
    irregular: bool = False


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("benign", "benign, typical", (2.0, 6.0)),
    Archetype("high", "benign, high pain", (6.0, 7.5)),
    Archetype("overloaded", "overloaded", (2.0, 6.0), overloaded=True),
    Archetype("flare", "true flare", (2.0, 6.0), flare=True),
    Archetype("irregular", "irregular", (2.0, 6.0), irregular=True),
)
BY_KEY = {a.key: a for a in ARCHETYPES}


@dataclass(frozen=True)
class Person:
    """One simulated person; every number of their behaviour is drawn here."""

    archetype: Archetype
    seed: int
    usual: float  # mean morning pain without activity effects
    swing: float  # SD of the day-to-day noise
    carry: float  # its day-to-day correlation
    first: float  # minutes managed before symptoms clearly rise (the baseline sessions)
    rest_day: int  # the weekday they usually rest (0 = Monday)
    tolerance: float = 0.0  # overloaded: T as a multiple of the starting quota
    tolerance_growth: float = 0.0  # overloaded: per week
    flare_start: int | None = None  # true flare: its first day
    flare_days: int = 0
    morning_share: float = 1.0  # share of mornings logged
    breaks: tuple[tuple[int, int], ...] = ()  # (first day, days) without sessions
    silent: tuple[int, int] | None = None  # (first day, days) logged only afterwards, at once


def draw(archetype: Archetype, seed: int) -> Person:
    """Person number `seed` of `archetype`; the same seed always gives the same person."""
    rng = random.Random(f"paceit-cohort-{archetype.key}-{seed}")
    person = Person(
        archetype,
        seed,
        usual=rng.uniform(*archetype.usual),
        swing=rng.uniform(0.6, 1.6),
        carry=rng.uniform(0.3, 0.7),
        first=rng.uniform(10, 20),
        rest_day=rng.randrange(7),
    )
    if archetype.overloaded:
        person = replace(person, tolerance=rng.uniform(0.6, 1.6), tolerance_growth=rng.uniform(0.0, 0.04))
    if archetype.flare:
        person = replace(person, flare_start=rng.randint(21, 55), flare_days=rng.randint(4, 7))
    if archetype.irregular:
        person = replace(person, morning_share=0.6, breaks=_breaks(rng), silent=(rng.randint(14, 60), 7))
    return person


def _breaks(rng: random.Random) -> tuple[tuple[int, int], ...]:
    """Stretches of 2-5 days without sessions, about one every three weeks."""
    found, day = [], rng.randint(7, 20)
    while day < DAYS:
        length = rng.randint(2, 5)
        found.append((day, length))
        day += length + rng.randint(14, 24)
    return tuple(found)
