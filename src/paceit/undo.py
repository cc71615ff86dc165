"""Undo, redo and purge over the audit rows that store.py writes with every change.

`undo` replays the newest change not yet undone backwards, so it can be repeated to step
further back; undone changes stay in the log (marked) so nothing about the history of the
diary is ever lost. Table names come only from the registry (kinds.TABLES) and column names
from the live schema, never from the log. `paceit.store` re-exports every name here.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from paceit.db import transaction
from paceit.errors import OperationalError
from paceit.kinds import TABLES
from paceit.slotted import Frozen
from paceit.times import now_utc_text


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")


class Undone(Frozen):
    """A change undone or redone: its command, when it was made, and its rows as
    (action, table, key, the entry's own time or None) in the order originally done."""

    __slots__ = ("command", "at_utc", "rows")  # noqa: RUF023 (the fields' order)
    command: str
    at_utc: str
    rows: list[tuple[str, str, str, str | None]]

    def __init__(self, command: str, at_utc: str, rows: list[tuple[str, str, str, str | None]]) -> None:
        self._fill(command, at_utc, rows)


class Head(Frozen):
    """The change `undo` (or `redo`) would act on next."""

    __slots__ = ("change_id", "command", "at_utc")  # noqa: RUF023 (the fields' order)
    change_id: str
    command: str
    at_utc: str

    def __init__(self, change_id: str, command: str, at_utc: str) -> None:
        self._fill(change_id, command, at_utc)


def live_columns(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """paceit's tables and their columns as the diary file has them: the only source of the
    column names undo puts into SQL (never the copies in the undo log; see undo_log)."""
    return {table: tuple(r[1] for r in conn.execute(f"PRAGMA table_info({table})")) for table in TABLES}


def undo_head(conn: sqlite3.Connection) -> Head | None:
    """The newest change not yet undone, which `undo_last` would revert; None: nothing left."""
    row = conn.execute(
        "SELECT change_id, command, at_utc FROM audit WHERE undone_utc IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return Head(row["change_id"], row["command"], row["at_utc"]) if row else None


def redo_head(conn: sqlite3.Connection) -> Head | None:
    """The change `redo` would re-apply: the one undone last, among the changes newer than
    every change still in force (a change made after an undo is in force and newer than
    what was undone, so it ends the redo). Undone last: the latest `undone_utc`, and within
    one second the oldest change, since undo goes newest first. (Undo, a new change and
    its undo all within one second would look like one run of undos; a person cannot type
    that fast, and the log keeps no finer order without a new column.)"""
    (newest_kept,) = conn.execute("SELECT coalesce(max(id), 0) FROM audit WHERE undone_utc IS NULL").fetchone()
    row = conn.execute(
        "SELECT change_id, command, at_utc FROM audit WHERE undone_utc IS NOT NULL AND id > ? "
        "ORDER BY undone_utc DESC, id LIMIT 1",
        (newest_kept,),
    ).fetchone()
    return Head(row["change_id"], row["command"], row["at_utc"]) if row else None


def _entry_time(row: sqlite3.Row) -> str | None:
    """The time of the entry an audit row copies (its `at_utc`), for saying which one."""
    copy = row["before"] or row["after"]
    try:
        value = json.loads(copy).get("at_utc") if copy else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def undo_last(conn: sqlite3.Connection, *, now: datetime, expect: str | None = None) -> Undone | None:
    """Revert the newest change not yet undone; None when there is nothing to undo. Every
    row of the change is checked first (undo_log.check_row): a damaged one stops the undo
    before anything is written. `expect`: the change id the person was shown (undo_head);
    another paceit's change since then stops it, so what is undone is what was asked."""
    with transaction(conn):
        head = undo_head(conn)
        if head is None:
            return None
        _same(head, expect)
        rows = _checked(conn, head.change_id, "DESC", outcome="nothing was undone")
        columns = live_columns(conn)
        for row in rows:
            _revert(conn, row, columns[row["table_name"]])
        conn.execute("UPDATE audit SET undone_utc = ? WHERE change_id = ?", (now_utc_text(now), head.change_id))
    return _done(head, list(reversed(rows)))


def redo_last(conn: sqlite3.Connection) -> Undone | None:
    """Re-apply the change `redo_head` names, row by row from the copies `after` in the
    undo log, and mark it in force again (so `undo` can take it back once more)."""
    with transaction(conn):
        head = redo_head(conn)
        if head is None:
            return None
        rows = _checked(conn, head.change_id, "ASC", outcome="nothing was redone")
        columns = live_columns(conn)
        for row in rows:
            _reapply(conn, row, columns[row["table_name"]])
        conn.execute("UPDATE audit SET undone_utc = NULL WHERE change_id = ?", (head.change_id,))
    return _done(head, rows)


def _same(head: Head, expect: str | None) -> None:
    if expect is not None and head.change_id != expect:
        raise OperationalError(
            "another paceit changed the diary meanwhile, so nothing was undone; run 'paceit undo' again"
        )


def _checked(conn: sqlite3.Connection, change_id: str, order: str, *, outcome: str) -> list[sqlite3.Row]:
    from paceit import undo_log

    rows = conn.execute(
        f"SELECT * FROM audit WHERE change_id = ? ORDER BY id {'DESC' if order == 'DESC' else 'ASC'}", (change_id,)
    ).fetchall()
    columns = live_columns(conn)
    for row in rows:
        undo_log.require(dict(row), columns, outcome=outcome)
    return list(rows)


def _done(head: Head, rows: list[sqlite3.Row]) -> Undone:
    return Undone(
        head.command, head.at_utc, [(r["action"], r["table_name"], r["row_key"], _entry_time(r)) for r in rows]
    )


def _reapply(conn: sqlite3.Connection, row: sqlite3.Row, columns: tuple[str, ...]) -> None:
    """Do one checked audit row again: the row becomes its copy `after` (or goes, for a delete)."""
    _restore_copy(conn, row, columns, removed_by="delete", copy="after")


def _revert(conn: sqlite3.Connection, row: sqlite3.Row, columns: tuple[str, ...]) -> None:
    """Undo one checked audit row: the row becomes its copy `before` (or goes, for an insert)."""
    _restore_copy(conn, row, columns, removed_by="insert", copy="before")


def _restore_copy(
    conn: sqlite3.Connection, row: sqlite3.Row, columns: tuple[str, ...], *, removed_by: str, copy: str
) -> None:
    """Make the audited row what its `copy` column says, or delete it when its action is
    `removed_by`. Table and column names come from TABLES and the live schema (`columns`);
    the copy in the log gives only values."""
    table = row["table_name"]
    _check_table(table)
    key_column = "key" if table == "setting" else "id"
    key: object = row["row_key"] if table == "setting" else int(row["row_key"])
    if row["action"] == removed_by:
        conn.execute(f"DELETE FROM {table} WHERE {key_column} = ?", (key,))
        return
    saved = json.loads(row[copy])
    names = [column for column in columns if column in saved]
    values = tuple(saved[column] for column in names)
    if row["action"] == "update":
        assignments = ", ".join(f"{column} = ?" for column in names)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE {key_column} = ?", (*values, key))
    else:
        marks = ", ".join("?" for _ in names)
        conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)


def purge(conn: sqlite3.Connection, rows: list[tuple[str, int]]) -> int:
    """Delete rows *and every copy of them in the undo log*, for privacy; cannot be undone.

    Conservative on purpose: the purge itself is not audited (an audit row would be a new
    copy), SQLite's secure_delete zeroes the freed space, and the write-ahead log is folded
    back and truncated, so the text is gone from the diary file. No automatic daily copy is
    taken just before (it would keep what the person asked to remove); copies made earlier
    are left alone and the command says so. Returns the number of undo-log rows removed.
    """
    for table, _ in rows:
        _check_table(table)
    if getattr(conn, "before_first_write", None) is not None:
        conn.before_first_write = None  # type: ignore[attr-defined]
    conn.execute("PRAGMA secure_delete = ON")
    removed = 0
    with transaction(conn):
        for table, row_id in rows:
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            removed += conn.execute(
                "DELETE FROM audit WHERE table_name = ? AND row_key = ?", (table, str(row_id))
            ).rowcount
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return removed
