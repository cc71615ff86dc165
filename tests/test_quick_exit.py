"""The console script leaves without the interpreter's teardown (`paceit.entry.console`):
what teardown used to do must be done before, in real processes, as a person runs them.

Each run here goes through the console script and `python -m paceit` with stdout buffered
(PYTHONUNBUFFERED unset), so output still held in Python's buffer when the command ends
is what the quick exit has to write: nothing may be lost, a reader that went away
(`paceit history | head -1`) ends the run quietly with exit 1, and a failed write (a full
disk) is one line on stderr with exit 1. The diary's connection is closed before the
exit: no -wal or -shm file is left beside it, and the daily copy is complete.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from helpers import NOW, built_once, child_env, copy_built
from test_cli_process import ENTRY_POINTS, TIMEOUT

READS = [
    ["history"],  # a Rich table
    ["history", "--json"],  # plain text, held in the buffer until the end
    ["next"],
    ["--version"],  # answered before Typer is loaded
    ["learn", "zones"],
]


def run(*args: str, entry: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PACEIT_NOW": NOW, "TZ": "UTC", "NO_COLOR": "1"}
    for name in ("PACEIT_DEBUG", "PYTHONUNBUFFERED"):
        env.pop(name, None)
    return subprocess.run(
        [*ENTRY_POINTS[entry](), *args],
        env=child_env(env),
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def sixteen_entries() -> None:
    """A walking activity and 8 sessions and 8 pains today, each written by a real process."""
    for args in (
        ["activity", "add", "walking", "--unit", "min"],
        *(["log", "walking", str(20 + n), "--at", f"2026-11-21T{8 + n:02}:00"] for n in range(8)),
        *(["pain", str(n % 7), "--at", f"2026-11-21T{8 + n:02}:30"] for n in range(8)),
    ):
        assert run(*args, entry="python -m paceit").returncode == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The diary, written once (17 processes) rather than for each of the 33 tests."""
    return built_once(tmp_path_factory, sixteen_entries)


@pytest.fixture
def diary(built: Path, isolated_db: Path) -> Path:
    return copy_built(built, isolated_db)


def test_the_console_script_is_the_quick_exit() -> None:
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "paceit"]
    assert script.value == "paceit.entry:console"
    main = Path(__file__).resolve().parent.parent / "src" / "paceit" / "__main__.py"
    assert "console()" in main.read_text()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_buffered_output_is_written_whole(diary: Path, entry: str, args: list[str]) -> None:
    proc = run(*args, entry=entry)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.endswith("\n")
    if "--json" in args:
        assert len(json.loads(proc.stdout)) == 16


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_a_reader_that_went_away_ends_the_run_quietly(diary: Path, entry: str, args: list[str]) -> None:
    """stdout is a pipe whose reading end is already closed: every write fails (EPIPE)."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = run(*args, entry=entry, stdout=write)
    finally:
        os.close(write)
    assert proc.returncode == 1
    assert proc.stderr == ""


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_history_piped_to_head(diary: Path, entry: str) -> None:
    """`paceit history | head -1`: head reads one line and leaves."""
    command = [*ENTRY_POINTS[entry](), "history", "--json"]
    env = child_env({k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, PACEIT_NOW=NOW, TZ="UTC")
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline() == "[\n"
        proc.stdout.close()
        errors = proc.stderr.read()
        code = proc.wait(timeout=TIMEOUT)
    assert code in (0, 1)  # 0 when the whole output fitted in the pipe before head left
    assert errors == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_a_failed_write_is_one_line(diary: Path, entry: str, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = run(*args, entry=entry, stdout=full.fileno())
    assert proc.returncode == 1
    assert proc.stderr == "paceit: error: the file system refused: No space left on device\n"


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_write_leaves_the_diary_closed_and_its_daily_copy_whole(diary: Path, entry: str) -> None:
    for args in (["pain", "3", "--again"], ["log", "walking", "15", "--again"], ["next"], ["history"]):
        proc = run(*args, entry=entry)
        assert proc.returncode == 0, proc.stderr
        for suffix in ("-wal", "-shm", "-journal"):
            assert not Path(f"{diary}{suffix}").exists(), (args, suffix)
    copies = list((diary.parent / "backups").iterdir())
    assert [p.name for p in copies] == [f"{diary.stem}-daily-{NOW[:10]}.db"]
    conn = sqlite3.connect(copies[0])
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM session").fetchone()[0] == 0  # before the day's first write
    finally:
        conn.close()
    conn = sqlite3.connect(diary)
    try:
        assert conn.execute("SELECT count(*) FROM session").fetchone()[0] == 9
        assert conn.execute("SELECT count(*) FROM pain_entry").fetchone()[0] == 9
    finally:
        conn.close()


def test_an_exit_code_and_a_message_survive_the_quick_exit(isolated_db: Path) -> None:
    proc = run("pain", "11", entry="console script")
    assert proc.returncode == 2
    assert proc.stderr.startswith("paceit: error: ")
