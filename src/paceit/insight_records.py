"""The record `paceit insights` reads per day (`DayData`), as `queries_context.insight_days`
builds it without importing the rules of `insights.py` (issue 20, item 4). A module of its
own: `history` and `edit` load `queries_context` and need none of it, and a dataclass costs
about half a millisecond to create (issue 19).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DayData:
    """One day's readings for the insights: pains, sleep, load, tags and medicines."""

    day: date
    morning_pain: float | None = None
    pain: float | None = None  # mean of the day's diary entries
    sleep: float | None = None  # first rating of the day: the night before
    load: float | None = None  # effort x minutes; None when unknown
    tags: frozenset[str] = frozenset()
    meds: frozenset[str] = frozenset()  # as-needed medicines taken that day
    regular: frozenset[str] = frozenset()  # regular medicines on: first to last dose ever
    regular_before: frozenset[str] = frozenset()  # regular medicines not yet started
    logged: bool = False  # any entry at all that day
