"""Plain records that the pure rules read: the history, with no database attached.

The store turns rows into these; the rules (zones, flare, boombust, pacing)
take them as parameters, so every rule can be tested with hand-written data.
Days are local calendar days (see `times.py`); `minute` is the local time of day
in minutes after midnight, which is what "morning" (04:00-12:00) is judged on.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from operator import attrgetter
from typing import Any, TypeVar

from paceit.recordtype import field, record

# "Morning pain" is the first diary entry of a day logged from 04:00 to before 12:00
# (clinical-rules §2, version 2): an entry at 01:00 is last night, not this morning.
MORNING_START = 4 * 60
MORNING_END = 12 * 60

# Flare days (flare.py) with the day each became known: a pain-defined flare day is
# known only once the run it belongs to is long enough, up to two days later, and a
# plan for a day may use only what was known on it.
FlareDays = Mapping[date, date]
T = TypeVar("T")


@record
class DiaryEntry:
    """A pain entry as the rules read it: its day and minute, its pain and the flare tick."""

    day: date
    minute: int
    pain: int
    flare: bool = False


@record
class SessionRecord:
    """A session as the rules read it: when, how much, and the pains and effort logged."""

    day: date
    minute: int
    amount: float
    pain_during: int | None = None
    pain_after: int | None = None
    pain_before: int | None = None
    effort: int | None = None
    id: int = 0


class _DiaryEntryDraft:
    """A `DiaryEntry` being filled in: the same slots, assignable (see `new_entry`)."""

    __slots__ = ("day", "minute", "pain", "flare")  # noqa: RUF023 (DiaryEntry's, in its order)


class _SessionDraft:
    """A `SessionRecord` being filled in (see `new_session`)."""

    __slots__ = ("day", "minute", "amount", "pain_during", "pain_after", "pain_before", "effort", "id")  # noqa: RUF023


_new = object.__new__


def new_entry(day: date, minute: int, pain: int, flare: bool) -> DiaryEntry:
    """`DiaryEntry(day, minute, pain, flare)`, the same record, for the reads of thousands of
    rows (a ten-year diary's first replay reads 13,000; issue 19, sixth round): its fields
    are set on an assignable twin of the same slots, which then becomes a `DiaryEntry`
    (a `__class__` assignment, which Python allows between classes of one layout), at
    about a third of the cost of the frozen record's `__init__`, whose every field is set
    through its slot's descriptor. tests/test_record_reads.py holds the twins to the records."""
    entry: Any = _new(_DiaryEntryDraft)
    entry.day = day
    entry.minute = minute
    entry.pain = pain
    entry.flare = flare
    entry.__class__ = DiaryEntry
    made: DiaryEntry = entry  # typed as what it now is
    return made


def new_session(
    day: date,
    minute: int,
    amount: float,
    pain_during: int | None,
    pain_after: int | None,
    pain_before: int | None,
    effort: int | None,
    id: int,
) -> SessionRecord:
    """`SessionRecord(...)` with every field given, built as `new_entry` builds its record."""
    session: Any = _new(_SessionDraft)
    session.day = day
    session.minute = minute
    session.amount = amount
    session.pain_during = pain_during
    session.pain_after = pain_after
    session.pain_before = pain_before
    session.effort = effort
    session.id = id
    session.__class__ = SessionRecord
    made: SessionRecord = session  # typed as what it now is
    return made


@record
class DeclaredFlare:
    """A flare declared with `flare start` (and `flare end`)."""

    start: date
    end: date | None = None
    id: int = 0


@record
class RedFlagRecord:
    """A red flag answered yes: its code and group, its day, and when it was cleared."""

    code: str
    group: int
    day: date
    cleared: date | None = None
    id: int = 0


@record
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
    # As the replay reads it, the lowest of the activity's own target and its open goals' targets
    # (planning.activity_records applies activity_rules.with_goal_caps); as read, its own.
    target: float | None = None
    archived: date | None = None


def first_morning(entries: Iterable[T], minute_of: Callable[[T], int]) -> T | None:
    """The first of a day's entries (in time order) logged from 04:00 to before 12:00: the
    one definition of "morning pain" for the rules, insights and progress."""
    for entry in entries:
        minute = minute_of(entry)
        if minute >= MORNING_END:
            return None
        if minute >= MORNING_START:
            return entry
    return None


_CONTENT = attrgetter("minute", "pain", "flare")  # a day's entries in this order


def _minute(entry: DiaryEntry) -> int:
    return entry.minute


@record(frozen=False)
class DiaryIndex:
    """The diary grouped by day, for the per-day questions the rules ask."""

    by_day: dict[date, list[DiaryEntry]] = field(default_factory=dict)
    # The days with a morning entry, in order (their ordinals, and each day with its morning pain).
    _mornings: tuple[list[int], list[tuple[date, int]]] | None = field(default=None, repr=False, compare=False)
    _memo: tuple[object, dict[Any, Any]] | None = field(default=None, repr=False, compare=False)
    # Each day's morning entry (None: no morning that day), found once for all days when
    # first asked: a replay asks it twice for every session (pain before, the next morning)
    # and once for every day with a morning (issue 19, fifth round).
    _firsts: dict[date, DiaryEntry | None] | None = field(default=None, repr=False, compare=False)

    def memo_for(self, skip: FlareDays) -> dict[Any, Any]:
        """A memo of answers about this diary that also depend on `skip` (the same
        mapping object, not only an equal one): usual pain and R3's week check are asked
        for every session and every day of every activity, with the run's one set of
        flare days."""
        if self._memo is None or self._memo[0] is not skip:
            self._memo = (skip, {})
        return self._memo[1]

    @classmethod
    def build(cls, entries: Iterable[DiaryEntry]) -> DiaryIndex:
        grouped: dict[date, list[DiaryEntry]] = defaultdict(list)
        for entry in entries:
            grouped[entry.day].append(entry)
        # Content-only order, so the order entries were recorded in never matters. Most days
        # have one entry: only the others are sorted, by a key made in C (issue 19, sixth round).
        return cls({day: items if len(items) == 1 else sorted(items, key=_CONTENT) for day, items in grouped.items()})

    def _first_morning(self, day: date) -> DiaryEntry | None:
        if self._firsts is None:
            self._firsts = {d: first_morning(entries, _minute) for d, entries in self.by_day.items()}
        return self._firsts.get(day)

    def morning(self, day: date) -> int | None:
        """The first entry of the day logged from 04:00 to before 12:00, if any."""
        entry = self._first_morning(day)
        return entry.pain if entry else None

    def morning_before(self, day: date, minute: int) -> int | None:
        """The morning entry if it was logged at or before `minute` (a session's time): the
        session's "pain before" (clinical-rules §2, "that day's morning pain if logged before
        the session").

        The same minute counts as before. The rules read whole minutes, so two entries in one
        minute cannot be ordered, and a backfill gives the morning entry and the session the
        same `--at`; the morning rating is the reference the person gave at rest before they
        logged the session. Reading "before" strictly dropped it for the ceiling C (or the
        usual pain), which turned a session whose pain rose by 1 above that morning red and
        stepped the quota back: a red on a clock artefact is not the conservative reading of a
        guard-rail that is "never a reason to rest". The reading stays safe: L never exceeds 8
        and R2 still judges the next morning. An entry in a later minute is not pain before.
        """
        entry = self._first_morning(day)
        return entry.pain if entry and entry.minute <= minute else None

    def average(self, day: date) -> float | None:
        entries = self.by_day.get(day)
        return math.fsum(e.pain for e in entries) / len(entries) if entries else None  # statistics.fmean, unloaded

    def self_reported_flare(self, day: date) -> bool:
        return any(e.flare for e in self.by_day.get(day, []))

    def mornings(self, first: date, last: date, skip: FlareDays | None = None, as_of: date | None = None) -> list[int]:
        """Morning pains logged from `first` to `last` inclusive, leaving out the days of
        `skip` known as flare days by `as_of` (default: `last`). Asked for weeks around
        every session and every planned day (issue 19: about ten thousand times in a ten-year
        replay), so each day's morning value is found once and the days of the stretch by
        bisection, not day by day."""
        if self._mornings is None:
            found = sorted((d, m) for d in self.by_day if (m := self.morning(d)) is not None)
            self._mornings = ([d.toordinal() for d, _ in found], found)
        days, found = self._mornings
        chosen = found[bisect_left(days, first.toordinal()) : bisect_right(days, last.toordinal())]
        if not skip:
            return [m for _, m in chosen]
        known = as_of or last
        return [m for d, m in chosen if (seen := skip.get(d)) is None or seen > known]

    @property
    def first_day(self) -> date | None:
        return min(self.by_day) if self.by_day else None
