"""`paceit timer`: a countdown to today's quota on a real pseudo-terminal, the bell at the
end, the pain questions, and the session logged as `paceit log` logs it; Ctrl-C stops
early and offers to log what was done. PACEIT_TIMER_SPEED makes minutes pass in a blink."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import child_env, fails, fixed_clock, ok, on_a_terminal
from paceit.cli.timer import clock_text, countdown, done_text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
NOW = "2026-11-21T09:00:00+00:00"


def env_for(db: Path, **extra: str) -> dict[str, str]:
    return dict(os.environ, PACEIT_DB=str(db), PACEIT_NOW=NOW, TZ="UTC", **extra)


def setup(db: Path) -> None:
    """walking with a baseline of 10 min: today's quota is 8 min (80 %); reps for chair-stands."""
    for args in (["activity", "add", "walking", "--unit", "min", "--baseline", "10"],
                 ["activity", "add", "chair-stands", "--unit", "reps"],
                 ["activity", "add", "cycling", "--unit", "min"]):  # fmt: skip
        command = [sys.executable, "-m", "paceit", *args]
        subprocess.run(command, env=child_env(env_for(db)), check=True, capture_output=True)


def sessions(db: Path) -> list[tuple[float, int | None, int | None, int | None, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT amount, pain_before, pain_during, pain_after, at_utc FROM session ORDER BY id"
        ).fetchall()


def drive(
    args: list[str], answers: list[str], env: dict[str, str], *, interrupt_after: float | None = None
) -> tuple[str, int]:
    """Run paceit on a pseudo-terminal and answer each question when it is asked (a line
    ending in ']: '; answers typed ahead would be flushed by Ctrl-C). With
    `interrupt_after`, press Ctrl-C that many seconds after the bar first shows. A child
    still running after 30 s is killed, so a hang fails instead of blocking the suite."""
    pending, bar_seen, stop_at = list(answers), [0.0], [interrupt_after]

    def react(output: bytes, fd: int) -> None:
        if not bar_seen[0] and b" left" in output:
            bar_seen[0] = time.monotonic()
        if stop_at[0] is not None and bar_seen[0] and time.monotonic() > bar_seen[0] + stop_at[0]:
            os.write(fd, b"\x03")  # Ctrl-C: the terminal sends SIGINT
            stop_at[0] = None
        if pending and output.rstrip().endswith(b"]:") and output.count(b"]:") > len(answers) - len(pending):
            os.write(fd, pending.pop(0).encode() + b"\n")  # one answer per question asked

    return on_a_terminal(args, env, react, timeout=30)


def test_the_timer_counts_down_the_quota_rings_asks_and_logs(isolated_db: Path) -> None:
    setup(isolated_db)
    started = time.monotonic()
    text, code = drive(["timer", "walking"], ["2", "3", "4"], env_for(isolated_db, PACEIT_TIMER_SPEED="240"))
    assert code == 0, text
    assert time.monotonic() - started < 15  # 8 minutes at 240x: 2 seconds
    assert "walking: 8 min today. When the bar is full, stop" in text
    assert "left" in text and "━" in text  # the bar and its countdown were drawn
    assert "\a" in text and "Time is up: 8 min of walking." in text
    assert "Saved session #1 for Sat 21 Nov 2026 09:00: walking 8 min; pain before 2, during 3, after 4." in text
    assert sessions(isolated_db) == [(8.0, 2, 3, 4, "2026-11-21 09:00:00")]


def test_ctrl_c_stops_early_and_logs_what_was_done_when_asked(isolated_db: Path) -> None:
    setup(isolated_db)
    env = env_for(isolated_db, PACEIT_TIMER_SPEED="60")  # a minute a second: 8 s in all
    text, code = drive(["timer", "walking"], ["", "y", "5", ""], env, interrupt_after=2.5)
    assert code == 0, text
    assert "Stopped after " in text and "of 8 min." in text and "Traceback" not in text
    assert "Time is up" not in text and "\a" not in text
    [(amount, before, during, after, _)] = sessions(isolated_db)
    assert 1 <= amount < 8 and (before, during, after) == (None, 5, None)


def test_ctrl_c_then_no_logs_nothing(isolated_db: Path) -> None:
    setup(isolated_db)
    text, code = drive(["timer", "walking"], ["", "n"], env_for(isolated_db), interrupt_after=1.5)
    assert code == 0, text
    assert "Stopped after 1 s of 8 min." in text or "Stopped after 2 s of 8 min." in text
    assert "Nothing was logged." in text
    assert sessions(isolated_db) == []


def test_minutes_gives_the_length_while_the_baseline_is_being_set(isolated_db: Path) -> None:
    setup(isolated_db)
    env = env_for(isolated_db, PACEIT_TIMER_SPEED="60")
    text, code = drive(["timer", "cycling", "--minutes", "90s"], ["", "", ""], env)
    assert code == 0, text
    assert "Finding your baseline for cycling: 1 of 3 sessions done" in " ".join(text.split())
    assert [s[0] for s in sessions(isolated_db)] == [1.5]


def test_off_a_terminal_non_minute_and_no_quota_are_one_line_errors(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fixed_clock(monkeypatch):
        ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
        ok("activity", "add", "chair-stands", "--unit", "reps")
        ok("activity", "add", "cycling", "--unit", "min")
        assert "needs a terminal" in fails("timer", "walking")
        assert "counted in reps, not minutes" in fails("timer", "chair-stands")
        assert "has no quota yet" in fails("timer", "cycling")
        assert "did you mean 'walking'" in fails("timer", "walkng")
        assert "--minutes must be a duration" in fails("timer", "walking", "--minutes", "0")
        monkeypatch.setenv("PACEIT_TIMER_SPEED", "fast")
        assert "PACEIT_TIMER_SPEED must be a number" in fails("timer", "walking")
        monkeypatch.delenv("PACEIT_TIMER_SPEED")
        ok("redflag", "check", "--yes", "fever")
        assert "paused until a clinician has reviewed" in fails("timer", "walking")
    with sqlite3.connect(isolated_db) as conn:
        assert conn.execute("SELECT count(*) FROM session").fetchone() == (0,)


def test_countdown_ticks_to_the_end_on_an_injected_clock() -> None:
    now = [0.0]
    seen: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    assert countdown(3.0, on_tick=seen.append, clock=lambda: now[0], sleep=sleep, speed=2.0) == 3.0
    assert seen[0] == 0.0 and seen[-1] == 3.0 and seen == sorted(seen)
    assert now[0] == pytest.approx(1.5)  # 3 timer seconds at 2x


def test_ctrl_c_in_the_countdown_carries_the_seconds_done() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds
        if now[0] >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as stopped:
        countdown(600.0, on_tick=lambda _: None, clock=lambda: now[0], sleep=sleep, speed=30.0)
    assert stopped.value.args[0] == pytest.approx(60.0)


@given(st.floats(0, 36_000, allow_nan=False))
def test_clock_text_never_shows_zero_before_the_end(seconds: float) -> None:
    text = clock_text(seconds)
    minutes, rest = text.split(":")
    assert int(minutes) * 60 + int(rest) >= seconds - 1e-6
    assert (text == "00:00") == (seconds <= 1e-9)


def test_done_text() -> None:
    assert [done_text(s) for s in (45, 60, 270, 780.9)] == ["45 s", "1 min", "4 min 30 s", "13 min"]
