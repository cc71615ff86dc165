"""Self-management strategies in the demo (`paceit strategy`): what a person might record.

- **Heat pack** on about half the evenings after a morning with pain 6 or more, 15-30
  minutes, helping a middling amount (3-7 of 10).
- **Relaxation** (slow breathing) on about one day in five, 10-20 minutes, helping a little
  (2-6), now and then without a rating: ratings are optional.

Drawn from a generator of its own (`strategy_rng`), and added after everything else, so
that the rest of the story keeps its own sequence of draws and uuids. Nothing here is a
suggestion: the demo shows what recording looks like, not what to do.
"""

from __future__ import annotations

import random

from paceit.demo.plan import Plan
from paceit.demo.rows import RowBuilder


def strategy_rng(seed: int) -> random.Random:
    return random.Random(f"paceit-demo-strategy-{seed}")


def add_strategies(b: RowBuilder, plan: Plan, pains: list[int], rng: random.Random) -> None:
    for d in range(plan.days):
        if pains[d] >= 6 and rng.random() < 0.5:
            values = {"name": "heat pack", "helped": rng.randint(3, 7), "minutes": rng.choice((15, 20, 30))}
            b.add("strategy_use", d, rng.randint(1140, 1260), values)
        if rng.random() < 0.2:
            helped = rng.randint(2, 6) if rng.random() < 0.8 else None
            values = {"name": "relaxation", "helped": helped, "minutes": rng.choice((10, 15, 20))}
            b.add("strategy_use", d, rng.randint(1260, 1350), values)
