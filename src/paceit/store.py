"""Writes, the audit log and undo, in plain SQL over the standard library's sqlite3.

Every command that changes data opens one `change(...)`: a single IMMEDIATE
transaction in which each insert, update and delete also writes an audit row
holding the row before and after (undo.py, re-exported here, takes changes back).
The verbs (`record`, `update`, `edit`, `delete_rows`, `save_setting`) open the change
themselves, so a command names no transaction; `deletion_rows` is the one delete policy.

Table and column names come only from `TABLES` below (the registry of kinds.py), never from user input.
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from paceit import kinds
from paceit.db import transaction
from paceit.errors import InputError, NotFoundError
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


class Change:
    """One person-level change: every row it touches is logged under one change id.
    A plain class (not a dataclass, which compiles its methods at import: issue 19)."""

    __slots__ = ("conn", "command", "now_text", "change_id")  # noqa: RUF023 (the fields' order)

    def __init__(self, conn: sqlite3.Connection, command: str, now_text: str, change_id: str) -> None:
        self.conn = conn
        self.command = command
        self.now_text = now_text
        self.change_id = change_id

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
    updates: Sequence[tuple[str, int, Mapping[str, Any]]] = (),
) -> int:
    """Record one entry in its own change: the check for a repeat (`repeats.refuse`, under
    the write lock; skipped when `again` is None; `answers`: a questionnaire's, compared too),
    the row, its tags, its `--ask` note and its `parts` (Change.record), then the `updates`
    the entry brings to other rows (table, id, values: a backfilled session moves its
    activity's start), committed together, so one undo takes all back. Returns the entry's id."""
    from paceit import repeats

    with change(conn, command=command, now=now) as ch:
        if again is not None:
            label = label or TABLES[table]
            repeats.refuse(conn, table=table, row=row, items=answers, label=label, listed=listed, again=again)
        entry_id = ch.record(table, row, tags=tags, question=question, source=source, parts=parts)
        for other, row_id, values in updates:
            ch.update(other, row_id, values)
        return entry_id


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


# Undo, redo and purge live in undo.py (it imports nothing of this module); their names stay here.
from paceit.undo import Head as Head  # noqa: E402
from paceit.undo import Undone as Undone  # noqa: E402
from paceit.undo import live_columns as live_columns  # noqa: E402
from paceit.undo import purge as purge  # noqa: E402
from paceit.undo import redo_head as redo_head  # noqa: E402
from paceit.undo import redo_last as redo_last  # noqa: E402
from paceit.undo import undo_head as undo_head  # noqa: E402
from paceit.undo import undo_last as undo_last  # noqa: E402
