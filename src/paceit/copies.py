"""Copies of a diary: backups through SQLite's backup API, byte copies of a diary SQLite
cannot read, checking a copy before restoring it, and the restore itself.

Split from `db.py` (the gateway that opens, migrates and checks a diary) so that each
holds one concern; `db` imports this module only when an upgrade needs its backup. Every
copy appears under its name only when complete (`private_files`), readable by its owner only.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from paceit import files, private_files
from paceit.db import SQLITE_OK, require_writable, schema_version, translate
from paceit.diary_file import SQLITE_HEADER
from paceit.errors import OperationalError
from paceit.migrations import LATEST


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy through SQLite's backup API, readable by the owner only, that
    appears under its name only when complete: written to a `.part` file beside it,
    synced, then linked into place, never over an existing file. On a full disk a copy
    written in place left a 0-byte file under the real name, which a retry then found
    "already exists"; now a failed copy leaves nothing."""
    files.make_folder(target.parent)
    with private_files.writing(target) as part:
        _write_copy(conn, part)
    return target


def _write_copy(conn: sqlite3.Connection, part: Path) -> None:
    dest = sqlite3.connect(part)
    try:
        with dest:
            conn.backup(dest)
        # A copy stands alone: no -wal/-shm files appear beside it when it is read.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def inspect_copy(path: Path) -> int:
    """Check, without writing, that a file is an intact paceit database this code can
    read; return its schema version. Used before restoring from it."""
    try:
        header = files.read_regular(path, limit=len(SQLITE_HEADER), whole=False)
    except files.NotAFileError as exc:
        raise OperationalError(f"{path} is {exc.what}, not a file") from None
    except FileNotFoundError:
        raise OperationalError(f"no file at {path}") from None
    except OSError as exc:
        raise OperationalError(f"cannot read {path}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise OperationalError(f"{path} is not a paceit backup (it is not an SQLite file)")
    try:
        conn = _open_read_only(path)
        try:
            version = schema_version(conn, path)
            if version == 0:
                raise OperationalError(f"{path} is an empty file, not a paceit backup")
            if version > LATEST:
                raise OperationalError(f"{path} was written by a newer paceit (schema {version}); upgrade paceit")
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    if problems != ["ok"]:
        raise OperationalError(f"{path} is damaged ({problems[0]}); choose another copy")
    return version


def raw_copy(path: Path, target: Path) -> Path:
    """A byte copy of a diary SQLite cannot read (with its WAL, if any), owner-only:
    kept aside before a restore replaces it, in case something can still be saved.
    Each file appears under its name only when complete (see `backup_to`)."""
    files.make_folder(target.parent)
    for suffix in ("-wal", ""):  # the main file last: its name is what the person is told
        source = Path(f"{path}{suffix}")
        if source.exists():
            final = Path(f"{target}{suffix}")
            with private_files.writing(final) as part:
                _copy_bytes(source, part)
    return target


def _copy_bytes(source: Path, part: Path) -> None:
    """Copy a regular file's bytes into a new part, a chunk at a time (a diary can be large);
    `private_files.writing` syncs it."""
    with source.open("rb") as src, part.open("r+b") as handle:
        shutil.copyfileobj(src, handle)


def replace_file(path: Path, source: Path) -> None:
    """Put a copy of `source` in place of a diary that cannot be opened: written beside
    it under a temporary name, then renamed over it in one step. The old WAL and
    shared-memory files belong to the damaged file, so they go (raw_copy kept them)."""
    with private_files.writing(path, replace=True) as temp:
        _copy_bytes(source, temp)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def restore_from(conn: sqlite3.Connection, source: Path, *, keep: tuple[Path, Path] | None = None) -> None:
    """Replace the open database's content with the copy's, page for page, in one write
    transaction. With `keep` (the diary's path, a new file's path), the diary as it was is
    copied there inside that same transaction: the first page written takes the write lock,
    and until the last no other paceit can commit, while a second connection still reads
    the last committed state. So every write made before the restore is in that copy and
    every write after it in the restored diary. (Copied first and overwritten after, as two
    steps, a write landing in between was lost: 46 of 429 in the race test.)"""
    require_writable(conn)
    src = _open_read_only(source)
    kept: list[Path] = []

    def progress(status: int, remaining: int, total: int) -> None:
        if keep is not None and not kept and status == SQLITE_OK:  # the lock is held, nothing committed
            kept.append(_copy_committed(*keep))

    try:
        if keep is not None and int(src.execute("PRAGMA page_count").fetchone()[0]) < 2:
            raise OperationalError(f"{source} is an empty file, not a paceit backup")  # one step would be all
        src.backup(conn, pages=1 if keep else -1, progress=progress)
    finally:
        src.close()


def _copy_committed(diary: Path, target: Path) -> Path:
    """A copy of the diary's last committed state, read by a connection of its own."""
    reader = _open_read_only(diary)
    try:
        return backup_to(reader, target)
    finally:
        reader.close()


def backup_before_migration(conn: sqlite3.Connection, path: Path, version: int, now: datetime) -> Path:
    """The copy beside the diary before an upgrade. A half copy left by a paceit killed while
    writing one (a hidden `.part` file, a whole diary's size) is swept first."""
    private_files.sweep(path.parent, prefix=f".{path.name}.schema")
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.schema{version}-{stamp}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.schema{version}-{stamp}-{counter}.bak")
    return backup_to(conn, target)
