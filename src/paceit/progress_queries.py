"""Reads for the progress line of `paceit next`: the diary's first day and the first and
latest PEG and PSFS (`today.progress_inputs` adds the two windows of mornings it compares,
through `record_queries.diary_over`), so `next` stays quick on a diary of years (every
query filters on an indexed column and reads a few rows). Reads only: the windows are
`progress.diary_spans`'s rule, applied in the application layer."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from paceit import queries


def first_pain_day(conn: sqlite3.Connection) -> date | None:
    """The day of the diary's first pain entry."""
    found = conn.execute("SELECT min(day) FROM pain_entry").fetchone()[0]
    return date.fromisoformat(found) if found else None


def first_and_latest(conn: sqlite3.Connection, *, kind: str, until: date) -> list[dict[str, Any]]:
    """The first and the latest questionnaire of `kind` up to `until` (one when there is
    only one), each with its `items` (`outcomes.score_of` reads them)."""
    where = "WHERE kind = ? AND day <= ?"
    sql = (
        f"SELECT * FROM (SELECT * FROM questionnaire {where} ORDER BY at_utc, id LIMIT 1) UNION "
        f"SELECT * FROM (SELECT * FROM questionnaire {where} ORDER BY at_utc DESC, id DESC LIMIT 1) "
        "ORDER BY at_utc, id"
    )
    params = (kind, until.isoformat()) * 2
    return queries.with_items(conn, [dict(r) for r in conn.execute(sql, params)])
