"""A person's own usual pain and usual swing, and when pain has clearly risen
(clinical-rules.md §2, version 2), and R3, morning pain rising week to week.

People with persistent pain usually have pain at rest and daily pain that swings by
about 1-1.5 points for no reason at all; changes under 2 points or 30 % are within
noise (Farrar 2001; Dworkin 2008). Version 1 compared one morning with one earlier
morning (+1 allowed) and weekly means at +0.5, and stepped people whom activity does
not harm back again and again on noise alone. So every rule compares a person with
their own usual pain and their own usual swing:

- Usual pain U on a day: the median of the morning pains of the 14 days before it
  (flare days left out); it needs 4 such mornings, else it is unknown and the rules
  fall back to pain before the session, and say so.
- Usual swing s: the standard deviation of those same mornings (0 with fewer than 4),
  the sample SD (dividing by n - 1): 14 mornings that carry over from day to day
  already understate the swing, and the smaller population SD would understate it more.
- A clear rise above a reference: at least max(2, ceil(k s)) points: at least the
  2-point change that matters, and at least k times the person's own day-to-day swing,
  so that noise alone trips it on fewer than about one day in 40. The rules document
  names k = 2; on simulated people with the swings of its "benign, typical" archetype
  (paceit.cohort), k = 2 tripped on noise alone on 1 day in 24-26 (whole-number pain,
  a median U and 14 correlated mornings make 2 s a lower bar than it looks), k = 2.5
  on 1 day in 41-50 (this module's default, `zone.rise_sd`), k = 3 on 1 in 118. So k
  is the smallest multiple that keeps the document's own bound of 1 day in 40.
- R3: the mean morning pain of the last 7 days more than 1.0 above the mean of the 14
  days before them (4 mornings in each; flare days left out). It is about the person,
  not one session: it holds progression and never makes a session red.

Flare days are left out as the plan of a day knew them (`records.FlareDays`), so a
plan never depends on entries dated after its day. Pure: plain records in and out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from types import MappingProxyType

from paceit.exact_stats import fmean, median, stdev  # statistics's floats; stdev at a sixth of its cost
from paceit.records import DiaryIndex, FlareDays
from paceit.recordtype import record

NO_FLARE_DAYS: FlareDays = MappingProxyType({})  # one object, so the diary's memo keeps its answers


@record
class UsualRules:
    """The numbers of "usual" and "clear rise"; every one a setting (settings.py)."""

    days: int = 14  # zone.usual_days
    min_mornings: int = 4  # zone.usual_min
    rise_points: int = 2  # zone.rise_points
    rise_sd: float = 2.5  # zone.rise_sd
    r3_rise: float = 1.0  # zone.r3_tolerance


class Usual:
    """U and s on a day; `pain` is None with fewer than the mornings needed (s is then 0).

    s (`swing`), the sample SD of the same mornings, is computed when first asked: the zones
    need it only for a session whose next morning is at least the points of a clear rise
    above U (`zones._r2`), and computing it for every session day was about a twentieth of a
    ten-year diary's first replay (issue 19, fifth round). The same mornings, the same
    float. Equal, hashed and shown as the value class it was, over (pain, swing, mornings)."""

    __slots__ = ("pain", "mornings", "_values", "_swing")  # noqa: RUF023 (the fields' order)
    pain: float | None
    mornings: int
    _values: Sequence[float]  # the mornings s is the SD of (at least 2 once U is known: zone.usual_min >= 3)
    _swing: float | None  # s once computed

    def __init__(self, pain: float | None, mornings: int, values: Sequence[float] = ()) -> None:
        self.pain, self.mornings, self._values = pain, mornings, values
        self._swing = None if pain is not None else 0.0

    @property
    def swing(self) -> float:
        if self._swing is None:
            self._swing = stdev(self._values)
        return self._swing

    def _key(self) -> tuple[float | None, float, int]:
        return (self.pain, self.swing, self.mornings)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Usual):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Usual(pain={self.pain!r}, swing={self.swing!r}, mornings={self.mornings!r})"

    def rise(self, rules: UsualRules) -> int:
        """How many points above a reference count as a clear rise for this person."""
        return clear_rise(self.swing, rules)

    def words(self) -> str:
        """ "your usual 3" (with the swing when it matters), for the reasons."""
        assert self.pain is not None
        return f"your usual {_num(self.pain)}"


def clear_rise(swing: float, rules: UsualRules) -> int:
    """max(points, ceil(k x s)); a swing a hair above a whole number of half points
    from float arithmetic does not add a point."""
    return max(rules.rise_points, math.ceil(rules.rise_sd * swing - 1e-9))


def usual_pain(diary: DiaryIndex, day: date, rules: UsualRules, skip: FlareDays | None, as_of: date) -> Usual:
    """U and s from the mornings of the `rules.days` days before `day`, leaving out the
    flare days known by `as_of`. Memoised on the diary (asked for every session)."""
    memo = diary.memo_for(skip or NO_FLARE_DAYS)
    key = ("usual", day, as_of, rules.days, rules.min_mornings)
    found = memo.get(key)
    if found is None:
        values = diary.mornings(day - timedelta(days=rules.days), day - timedelta(days=1), skip, as_of)
        if len(values) < rules.min_mornings:
            found = Usual(None, len(values))
        else:
            found = Usual(float(median(values)), len(values), values)
        memo[key] = found
    assert isinstance(found, Usual)
    return found


@record
class WeekCheck:
    """R3 on a day: `holds` is None when either stretch has too few mornings."""

    holds: bool | None
    this_week: float | None
    before: float | None
    rules: UsualRules

    def text(self) -> str:
        tolerance = _num(self.rules.r3_rise)
        if self.holds is None:
            return (
                f"morning pain week to week: not yet compared (it needs {self.rules.min_mornings} "
                "morning entries in the last 7 days and in the 14 days before them)"
            )
        assert self.this_week is not None and self.before is not None
        if self.holds:
            return f"morning pain steady: {self.this_week:.1f} this week on average, {self.before:.1f} before"
        return (
            f"your morning pain has been rising: {self.this_week:.1f} on average this week against "
            f"{self.before:.1f} in the two weeks before, more than {tolerance} point higher"
        )


def week_check(diary: DiaryIndex, day: date, rules: UsualRules, skip: FlareDays | None = None) -> WeekCheck:
    """R3 on `day`: the 7 days ending on it against the 14 days before them."""
    memo = diary.memo_for(skip or NO_FLARE_DAYS)
    key = ("week", day, rules)
    if key not in memo:
        memo[key] = _week_check(diary, day, rules, skip)
    result: WeekCheck = memo[key]
    return result


def _week_check(diary: DiaryIndex, day: date, rules: UsualRules, skip: FlareDays | None) -> WeekCheck:
    this = diary.mornings(day - timedelta(days=6), day, skip, day)
    before = diary.mornings(day - timedelta(days=20), day - timedelta(days=7), skip, day)
    this_mean = fmean(this) if this else None
    before_mean = fmean(before) if before else None
    if len(this) < rules.min_mornings or len(before) < rules.min_mornings:
        return WeekCheck(None, this_mean, before_mean, rules)
    assert this_mean is not None and before_mean is not None
    return WeekCheck(this_mean <= before_mean + rules.r3_rise + 1e-9, this_mean, before_mean, rules)


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
