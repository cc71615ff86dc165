"""A flare episode as the rules found it, and which one is active on a day.

Split from `flare.py` (which finds the episodes: the baseline, runs of high days, calm
days) because far more code reads episodes than finds them: the pacing replay asks for
the active one on every day and every session, the report and `flare status` show them.
Pure, like `flare`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from typing import Literal

from paceit.slotted import Frozen

FlareKind = Literal["declared", "reported", "pain"]


class Episode(Frozen):
    """`start` is its first flare day; `known` the day the rule could first see it
    (a pain-defined episode is recognised on its 2nd flare day), so a plan for a
    day never uses diary entries from after that day."""

    __slots__ = ("start", "end", "kind", "baseline", "known", "joined")  # noqa: RUF023 (the fields' order)
    start: date
    end: date | None  # the last day it was active; None while it goes on
    kind: FlareKind
    baseline: float | None
    known: date
    # The day a `flare start` joined it while it was under way: from then on it ends when
    # that declared flare ends, not after calm days (a "declared" episode always does).
    joined: date | None

    def __init__(
        self, start: date, end: date | None, kind: FlareKind, baseline: float | None, known: date,
        joined: date | None = None,
    ) -> None:  # fmt: skip
        self._fill(start, end, kind, baseline, known, joined)

    def ends_by_declaration(self, day: date) -> bool:
        """Whether, as known on `day`, it ends with a `flare end` rather than after calm days."""
        return self.kind == "declared" or (self.joined is not None and self.joined <= day)

    def ends_on(self, day: date) -> bool:
        """Whether `day` is its last active day, as known on that day: only a declared end
        is (one found from calm days is seen days later, and a plan never uses later entries)."""
        return self.end == day and self.ends_by_declaration(day)

    def active_on(self, day: date) -> bool:
        return max(self.start, self.known) <= day and (self.end is None or day <= self.end)

    def length(self, day: date) -> int:
        return ((self.end or day) - self.start).days + 1


def active_episode(found: Iterable[Episode], day: date) -> Episode | None:
    return next((e for e in found if e.active_on(day)), None)


class EpisodeIndex:
    """Episodes in scan order with a lookup by day. The scan opens an episode only
    once the previous one has closed, so their active spans follow one another and a
    bisect finds the one active on a day; the replay asks this for every day and
    every session, and a linear search made years of history cost years squared."""

    def __init__(self, episodes: Iterable[Episode]) -> None:
        self._episodes = list(episodes)
        self._starts = [max(e.start, e.known) for e in self._episodes]
        self._ends = [date.max if e.end is None else e.end for e in self._episodes]
        self._ordered = all(a <= b for a, b in zip(self._starts, self._starts[1:], strict=False))

    def active_on(self, day: date) -> Episode | None:
        if not self._ordered:  # never from the scan; kept exact for hand-made lists
            return next((e for e in self._episodes if e.active_on(day)), None)
        at = bisect_right(self._starts, day) - 1  # its start is on or before `day`: `Episode.active_on`'s end remains
        if at >= 0 and day <= self._ends[at]:
            return self._episodes[at]
        return None
