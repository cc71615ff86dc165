"""Plain records that the pure rules read: the history, with no database attached.

The store turns rows into these; the rules (zones, flare, boombust, pacing)
take them as parameters, so every rule can be tested with hand-written data.
Days are local calendar days (see `times.py`); `minute` is the local time of day
in minutes after midnight, which is what "morning" (before 12:00) is judged on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any

MORNING_END = 12 * 60  # "Morning pain" is the first diary entry of a day logged before 12:00.


@dataclass(frozen=True)
class DiaryEntry:
    day: date
    minute: int
    pain: int
    flare: bool = False


@dataclass(frozen=True)
class SessionRecord:
    day: date
    minute: int
    amount: float
    pain_during: int | None = None
    pain_after: int | None = None
    pain_before: int | None = None
    effort: int | None = None
    id: int = 0


@dataclass(frozen=True)
class DeclaredFlare:
    start: date
    end: date | None = None
    id: int = 0


@dataclass(frozen=True)
class RedFlagRecord:
    code: str
    group: int
    day: date
    cleared: date | None = None
    id: int = 0


@dataclass(frozen=True)
class ActivityRecord:
    """A paced activity and its own settings (None: the setting in force applies)."""

    id: int
    name: str
    unit: str
    start: date
    baseline: float | None = None
    step_mode: str | None = None
    step: float | None = None
    every_days: int | None = None
    ceiling: int | None = None
    target: float | None = None  # the lowest of the activity's own target and its open goals' targets
    archived: date | None = None


@dataclass
class DiaryIndex:
    """The diary grouped by day, for the per-day questions the rules ask."""

    by_day: dict[date, list[DiaryEntry]] = field(default_factory=dict)
    _mornings: dict[date, int] | None = field(default=None, repr=False, compare=False)
    _memo: tuple[object, dict[Any, Any]] | None = field(default=None, repr=False, compare=False)

    def memo_for(self, skip: AbstractSet[date]) -> dict[Any, Any]:
        """A memo of answers about this diary that also depend on `skip` (the same set
        object, not only an equal one): R3's week check is asked for every session and
        every day of every activity, with the run's one set of flare days."""
        if self._memo is None or self._memo[0] is not skip:
            self._memo = (skip, {})
        return self._memo[1]

    @classmethod
    def build(cls, entries: Iterable[DiaryEntry]) -> DiaryIndex:
        grouped: dict[date, list[DiaryEntry]] = defaultdict(list)
        for entry in entries:
            grouped[entry.day].append(entry)
        # Content-only order, so the order entries were recorded in never matters.
        return cls({day: sorted(items, key=lambda e: (e.minute, e.pain, e.flare)) for day, items in grouped.items()})

    def morning(self, day: date) -> int | None:
        """The first entry of the day logged before 12:00, if any."""
        entries = self.by_day.get(day, [])
        return entries[0].pain if entries and entries[0].minute < MORNING_END else None

    def morning_before(self, day: date, minute: int) -> int | None:
        """The morning entry (the day's first, before 12:00) if it was logged before `minute`."""
        entries = self.by_day.get(day, [])
        first = entries[0] if entries else None
        return first.pain if first and first.minute < min(minute, MORNING_END) else None

    def average(self, day: date) -> float | None:
        entries = self.by_day.get(day)
        return fmean(e.pain for e in entries) if entries else None

    def self_reported_flare(self, day: date) -> bool:
        return any(e.flare for e in self.by_day.get(day, []))

    def mornings(self, first: date, last: date, skip: AbstractSet[date] = frozenset()) -> list[int]:
        """Morning pains logged from `first` to `last` inclusive, leaving out `skip` days.
        Asked for two weeks around every session and every planned day, so each day's
        morning value is looked up once."""
        if self._mornings is None:
            self._mornings = {d: m for d in self.by_day if (m := self.morning(d)) is not None}
        found, values, day = self._mornings, [], first
        while day <= last:
            value = found.get(day)
            if value is not None and day not in skip:
                values.append(value)
            day += timedelta(days=1)
        return values

    @property
    def first_day(self) -> date | None:
        return min(self.by_day) if self.by_day else None
