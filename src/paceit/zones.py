"""The pain-monitoring model (clinical-rules.md §2; Thomeé 1997, Silbernagel 2007/2015).

- R1: pain during the activity at most 5 (the ceiling; C may raise it).
- R2: pain after the activity may reach 5 (the ceiling) but must have settled by
  the next morning: next-morning pain <= the morning before the session + 1. The
  "before" value is that day's morning entry logged before the session, or the
  session's pain-before when there is none (an entry written after the session
  would hide the very rise R2 looks for). Pain after above the ceiling fails R2.
- R3: morning pain not rising week to week: the mean morning pain of the 7 days
  ending on the session day <= that of the 7 days before + 0.5.
- Zone: RED if R1, R2 or R3 fails; YELLOW if pain during was 3-5 and the rest
  holds; otherwise GREEN (pain during 0-2, cut-off configurable).

Unknown parts (no pain-during, no next-morning entry yet, a week without morning
entries) are named in the notes and the session is judged on what is known, as
the decision section of clinical-rules.md asks.

Reading, written down: flare days are left out of R3's weekly means, as §8 leaves
them out of the flare baseline. Flares have their own rule (halve, then rebuild);
counting them again here would turn every session of the week after a flare red
and block the rebuild that §1 prescribes.

Pure: plain records in, a zone and its notes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from paceit.records import DiaryIndex, SessionRecord


@dataclass(frozen=True)
class ZoneRules:
    green_max: int = 2
    ceiling: int = 5
    r2_tolerance: int = 1
    r3_tolerance: float = 0.5

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], ceiling: int | None = None) -> ZoneRules:
        return cls(
            green_max=settings["zone.green_max"],
            ceiling=ceiling or settings["zone.r1_ceiling"],
            r2_tolerance=settings["zone.r2_tolerance"],
            r3_tolerance=settings["zone.r3_tolerance"],
        )


@dataclass(frozen=True)
class Zone:
    zone: str  # "green" | "yellow" | "red"
    notes: tuple[str, ...]
    weekly_only: bool = False  # red through R3 alone (R1 and R2 held or unknown)


@dataclass(frozen=True)
class WeekCheck:
    """R3 on a day: None when either week has no morning entries."""

    holds: bool | None
    this_week: float | None
    last_week: float | None

    def text(self, tolerance: float) -> str:
        if self.holds is None:
            return "morning pain week to week: not enough morning entries to compare"
        verb = "not rising" if self.holds else "rising"
        return (
            f"morning pain {verb}: this week's mean {self.this_week:.1f} vs last week's "
            f"{self.last_week:.1f}, allowed +{tolerance:g}"
        )


def week_check(diary: DiaryIndex, day: date, tolerance: float, skip: AbstractSet[date] = frozenset()) -> WeekCheck:
    """R3 for the 7 days ending on `day` against the 7 days before them (flare days skipped)."""
    memo = diary.memo_for(skip)
    key = ("week", day, tolerance)
    if key not in memo:
        memo[key] = _week_check(diary, day, tolerance, skip)
    result: WeekCheck = memo[key]
    return result


def _week_check(diary: DiaryIndex, day: date, tolerance: float, skip: AbstractSet[date]) -> WeekCheck:
    this = diary.mornings(day - timedelta(days=6), day, skip)
    last = diary.mornings(day - timedelta(days=13), day - timedelta(days=7), skip)
    if not this or not last:
        return WeekCheck(None, fmean(this) if this else None, fmean(last) if last else None)
    this_mean, last_mean = fmean(this), fmean(last)
    return WeekCheck(this_mean <= last_mean + tolerance + 1e-9, this_mean, last_mean)


def _r2(session: SessionRecord, diary: DiaryIndex, rules: ZoneRules) -> tuple[bool | None, str]:
    if session.pain_after is not None and session.pain_after > rules.ceiling:
        return False, f"pain after {session.pain_after}/10 was above {rules.ceiling}, the most it may reach"
    after = diary.morning(session.day + timedelta(days=1))
    before = diary.morning_before(session.day, session.minute)
    source = "that morning"
    if before is None:
        before, source = session.pain_before, "before the session"
    if after is None:
        return None, "no next-morning pain entry"
    if before is None:
        return None, f"next morning {after}/10, but no earlier morning value to compare"
    settled = after <= before + rules.r2_tolerance
    word = "settled" if settled else "had not settled"
    return (
        settled,
        f"pain {word} by the next morning: {after}/10 vs {before}/10 {source}, allowed +{rules.r2_tolerance}",
    )


def sore_but_settled(session: SessionRecord, diary: DiaryIndex, rules: ZoneRules) -> bool:
    """Pain after the session was higher than before it, yet had settled by the next
    morning (R2 held): the soreness `paceit learn hurt-vs-harm` explains."""
    before = diary.morning_before(session.day, session.minute)
    before = session.pain_before if before is None else before
    if session.pain_after is None or before is None or session.pain_after <= before:
        return False
    return _r2(session, diary, rules)[0] is True


def session_zone(
    session: SessionRecord, diary: DiaryIndex, rules: ZoneRules, flare_days: AbstractSet[date] = frozenset()
) -> Zone:
    """The session's zone, with a note for each rule that failed or is unknown. Notes hold
    no brackets: the plan puts them in brackets after the zone."""
    notes: list[str] = []
    red = False
    during = session.pain_during
    if during is None:
        notes.append("pain during not logged, so it does not count as green for moving up")
    elif during > rules.ceiling:
        red = True
        notes.append(f"pain during {during}/10 was above the ceiling of {rules.ceiling}")
    settled, r2_text = _r2(session, diary, rules)
    if settled is not True:
        notes.append(r2_text)
    red = red or settled is False
    week = week_check(diary, session.day, rules.r3_tolerance, flare_days)
    if week.holds is False:
        notes.append(week.text(rules.r3_tolerance))
    if red or week.holds is False:
        return Zone("red", tuple(notes), weekly_only=not red)
    if during is not None and during > rules.green_max:
        return Zone("yellow", tuple(notes))
    return Zone("green", tuple(notes))
