"""The plain records the reads of context, function and outcomes build (issue 20, item 4:
record types live with the records, not in the rules that read them).

`records.py` holds what the replay reads and is loaded on every daily path; these are read
by the other commands (`measure`, `trends`, `report`, `insights`, `due`, and `next`'s
progress line), so they live apart and cost the daily paths nothing. The reads
(`queries_context.py`, `report_queries.py`, `progress_queries.py`, `due_queries.py`) build
them without importing a rule module; the rules (`functional_tests.py`, `outcomes.py`,
`insights.py`, `due.py`) take them. No behaviour beyond holding the values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

OWN_MAX = 1_000_000  # the person's own tasks: any unit, so only a sanity bound


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class TaskResult:
    """One functional test's result on a day, with the direction that is better."""

    day: date
    name: str
    value: float
    unit: str
    better: str


@dataclass(frozen=True)
class Dose:
    """One medicine taken on a day, as-needed or regular."""

    day: date
    name: str
    schedule: Literal["as-needed", "regular"]


@dataclass(frozen=True)
class Score:
    """One completed questionnaire: its day, score and items (name, value)."""

    day: date
    score: float
    items: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class DayData:
    """One day's readings for the insights: pains, sleep, load, tags and medicines."""

    day: date
    morning_pain: float | None = None
    pain: float | None = None  # mean of the day's diary entries
    sleep: float | None = None  # first rating of the day: the night before
    load: float | None = None  # effort x minutes; None when unknown
    tags: frozenset[str] = frozenset()
    meds: frozenset[str] = frozenset()  # as-needed medicines taken that day
    regular: frozenset[str] = frozenset()  # regular medicines on: first to last dose ever
    regular_before: frozenset[str] = frozenset()  # regular medicines not yet started
    logged: bool = False  # any entry at all that day


@dataclass(frozen=True)
class DueInputs:
    """What `due` reads: today's diary minutes (local, in time order), the activities
    in use with whether each has a session today, and the last PEG's day."""

    day: date
    minute: int
    diary_minutes: list[int] = field(default_factory=list)
    activities: list[tuple[str, bool]] = field(default_factory=list)  # (name, logged today)
    paused: bool = False
    last_peg: date | None = None
