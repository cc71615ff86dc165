"""`paceit pain` with no SCORE asks its questions on a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from helpers import child_env, ctrl_c_when, on_a_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def run_in_pty(args: list[str], answers: list[str], env: dict[str, str], timeout: float = 20) -> tuple[str, int]:
    """Run paceit on a pseudo-terminal, answering each prompt as it appears (once per new
    output: a prompt is answered when what has come since the last answer ends in ':')."""
    pending, answered_at = list(answers), [0]

    def react(output: bytes, fd: int) -> None:
        if pending and len(output) > answered_at[0] and output.rstrip().endswith((b":", b"]:")):
            answered_at[0] = len(output)
            os.write(fd, pending.pop(0).encode() + b"\n")

    return on_a_terminal(args, env, react, timeout=timeout)


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


def _env(db: Path) -> dict[str, str]:
    return dict(os.environ, PACEIT_DB=str(db), PACEIT_NOW="2026-11-21T09:00:00+00:00")


def test_first_psfs_on_a_new_diary_is_asked_and_saved(isolated_db: Path) -> None:
    answers = ["climbing stairs", "gardening", "lifting my grandson", "", "4", "2", "3"]
    text, code = run_in_pty(["measure", "psfs"], answers, _env(isolated_db))
    assert code == 0, text
    assert "Saved PSFS #1" in text
    with sqlite3.connect(isolated_db) as conn:
        assert conn.execute("SELECT kind, score FROM questionnaire").fetchall() == [("psfs", 3.0)]
        items = conn.execute("SELECT item, value FROM questionnaire_item ORDER BY position").fetchall()
    assert items == [("climbing stairs", 4), ("gardening", 2), ("lifting my grandson", 3)]
    # the next PSFS asks about the same activities, so scores stay comparable
    text, code = run_in_pty(["measure", "psfs"], ["5", "3", "3"], _env(isolated_db))
    assert code == 0 and "climbing stairs 5, gardening 3, lifting my grandson 3" in " ".join(text.split())


def test_peg_is_asked_in_a_terminal(isolated_db: Path) -> None:
    text, code = run_in_pty(["measure", "peg"], ["6", "5", "4"], _env(isolated_db))
    assert code == 0, text
    with sqlite3.connect(isolated_db) as conn:
        assert conn.execute("SELECT score FROM questionnaire").fetchall() == [(5.0,)]


def test_red_flag_checklist_asks_every_question_and_records_the_ticks(isolated_db: Path) -> None:
    answers = ["n"] * 6 + ["y"] + [""] * 9  # fever (group 2) ticked, the rest no
    text, code = run_in_pty(["redflag", "check"], answers, _env(isolated_db))
    assert code == 0, text
    assert text.count("?") >= 16 and "Contact a doctor today." in text
    with sqlite3.connect(isolated_db) as conn:
        assert conn.execute("SELECT code, grp FROM red_flag").fetchall() == [("fever", 2)]


def test_flare_plan_edit_asks_each_section(isolated_db: Path) -> None:
    answers = ["sitting over 6 hours; poor sleep"] + [""] * 6 + ["what helped"]
    text, code = run_in_pty(["flare", "plan", "--edit"], answers, _env(isolated_db))
    assert code == 0, text
    with sqlite3.connect(isolated_db) as conn:
        stored = conn.execute("SELECT section, text FROM flare_plan_item ORDER BY section, position").fetchall()
    assert stored == [("review", "what helped"), ("triggers", "sitting over 6 hours"), ("triggers", "poor sleep")]


def test_ctrl_c_at_a_prompt_exits_130_without_a_traceback_and_saves_nothing(isolated_db: Path) -> None:
    text, code = on_a_terminal(["pain"], _env(isolated_db), ctrl_c_when(lambda output: b"Pain now" in output))
    assert code == 130, text
    assert "Traceback" not in text
    # the prompt's line is ended first, then one line says what happened (issue 17, item 11)
    prompt_line, _, rest = text.partition("\n")
    assert "Pain now" in prompt_line and "stopped" not in prompt_line, text
    assert rest.strip() == "paceit: stopped; nothing was saved", text
    assert (
        not isolated_db.exists()
        or sqlite3.connect(isolated_db).execute("SELECT count(*) FROM pain_entry").fetchone()[0] == 0
    )


def test_ctrl_c_during_a_long_write_or_at_start_up_leaves_all_or_nothing(tmp_path: Path) -> None:
    """SIGINT at several moments of `demo --weeks 520` (start-up, imports, the long write):
    exit 130 or 0 (or killed before Python started), never a traceback, and the file is
    either absent, empty of entries, or whole."""
    import signal
    import subprocess

    outcomes = set()
    # from 50 ms: earlier, Python itself is still starting (site.py), before any paceit code
    for delay in (0.05, 0.1, 0.15, 0.3, 0.5, 0.8, 1.2):
        db = tmp_path / f"demo-{delay}.db"
        process = subprocess.Popen(
            [sys.executable, "-m", "paceit", "--db", str(db), "demo", "--weeks", "520"],
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        # -SIGINT: the signal came before Python had started, so nothing ran at all; and on a
        # busy machine it can land while Python imports its site modules (the tests' network
        # guard among them) or `-m`'s runpy, which Python reports as a fatal start-up error
        # ("init_import_site", "Could not import runpy module"): no paceit code ran
        if process.returncode == 1 and (b"init_import_site" in err or b"Could not import runpy module" in err):
            continue
        # or while runpy was still loading paceit's first module (every frame Python's own,
        # `<frozen runpy>`, `<frozen importlib...>`): no line of paceit had run to catch it
        if b"KeyboardInterrupt" in err and b"/paceit/" not in err and process.returncode in (1, -signal.SIGINT):
            continue
        assert process.returncode in (0, 130, -signal.SIGINT), (delay, process.returncode, err)
        assert b"Traceback" not in err, err
        outcomes.add(process.returncode)
        if process.returncode == 130:
            assert b"paceit: stopped; " in err, (delay, err)
        if db.exists() and db.stat().st_size:
            conn = sqlite3.connect(db)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if "pain_entry" in tables:
                    entries = conn.execute("SELECT count(*) FROM pain_entry").fetchone()[0]
                    assert entries == 0 or process.returncode == 0 or entries > 3000, (delay, entries)
            finally:
                conn.close()
    assert 130 in outcomes  # at least one interruption really landed
