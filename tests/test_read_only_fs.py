"""A diary on a read-only filesystem (issue 16, item 24): a backup disk or a snapshot
mounted read-only, a live system's read-only root. Reading commands and copies to a
writable place work; a command that would record something is refused in one line that
says the folder is on a read-only filesystem (not "check its permissions", which no chmod
can fix), and nothing is changed.

The filesystem is really read-only: a tmpfs mounted here, filled, then remounted
read-only (root only; skipped, with the reason, where the test may not mount). Permissions
cannot stand in for it: root ignores them, and a folder without write permission is a
different fault (test_damaged_files.py)."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import NOW, child_env, fails, fixed_clock, flat, ok, run

HELD = "a write-ahead log holding the last entry"
CLEAN = "closed cleanly (no write-ahead log)"


def _mount(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["mount", *args], capture_output=True, check=False, env=child_env())


def _paceit(db: Path, *args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "paceit", "--db", str(db), *args],
        env=child_env(PACEIT_NOW=NOW, TZ="UTC"), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr


# A process that writes one more entry and ends without closing its connection (as a
# killed one would): the entry stays in the diary's -wal file, not yet in the diary.
LEAVE_WAL = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("UPDATE pain_entry SET note = 'in the log only' WHERE id = (SELECT max(id) FROM pain_entry)")
conn.commit()
os._exit(0)
"""


@pytest.fixture(params=[CLEAN, HELD])
def mounted(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A diary of three entries on a filesystem then remounted read-only; yields its path."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only filesystem needs root")
    point = tmp_path / "mnt"
    point.mkdir()
    made = _mount("-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(point))
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr!r}")
    try:
        db = point / "diary" / "paceit.db"
        for score in ("3", "4", "5"):
            _paceit(db, "pain", score, "--note", f"entry {score}")
        if request.param == HELD:
            leave = subprocess.run(
                [sys.executable, "-c", LEAVE_WAL, str(db)], env=child_env(), capture_output=True, check=False
            )
            assert leave.returncode == 0 and Path(f"{db}-wal").exists(), leave.stderr
        assert _mount("-o", "remount,ro", str(point)).returncode == 0
        with pytest.raises(OSError) as refused:
            (db.parent / "probe").write_text("x")
        assert refused.value.errno == errno.EROFS  # really read-only, even to root
        yield db
    finally:
        _mount("-o", "remount,rw", str(point))
        subprocess.run(["umount", str(point)], capture_output=True, check=False, env=child_env())


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reading_commands_and_copies_elsewhere_work(mounted: Path, tmp_path: Path) -> None:
    before = _files(mounted.parent)
    db = str(mounted)
    last = "in the log only" if Path(f"{mounted}-wal").exists() else "entry 5"

    entries = json.loads(ok("--db", db, "history", "--json").stdout)
    assert [e["note"] for e in entries] == ["entry 3", "entry 4", last]
    for args in (["next"], ["trends"], ["report"], ["check"], ["config", "show"], ["insights"]):
        ok("--db", db, *args)
    exported = json.loads(ok("--db", db, "export").stdout)
    assert [r["note"] for r in exported["tables"]["pain_entry"]["rows"]] == ["entry 3", "entry 4", last]
    copy, out = tmp_path / "copies" / "diary.db", tmp_path / "copies" / "diary.json"
    assert run("--db", db, "backup", str(copy)).exit_code == 0
    assert run("--db", db, "export", "--output", str(out)).exit_code == 0
    assert run("--db", db, "report", "--output", str(tmp_path / "copies" / "report.txt")).exit_code == 0
    conn = sqlite3.connect(copy)
    assert [r[0] for r in conn.execute("SELECT note FROM pain_entry ORDER BY id")] == ["entry 3", "entry 4", last]
    conn.close()
    assert json.loads(out.read_text())["paceit_export"]["row_counts"]["pain_entry"] == 3
    assert _files(mounted.parent) == before


@pytest.mark.parametrize(
    "args",
    [["pain", "6"], ["undo"], ["config", "set", "backup.keep", "3"], ["activity", "add", "walking", "--unit", "min"],
     ["backup"]],
    ids=" ".join,
)  # fmt: skip
def test_a_command_that_records_says_the_folder_is_read_only(mounted: Path, args: list[str]) -> None:
    before = _files(mounted.parent)

    line = fails("--db", str(mounted), *args, code=1)

    assert "read-only filesystem" in line and str(mounted.parent) in line, line
    assert "permissions" not in line, line
    assert _files(mounted.parent) == before


def test_a_new_diary_on_a_read_only_filesystem_is_refused_in_words(mounted: Path) -> None:
    line = fails("--db", str(mounted.parent / "new.db"), "pain", "4", code=1)
    assert "read-only filesystem" in flat(line) and "permissions" not in line, line


def test_the_python_api_reads_it_too(mounted: Path) -> None:
    """paceit.api (docs/api.md) on a backup disk: read as the commands read it, the
    entries still only in the write-ahead log included, and nothing there changes."""
    from paceit import api

    before = _files(mounted.parent)
    last = "in the log only" if Path(f"{mounted}-wal").exists() else "entry 5"
    with api.open_diary(mounted) as diary:
        assert [e.note for e in diary.pain_entries()] == ["entry 3", "entry 4", last]
    assert _files(mounted.parent) == before
