"""`statistics.stdev`, bit for bit, in integers, and `statistics.median` and `fmean` (issue 19).

Why: the usual pain (usual.py) and the flare baseline (flare.py) take the sample standard
deviation of the last 14 days on every replayed day, and `statistics.stdev` does it exactly,
through a `Fraction` per distinct denominator: 60-140 us for 14 values, about half of a
ten-year diary's first `next`. The same exact value costs a tenth of that in integers:
every float is an integer over a power of two, so over the largest of those denominators
(`2 ** shift`) each value is an integer `a`, and the sample variance is exactly

    (n * sum(a * a) - sum(a) ** 2) / (n * (n - 1) * 4 ** shift)

Reduced to lowest terms this is the very fraction (numerator and denominator) whose square
root `statistics.stdev` takes (`_ss` then `ss / (n - 1)`, a normalised `Fraction`), and its
correctly rounded square root is taken by the same steps as `statistics._float_sqrt_of_frac`
(round-to-odd, Boldo and Melquiond), so the float is the same; tests/test_exact_stats.py
compares the two on generated data. Fewer than two values go to `statistics` itself, to
fail as it does.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence

_SQRT_BITS = 2 * sys.float_info.mant_dig + 3  # statistics._sqrt_bit_width


def median(values: Sequence[float]) -> float:
    """`statistics.median`, by its very steps (sort, the middle value or the two middle ones'
    mean), so the same number; here so that the replay does not import `statistics` (and the
    `random` it loads), about 1.3 ms of each `log` and `next` (issue 19). No values: the
    same StatisticsError, from `statistics` itself."""
    data = sorted(values)
    n = len(data)
    if n == 0:
        from statistics import median as exact

        return exact(data)
    if n % 2 == 1:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2


def fmean(values: Sequence[float]) -> float:
    """`statistics.fmean` of a sequence, by its steps (`math.fsum`, then one division); no
    values: its StatisticsError, from `statistics` itself."""
    if not values:
        from statistics import fmean as exact

        return exact(values)
    return math.fsum(values) / len(values)


def stdev(values: Sequence[float]) -> float:
    """The sample standard deviation of finite ints and floats, as `statistics.stdev` gives it."""
    n = len(values)
    if n < 2:
        from statistics import stdev as exact

        return exact(values)
    ratios = [value.as_integer_ratio() for value in values]
    shift = max(d.bit_length() for _, d in ratios) - 1  # the denominators are powers of two
    scaled = [a << (shift - d.bit_length() + 1) for a, d in ratios]
    total = sum(scaled)
    numerator = n * sum(a * a for a in scaled) - total * total
    denominator = (n * (n - 1)) << (2 * shift)
    common = math.gcd(numerator, denominator)
    return _sqrt_of_fraction(numerator // common, denominator // common)


def _sqrt_of_fraction(n: int, m: int) -> float:
    """The square root of n/m as a float, correctly rounded (`statistics._float_sqrt_of_frac`)."""
    q = (n.bit_length() - m.bit_length() - _SQRT_BITS) // 2
    if q >= 0:
        return (_isqrt_rto(n, m << 2 * q) << q) / 1
    return _isqrt_rto(n << -2 * q, m) / (1 << -q)


def _isqrt_rto(n: int, m: int) -> int:
    """The square root of n/m, rounded to an integer with round-to-odd."""
    a = math.isqrt(n // m)
    return a | (a * a * m != n)
