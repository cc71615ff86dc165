"""The one gateway to the diary file: open, pragmas, migrate once, back up first.

Order matters for "left untouched": the file's kind and schema version are read
before anything can write (WAL mode rewrites the header), so a foreign file or a
file from a newer paceit is refused byte-for-byte unchanged. New folders are
created 0700 and a new file 0600 (SQLite gives its -wal/-shm files the same mode).
What is checked of the file itself, before SQLite opens it (a regular file, no planted
working files, writable, its mode), is in `diary_file`; copies of a diary in `copies`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from paceit import diary_file
from paceit.errors import DamagedError, OperationalError
from paceit.migrations import LATEST, MIGRATIONS, Migration
from paceit.paths import check_reachable
from paceit.times import now_utc_text

SQLITE_OK = 0  # a backup step's status: pages copied, more to come
BUSY_TIMEOUT_MS = 10_000


class DiaryConnection(sqlite3.Connection):
    """A connection to a diary file. `before_first_write`, when set (by the CLI, for
    the daily automatic backup), runs once, just before the first write transaction."""

    before_first_write: Callable[[sqlite3.Connection], None] | None = None
    tightened: tuple[str, ...] = ()  # files this open made private (see `diary_file.tighten`)
    # SQLite's data_version once the open is done: it changes only when another connection
    # commits, so a derived write (checkpoint_store.keep) can tell its reads are still current.
    opened_version: int | None = None
    read_only: str | None = None  # why nothing can be written (see `_connect_read_only`)


def schema_version(conn: sqlite3.Connection, path: Path) -> int:
    """0 for an empty file; refuses an SQLite file that paceit did not create."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "schema_version" not in tables:
        if tables:
            raise OperationalError(f"{path} is an SQLite file but not a paceit database; nothing was changed")
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def connect(path: Path, *, now: datetime, create: bool = True) -> sqlite3.Connection:
    """Open (creating if allowed) and migrate the database; the only way in."""
    check_reachable(path)
    if not path.exists():
        if not create:
            raise OperationalError(f"no paceit database at {path}")
        try:
            diary_file.create_file(path)
        except OSError as exc:
            reason = read_only_reason(path.parent) if exc.errno == errno.EROFS else exc.strerror
            raise OperationalError(f"cannot create {path}: {reason}") from exc
    diary_file.check_place(path)
    diary_file.check_working_files(path)
    if _on_read_only_fs(path.parent):
        return _connect_read_only(path)
    opened = diary_file.repair_working_files(path) if os.access(path, os.W_OK) else []
    diary_file.check_writable(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=DiaryConnection)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = _first_read(conn, path)
        if _cut_short(conn, path):
            raise DamagedError(diary_file.damaged_message(path))
        if version > LATEST:
            conn.close()
            raise OperationalError(
                f"{path} was written by a newer paceit (schema {version}; this one knows up to "
                f"{LATEST}); upgrade paceit. The file was not changed"
            )
        conn.tightened = (*opened, *diary_file.tighten(path))
        if version < LATEST:
            migrate(conn, path, current=version, now=now)
        else:
            _set_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        conn.opened_version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    except BaseException as exc:
        conn.close()  # a refused or failed open leaves no -wal/-shm files behind
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from exc
        raise
    return conn


def _on_read_only_fs(folder: Path) -> bool:
    """Whether `folder` is on a filesystem mounted read-only (a backup disk, a snapshot, a
    live system): nothing there can be written by anyone, whatever the permissions say."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def read_only_reason(folder: Path) -> str:
    return (
        f"the folder {folder} is on a read-only filesystem, so nothing can be recorded there; nothing was changed. "
        "Reading commands and copies elsewhere work (paceit backup PATH, paceit export --output PATH); to record, "
        "remount it read-write, or copy the diary to a writable folder and use --db"
    )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A diary on a read-only filesystem, opened for reading: every reading command and every
    copy to a writable place works, and a write is refused in words (`require_writable`).
    Without a -wal file nothing can be pending (nobody can write here), so the file is read
    as immutable: SQLite could not create the -shm file it otherwise needs. With one, the
    entries still only in it are read through it."""
    reason = read_only_reason(path.parent)

    def check(version: int) -> None:
        if version != LATEST:
            raise OperationalError(
                f"{path} has schema {version} and this paceit reads schema {LATEST}: it would have to upgrade it, "
                f"but {reason}"
            )

    return _open_for_reading(
        path, reason=reason, immutable=not diary_file.side_file(path, "-wal").exists(), check=check
    )


def connect_read_only(path: Path) -> DiaryConnection:
    """Open an existing diary so that nothing can be written through the connection: SQLite's
    `mode=ro`, no ATTACH (on a URI connection `ATTACH 'file:...?mode=rw'` would reopen the
    diary for writing), never created, upgraded or given a new mode. For `paceit.api`, whose
    promise is that reading a diary from Python can never change it. Only this paceit's
    schema is read: an older one would need an upgrade (a write), and a newer one may mean
    something this code does not know. Immutable only on a read-only filesystem, where nobody
    can write meanwhile; elsewhere another paceit may commit while this one reads."""
    check_reachable(path)
    if not path.exists():
        raise OperationalError(f"no paceit diary at {path}; check the path or PACEIT_DB")
    diary_file.check_place(path)
    diary_file.check_working_files(path)

    def check(version: int) -> None:
        if version == 0:
            raise OperationalError(f"{path} is empty, not a paceit diary; nothing was changed")
        if version > LATEST:
            raise OperationalError(
                f"{path} was written by a newer paceit (schema {version}; this one knows up to {LATEST}); "
                "upgrade paceit. The file was not changed"
            )
        if version < LATEST:
            raise OperationalError(
                f"{path} has schema {version}, older than this paceit's {LATEST}, and is only read here; "
                f"upgrade it once with 'paceit --db {path} check' (a backup is taken first), then read it again"
            )

    immutable = _on_read_only_fs(path.parent) and not diary_file.side_file(path, "-wal").exists()
    reason = f"{path} is open for reading only"
    conn = _open_for_reading(path, reason=reason, immutable=immutable, check=check)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    return conn


def _open_for_reading(path: Path, *, reason: str, immutable: bool, check: Callable[[int], None]) -> DiaryConnection:
    """Open with `mode=ro`, read the schema version before anything else (a foreign file is
    refused unchanged), refuse a cut-off file, and let `check` refuse the version."""
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    uri = f"{Path(os.path.realpath(path)).as_uri()}?{query}"
    try:
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=DiaryConnection
        )
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.read_only = reason
        version = _first_read(conn, path)
        if _cut_short(conn, path):
            raise DamagedError(diary_file.damaged_message(path))
        check(version)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from exc
        raise
    return conn


def require_writable(conn: sqlite3.Connection) -> None:
    """Refuse, before anything is attempted, a write to a diary on a read-only filesystem."""
    reason = getattr(conn, "read_only", None)
    if reason:
        raise OperationalError(reason)


def _cut_short(conn: sqlite3.Connection, path: Path) -> bool:
    """A cut-off file, which SQLite may not notice until it reads a missing page (so a
    write could land in a damaged file). Asked of SQLite and of stat(), never by reading
    the file ourselves: see `diary_file.check_kind` for what closing a descriptor would do. Only
    trusted when no -wal or -journal file holds newer pages (the main file may then lag).

    Measured inside one read transaction: counted outside one, another paceit could commit
    a new page to the WAL between the look at the (then empty) WAL and the page count,
    and a healthy diary read as "damaged" (seen with four writers at once). While this
    snapshot is held, a WAL whose frames it uses cannot be emptied, and pages it reads from
    the main file cannot be overwritten, so an empty WAL means the count is the main file's."""
    if path.stat().st_size == 0:
        return False
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        for suffix in ("-wal", "-journal"):
            side = diary_file.side_file(path, suffix)
            if side.exists() and side.stat().st_size > 0:
                return False
        size = path.stat().st_size
    finally:
        conn.execute("COMMIT")
    return size % page_size != 0 or size < pages * page_size


def _first_read(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version, read through SQLite: a file that is not SQLite's is refused
    here, before anything could write to it, with the same message as before."""
    try:
        return schema_version(conn, path)
    except sqlite3.DatabaseError as exc:
        if "not a database" not in str(exc).lower():
            raise
        conn.close()
        diary_file.check_kind(path)  # a foreign file: say so; a damaged SQLite header: say that
        raise


def connect_memory(*, now: datetime) -> sqlite3.Connection:
    """An empty, fully migrated in-memory database: what a missing diary reads as."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, Path(":memory:"), current=0, now=now)
    return conn


def _set_wal(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")


def migrate(conn: sqlite3.Connection, path: Path, *, current: int, now: datetime) -> None:
    """Bring the file from its schema to the newest in one transaction, after backing up
    a non-empty file. A failure at any step rolls back every step: the file is left as it
    was, never at an in-between schema (say 2 of 1 -> 3) that no paceit release wrote and
    that a retry would have to start from. Each step's SQL and its `schema_version` row
    still go in together, so the record always matches the tables. Byte for byte: the
    switch to WAL comes after the commit, so a failed upgrade leaves the header too."""
    backup_path = _backup_first(conn, path, current, now) if current > 0 else None
    step = MIGRATIONS[0]
    try:
        conn.execute("BEGIN IMMEDIATE")
        found = schema_version(conn, path)  # another process may have upgraded it meanwhile
        for step in MIGRATIONS:
            if step.version > found:
                _apply(conn, step, now)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        where = f"; a backup from before the upgrade is at {backup_path}" if backup_path else ""
        raise OperationalError(
            f"upgrading the database from schema {current} to {LATEST} failed at step {step.version} ({exc}); "
            f"every step was rolled back, so the database is unchanged at schema {current}{where}"
        ) from exc
    _set_wal(conn)  # only now: switching an older rollback-journal file to WAL rewrites its header


def _apply(conn: sqlite3.Connection, step: Migration, now: datetime) -> None:
    for statement in step.statements:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO schema_version (version, description, applied_utc) VALUES (?, ?, ?)",
        (step.version, step.description, now_utc_text(now)),
    )


def _backup_first(conn: sqlite3.Connection, path: Path, version: int, now: datetime) -> Path:
    """The copy taken before an upgrade; when it cannot be written, nothing is upgraded."""
    try:
        from paceit.copies import backup_before_migration

        return backup_before_migration(conn, path, version, now)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OperationalError(
            f"this paceit must upgrade the diary {path} from schema {version} to {LATEST}, but could not first write "
            f"a backup beside it ({reason}); nothing was changed. Free some space or check the folder's permissions, "
            "then try again"
        ) from exc


def health(conn: sqlite3.Connection) -> dict[str, object]:
    """What `paceit check` reports: SQLite's own integrity and foreign-key checks, and the
    undo log's rows as undo would check them (a damaged one stops undo and import)."""
    integrity = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    version = int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)
    damaged, first = _undo_log_damage(conn) if integrity == ["ok"] else (0, None)
    return {
        "ok": integrity == ["ok"] and not orphans and not damaged,
        "integrity": integrity,
        "foreign_key_problems": len(orphans),
        "undo_log_problems": damaged,
        "undo_log_first_problem": first,
        "schema": version,
        "latest_schema": LATEST,
    }


def _undo_log_damage(conn: sqlite3.Connection) -> tuple[int, str | None]:
    from paceit.store import live_columns
    from paceit.undo_log import first_damage

    rows = (dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY id"))
    return first_damage(rows, live_columns(conn))


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write, all or nothing. IMMEDIATE takes the write lock up front so a busy
    database waits (busy timeout) instead of failing half-way. A connection's
    `before_first_write` hook runs (once) before the lock is taken."""
    require_writable(conn)
    if isinstance(conn, DiaryConnection) and conn.before_first_write is not None:
        hook, conn.before_first_write = conn.before_first_write, None
        hook(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def translate(exc: sqlite3.Error, path: Path | None = None) -> OperationalError:
    """A plain sentence for the SQLite failures a person can meet."""
    text = str(exc).lower()
    where = f" ({path})" if path else ""
    if "locked" in text or "busy" in text:
        message = f"the database is busy{where}: another paceit is writing; try again in a moment"
    elif "readonly" in text or "read-only" in text:
        message = f"the database is read-only{where}; check the file's and folder's permissions"
    elif "unable to open" in text:
        message = f"cannot open the database{where}; check the folder exists and is writable"
    elif "disk i/o error" in text:
        message = (
            f"could not write to the disk{where}: {exc}; nothing was saved. The disk may be full or failing: "
            "free some space, then run 'paceit check'"
        )
    elif "full" in text:
        message = f"the disk is full{where}; nothing was saved. Free some space and try again"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        return DamagedError(diary_file.damaged_message(path))  # `restore` and `check` act on this kind
    else:
        message = f"database error{where}: {exc}"
    return OperationalError(message)
