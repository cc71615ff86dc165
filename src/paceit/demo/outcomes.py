"""The demo's goals and outcome measures (PEG and PSFS every two weeks).

The walking goal is marked done on the day the pacing engine's walking target first reaches
it, so goals and sessions tell the same story.
"""

from __future__ import annotations

import math

from paceit.demo.plan import Plan
from paceit.demo.rows import RowBuilder, clamp
from paceit.demo.scenario import PSFS_ITEMS
from paceit.demo.sessions import Paced
from paceit.measures import mean_score
from paceit.times import stamp


def add_goals(b: RowBuilder, plan: Plan, walking: Paced) -> None:
    d0 = min(2, plan.days - 1)
    reached = next((d for d, q in sorted(walking.quotas.items()) if q >= 30), None)
    film = stamp(b.moment(max(d0, round(plan.days * 0.6)), 22 * 60 + 30)).at_utc
    goals = (
        (
            "walk to the park and back with my grandchildren",
            1,
            30.0,
            stamp(b.moment(reached, 19 * 60 + 45)).at_utc if reached is not None else None,
        ),
        ("sit through a whole film at the cinema", None, None, film),
        ("weed the vegetable patch for half an hour on Saturdays", None, None, None),
    )
    for index, (text, activity, target, done) in enumerate(goals):
        b.add("goal", d0, 21 * 60 + index, {"text": text, "activity_id": activity, "target": target, "done_utc": done})


def _questionnaire(b: RowBuilder, d: int, minute: int, kind: str, items: list[tuple[str, int]]) -> None:
    q_id = len(b.tables["questionnaire"]) + 1
    b.add("questionnaire", d, minute, {"id": q_id, "kind": kind, "score": mean_score([v for _, v in items])})
    for position, (item, value) in enumerate(items):
        b.tables["questionnaire_item"].append(
            {"uuid": b.uuid(), "questionnaire_id": q_id, "position": position, "item": item, "value": value}
        )


def add_measures(b: RowBuilder, plan: Plan, pains: list[int]) -> None:
    """PEG and PSFS every two weeks; PSFS keeps the same three activities (§6)."""
    rng = b.rng
    for d in range(0, plan.days, 14):
        week = pains[max(0, d - 6) : d + 1]
        average = sum(week) / len(week)
        peg = [
            ("pain", clamp(average + rng.gauss(0, 0.5))),
            ("enjoyment", clamp(average * 0.9 + rng.gauss(0, 0.8))),
            ("activity", clamp(average + rng.gauss(0.3, 0.8))),
        ]
        minute = rng.randint(20 * 60, 20 * 60 + 25)
        _questionnaire(b, d, minute, "peg", peg)
        progress = 1 - math.exp(-d / 60) - (0.4 if plan.in_flare(d) else 0.0)
        psfs = [(item, clamp(start + 4.5 * progress + rng.gauss(0, 0.6))) for item, start in PSFS_ITEMS]
        _questionnaire(b, d, minute + 5, "psfs", psfs)


def add_clinician_notes(b: RowBuilder, plan: Plan) -> None:
    """Two questions the demo person marked for their clinician (`paceit ask`): one after
    the first flare, one a few days before today. Added last: it draws only uuids, so the
    rest of the demo stays as it was."""
    notes = [(plan.days - 3, "Could I add swimming once a week, and how would it fit my walking quota?")]
    if plan.flares:
        start, length = plan.flares[0]
        notes.insert(
            0,
            (
                min(start + length + 1, plan.days - 1),
                "The flare came after a long drive: how could I sit better in the car?",
            ),
        )
    for d, text in notes:
        row = b.add("clinician_note", max(d, 0), 20 * 60 + 30, {"text": text, "source": "ask", "source_uuid": None})
        row.pop("note")
