"""The numbers of pacing (clinical-rules.md §1 and "How `paceit next` decides"): the
rules in force for one activity, the baseline T, rounding to the unit's natural
step, and how far one increase may go.

Pure: plain data in and out. `pacing.py` replays the history with these.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

from paceit.boombust import BoomRules
from paceit.flare import FlareRules
from paceit.records import ActivityRecord
from paceit.recordtype import field, record
from paceit.settings import WEEKDAYS
from paceit.units import UNITS, format_amount, round_to_step
from paceit.zones import ZoneRules


def baseline_mean(first_amounts: Sequence[float], needed: int) -> float | None:
    """T, the mean of the first `needed` sessions (§1: "Log the amount done before
    symptoms clearly rise, on 3 days ... T = mean"); None until there are enough.
    Not rounded: Q0 = round(0.8 x T) rounds once (1.06, 1.07 and 1.06 km give T =
    1.0633 and Q0 = 0.9 km; rounding T first to 1.06 gave 0.8)."""
    if needed < 1 or len(first_amounts) < needed:
        return None
    return sum(first_amounts[:needed]) / needed


StepMode = Literal["pct", "abs", "add"]
STEP_MODES: tuple[StepMode, ...] = get_args(StepMode)


@record
class Rules:
    """Every number the decision order uses, with the activity's own values applied."""

    unit: str
    baseline_sessions: int = 3
    baseline_factor: float = 0.8
    every_days: int = 7
    step_mode: StepMode = "pct"
    step: float = 10.0
    min_sessions: int = 3
    done_share: float = 0.8
    regress_factor: float = 0.9
    flare_factor: float = 0.5
    rebuild_steps: int = 2
    rebuild_days: int = 4
    gap_days: int = 14
    gap_factor: float = 0.8
    plan_days: tuple[str, ...] = WEEKDAYS
    zone: ZoneRules = field(default_factory=ZoneRules)
    boom: BoomRules = field(default_factory=BoomRules)
    flare: FlareRules = field(default_factory=FlareRules)

    @classmethod
    def for_activity(cls, activity: ActivityRecord, settings: Mapping[str, Any]) -> Rules:
        mode, step = step_in_force(activity.step_mode, activity.step, settings)
        return cls(
            unit=activity.unit,
            baseline_sessions=settings["baseline.sessions"],
            baseline_factor=settings["baseline.factor"],
            every_days=activity.every_days or settings["progression.every_days"],
            step_mode=mode,
            step=step,
            min_sessions=settings["gate.min_sessions"],
            done_share=settings["gate.done_share"],
            regress_factor=settings["regress.factor"],
            flare_factor=settings["flare.factor"],
            rebuild_steps=settings["flare.rebuild_steps"],
            rebuild_days=settings["flare.rebuild_days"],
            gap_days=settings["gap.days"],
            gap_factor=settings["gap.factor"],
            plan_days=tuple(settings["plan.days"]),
            zone=ZoneRules.from_settings(settings, activity.ceiling),
            boom=BoomRules.from_settings(settings),
            flare=FlareRules.from_settings(settings),
        )


def amount_text(value: float, unit: str) -> str:
    return format_amount(round(value, 2), unit)


def rounded(value: float, unit: str) -> float:
    """To the unit's natural step (1 min, 1 rep, 10 steps, 0.1 km, 0.5 kg), never below one step."""
    return round_to_step(value, unit)


def starting(baseline: float, factor: float, unit: str) -> float:
    """The starting quota (clinical-rules §1): a little under the baseline, so a bad day is
    still doable. The replay and `activity add`/`edit` both say it from here."""
    return rounded(factor * baseline, unit)


MAX_RISE = 0.2  # clinical-rules §1: steps are 5-20 % (additive: 10-20 % of T)


def increased(quota: float, rules: Rules, baseline: float | None) -> float:
    """The next quota up: +step % of Q, a fixed amount, or +add % of T; at least one
    unit and, whatever the step says, at most +20 % (or one unit when that is more)."""
    one = UNITS[rules.unit].step
    if rules.step_mode == "abs":
        wanted = quota + rules.step
    elif rules.step_mode == "add" and baseline:
        wanted = quota + baseline * rules.step / 100
    else:
        wanted = quota * (1 + rules.step / 100)
    cap = math.floor(quota * (1 + MAX_RISE) / one + 1e-9) * one  # rounding never carries it past +20 %
    return round(max(rounded(quota + one, rules.unit), min(rounded(wanted, rules.unit), cap)), 6)


def step_taken(old: float, new: float, unit: str) -> str:
    """The step actually taken, in the unit and in per cent: "+1 min, +10 %"."""
    rise = new - old
    share = f", +{rise / old:.0%}" if old > 0 else ""
    return f"+{amount_text(rise, unit)}{share}"


def step_in_force(own_mode: str | None, own_step: float | None, settings: Mapping[str, Any]) -> tuple[StepMode, float]:
    """The activity's own step when it has one, else the settings' (additive mode: a
    percentage of the baseline). The replay and `activity list`/`show` both read it here."""
    if own_mode and own_step:
        return step_mode(own_mode), own_step
    if settings["progression.mode"] == "add":
        return "add", float(settings["progression.add_pct"])
    return "pct", float(settings["progression.step_pct"])


def step_words(rules: Rules) -> str:
    if rules.step_mode == "abs":
        return f"+{amount_text(rules.step, rules.unit)}"
    if rules.step_mode == "add":
        return f"+{rules.step:g}% of your baseline"
    return f"+{rules.step:g}%"


def step_mode(value: str) -> StepMode:
    """A stored step mode as its type; anything else is a damaged row, said as such."""
    if value not in STEP_MODES:
        raise ValueError(f"unknown step mode {value!r} (one of {', '.join(STEP_MODES)})")
    return value
