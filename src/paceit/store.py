"""Writes, the audit log and undo, in plain SQL over the standard library's sqlite3.

Every command that changes data opens one `change(...)`: a single IMMEDIATE
transaction in which each insert, update and delete also writes an audit row
holding the row before and after. `undo` replays the newest change not yet undone
backwards, so it can be repeated to step further back; undone changes stay in the
log (marked) so nothing about the history of the diary is ever lost.

Table and column names come only from `TABLES` below (the registry of kinds.py), never from user input.
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from paceit import kinds
from paceit.db import transaction
from paceit.errors import InputError, NotFoundError, OperationalError
from paceit.times import now_utc_text

# Tables that hold entries (with `uuid` and `created_utc`), and their human label; the kinds
# that take `--tag` and the column of `entry_tag` pointing at each: from the registry (kinds.py).
TABLES: dict[str, str] = kinds.TABLES
TAG_COLUMNS: dict[str, str] = kinds.TAG_COLUMNS
_NO_CREATED = {kind.table for kind in kinds.KINDS if not kind.created}


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")


def fetch_row(conn: sqlite3.Connection, table: str, row_id: int) -> dict[str, Any] | None:
    _check_table(table)
    key = "key" if table == "setting" else "id"
    row = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (row_id,)).fetchone()
    return dict(row) if row else None


def require_row(conn: sqlite3.Connection, table: str, row_id: int, *, label: str | None = None) -> dict[str, Any]:
    row = fetch_row(conn, table, row_id)
    if row is None:
        raise NotFoundError(f"there is no {label or TABLES[table]} with id {row_id}")
    return row


@dataclass
class Change:
    """One person-level change: every row it touches is logged under one change id."""

    conn: sqlite3.Connection
    command: str
    now_text: str
    change_id: str

    def _audit(self, action: str, table: str, key: object, before: Any, after: Any) -> None:
        self.conn.execute(
            "INSERT INTO audit (change_id, at_utc, command, action, table_name, row_key, "
            "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.change_id,
                self.now_text,
                self.command,
                action,
                table,
                str(key),
                None if before is None else json.dumps(before),
                None if after is None else json.dumps(after),
            ),
        )

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        _check_table(table)
        row = dict(values)
        if table != "setting":
            row.setdefault("uuid", str(uuid_module.uuid4()))
        if table not in _NO_CREATED:
            row.setdefault("created_utc", self.now_text)
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
        row_id = int(cursor.lastrowid or 0)
        key: object = row["key"] if table == "setting" else row_id
        self._audit("insert", table, key, None, fetch_row(self.conn, table, key))  # type: ignore[arg-type]
        return row_id

    def update(self, table: str, row_id: int, values: Mapping[str, Any]) -> dict[str, Any]:
        """Change some columns of one row; returns the row as it is now."""
        before = require_row(self.conn, table, row_id)
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if not changed:
            return before
        assignments = ", ".join(f"{column} = ?" for column in changed)
        key = "key" if table == "setting" else "id"
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", (*changed.values(), row_id))
        after = require_row(self.conn, table, row_id)
        self._audit("update", table, row_id, before, after)
        return after

    def delete(self, table: str, row_id: int | str) -> dict[str, Any]:
        before = require_row(self.conn, table, row_id)  # type: ignore[arg-type]
        key = "key" if table == "setting" else "id"
        self.conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (row_id,))
        self._audit("delete", table, row_id, before, None)
        return before

    def record(
        self,
        table: str,
        row: Mapping[str, Any],
        *,
        tags: Sequence[str] = (),
        question: str | None = None,
        source: str = "",
        when: Mapping[str, Any] | None = None,
        parts: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    ) -> int:
        """One entry with its tags, its note for the clinician (`--ask`) and its parts (rows
        of another table pointing at it, e.g. a questionnaire's answers: the column is the
        registry's, kinds.Part), in this change, so one undo removes all. Returns its id."""
        entry_id = self.insert(table, row)
        self.tag(table, entry_id, tags)
        if question:
            self.ask(question, source=source, table=table, row_id=entry_id, when=when)
        for part_table, part_rows in (parts or {}).items():
            column = next(p.column for p in kinds.BY_TABLE[table].parts if p.table == part_table)
            for part_row in part_rows:
                self.insert(part_table, {column: entry_id, **part_row})
        return entry_id

    def tag(self, table: str, entry_id: int, tags: Sequence[str]) -> None:
        """Tags of an entry of a kind that takes `--tag` (its column of `entry_tag`: kinds.py)."""
        column = kinds.BY_TABLE[table].tag_column if tags else None
        for tag in tags:
            self.insert("entry_tag", {column: entry_id, "tag": tag})  # type: ignore[dict-item]

    def ask(self, text: str, *, source: str, table: str, row_id: int, when: Mapping[str, Any] | None = None) -> int:
        """Save `text` as a note for the clinician, stamped like the entry it came with
        (or at `when`: the stamp columns of another moment of it)."""
        entry: dict[str, Any] = fetch_row(self.conn, table, row_id) or {}
        moment = when or entry
        return self.insert(
            "clinician_note",
            {
                "at_utc": moment["at_utc"],
                "day": moment["day"],
                "utc_offset": moment["utc_offset"],
                "text": text,
                "source": source,
                "source_uuid": entry.get("uuid"),
            },
        )

    def replace_tags(self, table: str, entry_id: int, tags: Sequence[str]) -> None:
        """The entry's tags become `tags`: the others are deleted, the new ones added."""
        column = kinds.BY_TABLE[table].tag_column
        found = self.conn.execute(f"SELECT id, tag FROM entry_tag WHERE {column} = ? ORDER BY id", (entry_id,))
        old = [(int(r[0]), r[1]) for r in found]
        for tag_id, tag in old:
            if tag not in tags:
                self.delete("entry_tag", tag_id)
        kept = {tag for _, tag in old}
        self.tag(table, entry_id, [tag for tag in tags if tag not in kept])

    def delete_rows(self, rows: Sequence[tuple[str, int]]) -> None:
        """Delete the rows `deletion_rows` named for an entry, in its order (every row in the
        undo log, so one undo brings all back)."""
        for table, key in rows:
            self.delete(table, key)

    def set_setting(self, key: str, value: Any) -> None:
        encoded = json.dumps(value)
        exists = self.conn.execute("SELECT 1 FROM setting WHERE key = ?", (key,)).fetchone()
        if exists:
            self.update("setting", key, {"value": encoded, "updated_utc": self.now_text})  # type: ignore[arg-type]
        else:
            self.insert("setting", {"key": key, "value": encoded, "updated_utc": self.now_text})


@contextmanager
def change(conn: sqlite3.Connection, *, command: str, now: datetime) -> Iterator[Change]:
    """All writes of one command: committed together or not at all."""
    with transaction(conn):
        yield Change(conn, command, now_utc_text(now), str(uuid_module.uuid4()))


def record(
    conn: sqlite3.Connection,
    table: str,
    row: Mapping[str, Any],
    *,
    command: str,
    now: datetime,
    tags: Sequence[str] = (),
    question: str | None = None,
    source: str = "",
    again: bool | None = None,
    listed: str = "paceit history",
    label: str | None = None,
    parts: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    answers: Sequence[tuple[str, int]] | None = None,
) -> int:
    """Record one entry in its own change: the check for a repeat (`repeats.refuse`, under
    the write lock; skipped when `again` is None; `answers`: a questionnaire's, compared too),
    the row, its tags, its `--ask` note and its `parts` (Change.record), committed together.
    Returns the entry's id."""
    from paceit import repeats

    with change(conn, command=command, now=now) as ch:
        if again is not None:
            label = label or TABLES[table]
            repeats.refuse(conn, table=table, row=row, items=answers, label=label, listed=listed, again=again)
        return ch.record(table, row, tags=tags, question=question, source=source, parts=parts)


def update(
    conn: sqlite3.Connection, table: str, row_id: int, values: Mapping[str, Any], *, command: str, now: datetime
) -> dict[str, Any]:
    """Change some columns of one row in its own change; returns the row as it is now."""
    with change(conn, command=command, now=now) as ch:
        return ch.update(table, row_id, values)


def edit(
    conn: sqlite3.Connection,
    table: str,
    row_id: int,
    values: Mapping[str, Any],
    *,
    tags: Sequence[str] | None = None,
    command: str,
    now: datetime,
) -> dict[str, Any]:
    """`update`, and with `tags` the entry's tags replaced, in one change (one undo)."""
    with change(conn, command=command, now=now) as ch:
        after = ch.update(table, row_id, values)
        if tags is not None:
            ch.replace_tags(table, row_id, tags)
        return after


def delete_rows(conn: sqlite3.Connection, rows: Sequence[tuple[str, int]], *, command: str, now: datetime) -> None:
    """Delete the rows `deletion_rows` named, in their own change (undo brings all back)."""
    with change(conn, command=command, now=now) as ch:
        ch.delete_rows(rows)


def save_setting(conn: sqlite3.Connection, key: str, value: Any, *, reset: bool, command: str, now: datetime) -> None:
    """Store a setting's value, or with `reset` remove the stored one (back to its default),
    in its own change."""
    with change(conn, command=command, now=now) as ch:
        if not reset:
            ch.set_setting(key, value)
        elif conn.execute("SELECT 1 FROM setting WHERE key = ?", (key,)).fetchone():
            ch.delete("setting", key)


def deletion_rows(conn: sqlite3.Connection, kind: str, row_id: int, *, force: bool = False) -> list[tuple[str, int]]:
    """The one delete policy, used by `delete KIND ID` and `ladder remove`: the rows deleting
    entry `kind` #`row_id` takes, the entry last; a refusal when it would lose data.

    Conservative: an entry's tags and its parts (a questionnaire's answers) go with it; rows
    that are data of their own (kinds.Part.blocks) refuse the delete while any exist: a
    step's trials unless `force` (then they go too, with their tags), an activity's
    sessions, goals and steps always (archive it instead)."""
    spec = kinds.named(kind)
    require_row(conn, spec.table, row_id)
    rows: list[tuple[str, int]] = []
    for part in spec.parts:
        found = conn.execute(f"SELECT id FROM {part.table} WHERE {part.column} = ? ORDER BY id", (row_id,))
        ids = [int(r[0]) for r in found]
        if part.blocks and ids and not (force and part.forced):
            raise InputError(f"{kind} #{row_id} is used by {len(ids)} {part.what}; {part.advice}")
        for part_id in ids:
            rows += _tag_rows(conn, part.table, part_id)
            rows.append((part.table, part_id))
    return [*_tag_rows(conn, spec.table, row_id), *rows, (spec.table, row_id)]


def _tag_rows(conn: sqlite3.Connection, table: str, row_id: int) -> list[tuple[str, int]]:
    column = kinds.BY_TABLE[table].tag_column
    if column is None:
        return []
    found = conn.execute(f"SELECT id FROM entry_tag WHERE {column} = ? ORDER BY id", (row_id,))
    return [("entry_tag", int(r[0])) for r in found]


@dataclass(frozen=True)
class Undone:
    """A change undone or redone: its command, when it was made, and its rows as
    (action, table, key, the entry's own time or None) in the order originally done."""

    command: str
    at_utc: str
    rows: list[tuple[str, str, str, str | None]]


@dataclass(frozen=True)
class Head:
    """The change `undo` (or `redo`) would act on next."""

    change_id: str
    command: str
    at_utc: str


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
    table = row["table_name"]
    _check_table(table)
    key_column = "key" if table == "setting" else "id"
    key: object = row["row_key"] if table == "setting" else int(row["row_key"])
    if row["action"] == "delete":
        conn.execute(f"DELETE FROM {table} WHERE {key_column} = ?", (key,))
        return
    after = json.loads(row["after"])
    names = [column for column in columns if column in after]
    values = tuple(after[column] for column in names)
    if row["action"] == "update":
        assignments = ", ".join(f"{column} = ?" for column in names)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE {key_column} = ?", (*values, key))
    else:
        marks = ", ".join("?" for _ in names)
        conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)


def _revert(conn: sqlite3.Connection, row: sqlite3.Row, columns: tuple[str, ...]) -> None:
    """Undo one checked audit row. Table and column names come from TABLES and the live
    schema (`columns`); the copy in the log gives only values."""
    table = row["table_name"]
    _check_table(table)
    key_column = "key" if table == "setting" else "id"
    key: object = row["row_key"] if table == "setting" else int(row["row_key"])
    if row["action"] == "insert":
        conn.execute(f"DELETE FROM {table} WHERE {key_column} = ?", (key,))
        return
    before = json.loads(row["before"])
    names = [column for column in columns if column in before]
    values = tuple(before[column] for column in names)
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
