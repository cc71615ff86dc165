"""The units a paced activity can be measured in, with their natural rounding steps.

Steps follow clinical-rules "How `paceit next` decides": 1 min, 1 rep, 10 steps,
0.1 km, 0.5 kg. Metres (not listed there) round to 10 m and sets to 1, the
smallest change a person can sensibly make. Maxima are generous plausibility
limits that catch typing slips (an extra zero), not clinical limits.
"""

from __future__ import annotations

import math

from paceit.slotted import Frozen


class Unit(Frozen):
    """An activity's unit: its words, the step an amount rounds to, its largest value and whether
    it is whole."""

    __slots__ = ("name", "label", "step", "maximum", "whole")  # noqa: RUF023 (the fields' order)
    name: str
    label: str
    step: float
    maximum: float
    whole: bool

    def __init__(self, name: str, label: str, step: float, maximum: float, whole: bool) -> None:
        self._fill(name, label, step, maximum, whole)


UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        Unit("min", "minutes", 1, 1440, False),
        Unit("reps", "repetitions", 1, 10_000, True),
        Unit("steps", "steps", 10, 200_000, True),
        Unit("m", "metres", 10, 100_000, False),
        Unit("km", "kilometres", 0.1, 1_000, False),
        Unit("kg", "kilograms", 0.5, 500, False),
        Unit("sets", "sets", 1, 100, True),
    )
}
UNIT_NAMES: tuple[str, ...] = tuple(UNITS)


def round_to_step(value: float, unit: str) -> float:
    """Round half up to the unit's natural step, never below one step (4.5 min is 5,
    not Python's round-half-even 4)."""
    step = UNITS[unit].step
    steps = max(1, math.floor(value / step + 0.5 + 1e-9))
    return round(steps * step, 6)


def format_amount(value: float, unit: str) -> str:
    """'20 min', '2.5 km', '12 reps': no trailing '.0' for whole amounts."""
    text = f"{value:g}" if value != int(value) else str(int(value))
    return f"{text} {unit}"


def format_mean(value: float, unit: str) -> str:
    """A mean amount, such as a baseline set by sessions, to one decimal for display
    ('9.3 reps', '14.7 min', '10 min'); the stored value keeps its precision."""
    return format_amount(round(value, 1), unit)
