"""What is still to log today, for `paceit due` (and a reminder run by cron or a
systemd timer): the morning pain, each planned session, and the weekly PEG.

The readings, each the conservative one:
- Morning pain is due from 04:00 on while no diary entry of today lies in 04:00-12:00
  (`records.first_morning`, the rules' one definition). After noon it stays due: it can
  still be recorded with `--at "this morning"`, and the rules miss it otherwise.
- A session is planned for every activity in use that day (not archived, started on or
  before it) unless an open red flag of group 1 or 2 pauses the plan, as `paceit next`
  pauses it (pacing.py). It is due until a session of that activity is logged that day.
  Today's amount is not computed here: it needs the plan's replay (the pacing engine),
  and a reminder run from cron must stay light; `paceit next` or `paceit timer` give it.
- PEG is weekly (clinical-rules.md §6): due when none was taken in the last 7 days
  (today and the 6 before), the first one included, since it is the baseline the report
  compares against.

Pure: the day and the minute are parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from paceit.due_records import DueInputs
from paceit.records import MORNING_START, first_morning
from paceit.times import human_day

PEG_EVERY_DAYS = 7


DueKind = Literal["morning_pain", "session", "peg"]


@dataclass(frozen=True)
class Due:
    """Something due today (a questionnaire, a test, a review): what, in words, and the command
    that does it."""

    kind: DueKind
    text: str
    command: str
    activity: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"kind": self.kind, "text": self.text, "command": self.command, "activity": self.activity}


def _quoted(name: str) -> str:
    """An activity name as a shell word (names may hold spaces)."""
    return name if name.replace("-", "").replace("_", "").isalnum() else "'" + name.replace("'", "'\\''") + "'"


def what_is_due(inputs: DueInputs) -> list[Due]:
    """Everything still to log on `inputs.day`, in the order a day goes."""
    found: list[Due] = []
    if inputs.minute >= MORNING_START and first_morning(inputs.diary_minutes, lambda m: m) is None:
        found.append(Due("morning_pain", "morning pain", 'paceit pain SCORE --at "this morning"'))
    if not inputs.paused:
        for name, logged in inputs.activities:
            if not logged:
                command = f"paceit log {_quoted(name)} AMOUNT"
                found.append(Due("session", f"{name} session", command, name))
    if inputs.last_peg is None or inputs.day - inputs.last_peg >= timedelta(days=PEG_EVERY_DAYS):
        last = "never taken yet" if inputs.last_peg is None else f"last on {human_day(inputs.last_peg)}"
        found.append(Due("peg", f"weekly PEG ({last})", "paceit measure peg"))
    return found
