"""Several paceit processes writing the same diary at once (real processes, WAL, busy
timeout, IMMEDIATE transactions): nothing is lost, nobody sees "database is locked", and a
backup taken while others write is a consistent snapshot.

Each worker is one real Python process running paceit's CLI entry point in a loop
(tests/write_loop.py), so 1000 commands do not cost 1000 interpreter starts; every
command still goes through argument parsing, the error boundary and its own connection.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers import NOW, child_env, integrity, ok

DRIVER = str(Path(__file__).with_name("write_loop.py"))
WORKERS = 4
PER_WORKER = 250
TIMEOUT = 300


def env() -> dict[str, str]:
    return child_env(PACEIT_NOW=NOW, TZ="UTC", NO_COLOR="1")


def start(commands: list[list[str]]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, DRIVER, json.dumps(commands)],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def worker_commands(worker: int, n: int) -> list[list[str]]:
    if worker % 2 == 0:
        return [["pain", str(i % 11), "--note", f"w{worker}-{i}"] for i in range(n)]
    return [["log", "walking", str(1 + i % 30), "--pain-during", "2", "--note", f"w{worker}-{i}"] for i in range(n)]


def finish(proc: subprocess.Popen[str]) -> list[str]:
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    assert err == "", err
    return out.splitlines()


def notes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        found = [r[0] for r in conn.execute("SELECT note FROM pain_entry UNION ALL SELECT note FROM session")]
    finally:
        conn.close()
    assert len(found) == len(set(found)), "an entry was stored twice"
    return set(found)


def test_four_writers_lose_nothing_and_never_see_locked(isolated_db: Path, tmp_path: Path) -> None:
    os.environ["PACEIT_NOW"] = NOW  # the in-process setup below shares the writers' day
    try:
        ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    finally:
        del os.environ["PACEIT_NOW"]
    procs = [start(worker_commands(w, PER_WORKER)) for w in range(WORKERS)]

    # Meanwhile, back up the diary again and again from yet another process.
    copies: list[Path] = []
    while any(p.poll() is None for p in procs) and len(copies) < 20:
        target = tmp_path / "copies" / f"copy-{len(copies)}.db"
        backup = subprocess.run(
            [sys.executable, "-m", "paceit", "backup", str(target)],
            env=env(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert backup.returncode == 0 and backup.stdout == "", backup.stderr
        assert backup.stderr.startswith("Backed up your diary to "), backup.stderr  # the confirmation
        copies.append(target)
        time.sleep(0.05)

    outputs = [finish(p) for p in procs]

    total = 0
    for lines in outputs:
        assert len(lines) == PER_WORKER
        for line in lines:
            _index, code, stderr = line.split(" ", 2)
            assert (code, stderr) == ("0", ""), line  # never "database is locked"
            total += 1
    assert total == WORKERS * PER_WORKER == 1000
    expected = {f"w{w}-{i}" for w in range(WORKERS) for i in range(PER_WORKER)}
    assert notes(isolated_db) == expected
    assert integrity(isolated_db) == ["ok"]

    assert copies, "no backup ran while the writers were running"
    for copy in copies:
        assert integrity(copy) == ["ok"]
        stored = notes(copy)
        assert stored <= expected
        conn = sqlite3.connect(copy)
        try:  # a consistent snapshot: every entry has its undo-log row, and nothing more
            audited = conn.execute(
                "SELECT count(*) FROM audit WHERE table_name IN ('pain_entry', 'session')"
            ).fetchone()[0]
        finally:
            conn.close()
        assert audited == len(stored)
        for worker in range(WORKERS):  # each worker's entries are a prefix of its sequence
            mine = sorted(int(n.split("-")[1]) for n in stored if n.startswith(f"w{worker}-"))
            assert mine == list(range(len(mine)))


def test_writers_racing_to_create_a_new_diary_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "paceit.db"
    commands = [["--db", str(path), "pain", "3", "--note", f"{{w}}-{i}"] for i in range(5)]
    procs = [start([[part.replace("{w}", str(w)) for part in cmd] for cmd in commands]) for w in range(WORKERS)]
    for proc in procs:
        for line in finish(proc):
            assert line.split(" ", 2)[1:] == ["0", ""], line
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM pain_entry").fetchone()[0] == 5 * WORKERS
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
    finally:
        conn.close()
    assert versions == sorted(set(versions))  # each migration applied once
    assert integrity(path) == ["ok"]
