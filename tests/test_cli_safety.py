"""`paceit backup|restore|check`: safe copies, restoring without losing the current
diary, and reporting damage with exit 1."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import checkpoint, child_env, count, done, fails, fixed_clock, flat, logical_dump, ok, read_json, rows


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> object:
    with fixed_clock(monkeypatch):
        yield


def test_backup_writes_an_owner_only_standalone_copy_with_every_row(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4", "--sleep", "6")
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20")
    target = tmp_path / "copies" / "copy.db"

    result = done("backup", str(target))

    assert "1 diary entry, 1 session, 0 trials" in flat(result.stderr)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert rows(target, "pain_entry") == rows(isolated_db, "pain_entry")
    assert rows(target, "session") == rows(isolated_db, "session")
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}-shm").exists()


def test_backup_without_path_goes_to_a_dated_file_in_the_backups_folder(isolated_db: Path) -> None:
    ok("pain", "4")
    done("backup")
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
    done("backup", str(copy))
    ok("pain", "7")
    before_restore = logical_dump(isolated_db)

    result = done("restore", str(copy))

    assert [r["pain"] for r in read_json("history", "--json")] == [4]
    kept = isolated_db.parent / "backups" / "paceit-before-restore-20261121-180000.db"
    assert str(kept) in result.stderr
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
    done("backup", str(copy))
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


def _damage(path: Path) -> None:
    for _ in range(200):  # filler for the pages to damage: the same entry again on purpose
        ok("pain", "5", "--note", "x" * 500, "--again")
    checkpoint(path)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12), 97):  # scribble over several b-tree pages
        data[offset] = (data[offset] + 113) % 256
    path.write_bytes(bytes(data))


def test_check_reports_damage_in_plain_words_and_names_the_backup_to_restore(isolated_db: Path) -> None:
    ok("pain", "4")
    done("backup")
    _damage(isolated_db)

    message = fails("check", code=1)

    folder = isolated_db.parent / "backups"
    assert f"your diary at {isolated_db} is damaged" in message
    assert "some entries may be missing or wrong" in message
    # the copy made by hand, or the automatic daily copy taken after it (both hold the entry)
    named = message.split("Bring back your newest backup with 'paceit restore ", 1)[1].split("'")[0]
    assert named in (str(folder / "paceit-20261121-180000.db"), str(folder / "paceit-daily-2026-11-21.db"))
    assert "btree" not in message.lower() and "page" not in message.lower()  # no SQLite jargon


def test_check_in_plain_words_for_a_healthy_diary_and_a_missing_one(isolated_db: Path) -> None:
    assert "there is no diary at" in fails("check", code=1)
    assert not isolated_db.exists()
    ok("pain", "4")
    first = flat(ok("check").stdout)
    assert f"Your diary at {isolated_db} is in good order" in first
    assert "No backup yet: make one with 'paceit backup'." in first
    done("backup")
    assert "Newest backup: " in flat(ok("check").stdout)


def test_restore_over_a_damaged_diary_keeps_the_damaged_file_aside(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    copy = tmp_path / "copy.db"
    done("backup", str(copy))
    _damage(isolated_db)
    damaged = isolated_db.read_bytes()

    result = done("restore", str(copy))

    kept = isolated_db.parent / "backups" / "paceit-before-restore-20261121-180000.db"
    assert str(kept) in result.stderr and kept.exists()
    assert len(kept.read_bytes()) == len(damaged)
    assert [r["pain"] for r in read_json("history", "--json")] == [4]
    ok("check")
    done("restore", str(copy))  # a second restore in the same second keeps its own copy
    assert (isolated_db.parent / "backups" / "paceit-before-restore-20261121-180000-2.db").exists()


def test_restore_does_not_replace_a_file_that_is_not_sqlite(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    copy = tmp_path / "copy.db"
    done("backup", str(copy))
    checkpoint(isolated_db)
    isolated_db.write_bytes(b"my thesis, not a diary" * 100)

    message = fails("restore", str(copy), code=1)

    assert "will not replace it" in message and "move it aside" in message
    assert isolated_db.read_bytes() == b"my thesis, not a diary" * 100


# --- consistency while another paceit process writes -----------------------------------

WRITER = """
import gc, sys
from pathlib import Path
from paceit.cli.app import app

db, stop = sys.argv[1], Path(sys.argv[2])
written = 0
while not stop.exists() and written < 5000:
    code = app(["--db", db, "pain", "3", "--note", f"w{written}"], standalone_mode=False)
    if code != 0:
        sys.exit(f"write {written} failed with {code}")
    written += 1
    gc.collect()  # close the run's connection, as a finished process would
print(written, file=sys.stderr)
"""


def _notes(path: Path) -> list[str]:
    return [r["note"] for r in rows(path, "pain_entry")]


def _wait_for_more_than(path: Path, n: int, writer: subprocess.Popen[str]) -> None:
    """Wait (no time limit of our own: the test runner's applies) until the writer has
    stored more than n entries, so every backup below is taken in the middle of writes."""
    while count(path, "pain_entry") <= n:
        assert writer.poll() is None, writer.communicate()
        time.sleep(0.02)


@contextmanager
def another_process_writing(db: Path, tmp_path: Path) -> Iterator[Callable[[int], None]]:
    """A separate paceit process adds diary entries w0, w1, ... in a loop until the block
    ends; the block gets a function that waits until more than n entries are stored."""
    stop = tmp_path / "stop"
    env = {**os.environ, "PACEIT_NOW": "2026-11-21T18:00:00+00:00", "TZ": "UTC"}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(stop)],
        env=child_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield lambda n: _wait_for_more_than(db, n, writer)
    finally:
        stop.touch()
        _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert _notes(db) == ["w-first", *(f"w{i}" for i in range(int(err.split()[-1])))]


def _assert_prefixes(final: list[str], snapshots: list[list[str]]) -> None:
    for notes in snapshots:
        assert notes == final[: len(notes)]  # a prefix of the writes: never a torn or reordered state
    sizes = [len(n) for n in snapshots]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)


def test_backups_taken_while_another_process_writes_are_intact_prefixes(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "3", "--note", "w-first")
    copies = [tmp_path / f"copy-{n}.db" for n in range(6)]
    with another_process_writing(isolated_db, tmp_path) as wait_for_more_than:
        seen = 1
        for copy in copies:
            wait_for_more_than(seen)
            done("backup", str(copy))
            seen = count(copy, "pain_entry")
    for copy in copies:
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert count(copy, "audit") == count(copy, "pain_entry")  # each write with its undo record
    _assert_prefixes(_notes(isolated_db), [_notes(c) for c in copies])
    ok("--db", str(copies[-1]), "check")


def test_exports_taken_while_another_process_writes_are_consistent(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "3", "--note", "w-first")
    exports = []
    with another_process_writing(isolated_db, tmp_path) as wait_for_more_than:
        seen = 1
        for n in range(4):
            wait_for_more_than(seen)
            target = tmp_path / f"export-{n}.json"
            done("export", "--output", str(target))
            exports.append(json.loads(target.read_text(encoding="utf-8"))["tables"])
            seen = len(exports[-1]["pain_entry"]["rows"])
    for tables in exports:
        assert len(tables["audit"]["rows"]) == len(tables["pain_entry"]["rows"])  # one snapshot, not two moments
    _assert_prefixes(_notes(isolated_db), [[r["note"] for r in t["pain_entry"]["rows"]] for t in exports])


# --- backups of this diary only (issue 5, gap 14) ------------------------------------------


def test_check_names_only_a_backup_of_this_diary(tmp_path: Path) -> None:
    """Two diaries in one folder share its `backups` folder: each is told about its own copies."""
    mine, other = tmp_path / "mine.db", tmp_path / "other.db"
    ok("--db", str(mine), "pain", "4")
    ok("--db", str(other), "pain", "6")
    done("--db", str(other), "backup")  # backups/other-20261121-180000.db

    assert read_json("--db", str(mine), "check")["newest_backup"] is None
    assert "No backup yet" in flat(ok("--db", str(mine), "check").stdout)
    backups = tmp_path / "backups"
    assert read_json("--db", str(other), "check")["newest_backup"] == str(backups / "other-20261121-180000.db")

    done("--db", str(mine), "backup")
    assert read_json("--db", str(mine), "check")["newest_backup"] == str(backups / "mine-20261121-180000.db")
    _damage(mine)
    message = fails("--db", str(mine), "check", code=1)
    assert "mine-20261121-180000.db" in message and "other-" not in message


def test_a_damaged_copy_of_this_diary_is_never_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.db"
    ok("--db", str(mine), "pain", "4")
    monkeypatch.setenv("PACEIT_NOW", "2026-11-20T09:00:00+00:00")
    done("--db", str(mine), "backup")  # older, intact
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T18:00:00+00:00")
    done("--db", str(mine), "backup")  # newer, then damaged
    newer = tmp_path / "backups" / "mine-20261121-180000.db"
    for _ in range(3):
        ok("--db", str(newer), "pain", "5", "--note", "x" * 500, "--again")
    _damage(newer)
    older = tmp_path / "backups" / "mine-20261120-090000.db"
    assert read_json("--db", str(mine), "check")["newest_backup"] == str(older)


def test_two_diaries_in_one_folder_keep_their_own_daily_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = tmp_path / "mine.db", tmp_path / "other.db"
    for day in (20, 21):
        monkeypatch.setenv("PACEIT_NOW", f"2026-11-{day}T18:00:00+00:00")
        for db in (mine, other):
            ok("--db", str(db), "pain", "4")
            ok("--db", str(db), "pain", "5")
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert names == [
        "mine-daily-2026-11-20.db",
        "mine-daily-2026-11-21.db",
        "other-daily-2026-11-20.db",
        "other-daily-2026-11-21.db",
    ]
    assert count(tmp_path / "backups" / "other-daily-2026-11-21.db", "pain_entry") == 2  # other's, before its day
    ok("--db", str(mine), "config", "set", "backup.keep", "1")
    ok("--db", str(mine), "pain", "3")
    monkeypatch.setenv("PACEIT_NOW", "2026-11-22T18:00:00+00:00")
    ok("--db", str(mine), "pain", "3")  # prunes mine's oldest, never other's
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert names == ["mine-daily-2026-11-22.db", "other-daily-2026-11-20.db", "other-daily-2026-11-21.db"]


def test_unnamed_daily_copies_of_an_older_paceit_are_never_named_and_age_out(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("pain", "4")
    folder = isolated_db.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    for day in ("2026-11-01", "2026-11-20"):
        ok("--db", str(folder / f"daily-{day}.db"), "pain", "2")  # whose diary? nobody can tell
    assert read_json("check")["newest_backup"] is None
    ok("pain", "5")  # today's first write with data: takes this diary's copy, and prunes
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["daily-2026-11-20.db", "paceit-daily-2026-11-21.db"]


def test_every_file_confirmation_goes_to_stderr_as_the_report_s_does(tmp_path: Path) -> None:
    """stdout is data (architecture): the lines that confirm a file written or a diary
    replaced are messages, so a script piping stdout gets nothing from them."""
    ok("pain", "3")
    copy, export, report = tmp_path / "copy.db", tmp_path / "diary.json", tmp_path / "report.txt"
    confirmations = {
        "report": done("report", "--output", str(report)).stderr,
        "backup": done("backup", str(copy)).stderr,
        "export": done("export", "--output", str(export)).stderr,
        "import": done("import", str(export)).stderr,
        "restore": done("restore", str(copy)).stderr,
    }
    assert confirmations["report"].startswith("Wrote the report (text, health data")
    assert confirmations["backup"].startswith(f"Backed up your diary to {copy} ")
    assert confirmations["export"].startswith("Exported ") and "keep it private" in confirmations["export"]
    assert confirmations["restore"].startswith(f"Restored your diary from {copy} ")
    assert json.loads(ok("export").stdout)  # without --output the export is the data, on stdout


def test_the_checklist_help_gives_each_code_with_its_question() -> None:
    """Off a terminal the checklist is ticked by code; the codes once came without their
    meaning anywhere but TAB (a new-user review), so `--help` lists each code with its
    question, by group."""
    from paceit.redflags import CODES

    text = " ".join(ok("redflag", "check", "--help").stdout.split())
    for spec in CODES:
        assert f"{spec.code}: {spec.question}" in text, spec.code
