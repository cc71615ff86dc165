"""Weekly and daily aggregates for `paceit trends` and `paceit report`, in SQL.

GROUP BY runs inside SQLite (performance.md §4: ~27x faster than loading rows into
Python), and every query filters on the indexed `day` column first. Weeks start on
Monday: `_WEEK` turns a local day into the Monday of its week. Reads only:
`reporting.trend_inputs` puts them together with the replay.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from paceit import keyed_queries

_WEEK = "date({col}, '-' || ((CAST(strftime('%w', {col}) AS INTEGER) + 6) % 7) || ' days')"


def _week(column: str) -> str:
    return _WEEK.format(col=column)


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(row) for row in cursor.fetchall()]


def weekly_diary(conn: sqlite3.Connection, *, first: date, last: date) -> list[dict[str, Any]]:
    """Per week: pain mean/min/max over the diary entries, their number `n`, the days
    logged, and the mean of sleep, mood and fatigue where given."""
    return _rows(
        conn.execute(
            f"SELECT {_week('day')} AS week_start, avg(pain) AS mean, min(pain) AS min, max(pain) AS max,"
            " count(*) AS n, count(DISTINCT day) AS days, avg(sleep) AS sleep, avg(mood) AS mood,"
            " avg(fatigue) AS fatigue FROM pain_entry WHERE day BETWEEN ? AND ?"
            " GROUP BY week_start ORDER BY week_start",
            (first.isoformat(), last.isoformat()),
        )
    )


def weekly_sessions(conn: sqlite3.Connection, *, first: date, last: date) -> list[dict[str, Any]]:
    """Per week: sessions, minutes (activities measured in minutes) and session load
    (effort x minutes, sessions with an effort rating only)."""
    return _rows(
        conn.execute(
            keyed_queries.keys("session") + f"SELECT {_week('s.day')} AS week_start, count(*) AS sessions,"
            " coalesce(sum(CASE WHEN a.unit = 'min' THEN s.amount END), 0) AS minutes,"
            " coalesce(sum(CASE WHEN a.unit = 'min' THEN s.effort * s.amount END), 0) AS load"
            " FROM session s JOIN activity a ON a.id = s.activity_id"
            f" WHERE s.id IN (SELECT id FROM session WHERE {keyed_queries.in_days('session')})"
            " GROUP BY week_start ORDER BY week_start",
            (first.isoformat(), last.isoformat()),
        )
    )


def weekly_trials(conn: sqlite3.Connection, *, first: date, last: date) -> dict[str, int]:
    rows = conn.execute(
        f"SELECT {_week('day')} AS week_start, count(*) FROM exposure_trial WHERE day BETWEEN ? AND ?"
        " GROUP BY week_start",
        (first.isoformat(), last.isoformat()),
    )
    return {r[0]: int(r[1]) for r in rows}


def daily_loads(conn: sqlite3.Connection, *, last: date, since: date | None = None) -> dict[date, float]:
    """Session load per day up to `last` (rest days are absent, i.e. 0), for the
    acute:chronic ratio: from `since` on when a checkpoint holds the ratio's averages
    before it (`load_seed.py`), else the whole history that seeds them. Each day's sum
    adds the same rows in the same order (the index on activity and day) either way."""
    rows = conn.execute(
        "SELECT s.day, sum(s.effort * s.amount) FROM session s JOIN activity a ON a.id = s.activity_id"
        " WHERE a.unit = 'min' AND s.effort IS NOT NULL AND s.day >= ? AND s.day <= ? GROUP BY s.day",
        ((since or date.min).isoformat(), last.isoformat()),
    )
    return {date.fromisoformat(r[0]): float(r[1]) for r in rows}


def daily_amounts(conn: sqlite3.Connection, *, first: date, last: date) -> dict[tuple[int, date], float]:
    """What was done of each activity on each day: the sum of its sessions' amounts."""
    rows = conn.execute(
        keyed_queries.keys("session")
        + f"SELECT activity_id, day, sum(amount) FROM session WHERE {keyed_queries.in_days('session')}"
        " GROUP BY activity_id, day",
        (first.isoformat(), last.isoformat()),
    )
    return {(int(r[0]), date.fromisoformat(r[1])): float(r[2]) for r in rows}
