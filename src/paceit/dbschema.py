"""The live schema of an open database, read from SQLite itself.

Export and import are generic over the tables of the current schema: other
migrations add tables, and a table nobody remembered to list would otherwise be
left out of a "complete" export. So the table list, the columns, the foreign keys
and the unique keys all come from `sqlite_master` and the `PRAGMA` introspection
functions, never from a hand-written list. Table names read here come from the
database itself, so they are safe to put into SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class ForeignKey:
    column: str  # in the referring table
    table: str  # the referenced table
    to: str  # the referenced column


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    unique_keys: tuple[tuple[str, ...], ...]  # UNIQUE constraints other than the primary key

    @property
    def has_uuid(self) -> bool:
        return "uuid" in self.columns

    @property
    def order_by(self) -> str:
        """A stable row order: the primary key (rowid for a table without one)."""
        return ", ".join(self.primary_key) if self.primary_key else "rowid"


DERIVED = ("replay_checkpoint", "notice")
"""Tables computed from the others (and rebuilt from them when missing) and bookkeeping
(a notice shown once): not part of the diary, so never exported or imported."""


def table_names(conn: sqlite3.Connection) -> list[str]:
    """Every table of the diary, in creation order (SQLite's own `sqlite_*` tables and the
    derived ones excluded)."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY rowid"
        )
        if str(r[0]) not in DERIVED
    ]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_info(conn: sqlite3.Connection, table: str) -> TableInfo:
    described = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    columns = tuple(str(r[1]) for r in described)
    primary = tuple(str(r[1]) for r in sorted((r for r in described if r[5]), key=lambda r: r[5]))
    keys = tuple(
        ForeignKey(column=str(r[3]), table=str(r[2]), to=str(r[4] or "id"))
        for r in conn.execute(f"PRAGMA foreign_key_list({_quote(table)})")
    )
    unique: list[tuple[str, ...]] = []
    for index in conn.execute(f"PRAGMA index_list({_quote(table)})").fetchall():
        if index[2] and index[3] != "pk":  # unique, and not the primary key
            cols = tuple(str(r[2]) for r in conn.execute(f"PRAGMA index_info({_quote(str(index[1]))})"))
            unique.append(cols)
    return TableInfo(table, columns, primary, keys, tuple(sorted(unique)))


def tables_in_order(conn: sqlite3.Connection) -> list[TableInfo]:
    """Every table, each after the tables it refers to (creation order breaks ties), so
    inserting in this order never meets a missing parent. A cycle (none today) falls
    back to creation order for the tables in it."""
    infos = {name: table_info(conn, name) for name in table_names(conn)}
    ordered: list[TableInfo] = []
    placed: set[str] = set()
    pending = list(infos)
    while pending:
        ready = [
            name
            for name in pending
            if all(fk.table in placed or fk.table == name or fk.table not in infos for fk in infos[name].foreign_keys)
        ]
        chosen = ready[0] if ready else pending[0]
        ordered.append(infos[chosen])
        placed.add(chosen)
        pending.remove(chosen)
    return ordered
