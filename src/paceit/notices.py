"""The notices a schema upgrade leaves for `paceit next` to show once (schema 5: the move to
pacing rules version 2), read and dismissed here so that the application layer (today.py)
holds no SQL."""

from __future__ import annotations

import sqlite3

from paceit.best_effort import best_effort


def waiting(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(key, text) of the notices waiting, in key order."""
    try:
        return [(str(k), str(t)) for k, t in conn.execute("SELECT key, text FROM notice ORDER BY key")]
    except sqlite3.OperationalError:  # an in-memory stand-in without the table
        return []


def dismiss(conn: sqlite3.Connection) -> None:
    """Shown once: forget them. Best effort, like keeping checkpoints: a diary that is
    read-only or busy shows them again next time rather than failing the plan."""
    with best_effort(conn) as locked:
        if locked:
            conn.execute("DELETE FROM notice")
