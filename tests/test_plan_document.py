"""`plan_document.NextPlan`, the typed plan of `paceit next` (issue 20, item 6): its
`to_json()` is the document `next --json` printed before it was typed, key for key and in
the same order (scripts and product.md's contract read it), and `only` keeps what holds
every activity."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pytest

from paceit.plan_document import NextPlan


def document() -> dict[str, Any]:
    """A `plan.next_plan` document, as `today.with_progress` extends it."""
    walking = {
        "name": "walking", "unit": "min", "target": 11.0, "previous_target": 10.0, "decision": "increase",
        "zone": "green", "reasons": ["Moving up: 10 min -> 11 min.", "Last session: green."], "summary": "Move up.",
    }  # fmt: skip
    cycling = {**walking, "name": "cycling", "target": None, "decision": "pause", "zone": None, "summary": "Paused."}
    return {
        "date": "2026-11-21",
        "activities": [walking, cycling],
        "ladder": {"step_id": 3, "text": "carry shopping", "fear": 40, "reasons": ["No trials yet."], "summary": "Try"},
        "flare": {"active": True, "since": "2026-11-19", "reasons": ["A flare since 2026-11-19 (3 days)."]},
        "red_flags": ["#1 Numbness (ticked 2026-11-20): see a clinician soon"],
        "ladder_done": False,
        "learn": [{"topic": "red-flags", "why": "a red flag is open"}, {"topic": "pacing", "why": "first sessions"}],
        "progress": ["Your morning pain is 2 points lower than when you began."],
    }


def test_to_json_gives_back_the_document_key_for_key_and_in_order() -> None:
    given = document()
    plan = NextPlan.from_document(given, progress=given["progress"], notices=["Rules version 2."])
    expected = {**given, "notices": ["Rules version 2."]}
    assert plan.to_json() == expected
    assert json.dumps(plan.to_json()) == json.dumps(expected)  # the order of the keys too
    assert plan.day == date(2026, 11, 21)


def test_without_a_ladder_step_or_notices() -> None:
    given = {**document(), "ladder": None, "ladder_done": True, "learn": [], "progress": []}
    assert NextPlan.from_document(given).to_json() == {**given, "notices": []}


def test_to_json_is_a_copy_that_leaves_the_plan_unchanged() -> None:
    plan = NextPlan.from_document(document())
    out = plan.to_json()
    out["activities"][0]["name"] = "changed"
    out["flare"]["active"] = False
    assert plan.activities[0]["name"] == "walking" and plan.flare["active"] is True


def test_the_plan_is_frozen() -> None:
    plan = NextPlan.from_document(document())
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.ladder_done = True  # type: ignore[misc]


def test_only_keeps_one_activity_with_the_red_flags_and_the_flare() -> None:
    given = document()
    plan = NextPlan.from_document(given, progress=given["progress"], notices=["note"]).only("cycling")
    assert plan.to_json() == {
        **given,
        "activities": [given["activities"][1]],
        "ladder": None,
        "ladder_done": False,
        "learn": [{"topic": "red-flags", "why": "a red flag is open"}],
        "progress": [],
        "notices": ["note"],
    }
    assert NextPlan.from_document(given).only("rowing").activities == ()
