"""How numbers look in every table: trends and all five report formats write the same
cells, so a clinician reading both sees 5.0, 89% and '-' the same way. Standard library
only: `paceit trends` imports it without loading the report."""

from __future__ import annotations


def num(value: float | int | None, digits: int = 1) -> str:
    """An amount or count: '-' when missing, whole numbers without '.0'."""
    if value is None:
        return "-"
    rounded = round(float(value), digits)
    return f"{rounded:g}" if rounded == int(rounded) else f"{rounded:.{digits}f}"


def mean(value: float | None) -> str:
    """A mean or score: always one decimal, so 5.0 sits next to 5.2."""
    return "-" if value is None else f"{value:.1f}"


def pct(share: float | None) -> str:
    """A share as a whole percentage, '89%'."""
    return "-" if share is None else f"{round(share * 100)}%"
