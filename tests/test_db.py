"""db.py: the one gateway to the diary file: create safely, refuse what is not ours
byte-for-byte unchanged, back up before migrating, roll a failed step back."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import paceit.db
import paceit.migrations
from paceit import copies, db, diary_file, store
from paceit.errors import EXIT_OPERATIONAL, OperationalError
from paceit.migrations import LATEST, MIGRATIONS, Migration
from paceit.times import now_utc_text

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
LATER = datetime(2027, 2, 3, 4, 5, 6, tzinfo=UTC)
NEXT = LATEST + 1


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read with plain sqlite3 (no paceit code)."""
    raw = sqlite3.connect(path)
    try:
        tables = [r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )]
        return {t: raw.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    finally:
        raw.close()


def raw_version(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        return int(raw.execute("SELECT max(version) FROM schema_version").fetchone()[0])
    finally:
        raw.close()


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def fill(conn: sqlite3.Connection) -> None:
    """A few real rows through the store, as the app would write them."""
    with store.change(conn, command="fixture", now=NOW) as ch:
        walk = ch.insert("activity", {"name": "Walking", "unit": "min", "baseline": 12.5,
                                      "at_utc": "2026-11-01 09:00:00", "day": "2026-11-01",
                                      "utc_offset": 0})
        for i, pain in enumerate((3, 7, 0)):
            ch.insert("pain_entry", {"at_utc": f"2026-11-0{i + 2} 08:00:00",
                                     "day": f"2026-11-0{i + 2}", "utc_offset": 60, "pain": pain,
                                     "sleep": 6, "sites": '["knee"]', "note": f"entry {i} é"})
        ch.insert("session", {"activity_id": walk, "at_utc": "2026-11-02 10:00:00",
                              "day": "2026-11-02", "utc_offset": 60, "amount": 12.5,
                              "pain_during": 2})
        ch.set_setting("plan.days", ["mon", "wed"])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "diary" / "paceit.db"


@pytest.fixture
def add_step(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Migration]:
    """Pretend this paceit knows one more schema step (version LATEST + 1)."""

    def install(*statements: str) -> Migration:
        step = Migration(NEXT, "test step", tuple(statements))
        patched = (*MIGRATIONS, step)
        for module in (paceit.db, paceit.migrations):
            monkeypatch.setattr(module, "MIGRATIONS", patched)
            monkeypatch.setattr(module, "LATEST", NEXT)
        return step

    return install


def refused_untouched(path: Path, **kwargs: Any) -> str:
    """connect() must refuse `path` and leave it, and its folder, exactly as they were."""
    is_file = path.is_file()
    before = (path.read_bytes(), path.stat().st_mtime_ns) if is_file else None
    listing = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(OperationalError) as caught:
        db.connect(path, now=NOW, **kwargs)
    if is_file:
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in path.parent.iterdir()) == listing
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.exit_code == EXIT_OPERATIONAL
    return message


# --- creating a new diary -----------------------------------------------------------------


def test_connect_creates_missing_folders_0700_and_the_file_0600(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "paceit.db"
    conn = db.connect(path, now=NOW)
    conn.close()
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700
    assert mode(path) == 0o600
    assert path.read_bytes().startswith(diary_file.SQLITE_HEADER)


def test_connect_never_changes_the_mode_of_an_existing_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    db.connect(shared / "paceit.db", now=NOW).close()
    assert mode(shared) == 0o755
    assert mode(shared / "paceit.db") == 0o600


def test_wal_and_shm_files_are_owner_only_too(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    fill(conn)
    sidecars = [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")]
    assert all(p.exists() for p in sidecars)
    assert [mode(p) for p in sidecars] == [0o600, 0o600]
    conn.close()


def test_connection_pragmas(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
    assert conn.isolation_level is None  # transactions are explicit (db.transaction)
    assert isinstance(conn.execute("SELECT 1 AS one").fetchone(), sqlite3.Row)
    conn.close()


def test_a_new_diary_is_at_the_latest_version_with_one_row_per_step(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    rows = [tuple(r) for r in conn.execute("SELECT * FROM schema_version ORDER BY version")]
    assert rows == [(m.version, m.description, now_utc_text(NOW)) for m in MIGRATIONS]
    assert db.schema_version(conn, db_path) == LATEST
    conn.close()
    assert list(db_path.parent.glob("*.bak")) == []  # nothing to back up in a new file


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute(
            "INSERT INTO session (uuid, activity_id, at_utc, day, utc_offset, amount, created_utc)"
            " VALUES ('u', 999, 'x', 'x', 0, 1, 'x')"
        )
    conn.close()


def test_reconnecting_migrates_nothing_and_keeps_every_row(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    fill(conn)
    conn.close()
    before = dump(db_path)
    for _ in range(2):
        db.connect(db_path, now=LATER).close()
    assert dump(db_path) == before
    assert list(db_path.parent.glob("*.bak")) == []


def test_migrate_skips_a_step_another_process_already_applied(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    # As if this process had read version 0 just before another one migrated the file.
    db.migrate(conn, db_path, current=0, now=LATER)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
    assert versions == [m.version for m in MIGRATIONS]
    conn.close()


def test_an_empty_file_becomes_a_new_diary(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.touch(mode=0o600)
    conn = db.connect(db_path, now=NOW)
    assert db.schema_version(conn, db_path) == LATEST
    conn.close()


def test_create_false_refuses_a_missing_file_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "paceit.db"
    with pytest.raises(OperationalError, match="no paceit database at"):
        db.connect(path, now=NOW, create=False)
    assert not path.parent.exists()


def test_create_false_opens_an_existing_diary(db_path: Path) -> None:
    db.connect(db_path, now=NOW).close()
    conn = db.connect(db_path, now=NOW, create=False)
    assert db.schema_version(conn, db_path) == LATEST
    conn.close()


def test_a_folder_that_cannot_be_created_is_an_operational_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OperationalError, match="cannot create"):
        db.connect(blocker / "paceit.db", now=NOW)


# --- refusing what is not ours, byte-for-byte unchanged -----------------------------------


@pytest.mark.parametrize(
    "content",
    [b"my shopping list\nmilk\n" * 50, b"PK\x03\x04" + bytes(range(256)) * 8, b"short"],
)
def test_refuses_a_file_that_is_not_sqlite(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    message = refused_untouched(path)
    assert "not a paceit database" in message and "nothing was changed" in message


def test_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "diary.db"
    folder.mkdir()
    (folder / "keep").write_text("x")
    message = refused_untouched(folder)
    assert "is a folder" in message
    assert [p.name for p in folder.iterdir()] == ["keep"]


def test_refuses_an_sqlite_file_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    raw.execute("INSERT INTO notes (body) VALUES ('keep me')")
    raw.commit()
    raw.close()
    message = refused_untouched(path)
    assert "SQLite file but not a paceit database" in message
    assert dump(path) == {"notes": [(1, "keep me")]}


def test_refuses_a_diary_from_a_newer_paceit(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    fill(conn)
    conn.close()
    raw = sqlite3.connect(db_path)
    raw.execute(
        "INSERT INTO schema_version (version, description, applied_utc) VALUES (?, 'future', 'x')",
        (NEXT,),
    )
    raw.commit()
    raw.close()
    before = dump(db_path)
    message = refused_untouched(db_path)
    assert f"schema {NEXT}" in message and f"up to {LATEST}" in message
    assert "newer paceit" in message and "not changed" in message
    assert dump(db_path) == before
    assert list(db_path.parent.glob("*.bak")) == []


# --- migrating: back up first, keep every row, roll back a failed step --------------------


def test_backup_before_migration_keeps_every_row(
    db_path: Path, add_step: Callable[..., Migration]
) -> None:
    conn = db.connect(db_path, now=NOW)
    fill(conn)
    conn.close()
    old = dump(db_path)

    add_step("ALTER TABLE pain_entry ADD COLUMN extra TEXT")
    conn = db.connect(db_path, now=LATER)

    backup = db_path.with_name(f"paceit.db.schema{LATEST}-20270203T040506.bak")
    assert sorted(db_path.parent.glob("*.bak")) == [backup]
    assert mode(backup) == 0o600
    assert dump(backup) == old
    assert raw_version(backup) == LATEST

    assert db.schema_version(conn, db_path) == NEXT
    assert columns(conn, "pain_entry")[-1] == "extra"
    new = {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in old}
    new["pain_entry"] = [row[:-1] for row in new["pain_entry"]]
    assert conn.execute("SELECT count(*) FROM pain_entry WHERE extra IS NOT NULL").fetchone()[0] == 0
    assert new["schema_version"][:-1] == old["schema_version"]
    assert new["schema_version"][-1] == (NEXT, "test step", now_utc_text(LATER))
    del new["schema_version"], old["schema_version"]
    assert new == old
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_backups_taken_in_the_same_second_do_not_overwrite_each_other(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    first = copies.backup_before_migration(conn, db_path, 1, LATER)
    second = copies.backup_before_migration(conn, db_path, 1, LATER)
    third = copies.backup_before_migration(conn, db_path, 1, LATER)
    conn.close()
    assert first.name == "paceit.db.schema1-20270203T040506.bak"
    assert second.name == "paceit.db.schema1-20270203T040506-2.bak"
    assert third.name == "paceit.db.schema1-20270203T040506-3.bak"
    assert {mode(p) for p in (first, second, third)} == {0o600}


def test_a_failing_step_rolls_back_and_names_the_backup(
    db_path: Path, add_step: Callable[..., Migration]
) -> None:
    conn = db.connect(db_path, now=NOW)
    fill(conn)
    conn.close()
    old = dump(db_path)

    add_step(
        "CREATE TABLE half_done (x INTEGER)",
        "ALTER TABLE pain_entry ADD COLUMN extra TEXT",
        "THIS IS NOT SQL",
    )
    with pytest.raises(OperationalError) as caught:
        db.connect(db_path, now=LATER)
    message = str(caught.value)
    [backup] = db_path.parent.glob("*.bak")
    assert str(backup) in message
    assert f"from schema {LATEST} to {NEXT} failed at step {NEXT}" in message
    assert f"unchanged at schema {LATEST}" in message
    assert "\n" not in message

    assert raw_version(db_path) == LATEST
    assert dump(db_path) == old  # no half_done table, no extra column, every row kept
    assert dump(backup) == old


def test_a_failed_step_can_be_retried_once_fixed(
    db_path: Path, add_step: Callable[..., Migration]
) -> None:
    db.connect(db_path, now=NOW).close()
    add_step("THIS IS NOT SQL")
    with pytest.raises(OperationalError):
        db.connect(db_path, now=NOW)
    add_step("ALTER TABLE pain_entry ADD COLUMN extra TEXT")
    conn = db.connect(db_path, now=LATER)
    assert db.schema_version(conn, db_path) == NEXT
    conn.close()


def test_a_failing_first_step_on_a_new_file_mentions_no_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (Migration(1, "broken", ("CREATE TABLE schema_version (version INTEGER)", "NOPE")),)
    monkeypatch.setattr(paceit.db, "MIGRATIONS", broken)
    monkeypatch.setattr(paceit.db, "LATEST", 1)
    with pytest.raises(OperationalError) as caught:
        db.connect(db_path, now=NOW)
    assert "backup" not in str(caught.value)
    assert "unchanged at schema 0" in str(caught.value)
    assert dump(db_path) == {}


# --- transactions and error translation ---------------------------------------------------


def test_transaction_commits_on_success_and_rolls_back_on_any_exception(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    insert = "INSERT INTO setting (key, value, updated_utc) VALUES (?, '1', 'x')"
    with db.transaction(conn):
        conn.execute(insert, ("kept",))
    for exc in (ValueError("boom"), KeyboardInterrupt()):
        with pytest.raises(type(exc)), db.transaction(conn):
            conn.execute(insert, ("lost",))
            raise exc
    assert not conn.in_transaction
    assert [r[0] for r in conn.execute("SELECT key FROM setting")] == ["kept"]
    conn.close()


def test_a_locked_database_becomes_a_plain_busy_message(db_path: Path) -> None:
    writer = db.connect(db_path, now=NOW)
    other = db.connect(db_path, now=NOW)
    other.execute("PRAGMA busy_timeout = 0")
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError) as caught, db.transaction(other):
            pass
        translated = db.translate(caught.value, db_path)
        assert translated.message == (
            f"the database is busy ({db_path}): another paceit is writing; try again in a moment"
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        other.close()


@pytest.mark.parametrize(
    ("sqlite_message", "expected"),
    [
        ("database is locked", "the database is busy (/d/p.db): another paceit is writing"),
        ("database table is locked", "the database is busy (/d/p.db)"),
        ("attempt to write a readonly database", "the database is read-only (/d/p.db)"),
        ("unable to open database file", "cannot open the database (/d/p.db)"),
        ("database or disk is full", "the disk is full (/d/p.db); nothing was saved"),
        ("file is not a database", "the database file is damaged (/d/p.db); nothing was changed"),
        ("database disk image is malformed", "the database file is damaged (/d/p.db)"),
        ("no such table: pain", "database error (/d/p.db): no such table: pain"),
    ],
)
def test_translate(sqlite_message: str, expected: str) -> None:
    result = db.translate(sqlite3.OperationalError(sqlite_message), Path("/d/p.db"))
    assert isinstance(result, OperationalError)
    assert result.exit_code == EXIT_OPERATIONAL
    assert result.message.startswith(expected)
    assert "\n" not in result.message


def test_translate_without_a_path() -> None:
    assert db.translate(sqlite3.OperationalError("database is locked")).message == (
        "the database is busy: another paceit is writing; try again in a moment"
    )


def test_a_damaged_file_is_reported_as_damaged_and_left_alone(db_path: Path) -> None:
    conn = db.connect(db_path, now=NOW)
    fill(conn)
    conn.close()
    data = bytearray(db_path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the SQLite header, wreck the rest
    db_path.write_bytes(bytes(data))
    message = refused_untouched(db_path)
    assert "damaged" in message
