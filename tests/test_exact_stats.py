"""`exact_stats.stdev` is `statistics.stdev`, bit for bit (issue 19): the usual pain and the
flare baseline use it on every replayed day, and no answer may change. So are its `median`
and `fmean`, which keep `statistics` (and `random`) out of `log` and `next`."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paceit.exact_stats import fmean, median, stdev

# What the rules feed it: morning pains (0-10, whole) and daily averages of them; and any
# finite float, for the arithmetic itself.
PAINS = st.integers(0, 10)
AVERAGES = st.lists(PAINS, min_size=1, max_size=6).map(lambda xs: sum(xs) / len(xs))
ANY = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e150, max_value=1e150)


@given(st.lists(PAINS | AVERAGES, min_size=2, max_size=30))
def test_the_same_float_on_pains_and_averages(values: list[float]) -> None:
    assert stdev(values).hex() == statistics.stdev(values).hex()


@given(st.lists(ANY | st.integers(-(10**20), 10**20), min_size=2, max_size=20))
def test_the_same_float_on_any_finite_numbers(values: list[float]) -> None:
    assert stdev(values).hex() == statistics.stdev(values).hex()


def test_equal_values_and_tiny_spreads() -> None:
    for values in ([3, 3, 3], [0.1, 0.1], [1e-300, 2e-300, 5e-324], [2.5, 2.5000000000000004]):
        assert stdev(values).hex() == statistics.stdev(values).hex()


@pytest.mark.parametrize("values", [[], [4.0]])
def test_fewer_than_two_values_fail_as_statistics_does(values: list[float]) -> None:
    with pytest.raises(statistics.StatisticsError):
        stdev(values)


def _same(mine: float, theirs: float) -> bool:
    """The same number of the same type (an odd count's median is one of the values)."""
    return type(mine) is type(theirs) and repr(mine) == repr(theirs)


@given(st.lists(PAINS | AVERAGES | ANY | st.integers(-(10**20), 10**20), min_size=1, max_size=30))
def test_median_and_fmean_are_statistics_own(values: list[float]) -> None:
    assert _same(median(values), statistics.median(values))
    assert _same(fmean(values), statistics.fmean(values))


def test_median_and_fmean_of_nothing_fail_as_statistics_does() -> None:
    for function in (median, fmean):
        with pytest.raises(statistics.StatisticsError):
            function([])
