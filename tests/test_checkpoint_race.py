"""`paceit next` racing a backfilled `paceit log` in another process (issue 16, item 7).

`next` reads the history, replays the plan, then keeps checkpoints of the replay. When a
`log` of an earlier day commits between the read and the keeping, its triggers forget the
checkpoints the session changes, and then `next` wrote them back from its old read: stale,
so every later `next` resumed from a plan that ignored the session. Checkpoints must be
kept only if the diary did not change since `next` read it.

Two real paceit processes each wait for their command on stdin (so a round costs no
interpreter start); the test starts `next` on a diary without checkpoints (a replay of
twenty weeks), then the backfilled `log` after a random part of `next`'s run time, and
then compares every stored checkpoint with the one a replay from the start takes.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import NOW, child_env, ok

TODAY = date(2026, 11, 21)  # helpers.NOW
ROUNDS = 24

# Runs each line of stdin as a paceit command in this process, printing
# `<exit code> <monotonic start> <monotonic end>` after each.
WORKER = """
import contextlib, gc, io, sys, time
from paceit.cli.app import app
for line in sys.stdin:
    args = line.split()
    start = time.monotonic()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = app(args, prog_name="paceit", standalone_mode=False)
    gc.collect()  # close the command's connection, as a finished process would
    print(code, start, time.monotonic(), err.getvalue().strip().replace(chr(10), " | "), flush=True)
"""


class Worker:
    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER], env=child_env(PACEIT_NOW=NOW, TZ="UTC", NO_COLOR="1", PACEIT_DB=str(db)),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def send(self, *args: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(" ".join(args) + "\n")
        self.proc.stdin.flush()

    def result(self) -> tuple[float, float]:
        """(start, end) of the command sent, once it succeeded."""
        assert self.proc.stdout is not None
        code, start, end, *err = self.proc.stdout.readline().split(" ", 3)
        assert code == "0", (code, err)
        return float(start), float(end)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def stored(db: Path) -> dict[str, dict[str, object]]:
    conn = sqlite3.connect(db)
    try:
        return {day: json.loads(state) for day, state in conn.execute("SELECT day, state FROM replay_checkpoint")}
    finally:
        conn.close()


def forget(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM replay_checkpoint")
    conn.commit()
    conn.close()


def fresh(db: Path, scratch: Path) -> dict[str, dict[str, object]]:
    """The checkpoints a replay from the start keeps, on a copy of the diary as it is now."""
    scratch.unlink(missing_ok=True)
    source, copy = sqlite3.connect(db), sqlite3.connect(scratch)
    source.backup(copy)  # with whatever the write-ahead log holds
    source.close()
    copy.close()
    scratch.chmod(0o600)
    forget(scratch)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PACEIT_NOW", NOW)
        mp.setenv("TZ", "UTC")
        ok("--db", str(scratch), "next")
    return stored(scratch)


def test_next_racing_a_backfilled_log_never_keeps_stale_checkpoints(demo_20_weeks: Path, tmp_path: Path) -> None:
    db = tmp_path / "diary" / "paceit.db"
    db.parent.mkdir(mode=0o700)
    shutil.copyfile(demo_20_weeks, db)
    db.chmod(0o600)
    planner, logger = Worker(db), Worker(db)
    rng = random.Random(7)
    overlapped, stale_rounds = 0, []
    try:
        for _ in range(2):  # unraced: the first loads paceit's modules, the second times a replay
            forget(db)
            planner.send("next")
            start, end = planner.result()
        span = end - start
        for n in range(ROUNDS):
            forget(db)  # the next `next` replays all twenty weeks
            day = TODAY - timedelta(days=12 + 3 * n)  # a different earlier day each round
            planner.send("next")
            time.sleep(rng.uniform(0, span))
            logger.send("log", "walking", "40", "--pain-during", "9", "--effort", "9", "--at", f"{day}T17:00")
            plan, log = planner.result(), logger.result()
            overlapped += log[0] < plan[1]  # the log began before next ended: the two ran at once
            span = min(span, plan[1] - plan[0])  # a timing taken under load must not draw the log after it
            now, expected = stored(db), fresh(db, tmp_path / "scratch.db")
            if any(now[d] != expected.get(d) for d in now):
                stale_rounds.append(n)
    finally:
        planner.close()
        logger.close()
    assert not stale_rounds, f"stale checkpoints kept in rounds {stale_rounds} ({overlapped} of {ROUNDS} overlapped)"
    assert overlapped >= ROUNDS // 2, f"the log ran while next ran in only {overlapped} of {ROUNDS} rounds"
