"""The flare scan's baseline on a day (clinical-rules §8): B, the median of the daily mean
pain over the logged days of the `flare.baseline_days` before it, flare days left out, and
s, their standard deviation (`Baseline`). Split from `flare.py` (over 400 lines, issue 19) when the
window's days came to be found by bisection. Pure.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from paceit.exact_stats import median, stdev  # statistics's floats; stdev at a sixth of its cost

if TYPE_CHECKING:
    from paceit.flare import FlareRules


class Baseline:
    """B on a day, and s computed when first asked (`pair`): the scan needs s only on a day
    at least B + delta, to tell a clear rise (issue 19, fifth round: computing it on every
    scanned day was about half of the scan). The same window, the same float."""

    __slots__ = ("pain", "_window", "_pair")  # noqa: RUF023 (the fields' order)
    pain: float  # B
    _window: list[float]
    _pair: tuple[float, float] | None

    def __init__(self, pain: float, window: list[float]) -> None:
        self.pain, self._window, self._pair = pain, window, None

    def pair(self) -> tuple[float, float]:
        """(B, s)."""
        if self._pair is None:
            self._pair = (self.pain, stdev(self._window))
        return self._pair


def flare_baseline(
    averages: Mapping[date, float],
    flare_days: Mapping[date, date],
    day: date,
    rules: FlareRules,
    logged: tuple[list[date], list[int]] | None = None,
) -> Baseline | None:
    """B (and s) on `day`, or None with too few logged days. `flare_days` holds only days
    known by the day before `day`: the scan walks forward. `logged`: the days of `averages`
    in order and their ordinals, so the window's days are found by bisection (asked on every
    day of the scan, issue 19), newest first as the offsets 1, 2, ... find them."""
    days, ords = logged or (sorted(averages), [d.toordinal() for d in sorted(averages)])
    end = day.toordinal()
    inside = days[bisect_left(ords, end - rules.baseline_days) : bisect_left(ords, end)]
    window = [averages[d] for d in reversed(inside) if d not in flare_days]
    if len(window) < rules.min_logged_days:
        return None
    return Baseline(float(median(window)), window)
