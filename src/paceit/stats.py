"""The small statistics behind `paceit insights`: ranks, Spearman's rho, means, Student's t,
and analytic intervals that allow for pain carrying over from one day to the next.
Standard library only, pure and deterministic.

Why analytic intervals rather than a bootstrap (issue 9 audit, checked by simulation;
numbers are false-alarm rates of 95 % intervals on data with no association):

- **Small groups.** A tag needs only 3 days. The percentile bootstrap of a difference of
  means ran far too narrow there (3 against 20 days: 15 %), because 3 resampled days
  rarely show the spread the days really have. Welch's t-interval (Welch, Biometrika
  1947;34:28) is the textbook answer for two groups of unequal size and spread, but on
  0-10 pain scores a group of 3 often has 3 equal values and a variance of 0, and plain
  Welch then claimed 11 %. So each group's variance is taken as at least the pooled
  variance of both groups (with the pooled degrees of freedom when that floor is used):
  a few days that happen to agree cannot look surer than the diary as a whole, while a
  small group that truly varies more keeps its own, larger variance (where the pooled
  Student interval alone gave 21-27 %). Simulated on the demo's pain scores (3000 runs
  each): 2.3 % at 3 against 20 days, 2.8 % at 5 against 76, 3.3 % at 12 against 69,
  4.8 % at 30 against 50; at the 99.4 % level of 8 results 0.4 % (nominal 0.6 %). On
  the safe side in the smallest groups, by design.
- **Rank correlation.** Fisher's z of Spearman's rho with Bonett and Wright's standard
  error, sqrt((1 + rho^2 / 2) / (n - 3)) (Psychometrika 2000;65:23), the usual analytic
  interval for rho: 3-5 % from 14 pairs up on independent data.
- **Carry-over.** Pain is autocorrelated: a bad day tends to follow a bad day. Days then
  carry less information than their number suggests, and most of all when the factor
  also comes in runs (a medicine started mid-way, a tag used for a week): resampling days
  as if independent gave 48 % and 24 % false alarms there. The outcome's day-to-day
  carry-over phi is the lag-1 autocorrelation over pairs of consecutive calendar days of
  the residuals (each day's value less its group mean; for a correlation, less the mean),
  corrected for what subtracting the means removes and for the ratio's own bias
  (`carryover`); below `MIN_PAIRS` such pairs it cannot be estimated and
  `DEFAULT_CARRYOVER` is assumed. With correlation phi^|i - j| between days i and j (an
  AR(1) process, the simplest model of carry-over), the exact variance of the contrast
  given which days fall in which group is sum_ij w_i w_j phi^|i - j| (`_decay_sum`, one
  pass), averaged over the estimate's uncertainty (`_uncertain`). It replaces the
  independent-days variance but never narrows it: runs widen the interval, scattered days
  barely change it. Each group's effective size (n^2 / sum_ij phi^|i - j|) gives the
  degrees of freedom, and its variance is corrected for the correlation that makes days
  of a run look alike. For a rank correlation the same sum over the centred ranks of the
  factor gives the effective number of pairs (Bartlett's correction, in its form
  conditional on the factor). Simulated rounded AR(1) pain, phi 0.8, 90 days (1000 runs
  each): medicine started on day 45 6.4 %, on day 70 4.7 %, one week in three 4.7 %,
  scattered tags 2.4 %; phi 0.5: 3-5 %; phi 0.9, the hardest case (long runs, strong
  carry-over, rounding to whole scores makes carry-over look shorter than it is): 8.6 %.
  The text says so when runs made an interval much wider (insights.CARRYOVER_NOTE).
- **Speed and stability.** No resampling: the same answer every run, no tails resting on
  a handful of draws at widened levels (at 99.4 % and 1000 resamples a tail rested on
  about 3 draws), and 12 ms for all results over 90 days, 80 ms over 730 (10-year demo).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

MIN_PAIRS = 10  # consecutive-day pairs needed to estimate the carry-over
DEFAULT_CARRYOVER = 0.5  # [D] assumed below that: a middle value, neither ignored nor extreme
MAX_CARRYOVER = 0.95
MAX_RUN_CORRELATION = 0.9


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
    """The mean, summed exactly (math.fsum), so the order of the values never shows in it."""
    return math.fsum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    """The sample variance (n - 1 in the denominator); 0 for fewer than 2 values."""
    if len(values) < 2:
        return 0.0
    m = mean(values)
    return math.fsum((v - m) ** 2 for v in values) / (len(values) - 1)


# --- Student's t and the normal quantile ------------------------------------------------------


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
    if x >= 1 or x <= 0:  # t = 0, or so far out that the tail is below float precision
        return 0.5 if x >= 1 else (1.0 if t > 0 else 0.0)
    a, b = df / 2, 0.5
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        tail = front * _beta_fraction(a, b, x) / a
    else:
        tail = 1 - front * _beta_fraction(b, a, 1 - x) / b
    return 1 - tail / 2 if t >= 0 else tail / 2


def _t_density(t: float, df: float) -> float:
    log = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log - (df + 1) / 2 * math.log1p(t * t / df))


def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p (p in [0.5, 1)): Newton's method from the normal quantile,
    kept inside a shrinking bracket so it always converges."""
    if p == 0.5:
        return 0.0
    low, high = 0.0, 1e7
    t = NormalDist().inv_cdf(p)
    for _ in range(100):
        error = t_cdf(t, df) - p
        if abs(error) < 1e-13:
            break
        low, high = (t, high) if error < 0 else (low, t)
        step = t - error / _t_density(t, df)
        t = step if low < step < high else (low + high) / 2 if high < 1e7 else 2 * t + 1
    return t


def normal_quantile(p: float) -> float:
    return NormalDist().inv_cdf(p)


# --- carry-over from day to day ---------------------------------------------------------------


def carryover(groups: Sequence[Sequence[tuple[int, float]]]) -> float | None:
    """The day-to-day carry-over phi behind (day number, residual) points, each group's
    residuals taken from its own mean; None below MIN_PAIRS pairs of consecutive days.

    The raw lag-1 autocorrelation of residuals runs low in two known ways, both corrected:
    subtracting a group's mean removes b = sum over groups of (sum_ij phi^|i-j| / n_g), over
    n, of each day's variance and of each neighbour's covariance (a lot for a long run of
    days, little for scattered ones), and the ratio itself is biased by -2 phi / n (Marriott
    and Pope, Biometrika 1954;41:390). A few fixed-point steps solve
    raw = (phi - b) / (1 - b) - 2 phi / n."""
    by_day = {d: e for group in groups for d, e in group}
    pairs = [(by_day[d], by_day[d + 1]) for d in by_day if d + 1 in by_day]
    total = sum(e * e for e in by_day.values())
    if len(pairs) < MIN_PAIRS or total <= 0:
        return None
    n = len(by_day)
    raw = (sum(a * b for a, b in pairs) / len(pairs)) / (total / n)
    phi = max(0.0, raw)
    for _ in range(6):
        removed = sum(_decay_sum([(d, 1.0) for d, _ in sorted(g)], phi) / len(g) for g in groups if g) / n
        phi = max(0.0, min(MAX_CARRYOVER, (raw + 2 * phi / n) * (1 - removed) + removed))
    return phi


def consecutive_pairs(groups: Sequence[Sequence[tuple[int, float]]]) -> int:
    days = {d for group in groups for d, _ in group}
    return sum(1 for d in days if d + 1 in days)


def _decay_sum(points: Sequence[tuple[int, float]], phi: float) -> float:
    """sum_i sum_j w_i w_j phi^|t_i - t_j| over (day t, weight w) points sorted by day, in one
    pass: the running sum of earlier weights decays by phi per day between points."""
    total, running, previous = 0.0, 0.0, None
    for day, weight in points:
        if previous is not None:
            running *= phi ** (day - previous)
        total += weight * weight + 2 * weight * running
        running += weight
        previous = day
    return total


@dataclass(frozen=True)
class Interval:
    """A confidence interval and how far day-to-day carry-over widened it."""

    low: float
    high: float
    carryover: float  # the day-to-day carry-over allowed for (0: days independent)
    inflation: float  # variance relative to independent days (1: no widening)


def _group(points: Sequence[tuple[int, float]], phi: float) -> tuple[float, float, float]:
    """(variance corrected for the correlation within runs, sum_ij phi^|i-j|, effective size)."""
    n = len(points)
    spread = _decay_sum([(d, 1.0) for d, _ in points], phi)
    within = (spread - n) / (n * (n - 1)) if n > 1 else 0.0  # mean correlation of two of its days
    corrected = variance([v for _, v in points]) / (1 - min(within, MAX_RUN_CORRELATION))
    return corrected, spread, n * n / spread


def _welch(a: Sequence[tuple[int, float]], b: Sequence[tuple[int, float]], phi: float) -> tuple[float, float, float]:
    """(variance of the difference of means, and as if days were independent; degrees of
    freedom) for a given carry-over: Welch with each variance at least the pooled one."""
    (v1, s1, e1), (v2, s2, e2) = _group(a, phi), _group(b, phi)
    n1, n2 = len(a), len(b)
    pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / max(1, n1 + n2 - 2)
    df1 = max(1.0, e1 - 1) if v1 >= pooled else max(1.0, e1 + e2 - 2)
    df2 = max(1.0, e2 - 1) if v2 >= pooled else max(1.0, e1 + e2 - 2)
    v1, v2 = max(v1, pooled), max(v2, pooled)
    weights = sorted([(d, math.sqrt(v1) / n1) for d, _ in a] + [(d, -math.sqrt(v2) / n2) for d, _ in b])
    independent = v1 / n1 + v2 / n2
    parts = (v1 * s1 / n1**2, v2 * s2 / n2**2)
    df = (sum(parts) ** 2 / (parts[0] ** 2 / df1 + parts[1] ** 2 / df2)) if sum(parts) > 0 else float(n1 + n2 - 2)
    return max(_decay_sum(weights, phi), independent), independent, max(1.0, df)


def _uncertain(phi: float, pairs: int) -> list[tuple[float, float]]:
    """(carry-over, weight) points that average a variance over the estimate's uncertainty
    (standard error sqrt((1 - phi^2) / pairs); 3-point Gauss-Hermite rule). The variance
    grows faster than linearly in phi, so using the estimate alone ran narrow in long runs."""
    if pairs <= 0:
        return [(phi, 1.0)]
    step = math.sqrt(3 * (1 - phi * phi) / pairs)
    return [(phi, 2 / 3), (max(0.0, phi - step), 1 / 6), (min(MAX_CARRYOVER, phi + step), 1 / 6)]


def _chosen(given: float | None, estimate: float | None) -> float:
    """The carry-over to use: the one given, else the estimate, else the assumed default."""
    if given is not None:
        return given
    return DEFAULT_CARRYOVER if estimate is None else estimate


def difference_interval(
    with_: Sequence[tuple[int, float]],
    without: Sequence[tuple[int, float]],
    *,
    level: float,
    carryover_given: float | None = None,
) -> Interval:
    """Interval of mean(with) - mean(without) from (day number, value) points: Welch's t with
    each variance at least the pooled one, widened for carry-over (module docstring).
    `carryover_given` fixes the carry-over instead of estimating it."""
    a, b = sorted(with_), sorted(without)
    m1, m2 = mean([v for _, v in a]), mean([v for _, v in b])
    residuals = [[(d, v - m1) for d, v in a], [(d, v - m2) for d, v in b]]
    estimate = carryover(residuals) if carryover_given is None else None
    phi = _chosen(carryover_given, estimate)
    around = _uncertain(phi, consecutive_pairs(residuals)) if estimate is not None else [(phi, 1.0)]
    spread = sum(w * _welch(a, b, p)[0] for p, w in around)
    _, independent, df = _welch(a, b, phi)
    half = t_quantile(1 - (1 - level) / 2, df) * math.sqrt(spread)
    return Interval(m1 - m2 - half, m1 - m2 + half, phi, spread / independent if independent > 0 else 1.0)


def correlation_interval(
    points: Sequence[tuple[int, float, float]], *, level: float, carryover_given: float | None = None
) -> Interval | None:
    """Interval of Spearman's rho from (day number, x, y) points: Fisher's z with Bonett and
    Wright's standard error, on the effective number of pairs (module docstring). None when
    rho is undefined (one side never varies)."""
    ordered = sorted(points)
    days = [d for d, _, _ in ordered]
    rx, ry = ranks([x for _, x, _ in ordered]), ranks([y for _, _, y in ordered])
    rho = pearson(rx, ry)
    if rho is None:
        return None
    n = len(ordered)
    mean_rx = mean(rx)
    cx = [r - mean_rx for r in rx]
    ys = [y for _, _, y in ordered]
    mean_y = mean(ys)
    scale = sum(c * c for c in cx)
    # The carry-over of the values about their mean: their ranks carry over a little less,
    # and a real link adds to it, so both err towards a wider interval.
    residuals = [[(d, y - mean_y) for d, y in zip(days, ys, strict=True)]]
    trend = list(zip(days, cx, strict=True))
    estimate = carryover(residuals) if carryover_given is None else None
    phi = _chosen(carryover_given, estimate)
    around = _uncertain(phi, consecutive_pairs(residuals)) if estimate is not None else [(phi, 1.0)]
    inflation = sum(w * max(1.0, _decay_sum(trend, p) / scale) for p, w in around)
    effective = n / inflation
    if effective <= 4:
        return Interval(-1.0, 1.0, phi, inflation)
    z, se = math.atanh(max(-0.9999, min(0.9999, rho))), math.sqrt((1 + rho * rho / 2) / (effective - 3))
    half = normal_quantile(1 - (1 - level) / 2) * se
    return Interval(math.tanh(z - half), math.tanh(z + half), phi, inflation)
