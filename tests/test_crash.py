"""Crash safety: real paceit processes killed with SIGKILL at random moments (seeded, so
CI is stable) leave an intact database that holds each operation whole or not at all, and
everything acknowledged before the kill (synchronous=FULL: an acknowledged write is on disk).
Each kill is checked to be one (the process did not end first), and the kills of a long
write (a demo, an import) are timed within the write itself, so most land mid-transaction.
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

from helpers import NOW, child_env, integrity, logical_dump
from paceit.dbschema import DERIVED

DRIVER = str(Path(__file__).with_name("write_loop.py"))
LOOP_KILLS = 30
DEMO_KILLS = 10
DEMO_WEEKS = "260"
IMPORT_KILLS = 30
IMPORT_WEEKS = "156"


def env() -> dict[str, str]:
    return child_env(PACEIT_NOW=NOW, TZ="UTC", NO_COLOR="1")


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
    """Rows per table of the diary; derived tables (the replay's checkpoints, which the demo's
    own `next` keeps after its one write, best effort) are not part of that write."""
    tables = [r[0] for r in query(path, "SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        t: query(path, f"SELECT count(*) FROM {t}")[0][0]
        for t in tables
        if not t.startswith("sqlite_") and t not in DERIVED
    }


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


def sessions_seen(path: Path) -> int:
    """The sessions a reader sees committed in the diary now (0 while it has no table yet)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0)
        try:
            return int(conn.execute("SELECT count(*) FROM session").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def write_window(proc: subprocess.Popen[bytes], wal: Path, *, started: int, sessions_before: int) -> float:
    """Watch a run that is not killed: seconds from the moment its write-ahead log is
    above `started` bytes (-1: exists at all) to the moment a reader first sees its write
    committed (more sessions than `sessions_before`). Judged by the commit itself, not by
    the log's growth: `demo` and `import` go on to replay the history and keep checkpoints
    (a later write), which once followed the commit by more than a pause of the log's growth
    and, with a faster replay, no longer does; a window that took it in drew most kills
    after the commit."""
    first = end = None
    while proc.poll() is None and end is None:
        now = time.monotonic()
        if first is None and size(wal) > started:
            first = now
        if first is not None and sessions_seen(wal.with_name(wal.name.removesuffix("-wal"))) > sessions_before:
            end = now
        time.sleep(0.0005)
    proc.wait(timeout=300)
    assert proc.returncode == 0 and first is not None
    return max((end if end is not None else time.monotonic()) - first, 0.01)


def kill_during_write(proc: subprocess.Popen[bytes], wal: Path, *, started: int, delay: float) -> bool:
    """SIGKILL `delay` seconds after the write-ahead log is above `started` bytes (the write
    has begun); whether it was a kill. On a busy machine a run can be quicker than the one
    the delay was drawn for and finish first (exit 0): the caller counts that apart, and
    still requires most runs to be killed mid-write."""
    deadline = time.monotonic() + 60
    while size(wal) <= started and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0005)
    assert proc.poll() is None, "the process ended before its write began"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode in (0, -signal.SIGKILL), proc.returncode
    return proc.returncode == -signal.SIGKILL


class Window:
    """The span to draw kill delays from: the write time of a run not killed, shortened to
    the delay of any run whose commit came first (killed after it, or finished). Each such
    delay is an upper bound of that run's write time, so the span stays one. Why: on a shared
    machine the measured run can be several times slower than those after it (CI once
    measured 495 ms for writes of about 140), and a fixed span drew most kills after the
    commit, which tested nothing and failed the run."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def draw(self, rng: random.Random) -> float:
        return rng.uniform(0, self.seconds)

    def committed_within(self, delay: float) -> None:
        self.seconds = min(self.seconds, max(delay, 0.01))


def test_sigkill_during_a_long_demo_write(tmp_path: Path) -> None:
    """`paceit demo --db` writes years of history in one transaction, right after the new
    file is made and its write-ahead log opened. Each kill comes at a random moment within
    the write time measured on a run that was not killed (from the log's appearance to its
    last growth, the commit), shortened by each run whose commit beat its kill (`Window`):
    the file holds nothing of the demo, or all of it; most kills land before the commit, so
    most leave nothing."""
    full = tmp_path / "full.db"
    reference = subprocess.Popen(
        [sys.executable, "-m", "paceit", "--db", str(full), "demo", "--weeks", DEMO_WEEKS],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    window = Window(write_window(reference, Path(f"{full}-wal"), started=-1, sessions_before=0))
    measured = window.seconds
    complete = demo_tables(full)
    assert complete["session"] > 100

    rng = random.Random(7)
    outcomes = {"none": 0, "all": 0, "finished": 0}  # "none": killed mid-transaction; "all": after the commit
    run = 0
    while outcomes["none"] + outcomes["all"] < DEMO_KILLS:  # a run that finished first is not a kill
        assert run < 3 * DEMO_KILLS, outcomes
        run, path, delay = run + 1, tmp_path / f"demo-{run}.db", window.draw(rng)
        proc = subprocess.Popen(
            [sys.executable, "-m", "paceit", "--db", str(path), "demo", "--weeks", DEMO_WEEKS],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        killed = kill_during_write(proc, Path(f"{path}-wal"), started=-1, delay=delay)

        assert integrity(path) == ["ok"], run
        counts = demo_tables(path)
        entries = {t: n for t, n in counts.items() if t != "schema_version"}
        if any(entries.values()):
            assert counts == complete, run
            outcomes["all" if killed else "finished"] += 1
            window.committed_within(delay)
        else:
            assert killed, run
            outcomes["none"] += 1
    print(
        f"{DEMO_KILLS} kills of a demo write (write time {measured * 1000:.0f} ms, drawn from"
        f" {window.seconds * 1000:.0f} ms at the end): {outcomes}"
    )
    assert outcomes["none"] >= DEMO_KILLS // 2, outcomes  # most landed mid-transaction


def counts(path: Path) -> dict[str, int]:
    return {t: n for t, n in demo_tables(path).items() if t != "audit"}


def test_sigkill_during_an_import_of_a_large_export(tmp_path: Path) -> None:
    """`paceit import` of a demo's export (thousands of rows, each with its undo-log copy)
    into a diary with entries of its own, killed IMPORT_KILLS times at random moments of its
    write (measured and shortened as above, from the log's first frame to the commit):
    integrity ok, and the
    diary is exactly as before (the import left nothing) or holds every row of the file."""
    source, export = tmp_path / "source.db", tmp_path / "big.json"
    setup = [
        ["--db", str(source), "demo", "--weeks", IMPORT_WEEKS],
        ["--db", str(source), "export", "--output", str(export)],
        ["activity", "add", "walking", "--unit", "min"],
        ["pain", "3", "--note", "mine"],
        ["pain", "4", "--note", "mine too"],  # a write after the first: today's daily copy exists
    ]
    diary = Path(env()["PACEIT_DB"])
    for args in setup:
        done = subprocess.run(
            [sys.executable, "-m", "paceit", *args], env=env(), capture_output=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr
    template, before, wal = diary.read_bytes(), logical_dump(diary), Path(f"{diary}-wal")
    sessions_here = counts(diary)["session"]

    def start() -> subprocess.Popen[bytes]:
        for side in ("-wal", "-shm"):
            Path(f"{diary}{side}").unlink(missing_ok=True)
        diary.write_bytes(template)
        return subprocess.Popen(
            [sys.executable, "-m", "paceit", "import", str(export)],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    window = Window(write_window(start(), wal, started=0, sessions_before=sessions_here))
    measured = window.seconds
    whole = counts(diary)
    assert (
        whole["pain_entry"] == counts(source)["pain_entry"] + 2 and whole["session"] == counts(source)["session"] > 100
    )

    rng = random.Random(11)
    # "none": killed mid-transaction (its frames in the log); "all": after the commit
    outcomes = {"none": 0, "all": 0, "finished": 0}
    run = 0
    while outcomes["none"] + outcomes["all"] < IMPORT_KILLS:  # a run that finished first is not a kill
        assert run < 3 * IMPORT_KILLS, outcomes
        run, delay = run + 1, window.draw(rng)
        killed = kill_during_write(start(), wal, started=0, delay=delay)
        assert integrity(diary) == ["ok"], run
        if logical_dump(diary) == before:
            assert killed, run
            outcomes["none"] += 1
        else:
            assert counts(diary) == whole, run
            outcomes["all" if killed else "finished"] += 1
            window.committed_within(delay)
    print(
        f"{IMPORT_KILLS} kills of an import (write time {measured * 1000:.0f} ms, drawn from"
        f" {window.seconds * 1000:.0f} ms at the end): {outcomes}"
    )
    assert outcomes["none"] > IMPORT_KILLS // 2, outcomes  # most landed mid-transaction
