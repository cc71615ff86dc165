"""`log` replays the plan once (issue 19): the session's day is replayed with the new
session added in memory before it is saved (`today.LogReplay`). Its quota must be the one a
replay without the session gives (the check of an implausible amount ran on that), and its
words after the write those of a replay after the write (what `log` said before, when it
replayed twice). Both are compared here on the demo's history, whose flares, red flag,
pauses and backfilled days give every kind of plan, for sessions of several days back.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from helpers import child_env
from paceit import checkpoint_store, db, planning, queries, record_queries, today
from paceit.plan import run
from paceit.records import SessionRecord
from paceit.recordtype import replace
from paceit.store import change
from paceit.times import stamp, stamp_columns

NOW = datetime.fromisoformat("2026-11-21T18:00:00+00:00")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    env = child_env({**os.environ, "PACEIT_NOW": NOW.isoformat(), "TZ": "UTC"})
    subprocess.run(
        [sys.executable, "-m", "paceit", "--db", str(path), "demo", "--weeks", "40"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    return path


def quota_without(conn: db.sqlite3.Connection, activity_id: int, day: datetime) -> float | None:
    """The quota `log` checked before issue 19: a replay to the day, without the session."""
    inputs = planning.plan_inputs(conn, day=day.date(), resume=True)
    for item in run(inputs).replayed:
        if item.activity.id == activity_id:
            plan = item.plan_on(day.date())
            return None if plan is None else plan.target
    return None


def same_words(conn: sqlite3.Connection, activity_id: int, session_id: int, replay: today.LogReplay) -> list[str]:
    """What `log` says after the session from the replay made before its write equals what a
    fresh replay after the write says; returns those words."""
    one = today.session_feedback(conn, activity_id=activity_id, session_id=session_id, today=NOW.date(), replay=replay)
    two = today.session_feedback(conn, activity_id=activity_id, session_id=session_id, today=NOW.date())
    assert one == two
    return two


@pytest.mark.parametrize("days_back", [0, 1, 2, 6, 20, 45, 120])
def test_one_replay_gives_the_quota_and_words_of_two(demo: Path, tmp_path: Path, days_back: int) -> None:
    path = tmp_path / "diary.db"
    path.write_bytes(demo.read_bytes())
    conn = db.connect(path, now=NOW)
    try:
        for activity in queries.activities(conn):
            for amount, minute in ((1.0, 7 * 60), (float(activity["target"] or 30), 12 * 60 + 5), (500.0, 21 * 60)):
                when = (NOW - timedelta(days=days_back)).replace(hour=minute // 60, minute=minute % 60)
                if when.date().isoformat() < activity["day"]:
                    continue
                row = {"activity_id": activity["id"], "amount": amount, "effort": 4, "pain_during": 3}
                row.update(pain_before=None, pain_after=5, note=None, **stamp_columns(stamp(when)))
                expected_quota = quota_without(conn, activity["id"], when)
                replay = today.log_replay(conn, activity_id=activity["id"], session=record_queries.session_record(row))
                assert replay.quota(activity["id"]) == expected_quota
                with change(conn, command="log", now=NOW) as ch:
                    session_id = ch.insert("session", row)
                assert same_words(conn, activity["id"], session_id, replay)  # and every session gets some
    finally:
        conn.close()


def test_another_paceits_write_in_between_means_a_fresh_replay(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    path.write_bytes(demo.read_bytes())
    conn = db.connect(path, now=NOW)
    try:
        activity = queries.activities(conn)[0]
        row = {"activity_id": activity["id"], "amount": 5.0, "effort": None, "pain_during": None}
        row.update(pain_before=None, pain_after=None, note=None, **stamp_columns(stamp(NOW - timedelta(hours=2))))
        replay = today.log_replay(conn, activity_id=activity["id"], session=record_queries.session_record(row))
        other = db.connect(path, now=NOW)
        try:  # another paceit logs a session of the same day, between the replay and the write
            with change(other, command="log", now=NOW) as ch:
                ch.insert("session", {**row, **stamp_columns(stamp(NOW - timedelta(hours=3)))})
        finally:
            other.close()
        with change(conn, command="log", now=NOW) as ch:
            session_id = ch.insert("session", row)
        same_words(conn, activity["id"], session_id, replay)
    finally:
        conn.close()


def test_a_session_not_saved_leaves_no_checkpoint_that_counts_it(demo: Path, tmp_path: Path) -> None:
    """The person may still say no (the check of an implausible amount): checkpoints kept from
    the replay are only those of days a session of its day cannot change (before the day
    before, as the triggers forget them)."""
    path = tmp_path / "diary.db"
    path.write_bytes(demo.read_bytes())
    conn = db.connect(path, now=NOW)
    try:
        conn.execute("DELETE FROM replay_checkpoint")  # the replay starts from the beginning, keeping many
        activity = queries.activities(conn)[0]
        when = NOW - timedelta(days=3)
        row = {"activity_id": activity["id"], "amount": 500.0, "effort": None, "pain_during": 9}
        row.update(pain_before=None, pain_after=9, note=None, **stamp_columns(stamp(when)))
        today.log_replay(conn, activity_id=activity["id"], session=record_queries.session_record(row))
        days = [d for (d,) in conn.execute("SELECT day FROM replay_checkpoint")]
        assert days
        assert max(days) < (when.date() - timedelta(days=1)).isoformat()
    finally:
        conn.close()


def _replay_as_before(conn: sqlite3.Connection, activity_id: int, session: SessionRecord) -> None:
    """`log_replay` before issue 19's fifth round: every activity, keeping what it took."""
    day = session.day
    inputs = planning.plan_inputs(conn, day=day + timedelta(days=1), resume=True, before=day - timedelta(days=1))
    own = list(inputs.sessions.get(activity_id, ()))
    at = sum(1 for s in own if s.day <= day)
    inputs = replace(inputs, sessions={**inputs.sessions, activity_id: [*own[:at], session, *own[at:]]})
    done = run(inputs, keep_checkpoints=True)
    settled = [c for c in done.checkpoints if date.fromisoformat(c["day"]) < day - timedelta(days=1)]
    checkpoint_store.keep(conn, settled, until=day, resume=inputs.resume)


def _stored(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT day, state FROM replay_checkpoint ORDER BY day").fetchall()


@pytest.mark.parametrize("forgotten", [0, 10, 30, 400], ids=lambda n: f"{n} days forgotten")
@pytest.mark.parametrize("days_back", [0, 1, 3, 9, 40])
def test_the_replay_of_one_activity_keeps_what_the_replay_of_all_kept(
    demo: Path, tmp_path: Path, days_back: int, forgotten: int
) -> None:
    """`log` replays the logged activity alone when the replay of all would keep no
    checkpoint (`today._keeps_a_checkpoint`): then the stored checkpoints are the same as
    that replay leaves, and otherwise it is that replay. Checkpoints of the last `forgotten`
    days are deleted first (as a write of that day would), so the replay starts further back."""
    for name in ("before", "now"):
        (tmp_path / f"{name}.db").write_bytes(demo.read_bytes())
    before, now = (db.connect(tmp_path / f"{name}.db", now=NOW) for name in ("before", "now"))
    try:
        when = NOW - timedelta(days=days_back)
        forget = (NOW.date() - timedelta(days=forgotten)).isoformat()
        for conn in (before, now):
            conn.execute("DELETE FROM replay_checkpoint WHERE day >= ?", (forget,))
        for activity in queries.activities(now):
            row = {"activity_id": activity["id"], "amount": 12.0, "effort": 4, "pain_during": 3}
            row.update(pain_before=None, pain_after=5, note=None, **stamp_columns(stamp(when)))
            session = record_queries.session_record(row)
            _replay_as_before(before, activity["id"], session)
            replay = today.log_replay(now, activity_id=activity["id"], session=session)
            assert replay.quota(activity["id"]) == quota_without(before, activity["id"], when)
            assert _stored(now) == _stored(before)
            assert len(replay.done.replayed) in (1, len(queries.activities(now)))
    finally:
        before.close()
        now.close()


def test_the_usual_log_replays_the_logged_activity_alone(demo: Path, tmp_path: Path) -> None:
    """The case above that matters for speed: `next` has kept its checkpoints up to today."""
    path = tmp_path / "diary.db"
    path.write_bytes(demo.read_bytes())
    conn = db.connect(path, now=NOW)
    try:
        today.next_document(conn, day=NOW.date())
        activity = queries.activities(conn)[0]
        row = {"activity_id": activity["id"], "amount": 12.0, "effort": 4, "pain_during": 3}
        row.update(pain_before=None, pain_after=5, note=None, **stamp_columns(stamp(NOW)))
        replay = today.log_replay(conn, activity_id=activity["id"], session=record_queries.session_record(row))
        assert [item.activity.id for item in replay.done.replayed] == [activity["id"]]
    finally:
        conn.close()
