"""Issue 17, items 7-11 on a real pseudo-terminal: the questions asked before a change that
deserves a second look, and Ctrl-C at such a question (test_no_surprises.py has the
same changes off a terminal, where they need --yes)."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ctrl_c_when, ok, on_a_terminal
from test_interactive import run_in_pty

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
NOW = "2026-11-21T09:00:00+00:00"


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PACEIT_NOW", NOW)  # the in-process setup and the terminal's paceit agree
    monkeypatch.setenv("TZ", "UTC")
    yield


def _env(db: Path, now: str = NOW) -> dict[str, str]:
    return dict(os.environ, PACEIT_DB=str(db), PACEIT_NOW=now, TZ="UTC")


def _amounts(db: Path) -> list[float]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT amount FROM session ORDER BY id")]


def test_five_times_the_quota_is_asked_about_and_no_saves_nothing(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "-3d")
    text, code = run_in_pty(["log", "walking", "45"], ["n"], _env(isolated_db))
    assert code == 0, text
    assert "45 min is 5.6 times today's quota of 8 min for walking" in " ".join(text.split())
    assert "Nothing was saved." in text and _amounts(isolated_db) == []
    text, code = run_in_pty(["log", "walking", "45"], ["y"], _env(isolated_db))
    assert code == 0 and "Saved session #1" in text, text
    assert _amounts(isolated_db) == [45]


def test_moving_the_start_back_more_than_a_week_is_asked_about(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    text, code = run_in_pty(["log", "walking", "20", "--at", "-10d"], ["y"], _env(isolated_db))
    assert code == 0, text
    assert "moves walking's start (and so its baseline) from Sat 21 Nov 2026 to Wed 11 Nov 2026" in " ".join(
        text.split()
    )
    assert "walking now starts Wed 11 Nov 2026" in " ".join(text.split())


def test_editing_an_old_entry_shows_it_and_asks(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "2026-11-02T08:00")
    text, code = run_in_pty(["edit", "pain", "1", "--pain", "6"], ["n"], _env(isolated_db))
    assert code == 0, text
    assert "pain entry #1 (Mon 02 Nov 2026 08:00): from Mon 02 Nov 2026, more than 7 days ago." in text
    assert "Change it? [y/N]" in text and "Nothing was changed." in text
    text, code = run_in_pty(["delete", "pain", "1"], ["y"], _env(isolated_db))
    assert code == 0 and "Deleted pain entry #1 (Mon 02 Nov 2026 08:00)" in text, text
    with sqlite3.connect(isolated_db) as conn:
        assert conn.execute("SELECT count(*) FROM pain_entry").fetchone() == (0,)


def test_undoing_yesterdays_change_is_asked_about(isolated_db: Path) -> None:
    ok("pain", "4")
    tomorrow = "2026-11-22T09:00:00+00:00"
    text, code = run_in_pty(["undo"], ["n"], _env(isolated_db, tomorrow))
    assert code == 0 and "was made on an earlier day (Sat 21 Nov 2026 09:00). Undo it?" in text, text
    assert "Nothing was undone." in text
    text, code = run_in_pty(["undo"], ["y"], _env(isolated_db, tomorrow))
    assert code == 0 and "Undid 'paceit pain'" in text, text
    with sqlite3.connect(isolated_db) as conn:
        assert conn.execute("SELECT count(*) FROM pain_entry").fetchone() == (0,)


def test_ctrl_c_at_a_confirmation_ends_the_line_and_says_nothing_was_saved(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    text, code = on_a_terminal(
        ["log", "walking", "20", "--at", "-10d"], _env(isolated_db),
        ctrl_c_when(lambda output: output.rstrip().endswith(b"[y/N]:")),
    )  # fmt: skip
    assert code == 130, text
    _, _, rest = text.rpartition("[y/N]: ")
    assert rest.replace("^C", "").strip() == "paceit: stopped; nothing was saved", text
    assert rest.replace("^C", "").startswith("\r\n"), text  # the question's line ended first
    assert _amounts(isolated_db) == []
