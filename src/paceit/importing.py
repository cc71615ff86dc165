"""Merging a paceit JSON export into a diary, by UUID, in one undoable change.

The rules, each the conservative choice where the spec leaves room:

- **Matching.** A row is the same entry as a row here when its `uuid` matches (for a
  table without a uuid but with a natural primary key, such as `setting`, that key).
  Identical rows are skipped, so importing the same file twice adds nothing.
- **Conflicts.** Same uuid (or setting key) but different content: the row here is
  kept unchanged and the conflict is reported. An import never overwrites what the
  person has here; they can edit by hand after reading the report.
- **Settings.** By the same rule: a setting already set here keeps its value; a
  setting the file has and this diary does not is imported.
- **Same name, other uuid.** A new row that would break a UNIQUE rule here (two
  machines each made an activity called "walking") is taken to be the same thing:
  the row here is kept and the file's rows that refer to it (its sessions, goals,
  ladder steps) are attached to it, so no session is lost and the pacing sees all
  of them under one activity. Reported as "matched". Except when the unit differs
  (walking in min here, in km in the file): the amounts would mean nothing under one
  name, so the import is refused, naming the activity and both units, and nothing
  is written; renaming one of them first ('paceit activity edit NAME --name NEW')
  makes them two activities.
- **Same content, other uuid.** Two diaries that each added the same ladder step,
  goal or flare-plan item get no duplicate: a ladder step or goal with the same text
  (exactly) added on the same day, or a flare-plan item with the same section and
  text, is the row here ("matched", as above; its trials attach to it). Only rows
  that were here before the import are matched, so a file's own two identical rows
  both arrive; text on another day is another step or goal, since a person may
  well set the same goal again later.
- **Deleted here.** An entry whose uuid this diary deleted (a delete in the undo log
  that was not undone) is not brought back by importing an older file, and neither
  are the file's rows that hang on it. Reported as "deleted here".
- **Ids.** Foreign keys are remapped from the file's ids to this diary's ids through
  the referenced rows' uuids. A new row keeps its id from the file when that id is
  above every id this table has ever used (so an import into an empty diary keeps
  every id, and exporting again gives the same document); otherwise it gets the next
  free id, so an id is never reused here.
- **Not merged.** `schema_version` and `audit` describe the exporting database (its
  upgrades and its undo log, whose ids mean rows over there); they are counted and
  skipped. They are checked all the same (import_checks; the undo log as `undo` checks
  it, undo_log.check_row), since an import into an empty diary copies them. A table
  this paceit cannot match rows of refuses the whole import rather than silently
  dropping rows.
- **Into an empty diary: a copy.** When this diary holds no row at all (a new
  machine), there is nothing to merge with, and the file is taken whole: every row
  of every table with its id, the undo log and the schema record included, so
  exporting again gives the same document (only the header's export time differs)
  and deletions made over there are still known here. Such an import is not itself
  in the undo log: 'paceit undo' goes on from the copied history, as it would have on
  the other machine (to start again, remove the new diary file).
- **Flares do not overlap.** A merged flare that overlaps another declared flare, here or
  of the file, refuses the file, as `flare start` and `flare edit` refuse it: two
  declarations of one spell would read as one flare, but the person should say which they
  meant. Only new rows are judged (an older diary may hold overlaps from before this
  check), and a copy into an empty diary is taken as it is: refusing a person's own
  backup would help nobody, and the flare scan reads overlapping declarations as one
  flare (flare._Scan._declared_on).
- **All or nothing.** Everything is written in one `store.change`, so one `paceit
  undo` removes the whole import, and a failure or a crash part-way leaves nothing.
  `dry_run` makes the same writes in the same transaction and rolls them back, so
  it finds every problem the real import would meet.

Before any of this, `import_document` checks the file's shape (a paceit export this paceit
reads, known tables, well-formed rows) and `import_checks` every value in it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from paceit import undo_log
from paceit.db import transaction
from paceit.dbschema import TableInfo, tables_in_order
from paceit.errors import InputError
from paceit.exporting import BOOKKEEPING
from paceit.import_checks import check_values
from paceit.import_document import decoded_rows, merge_key, tables_to_merge
from paceit.store import TABLES, Change, change, live_columns


@dataclass
class TableResult:
    added: int = 0
    same: int = 0
    kept: list[str] = field(default_factory=list)  # conflicts: the row here was kept
    matched: list[str] = field(default_factory=list)  # same unique value, other uuid
    deleted: list[str] = field(default_factory=list)  # deleted here earlier: not brought back


@dataclass
class ImportResult:
    tables: dict[str, TableResult] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # bookkeeping tables, row counts
    dry_run: bool = False
    copied: bool = False  # taken whole into an empty diary; `skipped` then holds what was copied too

    @property
    def added(self) -> int:
        return sum(t.added for t in self.tables.values())


_DELETED = object()  # the file's id of a row deleted here (see "Deleted here")
CONTENT_KEYS: dict[str, tuple[str, ...]] = {
    "ladder_step": ("text", "day"),
    "goal": ("text", "day"),
    "flare_plan_item": ("section", "text"),
}
"""How a row with another uuid is still recognised as the same (see "Same content")."""


class _Skip(Exception):
    """The row hangs on a row deleted here."""


def deleted_uuids(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Per table, the uuids of rows deleted here and not brought back by undo. A damaged
    row of the undo log stops the import with one line (it may be one of these)."""
    found: dict[str, set[str]] = {}
    columns = live_columns(conn)
    for row in conn.execute("SELECT * FROM audit WHERE action = 'delete' AND undone_utc IS NULL"):
        undo_log.require(dict(row), columns, outcome="nothing was imported")
        uuid = undo_log.copy_of(row, "before").get("uuid")
        if uuid is not None:
            found.setdefault(row["table_name"], set()).add(uuid)
    return found


class _RollBack(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


def is_empty(conn: sqlite3.Connection) -> bool:
    """No row in any table but the schema record: a new diary (or the empty stand-in)."""
    return not any(
        conn.execute(f"SELECT 1 FROM {info.name} LIMIT 1").fetchone()
        for info in tables_in_order(conn)
        if info.name != "schema_version"
    )


def copy_whole(conn: sqlite3.Connection, document: dict[str, Any], *, where: str, dry_run: bool) -> ImportResult:
    """Take the file whole into an empty diary (see "Into an empty diary"), in one
    transaction; rolled back for a dry run."""
    result = ImportResult(dry_run=dry_run, copied=True)
    try:
        with transaction(conn):
            for info in tables_to_merge(conn, document, where):
                rows = decoded_rows(document, info.name)
                verb = "INSERT OR REPLACE" if info.name == "schema_version" else "INSERT"
                for row in rows:
                    names = ", ".join(row)
                    marks = ", ".join("?" * len(row))
                    conn.execute(f"{verb} INTO {info.name} ({names}) VALUES ({marks})", tuple(row.values()))
                if info.name in BOOKKEEPING:
                    result.skipped[info.name] = len(rows)
                else:
                    result.tables[info.name] = TableResult(added=len(rows))
            if dry_run:
                raise _RollBack(result)
    except _RollBack as rolled_back:
        return rolled_back.result
    except sqlite3.IntegrityError as exc:
        raise InputError(f"{where}: a row cannot be stored ({exc}); nothing was imported") from exc
    return result


def run_import(
    conn: sqlite3.Connection,
    document: dict[str, Any],
    *,
    where: str,
    command: str,
    now: datetime,
    dry_run: bool,
    values_checked: bool = False,
) -> ImportResult:
    """Merge `document` (already checked) into the diary in one change; with `dry_run`,
    the change is rolled back and only its result kept. Every value is checked first, by
    its recording command's rules (`values_checked`: by this process already, for the
    same document, in the rehearsal before a new diary is made); an empty diary takes
    the file whole."""
    if not values_checked:
        from paceit.queries import stored_settings

        check_values(document, where=where, now=now, columns=live_columns(conn), settings_here=stored_settings(conn))
    if is_empty(conn):
        return copy_whole(conn, document, where=where, dry_run=dry_run)
    _check_factor_here(conn, document, where)
    try:
        with change(conn, command=command, now=now) as ch:
            result = ImportResult(dry_run=dry_run)
            merger = _Merger(conn, ch, where, result)
            merger.merge(document)
            _check_flares_apart(conn, merger.here_before.get("flare"), where)
            if dry_run:
                raise _RollBack(result)
    except _RollBack as rolled_back:
        return rolled_back.result
    return result


def _check_factor_here(conn: sqlite3.Connection, document: dict[str, Any], where: str) -> None:
    """A baseline.factor the file brings (when none is set here) must keep the targets of
    the activities here above their starting quotas: the rule of `config set`."""
    from paceit import activity_rules, queries
    from paceit.import_values import settings_after

    here = queries.stored_settings(conn)
    factor = settings_after(document, here)["baseline.factor"]
    if factor == queries.settings_in_force(conn)["baseline.factor"]:
        return
    try:
        activity_rules.check_factor(queries.activities(conn, include_archived=True), factor)
    except activity_rules.RuleError as exc:
        raise InputError(f"{where}: table 'setting', {exc.message}; nothing was imported") from None


def _check_flares_apart(conn: sqlite3.Connection, before: int | None, where: str) -> None:
    """Refuse a merged flare (id above `before`) that overlaps another, here or in the file:
    the rule of `flare start` and `flare edit` (queries.check_flare_overlap). Only new rows
    are judged, so an older diary that already holds such flares can still take a file; an
    empty diary takes a file whole without this check (see the module's docstring)."""
    if before is None:
        return  # the file has no flare table
    far = "9999-12-31 23:59:59"
    clash = conn.execute(
        "SELECT a.day, a.end_day, b.day, b.end_day FROM flare a JOIN flare b ON a.id != b.id "
        "AND a.at_utc <= coalesce(b.end_at_utc, ?) AND coalesce(a.end_at_utc, ?) >= b.at_utc "
        "WHERE b.id > ? ORDER BY a.at_utc, b.at_utc LIMIT 1",
        (far, far, before),
    ).fetchone()
    if clash:
        here, new = f"{clash[0]} to {clash[1] or 'now'}", f"{clash[2]} to {clash[3] or 'now'}"
        raise InputError(
            f"{where}: table 'flare': the flare from {new} would overlap the flare from {here}, and declared flares "
            "may not overlap (as with 'paceit flare start'); nothing was imported (change one first with "
            "'paceit edit flare ID --at' or 'paceit delete flare ID'; 'paceit flare list' shows the ids)"
        )


@dataclass
class _Merger:
    conn: sqlite3.Connection
    ch: Change
    where: str
    result: ImportResult
    ids: dict[str, dict[Any, Any]] = field(default_factory=dict)  # table -> file id -> id here
    deleted: dict[str, set[str]] = field(default_factory=dict)
    here_before: dict[str, int] = field(default_factory=dict)  # table -> highest id before the import

    def merge(self, document: dict[str, Any]) -> None:
        self.deleted = deleted_uuids(self.conn)
        for info in tables_to_merge(self.conn, document, self.where):
            rows = decoded_rows(document, info.name)
            if info.name in BOOKKEEPING:
                self.result.skipped[info.name] = len(rows)
                continue
            self.result.tables[info.name] = TableResult()
            self.ids[info.name] = {}
            floor = self._id_floor(info)
            self.here_before[info.name] = floor
            for row in sorted(rows, key=lambda r: (r.get("id") is None, r.get("id") or 0)):
                floor = self._merge_row(info, row, floor)

    def _id_floor(self, info: TableInfo) -> int:
        """The highest id this table has ever used here (ids are never reused)."""
        if "id" not in info.columns:
            return 0
        seq = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (info.name,)).fetchone()
        highest = self.conn.execute(f"SELECT max(id) FROM {info.name}").fetchone()[0]
        return max(int(seq[0]) if seq else 0, int(highest or 0))

    def _merge_row(self, info: TableInfo, row: dict[str, Any], floor: int) -> int:
        table = self.result.tables[info.name]
        key = merge_key(info) or ()
        label = ", ".join(str(row.get(k)) for k in key)
        try:
            resolved = self._resolve(info, row)
        except _Skip:
            resolved = None
        existing = None if resolved is None else self._find(info, {k: resolved.get(k) for k in key})
        if resolved is None or (existing is None and row.get("uuid") in self.deleted.get(info.name, ())):
            table.deleted.append(label)
            self._remember(info, row, _DELETED)
            return floor
        if existing is not None:
            same = all(existing.get(c) == v for c, v in resolved.items() if c != "id")
            if same:
                table.same += 1
            else:
                table.kept.append(label)
        else:
            existing, names = self._unique_match(info, resolved)
            if existing is not None:
                table.matched.append(f"{names} ({label})")
        if existing is not None:
            self._remember(info, row, existing.get("id"))
            return floor
        new_id = self._insert(info, resolved, floor)
        table.added += 1
        self._remember(info, row, new_id)
        return max(floor, new_id)

    def _remember(self, info: TableInfo, row: dict[str, Any], here: Any) -> None:
        if "id" in row:
            self.ids[info.name][row["id"]] = here

    def _resolve(self, info: TableInfo, row: dict[str, Any]) -> dict[str, Any]:
        """The row with its references turned from the file's ids into this diary's."""
        resolved = dict(row)
        for fk in info.foreign_keys:
            value = row.get(fk.column)
            if value is None or fk.table not in self.ids or fk.to != "id":
                continue
            if value not in self.ids[fk.table]:
                raise InputError(
                    f"{self.where}: a row of '{info.name}' refers to {fk.table} #{value}, which is not in the file; "
                    "nothing was imported"
                )
            if self.ids[fk.table][value] is _DELETED:
                raise _Skip
            resolved[fk.column] = self.ids[fk.table][value]
        return resolved

    def _find(self, info: TableInfo, values: dict[str, Any]) -> dict[str, Any] | None:
        if not values or any(v is None for v in values.values()):
            return None
        where = " AND ".join(f"{c} = ?" for c in values)
        sql = f"SELECT * FROM {info.name} WHERE {where} ORDER BY rowid LIMIT 1"  # the oldest of equals
        found = self.conn.execute(sql, tuple(values.values())).fetchone()
        return dict(found) if found else None

    def _unique_match(self, info: TableInfo, resolved: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        """A row here with the same value in a UNIQUE column (an activity's name), or the
        same content (see "Same content, other uuid"), if any."""
        keys = [c for c in info.unique_keys if c != ("uuid",)]
        content = CONTENT_KEYS.get(info.name)
        for columns in [*keys, *([content] if content else [])]:
            if not all(c in resolved for c in columns):
                continue
            found = self._find(info, {c: resolved[c] for c in columns})
            if found is not None and columns == content and int(found.get("id") or 0) > self.here_before[info.name]:
                continue  # added by this import: a file's own two identical rows both stay
            if found is not None:
                self._same_unit(info, found, resolved)
                return found, ", ".join(f"{c} {resolved[c]!r}" for c in columns)
        return None, ""

    def _same_unit(self, info: TableInfo, here: dict[str, Any], resolved: dict[str, Any]) -> None:
        """An activity matched by name must count in the same unit (see "Same name")."""
        if info.name == "activity" and "unit" in resolved and here.get("unit") != resolved["unit"]:
            raise InputError(
                f"{self.where}: the activity '{here['name']}' is in {here['unit']} here but in {resolved['unit']} "
                f"in the file; rename one first (paceit activity edit '{here['name']}' --name NEW). "
                "Nothing was imported"
            )

    def _insert(self, info: TableInfo, resolved: dict[str, Any], floor: int) -> int:
        values = dict(resolved)
        if "id" in values and not (isinstance(values["id"], int) and values["id"] > floor):
            del values["id"]
        try:
            return self.ch.insert(info.name, values)
        except sqlite3.IntegrityError as exc:
            key = ", ".join(str(resolved.get(k)) for k in merge_key(info) or ())
            raise InputError(
                f"{self.where}: the {TABLES.get(info.name, info.name)} {key} cannot be stored ({exc}); "
                "nothing was imported"
            ) from exc
