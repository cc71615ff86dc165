"""Small helpers shared by the CLI tests: run paceit in-process, read its JSON,
and look at the database with plain sqlite3 (no paceit code), so a test checks
what was really stored rather than what paceit says it stored."""

from __future__ import annotations

import ast
import gc
import json
import os
import pty
import select
import shutil
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from paceit.cli.app import app

NOW = "2026-11-21T18:00:00+00:00"  # a Saturday; PACEIT_NOW is read on every invocation
TODAY = "2026-11-21"
ISO_WITH_OFFSET = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"

runner = CliRunner()
NETGUARD = Path(__file__).with_name("netguard")


def child_env(base: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """The environment of every process a test starts: `base` (by default this process's
    own) and `extra`, with the network guard added: its folder first on PYTHONPATH, so each
    child Python imports it as `sitecustomize`, and the log it reports attempts to. A child
    given a fresh environment (a pty shell, an import probe) would otherwise run unguarded;
    conftest refuses to start a child whose environment lacks them."""
    env = dict(os.environ if base is None else base) | extra
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(NETGUARD)]
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), *paths])
    env["PACEIT_TEST_NETWORK_LOG"] = os.environ["PACEIT_TEST_NETWORK_LOG"]
    return env


@contextmanager
def time_zone(name: str) -> Iterator[None]:
    """Run in the time zone `name`, then restore the old one: tzset() changes the
    whole process, not only os.environ."""
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old_tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old_tz
        time.tzset()


@contextmanager
def fixed_clock(monkeypatch: Any) -> Iterator[None]:
    """Fix paceit's clock (PACEIT_NOW) and the process time zone (UTC)."""
    monkeypatch.setenv("PACEIT_NOW", NOW)
    with time_zone("UTC"):
        yield


def run(*args: str) -> Result:
    """One paceit invocation, as a person would type it (stdin is not a terminal)."""
    result = runner.invoke(app, list(args))
    gc.collect()  # close the run's sqlite connection, as a finished process would
    return result


def ok(*args: str) -> Result:
    """Run and require success: exit 0 and nothing on stderr."""
    result = run(*args)
    assert result.exit_code == 0, (args, result.exit_code, result.stdout, result.stderr, result.exception)
    assert result.stderr == "", (args, result.stderr)
    return result


def done(*args: str) -> Result:
    """Run a command that writes a file or the diary and confirms it (backup, restore,
    export --output, import): exit 0, nothing on stdout (stdout is data) and the
    confirmation on stderr, as messages go (result.stderr)."""
    result = run(*args)
    assert result.exit_code == 0, (args, result.exit_code, result.stdout, result.stderr, result.exception)
    assert result.stdout == "", (args, result.stdout)
    assert result.stderr.strip(), (args, "no confirmation")
    return result


def fails(*args: str, code: int = 2) -> str:
    """Run and require failure with `code` and exactly one line on stderr; returns that line."""
    result = run(*args)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), (args, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == "", (args, result.stdout)
    return lines[0]


def read_json(*args: str) -> Any:
    """The JSON document a reading command prints with --json (stdout only)."""
    return json.loads(ok(*args, "--json").stdout)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def rows(path: Path, table: str, where: str = "", params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Every row of `table` (optionally filtered), in id order, as plain dicts."""
    conn = connect(path)
    try:
        order = "key" if table == "setting" else "id"
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} {where} ORDER BY {order}", params)]
    finally:
        conn.close()


def row(path: Path, table: str, row_id: int) -> dict[str, Any]:
    found = rows(path, table, "WHERE id = ?", (row_id,))
    assert len(found) == 1, (table, row_id, found)
    return found[0]


def count(path: Path, table: str) -> int:
    return len(rows(path, table))


def copy_diary(source: Path, target: Path) -> Path:
    """A copy of a built diary at `target`, kept as paceit keeps one (owner-only: a looser
    file gets a note on stderr)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


def built_once(factory: Any, build: Callable[[], None], name: str = "built") -> Path:
    """A diary made by `build()` (the commands a test would run), made once, for a module
    or the session, and given to each test by `copy_built`: the same files as running those
    commands in every test, without running them again. `build` runs as a test does: the
    diary, HOME and the XDG folders in a fresh folder (`factory`: tmp_path_factory), the
    clock fixed at NOW in UTC. Returns the diary's path; it must be all that was written."""
    root = factory.mktemp(name)
    db = root / "diary" / "paceit.db"
    with pytest.MonkeyPatch.context() as mp, time_zone("UTC"):
        for var, value in [("PACEIT_DB", db), ("HOME", root / "home"), ("PACEIT_NOW", NOW), ("NO_COLOR", "1")]:
            mp.setenv(var, str(value))
        mp.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
        mp.setenv("XDG_CACHE_HOME", str(root / "xdg-cache"))
        mp.setenv("COLUMNS", "100")
        build()
    gc.collect()  # close the last run's connection, as a finished process would
    assert [p.name for p in root.iterdir()] == ["diary"], "built_once copies only the diary's folder"
    return db


def copy_built(db: Path, target: Path) -> Path:
    """The folder of a diary from `built_once` (the diary and its backups, file modes and
    times kept) at `target`'s folder: a test's isolated_db, of the same name."""
    assert target.name == db.name and not target.parent.exists(), (target, db)
    shutil.copytree(db.parent, target.parent)
    return target


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so the main file's bytes hold everything."""
    gc.collect()
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    """SQLite's own integrity check of the file: ["ok"] when it is intact."""
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def logical_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def flat(text: str) -> str:
    """Output with its line wrapping undone (paceit wraps plain lines to the terminal)."""
    return " ".join(text.split())


def on_a_terminal(
    args: list[str], env: Mapping[str, str], react: Callable[[bytes, int], None], *, timeout: float = 20
) -> tuple[str, int]:
    """Run `python -m paceit ARGS` on a real pty with `env` (given the network guard), calling
    `react(output so far, pty fd)` after each chunk it prints, so a test can answer a question
    or press Ctrl-C when it sees one. Returns the whole output and the exit code; a run still
    going at `timeout` is killed (and its code says so)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: paceit on the pty
        os.execve(sys.executable, [sys.executable, "-m", "paceit", *args], child_env(env))
    output, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        react(output, fd)
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return output.decode(errors="replace"), os.waitstatus_to_exitcode(status)


def ctrl_c_when(marker: Callable[[bytes], bool]) -> Callable[[bytes, int], None]:
    """A `react` for on_a_terminal: press Ctrl-C once, when `marker(output)` first holds."""
    sent: list[bool] = []

    def react(output: bytes, fd: int) -> None:
        if not sent and marker(output):
            os.write(fd, b"\x03")  # Ctrl-C: the terminal sends SIGINT to the program
            sent.append(True)

    return react


def read_until_closed(master: int) -> bytes:
    """Everything a child writes to a pty until it closes its side (reading the master of a
    closed pty raises EIO on Linux, which ends the output like an empty read)."""
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    return shown


# Runs the console script's own entry point, then reports its exit code and what it imported.
ENTRY_SCRIPT = """
import json, sys
sys.argv = ["paceit", *sys.argv[1:]]
from paceit.entry import main
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def imported_by(args: list[str], env: Mapping[str, str]) -> tuple[int, set[str]]:
    """(exit code, every module imported) of `paceit ARGS` run as the console script runs it,
    in a process of its own with `env` (child_env applied here)."""
    import subprocess

    command = [sys.executable, "-c", ENTRY_SCRIPT, *args]
    done = subprocess.run(command, env=child_env(env), capture_output=True, text=True)
    result = json.loads(done.stderr.strip().splitlines()[-1])
    return result["code"], set(result["modules"])


def imports_of(path: Path) -> set[str]:
    """Every module a source file imports, wherever the import statement is (a command may
    import inside a function), as dotted names: `from paceit import api` gives `paceit.api`."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names
