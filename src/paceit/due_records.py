"""What `paceit due` reads (`DueInputs`), as `due_queries.due_inputs` builds it without
importing the rules of `due.py` (issue 20, item 4). A module of its own: `due` runs from
cron several times a day and loads no other record type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
