"""Reads that return the plain records the pure rules take (records.py): the diary, the
activities, their sessions, declared flares and red flags, with local days and minutes
worked out from each row's UTC time and offset.

Reads only, like `queries`: the application layer (`planning.py`, `reporting.py`,
`today.py`) puts them together into the inputs of the rules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from paceit.queries import flares, red_flags
from paceit.records import (
    ActivityRecord,
    DeclaredFlare,
    DiaryEntry,
    DiaryIndex,
    RedFlagRecord,
    SessionRecord,
    new_entry,
    new_session,
)
from paceit.times import local_moment, local_wall


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(row) for row in cursor.fetchall()]


def minute_of(at_utc: str, offset: int) -> tuple[date, int]:
    """The local day and minute after midnight of a UTC time stored with its offset."""
    moment = local_wall(at_utc, offset)
    return moment.date(), moment.hour * 60 + moment.minute


def _local_day(at_utc: str | None, offset: int) -> date | None:
    return local_moment(at_utc, offset).date() if at_utc else None


def _tuples(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor whose rows are plain tuples: a ten-year diary's first replay reads some
    13,000 rows through these reads, and a tuple unpacks for less than a `sqlite3.Row`
    is read by name (issue 19, fifth round)."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


def diary_records(conn: sqlite3.Connection, *, until: date, since: date | None = None) -> list[DiaryEntry]:
    rows = _tuples(conn).execute(
        "SELECT at_utc, utc_offset, pain, flare FROM pain_entry WHERE day <= ? AND day >= ?",
        (until.isoformat(), (since or date.min).isoformat()),
    )
    return [new_entry(*minute_of(at_utc, offset), pain, bool(flare)) for at_utc, offset, pain, flare in rows]


def diary_over(conn: sqlite3.Connection, spans: Sequence[tuple[date, date]]) -> DiaryIndex:
    """The diary entries of the days `spans` covers (each a first and last day), as one
    index: a comparison of two windows reads only those days, even in a diary of years."""
    return DiaryIndex.build([e for since, until in spans for e in diary_records(conn, since=since, until=until)])


def activity_records(conn: sqlite3.Connection) -> list[ActivityRecord]:
    """Every activity, archived ones included (their history stays readable), with its own
    target: the goal cap (clinical-rules §1) is the planning layer's (planning.activity_records)."""
    return [
        ActivityRecord(
            a["id"],
            a["name"],
            a["unit"],
            date.fromisoformat(a["day"]),
            a["baseline"],
            a["step_mode"],
            a["step"],
            a["every_days"],
            a["ceiling"],
            a["target"],
            _local_day(a["archived_utc"], a["utc_offset"]),
        )
        for a in _rows(conn.execute("SELECT * FROM activity ORDER BY lower(name)"))  # no session counts: not needed
    ]


def session_records(
    conn: sqlite3.Connection, *, activity_id: int, until: date, since: date | None = None
) -> list[SessionRecord]:
    rows = _tuples(conn).execute(
        "SELECT at_utc, utc_offset, amount, pain_during, pain_after, pain_before, effort, id FROM session "
        "WHERE activity_id = ? AND day <= ? AND day >= ? ORDER BY day",
        (activity_id, until.isoformat(), (since or date.min).isoformat()),
    )
    return [
        new_session(*minute_of(at_utc, offset), amount, during, after, before, effort, id_)
        for at_utc, offset, amount, during, after, before, effort, id_ in rows
    ]


def session_record(row: Mapping[str, Any]) -> SessionRecord:
    """A session row (or one about to be saved, without an id yet: 0) as the replay reads it."""
    return SessionRecord(
        *minute_of(row["at_utc"], row["utc_offset"]),
        row["amount"],
        row["pain_during"],
        row["pain_after"],
        row["pain_before"],
        row["effort"],
        row.get("id", 0) if isinstance(row, dict) else row["id"],
    )


def declared_flares(conn: sqlite3.Connection, *, since: date | None = None) -> list[DeclaredFlare]:
    """Declared flares, in order; with `since`, only those still going on that day or later."""
    rows = flares(conn) if since is None else _rows(conn.execute(
        "SELECT * FROM flare WHERE end_day IS NULL OR end_day >= ? ORDER BY at_utc, id", (since.isoformat(),)
    ))  # fmt: skip
    return _declared(rows)


def _declared(rows: Sequence[Mapping[str, Any]]) -> list[DeclaredFlare]:
    return [
        DeclaredFlare(date.fromisoformat(f["day"]), date.fromisoformat(f["end_day"]) if f["end_day"] else None, f["id"])
        for f in rows
    ]


def declared_flares_over(conn: sqlite3.Connection, spans: Sequence[tuple[date, date]]) -> list[DeclaredFlare]:
    """Declared flares, in order, that cover a day of one of `spans` (first and last day
    each): what the progress line needs, not every flare of the diary's years."""
    if not spans:
        return []
    overlap = " OR ".join("(day <= ? AND (end_day IS NULL OR end_day >= ?))" for _ in spans)
    params = [text for first, last in spans for text in (last.isoformat(), first.isoformat())]
    rows = _rows(conn.execute(f"SELECT * FROM flare WHERE {overlap} ORDER BY at_utc, id", params))
    return _declared(rows)


def red_flag_records(conn: sqlite3.Connection) -> list[RedFlagRecord]:
    return [
        RedFlagRecord(
            f["code"], f["grp"], date.fromisoformat(f["day"]), _local_day(f["cleared_utc"], f["utc_offset"]), f["id"]
        )
        for f in red_flags(conn, include_cleared=True)
    ]
