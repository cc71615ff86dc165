"""The rules an activity's pacing settings keep, one function per rule, for every entry point.

Why one module: `activity add`/`edit`, `prescription import` and JSON `import` each
checked the same settings their own way (0.8 hard-coded in one, target > baseline in
another, nothing in the third), so one activity was accepted by one door and refused by
another, and `next` could plan a quota above the target. Each entry point still reads
its own form of input (an option, a TOML value, a stored JSON value), then asks these
functions. They raise `RuleError`, which says what is allowed; the entry point names the
field in its own words (`--target`, `target`, field 'target') with `RuleError.named`.

The ranges are the clinician ranges of clinical-rules.md §1 (every 7-14 days, step 5-20 %)
and §2 (pain ceiling 5-7), read from the specs of the matching settings, so an activity
can be given only a value its setting could hold.

Pure: plain data in (the activity's columns and the settings in force), no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from paceit.errors import InputError
from paceit.records import ActivityRecord
from paceit.recordtype import replace
from paceit.settings import SPEC_BY_KEY
from paceit.slotted import Frozen
from paceit.units import format_amount, round_to_step


class Range(Frozen):
    """The allowed range of an activity's number."""

    __slots__ = ("lo", "hi")  # noqa: RUF023 (the fields' order)
    lo: float
    hi: float

    def __init__(self, lo: float, hi: float) -> None:
        self._fill(lo, hi)

    def whole(self) -> tuple[int, int]:
        return int(self.lo), int(self.hi)


def _setting_range(key: str) -> Range:
    spec = SPEC_BY_KEY[key]
    return Range(spec.lo, spec.hi)


EVERY_DAYS = _setting_range("progression.every_days")  # §1: every 7 d (C 7-14)
CEILING = _setting_range("zone.r1_ceiling")  # §2: pain during at most 5 (C 5-7)
STEP_PCT = _setting_range("progression.step_pct")  # §1: Q x 1.10 (C 5-20 %)
STEP_ABS_MAX = 10_000.0  # an absolute step in the unit: a plausibility bound, as the units' maxima


class RuleError(InputError):
    """A value breaks its rule. `problem` reads after the field's name."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field
        self.problem = problem

    def named(self, labels: Mapping[str, str]) -> InputError:
        """The same error with the field named as the entry point names it."""
        return InputError(f"{labels.get(self.field, self.field)} {self.problem}")


def _show(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else repr(value)


def check_whole(field: str, value: object, allowed: Range) -> None:
    lo, hi = allowed.whole()
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise RuleError(field, f"must be a whole number from {lo} to {hi} (got {_show(value)})")


def check_every(value: object) -> None:
    """Days between increases (column every_days)."""
    check_whole("every_days", value, EVERY_DAYS)


def check_ceiling(value: object) -> None:
    """The highest acceptable pain during a session."""
    check_whole("ceiling", value, CEILING)


def step_problem(shown: str) -> str:
    return f"must be a percentage from {STEP_PCT.lo:g}% to {STEP_PCT.hi:g}% or a positive amount (got {shown})"


def check_step(mode: object, value: object) -> None:
    """A step is both a mode and a value, or neither: 'pct' 5-20 (% of the quota), 'abs'
    above 0 (an amount in the unit). NaN and infinity fail every comparison: refused."""
    if mode is None and value is None:
        return
    if mode not in ("pct", "abs"):
        raise RuleError("step", f"goes with a step mode of pct or abs (got step mode {_show(mode)})")
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if number is not None and mode == "pct" and STEP_PCT.lo <= number <= STEP_PCT.hi:
        return
    if number is not None and mode == "abs" and 0 < number <= STEP_ABS_MAX:
        return
    raise RuleError("step", step_problem(f"{_show(value)}%" if mode == "pct" and number is not None else _show(value)))


def start_quota(baseline: float, factor: float, unit: str) -> float:
    """The highest starting quota the plan could use for this baseline: the plan starts at
    factor x baseline rounded to the unit's step (pacing), which may round up, so the
    larger of the exact and the rounded amount."""
    return max(factor * baseline, round_to_step(factor * baseline, unit))


def check_target(baseline: float | None, target: float | None, unit: str, *, factor: float) -> None:
    """A target must lie above the starting quota the plan would use (baseline.factor x
    the baseline, under the settings in force), or there is nothing to build toward and
    `next` would plan more than the target.

    The conservative choice: clinical-rules §1 stops progression at the goal but does not
    say what a goal below the start means; a target only above the baseline (what
    `prescription import` asked) refused goals between Q0 and T that §1 allows, and 0.8
    hard-coded (what `activity add` asked) accepted targets under Q0 when the factor was
    raised. Without a given baseline (it comes from the first sessions) nothing is known
    to check yet."""
    if not baseline or not target:
        return
    quota = start_quota(baseline, factor, unit)
    if target <= quota:
        raise RuleError(
            "target",
            f"must be above the starting quota ({format_amount(round(quota, 2), unit)}, {factor:g} x the baseline "
            f"{format_amount(baseline, unit)}; baseline.factor) (got {format_amount(target, unit)})",
        )


def check_factor(activities: Iterable[Mapping[str, Any]], factor: float) -> None:
    """A new baseline.factor must leave every activity's target above its starting quota
    (the target rule, seen from the setting's side): otherwise `next` would plan more
    than the target of an activity that was accepted under the old factor."""
    for row in activities:
        try:
            check_target(row.get("baseline"), row.get("target"), str(row.get("unit")), factor=factor)
        except RuleError:
            quota = format_amount(round(start_quota(row["baseline"], factor, row["unit"]), 2), row["unit"])
            raise RuleError(
                "baseline.factor",
                f"cannot be {factor:g}: {row['name']} would start at {quota}, not below its target "
                f"{format_amount(row['target'], row['unit'])}; change its target first "
                f'(paceit activity edit "{row["name"]}" --target N)',
            ) from None


def check_activity(row: Mapping[str, Any], settings: Mapping[str, Any]) -> None:
    """Every pacing rule, on an activity's columns as they would be stored (absent or
    None: not set). `settings`: the settings in force where the activity would live."""
    if row.get("every_days") is not None:
        check_every(row["every_days"])
    if row.get("ceiling") is not None:
        check_ceiling(row["ceiling"])
    check_step(row.get("step_mode"), row.get("step"))
    check_target(row.get("baseline"), row.get("target"), str(row.get("unit")), factor=settings["baseline.factor"])


def unit_change(row: Mapping[str, Any], new_unit: str, *, sessions: int, goal_targets: int) -> dict[str, Any]:
    """The columns a change of unit sets. Old amounts mean nothing in the new unit: refused
    while sessions or goal targets count in the old unit; otherwise the baseline, the
    target and an absolute step (amounts in the old unit) are cleared, unless the same
    command gives new ones (the caller lays those over this)."""
    old = row["unit"]
    counted = ((sessions, "session is logged", "sessions are logged"), (goal_targets, "goal counts", "goals count"))
    for used, one, many in counted:
        if used:
            what = f"{used} {one if used == 1 else many}"
            raise RuleError("unit", f"cannot change from {old} to {new_unit}: {what} in {old}")
    values: dict[str, Any] = {"unit": new_unit, "baseline": None, "target": None}
    if row.get("step_mode") == "abs":
        values.update(step_mode=None, step=None)
    return values


def with_goal_caps(
    activities: Iterable[ActivityRecord], goals: Iterable[tuple[int | None, float | None]]
) -> list[ActivityRecord]:
    """`activities` with each target lowered to the lowest target of its open goals, given
    as (activity id, target): clinical-rules §1 stops progression at the SMART goal, so the
    plan builds toward whichever comes first, the activity's own target or a goal's. A goal
    with no activity or no target caps nothing; an activity with neither has no target."""
    caps: dict[int, float] = {}
    for activity_id, target in goals:
        if activity_id is not None and target is not None:
            caps[activity_id] = min(target, caps.get(activity_id, target))
    capped = []
    for activity in activities:
        cap = caps.get(activity.id)
        if cap is not None and (activity.target is None or cap < activity.target):
            activity = replace(activity, target=cap)
        capped.append(activity)
    return capped


def moved_start(activity: Mapping[str, Any], session: Mapping[str, Any]) -> dict[str, Any] | None:
    """The activity's new start when a session is dated before it (backfilling is normal: the
    plan starts at the first session), or None. Stamp columns only, as the store updates them."""
    if session["day"] >= activity["day"]:
        return None
    return {key: session[key] for key in ("at_utc", "day", "utc_offset")}
