"""Writing a demo into a database, and the checks that keep it out of a diary in use.

Everything goes in one transaction with `executemany`, unaudited (see the package docstring).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from paceit.db import transaction
from paceit.demo.rows import TABLE_ORDER, DemoData
from paceit.errors import InputError
from paceit.store import TABLES

CHECKED_TABLES = (*TABLES, "audit")


def holds_entries(conn: sqlite3.Connection) -> bool:
    """Whether any paceit table already has a row (entries, settings or an undo history)."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in CHECKED_TABLES if t in names)


def file_holds_entries(path: Path) -> bool:
    """A read-only look at an existing file, before anything may write to it. A file that is
    not an SQLite database answers False: `db.connect` then refuses it, unchanged."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return holds_entries(conn)
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def write(conn: sqlite3.Connection, data: DemoData, *, where: Path) -> None:
    """Insert the whole demo in one transaction (not audited: see the package docstring)."""
    with transaction(conn):
        if holds_entries(conn):
            raise InputError(f"{where} already holds entries; the demo writes only to a new or empty file")
        for table in TABLE_ORDER:
            rows = data.tables[table]
            if not rows:
                continue
            columns = list(rows[0])
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
