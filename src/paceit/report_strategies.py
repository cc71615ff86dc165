"""The report's self-management strategies (`paceit strategy`): each one used in the period,
how many times, and how much it helped. Pure: rows in, sections out.

Why a median: how much a strategy helped is a 0-10 rating, an ordinal answer, and a few very
high or very low ones should not pull the summary; the number of rated uses goes with it,
since a rating is optional. Nothing here ranks strategies or says which to use: the report
shows what the person recorded, for them and their clinician to talk about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median
from typing import Any

from paceit.recordtype import record


@record
class StrategySection:
    name: str
    times: int  # uses in the period
    rated: int  # of them, with how much it helped
    helped: float | None  # the median of those ratings; None when no use was rated


def strategy_sections(uses: Sequence[Mapping[str, Any]]) -> list[StrategySection]:
    """One section per strategy used in the period (`uses`: rows with `name` and `helped`),
    the most used first, then by name."""
    by_name: dict[str, list[int | None]] = {}
    for use in uses:
        by_name.setdefault(str(use["name"]), []).append(use["helped"])
    found = []
    for name, helped in by_name.items():
        ratings = [int(h) for h in helped if h is not None]
        found.append(StrategySection(name, len(helped), len(ratings), float(median(ratings)) if ratings else None))
    return sorted(found, key=lambda s: (-s.times, s.name.casefold(), s.name))
