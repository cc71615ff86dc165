"""A write that may be skipped (best_effort.py): it never waits for a busy diary, an SQLite
error in it rolls it back quietly, and the connection's busy timeout is what it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paceit.best_effort import best_effort


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def test_a_busy_diary_is_skipped_at_once_and_the_timeout_restored(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    holder, conn = _open(path), _open(path)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")  # another paceit writing
    with best_effort(conn) as locked:
        assert locked is False
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    holder.execute("ROLLBACK")
    with best_effort(conn) as locked:
        assert locked is True
        conn.execute("INSERT INTO t VALUES (1)")
    assert holder.execute("SELECT count(*) FROM t").fetchone()[0] == 1  # committed


def test_an_sqlite_error_rolls_the_write_back_quietly_and_others_propagate(tmp_path: Path) -> None:
    conn = _open(tmp_path / "d.db")
    conn.execute("CREATE TABLE t (x UNIQUE)")
    with best_effort(conn) as locked:
        assert locked
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("INSERT INTO t VALUES (1)")  # IntegrityError: the whole write goes
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    with pytest.raises(KeyError), best_effort(conn):
        conn.execute("INSERT INTO t VALUES (2)")
        raise KeyError("not SQLite's")
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0 and not conn.in_transaction
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
