"""The records of functional tests and medicine doses, as the reads build them
(`queries_context.py`, `report_queries.py`) and the rules take them (`functional_tests.py`,
the report): record types live with the records, not in the rules that read them (issue
20, item 4), so a read needs no rule module. No behaviour beyond holding the values.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from paceit.recordtype import record

OWN_MAX = 1_000_000  # the person's own tasks: any unit, so only a sanity bound


@record
class TaskSpec:
    """A functional test. `low`..`high` is the plausible range of one result (`whole`: a
    count), so a typo such as 110 stands in 30 seconds is refused, not stored."""

    name: str
    unit: str
    better: str
    label: str = ""
    aliases: tuple[str, ...] = ()
    low: float = 0
    high: float = OWN_MAX
    whole: bool = False
    noun: str = ""  # what one result counts, shown instead of the stored unit: "11 stands"


@record
class TaskResult:
    """One functional test's result on a day, with the direction that is better."""

    day: date
    name: str
    value: float
    unit: str
    better: str


@record
class Dose:
    """One medicine taken on a day, as-needed or regular."""

    day: date
    name: str
    schedule: Literal["as-needed", "regular"]
