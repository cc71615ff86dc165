"""The baseline of clinical-rules §1: the mean of the first sessions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paceit.pacing import baseline_mean


def test_baseline_is_the_mean_of_the_first_three_sessions() -> None:
    assert baseline_mean([10, 12, 14], 3) == 12
    assert baseline_mean([10, 12, 15, 99], 3) == 37 / 3  # later sessions do not count; not rounded (Q0 rounds once)


def test_no_baseline_until_enough_sessions() -> None:
    assert baseline_mean([], 3) is None
    assert baseline_mean([10, 12], 3) is None


amounts = st.lists(st.floats(min_value=0.1, max_value=1000, allow_nan=False), max_size=10)


@given(amounts, st.integers(1, 5))
def test_baseline_lies_between_the_smallest_and_largest_counted_session(values: list[float], needed: int) -> None:
    result = baseline_mean(values, needed)
    if len(values) < needed:
        assert result is None
    else:
        assert result is not None
        counted = values[:needed]
        assert min(counted) - 0.01 <= result <= max(counted) + 0.01
