"""The one path from a diary file to a day's plan: read what the replay needs (from the
newest usable checkpoint on), replay, keep the new checkpoints, build the `next`
document. `paceit next` prints it; the cohort simulation's backfill check asks it on a
real file, so both read, replay and cache alike.

The document is `plan.next_plan`'s (the contract of product.md) with one extra key,
`progress`: the improvements that reach the change that matters (`progress.py`), read
here so that `next_plan` stays pure and its contract unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any

from paceit import checkpoint_store, progress_queries, queries
from paceit.plan import next_plan
from paceit.progress import next_progress


def next_document(conn: sqlite3.Connection, *, day: date) -> dict[str, Any]:
    """The `next --json` document for `day`, with the notices waiting to be shown (an extra key)."""
    inputs = queries.plan_inputs(conn, day=day, resume=True)
    done = checkpoint_store.replay(conn, inputs, until=day)
    document = with_progress(conn, next_plan(inputs, done), day=day, settings=inputs.settings)
    document["notices"] = [text for _, text in notices(conn)]
    return document


def notices(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(key, text) of the notices waiting (schema 5: the move to pacing rules version 2)."""
    try:
        return [(str(k), str(t)) for k, t in conn.execute("SELECT key, text FROM notice ORDER BY key")]
    except sqlite3.OperationalError:  # an in-memory stand-in without the table
        return []


def dismiss_notices(conn: sqlite3.Connection) -> None:
    """Shown once: forget them. Best effort, like keeping checkpoints: a diary that is
    read-only or busy shows them again next time rather than failing the plan."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        with conn:
            conn.execute("DELETE FROM notice")
    except sqlite3.Error:
        pass
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def with_progress(
    conn: sqlite3.Connection, document: dict[str, Any], *, day: date, settings: Mapping[str, Any]
) -> dict[str, Any]:
    """`document` (a `next_plan` document) with its `progress` statements added. Apart
    from the replay: they read no checkpoint, so a plan replayed from the start gets the
    same ones."""
    return {**document, "progress": next_progress(progress_queries.next_inputs(conn, day=day, settings=settings))}


def quota_on(conn: sqlite3.Connection, *, activity_id: int, day: date) -> float | None:
    """The activity's quota for `day` as `paceit next` gives it (None: no quota that day,
    in the baseline sessions or a pause). By the same checkpoint path as `next`, so
    `log`'s check of an implausible session costs a few days of replay, not the history."""
    inputs = queries.plan_inputs(conn, day=day, resume=True)
    done = checkpoint_store.replay(conn, inputs, until=day)
    for item in done.replayed:
        if item.activity.id == activity_id:
            plan = item.plan_on(day)
            return None if plan is None else plan.target
    return None
