"""The reads of `trends` and `report` that go through the indexes (issue 19, `keyed_queries`): the session
table's only day index is on (activity_id, day) and the functional tests' on (name, day), so
a stretch of days is read activity by activity (or test by test); a plain `WHERE day BETWEEN`
read the whole table (25-60 ms a query at 560 years). They must return what the plain
queries returned, float for float and in the same order (a sum's rows too): the plain
queries of paceit 0.4.0 are the oracles here, on generated diaries with backfilled entries
(ids out of day order) and amounts that are not round numbers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paceit import db, kinds, queries, report_queries, trend_queries
from paceit.function_records import TaskResult

D0 = date(2026, 1, 5)
WEEK = "date(s.day, '-' || ((CAST(strftime('%w', s.day) AS INTEGER) + 6) % 7) || ' days')"


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    found = tmp_path_factory.mktemp("reads") / "paceit.db"
    db.connect(found, now=datetime(2026, 6, 1, tzinfo=UTC)).close()
    yield found


SESSION = st.tuples(
    st.integers(1, 4),  # activity
    st.integers(0, 120),  # day
    st.integers(1, 1000).map(lambda n: n / 8) | st.sampled_from([12.3, 7.1, 0.2, 33.3, 1.7]),  # amount
    st.none() | st.integers(0, 10),  # effort
)
TASK = st.tuples(st.sampled_from(["sit-to-stand", "up-and-go", "walk"]), st.integers(0, 120), st.integers(0, 50))


def fill(conn: sqlite3.Connection, sessions: list[tuple[int, int, float, int | None]], tasks: list[tuple]) -> None:
    conn.execute("DELETE FROM session")
    conn.execute("DELETE FROM task_result")
    conn.execute("DELETE FROM activity")
    units = {1: "min", 2: "reps", 3: "min", 4: "min"}
    for n, unit in units.items():
        conn.execute(
            "INSERT INTO activity (id, uuid, name, unit, at_utc, day, utc_offset, created_utc)"
            " VALUES (?, ?, ?, ?, '2026-01-01 08:00:00', '2026-01-01', 0, '2026-01-01 08:00:00')",
            (n, f"a{n}", f"activity {n}", unit),
        )
    for i, (activity, day, amount, effort) in enumerate(sessions):  # in the order drawn: backfills
        when = D0 + timedelta(days=day)
        conn.execute(
            "INSERT INTO session (uuid, activity_id, at_utc, day, utc_offset, amount, effort, created_utc)"
            " VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
            (f"s{i}", activity, f"{when} {8 + i % 10:02d}:00:00", when.isoformat(), amount, effort, f"{when} 20:00:00"),
        )
    for i, (name, day, value) in enumerate(tasks):
        when = D0 + timedelta(days=day)
        conn.execute(
            "INSERT INTO task_result (uuid, name, value, unit, better, at_utc, day, utc_offset, created_utc)"
            " VALUES (?, ?, ?, 'n', 'higher', ?, ?, 0, ?)",
            (f"t{i}", name, value, f"{when} {8 + i % 3:02d}:00:00", when.isoformat(), f"{when} 20:00:00"),
        )
    conn.commit()


def plain(conn: sqlite3.Connection, sql: str, first: date, last: date) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql, (first.isoformat(), last.isoformat()))]


@given(st.lists(SESSION, max_size=80), st.lists(TASK, max_size=25), st.integers(0, 125), st.integers(0, 60))
# Summed in id order 0.1 + 0.2 + 0.3 = 0.6000000000000001; in the index's order 0.3 + 0.2 + 0.1 = 0.6.
@example(sessions=[(3, 0, 0.1, 1), (1, 1, 0.2, 1), (1, 0, 0.3, 1)], tasks=[], end=6, span=6)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_indexed_reads_return_what_the_plain_queries_did(
    path: Path, sessions: list[tuple[int, int, float, int | None]], tasks: list[tuple], end: int, span: int
) -> None:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        fill(conn, sessions, tasks)
        last = D0 + timedelta(days=end)
        first = last - timedelta(days=span)
        amounts = plain(
            conn,
            "SELECT activity_id, day, sum(amount) FROM session WHERE day BETWEEN ? AND ? GROUP BY activity_id, day",
            first,
            last,
        )
        got = trend_queries.daily_amounts(conn, first=first, last=last)
        assert repr(got) == repr({(int(a), date.fromisoformat(d)): float(v) for a, d, v in amounts})
        weekly = plain(
            conn,
            f"SELECT {WEEK} AS week_start, count(*) AS sessions,"
            " coalesce(sum(CASE WHEN a.unit = 'min' THEN s.amount END), 0) AS minutes,"
            " coalesce(sum(CASE WHEN a.unit = 'min' THEN s.effort * s.amount END), 0) AS load"
            " FROM session s JOIN activity a ON a.id = s.activity_id WHERE s.day BETWEEN ? AND ?"
            " GROUP BY week_start ORDER BY week_start",
            first,
            last,
        )
        got_weekly = trend_queries.weekly_sessions(conn, first=first, last=last)
        assert repr([tuple(r.values()) for r in got_weekly]) == repr(weekly)
        in_period = plain(
            conn,
            "SELECT activity_id, day, amount, pain_during, pain_after FROM session WHERE day BETWEEN ? AND ?"
            " ORDER BY at_utc, id",
            first,
            last,
        )
        found = report_queries.period_sessions(conn, first=first, last=last)
        assert repr([tuple(r.values()) for rows in found.values() for r in rows]) == repr(
            [r for a in found for r in in_period if r[0] == a]
        ) and sum(map(len, found.values())) == len(in_period)
        everything = [conn.execute(f"SELECT min(day) FROM {t}").fetchone()[0] for t in kinds.LIVED_TABLES]
        known = [d for d in everything if d is not None]
        assert queries.diary_first_day(conn) == (date.fromisoformat(min(known)) if known else None)
        whole = [  # every result up to `last`, as the report read them before
            TaskResult(date.fromisoformat(r[0]), r[1], float(r[2]), r[3], r[4])
            for r in conn.execute(
                "SELECT day, name, value, unit, better FROM task_result WHERE day <= ? ORDER BY day, at_utc, id",
                (last.isoformat(),),
            )
        ]
        read = report_queries.task_results(conn, first=first, last=last)
        assert [r for r in read if r.day >= first] == [r for r in whole if r.day >= first]
        names = {r.name for r in whole if r.day >= first}  # what task_sections reads: the latest before
        latest = {r.name: (i, r) for i, r in enumerate(whole) if r.day < first and r.name in names}
        expected = [r for _, r in sorted(latest.values(), key=lambda p: p[0])]
        assert [r for r in read if r.day < first and r.name in names] == expected
    finally:
        conn.close()
