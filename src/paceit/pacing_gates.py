"""The increase gates of `paceit next` (clinical-rules.md §1, "How `paceit next`
decides"): a quota moves up only when every gate holds, and the hold says in words, with
the numbers, which gate still stands.

The decision asks the gates without words, cheapest first (issue 19, fifth round): a
quota at its target holds whatever they say, and the done share is summed only when
every other gate has passed. A hold's words are written when they are read, by
`pacing_words.hold_words` from what the day captured (`DayPlan.later`).

Pure: no database, console or clock.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from operator import is_

from paceit.day_plan import DayPlan
from paceit.glance import plural
from paceit.pacing_replay import ReplayBase
from paceit.pacing_state import done_share
from paceit.pacing_words import boombust_stands, hold_words, span_words
from paceit.quota import (
    amount_text,
    increased,
    step_taken,
    step_words,
)


class IncreaseGates(ReplayBase):
    """Move up or hold: the gates over the window of recent sessions."""

    def _increase_or_hold(self, day: date) -> DayPlan:
        state, rules = self.state, self.rules
        assert state.quota is not None and state.changed_on is not None and state.clock_from is not None
        target = self.history.activity.target
        if (target is not None and state.quota >= target) or self._a_gate_stands(day):
            zone, notes = self.today
            words = partial(
                hold_words, rules, self._week, day, state.quota, target, state.clock_from, state.clock_reason,
                state.changed_on, state.change_reason, tuple(state.window), state.boombust_on, state.boombust_text,
                self._logged_on(day), notes,
            )  # fmt: skip
            return DayPlan.later(day, state.quota, "hold", zone, words)
        new = increased(state.quota, rules, state.baseline)
        capped = target is not None and new > target
        if target is not None:
            new = min(new, target)
        passed = self._passed_words(day)
        old = state.change(day, new, f"moved up, every gate held ({step_words(rules)} a step)")
        assert old is not None
        size = step_taken(old, new, rules.unit) + (", up to your target" if capped else "")
        reason = f"Moving up: {amount_text(old, rules.unit)} -> {amount_text(new, rules.unit)} ({size}). {passed}."
        summary = "Moving up: your recent sessions went well."
        return self._plan(day, new, "increase", (reason,), True, old, "increase", summary)

    def _a_gate_stands(self, day: date) -> bool:
        """Whether any gate of `pacing_words.gate_words` stands on `day`: the same tests,
        without words, the dearest (R3, the done share) last."""
        state, rules = self.state, self.rules
        assert state.clock_from is not None
        window = state.window
        if (day - state.clock_from).days < rules.every_days or len(window) < rules.min_sessions:
            return True
        if any(w.zone == "red" for w in window):
            return True
        if boombust_stands(state.boombust_on, day):
            return True
        if self._week(day).holds is False:
            return True
        return bool(window) and self._done_share() < rules.done_share - 1e-9

    def _done_share(self) -> float:
        """`done_share` of the window, once per window: it often stands for days. The same
        sessions (the very objects: the window only gains new ones and loses old ones) have
        the same share; compared by identity, which is cheap, unlike by value."""
        window = self.state.window
        last = self.share_of
        if last is None or len(last) != len(window) or not all(map(is_, window, last)):
            self.share_of = tuple(window)
            self.share = done_share(self.share_of)
        return self.share

    def _passed_words(self, day: date) -> str:
        state = self.state
        assert state.clock_from is not None and state.quota is not None
        week = self._week(day)
        morning = "morning pain steady" if week.holds else "morning pain not yet compared week to week"
        return (
            f"{(day - state.clock_from).days} days since {state.clock_reason} on {state.clock_from}, "
            f"{plural(len(state.window), 'session')} {span_words(self.rules, state.clock_from, day)}, none red, "
            f"{self._done_share():.0%} of the quota done on average, {morning}, no boom-bust pattern"
        )
