"""Activity pacing rules (clinical-rules.md §1 and "How `paceit next` decides").

Pure: plain data in, plain data out; no database, console or clock.

This module starts with the baseline; the day-by-day replay that decides each
day's quota builds on it.
"""

from __future__ import annotations

from collections.abc import Sequence


def baseline_mean(first_amounts: Sequence[float], needed: int) -> float | None:
    """T, the mean of the first `needed` sessions (§1: "Log the amount done before
    symptoms clearly rise, on 3 days ... T = mean"); None until there are enough.
    Only the first `needed` amounts count, in the order they were done."""
    if needed < 1 or len(first_amounts) < needed:
        return None
    return round(sum(first_amounts[:needed]) / needed, 2)
