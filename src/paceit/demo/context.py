"""Context for `insights` to find: gardening, medicines, a neutral tag, functional tests.

What the demo puts there, on purpose (and what `insights` should and should not find):
- **Gardening** on about one day in five (never today), logged as an evening diary entry
  tagged `gardening`. It raises the next morning's pain by about 1.8 points: a real
  next-day association. Nothing else: each day is drawn on its own, blind to flares, red
  days, pain and the day before. (Days picked away from bad spells, or never two in a
  row, made gardening days look better on the same day: the day after gardening carries
  the bump and was then always a non-gardening day.) The evening entry is the morning's
  pain give or take a point, so the same day stays unrelated.
- **Ibuprofen 400 mg**, as needed: mostly on mornings with pain 6 or more (70 %), rarely
  otherwise (5 %). Taken because pain is worse, so it goes with worse days (the text of
  `insights` says this tells nothing about whether it helps).
- **Paracetamol 1 g** on about one day in eight, and the tag `visitors` on about one
  morning entry in eight, both unrelated to pain: what chance looks like.
- **Not put there, but true of the story:** in a flare the quotas are halved while pain is
  high, so in long demos (26-52 weeks) "session load yesterday" now and then reads as
  "more load, lower pain next morning" (3 of 60 seeds): pacing's own rule, in reverse.
  Over 40 seeds of the 12-week demo nothing but sleep, gardening next day and ibuprofen
  came out clear, apart from one chance result.
- **Functional tests**: the 30-second sit-to-stand every 14 days (about 8 stands rising to
  12) and the timed up-and-go every 28 days (about 11.5 s falling to 9.5 s).

Everything here draws from its own generator (`context_rng`), so the rest of the story
(flares, sessions, the ladder) keeps its own sequence of draws. Tags point at diary rows
whose ids are only known once the rows are in time order; `link_tags` runs after that.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from paceit.demo.plan import Plan
from paceit.demo.rows import Row, RowBuilder

GARDEN_BUMP = 1.8


def context_rng(seed: int) -> random.Random:
    return random.Random(f"paceit-demo-context-{seed}")


def choose_gardening(plan: Plan, rng: random.Random) -> frozenset[int]:
    """About one day in five, each drawn on its own (any weekday, so the weekday rhythm of
    pain does not pose as an effect), never today; blind to flares, red days, pain and the
    day before, so the only link gardening has with pain is the next-morning bump."""
    return frozenset(d for d in range(plan.days - 1) if rng.random() < 0.2)


@dataclass
class Tagging:
    """(diary row, tag) pairs waiting for the rows' ids."""

    pending: list[tuple[Row, str]] = field(default_factory=list)


def garden_entry(b: RowBuilder, d: int, pain: int, rng: random.Random, tagging: Tagging, flare: bool) -> Row:
    """The evening entry of a gardening day, tagged: the morning's pain give or take a
    point (no same-day effect), marked as a flare day when the day is one."""
    row = b.add(
        "pain_entry",
        d,
        rng.randint(1140, 1290),
        {
            "pain": max(0, min(10, pain + rng.choice((-1, 0, 0, 1)))),
            "sleep": None,
            "mood": None,
            "fatigue": None,
            "stress": None,
            "sites": '["lower back"]',
            "flare": int(flare),
            "note": "pottered in the garden" if rng.random() < 0.4 else None,
        },
    )
    tagging.pending.append((row, "gardening"))
    return row


def tag_visitors(b: RowBuilder, rng: random.Random, tagging: Tagging) -> None:
    """A neutral tag on about one morning entry in eight."""
    for row in b.tables["pain_entry"]:
        if row["sleep"] is not None and rng.random() < 0.125:
            tagging.pending.append((row, "visitors"))


def add_medication(b: RowBuilder, plan: Plan, pains: list[int], rng: random.Random) -> None:
    for d in range(plan.days):
        if rng.random() < (0.7 if pains[d] >= 6 else 0.05):
            b.add(
                "med_dose", d, rng.randint(600, 719), {"name": "ibuprofen", "dose": "400 mg", "schedule": "as-needed"}
            )
        if rng.random() < 0.125:
            b.add(
                "med_dose", d, rng.randint(780, 1260), {"name": "paracetamol", "dose": "1 g", "schedule": "as-needed"}
            )


def add_tasks(b: RowBuilder, plan: Plan, rng: random.Random) -> None:
    """Function improving slowly: more stands in 30 s, fewer seconds for the up-and-go."""
    for d in range(3, plan.days, 14):
        if plan.in_flare(d):
            continue
        progress = d / max(1, plan.days)
        stands = round(8 + 4 * progress + rng.gauss(0, 0.6))
        b.add("task_result", d, rng.randint(600, 660), _task("sit-to-stand", stands, "count", "higher"))
        if (d - 3) % 28 == 0:
            seconds = round(11.5 - 2 * progress + rng.gauss(0, 0.3), 1)
            b.add("task_result", d, rng.randint(661, 700), _task("up-and-go", seconds, "s", "lower"))


def _task(name: str, value: float, unit: str, better: str) -> Row:
    return {"name": name, "value": float(value), "unit": unit, "better": better}


def link_tags(b: RowBuilder, tagging: Tagging) -> None:
    """Give the diary rows their ids (time order, as if logged live) and tag the kept ones."""
    for index, row in enumerate(b.tables["pain_entry"], start=1):
        row["id"] = index
    kept = {id(row) for row in b.tables["pain_entry"]}
    b.tables["entry_tag"] = [
        {"uuid": b.uuid(), "pain_id": row["id"], "session_id": None, "trial_id": None, "tag": tag}
        for row, tag in tagging.pending
        if id(row) in kept
    ]
