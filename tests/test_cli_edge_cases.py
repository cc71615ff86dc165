"""Edge cases a patient meets: non-ASCII names, times around noon and clock changes,
repeated options, and the error boundary's handling of --debug and odd paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers import NOW, child_env, count, fails, fixed_clock, ok, read_json, row, rows, time_zone
from paceit.errors import InputError
from paceit.parse import when


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> object:
    with fixed_clock(monkeypatch):
        yield


def test_activity_names_ignore_case_beyond_ascii(isolated_db: Path) -> None:
    ok("activity", "add", "Übung", "--unit", "reps")
    assert "already exists" in fails("activity", "add", "übung", "--unit", "reps")
    ok("log", "übung", "12")
    assert rows(isolated_db, "session")[0]["activity_id"] == 1


def test_a_bare_date_of_today_before_noon_is_now_not_the_future(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T08:00:00+00:00")
    result = ok("pain", "3", "--at", "2026-11-21")
    assert "08:00" in result.stdout
    ok("pain", "4", "--at", "-0d")  # another score: the same entry again would be a repeat


def test_a_time_skipped_by_the_clocks_going_forward_is_refused() -> None:
    with time_zone("America/New_York"):
        now = datetime(2026, 3, 9, 12, 0).astimezone()
        with pytest.raises(InputError, match="does not exist"):
            when("2026-03-08T02:30", now=now)
        assert when("2026-03-08T03:30", now=now).utcoffset() == timedelta(hours=-4)


def test_history_kind_given_twice_lists_each_entry_once(isolated_db: Path) -> None:
    ok("pain", "4")
    assert len(read_json("history", "--kind", "pain", "--kind", "pain", "--json")) == 1


def test_sites_split_on_commas_and_repeat_the_same_way_everywhere(isolated_db: Path) -> None:
    ok("pain", "4", "--site", "neck, shoulder", "--site", "Neck")
    assert json.loads(row(isolated_db, "pain_entry", 1)["sites"]) == ["neck", "shoulder"]
    ok("edit", "pain", "1", "--site", "back", "--site", "hip")
    assert json.loads(row(isolated_db, "pain_entry", 1)["sites"]) == ["back", "hip"]


def test_config_set_default_removes_the_stored_value(isolated_db: Path) -> None:
    ok("config", "set", "plan.days", "mon,wed")
    ok("config", "set", "plan.days", "default")
    assert rows(isolated_db, "setting") == []
    assert read_json("config", "show", "--json")["plan.days"]["changed"] is False
    result = ok("undo")
    assert "setting plan.days" in result.stdout and "#" not in result.stdout.split("setting")[1]
    assert read_json("config", "show", "--json")["plan.days"]["value"] == ["mon", "wed"]


def test_backup_of_a_diary_that_does_not_exist_creates_nothing(isolated_db: Path, tmp_path: Path) -> None:
    assert "nothing to back up" in fails("backup", str(tmp_path / "copy.db"))
    assert not isolated_db.exists()


def _paceit(*args: str, env_db: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PACEIT_DB=str(env_db))
    env.pop("PACEIT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "paceit", *args], capture_output=True, text=True, env=child_env(env), timeout=60
    )


def test_debug_counts_only_before_the_command(isolated_db: Path) -> None:
    after = _paceit("pain", "4", "--note", "--debug", env_db=isolated_db)
    assert after.returncode == 0, after.stderr
    misplaced = _paceit("pain", "11", "--debug", env_db=isolated_db)
    assert misplaced.returncode == 2 and "Traceback" not in misplaced.stderr
    before = _paceit("--debug", "pain", "11", env_db=isolated_db)
    assert before.returncode != 0 and "Traceback" in before.stderr


def test_an_unusable_home_in_db_path_is_one_line_exit_1(isolated_db: Path) -> None:
    result = _paceit("--db", "~no-such-user-here/x.db", "pain", "3", env_db=isolated_db)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "home folder" in result.stderr


def test_a_missing_ladder_step_is_named_before_any_missing_option(isolated_db: Path) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "40")
    line = fails("ladder", "try", "99", "--happened", "maybe")
    assert "99" in line and "step" in line and "--fear-before" not in line
    assert count(isolated_db, "exposure_trial") == 0


def test_the_last_baseline_session_says_when_the_baseline_takes_effect(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20", "--at", "-2d")
    ok("log", "walking", "22", "--at", "-1d")
    out = " ".join(ok("log", "walking", "21").stdout.split())
    assert "3 of 3 sessions done (that completes your baseline; plans use it from tomorrow, Sun 22 Nov 2026)" in out
    assert "Finding your baseline" in " ".join(ok("next").stdout.split())  # today: not yet in use


def test_activity_show_names_the_baseline_the_plan_used_across_a_time_zone_change(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UTC order and the plan's order (local day, then local time) part when the person
    travels: here the 40 min session is among the first three in UTC but fourth by day."""
    monkeypatch.setenv("PACEIT_NOW", NOW)
    ok("activity", "add", "walking", "--unit", "min")
    with time_zone("America/New_York"):
        ok("log", "walking", "10", "--at", "2026-11-18 10:00")  # 15:00 UTC on the 18th
        ok("log", "walking", "10", "--at", "2026-11-19 23:00")  # 04:00 UTC on the 20th
    with time_zone("Europe/Berlin"):
        ok("log", "walking", "10", "--at", "2026-11-20 01:00")  # 00:00 UTC on the 20th
        ok("log", "walking", "40", "--at", "2026-11-20 02:00")  # 01:00 UTC on the 20th
    with time_zone("UTC"):
        shown = read_json("activity", "show", "walking", "--json")
        plan = read_json("next", "--json")
    assert (shown["baseline"], shown["baseline_source"]) == (10.0, "sessions")
    walking = next(a for a in plan["activities"] if a["name"] == "walking")
    assert walking["target"] == 8
    assert "first 3 sessions (10 min, 10 min, 10 min) = 10 min" in walking["reasons"][0]
