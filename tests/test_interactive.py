"""`paceit pain` with no SCORE asks its questions on a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def run_in_pty(args: list[str], answers: list[str], env: dict[str, str], timeout: float = 20) -> tuple[str, int]:
    """Run paceit on a pseudo-terminal, answering each prompt as it appears."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(sys.executable, [sys.executable, "-m", "paceit", *args], env)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if pending and output.rstrip().endswith((b":", b"]:")):
                os.write(fd, pending.pop(0).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return output.decode(errors="replace"), os.waitstatus_to_exitcode(status)


def test_pain_prompts_each_scale_reasks_bad_values_and_skips_on_enter(isolated_db: Path) -> None:
    env = dict(os.environ, PACEIT_DB=str(isolated_db), PACEIT_NOW="2026-11-21T09:00:00+00:00")
    answers = ["12", "5", "7", "", "", "3", "neck, lower back", "n", ""]
    text, code = run_in_pty(["pain"], answers, env)
    assert code == 0, text
    assert "must be a whole number from 0 to 10 (got '12')" in text
    assert "Sleep last night (0 = worst, 10 = best) [0-10, Enter to skip]" in text
    assert "Saved pain entry #1" in text
    with sqlite3.connect(isolated_db) as conn:
        row = conn.execute("SELECT pain, sleep, mood, fatigue, stress, sites, flare FROM pain_entry").fetchone()
    assert row[:5] == (5, 7, None, None, 3)
    assert json.loads(row[5]) == ["neck", "lower back"]
    assert row[6] == 0
