"""The rows of a demo history and the builder every part of the generator adds them through.

The builder owns the two seeded generators (one for the story, one for uuids, so adding a
row never shifts the story) and stamps each row at its own local moment in `now`'s zone.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from paceit.times import stamp, stamp_columns

Row = dict[str, Any]

# Parents before children, so foreign keys hold at every insert.
TABLE_ORDER = (
    "activity",
    "pain_entry",
    "session",
    "ladder_step",
    "exposure_trial",
    "med_dose",
    "task_result",
    "strategy_use",
    "entry_tag",
    "red_flag",
    "flare",
    "flare_plan_item",
    "goal",
    "questionnaire",
    "questionnaire_item",
    "clinician_note",
    "setting",
)


@dataclass
class DemoData:
    """A generated history: rows per table, ready for `write`, plus what the report needs."""

    weeks: int
    seed: int
    first: date
    last: date
    tables: dict[str, list[Row]]


@dataclass
class RowBuilder:
    """Collects the rows of every table while the generator walks the days."""

    rng: random.Random
    uuids: random.Random
    tz: tzinfo | None
    first: date
    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLE_ORDER})

    def date_of(self, d: int) -> date:
        return self.first + timedelta(days=d)

    def moment(self, d: int, minute: int) -> datetime:
        return datetime.combine(self.date_of(d), time(minute // 60, minute % 60), tzinfo=self.tz)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.uuids.getrandbits(128), version=4))

    def add(self, table: str, d: int, minute: int, values: Row) -> Row:
        """An entry logged on time: its created_utc is its own moment."""
        moment = stamp(self.moment(d, minute))
        row: Row = {"uuid": self.uuid(), **stamp_columns(moment), "note": None, **values}
        row["created_utc"] = moment.at_utc
        self.tables[table].append(row)
        return row


def clamp(value: float, lo: int = 0, hi: int = 10) -> int:
    """A latent value rounded onto a scale (0-10 unless told), as a person would write it."""
    return max(lo, min(hi, round(value)))
