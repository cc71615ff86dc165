"""The irregular person's check: a backfilled diary file gives the plans of one logged
on time (clinical-rules.md, "Simulated cohorts": "the same plan as if logged on time").

The person's entries go into a real diary file in the order, and on the days, they were
logged (a week of them at once, dated days back), and each day `paceit next`'s own path
(`today.next_document`: read from the newest checkpoint, replay, keep new checkpoints)
is asked for the plan, as the person did. That leaves checkpoints taken before a
backfill in the file, which is what could go wrong. At the end, the plan of every day,
asked of the file the same way, must equal the replay of the whole history from the
start, which is the plan a person who logged everything on time would have had.

Writes only the file it is given.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from paceit import db
from paceit.cohort.simulate import START, UNIT, Logged, Outcome
from paceit.plan import activity_json
from paceit.records import ActivityRecord, DiaryEntry, SessionRecord
from paceit.store import change
from paceit.times import stamp, stamp_columns
from paceit.today import next_document


def mismatches(outcome: Outcome, path: Path) -> list[str]:
    """The days on which the file's plan differs from the on-time replay (with what differs)."""
    end = outcome.plans[-1].day
    conn = db.connect(path, now=_moment(end, 23 * 60))
    try:
        _add_activity(conn)
        by_day: dict[date, list[Logged]] = defaultdict(list)
        for item in outcome.logged:
            by_day[item.logged_on].append(item)
        day = START
        while day <= end:
            _write(conn, by_day.get(day, []), day)
            next_document(conn, day=day)  # as the person asked it, leaving its checkpoints
            day += timedelta(days=1)
        return [problem for plan in outcome.plans if (problem := _compare(conn, outcome, plan.day))]
    finally:
        conn.close()


def _compare(conn: sqlite3.Connection, outcome: Outcome, day: date) -> str | None:
    index = (day - START).days
    today, previous = outcome.plans[index], outcome.plans[index - 1] if index else None
    listed = next_document(conn, day=day).activities
    expected = activity_json(ActivityRecord(1, "walking", UNIT, START), today, previous.target if previous else None)
    found = listed[0] if listed else None
    if found == expected:
        return None
    return f"{day}: file {json.dumps(found)[:300]} != on time {json.dumps(expected)[:300]}"


def _moment(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)


def _add_activity(conn: sqlite3.Connection) -> None:
    with change(conn, command="activity add", now=_moment(START, 6 * 60)) as ch:
        ch.insert("activity", {"name": "walking", "unit": UNIT, **stamp_columns(stamp(_moment(START, 6 * 60)))})


def _write(conn: sqlite3.Connection, items: list[Logged], today: date) -> None:
    """One command per entry, as the person would type them (each its own transaction)."""
    for item in items:
        entry = item.entry
        now = _moment(today, 23 * 60)
        columns = stamp_columns(stamp(_moment(entry.day, entry.minute)))
        with change(conn, command="cohort", now=now) as ch:
            if isinstance(entry, DiaryEntry):
                ch.insert("pain_entry", {"pain": entry.pain, "flare": int(entry.flare), **columns})
            else:
                ch.insert("session", _session_row(entry, columns))


def _session_row(session: SessionRecord, columns: dict[str, Any]) -> dict[str, Any]:
    return {
        "activity_id": 1,
        "amount": session.amount,
        "effort": session.effort,
        "pain_before": session.pain_before,
        "pain_during": session.pain_during,
        "pain_after": session.pain_after,
        **columns,
    }
