"""insights.py and stats.py: textbook and hand-computed values, the minimum sample, the
wording, and properties (order inside a group never matters; independent data rarely
looks like a finding)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paceit import stats
from paceit.insights import DayData, Rules, insights

START = date(2026, 8, 1)
RULES = Rules(resamples=400)


def day(n: int, **values: object) -> DayData:
    return DayData(START + timedelta(days=n), logged=True, **values)  # type: ignore[arg-type]


# --- statistics -----------------------------------------------------------------------------------


def test_spearman_textbook_example() -> None:
    # Wikipedia, "Spearman's rank correlation coefficient": IQ against hours of TV a week.
    iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110]
    tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17]
    assert stats.spearman(iq, tv) == pytest.approx(-29 / 165)


def test_ranks_share_ties_and_spearman_of_monotone_data_is_one() -> None:
    assert stats.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert stats.ranks([3, 1, 2]) == [3, 1, 2]
    assert stats.spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1)
    assert stats.spearman([1, 2, 3, 4], [8, 4, 2, 1]) == pytest.approx(-1)
    assert stats.spearman([1, 1, 1], [1, 2, 3]) is None  # undefined, not 0


def test_quantile_interpolates_like_numpy() -> None:
    assert stats.quantile([1, 2, 3, 4], 0.5) == 2.5
    assert stats.quantile([1, 2, 3, 4], 0.25) == 1.75
    assert stats.quantile([5], 0.9) == 5


def test_bootstrap_of_constant_groups_is_the_exact_difference() -> None:
    low, high = stats.bootstrap_difference([5, 5, 5], [3, 3, 3, 3], seed="s", resamples=200, level=0.95)
    assert (low, high) == (2, 2)


def test_bootstrap_is_seeded() -> None:
    a, b = [1, 4, 2, 6, 5], [3, 2, 2, 1, 4, 0]
    first = stats.bootstrap_difference(a, b, seed="x", resamples=300, level=0.9)
    assert first == stats.bootstrap_difference(a, b, seed="x", resamples=300, level=0.9)
    assert first != stats.bootstrap_difference(a, b, seed="y", resamples=300, level=0.9)
    assert first[0] < stats.mean(a) - stats.mean(b) < first[1]


@given(
    st.lists(st.integers(0, 10), min_size=1, max_size=12),
    st.lists(st.integers(0, 10), min_size=1, max_size=12),
    st.randoms(use_true_random=False),
)
@settings(max_examples=60, deadline=None)
def test_order_inside_a_group_never_changes_the_interval(a: list[int], b: list[int], rng: random.Random) -> None:
    shuffled_a, shuffled_b = a[:], b[:]
    rng.shuffle(shuffled_a)
    rng.shuffle(shuffled_b)
    one = stats.bootstrap_difference(a, b, seed="k", resamples=100, level=0.95)
    assert one == stats.bootstrap_difference(shuffled_a, shuffled_b, seed="k", resamples=100, level=0.95)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10)), min_size=3, max_size=20), st.randoms())
@settings(max_examples=40, deadline=None)
def test_order_of_pairs_never_changes_the_correlation_interval(
    pairs: list[tuple[int, int]], rng: random.Random
) -> None:
    shuffled = pairs[:]
    rng.shuffle(shuffled)
    one = stats.bootstrap_pairs(pairs, stats.spearman, seed="k", resamples=60, level=0.95)
    assert one == stats.bootstrap_pairs(shuffled, stats.spearman, seed="k", resamples=60, level=0.95)
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    assert stats.spearman(xs, ys) == stats.spearman([x for x, _ in shuffled], [y for _, y in shuffled])


def test_independent_data_rarely_gives_an_interval_without_zero() -> None:
    """95 % intervals on data with no association: about 5 % leave out zero by chance (the
    percentile bootstrap runs a little narrow in small samples, hence the tolerance)."""
    rng = random.Random(20261121)
    differences = correlations = 0
    trials = 100
    for k in range(trials):
        a = [rng.randint(2, 7) for _ in range(20)]
        b = [rng.randint(2, 7) for _ in range(25)]
        low, high = stats.bootstrap_difference(a, b, seed=str(k), resamples=300, level=0.95)
        differences += low > 0 or high < 0
        pairs = [(rng.uniform(0, 200), rng.randint(2, 7)) for _ in range(30)]
        low, high = stats.bootstrap_pairs(pairs, stats.spearman, seed=str(k), resamples=300, level=0.95)
        correlations += low > 0 or high < 0
    assert differences <= 0.12 * trials
    assert correlations <= 0.12 * trials


# --- insights --------------------------------------------------------------------------------------


def sleep_days(n_good: int, n_poor: int) -> list[DayData]:
    """Good nights (sleep 8) followed by morning pain 3 or 4, poor ones (sleep 4) by 5 or 6:
    a hand-computed difference of exactly -2."""
    days = [day(i, sleep=8, morning_pain=3 + i % 2, pain=4) for i in range(n_good)]
    days += [day(n_good + i, sleep=4, morning_pain=5 + i % 2, pain=4) for i in range(n_poor)]
    return days


def by_factor(found: list[dict[str, object]]) -> dict[tuple[object, object], dict[str, object]]:
    return {(r["factor"], r["outcome"]): r for r in found}


def test_sleep_difference_hand_computed() -> None:
    [result] = [r for r in insights(sleep_days(10, 10), RULES) if r["factor"].startswith("sleep")]
    assert (result["n"], result["n_with"], result["n_without"]) == (20, 10, 10)
    assert result["effect"] == -2.0
    assert result["low"] < -2 < result["high"] < 0 and result["clear"] is True
    assert result["text"].startswith(
        "On mornings after a night you rated 7 or more for sleep, morning pain averaged 2.0 lower than after "
        "poorer nights (10 and 10 days)."
    )
    assert "does not show that one causes the other" in result["text"]
    assert set(result) >= {"factor", "outcome", "n", "effect", "low", "high", "text"}


def test_below_the_minimum_nothing_is_shown() -> None:
    assert not [r for r in insights(sleep_days(7, 6), RULES) if r["factor"].startswith("sleep")]  # 13 days
    assert [r for r in insights(sleep_days(7, 7), RULES) if r["factor"].startswith("sleep")]  # 14 days
    assert not [r for r in insights(sleep_days(12, 2), RULES) if r["factor"].startswith("sleep")]  # 2 poor nights
    assert [r for r in insights(sleep_days(11, 3), RULES) if r["factor"].startswith("sleep")]


def test_tags_same_and_next_day_and_their_minimum() -> None:
    days = [
        day(i, pain=3.0 + (i % 3 == 0) * 0.5, tags=frozenset({"gardening"}) if i % 5 == 0 else frozenset())
        for i in range(30)
    ]
    days = [d if (d.day - START).days % 5 != 1 else DayData(d.day, pain=6.0, logged=True) for d in days]
    found = by_factor(insights(days, RULES))
    after = found[("tag gardening", "pain next day")]
    assert after["n_with"] == 6 and after["effect"] > 2 and after["clear"]
    assert after["text"].startswith("On the day after a day tagged 'gardening', pain averaged")
    assert ("tag gardening", "pain same day") in found
    rare = [
        DayData(d.day, pain=d.pain, logged=True, tags=frozenset({"x"}) if (d.day - START).days < 2 else frozenset())
        for d in days
    ]
    assert not [r for r in insights(rare, RULES) if r["factor"] == "tag x"]  # 2 days with: left out


def test_medication_text_never_claims_it_helps_or_harms() -> None:
    days = [
        day(i, pain=6.0 if i % 4 == 0 else 4.0, meds=frozenset({"ibuprofen"}) if i % 4 == 0 else frozenset())
        for i in range(28)
    ]
    [med] = [r for r in insights(days, RULES) if r["factor"] == "medication ibuprofen"]
    assert med["effect"] == 2.0
    assert "says nothing about whether it helps" in med["text"]


def test_load_yesterday_uses_the_previous_day() -> None:
    days = [day(i, load=float(i % 7) * 40, morning_pain=(i - 1) % 7 // 2 + 2) for i in range(40)]
    [load] = [r for r in insights(days, RULES) if r["factor"] == "session load yesterday"]
    assert load["n"] == 39 and load["effect"] > 0.9 and load["method"] == "rank correlation"


def test_permuting_outcomes_inside_a_group_never_changes_a_result() -> None:
    days = sleep_days(9, 8)
    rng = random.Random(3)
    good = [d.morning_pain for d in days[:9]]
    rng.shuffle(good)
    moved = [
        DayData(d.day, sleep=d.sleep, morning_pain=p, pain=d.pain, logged=True)
        for d, p in zip(days[:9], good, strict=True)
    ] + days[9:]
    assert insights(days, RULES) == insights(moved, RULES)


def test_intervals_widen_with_the_number_of_results() -> None:
    one = insights(sleep_days(10, 10), RULES)
    tagged = [
        DayData(
            d.day,
            sleep=d.sleep,
            morning_pain=d.morning_pain,
            pain=d.pain,
            logged=True,
            tags=frozenset({f"t{(d.day - START).days % 4}"}),
        )
        for d in sleep_days(10, 10)
    ]
    many = insights(tagged, RULES)
    assert len(many) > len(one)
    assert many[0]["level"] > one[0]["level"] == 0.95
