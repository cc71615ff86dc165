"""The increase gates of `paceit next` (clinical-rules.md §1, "How `paceit next`
decides"): a quota moves up only when every gate holds, and the hold says in words, with
the numbers, which gate still stands.

Pure: no database, console or clock.
"""

from __future__ import annotations

from datetime import date, timedelta

from paceit.glance import hold_summary, plural
from paceit.pacing_replay import DayPlan, ReplayBase
from paceit.pacing_state import done_share
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
        assert state.quota is not None and state.changed_on is not None
        misses = self._gates(day)
        target = self.history.activity.target
        if target is not None and state.quota >= target:
            misses.append(f"you have reached your target of {amount_text(target, rules.unit)}; keep it steady")
        if misses:
            since = f"Quota last changed on {state.changed_on}: {state.change_reason}."
            reason = f"Holding at {amount_text(state.quota, rules.unit)}: " + "; ".join(misses) + "."
            reasons = (reason, since, *self._unrated_words())
            summary = self._hold_summary(day, at_target=target is not None and state.quota >= target)
            return DayPlan(day, state.quota, "hold", None, reasons, summary=summary)
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
        return DayPlan(day, new, "increase", None, (reason,), True, old, "increase", summary)

    def _hold_summary(self, day: date, *, at_target: bool) -> str:
        """The gates of `_gates` as one plain line (glance.hold_summary)."""
        state, rules = self.state, self.rules
        assert state.clock_from is not None
        red = [w.day for w in state.window if w.zone == "red"]
        boom = state.boombust_on if state.boombust_on is not None and (day - state.boombust_on).days < 14 else None
        short = bool(state.window) and self._done_share() < rules.done_share - 1e-9
        return hold_summary(
            today=day,
            can_rise_on=state.clock_from + timedelta(days=rules.every_days),
            sessions_short=max(0, rules.min_sessions - len(state.window) - self._logged_on(day)),
            red_on=red[-1] if red else None,
            boombust_on=boom,
            rising=self._week(day).holds is False,
            short_of_quota=short,
            at_target=at_target,
        )

    def _done_share(self) -> float:
        """`done_share` of the window, once per window: a day asks it twice (the gates, then
        the hold's summary) and the window often stands for days. Equal windows (the same
        sessions, compared by value) have the same share."""
        window = tuple(self.state.window)
        if window != self.share_of:
            self.share_of, self.share = window, done_share(window)
        return self.share

    def _gates(self, day: date) -> list[str]:
        """What still stands between today and an increase, in words with the numbers."""
        state, rules = self.state, self.rules
        assert state.quota is not None and state.clock_from is not None
        misses = []
        waited = (day - state.clock_from).days
        if waited < rules.every_days:
            misses.append(f"{waited} of {rules.every_days} days since {state.clock_reason} on {state.clock_from}")
        window = state.window
        if len(window) < rules.min_sessions:
            have = plural(len(window), "session")
            misses.append(f"{have} {self._span(day)}, {rules.min_sessions} needed")
        red = [w.day for w in window if w.zone == "red"]
        if red:
            misses.append(f"a session in the red zone on {red[-1]}, less than {rules.every_days} days ago")
        if window:
            done = self._done_share()
            if done < rules.done_share - 1e-9:
                misses.append(f"on average {done:.0%} of the quota done, {rules.done_share:.0%} needed")
        week = self._week(day)
        if week.holds is False:
            misses.append(week.text())
        if state.boombust_on is not None and (day - state.boombust_on).days < 14:
            misses.append(f"a boom-bust pattern on {state.boombust_on}: {state.boombust_text}")
        return misses

    def _span(self, day: date) -> str:
        """The window in words: "in the last 7 days", or "since then" while it is younger."""
        assert self.state.clock_from is not None
        if (day - self.state.clock_from).days >= self.rules.every_days:
            return f"in the last {self.rules.every_days} days"
        return "since then"

    def _unrated_words(self) -> tuple[str, ...]:
        unrated = sum(w.unrated for w in self.state.window)
        if not unrated:
            return ()
        return (
            f"{plural(unrated, 'recent session')} without pain during: they count, judged on what is known; "
            "log pain during (--pain-during) so paceit can tell how they went.",
        )

    def _passed_words(self, day: date) -> str:
        state = self.state
        assert state.clock_from is not None and state.quota is not None
        week = self._week(day)
        morning = "morning pain steady" if week.holds else "morning pain not yet compared week to week"
        return (
            f"{(day - state.clock_from).days} days since {state.clock_reason} on {state.clock_from}, "
            f"{plural(len(state.window), 'session')} {self._span(day)}, none red, "
            f"{self._done_share():.0%} of the quota done on average, {morning}, no boom-bust pattern"
        )
