"""paceit as a real process: `python -m paceit` and the console script, exit codes,
one-line errors on stderr, file modes, and files that are not ours (or are from a
newer paceit) left byte-for-byte untouched."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from helpers import NOW, child_env

TIMEOUT = 60


def console_script() -> str:
    beside = Path(sys.executable).parent / "paceit"
    if beside.exists():
        return str(beside)
    found = shutil.which("paceit")
    if found is None:
        pytest.skip("the paceit console script is not installed")
    return found


ENTRY_POINTS = {
    "python -m paceit": lambda: [sys.executable, "-m", "paceit"],
    "console script": lambda: [console_script()],
}


def paceit(
    *args: str,
    entry: str = "python -m paceit",
    extra_env: dict[str, str] | None = None,
    stdin: int | None = subprocess.DEVNULL,
    umask: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run paceit in a child process; the env already points PACEIT_DB at a temporary
    file (conftest), and here also fixes the clock and the time zone."""
    env = {**os.environ, "PACEIT_NOW": NOW, "TZ": "UTC", "NO_COLOR": "1"}
    env.pop("PACEIT_DEBUG", None)
    env.update(extra_env or {})
    return subprocess.run(
        [*ENTRY_POINTS[entry](), *args],
        env=child_env(env),
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    return lines[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- entry points --------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_version(entry: str, isolated_db: Path) -> None:
    proc = paceit("--version", entry=entry)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"paceit {version('paceit')}\n"
    assert proc.stderr == ""
    assert not isolated_db.exists()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_help(entry: str, isolated_db: Path) -> None:
    proc = paceit("--help", entry=entry)

    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout
    for command in ("pain", "log", "history", "ladder", "redflag"):
        assert command in proc.stdout
    assert not isolated_db.exists()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_bad_input_exits_2_with_one_line(entry: str, isolated_db: Path) -> None:
    proc = paceit("pain", "4", "--sleep", "11", entry=entry)

    assert proc.returncode == 2
    assert one_error_line(proc) == "paceit: error: --sleep must be a whole number from 0 to 10 (got '11')"
    assert not isolated_db.exists()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_usage_error_exits_2_with_one_line(entry: str, isolated_db: Path) -> None:
    proc = paceit("log", "walking", entry=entry)

    assert proc.returncode == 2
    assert "AMOUNT" in one_error_line(proc)


def test_a_recording_then_a_json_read(isolated_db: Path) -> None:
    saved = paceit("pain", "4", "--sleep", "6", "--at", "2026-11-21T08:00")
    listed = paceit("history", "--json")

    assert saved.returncode == 0 and saved.stderr == "", saved.stderr
    assert saved.stdout.startswith("Saved pain entry #1 ")
    assert listed.returncode == 0 and listed.stderr == ""
    [entry] = json.loads(listed.stdout)
    assert (entry["id"], entry["kind"], entry["at"], entry["pain"], entry["sleep"]) == (
        1, "pain", "2026-11-21T08:00:00+00:00", 4, 6,
    )


def test_piped_tables_have_no_colour_codes(isolated_db: Path) -> None:
    paceit("pain", "4")

    proc = paceit("history", extra_env={"NO_COLOR": "", "TERM": "xterm-256color"})

    assert proc.returncode == 0
    assert "\x1b[" not in proc.stdout


# --- the database file ---------------------------------------------------------------


def test_a_new_diary_is_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "paceit.db"

    proc = paceit("pain", "4", extra_env={"PACEIT_DB": str(db)}, umask=0o000)

    assert proc.returncode == 0, proc.stderr
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700
    assert mode(db.parent.parent) == 0o700


def test_db_option_wins_over_the_environment(isolated_db: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere.db"

    proc = paceit("--db", str(chosen), "pain", "4")

    assert proc.returncode == 0, proc.stderr
    assert chosen.exists()
    assert not isolated_db.exists()


@pytest.mark.parametrize("command", [["history"], ["pain", "4"], ["undo"]], ids=" ".join)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, command: list[str]) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_bytes(b"my shopping list\n" * 200 + bytes(range(256)))
    before = garbage.read_bytes()

    proc = paceit("--db", str(garbage), *command)

    assert proc.returncode == 1
    assert "not a paceit database" in one_error_line(proc)
    assert garbage.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_as_the_database_is_refused(tmp_path: Path) -> None:
    proc = paceit("--db", str(tmp_path), "pain", "4")

    assert proc.returncode == 1
    assert "is a folder" in one_error_line(proc)
    assert list(tmp_path.iterdir()) == []


def test_an_sqlite_file_from_another_program_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann')")
    conn.commit()
    conn.close()
    before = other.read_bytes()

    proc = paceit("--db", str(other), "pain", "4")

    assert proc.returncode == 1
    assert "not a paceit database" in one_error_line(proc)
    assert other.read_bytes() == before


@pytest.mark.parametrize("command", [["history"], ["pain", "5"], ["config", "show"]], ids=" ".join)
def test_a_diary_from_a_newer_paceit_is_refused_untouched(isolated_db: Path, command: list[str]) -> None:
    assert paceit("pain", "4").returncode == 0
    conn = sqlite3.connect(isolated_db)
    conn.execute("INSERT INTO schema_version VALUES (999, 'x', 'x')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = isolated_db.read_bytes()

    proc = paceit(*command)

    assert proc.returncode == 1
    line = one_error_line(proc)
    assert "newer paceit" in line and "999" in line
    assert isolated_db.read_bytes() == before
    assert not list(isolated_db.parent.glob("*.bak"))


# --- debugging and terminals ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "extra_env"),
    [(["--debug", "pain", "11"], {}), (["pain", "11"], {"PACEIT_DEBUG": "1"})],
    ids=["--debug", "PACEIT_DEBUG=1"],
)
def test_debug_shows_the_traceback(isolated_db: Path, args: list[str], extra_env: dict[str, str]) -> None:
    proc = paceit(*args, extra_env=extra_env)

    assert proc.returncode != 0
    assert "Traceback" in proc.stderr
    assert "SCORE must be a whole number from 0 to 10" in proc.stderr
    assert not isolated_db.exists()


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, subprocess.PIPE], ids=["devnull", "pipe"])
def test_pain_without_score_off_a_terminal_is_a_usage_error(isolated_db: Path, stdin: int) -> None:
    proc = paceit("pain", stdin=stdin)

    assert proc.returncode == 2
    assert "SCORE" in one_error_line(proc)
    assert not isolated_db.exists()
