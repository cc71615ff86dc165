"""Writes that may be skipped: keeping the replay's checkpoints, dismissing the notices `next`
has shown. Unlike `db.transaction` (all or nothing, waiting for a busy diary), a skippable
write never waits and never fails the command that only wanted to keep something for next
time; the next run does it instead."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


@contextlib.contextmanager
def best_effort(conn: sqlite3.Connection) -> Iterator[bool]:
    """A write that may be skipped (checkpoints, dismissing notices): the lock is tried once,
    without waiting, and a busy or read-only diary yields False rather than failing the
    command that only wanted to keep something for next time. Yields whether the write lock
    was taken; the block's writes commit together, and an SQLite error in them rolls them
    back quietly. The connection's busy timeout is restored either way."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            yield False
            return
        try:
            yield True
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            return
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
