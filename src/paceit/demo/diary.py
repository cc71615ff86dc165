"""The demo diary: a morning entry on most days, an evening one on some.

Morning pain is the expected pain plus AR(1) noise, raised by a boom's aftermath and, in a
flare, to at least the §8 baseline + 2, so paceit's own flare detection agrees with the plan.
Sleep, mood, fatigue and stress follow pain so that `insights` has something true to find.
"""

from __future__ import annotations

import json
import math
import random
import statistics

from paceit.demo.context import GARDEN_BUMP, Tagging, garden_entry
from paceit.demo.plan import Plan, expected_pain
from paceit.demo.rows import RowBuilder, clamp
from paceit.demo.scenario import DIARY_NOTES


def _aftermath(plan: Plan, d: int) -> float:
    """A boom costs the next two mornings; a flare leaves a short tail; a day of gardening
    costs the next morning (demo/context.py)."""
    bump = 2.0 if d - 1 in plan.red_days else 1.0 if d - 2 in plan.red_days else 0.0
    bump += GARDEN_BUMP if d - 1 in plan.gardening else 0.0
    after = plan.days_after_flare(d)
    return bump + {1: 1.0, 2: 0.5}.get(after or 0, 0.0)


def _flare_floor(averages: dict[int, float], d: int, fallback: float) -> int:
    """§8: a flare day reaches the baseline (median daily average of the last 14 days,
    flare days excluded, >= 7 logged days) + 2."""
    recent = [averages[i] for i in range(d - 14, d) if i in averages]
    base = statistics.median(recent) if len(recent) >= 7 else fallback
    return math.ceil(base) + 2


def _morning_pain(b: RowBuilder, plan: Plan, d: int, level: float, averages: dict[int, float]) -> int:
    expected = expected_pain(b.date_of(d), d) + level + b.rng.gauss(0, 0.35)
    if not plan.in_flare(d):
        return clamp(expected + _aftermath(plan, d), 1, 9)
    floor = _flare_floor(averages, d, expected)  # 10, "worst imaginable", only if §8 needs it
    return clamp(max(expected + 2.5, floor + b.rng.randint(0, 1)), 0, min(10, max(9, floor)))


def _sites(rng: random.Random, workday: bool, flare: bool) -> str:
    sites = ["lower back"]
    roll = rng.random()
    if flare or roll < 0.2:
        sites.append("right buttock")
    elif workday and roll < 0.32:
        sites.append("neck")
    return json.dumps(sites)


def _diary_note(b: RowBuilder, plan: Plan, d: int, sleep: int) -> str | None:
    if plan.in_flare(d) and not plan.in_flare(d - 1):
        return "much stiffer after yesterday's long drive"
    if d in plan.red_days:
        return "felt great today"
    roll = b.rng.random()
    if sleep <= 3 and roll < 0.3:
        return "woke at 3 am and couldn't settle"
    return b.rng.choice(DIARY_NOTES) if roll < 0.03 else None


def _log_day(b: RowBuilder, plan: Plan, d: int, pain: int, stress_before: int) -> tuple[int, list[int]]:
    """The day's diary rows from its latent state; returns (stress, pains logged)."""
    rng, workday, flare = b.rng, b.date_of(d).weekday() < 5, plan.in_flare(d)
    stress = clamp(3.0 + (1.4 if workday else -0.8) + 0.3 * (pain - 4) + rng.gauss(0, 1.0))
    sleep = clamp(7.2 - 0.5 * (pain - 4) - 0.25 * (stress_before - 4) + rng.gauss(0, 0.9))
    mood = clamp(6.6 - 0.45 * (pain - 4) + 0.3 * (sleep - 6) - 0.2 * (stress - 4) + rng.gauss(0, 0.8))
    fatigue = clamp(3.4 + 0.45 * (pain - 4) - 0.4 * (sleep - 6) + rng.gauss(0, 0.8))
    logged: list[int] = []
    if flare or d == plan.days - 1 or rng.random() < 0.9:  # no one forgets it in a flare, or today
        b.add(
            "pain_entry",
            d,
            rng.randint(420, 569),
            {
                "pain": pain,
                "sleep": sleep,
                "mood": mood,
                "fatigue": fatigue if rng.random() < 0.9 else None,
                "stress": stress if rng.random() < 0.8 else None,
                "sites": _sites(rng, workday, flare),
                "flare": int(flare),
                "note": _diary_note(b, plan, d, sleep),
            },
        )
        logged.append(pain)
    if rng.random() < (0.6 if flare else 0.8 if d in plan.red_days else 0.3):
        evening = clamp(pain + rng.gauss(0.4 if workday else 0.0, 0.7))
        evening = max(min(evening, 9), pain) if flare else 7 if d in plan.red_days else evening
        b.add(
            "pain_entry",
            d,
            rng.randint(1200, 1349),
            {
                "pain": evening,
                "sleep": None,
                "mood": clamp(mood - 0.3 * (evening - pain)),
                "fatigue": clamp(fatigue + 1),
                "stress": None,
                "sites": _sites(rng, workday, flare),
                "flare": int(flare),
                "note": None,
            },
        )
        logged.append(evening)
    return stress, logged


def add_diary(b: RowBuilder, plan: Plan, context: tuple[random.Random, Tagging] | None = None) -> list[int]:
    """Diary rows for every day; returns each day's morning pain, logged or not. With
    `context`, a gardening day also gets its tagged evening entry (drawn from the context's
    own generator, so the story's draws stay the same)."""
    pains: list[int] = []
    averages: dict[int, float] = {}  # logged days outside flares, for the §8 baseline
    level, stress = 0.0, 4
    for d in range(plan.days):
        level = 0.5 * level + b.rng.gauss(0, 0.3)
        pain = _morning_pain(b, plan, d, level, averages)
        stress, logged = _log_day(b, plan, d, pain, stress)
        if context is not None and d in plan.gardening:
            logged.append(garden_entry(b, d, pain, *context, plan.in_flare(d))["pain"])
        if logged and not plan.in_flare(d):
            averages[d] = sum(logged) / len(logged)
        pains.append(pain)
    return pains
