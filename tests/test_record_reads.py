"""The rules' reads of sessions and diary entries (record_queries) read plain tuples (issue
19, fifth round): the same records, in the same order, as reading every column of each row
by name (`session_record`, and the diary's four columns), on a 20-week demo."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

from helpers import copy_diary
from paceit import db, record_queries
from paceit.records import DiaryEntry


def test_sessions_and_entries_read_as_tuples_are_those_read_by_name(demo_20_weeks: Path, tmp_path: Path) -> None:
    path = copy_diary(demo_20_weeks, tmp_path / "demo.db")
    until, since = date(2026, 11, 21), date(2026, 10, 1)
    with closing(db.connect(path, now=datetime(2026, 11, 21, 18, tzinfo=UTC))) as conn:
        for activity in record_queries.activity_records(conn):
            for first in (None, since):
                rows = conn.execute(
                    "SELECT * FROM session WHERE activity_id = ? AND day <= ? AND day >= ? ORDER BY day",
                    (activity.id, until.isoformat(), (first or date.min).isoformat()),
                ).fetchall()
                sessions = [record_queries.session_record(r) for r in rows]
                found = record_queries.session_records(conn, activity_id=activity.id, until=until, since=first)
                assert found == sessions and len(found) > 5
        entries = conn.execute("SELECT * FROM pain_entry WHERE day <= ?", (until.isoformat(),)).fetchall()
        minute_of = record_queries.minute_of
        expected = [DiaryEntry(*minute_of(r["at_utc"], r["utc_offset"]), r["pain"], bool(r["flare"])) for r in entries]
        assert record_queries.diary_records(conn, until=until) == expected and len(expected) > 50
