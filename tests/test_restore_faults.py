"""`restore` where it matters most (issue 16, items 3 and 4): over a diary SQLite can no
longer read (cut short, or garbage over its first pages), and while other paceit processes
write to the diary. A damaged diary is kept byte for byte and the backup put in its place,
`check` names the newest intact backup; and no write that printed "Saved" is ever lost:
each is in the restored diary or in the copy kept before the restore."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from helpers import checkpoint, done, fails, fixed_clock, flat, ok, run


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> object:
    with fixed_clock(monkeypatch):
        yield


def _notes(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT note FROM pain_entry ORDER BY id")]
    finally:
        conn.close()


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage_over_first_pages(path: Path, *, start: int) -> None:
    """Random bytes over the first three 4 KiB pages, from `start` (0: the SQLite header
    goes too; 100: the header stays, the schema page and the pages after it do not)."""
    data = bytearray(path.read_bytes())
    noise = random.Random(16).randbytes(3 * 4096 - start)
    data[start : 3 * 4096] = noise
    path.write_bytes(bytes(data))


DAMAGE = {
    "cut in half": _cut_in_half,
    "garbage over the first pages, header kept": lambda p: _garbage_over_first_pages(p, start=100),
    "garbage over the first pages and the header": lambda p: _garbage_over_first_pages(p, start=0),
}


def _diary_with_a_backup(db: Path) -> Path:
    """A diary of 120 entries (enough pages to cut), with a backup of its first 60."""
    for i in range(60):
        ok("pain", str(i % 11), "--note", f"early {i} " + "x" * 200)
    done("backup")
    for i in range(60):
        ok("pain", str(i % 11), "--note", f"late {i} " + "x" * 200)
    checkpoint(db)
    [backup] = (db.parent / "backups").glob("paceit-2*.db")
    return backup


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_check_names_the_newest_intact_backup_of_a_damaged_diary(isolated_db: Path, damage: str) -> None:
    backup = _diary_with_a_backup(isolated_db)
    daily = isolated_db.parent / "backups" / "paceit-daily-2026-11-21.db"  # taken before the second entry
    os.utime(daily, (1, 1))  # older than the backup made by hand
    DAMAGE[damage](isolated_db)
    damaged = isolated_db.read_bytes()

    message = fails("check", code=1)

    assert f"your diary at {isolated_db} is damaged" in message, message
    assert f"Bring back your newest backup with 'paceit restore {backup}'" in message, message
    as_json = run("check", "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["newest_backup"] == str(backup)
    assert isolated_db.read_bytes() == damaged


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_restore_keeps_a_byte_copy_of_a_damaged_diary_and_puts_the_backup_in_place(
    isolated_db: Path, damage: str
) -> None:
    backup = _diary_with_a_backup(isolated_db)
    DAMAGE[damage](isolated_db)
    damaged = isolated_db.read_bytes()

    result = done("restore", str(backup))

    kept = isolated_db.parent / "backups" / "paceit-before-restore-20261121-180000.db"
    assert f"Your diary as it was before is kept at {kept}" in flat(result.stderr)
    assert kept.read_bytes() == damaged
    assert _notes(isolated_db) == [f"early {i} " + "x" * 200 for i in range(60)]
    assert "in good order" in flat(ok("check").stdout)
