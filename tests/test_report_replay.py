"""The report's replay starts as late as it may (issue 19's fourth round): from the
checkpoint the day before its period when no flare near the period needs older plans,
else from one before the flare lookback, as before. Either way the report is the report
of a replay of the whole history (`reporting.period_replay`)."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import copy_diary, fixed_clock, ok
from paceit import plan, planning, reporting
from paceit.checkpoint_store import replay
from paceit.flare_episodes import Episode

TODAY = date(2026, 11, 21)  # helpers.NOW


@pytest.fixture
def diary(demo_20_weeks: Path, isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy_diary(demo_20_weeks, isolated_db)
    with fixed_clock(monkeypatch):
        yield isolated_db


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def episodes(path: Path) -> list[Episode]:
    """The flare episodes of a replay of the whole history."""
    with closing(connect(path)) as conn:
        return list(plan.run(planning.plan_inputs(conn, day=TODAY)).scan.episodes)


def forget_checkpoints(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM replay_checkpoint")


def resumed_day(path: Path, start: date) -> date | None:
    with closing(connect(path)) as conn:
        inputs, _ = reporting.period_replay(conn, start=start, end=TODAY)
    return None if inputs.resume is None else date.fromisoformat(inputs.resume["day"])


def test_the_report_resumes_the_day_before_its_period_when_no_flare_is_near(diary: Path) -> None:
    """A period from Monday 2026-11-16 has no flare in the 28 days before it: its replay
    starts after Sunday's checkpoint (before: after 2026-10-11's, 41 days instead of 6)."""
    ok("next")  # keeps the checkpoints, every 7th day
    start = date(2026, 11, 16)
    assert all(e.end is not None and e.end < start - timedelta(days=28) for e in episodes(diary))
    assert resumed_day(diary, start) == start - timedelta(days=1)


def test_a_flare_in_the_lookback_resumes_before_it(diary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A flare ended 2026-10-17, within 28 days of a period from 2026-11-09: its recovery
    needs the plans from its first day, so the replay starts before it, at once (the later
    checkpoints remember the flare)."""
    ok("next")
    replays = []
    monkeypatch.setattr(reporting.checkpoint_store, "replay", lambda *a, **k: replays.append(a) or replay(*a, **k))
    resumed = resumed_day(diary, date(2026, 11, 9))
    assert resumed is not None and resumed < date(2026, 10, 12)
    assert len(replays) == 1


def around(episode: Episode) -> list[date]:
    """Period starts around a flare: on either side of its first and last days and of the
    report's 28-day lookback after it (the edges where the replay's choice of checkpoint
    changes), and two of the days in between (seeded), on other weekdays against the
    Sunday checkpoints. The demo's second flare ends on a Saturday: a period from the
    Monday after (end + 2) has a settled checkpoint on its eve that must not be taken."""
    end = episode.end or TODAY
    edges = [episode.start + timedelta(days=d) for d in (-1, 0, 1)]
    edges += [end + timedelta(days=d) for d in (0, 1, 2, 27, 28, 29, 30)]
    between = [episode.start + timedelta(days=d) for d in (-8, 2)]
    between += [end + timedelta(days=d) for d in (7, 8, 14, 36)]
    days = edges + random.Random(episode.start.toordinal()).sample(between, 2)
    return sorted({d for d in days if d <= TODAY})


def test_the_report_around_every_flare_is_the_report_of_a_replay_from_the_start(diary: Path, tmp_path: Path) -> None:
    """The report (JSON and text) of a diary with the checkpoints `next` keeps equals the
    report of a replay from the start (no checkpoints), for periods starting around both
    flares. Each period starts from the same two diaries: the checkpoints a report keeps
    are thrown away before the next one."""
    found = episodes(diary)
    assert len(found) == 2
    ok("next")  # the checkpoints every later command resumes from
    kept = copy_diary(diary, tmp_path / "kept.db")
    forget_checkpoints(diary)
    for start in [d for e in found for d in around(e)]:
        until = min(TODAY, start + timedelta(days=41))
        args = ("report", "--since", start.isoformat(), "--until", until.isoformat())
        copy_diary(kept, diary)
        resumed, resumed_text = ok(*args, "--format", "json").stdout, ok(*args).stdout
        forget_checkpoints(diary)
        full = ok(*args, "--format", "json").stdout
        forget_checkpoints(diary)
        assert json.loads(resumed) == json.loads(full), start
        assert resumed_text == ok(*args).stdout, start


def test_a_flare_found_after_the_checkpoint_but_begun_on_its_day_replays_from_before_it(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flare found from pain is known on its second day: one that begins on a checkpoint's
    day (a Sunday) is not in that checkpoint, which is still settled and remembers no
    flare. A period from the Monday after needs the flare's first day: the replay is run
    again from a checkpoint before the lookback."""
    with fixed_clock(monkeypatch):
        sunday = date(2026, 11, 15)
        assert sunday.toordinal() % 7 == 0  # a checkpoint day (checkpoints.EVERY)
        ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "2026-09-01")
        day = date(2026, 9, 1)
        while day < TODAY:
            pain = "8" if day in (sunday, sunday + timedelta(days=1)) else "3"
            ok("pain", pain, "--at", f"{day.isoformat()} 08:00")
            day += timedelta(days=1)
        ok("next")
        found = episodes(isolated_db)
        assert [(e.start, e.known) for e in found] == [(sunday, sunday + timedelta(days=1))]
        start = sunday + timedelta(days=1)
        assert resumed_day(isolated_db, start) < start - timedelta(days=29)  # type: ignore[operator]
        args = ("report", "--since", start.isoformat(), "--format", "json")
        resumed = ok(*args).stdout
        forget_checkpoints(isolated_db)
        assert json.loads(resumed) == json.loads(ok(*args).stdout)
