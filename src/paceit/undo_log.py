"""The undo log's rows, checked before `undo`, `import` or `check` trusts one.

Why: `undo` writes a row back from the copy kept in `audit.before`, and SQL takes no
column names as parameters, so names end up in the statement's text. Audit rows come
from this paceit's own writes, but also from files: an import into an empty diary copies
the file's undo log whole (so exporting again gives the same document). A crafted export
whose `before` named a "column" `pain = ? WHERE ? OR 1 --` made the next `undo` rewrite
every pain entry; a `before` that was not JSON made every later undo and import fail with
an internal error while `check` found nothing. So a row is checked here against the
diary's own tables (`columns`: the live schema, never the row) before it is used:

- `action` is insert, update or delete, `table_name` one of paceit's tables;
- `row_key` is a whole number (a setting's key for `setting`);
- `before` (update, delete) and `after` (insert, update) are JSON objects of that table's
  columns, holding the row with that key, with plain values and no control characters
  (they are written back, and shown); the other one is empty;
- `command` and `change_id` are text.

A file's rows (import) must also hold no control or bidirectional characters anywhere,
by the text rule of every command (parse.HIDDEN_CHARACTERS): undo writes the copies
back, and shows the command. The diary's own rows are not held to that rule, since a
diary written before it could hold such characters in what was typed then.

`store.undo_last` builds its SQL from the live schema's column names only, and refuses a
change with a damaged row before writing anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from paceit.errors import OperationalError
from paceit.lazy_pattern import LazyPattern

NEEDS: dict[str, tuple[str, ...]] = {"insert": ("after",), "update": ("before", "after"), "delete": ("before",)}
MAX_COPY = 1_000_000  # characters of one row's JSON copy: a note is at most 2,000
_ROW_ID = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)  # below 10**18, within SQLite's integers


class Damage(Exception):
    """What is wrong with one audit row: the field, and the message that reads after its name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_row(
    row: Mapping[str, Any], columns: Mapping[str, Collection[str]], *, refused: LazyPattern | None = None
) -> None:
    """Raise Damage for the first field of `row` that undo could not trust. `columns`:
    paceit's own tables (store.TABLES) with their columns in the diary's live schema;
    `refused`: characters no text may hold (for a file's rows)."""
    for field, longest in (("change_id", 100), ("command", 2000)):
        _plain_text(row.get(field), field, longest, refused)
    action = row.get("action")
    if action not in NEEDS:
        raise Damage("action", f"must be insert, update or delete (got {action!r:.40})")
    table = row.get("table_name")
    if not isinstance(table, str) or table not in columns:
        raise Damage("table_name", f"must be one of the diary's tables (got {table!r:.40})")
    key = _row_key(row.get("row_key"), table, refused)
    for field in ("before", "after"):
        copy = row.get(field)
        if field not in NEEDS[action]:
            if copy is not None:
                raise Damage(field, f"must be empty for an {action} (got {copy!r:.40})")
            continue
        _check_copy(copy, field, table=table, key=key, columns=columns[table], refused=refused)


def copy_of(row: Mapping[str, Any], field: str) -> dict[str, Any]:
    """The row copy in `field` of a row `check_row` accepted."""
    loaded: dict[str, Any] = json.loads(row[field])
    return loaded


def key_column(table: str) -> str:
    return "key" if table == "setting" else "id"


def _plain_text(value: Any, field: str, longest: int, refused: LazyPattern | None) -> None:
    if not isinstance(value, str) or not value or len(value) > longest:
        raise Damage(field, f"must be text of 1 to {longest} characters (got {value!r:.40})")
    if refused is not None and refused.search(value):
        raise Damage(field, f"must not contain control characters (got {value!r:.40})")


def _row_key(value: Any, table: str, refused: LazyPattern | None) -> str | int:
    if table == "setting":
        _plain_text(value, "row_key", 100, refused)
        return str(value)
    if not isinstance(value, str) or not _ROW_ID.fullmatch(value):
        raise Damage("row_key", f"must be a row id, a whole number from 1 (got {value!r:.40})")
    return int(value)


def _check_copy(
    copy: Any, field: str, *, table: str, key: str | int, columns: Collection[str], refused: LazyPattern | None
) -> None:
    """A copy of the row `key` of `table`: a JSON object of its columns with plain values."""
    loaded = _loaded(copy, field)
    unknown = [name for name in loaded if name not in columns]
    if unknown:
        raise Damage(field, f"names a column {unknown[0]!r:.60} that {table} does not have")
    if loaded.get(key_column(table)) != key:
        raise Damage(field, f"must be a copy of {table} {key} (it holds {loaded.get(key_column(table))!r:.40})")
    for name, value in loaded.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float | None):
            raise Damage(field, f"holds a value that is not plain in its column {name!r} (got {value!r:.40})")
        if isinstance(value, str) and refused is not None and refused.search(value):
            raise Damage(field, f"holds control characters in its column {name!r}")


def _loaded(copy: Any, field: str) -> dict[str, Any]:
    if not isinstance(copy, str) or len(copy) > MAX_COPY:
        raise Damage(field, f"must be a row's copy in JSON (got {copy!r:.40})")
    try:
        loaded = json.loads(copy)
    except (ValueError, RecursionError):  # not JSON, nested too deeply, a number too long
        loaded = None
    if not isinstance(loaded, dict):
        raise Damage(field, f"must be a row's copy in JSON, an object of its columns (got {copy!r:.40})")
    return loaded


def require(row: Mapping[str, Any], columns: Mapping[str, Collection[str]], *, outcome: str) -> None:
    """`check_row` for a row of the diary's own log (undo, import): a damaged one stops the
    command with one line saying which row, what is wrong, `outcome` and what to do."""
    try:
        check_row(row, columns)
    except Damage as damage:
        raise OperationalError(
            f"the undo log is damaged: its row {row.get('id')}, field '{damage.field}' {damage}; {outcome}. "
            "'paceit check' lists the damage; 'paceit restore' can bring back a backup"
        ) from None


def first_damage(rows: Iterable[Mapping[str, Any]], columns: Mapping[str, Collection[str]]) -> tuple[int, str | None]:
    """(how many of `rows` are damaged, the first one's description), for `paceit check`."""
    count, first = 0, None
    for row in rows:
        try:
            check_row(row, columns)
        except Damage as damage:
            count += 1
            first = first or f"row {row.get('id')}, field '{damage.field}' {damage}"
    return count, first
