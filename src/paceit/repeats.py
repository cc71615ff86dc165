"""The same entry twice: a repeat within minutes is refused unless the person says `--again`.

Why: a tired person runs a command, is unsure it worked (a slow terminal, a scrolled
screen) and runs it again; a shell's history makes the second run one key away. A
duplicated session doubles the day's load in the pacing rules and a duplicated dose
reads as a double dose in the report. So `pain`, `log`, `med`, `strategy`, `ladder try`
and `measure` refuse an entry whose measured values equal those of one already stored
within `WINDOW` of its time (before or after: a backfilled entry logged twice is the
same mistake), and name that entry's id so it can be checked in `history`.

"The same values" are every value the command stores in the entry's row, its note
included (a re-run with another note is taken as meant), but not its tags (context,
kept in rows of their own) nor its time. Two real sessions of the same amount ten
minutes apart are rare, and `--again` stores one anyway.

Column names come only from `SAME` below, never from input.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from paceit.errors import InputError
from paceit.times import UTC_FORMAT, parse_utc

WINDOW = timedelta(minutes=10)
SAME: dict[str, tuple[str, ...]] = {
    "pain_entry": ("pain", "sleep", "mood", "fatigue", "stress", "sites", "flare", "note"),
    "session": ("activity_id", "amount", "effort", "pain_before", "pain_during", "pain_after", "note"),
    "med_dose": ("name", "dose", "schedule", "note"),
    "exposure_trial": (
        "step_id", "fear_before", "fear_after", "fear_peak", "expect", "expect_likely",
        "predicted_pain", "pain", "happened", "safety", "aborted", "note",
    ),
    "questionnaire": ("kind", "score", "note"),
    "task_result": ("name", "value", "unit", "note"),
    "strategy_use": ("name", "helped", "minutes", "note"),
}  # fmt: skip


def earlier_same(
    conn: sqlite3.Connection, *, table: str, row: Mapping[str, Any], items: Sequence[tuple[str, int]] | None = None
) -> dict[str, Any] | None:
    """The newest stored entry of `table` within WINDOW of `row`'s time with the same
    values (and, for a questionnaire, the same answers `items`), or None."""
    columns = SAME[table]
    moment = parse_utc(row["at_utc"])
    bounds = ((moment - WINDOW).strftime(UTC_FORMAT), (moment + WINDOW).strftime(UTC_FORMAT))
    same = " AND ".join(f"{column} IS ?" for column in columns)
    found = conn.execute(
        f"SELECT * FROM {table} WHERE at_utc BETWEEN ? AND ? AND {same} ORDER BY id DESC",
        (*bounds, *(row[column] for column in columns)),
    ).fetchall()
    for candidate in found:
        if items is None or _answers(conn, int(candidate["id"])) == [tuple(i) for i in items]:
            return dict(candidate)
    return None


def _answers(conn: sqlite3.Connection, questionnaire_id: int) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT item, value FROM questionnaire_item WHERE questionnaire_id = ? ORDER BY position", (questionnaire_id,)
    )
    return [(str(item), int(value)) for item, value in rows]


def refuse(
    conn: sqlite3.Connection,
    *,
    table: str,
    row: Mapping[str, Any],
    label: str,
    listed: str,
    again: bool,
    items: Sequence[tuple[str, int]] | None = None,
) -> None:
    """Raise InputError (exit 2, nothing written) when `row` repeats a stored entry,
    unless `again`. `label` names the entry ('session'), `listed` the command that lists them."""
    if again:
        return
    earlier = earlier_same(conn, table=table, row=row, items=items)
    if earlier is None:
        return
    from paceit.times import human

    when = human(earlier["at_utc"], earlier["utc_offset"])
    raise InputError(
        f"the same {label} is already saved as #{earlier['id']} ({when}, within 10 minutes of this one), "
        f"so nothing was saved; if you really did it twice add --again, or see '{listed}'"
    )
