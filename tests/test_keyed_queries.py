"""The day-range reads of `report` and `trends` over sessions and test results go through the
(activity, day) and (name, day) indexes, a seek per key (`keyed_queries`), and give exactly
the rows, in the order, of the plain `WHERE day ...` they replace (issue 19: the 560-year
stress diary's scan of every session took 90 ms for six weeks)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paceit import db, kinds, queries, queries_context, report_queries, trend_queries

NOW = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)
DAY = st.integers(min_value=0, max_value=60).map(lambda n: date(2026, 10, 1) + timedelta(days=n))
SESSION = st.tuples(st.integers(1, 3), DAY, st.sampled_from([10.0, 12.5, 7.3, 0.1, 30.0]), st.integers(0, 10))
RESULT = st.tuples(st.sampled_from(["sit-to-stand", "up-and-go", "Grip", "é-walk", "z"]), DAY, st.integers(0, 30))


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A diary with three activities (one in km), to be filled anew by each example."""
    found = tmp_path_factory.mktemp("keyed") / "paceit.db"
    with closing(db.connect(found, now=NOW)) as conn, conn:
        for index, (name, unit) in enumerate([("walking", "min"), ("cycling", "min"), ("rowing", "km")], start=1):
            conn.execute(
                "INSERT INTO activity (id, uuid, name, unit, at_utc, day, utc_offset, created_utc)"
                " VALUES (?, ?, ?, ?, '2026-09-01 08:00:00', '2026-09-01', 0, '2026-09-01 08:00:00')",
                (index, f"a{index}", name, unit),
            )
    return found


def fill(conn: sqlite3.Connection, sessions: list[tuple[Any, ...]], results: list[tuple[Any, ...]]) -> None:
    conn.execute("DELETE FROM session")
    conn.execute("DELETE FROM task_result")
    for n, (activity, day, amount, effort) in enumerate(sessions):
        conn.execute(
            "INSERT INTO session (uuid, activity_id, at_utc, day, utc_offset, amount, effort, created_utc)"
            " VALUES (?, ?, ?, ?, 0, ?, ?, '2026-11-21 00:00:00')",
            (f"s{n}", activity, f"{day} {(5 * n) % 24:02d}:00:00", day.isoformat(), amount, effort),
        )
    for n, (name, day, value) in enumerate(results):
        conn.execute(
            "INSERT INTO task_result (uuid, name, value, unit, better, at_utc, day, utc_offset, created_utc)"
            " VALUES (?, ?, ?, 'x', 'higher', ?, ?, 0, '2026-11-21 00:00:00')",
            (f"t{n}", name, value, f"{day} {(7 * n) % 24:02d}:00:00", day.isoformat()),
        )


# The reads as they were, each a scan of the whole table.
PLAIN = {
    "amounts": "SELECT activity_id, day, sum(amount) FROM session WHERE day BETWEEN ? AND ? GROUP BY activity_id, day",
    "weekly": trend_queries._week("s.day") + " AS week_start, count(*) AS sessions,"
    " coalesce(sum(CASE WHEN a.unit = 'min' THEN s.amount END), 0) AS minutes,"
    " coalesce(sum(CASE WHEN a.unit = 'min' THEN s.effort * s.amount END), 0) AS load"
    " FROM session s JOIN activity a ON a.id = s.activity_id WHERE s.day BETWEEN ? AND ?"
    " GROUP BY week_start ORDER BY week_start",
    "period": "SELECT activity_id, day, amount, pain_during, pain_after FROM session WHERE day BETWEEN ? AND ?"
    " ORDER BY at_utc, id",
    "tests": "SELECT day, name, value FROM task_result WHERE day <= ? ORDER BY day, at_utc, id",
    "window": "SELECT day, name, value FROM task_result WHERE day BETWEEN ? AND ? ORDER BY at_utc, id",
}


def rows(conn: sqlite3.Connection, key: str, *args: str) -> list[tuple[Any, ...]]:
    sql = PLAIN[key]
    return [tuple(r) for r in conn.execute(("SELECT " if key == "weekly" else "") + sql, args)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SESSION, max_size=40), st.lists(RESULT, max_size=25), DAY, st.integers(0, 40))
def test_the_keyed_reads_are_the_plain_reads(
    path: Path, sessions: list[tuple[Any, ...]], results: list[tuple[Any, ...]], first: date, days: int
) -> None:
    last = first + timedelta(days=days)
    a, b = first.isoformat(), last.isoformat()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.row_factory = sqlite3.Row
        fill(conn, sessions, results)
        firsts = [conn.execute(f"SELECT min(day) FROM {t}").fetchone()[0] for t in kinds.LIVED_TABLES]
        assert queries.diary_first_day(conn) == date.fromisoformat(min(d for d in firsts if d))
        assert list(trend_queries.daily_amounts(conn, first=first, last=last).items()) == [
            ((r[0], date.fromisoformat(r[1])), r[2]) for r in rows(conn, "amounts", a, b)
        ]
        assert [tuple(w.values()) for w in trend_queries.weekly_sessions(conn, first=first, last=last)] == rows(
            conn, "weekly", a, b
        )
        period: dict[int, list[tuple[Any, ...]]] = {}
        for r in rows(conn, "period", a, b):
            period.setdefault(r[0], []).append(r)
        found = report_queries.period_sessions(conn, first=first, last=last)
        assert {k: [tuple(s.values()) for s in v] for k, v in found.items()} == period
        assert list(found) == list(period)
        every = rows(conn, "tests", b)
        latest_before = {r[1]: r for r in every if r[0] < a}
        compared = report_queries.task_results(conn, first=first, last=last)
        assert [(r.day.isoformat(), r.name, r.value) for r in compared] == [
            r for r in every if a <= r[0] or latest_before.get(r[1]) is r
        ]
        tests, _ = queries_context.function_records(conn, since=first, until=last)
        assert [(r.day.isoformat(), r.name, r.value) for r in tests] == rows(conn, "window", a, b)


def test_the_reads_seek_instead_of_scanning(path: Path) -> None:
    """SQLite's own plan: no step reads the whole session or task_result table (a scan was
    each of these reads before)."""
    window = {"first": "2026-10-01", "last": "2026-10-31"}
    traced: list[str] = []
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        conn.set_trace_callback(traced.append)
        first, last = date(2026, 10, 1), date(2026, 10, 31)
        queries.diary_first_day(conn)
        trend_queries.daily_amounts(conn, first=first, last=last)
        trend_queries.weekly_sessions(conn, first=first, last=last)
        report_queries.period_sessions(conn, first=first, last=last)
        report_queries.task_results(conn, first=first, last=last)
        queries_context.function_records(conn, since=first, until=last)
        conn.set_trace_callback(None)
        keyed = [sql for sql in traced if "FROM session" in sql or "FROM task_result" in sql]
        assert len(keyed) == 7  # diary_first_day's two, then one each
        for sql in keyed:
            plan = [r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, window if ":first" in sql else ())]
            assert not [step for step in plan if step.startswith(("SCAN session", "SCAN task_result", "SCAN s"))], (
                sql,
                plan,
            )
