"""`paceit backup|restore|check`: safe copies, restoring without losing the current
diary, and reporting damage with exit 1."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from helpers import count, fails, fixed_clock, flat, logical_dump, ok, read_json, rows, run


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> object:
    with fixed_clock(monkeypatch):
        yield


def test_backup_writes_an_owner_only_standalone_copy_with_every_row(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4", "--sleep", "6")
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20")
    target = tmp_path / "copies" / "copy.db"

    result = ok("backup", str(target))

    assert "1 diary entry, 1 session, 0 trials" in flat(result.stdout)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert rows(target, "pain_entry") == rows(isolated_db, "pain_entry")
    assert rows(target, "session") == rows(isolated_db, "session")
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}-shm").exists()


def test_backup_without_path_goes_to_a_dated_file_in_the_backups_folder(isolated_db: Path) -> None:
    ok("pain", "4")
    ok("backup")
    copies = list((isolated_db.parent / "backups").glob("paceit-20261121-180000.db"))
    assert len(copies) == 1
    assert count(copies[0], "pain_entry") == 1


def test_backup_refuses_to_overwrite_an_existing_file(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    target = tmp_path / "copy.db"
    target.write_bytes(b"precious")
    message = fails("backup", str(target))
    assert "PATH" in message and "already exists" in message
    assert target.read_bytes() == b"precious"


def test_restore_replaces_the_diary_and_keeps_the_current_one_aside(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    ok("pain", "7")
    before_restore = logical_dump(isolated_db)

    result = ok("restore", str(copy))

    assert [r["pain"] for r in read_json("history", "--json")] == [4]
    kept = isolated_db.parent / "backups" / "paceit-before-restore-20261121-180000.db"
    assert str(kept) in result.stdout
    assert logical_dump(kept) == before_restore


@pytest.mark.parametrize("content", [b"garbage, not a database", b""])
def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(
    isolated_db: Path, tmp_path: Path, content: bytes
) -> None:
    ok("pain", "4")
    before = logical_dump(isolated_db)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    message = fails("restore", str(bad))
    assert message.startswith("paceit: error: PATH")
    assert logical_dump(isolated_db) == before
    assert not (isolated_db.parent / "backups").exists()


def test_restore_refuses_a_copy_from_a_newer_paceit(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    with sqlite3.connect(copy) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999, 'future', '2099-01-01 00:00:00')")
    message = fails("restore", str(copy))
    assert "newer paceit" in message
    fails("restore", str(tmp_path / "missing.db"))


def test_check_reports_a_healthy_diary(isolated_db: Path) -> None:
    ok("pain", "4")
    report = read_json("check", "--json")
    assert report["ok"] is True
    assert report["integrity"] == ["ok"]
    assert report["schema"] == report["latest_schema"]


def test_check_reports_damage_with_exit_1(isolated_db: Path) -> None:
    ok("pain", "4")
    for _ in range(200):
        ok("pain", "5", "--note", "x" * 500)
    with sqlite3.connect(isolated_db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(isolated_db.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12), 97):  # scribble over several b-tree pages
        data[offset] = (data[offset] + 113) % 256
    isolated_db.write_bytes(bytes(data))

    result = run("check")

    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "restore" in result.stderr
