"""The simulated cohorts, small: a few fixed people of each archetype follow `paceit next` for 12
weeks, and the direction of every target of the rules' "Simulated cohorts" must hold, so that a rule
change that would step harmless people back, let overloaded people run away, miss a flare or give a
backfilled diary another plan fails here. `bench/cohorts.py` measures the figures on 40 people each.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from statistics import median

import pytest

import paceit.cohort.backfill as backfill
from paceit.cohort.figures import final_over_tolerance, growth, over_share, pain_flares, true_flare
from paceit.cohort.people import BY_KEY, draw
from paceit.cohort.simulate import Outcome, simulate


def people(key: str, count: int) -> list[Outcome]:
    return [simulate(draw(BY_KEY[key], seed)) for seed in range(count)]


@pytest.fixture(scope="module")
def benign() -> list[Outcome]:
    return people("benign", 8)


def test_the_same_seed_is_the_same_person_and_the_same_twelve_weeks() -> None:
    one, two = simulate(draw(BY_KEY["benign"], 3)), simulate(draw(BY_KEY["benign"], 3))
    assert one.person == two.person
    assert [p.target for p in one.plans] == [p.target for p in two.plans]
    assert len(one.plans) == 84 and one.start_quota is not None


def test_people_whom_activity_does_not_harm_move_up(benign: list[Outcome]) -> None:
    grown = [growth(o) for o in benign]
    assert all(g is not None and g >= 1.0 for g in grown), grown  # never below where they started
    assert median(g for g in grown if g is not None) >= 1.5, grown  # version 1: 0.17-0.42x; 40 people: >= 2
    assert sum(o.changes("red") for o in benign) / len(benign) < 3
    assert sum(pain_flares(o) for o in benign) / len(benign) <= 1.5


def test_people_with_high_usual_pain_never_end_below_their_starting_quota() -> None:
    for outcome in people("high", 3):
        assert outcome.final_quota is not None and outcome.start_quota is not None
        assert outcome.final_quota >= outcome.start_quota


def test_overloaded_people_are_held_near_what_they_tolerate() -> None:
    found = people("overloaded", 5)
    ratios = [r for o in found if (r := final_over_tolerance(o)) is not None]
    assert 0.6 <= median(ratios) <= 1.3, ratios
    over, total = over_share(found)
    assert total and over / total <= 0.2, (over, total)
    assert any(o.changes("red") for o in found)  # the rules did act on the overload


def test_a_true_flare_is_caught_early_and_rebuilt_afterwards() -> None:
    found = [true_flare(o) for o in people("flare", 8)]
    caught = [f for f in found if f.detected]
    assert len(caught) >= 5, found  # 40 people: >= 80 %
    assert median(f.delay for f in caught if f.delay is not None) <= 3, found  # 40 people: <= 2 days
    assert all(f.rebuilt for f in caught), found


def test_an_irregular_diary_file_gives_the_plans_of_one_logged_on_time(tmp_path: Path) -> None:
    for seed in range(2):
        outcome = simulate(draw(BY_KEY["irregular"], seed))
        assert outcome.person.silent is not None and any(x.logged_on > x.entry.day for x in outcome.logged)
        assert backfill.mismatches(outcome, tmp_path / f"irregular-{seed}.db") == []
        grown = growth(outcome)
        assert grown is not None and grown >= 1.0


def test_the_backfill_check_catches_stale_checkpoints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the triggers that forget checkpoints when an older entry arrives, a backfilled
    week leaves `next` resuming from a checkpoint that never saw it: the check must say so."""
    add = backfill._add_activity

    def without_triggers(conn: sqlite3.Connection) -> None:
        add(conn)
        names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'replay_forget_%'")
        for (name,) in names.fetchall():
            conn.execute(f"DROP TRIGGER {name}")

    monkeypatch.setattr(backfill, "_add_activity", without_triggers)
    found = [backfill.mismatches(simulate(draw(BY_KEY["irregular"], s)), tmp_path / f"{s}.db") for s in (0, 2)]
    assert any(found), "stale checkpoints went unnoticed"
