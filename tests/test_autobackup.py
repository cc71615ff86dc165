"""The rolling daily copy (paceit.autobackup): taken before the first write of each day,
0600 files in a 0700 `backups` folder, the last `backup.keep` kept (oldest pruned first),
never by a read-only command, and never the reason a write fails."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import count, done, logical_dump, ok, rows, run, time_zone


@pytest.fixture(autouse=True)
def _utc() -> Iterator[None]:
    with time_zone("UTC"):
        yield


def on(monkeypatch: pytest.MonkeyPatch, day: int, hour: int = 9) -> None:
    monkeypatch.setenv("PACEIT_NOW", f"2026-11-{day:02d}T{hour:02d}:00:00+00:00")


def folder(db: Path) -> Path:
    return db.parent / "backups"


def names(db: Path) -> list[str]:
    return sorted(p.name for p in folder(db).iterdir()) if folder(db).exists() else []


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_first_write_of_a_day_copies_the_diary_as_it_was(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on(monkeypatch, 1)
    ok("pain", "3")  # a new, empty diary: nothing to copy yet
    assert names(isolated_db) == []
    before_second = logical_dump(isolated_db)
    ok("pain", "4")  # the first write that finds something to keep
    assert names(isolated_db) == ["paceit-daily-2026-11-01.db"]
    copy = folder(isolated_db) / "paceit-daily-2026-11-01.db"
    assert logical_dump(copy) == before_second
    assert mode(copy) == 0o600 and mode(folder(isolated_db)) == 0o700

    on(monkeypatch, 1, 20)
    ok("pain", "5")  # same day: no second copy, the first one is unchanged
    assert names(isolated_db) == ["paceit-daily-2026-11-01.db"]
    assert logical_dump(copy) == before_second

    on(monkeypatch, 2)
    before_day_two = logical_dump(isolated_db)
    ok("activity", "add", "walking", "--unit", "min")
    assert names(isolated_db) == ["paceit-daily-2026-11-01.db", "paceit-daily-2026-11-02.db"]
    assert logical_dump(folder(isolated_db) / "paceit-daily-2026-11-02.db") == before_day_two
    assert count(folder(isolated_db) / "paceit-daily-2026-11-02.db", "pain_entry") == 3


def test_edit_delete_and_undo_are_writes_too(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, 1)
    ok("pain", "3")
    # the undo is of the day before's change: --yes (off a terminal, it would otherwise ask)
    for day, args in ((2, ("edit", "pain", "1", "--pain", "4")), (3, ("delete", "pain", "1")), (4, ("undo", "--yes"))):
        on(monkeypatch, day)
        ok(*args)
        assert f"paceit-daily-2026-11-{day:02d}.db" in names(isolated_db)
    assert [r["pain"] for r in rows(folder(isolated_db) / "paceit-daily-2026-11-02.db", "pain_entry")] == [3]
    assert count(folder(isolated_db) / "paceit-daily-2026-11-04.db", "pain_entry") == 0  # taken before the undo


def test_keeps_the_last_seven_by_default_pruning_the_oldest(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, 1)
    ok("pain", "3")
    manual = folder(isolated_db) / "paceit-mine.db"
    done("backup", str(manual))
    for day in range(2, 13):
        on(monkeypatch, day)
        ok("pain", "4")
    assert names(isolated_db) == [f"paceit-daily-2026-11-{d:02d}.db" for d in range(6, 13)] + ["paceit-mine.db"]


def test_backup_keep_setting_controls_how_many(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, 1)
    ok("pain", "3")
    ok("config", "set", "backup.keep", "2")
    for day in range(2, 6):
        on(monkeypatch, day)
        ok("pain", "4")
    assert names(isolated_db) == ["paceit-daily-2026-11-04.db", "paceit-daily-2026-11-05.db"]


@pytest.mark.parametrize(
    "command",
    [
        ["history"],
        ["next"],
        ["check"],
        ["config", "show"],
        ["activity", "list"],
        ["ladder", "list"],
        ["backup"],
        ["plan"],
        ["goal", "list"],
        ["flare", "plan"],
    ],
    ids=" ".join,
)
def test_read_only_commands_never_take_a_copy(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    on(monkeypatch, 1)
    ok("pain", "3")
    on(monkeypatch, 2)
    result = run(*command)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert [n for n in names(isolated_db) if n.startswith("daily")] == []


def test_a_failed_copy_warns_once_and_the_write_goes_on(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, 1)
    ok("pain", "3")
    folder(isolated_db).write_text("a file where the backups folder should be")

    on(monkeypatch, 2)
    result = run("pain", "6")

    assert result.exit_code == 0, result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith("paceit: warning: today's automatic backup could not be written")
    assert "your change is saved" in warning
    assert [r["pain"] for r in rows(isolated_db, "pain_entry")] == [3, 6]
    assert folder(isolated_db).read_text() == "a file where the backups folder should be"


def test_a_failed_copy_leaves_no_partial_file(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy itself fails half-way (the source stops being readable): no half file."""
    on(monkeypatch, 1)
    ok("pain", "3")
    import paceit.copies

    def broken(conn: sqlite3.Connection, part: Path) -> None:
        part.write_bytes(b"half a copy")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(paceit.copies, "_write_copy", broken)
    on(monkeypatch, 2)
    result = run("pain", "6")
    assert result.exit_code == 0 and "disk I/O error" in result.stderr
    assert names(isolated_db) == []
    assert count(isolated_db, "pain_entry") == 2


def test_parts_left_by_a_crash_on_an_earlier_day_are_swept(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on(monkeypatch, 1)
    ok("pain", "3")
    folder(isolated_db).mkdir(mode=0o700)
    (folder(isolated_db) / ".daily-2026-10-30.999.part").write_bytes(b"crashed")
    on(monkeypatch, 2)
    ok("pain", "4")
    assert names(isolated_db) == ["paceit-daily-2026-11-02.db"]
