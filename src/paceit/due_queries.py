"""The reads of `paceit due`, in plain SQL on indexed columns, into the record `due.py`
reads (`due_records.DueInputs`): a reminder run from cron several times a day needs
no more than these few rows, and no rule is applied here."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from paceit.due_records import DueInputs
from paceit.times import local_moment


def due_inputs(conn: sqlite3.Connection, *, now: datetime) -> DueInputs:
    today = now.date().isoformat()
    minutes = []
    for at_utc, offset in conn.execute(
        "SELECT at_utc, utc_offset FROM pain_entry WHERE day = ? ORDER BY at_utc, id", (today,)
    ):
        moment = local_moment(at_utc, offset)
        minutes.append(moment.hour * 60 + moment.minute)
    activities = [
        (str(name), bool(logged))
        for name, logged in conn.execute(
            "SELECT a.name, EXISTS (SELECT 1 FROM session s WHERE s.activity_id = a.id AND s.day = ?) "
            "FROM activity a WHERE a.archived_utc IS NULL AND a.day <= ? ORDER BY lower(a.name)",
            (today, today),
        )
    ]
    (paused,) = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM red_flag WHERE cleared_utc IS NULL AND grp IN (1, 2) AND day <= ?)", (today,)
    ).fetchone()
    (last_peg,) = conn.execute(
        "SELECT max(day) FROM questionnaire WHERE kind = 'peg' AND day <= ?", (today,)
    ).fetchone()
    return DueInputs(
        day=now.date(),
        minute=now.hour * 60 + now.minute,
        diary_minutes=minutes,
        activities=activities,
        paused=bool(paused),
        last_peg=None if last_peg is None else datetime.fromisoformat(last_peg).date(),
    )
