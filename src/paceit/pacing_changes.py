"""The rules of `paceit next` that change the quota or set it (clinical-rules.md §1-2,
§7-8): the flare's smaller amount, the baseline and starting quota, the welcome after a
break, the step back after a red session, and the rebuild after a flare. The order in
which they are asked is pacing.py's (`_Replay._decide`).

Pure: no database, console or clock.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from paceit.flare_episodes import Episode
from paceit.glance import baseline_count, from_day, on_day
from paceit.pacing_replay import DayPlan, ReplayBase
from paceit.quota import (
    amount_text,
    baseline_mean,
    rounded,
    starting,
    step_words,
)

FROM_FIRST_SESSIONS = "Your starting amount, a little under your first sessions."


class QuotaChanges(ReplayBase):
    """The replay's rules that change the quota (or hold it, saying why)."""

    def _flare(self, day: date, episode: Episode) -> DayPlan:
        state, unit = self.state, self.rules.unit
        assert state.quota is not None
        reasons = []
        if state.flare_started != episode.start:
            usual = state.quota
            low = rounded(self.rules.flare_factor * usual, unit)
            state.flare_pre, state.flare_started, state.rebuild_next = usual, episode.start, None
            before = state.change(day, low, f"a flare began on {episode.start}")
            reasons.append(
                f"A flare began on {episode.start} ({_flare_kind(episode)}): today's amount is "
                f"{self.rules.flare_factor:g} x your usual {amount_text(usual, unit)}, held until it "
                "settles. Smaller, not nothing."
            )
            changed, previous, cause = True, before, "flare"
        else:
            assert state.flare_pre is not None
            reasons.append(
                f"Flare since {episode.start} ({_flare_kind(episode)}): holding at "
                f"{amount_text(state.quota, unit)}, {self.rules.flare_factor:g} x your usual "
                f"{amount_text(state.flare_pre, unit)}, until it settles."
            )
            changed, previous, cause = False, None, ""
            usual = state.flare_pre
        reasons.append(self._flare_end_words(day, episode))
        summary = (
            "Flare's last day: smaller today, rebuilding from tomorrow."
            if episode.ends_on(day)
            else f"Smaller while the flare settles (usual {amount_text(usual, unit)})."
        )
        return self._plan(day, state.quota, "reduce", tuple(reasons), changed, previous, cause, summary)

    def _flare_end_words(self, day: date, episode: Episode) -> str:
        """How the flare ends and what follows; never the command to end a flare already ended."""
        rebuild = f"in {self.rules.rebuild_steps} steps over at least {self.rules.rebuild_days} days"
        if episode.ends_on(day):
            return f"The flare ends today (the last reduced day); the amount rebuilds from tomorrow {rebuild}."
        ends = (
            "It ends when you run 'paceit flare end'"
            if episode.ends_by_declaration(day)
            else f"It ends after {self.rules.flare.end_days} calmer days in a row (or 'paceit flare end')"
        )
        return f"{ends}; then the amount rebuilds {rebuild}."

    def _baseline(self, day: date, episode: Episode | None) -> DayPlan:
        activity, rules, unit = self.history.activity, self.rules, self.rules.unit
        if activity.baseline:
            return self._start_quota(
                day,
                activity.baseline,
                f"the baseline of {amount_text(activity.baseline, unit)} set for this activity",
                summary="Your starting amount, a little under the baseline set for this activity.",
            )
        amounts = self.state.first_amounts
        mean = baseline_mean(amounts, rules.baseline_sessions)
        if mean is not None and episode is None:
            first = ", ".join(amount_text(amount, unit) for amount in amounts)
            return self._start_quota(
                day,
                mean,
                f"the mean of your first {rules.baseline_sessions} sessions ({first}) = {amount_text(mean, unit)}",
            )
        done = len(amounts) + self._logged_on(day)
        count = baseline_count(done, rules.baseline_sessions)
        then = "do what you can manage before symptoms clearly rise, then stop; no target yet"
        if done >= rules.baseline_sessions and episode is None:
            then = "today's session completes it, and plans use it from tomorrow; no target today"
        reasons = [f"Finding your baseline: {count}: {then}."]
        summary = f"Finding your baseline: {count}."
        if episode:
            reasons.append(
                f"A flare is on since {episode.start}: keep these sessions gentle; the baseline "
                "will be set once it settles."
            )
            summary = f"Finding your baseline: {count}; gently, in the flare."
        return self._plan(day, None, "baseline", tuple(reasons), summary=summary)

    def _start_quota(self, day: date, mean: float, source: str, summary: str = FROM_FIRST_SESSIONS) -> DayPlan:
        quota = starting(mean, self.rules.baseline_factor, self.rules.unit)
        self.state.baseline, self.state.start_quota = mean, quota
        self.state.change(day, quota, "starting quota")
        reason = (
            f"Starting quota {amount_text(quota, self.rules.unit)}: {self.rules.baseline_factor:g} x "
            f"{source}. It rises {step_words(self.rules)} every {self.rules.every_days} days when "
            "your sessions go well."
        )
        if not source:
            summary = "Your starting amount, smaller while the flare settles."
        return self._plan(day, quota, "hold", (reason,), True, None, "start", summary)

    def _gap(self, day: date) -> DayPlan | None:
        state, rules = self.state, self.rules
        if state.latest is None or state.quota is None:
            return None
        last = state.latest.day
        idle = (day - last).days
        if idle < rules.gap_days:
            return None
        if state.gap_handled == last:  # still away: the welcome stands, the clock starts when they are back
            state.restart(day, "your return after the break")
            summary = "Welcome back: lighter after your break, building up again."
            return self._plan(day, state.quota, "reduce", (self._welcome(last, idle),), summary=summary)
        state.gap_handled = last
        state.flare_pre = state.rebuild_next = None
        new = rounded(rules.gap_factor * state.quota, rules.unit)
        old = state.change(day, new, f"a {idle}-day break since {last}")
        summary = f"Welcome back: lighter after {idle} days away, building up again."
        return self._plan(day, new, "reduce", (self._welcome(last, idle, old),), True, old, "gap", summary)

    def _welcome(self, last: date, idle: int, old: float | None = None) -> str:
        unit, quota, state = self.rules.unit, self.state.quota, self.state
        assert quota is not None
        if old is not None:
            set_when = f"so your amount is {self.rules.gap_factor:g} x your quota ({amount_text(old, unit)} -> "
        else:
            set_when = f"so since {state.changed_on} your amount is {self.rules.gap_factor:g} x your quota ("
        return (
            f"Welcome back. Your last session was on {last}, {idle} days ago, {set_when}"
            f"{amount_text(quota, unit)}). It will build up again by the usual rule from your first session back."
        )

    def _red(self, day: date) -> DayPlan | None:
        state, rules = self.state, self.rules
        assert state.quota is not None and state.changed_on is not None
        latest = state.latest_plain
        if latest is None or latest.zone.zone != "red":
            return None
        lower = state.previous is not None and state.previous < state.quota
        wanted = state.previous if lower and state.previous is not None else rules.regress_factor * state.quota
        floor = min(state.quota, state.start_quota if state.start_quota is not None else state.quota)
        new = max(rounded(wanted, rules.unit), floor)
        why = "; ".join(latest.zone.notes) or "red zone"
        if new >= state.quota:
            start = amount_text(state.start_quota or floor, rules.unit)
            limit = (
                f"A step back never goes below your starting amount of {start}, the amount meant for a bad day."
                if state.start_quota is None or floor >= state.start_quota
                else f"Today's amount is already below your starting amount of {start}, and a step back goes no lower."
            )
            reason = (
                f"Holding at {amount_text(state.quota, rules.unit)}: your session on {latest.day} was in the red "
                f"zone ({why}). {limit}"
            )
            summary = f"Your session {on_day(latest.day, day)} was red; already at your starting amount."
            return self._plan(day, state.quota, "hold", (reason,), summary=summary)
        state.flare_pre = state.rebuild_next = None
        old = state.change(day, new, f"the red-zone session on {latest.day}")
        assert old is not None
        how = "back to your previous quota" if lower else f"{rules.regress_factor:g} x the quota"
        if new == floor and new > rounded(wanted, rules.unit):
            how = "your starting amount, the lowest a step back goes"
        reason = (
            f"Stepping back: your session on {latest.day} was in the red zone ({why}). "
            f"Today's amount is {how}: {amount_text(old, rules.unit)} -> {amount_text(new, rules.unit)}."
        )
        summary = f"Stepping back: your session {on_day(latest.day, day)} was in the red zone."
        cause = "red:" + "+".join(latest.zone.failed)
        return self._plan(day, new, "reduce", (reason,), True, old, cause, summary)

    def _spacing(self) -> int:
        return max(1, math.ceil(self.rules.rebuild_days / self.rules.rebuild_steps))

    def _plan_rebuild(self, day: date) -> None:
        """`day` is the first day after the flare; the last step lands on its
        `rebuild_days`-th day at the earliest (e.g. steps on days 2 and 4)."""
        state = self.state
        assert state.flare_pre is not None and state.quota is not None
        state.rebuild_next = day + timedelta(days=self._spacing() - 1)
        state.rebuild_left = self.rules.rebuild_steps
        state.rebuild_step = (state.flare_pre - state.quota) / self.rules.rebuild_steps

    def _rebuild_wait(self, day: date) -> DayPlan | None:
        """Between rebuild steps, or while morning pain is rising, hold and say when."""
        state, rules = self.state, self.rules
        assert state.quota is not None and state.flare_pre is not None and state.rebuild_next is not None
        week = self._week(day)
        if day >= state.rebuild_next and week.holds is not False:
            return None
        if day >= state.rebuild_next:
            state.rebuild_next = day + timedelta(days=1)
            why = f"the next step waits: {week.text()}"
            summary = "Rebuilding after the flare; waiting while morning pain is up."
        else:
            why = f"the next step is due on {state.rebuild_next}"
            summary = f"Rebuilding after the flare; next step up {from_day(state.rebuild_next, day)}."
        reason = (
            f"Rebuilding after the flare: holding at {amount_text(state.quota, rules.unit)} on the way back "
            f"to {amount_text(state.flare_pre, rules.unit)}; {why}."
        )
        return self._plan(day, state.quota, "hold", (reason,), summary=summary)

    def _rebuild(self, day: date) -> DayPlan:
        state, rules = self.state, self.rules
        assert state.quota is not None and state.flare_pre is not None
        state.rebuild_left -= 1
        done = rules.rebuild_steps - state.rebuild_left
        last = state.rebuild_left <= 0
        new = state.flare_pre if last else rounded(state.quota + state.rebuild_step, rules.unit)
        new = min(new, state.flare_pre)
        pre = state.flare_pre
        old = state.change(day, new, f"rebuilding after the flare, step {done} of {rules.rebuild_steps}")
        state.rebuild_next = None if last else day + timedelta(days=self._spacing())
        if last:
            state.flare_pre = None
        reason = (
            f"Rebuilding after the flare, step {done} of {rules.rebuild_steps}: "
            f"{amount_text(old or new, rules.unit)} -> {amount_text(new, rules.unit)}, toward your "
            f"pre-flare {amount_text(pre, rules.unit)}."
        )
        summary = f"Rebuilding after the flare: step {done} of {rules.rebuild_steps}."
        return self._plan(day, new, "increase", (reason,), True, old, "rebuild", summary)


def _flare_kind(episode: Episode) -> str:
    return {
        "declared": "declared by you",
        "reported": "you marked it in your diary",
        "pain": "your pain has been well above your usual",
    }[episode.kind]
