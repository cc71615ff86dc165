"""Outcome measures over time and whether a change matters (clinical-rules.md §6).

Minimal important differences (settings `mid.*`, defaults from §6):
- pain NRS: 2 points or 30 % of the starting value [E, Farrar 2001];
- PEG: 1 point [E, Reed 2024];
- PSFS: 2 points on the mean [E, MDC90 of Stratford 1995];
- sleep quality: `mid.sleep`, 2 points [D]: no anchored value is published, so the
  words say "the change that matters", not "to people", for sleep.

Readings written down:
- A change "reaches" its MID when its size is at least the MID (either rule for
  pain). Below it, the report says the change is within what can happen from
  week to week, never that nothing changed.
- PSFS is compared only on the activities both questionnaires share (names
  compared without case or surrounding spaces); the mean of those items is the
  score compared. With no activity in common there is no comparison.
- Lower is better for pain and PEG; higher is better for PSFS and for sleep (paceit
  asks sleep 0 = worst, 10 = best). Sleep has no percentage rule: only points.
- Changes are computed from unrounded scores (a PEG from its three items, not
  from its stored two-decimal score), then rounded once: 22/3 to 14/3 is -2.67,
  not 4.67 - 7.33 = -2.66.

Pure: plain data in and out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from paceit.recordtype import record, replace

EPSILON = 1e-9  # 2.0 - 0.0 must reach a 2-point MID despite float rounding


Measure = Literal["pain", "peg", "psfs", "sleep"]
Direction = Literal["better", "worse", "same"]


@record
class Score:
    """One completed questionnaire: its day, score and items (name, value)."""

    day: date
    score: float
    items: tuple[tuple[str, int], ...] = ()


def score_of(row: Mapping[str, Any]) -> Score:
    """A questionnaire row, with its `items` (`queries.with_items`), as the rules read it."""
    items = tuple((i["item"], int(i["value"])) for i in row["items"])
    return Score(date.fromisoformat(row["day"]), float(row["score"]), items)


@record
class Change:
    """A measure's change from the first to the latest value, and whether it matters."""

    measure: Measure
    before: float
    after: float
    change: float  # after - before
    percent: float | None  # of `before`; None when before is 0
    reached: bool
    direction: Direction
    threshold: str  # the MID in words
    meaning: str
    items: tuple[str, ...] = ()  # PSFS: the activities compared
    mid_points: float | None = None  # the MID in points (pain: or `mid_pct` % of `before`)
    mid_pct: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "before": self.before,
            "after": self.after,
            "change": self.change,
            "percent": self.percent,
            "reaches_mid": self.reached,
            "direction": self.direction,
            "threshold": self.threshold,
            "meaning": self.meaning,
            "items": list(self.items),
        }


_NAMES = {"pain": "Pain", "peg": "PEG", "psfs": "PSFS", "sleep": "Sleep"}
# Whose judgement the MID is: an anchored one is what matters "to people"; sleep's is
# paceit's own default (clinical-rules §6 found none published).
_ANCHORED = {"pain", "peg", "psfs"}


def _direction(change: float, higher_is_better: bool) -> Direction:
    if abs(change) < EPSILON:
        return "same"
    return "better" if (change > 0) == higher_is_better else "worse"


def _meaning(measure: str, reached: bool, direction: str, threshold: str) -> str:
    name = _NAMES[measure]
    if direction == "same":
        return f"{name} is the same as at the start."
    if reached:
        whose = " to people" if measure in _ANCHORED else ""
        return f"{name} is {direction}, by at least the change that matters{whose} ({threshold})."
    return (
        f"{name} is a little {direction}, less than the change that matters ({threshold}): "
        "it may be day-to-day variation."
    )


def _change(
    measure: Measure,
    before: float,
    after: float,
    reached: bool,
    higher_is_better: bool,
    threshold: str,
    mid: tuple[float | None, float | None] = (None, None),
) -> Change:
    delta = round(after - before, 2)
    percent = round(100 * delta / before, 1) if before else None
    direction = _direction(delta, higher_is_better)
    reached = reached and direction != "same"
    return Change(
        measure,
        round(before, 2),
        round(after, 2),
        delta,
        percent,
        reached,
        direction,
        threshold,
        _meaning(measure, reached, direction, threshold),
        mid_points=mid[0],
        mid_pct=mid[1],
    )


def pain_change(before: float, after: float, settings: Mapping[str, Any]) -> Change:
    """Pain NRS: the MID is reached by `mid.pain_points` points or `mid.pain_pct` % of `before`."""
    points, pct = float(settings["mid.pain_points"]), float(settings["mid.pain_pct"])
    delta = after - before
    reached = abs(delta) >= points - EPSILON or (before > 0 and abs(delta) / before * 100 >= pct - EPSILON)
    return _change("pain", before, after, reached, False, f"{points:g} points or {pct:g}%", (points, pct))


def peg_change(before: float, after: float, settings: Mapping[str, Any]) -> Change:
    mid = float(settings["mid.peg"])
    return _change("peg", before, after, abs(after - before) >= mid - EPSILON, False, f"{mid:g} point", (mid, None))


def sleep_change(before: float, after: float, settings: Mapping[str, Any]) -> Change:
    """Sleep quality (0 worst, 10 best): the MID is `mid.sleep` points (default 2)."""
    mid = float(settings["mid.sleep"])
    reached = abs(after - before) >= mid - EPSILON
    return _change("sleep", before, after, reached, True, f"{mid:g} points", (mid, None))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def psfs_change(first: Score, last: Score, settings: Mapping[str, Any]) -> Change | None:
    """The PSFS change on the activities both share; None when they share none."""
    earlier = {_key(name): value for name, value in first.items}
    common = [(name, earlier[_key(name)], value) for name, value in last.items if _key(name) in earlier]
    if not common:
        return None
    before = round(sum(c[1] for c in common) / len(common), 2)
    after = round(sum(c[2] for c in common) / len(common), 2)
    mid = float(settings["mid.psfs"])
    found = _change("psfs", before, after, abs(after - before) >= mid - EPSILON, True, f"{mid:g} points", (mid, None))
    return replace(found, items=tuple(c[0] for c in common))


def _unrounded(score: Score) -> float:
    """A PEG's mean from its three items when they are all there, else its stored score."""
    return sum(v for _, v in score.items) / 3 if len(score.items) == 3 else score.score


@record
class Tracked:
    """One measure over time: every score, and the change from the first to the last."""

    measure: str
    scores: list[Score]
    change: Change | None


def track(measure: str, scores: Sequence[Score], settings: Mapping[str, Any]) -> Tracked:
    ordered = sorted(scores, key=lambda s: s.day)
    change = None
    if len(ordered) >= 2:
        first, last = ordered[0], ordered[-1]
        if measure == "peg":
            change = peg_change(_unrounded(first), _unrounded(last), settings)
        elif measure == "psfs":
            change = psfs_change(first, last, settings)
    return Tracked(measure, ordered, change)
