"""Clocks and time zones at the edges (issue 16, items 17 and 21).

Old time zones had offsets with seconds (Monrovia was 44 min 30 s behind UTC until
1972, Amsterdam 19 min 32 s ahead until 1937): an entry at midnight was stored as 23:59
the day before, and its export did not import (17). A clock at year 9999 (a wrong
system clock, or PACEIT_NOW) made `next`, `trends` and `report` end in an internal
error (21). Each runs paceit in its own process, with that TZ or clock, on a real file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import child_env

BIN = Path(sys.executable).parent


def paceit(db: Path, *args: str, tz: str = "UTC", now: str | None = None) -> subprocess.CompletedProcess[str]:
    env = child_env(os.environ, PACEIT_DB=str(db), TZ=tz, COLUMNS="200")
    env.pop("PACEIT_NOW", None)
    if now is not None:
        env["PACEIT_NOW"] = now
    return subprocess.run([str(BIN / "paceit"), *args], env=env, capture_output=True, text=True, timeout=120)


def succeeds(db: Path, *args: str, **kwargs: str) -> str:
    done = paceit(db, *args, **kwargs)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


# --- item 17: offsets with seconds --------------------------------------------------------------

OLD_ZONES = [
    ("Africa/Monrovia", "1971-06-01T12:00", "1971-01-01", "Fri 01 Jan 1971"),  # UTC-00:44:30
    ("Europe/Amsterdam", "1930-06-01T12:00", "1930-01-01", "Wed 01 Jan 1930"),  # UTC+00:19:32
]


@pytest.mark.parametrize(("zone", "now", "day", "shown"), OLD_ZONES, ids=[z for z, *_ in OLD_ZONES])
def test_an_offset_with_seconds_keeps_the_wall_clock_time_and_the_export_imports(
    tmp_path: Path, zone: str, now: str, day: str, shown: str
) -> None:
    db = tmp_path / "old.db"
    said = succeeds(db, "pain", "4", "--at", f"{day}T00:00", "--note", "midnight", tz=zone, now=now)
    assert f"{shown} 00:00" in said, said
    succeeds(db, "pain", "5", "--at", f"{day}T23:59:50", "--note", "last seconds", tz=zone, now=now)
    succeeds(db, "pain", "3", "--note", "now", tz=zone, now=now)
    entries = json.loads(succeeds(db, "history", "--all", "--json", tz=zone, now=now))
    assert [(e["day"], e["at"][:19]) for e in entries] == [
        (day, f"{day}T00:00:00"),
        (day, f"{day}T23:59:50"),
        (now[:10], f"{now}:00"),
    ]
    history = succeeds(db, "history", "--all", tz=zone, now=now)
    assert f"{shown} 00:00" in history and f"{shown} 23:59" in history
    # the export imports into a new diary, in the same zone and in another, and exports the same again
    export = tmp_path / "old.json"
    succeeds(db, "export", "--output", str(export), tz=zone, now=now)
    for other_zone in (zone, "UTC"):
        copy = tmp_path / f"copy-{other_zone.replace('/', '-')}.db"
        later = f"{int(now[:4]) + 1}-01-01T12:00+00:00"
        succeeds(copy, "import", str(export), tz=other_zone, now=later)
        again = tmp_path / f"again-{other_zone.replace('/', '-')}.json"
        succeeds(copy, "export", "--output", str(again), tz=other_zone, now=later)
        first, second = json.loads(export.read_text()), json.loads(again.read_text())
        first["paceit_export"].pop("exported_utc")
        second["paceit_export"].pop("exported_utc")
        assert first == second


# --- item 21: a clock at the end of the calendar --------------------------------------------------

LAST_DAY = "9998-12-31"  # the last day paceit keeps a diary for: its rules look ahead from a day
READERS = [["next"], ["trends"], ["report"], ["report", "--format", "json"], ["insights"], ["history"]]


def _diary_near(db: Path, day: str) -> None:
    """A few weeks of diary ending on `day`, recorded with the clock there."""
    now = f"{day}T20:00:00+00:00"
    succeeds(db, "activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "-20d", now=now)
    for back in (14, 7, 2, 0):
        succeeds(db, "pain", "4", "--at", f"-{back}d", now=now)
        succeeds(db, "log", "walking", "8", "--pain-during", "2", "--at", f"-{back}d", now=now)
    succeeds(db, "flare", "start", "--at", "-5d", now=now)
    succeeds(db, "goal", "add", "walk to the park", now=now)


@pytest.mark.parametrize("clock", ["9999-12-31T12:00:00+00:00", "9999-01-01T00:00:00+00:00", "9999-12-31T23:59:59"])
def test_a_clock_after_the_last_day_is_a_clear_error(tmp_path: Path, clock: str) -> None:
    db = tmp_path / "diary.db"
    _diary_near(db, LAST_DAY)
    before = db.read_bytes()
    for args in [*READERS, ["pain", "4"]]:
        done = paceit(db, *args, now=clock)
        assert done.returncode == 1 and done.stdout == "", (args, done)
        line = done.stderr.strip()
        assert "\n" not in line and "internal error" not in line, (args, line)
        assert "clock" in line and LAST_DAY in line and clock[:10] in line, (args, line)
    assert db.read_bytes() == before


def test_the_last_day_itself_works(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    _diary_near(db, LAST_DAY)
    for args in READERS:
        assert succeeds(db, *args, now=f"{LAST_DAY}T20:00:00+00:00")


def test_a_plan_day_after_the_last_day_is_bad_input(tmp_path: Path) -> None:
    """`next --date` and `plan history --date` plan that day (the rules look ahead from it);
    a reading range past it is fine, and is cut to today as before."""
    db = tmp_path / "diary.db"
    _diary_near(db, "2026-11-21")
    now = "2026-11-21T20:00:00+00:00"
    for args in (["next", "--date", "9999-12-31"], ["plan", "history", "walking", "--date", "9999-01-01"]):
        done = paceit(db, *args, now=now)
        assert done.returncode == 2 and done.stdout == "", (args, done)
        assert f"--date must be on or before {LAST_DAY}" in done.stderr and "\n" not in done.stderr.strip(), done
    assert "2026-11-21" in succeeds(db, "report", "--until", "9999-12-31", now=now)
    assert "walking" in succeeds(db, "history", "--since", "2026-11-01", "--until", "9999-12-31", now=now)
