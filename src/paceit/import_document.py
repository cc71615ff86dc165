"""What an import file must be before any row of it is merged: a paceit JSON export this
paceit can read, whose tables this diary knows and can match rows of, and whose rows hold
values SQLite can store and the key each is matched by.

Split from `importing.py` (the merge itself, whose rules are written down there) so the
file's shape is checked in one place, before a transaction is opened; the values in it
are checked by the rules of the commands that record them (`import_checks`).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from paceit.dbschema import TableInfo, tables_in_order
from paceit.errors import InputError, OperationalError
from paceit.exporting import BOOKKEEPING, FORMAT, FORMAT_VERSION, HEADER_KEY, decode
from paceit.migrations import LATEST
from paceit.store import TABLES


def check_document(document: Any, *, where: str) -> None:
    """Refuse anything but a paceit JSON export this paceit can read, before any write."""
    header = document.get(HEADER_KEY) if isinstance(document, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{where} is not a paceit export (no '{HEADER_KEY}' header); nothing was imported")
    schema, version = header.get("schema_version"), header.get("format_version")
    if not isinstance(schema, int) or not isinstance(version, int):
        raise InputError(f"{where} has a damaged header (no schema or format version); nothing was imported")
    if schema > LATEST or version > FORMAT_VERSION:
        raise InputError(
            f"{where} was exported by a newer paceit (schema {schema}; this one knows up to {LATEST}); "
            "upgrade paceit to import it. Nothing was imported"
        )
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(t, dict) and isinstance(t.get("rows"), list) and all(isinstance(r, dict) for r in t["rows"])
        for t in tables.values()
    ):
        raise InputError(f"{where} is damaged (its tables are not lists of rows); nothing was imported")


def merge_key(info: TableInfo) -> tuple[str, ...] | None:
    """How a row is recognised: its uuid, else a natural primary key (not a bare id)."""
    if info.has_uuid:
        return ("uuid",)
    if info.primary_key and info.primary_key != ("id",) and info.name not in BOOKKEEPING:
        return info.primary_key
    return None


def tables_to_merge(conn: sqlite3.Connection, document: dict[str, Any], where: str) -> list[TableInfo]:
    infos = tables_in_order(conn)
    known = {i.name: i for i in infos}
    for name, table in document["tables"].items():
        if not table["rows"]:
            continue
        info = known.get(name)
        if info is None:
            raise InputError(f"{where} has a table '{name}' this diary does not know; nothing was imported")
        extra = sorted({c for r in table["rows"] for c in r} - set(info.columns))
        if extra:
            raise InputError(f"{where}: table '{name}' has unknown columns ({', '.join(extra)}); nothing was imported")
        if name not in BOOKKEEPING and (merge_key(info) is None or name not in TABLES):
            raise OperationalError(f"this paceit cannot merge the rows of table '{name}'; nothing was imported")
        _check_rows(info, table["rows"], where)
    return [i for i in infos if i.name in document["tables"]]


def _plain(value: Any) -> bool:
    return (
        value is None or isinstance(value, int | float | str) or (isinstance(value, dict) and set(value) == {"base64"})
    )


def _check_rows(info: TableInfo, rows: list[dict[str, Any]], where: str) -> None:
    """Values SQLite can store, whole-number ids, and the key every row is matched by
    (without it a second import could not recognise the row, and would add it again)."""
    key = () if info.name in BOOKKEEPING else merge_key(info) or ()
    for row in rows:
        bad = [c for c, v in row.items() if not _plain(v)]
        bad += [] if isinstance(row.get("id", 0), int) else ["id"]
        bad += [k for k in key if not isinstance(row.get(k), str | int) or row.get(k) == ""]
        if bad:
            raise InputError(
                f"{where} is damaged: a row of '{info.name}' has a missing or wrong {bad[0]}; nothing was imported"
            )


def decoded_rows(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [{k: decode(v) for k, v in r.items()} for r in document["tables"][name]["rows"]]
