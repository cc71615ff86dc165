"""outcomes.py: changes of pain, PEG and PSFS against their minimal important differences
(clinical-rules.md §6), by hand and as properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paceit.outcomes import Score, pain_change, peg_change, psfs_change, score_of, sleep_change, track
from paceit.settings import DEFAULTS

D1, D2 = date(2026, 10, 1), date(2026, 11, 1)


@pytest.mark.parametrize(
    ("before", "after", "reached", "direction"),
    [
        (6.0, 4.0, True, "better"),  # 2 points
        (6.0, 4.5, False, "better"),  # 1.5 points, 25 %
        (3.0, 2.0, True, "better"),  # 1 point but 33 %
        (4.0, 2.8, True, "better"),  # 1.2 points, exactly 30 %
        (4.0, 5.0, False, "worse"),  # 1 point, 25 %
        (5.0, 7.0, True, "worse"),
        (5.0, 5.0, False, "same"),
        (0.0, 1.0, False, "worse"),  # no percentage of 0
    ],
)
def test_pain_mid_by_hand(before: float, after: float, reached: bool, direction: str) -> None:
    change = pain_change(before, after, DEFAULTS)
    assert (change.reached, change.direction) == (reached, direction)
    assert change.change == round(after - before, 2)


def test_pain_change_words_are_calm() -> None:
    assert "variation" in pain_change(6, 5, DEFAULTS).meaning
    assert "matters" in pain_change(6, 3, DEFAULTS).meaning
    assert pain_change(6, 3, DEFAULTS).percent == -50.0


@pytest.mark.parametrize(
    ("before", "after", "reached", "direction"),
    [
        (5.67, 4.67, True, "better"),
        (5.67, 4.68, False, "better"),
        (4.0, 5.33, True, "worse"),
        (3.0, 3.0, False, "same"),
    ],
)
def test_peg_mid_is_one_point(before: float, after: float, reached: bool, direction: str) -> None:
    change = peg_change(before, after, DEFAULTS)
    assert (change.reached, change.direction) == (reached, direction)


def test_psfs_is_compared_on_the_same_activities_only() -> None:
    first = Score(D1, 3.67, (("Walking", 3), ("Gardening", 2), ("Cooking", 6)))
    # Cooking was dropped and Driving added: compare Walking and Gardening only.
    # before (3 + 2) / 2 = 2.5; after (6 + 4) / 2 = 5.0; +2.5 >= 2: better, reached.
    last = Score(D2, 5.0, (("walking ", 6), ("GARDENING", 4), ("Driving", 5)))
    change = psfs_change(first, last, DEFAULTS)
    assert change is not None
    assert (change.before, change.after, change.change) == (2.5, 5.0, 2.5)
    assert (change.reached, change.direction, change.items) == (True, "better", ("walking ", "GARDENING"))


def test_psfs_with_nothing_in_common_is_not_compared() -> None:
    assert psfs_change(Score(D1, 3, (("a", 3),)), Score(D2, 9, (("b", 9),)), DEFAULTS) is None


def test_track_orders_by_day_and_compares_first_with_last() -> None:
    scores = [Score(D2, 4.0), Score(D1, 6.0), Score(date(2026, 10, 15), 7.0)]
    tracked = track("peg", scores, DEFAULTS)
    assert [s.day for s in tracked.scores] == [D1, date(2026, 10, 15), D2]
    assert tracked.change is not None and tracked.change.change == -2.0 and tracked.change.reached
    assert track("peg", [Score(D1, 6.0)], DEFAULTS).change is None


scores = st.floats(0, 10, allow_nan=False).map(lambda v: round(v, 2))


@given(scores, scores)
def test_pain_mid_is_symmetric_and_never_reached_without_change(before: float, after: float) -> None:
    there = pain_change(before, after, DEFAULTS)
    assert there.direction == ("same" if before == after else "better" if after < before else "worse")
    if before == after:
        assert not there.reached
    if abs(after - before) >= 2:
        assert there.reached


@given(scores, scores)
def test_peg_reaches_its_mid_exactly_when_it_moves_a_point(before: float, after: float) -> None:
    change = peg_change(before, after, DEFAULTS)
    assert change.reached == (abs(round(after - before, 2)) >= 1)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=5), st.lists(st.integers(0, 10), min_size=1, max_size=5))
def test_psfs_higher_is_better(before: list[int], after: list[int]) -> None:
    n = min(len(before), len(after))
    first = Score(D1, 0, tuple((f"activity {i}", v) for i, v in enumerate(before[:n])))
    last = Score(D2, 0, tuple((f"Activity {i}", v) for i, v in enumerate(after[:n])))
    change = psfs_change(first, last, DEFAULTS)
    assert change is not None and len(change.items) == n
    if change.change > 0:
        assert change.direction == "better"
    assert change.reached == (abs(change.change) >= 2 - 1e-9)


def test_peg_change_comes_from_the_unrounded_item_means() -> None:
    # 22/3 -> 14/3 is -2.667: -2.67, not the stored 4.67 - 7.33 = -2.66.
    first = Score(D1, 7.33, (("pain", 7), ("enjoyment", 7), ("activity", 8)))
    last = Score(D2, 4.67, (("pain", 5), ("enjoyment", 5), ("activity", 4)))
    change = track("peg", [first, last], DEFAULTS).change
    assert change is not None and change.change == -2.67 and (change.before, change.after) == (7.33, 4.67)


@pytest.mark.parametrize(
    ("before", "after", "reached", "direction"),
    [
        (4.0, 6.0, True, "better"),  # sleep 0 = worst, 10 = best: up 2 points reaches the default 2
        (4.0, 5.5, False, "better"),  # 1.5 points: no percentage rule for sleep (38 % is not enough)
        (7.0, 5.0, True, "worse"),
        (6.0, 6.0, False, "same"),
    ],
)
def test_sleep_change_is_judged_by_mid_sleep_higher_is_better(
    before: float, after: float, reached: bool, direction: str
) -> None:
    change = sleep_change(before, after, DEFAULTS)
    assert (change.measure, change.reached, change.direction) == ("sleep", reached, direction)
    assert change.mid_points == 2.0 and change.threshold == "2 points"


def test_sleep_change_words_and_its_setting() -> None:
    assert sleep_change(4, 6, DEFAULTS).meaning == "Sleep is better, by at least the change that matters (2 points)."
    assert sleep_change(4, 5, DEFAULTS).meaning == (
        "Sleep is a little better, less than the change that matters (2 points): it may be day-to-day variation."
    )
    # A clinician's 3 points: 2 is then below it.
    assert not sleep_change(4, 6, {**DEFAULTS, "mid.sleep": 3}).reached


@given(scores, scores)
def test_sleep_reaches_its_mid_exactly_when_it_moves_two_points(before: float, after: float) -> None:
    change = sleep_change(before, after, DEFAULTS)
    assert change.reached == (abs(round(after - before, 2)) >= 2)
    assert change.direction == ("same" if before == after else "better" if after > before else "worse")


def test_a_questionnaire_row_reads_as_its_score_with_whole_item_values() -> None:
    """`score_of` turns a questionnaire row with its items (`queries.with_items`) into the
    `Score` the rules take, for `next`'s progress line and the report alike."""
    items = [{"item": "Stairs", "value": 5}, {"item": "gardening", "value": 4.0}]
    row = {"day": "2026-11-20", "score": 4.5, "items": items}
    found = score_of(row)
    assert found == Score(date(2026, 11, 20), 4.5, (("Stairs", 5), ("gardening", 4)))
    assert all(type(v) is int for _, v in found.items) and type(found.score) is float
    assert score_of({**row, "score": 3, "items": []}) == Score(date(2026, 11, 20), 3.0)
