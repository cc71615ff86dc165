"""bench/run.py's "first next, no checkpoints" line: every run, warm-ups included, starts
from a copy without checkpoints, so each one times a whole replay (a run resuming from the
checkpoints the one before kept would time a daily `next`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import ok
from test_bench_write import bench


def checkpoints(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM replay_checkpoint").fetchone()[0])
    finally:
        conn.close()


def test_each_run_of_a_fresh_command_starts_without_checkpoints(tmp_path: Path) -> None:
    run = bench()
    data, scratch = tmp_path / "data", tmp_path / "scratch"
    data.mkdir()
    scratch.mkdir()
    ok("--db", str(data / "decade.db"), "demo", "--weeks", "6")
    ok("--db", str(data / "decade.db"), "next")
    assert checkpoints(data / "decade.db") > 0  # the cached file has them, as the bench's does
    fresh = next(c for c in run.all_commands() if c.fresh)
    assert (fresh.label, fresh.args, fresh.target.ratio) == ("first next, no checkpoints", ("next",), 30)
    tools = run.Tools("python", "paceit", {}, scratch)

    run.prepare_scratch(scratch, data, [fresh])
    for _ in range(2):
        run.without_checkpoints(fresh, tools)
        assert checkpoints(scratch / fresh.db) == 0
        ok("--db", str(scratch / fresh.db), "next")  # the run keeps its checkpoints ...
        assert checkpoints(scratch / fresh.db) > 0  # ... which the next run must not find
    assert checkpoints(data / "decade.db") > 0  # the cache is never touched

    daily = next(c for c in run.all_commands() if c.label == "next" and c.db == "decade.db")
    run.without_checkpoints(daily, tools)  # a daily command keeps what its runs wrote
    assert not (scratch / "decade.db").exists()
