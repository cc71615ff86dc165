"""The export document: every table of the diary, as stored, with a header.

What it holds: every table of the current schema (read from the database, see
`dbschema`), in foreign-key order, each with its column names and every row in
primary-key order, values exactly as stored: ids, UUIDs, the three time columns
(`at_utc` in UTC, `day` and `utc_offset` as the person lived it), JSON text
columns such as `sites` left as text, settings, `schema_version` and the `audit`
log (the undo history, which also holds the before/after copy of every edited or
deleted entry). Nothing is left out, so an export is a complete copy.

The header says what the file is, that it is health data, which paceit and schema
wrote it and when. `import` checks it before reading anything else.

Round trip: export, import into an empty diary, export again gives the same
document, with exactly one exclusion: the header's `exported_utc`, the moment each
export was made. Everything else is equal, `audit` and `schema_version` included,
because an import into an empty diary takes the file whole (see `importing`, "Into
an empty diary"): the undo log and each schema step's `applied_utc` travel with the
diary, ids are kept, and a deletion made before the move is still known after it.
(`paceit_version` in the header matches when the same paceit exports both.)
"""

from __future__ import annotations

import base64
import sqlite3
from datetime import UTC, datetime
from typing import Any

from paceit import __version__
from paceit.dbschema import TableInfo, tables_in_order

FORMAT = "paceit-export"
FORMAT_VERSION = 1
HEADER_KEY = "paceit_export"

ABOUT = (
    "A complete copy of a paceit diary: every table of its database with every row, as stored "
    "(ids, UUIDs, times, settings, the schema version and the change log used for undo). "
    "Times: at_utc is UTC (YYYY-MM-DD HH:MM:SS); day is the local calendar day the person lived it; "
    "utc_offset is minutes east of UTC at that moment."
)
HEALTH_DATA = (
    "This file holds personal health data (pain, sleep, mood, activities, fears, red flags, notes). "
    "Keep it private and share it only with people you choose."
)
BOOKKEEPING = ("schema_version", "audit")
"""Tables that describe the database itself rather than the diary: exported for
completeness, never merged by import (see `importing`)."""


def encode(value: Any) -> Any:
    """A stored value as JSON: SQLite's int/float/text/NULL as they are; a blob (none in
    the schema today) as {"base64": ...} so a future blob column still round-trips."""
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"base64"}:
        return base64.b64decode(value["base64"])
    return value


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)


def table_rows(conn: sqlite3.Connection, info: TableInfo) -> list[dict[str, Any]]:
    cursor = conn.execute(f"SELECT * FROM {info.name} ORDER BY {info.order_by}")
    names = [d[0] for d in cursor.description]
    return [{n: encode(v) for n, v in zip(names, r, strict=True)} for r in cursor]


def header(conn: sqlite3.Connection, *, now: datetime, tables: list[TableInfo]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "about": ABOUT,
        "health_data": HEALTH_DATA,
        "paceit_version": __version__,
        "schema_version": schema_version(conn),
        "exported_utc": now.astimezone(UTC).isoformat(timespec="seconds"),
        "tables": [t.name for t in tables],
    }


def build(conn: sqlite3.Connection, *, now: datetime) -> dict[str, Any]:
    """The whole export as one JSON-ready document, read inside one transaction so
    it is a consistent snapshot even while another paceit writes."""
    conn.execute("BEGIN")
    try:
        tables = tables_in_order(conn)
        document: dict[str, Any] = {HEADER_KEY: header(conn, now=now, tables=tables)}
        document["tables"] = {t.name: {"columns": list(t.columns), "rows": table_rows(conn, t)} for t in tables}
    finally:
        conn.execute("COMMIT")
    document[HEADER_KEY]["row_counts"] = {name: len(t["rows"]) for name, t in document["tables"].items()}
    return document
