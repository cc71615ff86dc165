"""Where `report --output` and `export --output` may write (issue 16, items 6 and 9).

Never over the diary, its working files or its backups, even with --force (a slip of
the keyboard replaced the live diary with a report); and never over a file that appeared
while the report was being written, without --force (a real race with another process)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import NOW, child_env, done, fails, fixed_clock, logical_dump, ok


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def _link(db: Path) -> Path:
    link = db.parent.parent / "diary-link.db"
    link.symlink_to(db)
    return link


def _upgrade_copy(db: Path) -> Path:
    copy = db.with_name("paceit.db.schema3-20261101T080000.bak")
    shutil.copyfile(db, copy)
    return copy


TARGETS: dict[str, Callable[[Path], Path]] = {
    "the diary": lambda db: db,
    "its -wal": lambda db: Path(f"{db}-wal"),
    "its -shm": lambda db: Path(f"{db}-shm"),
    "its -journal": lambda db: Path(f"{db}-journal"),
    "a link to the diary": _link,
    "its daily copy": lambda db: db.parent / "backups" / "paceit-daily-2026-11-21.db",
    "a backup of it": lambda db: db.parent / "backups" / "paceit-20261121-180000.db",
    "its copy from before an upgrade": _upgrade_copy,
}
WRITERS = {
    "report": ["report", "--force", "--output"],
    "report --format html": ["report", "--format", "html", "--force", "--output"],
    "export": ["export", "--force", "--output"],
}


@pytest.mark.parametrize("writer", WRITERS, ids=list(WRITERS))
@pytest.mark.parametrize("target", TARGETS, ids=list(TARGETS))
def test_output_never_replaces_the_diary_its_working_files_or_its_backups(
    isolated_db: Path, target: str, writer: str
) -> None:
    ok("pain", "4", "--note", "first")
    ok("pain", "5", "--note", "second")  # the day's second write: the daily copy exists
    done("backup")
    holder = sqlite3.connect(isolated_db)  # another paceit's connection: -wal and -shm exist
    try:
        holder.execute("SELECT count(*) FROM pain_entry").fetchall()
        path = TARGETS[target](isolated_db)
        before = path.read_bytes() if path.exists() else None
        diary = logical_dump(isolated_db)

        message = fails(*WRITERS[writer], str(path))

        assert f"--output {path} is " in message and "choose another name" in message, message
        assert (path.read_bytes() if path.exists() else None) == before
        assert logical_dump(isolated_db) == diary
        assert [r[0] for r in holder.execute("SELECT note FROM pain_entry ORDER BY id")] == ["first", "second"]
    finally:
        holder.close()


# --- item 9: a file that appears while the report is written --------------------------------

RACED_NEEDED = 4  # rounds the other program must win, so the race was really run
MAX_ROUNDS = 64


@contextlib.contextmanager
def disk_folder(fallback: Path) -> Iterator[Path]:
    """A new folder on /var/tmp (a disk on most systems, where an fsync takes time and the
    race's window is wide), else `fallback`'s "out" (the suite's temporary folders may be
    on a tmpfs, conftest.MEMORY_TEMP); removed afterwards."""
    base = Path("/var/tmp")
    if not (base.is_dir() and os.access(base, os.W_OK | os.X_OK)):
        folder = fallback / "out"
        folder.mkdir()
        yield folder
        return
    with tempfile.TemporaryDirectory(dir=base, prefix="paceit-race-") as name:
        yield Path(name)


def _race_once(db: Path, target: Path) -> tuple[bool, subprocess.CompletedProcess[str]]:
    """Start `report --output target`; the moment its temporary file appears beside the
    target (the report has passed every check and is writing), create the target with
    O_EXCL, as another program would. True when that creation came first."""
    env = child_env(PACEIT_NOW=NOW, TZ="UTC", NO_COLOR="1", PACEIT_DB=str(db))
    proc = subprocess.Popen(
        [sys.executable, "-m", "paceit", "report", "--output", str(target)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    first = False
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if any(name.startswith(f".{target.name}.") for name in os.listdir(target.parent)):
            try:
                fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                break  # the report was quicker: this round tells nothing
            os.write(fd, b"the other program's file")
            os.close(fd)
            first = True
            break
        time.sleep(0.0002)  # leave the CPU to the report
    out, err = proc.communicate(timeout=60)
    return first, subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_report_without_force_never_replaces_a_file_created_while_it_writes(isolated_db: Path, tmp_path: Path) -> None:
    """Rounds of a real race until the other program has come first RACED_NEEDED times (at
    most MAX_ROUNDS): how often it does depends on how long the report's file stands
    unlinked, which a tmpfs's instant fsync made rare (3 of 16 rounds once, a failure),
    so the report writes to a folder on a disk (`disk_folder`) when there is one, as a
    person's report does."""
    for i in range(40):
        ok("pain", str(i % 11), "--at", f"2026-11-{1 + i % 20:02d}T{8 + i % 12:02d}:00")
    with disk_folder(tmp_path) as folder:
        raced = rounds = 0
        while raced < RACED_NEEDED and rounds < MAX_ROUNDS:
            target, rounds = folder / f"report-{rounds}.txt", rounds + 1
            first, proc = _race_once(isolated_db, target)
            if not first:
                assert proc.returncode == 0, proc.stderr
                continue
            raced += 1
            assert target.read_bytes() == b"the other program's file", f"{target.name}: the report replaced it"
            assert proc.returncode == 2 and "already exists" in proc.stderr, proc.stderr
            assert len(proc.stderr.splitlines()) == 1
        print(f"the other program came first in {raced} of {rounds} rounds")
        assert raced >= RACED_NEEDED, f"the other program came first in only {raced} of {rounds} rounds"
        assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temporary file left
