"""Reading and keeping the replay's checkpoints (see `checkpoints.py` for what they are
and why they never change an answer).

Keeping them is best effort and never in the way of the command that computed them:
no wait for another paceit's write lock, no error on a read-only diary, no daily
backup and no entry in the undo log (they are not the person's data; the triggers of
schema step 4 keep them in step with it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from paceit import checkpoints
from paceit.plan import Inputs, Run, run


def newest_before(
    conn: sqlite3.Connection, *, day: date, accept: Callable[[Mapping[str, Any]], bool] | None = None
) -> dict[str, Any] | None:
    """The newest usable checkpoint of a day before `day` (that `accept` accepts), or None.
    An unusable one (another paceit's) is passed over; the next run replaces it."""
    try:
        rows = conn.execute("SELECT state FROM replay_checkpoint WHERE day < ? ORDER BY day DESC", (day.isoformat(),))
        for (text,) in rows:
            data = json.loads(text)
            if checkpoints.usable(data) and (accept is None or accept(data)):
                return dict(data)
    except sqlite3.OperationalError:  # an in-memory stand-in or a diary not yet migrated
        return None
    return None


def replay(conn: sqlite3.Connection, inputs: Inputs, *, until: date) -> Run:
    """The plan replay from the checkpoint `inputs` resumed at (if any), keeping the new
    checkpoints it took, so every command that replays leaves the next one less to do."""
    done = run(inputs, keep_checkpoints=True)
    keep(conn, done.checkpoints, until=until, resume=inputs.resume)
    return done


def keep(
    conn: sqlite3.Connection,
    taken: Sequence[Mapping[str, Any]],
    *,
    until: date,
    resume: Mapping[str, Any] | None = None,
) -> None:
    """Store the checkpoints a run took (from `resume`, the checkpoint it went on from, if
    any), each with the load ratio's averages, and let go of those the thinning rule drops."""
    try:
        documents = with_loads(conn, taken, resume)
    except sqlite3.Error:  # an in-memory stand-in or a diary not yet migrated: nothing to keep
        return
    rows = [(c["day"], json.dumps(c, separators=(",", ":"), sort_keys=True)) for c in documents]
    if not rows or not _changes_anything(conn, rows, until):
        return
    from paceit.best_effort import best_effort

    with best_effort(conn) as locked:  # busy or read-only: the next run takes them
        if not locked or not _unchanged_since_open(conn):
            return
        conn.executemany("INSERT OR REPLACE INTO replay_checkpoint (day, state) VALUES (?, ?)", rows)
        stored = [date.fromisoformat(d) for (d,) in conn.execute("SELECT day FROM replay_checkpoint")]
        newest = max([until, *stored])
        kept = set(checkpoints.kept_days(stored, newest))
        conn.executemany(
            "DELETE FROM replay_checkpoint WHERE day = ?", [(d.isoformat(),) for d in stored if d not in kept]
        )


def with_loads(
    conn: sqlite3.Connection, taken: Sequence[Mapping[str, Any]], resume: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """The checkpoints `taken` (in order of day, all after `resume`'s) with the load ratio's
    averages at the end of each day (`load`): from those `resume` keeps and the loads after
    it, or from the whole load history. Read on the same connection as the replay, so the
    write's check that nothing changed since it opened (`_unchanged_since_open`) covers it."""
    if not taken:
        return []
    from paceit import load_seed, trend_queries  # only when keeping: `log` mostly keeps none

    seed = load_seed.seed_of(resume)
    days = [date.fromisoformat(c["day"]) for c in taken]
    loads = trend_queries.daily_loads(conn, since=seed.loads_from() if seed else None, last=max(days))
    seeds = {s.day: s.to_json() for s in load_seed.load_seeds(loads, sorted(days), seed)}
    return [{**c, "load": seeds[day]} for c, day in zip(taken, days, strict=True)]


def _unchanged_since_open(conn: sqlite3.Connection) -> bool:
    """Whether no other paceit has committed since this connection opened (before the
    replay read anything), asked inside the write transaction so none can commit between
    the answer and the write. A `log` of an earlier day committed between the replay's read
    and this write would otherwise get checkpoints from before it: its triggers have just
    forgotten them, and every later replay would resume from a plan without it."""
    opened = getattr(conn, "opened_version", None)
    return opened is None or int(conn.execute("PRAGMA data_version").fetchone()[0]) == opened


def _changes_anything(conn: sqlite3.Connection, rows: Sequence[tuple[str, str]], until: date) -> bool:
    """Whether keeping `rows` would write anything: `trends` and `report` replay the same
    stretch of history on every run and take the same checkpoints again; storing them
    unchanged would cost a write lock (and a wait for it) for nothing."""
    try:
        stored: dict[str, str] = {}
        for i in range(0, len(rows), 500):  # well within SQLite's limit on parameters
            days = [d for d, _ in rows[i : i + 500]]
            marks = ", ".join("?" * len(days))
            stored.update(conn.execute(f"SELECT day, state FROM replay_checkpoint WHERE day IN ({marks})", days))
        if any(stored.get(day) != text for day, text in rows):
            return True
        days_stored = [date.fromisoformat(d) for (d,) in conn.execute("SELECT day FROM replay_checkpoint")]
    except sqlite3.Error:  # an in-memory stand-in or a diary not yet migrated: nothing to keep
        return False
    return len(checkpoints.kept_days(days_stored, max([until, *days_stored]))) != len(days_stored)
