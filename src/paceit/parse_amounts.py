"""Amounts typed by a person to values: an activity's unit, an amount in it (a duration
for minutes, m or km for distances), a duration, a progression step.

Split from `parse.py` (scales, text, times and choices) with the same style of error: a
clean value, or one `InputError` line naming the option and the allowed form. Natural
durations (`1 hour 15 min`, `1:15`) go to `natural.py` only when the strict forms fail.
"""

from __future__ import annotations

import math
import re

from paceit.errors import InputError
from paceit.lazy_pattern import LazyPattern
from paceit.parse import NUMBER, WHOLE, limit_text, shown
from paceit.units import UNIT_NAMES, UNITS

_DURATION = LazyPattern(
    r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m(?:in)?)?(?:(?P<s>\d+)s)?$",
    re.ASCII,
)


def unit(value: str | None, *, option: str = "--unit") -> str:
    text_value = (value or "").strip().lower()
    aliases = {"minutes": "min", "mins": "min", "minute": "min", "rep": "reps", "set": "sets"}
    text_value = aliases.get(text_value, text_value)
    if text_value not in UNITS:
        raise InputError(f"{option} must be one of {', '.join(UNIT_NAMES)} (got {shown(value)})")
    return text_value


def step(value: str | None, *, option: str = "--step") -> tuple[str, float] | None:
    """Progression step: `10%` (percent of the quota) or `2` (units added each time).

    The ranges are activity_rules' (percentages: the clinician range of clinical-rules §1).
    """
    from paceit.activity_rules import STEP_ABS_MAX, STEP_PCT, step_problem

    if value is None:
        return None
    raw = value.strip()
    problem = f"{option} {step_problem(shown(value))}"
    if raw.endswith("%"):
        if not NUMBER.match(raw[:-1]) or not STEP_PCT.lo <= float(raw[:-1]) <= STEP_PCT.hi:
            raise InputError(problem)
        return ("pct", float(raw[:-1]))
    if NUMBER.match(raw) and 0 < float(raw) <= STEP_ABS_MAX:
        return ("abs", float(raw))
    raise InputError(problem)


def duration_minutes(value: str, *, option: str, maximum: float = 1440) -> float:
    """`20`, `20m`, `1h`, `1h15m`, `90s` → minutes (90s is 1.5); `1 hour`, `90 min`, `1:15`
    through `natural.duration`."""
    raw = value.strip().lower().replace(" ", "")
    minutes: float | None = None
    if NUMBER.match(raw):
        minutes = float(raw)
    else:
        match = _DURATION.match(raw)
        if match and any(match.groupdict().values()):
            parts = match.groupdict()
            minutes = float(parts["h"] or 0) * 60 + float(parts["m"] or 0) + float(parts["s"] or 0) / 60
    if minutes is None:
        from paceit import natural

        minutes = natural.duration(value)
    if minutes is not None:
        minutes = round(minutes, 4)  # check the value returned: 0.00001 must not become 0.0
    if minutes is None or math.isnan(minutes) or not 0 < minutes <= maximum:
        raise InputError(
            f"{option} must be a duration like 20, 20m, 1h15m, 90s, 1 hour, 90 min or 1:15 (hours:minutes), "
            f"more than 0 and at most {limit_text(maximum)} minutes (got {shown(value)})"
        )
    return minutes


def amount(value: str, *, unit_name: str, option: str = "AMOUNT") -> float:
    """An amount in an activity's unit; minutes accept durations, distances m/km."""
    spec = UNITS[unit_name]
    if unit_name == "min":
        return duration_minutes(value, option=option, maximum=spec.maximum)
    raw = value.strip().lower().replace(" ", "")
    factor = 1.0
    if unit_name in {"m", "km"}:
        for suffix, scale_to in (("km", 1000.0), ("m", 1.0)):
            if raw.endswith(suffix):
                raw = raw[: -len(suffix)]
                factor = scale_to / (1000.0 if unit_name == "km" else 1.0)
                break
    elif raw.endswith(unit_name):
        raw = raw[: -len(unit_name)]
    kind = "a whole number" if spec.whole else "a number"
    pattern = WHOLE if spec.whole else NUMBER
    if not pattern.match(raw) or not 0 < round(float(raw) * factor, 6) <= spec.maximum:
        raise InputError(
            f"{option} must be {kind} of {spec.label} above 0 and at most {limit_text(spec.maximum)} "
            f"(got {shown(value)})"
        )
    return round(float(raw) * factor, 6)
