"""Crash safety: real paceit processes killed with SIGKILL at random moments (seeded, so
CI is stable) leave an intact database that holds each operation whole or not at all, and
everything acknowledged before the kill (synchronous=FULL: an acknowledged write is on disk).
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers import NOW, child_env

DRIVER = str(Path(__file__).with_name("write_loop.py"))
LOOP_KILLS = 30
DEMO_KILLS = 6
DEMO_WEEKS = "260"


def env() -> dict[str, str]:
    return child_env(PACEIT_NOW=NOW, TZ="UTC", NO_COLOR="1")


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def commands(run: int, n: int = 400) -> list[list[str]]:
    out: list[list[str]] = []
    for i in range(n):
        note = f"r{run}-{i}"
        if i % 2:
            out.append(["log", "walking", "12", "--pain-during", "3", "--note", note])
        else:
            out.append(["pain", "4", "--sleep", "6", "--site", "knee", "--note", note])
    return out


def kill_after(proc: subprocess.Popen[str], delay: float) -> list[str]:
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the process ended before it was killed; raise n"
    return out.splitlines()


def test_sigkill_during_a_loop_of_writes(isolated_db: Path) -> None:
    setup = subprocess.run(
        [sys.executable, "-m", "paceit", "activity", "add", "walking", "--unit", "min", "--baseline", "10"],
        env=env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    rng = random.Random(20261121)
    acknowledged_total = 0
    for run in range(LOOP_KILLS):
        proc = subprocess.Popen(
            [sys.executable, DRIVER, json.dumps(commands(run))],
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines = kill_after(proc, rng.uniform(0.3, 1.0))
        acked = [int(line.split(" ", 2)[0]) for line in lines if line.split(" ", 2)[1] == "0"]
        assert acked == list(range(len(acked))), lines  # every command before the kill succeeded
        acknowledged_total += len(acked)

        assert integrity(isolated_db) == ["ok"], run
        stored = sorted(
            int(str(note).split("-")[1])
            for (note,) in query(
                isolated_db,
                f"SELECT note FROM pain_entry WHERE note LIKE 'r{run}-%' "
                f"UNION ALL SELECT note FROM session WHERE note LIKE 'r{run}-%'",
            )
        )
        # Everything acknowledged is there; at most the one command in flight beyond it.
        assert stored[: len(acked)] == acked
        assert stored == list(range(len(stored))) and len(stored) - len(acked) in (0, 1), (run, stored, acked)
        # Each command is whole: its row and its undo-log row, or neither.
        for table in ("pain_entry", "session"):
            [(rows, audited)] = query(
                isolated_db,
                f"SELECT (SELECT count(*) FROM {table}), "
                f"(SELECT count(*) FROM audit WHERE table_name = '{table}' AND action = 'insert')",
            )
            assert rows == audited, (run, table)
    print(f"{LOOP_KILLS} kills; {acknowledged_total} writes acknowledged before them")
    assert acknowledged_total > LOOP_KILLS  # the kills landed mid-loop, not before the first write


def demo_tables(path: Path) -> dict[str, int]:
    tables = [r[0] for r in query(path, "SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: query(path, f"SELECT count(*) FROM {t}")[0][0] for t in tables if not t.startswith("sqlite_")}


def test_sigkill_during_a_long_demo_write(tmp_path: Path) -> None:
    """`paceit demo --db` writes years of history in one transaction: a kill at any moment
    leaves no file, an empty diary, or the whole demo; never part of it."""
    full = tmp_path / "full.db"
    done = subprocess.run(
        [sys.executable, "-m", "paceit", "--db", str(full), "demo", "--weeks", DEMO_WEEKS],
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    complete = demo_tables(full)
    assert complete["session"] > 100

    rng = random.Random(7)
    outcomes = {"none": 0, "all": 0}
    for run in range(DEMO_KILLS):
        path = tmp_path / f"demo-{run}.db"
        wal = Path(f"{path}-wal")
        proc = subprocess.Popen(
            [sys.executable, "-m", "paceit", "--db", str(path), "demo", "--weeks", DEMO_WEEKS],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:  # wait for the big write to start
            if wal.exists():  # migrations first, then the demo's one big transaction
                break
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)

        assert integrity(path) == ["ok"], run
        counts = demo_tables(path)
        entries = {t: n for t, n in counts.items() if t != "schema_version"}
        if any(entries.values()):
            assert counts == complete, run
            outcomes["all"] += 1
        else:
            outcomes["none"] += 1
    print(f"{DEMO_KILLS} kills of a demo write: {outcomes}")
    assert sum(outcomes.values()) == DEMO_KILLS
