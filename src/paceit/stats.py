"""The small statistics behind `paceit insights`: ranks, Spearman's rho, means and
seeded bootstrap intervals. Standard library only, pure and deterministic.

Every bootstrap first sorts its input, so the order in which days arrive never changes a
result (only which days are in which group does), and draws from its own
`random.Random(seed)`, so a run is reproducible and one result does not depend on how many
others were computed before it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1..n, ties sharing the mean of the ranks they span (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1
        for position in range(start, end + 1):
            result[order[position]] = shared
        start = end + 1
    return result


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when either side does not vary (the correlation is undefined)."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation: Pearson's r of the (tie-averaged) ranks."""
    return pearson(ranks(xs), ranks(ys))


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default, 'type 7')."""
    position = (len(sorted_values) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _interval(estimates: list[float], level: float) -> tuple[float, float]:
    estimates.sort()
    tail = (1 - level) / 2
    return quantile(estimates, tail), quantile(estimates, 1 - tail)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (Numerical Recipes, betacf)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-12:
            break
    return h


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom (df > 0, not necessarily whole)."""
    x = df / (df + t * t)
    a, b = df / 2, 0.5
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        tail = front * _beta_fraction(a, b, x) / a
    else:
        tail = 1 - front * _beta_fraction(b, a, 1 - x) / b
    return 1 - tail / 2 if t >= 0 else tail / 2


def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, by bisection (p in (0.5, 1))."""
    low, high = 0.0, 1e6
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if t_cdf(middle, df) < p else (low, middle)
    return (low + high) / 2


def _variance(values: Sequence[float]) -> float:
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1) if len(values) > 1 else 0.0


def expanded_level(with_: Sequence[float], without: Sequence[float], level: float) -> float:
    """The percentile level that makes a bootstrap interval of a difference of means as wide
    as a small sample needs. The plain percentile bootstrap runs narrow in small groups (it
    uses the n rather than n - 1 variance and normal rather than t tails); this is
    Hesterberg's "expanded percentile" interval, with Welch's degrees of freedom for two
    groups (Hesterberg, The American Statistician 2015;69:371)."""
    n1, n2 = len(with_), len(without)
    v1, v2 = _variance(with_) / n1, _variance(without) / n2
    plain = v1 * (n1 - 1) / n1 + v2 * (n2 - 1) / n2
    if plain <= 0 or n1 < 2 or n2 < 2:
        return level
    df = (v1 + v2) ** 2 / ((v1**2 / (n1 - 1) if v1 else 0) + (v2**2 / (n2 - 1) if v2 else 0))
    z = math.sqrt((v1 + v2) / plain) * t_quantile(1 - (1 - level) / 2, df)
    return 1 - math.erfc(z / math.sqrt(2))


def bootstrap_difference(
    with_: Sequence[float], without: Sequence[float], *, seed: str, resamples: int, level: float
) -> tuple[float, float]:
    """Expanded percentile interval of mean(with) - mean(without), resampling each group on
    its own (the group sizes stay as observed)."""
    rng = random.Random(seed)
    a, b = sorted(with_), sorted(without)
    estimates = [mean(rng.choices(a, k=len(a))) - mean(rng.choices(b, k=len(b))) for _ in range(resamples)]
    return _interval(estimates, expanded_level(a, b, level))


def bootstrap_pairs(
    pairs: Sequence[tuple[float, float]],
    statistic: Callable[[Sequence[float], Sequence[float]], float | None],
    *,
    seed: str,
    resamples: int,
    level: float,
) -> tuple[float, float]:
    """Percentile interval of `statistic(xs, ys)` over resampled (x, y) pairs. Resamples where
    the statistic is undefined (one side constant) are drawn again, up to a bound."""
    rng = random.Random(seed)
    ordered = sorted(pairs)
    estimates: list[float] = []
    attempts = 0
    while len(estimates) < resamples and attempts < 3 * resamples:
        attempts += 1
        sample = rng.choices(ordered, k=len(ordered))
        value = statistic([x for x, _ in sample], [y for _, y in sample])
        if value is not None:
            estimates.append(value)
    if not estimates:
        return (-1.0, 1.0)
    return _interval(estimates, level)
