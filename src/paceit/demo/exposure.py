"""The demo fear ladder: eight steps and their exposure trials.

Worked through in the default inhibitory-learning mode, with predictions that overshoot what
happens, so the lowest steps end mastered by the ladder's own rules.
"""

from __future__ import annotations

import random

from paceit.demo.plan import Plan
from paceit.demo.rows import Row, RowBuilder, clamp
from paceit.demo.scenario import LADDER


def _ladder_steps(b: RowBuilder, plan: Plan) -> list[int]:
    """Eight steps, fear 20 .. 90 with small jitter (adjacent gaps 6-14, first <= 40)."""
    fears = []
    for index, spec in enumerate(LADDER, start=1):
        jitter = 0 if index in (1, len(LADDER)) else b.rng.randint(-2, 2)
        fear = spec.fear + jitter
        fears.append(fear)
        b.add(
            "ladder_step",
            plan.ladder_day,
            20 * 60 + 30 + index,
            {
                "id": index,
                "text": spec.text,
                "fear": fear,
                "harm": clamp(fear + b.rng.randint(-10, 5), 0, 100),
                "activity_id": spec.activity,
            },
        )
    return fears


def _trial_values(rng: random.Random, pain: int, j: int, m: int, arc: tuple[int, int, int, int]) -> Row:
    """Trial j of m: fear and expected likelihood fall along the arc; predictions overshoot
    the actual pain (by >= 2 in the first and the last two trials, so the step ends mastered)."""
    f0, f1, l0, l1 = arc
    frac = j / (m - 1)
    before = round(f0 + (f1 - f0) * frac) + (rng.randint(-3, 3) if 0 < j < m - 1 else 0)
    peak = max(before, min(88, before + rng.randint(5, 15)))
    actual = clamp(pain - 1 + rng.choice((-1, 0, 1)), 1, 6)
    gap = rng.randint(3, 5) if j == 0 else rng.randint(2, 3) if j >= m - 2 else rng.randint(1, 3)
    return {
        "fear_before": clamp(before, 0, 100),
        "fear_peak": peak,
        "fear_after": round(peak * rng.uniform(0.35, 0.6)),
        "expect_likely": round(l0 + (l1 - l0) * frac),
        "predicted_pain": min(10, actual + gap),
        "pain": actual,
        "happened": 0,
        "safety": int(frac < 0.5),
        "aborted": 0,
        "note": "held on to the worktop" if j == 0 else None,
    }


def _free_day(plan: Plan, d: int) -> int:
    """The ladder holds during a flare and for two days after it, and after a red session."""
    while plan.in_flare(d) or (plan.days_after_flare(d) or 9) <= 2 or d - 1 in plan.red_days:
        d += 1
    return d


def add_ladder(b: RowBuilder, plan: Plan, pains: list[int]) -> None:
    fears = _ladder_steps(b, plan)
    rng, d = b.rng, plan.ladder_day + 2
    for k, fear in enumerate(fears):
        m = 3 if k == 0 else 3 + rng.randint(0, 1) if k == 1 else 3 + rng.randint(1, 2)
        start = min(95, fear + rng.randint(0, 8))
        arc = (
            start,
            min(rng.randint(15, 28), start - 6),
            min(95, 40 + fear // 2 + rng.randint(0, 10)),
            rng.randint(5, 15),
        )
        for j in range(m):
            d = _free_day(plan, d)
            if d >= plan.days:
                return
            values = _trial_values(rng, pains[d], j, m, arc)
            values["expect"] = LADDER[k].expect
            b.add("exposure_trial", d, rng.randint(14 * 60, 17 * 60 - 1), {"step_id": k + 1, **values})
            d += rng.randint(2, 4) if k == 0 else rng.randint(4, 8)
