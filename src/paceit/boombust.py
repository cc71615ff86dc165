"""Boom-bust detection (clinical-rules.md §1), judged on sessions, not calendar days.

- Boom: a session >= 1.2 x the quota of its day; before a quota exists, >= 1.5 x
  the median session of the 14 days before it.
- Bust: within 2 days after a boom, a flare day, a red-zone session, or a session
  <= 0.5 x the quota. Rest days are part of pacing and are never a bust.
- Flag: >= 2 boom -> bust cycles in 28 days, or the amounts of the last 14 days'
  sessions vary with SD/mean >= 0.5 (at least 4 sessions).

No validated cut-off exists; all numbers are settings. Steadiness is the goal of
pacing, so nothing here ever warns about it. Pure: plain data in and out.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import Any

from paceit.exact_stats import median  # statistics.median, without importing statistics
from paceit.records import FlareDays
from paceit.recordtype import record
from paceit.slotted import Frozen


class BoomRules(Frozen):
    """The boom-bust rule's numbers (clinical-rules.md): a boom, a bust after it, and how many
    cycles make a pattern."""

    __slots__ = (  # noqa: RUF023 (the fields' order)
        "boom", "boom_no_quota", "bust", "bust_window", "cycles", "window", "cv", "cv_min_sessions",
    )  # fmt: skip
    boom: float
    boom_no_quota: float
    bust: float
    bust_window: int
    cycles: int
    window: int
    cv: float
    cv_min_sessions: int

    def __init__(
        self,
        boom: float = 1.2,
        boom_no_quota: float = 1.5,
        bust: float = 0.5,
        bust_window: int = 2,
        cycles: int = 2,
        window: int = 28,
        cv: float = 0.5,
        cv_min_sessions: int = 4,
    ) -> None:
        self._fill(boom, boom_no_quota, bust, bust_window, cycles, window, cv, cv_min_sessions)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> BoomRules:
        return cls(
            boom=settings["boom.factor"],
            boom_no_quota=settings["boom.no_quota_factor"],
            bust=settings["bust.factor"],
            bust_window=settings["bust.window_days"],
            cycles=settings["boombust.cycles"],
            window=settings["boombust.window_days"],
            cv=settings["boombust.cv"],
            cv_min_sessions=settings["boombust.cv_min_sessions"],
        )


@record
class Judged:
    """A session as the boom-bust rule sees it: amount, the quota of its day, its zone."""

    day: date
    amount: float
    quota: float | None
    red: bool
    # Whether it is a boom, when the caller has judged it already (`with_boom`): that
    # depends only on the session and the 14 days before it, so the replay judges each
    # session once instead of on every day it stays in the window.
    boom: bool | None = None


_day = attrgetter("day")  # a session's day, for bisection (in C)


def with_boom(session: Judged, earlier: Sequence[Judged], rules: BoomRules) -> Judged:
    """`session` with its boom judged (`earlier`: at least the sessions of the 14 days before it)."""
    return Judged(session.day, session.amount, session.quota, session.red, is_boom(session, earlier, rules))


def is_boom(session: Judged, earlier: Sequence[Judged], rules: BoomRules) -> bool:
    if session.quota is not None:
        return boom_of_quota(session.amount, session.quota, rules)
    recent = [s.amount for s in earlier if session.day - timedelta(days=14) <= s.day < session.day]
    return bool(recent) and session.amount >= rules.boom_no_quota * median(recent)


def boom_of_quota(amount: float, quota: float, rules: BoomRules) -> bool:
    """A session of a day with a quota is a boom at `boom` x that quota or more."""
    return amount >= rules.boom * quota


def _busted(boom: Judged, later: Sequence[Judged], flare_days: FlareDays, rules: BoomRules, day: date) -> bool:
    """A bust known by `day`: flare days known by it (the diary of that day counts), sessions before it."""
    window_end = boom.day + timedelta(days=rules.bust_window)
    for offset in range(1, rules.bust_window + 1):
        known = flare_days.get(boom.day + timedelta(days=offset))
        if known is not None and known <= day:
            return True
    return any(
        boom.day < s.day <= window_end and (s.red or (s.quota is not None and s.amount <= rules.bust * s.quota))
        for s in later
    )


def _booms_busted(known: Sequence[Judged], flare_days: FlareDays, day: date, rules: BoomRules) -> int:
    """Boom -> bust cycles among the sessions from `day` - window on. The same as applying
    `is_boom` to each session with all earlier ones and `_busted` with all later ones, but
    each reads only the days that can matter (14 before it, the bust window after it):
    the replay asks this every day."""
    start, cycles = day - timedelta(days=rules.window), 0
    for i in range(bisect_left(known, start, key=_day), len(known)):
        s = known[i]
        if s.boom is None:
            earlier: Sequence[Judged] = ()
            if s.quota is None:
                first = i
                while first > 0 and known[first - 1].day >= s.day - timedelta(days=14):
                    first -= 1
                earlier = known[first:i]
            boom = is_boom(s, earlier, rules)
        else:
            boom = s.boom
        if not boom:
            continue
        last, end = i + 1, s.day + timedelta(days=rules.bust_window)
        while last < len(known) and known[last].day <= end:
            last += 1
        cycles += _busted(s, known[i + 1 : last], flare_days, rules, day)
    return cycles


def flag(
    sessions: Sequence[Judged], flare_days: FlareDays, day: date, rules: BoomRules, *, ordered: bool = False
) -> str | None:
    """Why the pattern is flagged on `day` (sessions before it only), or None. `ordered`:
    the caller's sessions are already in day order and all before `day` (the replay's)."""
    known = sessions if ordered else sorted((s for s in sessions if s.day < day), key=lambda s: s.day)
    cycles = _booms_busted(known, flare_days, day, rules)
    if cycles >= rules.cycles:
        return _cycles_text(cycles, rules)
    # The last 14 days' sessions found by bisection, their mean taken once: the replay asks
    # this on every day of every activity (issue 19).
    return _variability([s.amount for s in known[bisect_left(known, day - timedelta(days=14), key=_day) :]], rules)


def _cycles_text(cycles: int, rules: BoomRules) -> str:
    return (
        f"{cycles} boom-bust cycles (a big session, then a setback within {rules.bust_window} days) "
        f"in the last {rules.window} days"
    )


def _variability(recent: Sequence[float], rules: BoomRules) -> str | None:
    """The flag on the amounts of the last 14 days, if they vary too much. fsum / n is
    statistics.fmean's float."""
    mean = math.fsum(recent) / len(recent) if len(recent) >= rules.cv_min_sessions else 0.0
    if mean > 0:
        # The population SD is at most half the range (Popoviciu): well under cv x mean, the
        # flag cannot be raised, and the squares need not be summed (most days of a replay).
        if (max(recent) - min(recent)) / 2 < rules.cv * mean * (1 - 1e-9):
            return None
        variation = math.sqrt(math.fsum([(a - mean) ** 2 for a in recent]) / len(recent)) / mean  # population SD
        if variation >= rules.cv:
            return f"session amounts varied a lot over the last 14 days (SD/mean {variation:.2f}, flag at {rules.cv:g})"
    return None


class BoomWatch:
    """The replay's boom-bust check, day after day: `flag(day)` answers as
    `flag(self.judged, flare_days, day, rules, ordered=True)` does, for less (issue 19, fifth
    round: that was about a sixth of a ten-year replay). The sessions are judged once as
    they are added (`add`, in day order, each before the days asked after it), the booms
    among them are listed, so a day reads only the booms of its window, each boom's bust is
    kept once no later day can change it (`_bust`), and the variability of the last 14 days
    is computed again only when that stretch of sessions has changed."""

    __slots__ = (  # noqa: RUF023 (the fields' order)
        "rules", "flare_days", "judged", "days", "amounts", "booms", "_settled", "_stretch", "_varied",
        "_window", "_fortnight", "_asked", "_first", "_boom", "_start",
    )  # fmt: skip

    def __init__(self, rules: BoomRules, flare_days: FlareDays) -> None:
        self.rules, self.flare_days = rules, flare_days
        self.judged: list[Judged] = []
        self.days: list[date] = []  # of `judged`, for bisection
        self.amounts: list[float] = []  # of `judged`, for the variability
        self.booms: list[int] = []  # the indexes of the booms in `judged`
        self._settled: dict[int, bool] = {}  # a boom's bust (by its index), once final
        self._stretch: tuple[int, int] = (-1, -1)  # the sessions of the last 14 days, as last asked ...
        self._varied: str | None = None  # ... and their flag
        self._window, self._fortnight = timedelta(days=rules.window), timedelta(days=14)
        # The day last asked, and where its windows started: the first session of the cycles'
        # window, the first boom in it, the first session of the last 14 days.
        self._asked = date.min
        self._first = self._boom = self._start = 0

    def add(self, session: Judged) -> Judged:
        """Judge `session`'s boom (on the 14 days before it, read only without a quota) and keep it."""
        earlier: Sequence[Judged] = ()
        if session.quota is None:
            earlier = self.judged[bisect_left(self.days, session.day - timedelta(days=14)) :]
        judged = with_boom(session, earlier, self.rules)
        self._keep(judged)
        return judged

    def count(self, day: date, amount: float, quota: float | None, red: bool) -> None:
        """`add` of the session these are of, with one record made, not two (the replay's)."""
        if quota is None:
            self.add(Judged(day, amount, quota, red))
        else:
            self._keep(Judged(day, amount, quota, red, boom_of_quota(amount, quota, self.rules)))

    def _keep(self, judged: Judged) -> None:
        if judged.boom:
            self.booms.append(len(self.judged))
        self.judged.append(judged)
        self.days.append(judged.day)
        self.amounts.append(judged.amount)

    def flag(self, day: date) -> str | None:
        """Why the pattern is flagged on `day`, every session before it added. The days are
        asked in order: where the windows start moves on from the day before's, with no
        bisection (issue 19, sixth round: the flag was about a tenth of a first `next`)."""
        rules, days, n = self.rules, self.days, len(self.days)
        if day < self._asked:  # an earlier day again: the windows found afresh, and the busts
            self._first = self._boom = self._start = 0  # settled since forgotten (one known on a
            self._settled.clear()  # later day may not be known on this one)
        self._asked = day
        first, edge = self._first, day - self._window  # the first session of the cycles' window
        while first < n and days[first] < edge:
            first += 1
        booms, at = self.booms, self._boom  # the first boom in it
        while at < len(booms) and booms[at] < first:
            at += 1
        self._first, self._boom, cycles = first, at, 0
        if at < len(booms):
            settled = self._settled
            for index in booms[at:]:
                busted = settled.get(index)
                cycles += self._bust(index, day) if busted is None else busted
        if cycles >= rules.cycles:
            return _cycles_text(cycles, rules)
        start, edge = self._start, day - self._fortnight  # the first session of the last 14 days
        while start < n and days[start] < edge:
            start += 1
        self._start = start
        if start != self._stretch[0] or n != self._stretch[1]:
            self._stretch = (start, n)
            self._varied = _variability(self.amounts[start:], rules)
        return self._varied

    def _bust(self, index: int, day: date) -> bool:
        """`_busted` for the boom at `index` on `day`, kept once final: a bust stays one (a
        later day only knows of more flare days and counts more sessions), and its absence is
        final once the sessions of the bust window are all counted (`day` after it) and
        every flare day in it is known (a later day cannot learn of another)."""
        rules, boom, flare_days = self.rules, self.judged[index], self.flare_days
        window_end = boom.day + timedelta(days=rules.bust_window)
        later = self.judged[index + 1 : bisect_right(self.days, window_end, index + 1)]
        busted = _busted(boom, later, flare_days, rules, day)
        if busted or (day > window_end and _flare_days_known(boom.day, flare_days, rules, day)):
            self._settled[index] = busted
        return busted


def _flare_days_known(boom_day: date, flare_days: FlareDays, rules: BoomRules, day: date) -> bool:
    """Whether no day of the bust window after `boom_day` becomes known as a flare day after `day`."""
    for offset in range(1, rules.bust_window + 1):
        known = flare_days.get(boom_day + timedelta(days=offset))
        if known is not None and known > day:
            return False
    return True
