"""Checkpoints in the diary file: the triggers of schema step 4 forget every checkpoint an
entry could change, and `paceit next` with its checkpoints answers exactly as a replay of
the whole history does, through backfills, corrections, deletes, undo, flares, red flags
and settings (Hypothesis picks the sequence of commands)."""

from __future__ import annotations

import gc
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ok, run
from paceit import planning
from paceit.plan import next_plan
from paceit.today import with_progress

TODAY = date(2026, 11, 21)  # helpers.NOW


def stored_days(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT day FROM replay_checkpoint ORDER BY day")]
    finally:
        conn.close()


def from_scratch(path: Path, day: date) -> dict[str, Any]:
    """The `next --json` document from a replay of the whole history, no checkpoint used
    (with the progress statements, which no checkpoint holds)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        inputs = planning.plan_inputs(conn, day=day)
        return with_progress(conn, next_plan(inputs), day=day, settings=inputs.settings).to_json()  # no notice
    finally:
        conn.close()


def next_json(day: date) -> dict[str, Any]:
    return dict(json.loads(ok("next", "--json", "--date", day.isoformat()).stdout))


@pytest.fixture
def diary(demo_20_weeks: Path, isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from helpers import copy_diary, fixed_clock

    copy_diary(demo_20_weeks, isolated_db)
    with closing(sqlite3.connect(isolated_db)) as conn, conn:  # none: the tests watch what commands keep
        conn.execute("DELETE FROM replay_checkpoint")
    with fixed_clock(monkeypatch):
        yield isolated_db


def test_the_demo_keeps_the_checkpoints_of_the_plan_it_shows(demo_20_weeks: Path) -> None:
    """`paceit demo` shows today's plan by `next`'s own path, so the first `next` after it
    resumes from checkpoints instead of replaying twenty weeks."""
    days = stored_days(demo_20_weeks)
    assert len(days) >= 19 and all(date.fromisoformat(d).toordinal() % 7 == 0 for d in days)


def test_next_keeps_checkpoints_and_answers_as_a_replay_from_the_start(diary: Path) -> None:
    assert stored_days(diary) == []
    first = next_json(TODAY)
    days = stored_days(diary)
    assert len(days) >= 19 and all(date.fromisoformat(d).toordinal() % 7 == 0 for d in days)
    assert max(days) < TODAY.isoformat()
    assert next_json(TODAY) == first == from_scratch(diary, TODAY)
    for back in (1, 6, 30, 90):  # an earlier day resumes from an earlier checkpoint
        when = TODAY - timedelta(days=back)
        assert next_json(when) == from_scratch(diary, when)


def test_writing_an_entry_forgets_the_checkpoints_it_could_change(diary: Path) -> None:
    next_json(TODAY)
    before = stored_days(diary)
    when = date.fromisoformat(before[-3]) + timedelta(days=2)
    ok("pain", "7", "--at", f"{when.isoformat()}T08:00")
    assert stored_days(diary) == [d for d in before if d < (when - timedelta(days=1)).isoformat()]
    ok("config", "set", "gate.done_share", "0.7", "--clinician")
    assert stored_days(diary) == []  # a setting changes every plan


@pytest.mark.parametrize(
    ("table", "row", "span"),
    [
        ("pain_entry", {"pain": 3, "flare": 0, "sites": "[]"}, None),
        ("session", {"activity_id": 1, "amount": 5}, None),
        ("flare", {"end_day": "2026-10-20"}, "end_day"),
        ("red_flag", {"code": "fever", "grp": 2, "cleared_utc": "2026-10-20 10:00:00"}, "cleared"),
    ],
)
def test_each_trigger_forgets_from_the_day_before_the_entry_on(
    diary: Path, table: str, row: dict[str, Any], span: str | None
) -> None:
    """Insert, update (to an earlier day) and delete, straight in SQL: the triggers act
    whatever writes the entry (a command, undo, import)."""
    conn = sqlite3.connect(diary)
    conn.execute("PRAGMA foreign_keys = ON")
    days = [date(2026, 10, d) for d in range(1, 31)]

    def fill() -> None:
        conn.executemany("INSERT OR REPLACE INTO replay_checkpoint VALUES (?, '{}')", [(d.isoformat(),) for d in days])

    def left() -> list[date]:
        return [date.fromisoformat(r[0]) for r in conn.execute("SELECT day FROM replay_checkpoint ORDER BY day")]

    stamp = {"uuid": "u-1", "at_utc": "2026-10-25 08:00:00", "day": "2026-10-25", "utc_offset": 0,
             "created_utc": "2026-10-25 08:00:00"}  # fmt: skip
    values = {**stamp, **row}
    fill()
    columns, marks = ", ".join(values), ", ".join("?" * len(values))
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values()))
    first_day = date(2026, 10, 24) if span is None else date(2026, 10, 19 if span == "end_day" else 18)
    assert left() == [d for d in days if d < first_day]
    fill()
    conn.execute(f"UPDATE {table} SET day = '2026-10-10' WHERE uuid = 'u-1'")
    assert left() == [d for d in days if d < date(2026, 10, 9 if span != "cleared" else 8)]
    fill()
    conn.execute(f"DELETE FROM {table} WHERE uuid = 'u-1'")
    assert left() == [d for d in days if d < date(2026, 10, 9 if span != "cleared" else 8)]
    conn.close()


@pytest.mark.parametrize("table", ["activity", "goal", "setting"])
def test_a_change_of_an_activity_goal_or_setting_forgets_every_checkpoint(diary: Path, table: str) -> None:
    conn = sqlite3.connect(diary)
    conn.execute("INSERT INTO replay_checkpoint VALUES ('2020-01-05', '{}')")
    column = {"activity": "note", "goal": "note", "setting": "value"}[table]
    conn.execute(f"UPDATE {table} SET {column} = {column}")
    left = conn.execute("SELECT count(*) FROM replay_checkpoint").fetchone()[0]
    rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    conn.close()
    assert left == (0 if rows else 1)


def test_a_checkpoint_of_another_paceit_is_ignored_and_replaced(diary: Path) -> None:
    next_json(TODAY)
    conn = sqlite3.connect(diary)
    conn.execute("UPDATE replay_checkpoint SET state = json_set(state, '$.version', '0.0.1')")
    conn.commit()
    conn.close()
    assert next_json(TODAY) == from_scratch(diary, TODAY)
    conn = sqlite3.connect(diary)
    versions = {r[0] for r in conn.execute("SELECT json_extract(state, '$.version') FROM replay_checkpoint")}
    conn.close()
    assert "0.0.1" not in versions


def test_next_on_a_read_only_or_busy_diary_still_answers(diary: Path) -> None:
    conn = sqlite3.connect(diary, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")  # another paceit is writing
    try:
        result = run("next", "--json")
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    assert result.exit_code == 0 and result.stderr == ""
    assert stored_days(diary) == []  # nothing kept, nothing waited for


# --- any sequence of commands ------------------------------------------------------------

DAYS_BACK = st.integers(0, 120)


def _at(back: int, hour: int = 8) -> str:
    return f"{(TODAY - timedelta(days=back)).isoformat()}T{hour:02d}:00"


def _ids(path: Path, table: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
    finally:
        conn.close()
        gc.collect()


@st.composite
def command(draw: st.DrawFn, path: Path) -> list[str]:
    kind = draw(st.sampled_from(
        ["pain", "pain", "log", "log", "edit", "delete", "undo", "flare", "redflag", "setting", "goal", "next"]
    ))  # fmt: skip
    back = draw(DAYS_BACK)
    if kind == "pain":
        return ["pain", str(draw(st.integers(0, 10))), "--at", _at(back, draw(st.sampled_from([7, 9, 20])))]
    if kind == "log":
        name = draw(st.sampled_from(["walking", "cycling"]))
        return ["log", name, str(draw(st.integers(2, 30))), "--pain-during", str(draw(st.integers(0, 9))),
                "--at", _at(back, 17)]  # fmt: skip
    if kind in ("edit", "delete"):
        table, what = draw(st.sampled_from([("pain_entry", "pain"), ("session", "session")]))
        ids = _ids(path, table)
        target = str(draw(st.sampled_from(ids)))
        if kind == "delete":
            return ["delete", what, target]
        field = "--pain" if what == "pain" else "--amount"
        return ["edit", what, target, field, str(draw(st.integers(1, 9)))]
    if kind == "flare":
        return ["flare", "start", "--at", _at(back)] if draw(st.booleans()) else ["flare", "end"]
    if kind == "redflag":
        return ["redflag", "check", "--yes", draw(st.sampled_from(["fever", "night-pain"])), "--at", _at(back)]
    if kind == "setting":
        return ["config", "set", "gate.done_share", draw(st.sampled_from(["0.6", "0.7", "0.8"])), "--clinician"]
    if kind == "goal":
        return ["goal", "add", "walk to the park", "--activity", "walking", "--target", str(draw(st.integers(8, 40)))]
    return ["next", "--date", (TODAY - timedelta(days=back)).isoformat()]


@given(st.data())
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
def test_any_sequence_of_commands_leaves_next_as_a_replay_from_the_start(diary: Path, data: st.DataObject) -> None:
    shutil.copyfile(diary, diary.with_name("start.db"))
    try:
        next_json(TODAY)
        for _ in range(6):
            args = data.draw(command(diary))
            run(*args)  # some are refused (e.g. no open flare to end): nothing changes then
            for day in (TODAY, TODAY - timedelta(days=data.draw(DAYS_BACK))):
                assert next_json(day) == from_scratch(diary, day), (args, day)
    finally:
        shutil.copyfile(diary.with_name("start.db"), diary)
        for extra in ("-wal", "-shm"):
            diary.with_name(diary.name + extra).unlink(missing_ok=True)


# --- trends and the report resume too ----------------------------------------------------


def forget_checkpoints(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM replay_checkpoint")
    conn.commit()
    conn.close()


def resumed_and_full(*args: str) -> tuple[str, str]:
    """The output with the checkpoints `next` keeps, then with none (a replay from the start)."""
    ok("next")
    assert stored_days(Path(os.environ["PACEIT_DB"]))
    resumed = ok(*args).stdout
    forget_checkpoints(Path(os.environ["PACEIT_DB"]))
    return resumed, ok(*args).stdout


@pytest.mark.parametrize("weeks", ["2", "6", "12"])
def test_trends_from_checkpoints_are_the_trends_of_a_replay_from_the_start(diary: Path, weeks: str) -> None:
    resumed, full = resumed_and_full("trends", "--weeks", weeks, "--json")
    assert json.loads(resumed) == json.loads(full)


@pytest.mark.parametrize(
    "period",
    [[], ["--since", "-10w"], ["--since", "-3w", "--until", "-1w"], ["--since", "-19w"],
     ["--since", "-8w", "--until", "-5w"]],
    ids=["default", "10 weeks", "3 to 1 weeks ago", "whole demo", "8 to 5 weeks ago"],
)
def test_the_report_from_checkpoints_is_the_report_of_a_replay_from_the_start(diary: Path, period: list[str]) -> None:
    resumed, full = resumed_and_full("report", *period, "--format", "json")
    assert json.loads(resumed) == json.loads(full)
    resumed_text, full_text = resumed_and_full("report", *period)
    assert resumed_text == full_text


def data_version_after(path: Path, *args: str) -> tuple[int, int]:
    """SQLite's data_version as seen by a connection held open across `args`: it changes
    only when another connection commits a write to the file."""
    conn = sqlite3.connect(path)
    try:
        before = conn.execute("PRAGMA data_version").fetchone()[0]
        ok(*args)
        return before, conn.execute("PRAGMA data_version").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("args", [["trends"], ["report", "--since", "-10w"], ["next"]], ids=" ".join)
def test_running_a_command_again_writes_nothing(diary: Path, args: list[str]) -> None:
    """The first run keeps its checkpoints; the second takes the same ones and leaves the
    file alone (no write lock for nothing). A changed checkpoint is still written."""
    before, after = data_version_after(diary, *args)
    assert after != before and stored_days(diary)
    before, after = data_version_after(diary, *args)
    assert after == before
    conn = sqlite3.connect(diary)
    conn.execute("UPDATE replay_checkpoint SET state = '{}' WHERE day = (SELECT max(day) FROM replay_checkpoint)")
    conn.commit()
    conn.close()
    before, after = data_version_after(diary, *args)
    assert after != before
    conn = sqlite3.connect(diary)
    states = [json.loads(s) for (s,) in conn.execute("SELECT state FROM replay_checkpoint")]
    conn.close()
    assert {} not in states
