"""`paceit trends`: weekly numbers computed by hand on small histories built with real
commands, the pure helpers (sparklines, weeks, the load ratio), and the 60-column view.

The clock is fixed at Saturday 2026-11-21 18:00 UTC, so with `--weeks 2` the weeks start
on Monday 2026-11-09 and Monday 2026-11-16.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import child_env, fixed_clock, ok, read_json
from paceit.settings import DEFAULTS
from paceit.training_load import load_ratio, monotony
from paceit.trends import BARS, GAP, sparkline, week_of, week_starts


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def walking_history() -> None:
    """Q = 0.8 x 12.5 = 10 min all along (--every 14: no increase before the 23rd); planned days mon, wed, fri."""
    ok("config", "set", "plan.days", "mon,wed,fri")
    ok(
        "activity",
        "add",
        "walking",
        "--unit",
        "min",
        "--baseline",
        "12.5",
        "--every",
        "14",
        "--clinician",
        "--at",
        "2026-11-09",
    )
    sessions = [
        ("2026-11-09T17:00", "10", "3"),  # Mon, planned: 10 >= 8 done; load 30
        ("2026-11-11T17:00", "7", "4"),  # Wed, planned: 7 < 8 not done; load 28
        ("2026-11-13T17:00", "8", "5"),  # Fri, planned: 8 >= 8 done; load 40
        ("2026-11-14T17:00", "20", "2"),  # Sat, not planned; load 40
        ("2026-11-16T10:00", "6", "3"),  # Mon, planned: 6 + 6 = 12 done; load 18
        ("2026-11-16T17:00", "6", "3"),  # load 18
    ]
    for at, amount, effort in sessions:
        ok("log", "walking", amount, "--effort", effort, "--pain-during", "1", "--at", at)
    ok("log", "walking", "9", "--pain-during", "1", "--at", "2026-11-20T17:00")  # Fri, done; no effort: no load
    ok("pain", "4", "--sleep", "6", "--mood", "5", "--fatigue", "3", "--at", "2026-11-10 08:00")
    ok("pain", "6", "--sleep", "4", "--at", "2026-11-12 08:00")
    ok("pain", "2", "--at", "2026-11-12 20:00")
    ok("pain", "5", "--mood", "7", "--at", "2026-11-17 08:00")
    ok("ladder", "add", "carry the shopping", "--fear", "40")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--at", "2026-11-18 11:00")


def test_weekly_numbers_by_hand() -> None:
    walking_history()
    doc = read_json("trends", "--weeks", "2", "--json")
    first, second = doc["weeks"]
    assert first["week_start"] == "2026-11-09" and second["week_start"] == "2026-11-16"
    # Week 1: pains 4, 6, 2 -> mean 4, range 2-6, 3 entries on 2 days; sleep (6+4)/2; mood 5; fatigue 3.
    assert first["pain"] == {"mean": 4.0, "min": 2, "max": 6, "n": 3}
    assert (first["days_logged"], first["sleep"], first["mood"], first["fatigue"]) == (2, 5.0, 5.0, 3.0)
    # 4 sessions, 10+7+8+20 = 45 min, load 30+28+40+40 = 138; planned Mon, Wed, Fri, done Mon and Fri.
    assert (first["sessions"], first["minutes"], first["load"]) == (4, 45, 138)
    assert (first["planned_days"], first["done_days"], first["done_share"]) == (3, 2, 0.67)
    assert (first["trials"], first["flare_days"]) == (0, 0)
    # Week 2 (to Saturday): one entry of 5; 3 sessions, 6+6+9 = 21 min, load 18+18 (the 9 had no effort).
    assert second["pain"] == {"mean": 5.0, "min": 5, "max": 5, "n": 1}
    assert (second["sleep"], second["mood"], second["fatigue"]) == (None, 7.0, None)
    assert (second["sessions"], second["minutes"], second["load"]) == (3, 21, 36)
    # Planned Mon 16 (done: 12), Wed 18 (nothing), Fri 20 (9 >= 8).
    assert (second["planned_days"], second["done_days"], second["done_share"]) == (3, 2, 0.67)
    assert second["trials"] == 1
    assert doc["sparklines"]["pain"] == BARS[round(0.4 * 7)] + BARS[round(0.5 * 7)]
    # 13 days since the first load: below the 21 needed, so no ratio, and the caveat always.
    ratio = doc["load_ratio"]
    assert ratio["ratio"] is None and ratio["days"] == 13 and "21 days" in ratio["text"]
    assert "never changes your plan" in ratio["caveat"]


def test_flare_days_declared_ticked_and_counted_per_week() -> None:
    # A ticked flare on Tue 10th opens an episode at once; Wed 11th and Thu 12th are calm
    # (pain 2 <= 5, no baseline yet), so it ends after the 11th: 2 days, both the person's own.
    ok("pain", "6", "--flare", "--at", "2026-11-10 09:00")
    ok("pain", "2", "--at", "2026-11-11 09:00")
    ok("pain", "2", "--at", "2026-11-12 09:00")
    # A declared flare from Tue 17th to Thu 19th: 3 days.
    ok("flare", "start", "--at", "2026-11-17 09:00")
    ok("flare", "end", "--at", "2026-11-19 20:00")
    doc = read_json("trends", "--weeks", "3", "--json")
    counts = [(w["week_start"], w["flare_days"], w["declared_flare_days"]) for w in doc["weeks"]]
    assert counts == [("2026-11-09", 2, 2), ("2026-11-16", 3, 3)]  # none before the diary began


def test_a_new_diary_shows_no_weeks_from_before_it_began() -> None:
    ok("pain", "3")
    doc = read_json("trends", "--json")
    assert len(doc["weeks"]) == 1 and doc["weeks"][0]["week_start"] == "2026-11-16"
    assert doc["diary_began"] == "2026-11-21"
    assert doc["sparklines"]["pain"] == BARS[round(0.3 * 7)] and doc["sparklines"]["load"] == GAP
    assert ok("trends").stdout.startswith(
        "Trends since 2026-11-21, when your diary began (1 week; weeks start on Monday)"
    )
    ok("pain", "4", "--at", "2026-10-27 08:00")  # a Tuesday: its week and the ones after show
    doc = read_json("trends", "--json")
    assert [w["week_start"] for w in doc["weeks"]][:2] == ["2026-10-26", "2026-11-02"] and len(doc["weeks"]) == 4
    assert doc["sparklines"]["pain"] == BARS[round(0.4 * 7)] + GAP * 2 + BARS[round(0.3 * 7)]
    full = read_json("trends", "--weeks", "3", "--json")  # the diary reaches back further than asked
    assert len(full["weeks"]) == 3 and full["diary_began"] is None
    assert ok("trends", "--weeks", "3").stdout.startswith("Trends, weeks from 2026-11-02 to 2026-11-21")


def test_weekly_means_show_one_decimal_and_shares_one_percent_style() -> None:
    walking_history()
    lines = ok("trends", "--weeks", "2").stdout.splitlines()
    week = next(line for line in lines if line.startswith("2026-11-09") and "-" in line.split()[2])
    # pain 4.0, range 2-6, sleep 5.0, mood 5.0, fatigue 3.0: whole means keep their decimal
    assert week.split()[:6] == ["2026-11-09", "4.0", "2-6", "5.0", "5.0", "3.0"]
    later = next(line for line in lines if line.startswith("2026-11-16") and "-" in line.split()[2])
    assert later.split()[:6] == ["2026-11-16", "5.0", "5-5", "-", "7.0", "-"]
    text = " ".join(lines)
    assert "67% of 3" in text and "80% or more" in text and " %" not in text


def test_the_table_fits_60_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    walking_history()
    monkeypatch.setenv("COLUMNS", "60")
    out = ok("trends").stdout
    assert all(len(line) <= 60 for line in out.splitlines()), out
    assert "2026-11-16" in out and "67% of 3" in out and "never changes your plan" in out
    assert "\x1b[" not in out


@pytest.mark.parametrize("value", ["0", "521", "x"])
def test_bad_weeks_are_refused(value: str) -> None:
    from helpers import fails

    assert "--weeks" in fails("trends", "--weeks", value)


def test_trends_does_not_import_the_orm(isolated_db: Path) -> None:
    ok("pain", "3")
    code = (
        "import sys\nfrom paceit.cli.app import app\n"
        "app(['trends'], prog_name='paceit', standalone_mode=False)\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'pydantic') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    env = {**os.environ, "PACEIT_DB": str(isolated_db)}
    proc = subprocess.run([sys.executable, "-c", code], env=child_env(env), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


# --- pure helpers -----------------------------------------------------------------------


def test_sparkline_by_hand() -> None:
    assert sparkline([0, 10, None, 5], 0, 10) == BARS[0] + BARS[7] + GAP + BARS[4]
    assert sparkline([3, 3]) == BARS[0] * 2
    assert sparkline([None, None]) == GAP * 2


@given(st.lists(st.one_of(st.none(), st.floats(0, 1000)), max_size=60))
def test_sparkline_one_mark_per_value(values: list[float | None]) -> None:
    line = sparkline(values, 0)
    assert len(line) == len(values)
    assert all((mark == GAP) is (v is None) for mark, v in zip(line, values, strict=True))


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(1, 60))
def test_weeks_start_on_monday_and_end_with_today(today: date, count: int) -> None:
    starts = week_starts(today, count)
    assert len(starts) == count and all(s.weekday() == 0 for s in starts)
    assert starts[-1] <= today < starts[-1] + timedelta(days=7) and week_of(today) == starts[-1]


def test_load_ratio_constant_load_is_one() -> None:
    start = date(2026, 1, 1)
    loads = {start + timedelta(days=i): 100.0 for i in range(28)}
    result = load_ratio(loads, start + timedelta(days=27), DEFAULTS)
    assert (result.acute, result.chronic, result.ratio, result.spike) == (100.0, 100.0, 1.0, False)


def test_load_ratio_spike_by_hand() -> None:
    # Seed 30 (first 7 days), 20 more days of 30, then 300: acute 0.25 x 300 + 0.75 x 30 = 97.5;
    # chronic (2/29) x 300 + (27/29) x 30 = 48.62; ratio 2.01 > 1.5.
    start = date(2026, 1, 1)
    loads = {start + timedelta(days=i): 30.0 for i in range(27)}
    loads[start + timedelta(days=27)] = 300.0
    result = load_ratio(loads, start + timedelta(days=27), DEFAULTS)
    assert (result.acute, result.chronic, result.ratio, result.spike) == (97.5, 48.6, 2.01, True)
    assert "spike" in result.text


def test_load_ratio_hides_a_tiny_chronic_load() -> None:
    start = date(2026, 1, 1)
    loads = {start + timedelta(days=i): 5.0 for i in range(28)}
    result = load_ratio(loads, start + timedelta(days=27), DEFAULTS)
    assert result.ratio is None and "too small" in result.text


def test_no_ratio_from_a_zero_chronic_load_even_with_no_floor() -> None:
    """acwr.min_chronic may be set to 0 (its range is 0-1000): sessions all rated effort 0
    then left a chronic load of 0, and the ratio divided by it (an internal error in
    `trends` and the report)."""
    start = date(2026, 1, 1)
    loads = {start + timedelta(days=i): 0.0 for i in range(28)}
    result = load_ratio(loads, start + timedelta(days=27), {**DEFAULTS, "acwr.min_chronic": 0})
    assert result.ratio is None and not result.spike
    assert result.text == "Chronic load 0 is too small for a stable ratio; none shown."


def test_trends_with_every_effort_zero_and_no_chronic_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACEIT_NOW", "2026-03-01T20:00:00+00:00")
    ok("config", "set", "acwr.min_chronic", "0", "--clinician")
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-01-01")
    for n in range(1, 29):
        ok("log", "walking", "20", "--effort", "0", "--at", f"2026-02-{n:02d}T10:00")
    assert "Chronic load 0 is too small for a stable ratio" in ok("trends").stdout


def test_the_demo_flare_and_its_recovery_show(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    ok("--db", db, "demo", "--weeks", "12")
    doc = read_json("--db", db, "trends", "--json")
    weeks = doc["weeks"]
    flare = max(range(len(weeks)), key=lambda i: weeks[i]["flare_days"])
    assert weeks[flare]["flare_days"] >= 4 and weeks[flare]["declared_flare_days"] >= 4
    # Pain peaks in the flare week; load and minutes dip, then build back within a few weeks.
    assert weeks[flare]["pain"]["mean"] == max(w["pain"]["mean"] for w in weeks if w["pain"]["mean"] is not None)
    after = weeks[flare + 1 :]
    # the two weeks after it are calm; later bumps of a day or two are ordinary life (the demo
    # also carries the insights' associations, e.g. gardening raising next-morning pain)
    assert len(after) >= 2 and after[0]["flare_days"] == after[1]["flare_days"] == 0
    assert all(w["declared_flare_days"] == 0 for i, w in enumerate(weeks) if i != flare)
    assert max(w["load"] for w in after) > 2 * weeks[flare]["load"]
    assert max(w["minutes"] for w in after) > weeks[flare - 1]["minutes"]


@given(
    st.lists(st.one_of(st.none(), st.integers(1, 30)), min_size=1, max_size=40),
    st.lists(st.integers(0, 40), min_size=40, max_size=40),
    st.sets(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1),
)
def test_adherence_counts_only_planned_days_with_a_target(
    targets: list[int | None], amounts: list[int], days: set[str]
) -> None:
    from paceit.pacing import DayPlan
    from paceit.plan import Replayed
    from paceit.quota import Rules
    from paceit.records import ActivityRecord
    from paceit.settings import WEEKDAYS
    from paceit.trends import adherence

    start = date(2026, 3, 2)
    plans = [
        DayPlan(start + timedelta(days=i), float(t) if t else None, "hold" if t else "baseline", None, ("x",))
        for i, t in enumerate(targets)
    ]
    rules = Rules(unit="min", plan_days=tuple(d for d in WEEKDAYS if d in days))
    item = Replayed(ActivityRecord(1, "walking", "min", start), rules, plans)
    done_amounts = {(1, start + timedelta(days=i)): float(a) for i, a in enumerate(amounts) if a}
    result = adherence([item], done_amounts, start, start + timedelta(days=60))
    planned = [p for p in plans if p.target is not None and WEEKDAYS[p.day.weekday()] in days]
    assert sum(p for p, _ in result.values()) == len(planned)
    done = [p for p in planned if done_amounts.get((1, p.day), 0) >= 0.8 * (p.target or 0) - 1e-9]
    assert sum(d for _, d in result.values()) == len(done)
    assert all(0 <= d <= p for p, d in result.values()) and all(w.weekday() == 0 for w in result)


def test_functional_tests_and_medicines_show_per_week_with_their_direction(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T18:00:00+00:00")
    ok("measure", "task", "sit-to-stand", "10", "--at", "2026-11-17")
    ok("measure", "task", "sit-to-stand", "12", "--at", "2026-11-19")
    ok("measure", "task", "up-and-go", "9.5", "--at", "2026-11-10")
    ok("med", "ibuprofen", "--at", "2026-11-18T08:00")
    ok("med", "ibuprofen", "--at", "2026-11-18T20:00")  # one day, however many doses
    ok("med", "paracetamol", "--at", "2026-11-20")
    weeks = read_json("trends", "--weeks", "2", "--json")["weeks"]
    assert [w["week_start"] for w in weeks] == ["2026-11-09", "2026-11-16"]
    assert weeks[0]["tasks"]["up-and-go"]["better"] == "lower" and weeks[0]["medication_days"] == {}
    assert weeks[1]["tasks"]["sit-to-stand"]["mean"] == 11 and weeks[1]["tasks"]["sit-to-stand"]["n"] == 2
    assert weeks[1]["medication_days"] == {"ibuprofen": 1, "paracetamol": 1}
    text = " ".join(ok("trends", "--weeks", "2").stdout.split())
    assert "sit-to-stand 11 stands" in text and "ibuprofen 1 d" in text
    assert "sit-to-stand: higher is better; up-and-go: lower is better" in text
    for columns in ("60", "80"):  # one test or medicine a line: never 'up-and-go 9.5' / 's'
        monkeypatch.setenv("COLUMNS", columns)
        lines = ok("trends", "--weeks", "2").stdout.splitlines()
        assert any("up-and-go 9.5 s" in line for line in lines), columns
        assert any("ibuprofen 1 d" in line for line in lines) and any("paracetamol 1 d" in line for line in lines)


def test_today_counts_as_planned_only_once_it_is_done() -> None:
    # Every day planned; Q = 10 min from Mon 16th. Done on the 16th-20th; today (Sat 21st) not yet.
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "12.5", "--clinician", "--at", "2026-11-16")
    for day in range(16, 21):
        ok("log", "walking", "10", "--pain-during", "1", "--at", f"2026-11-{day}T17:00")
    week = read_json("trends", "--weeks", "1", "--json")["weeks"][0]
    assert (week["planned_days"], week["done_days"]) == (5, 5)  # today is not over: not a missed day
    ok("log", "walking", "9", "--pain-during", "1", "--at", "2026-11-21T12:00")
    week = read_json("trends", "--weeks", "1", "--json")["weeks"][0]
    assert (week["planned_days"], week["done_days"]) == (6, 6)


def test_the_flare_column_counts_episode_days_as_the_report_does_and_says_so() -> None:
    # Pain 3 every morning from the 1st (a baseline of 3); one day of 6 on Mon 9th is a single
    # pain-defined flare day, not an episode; a declared flare from Tue 17th to Thu 19th is 3 days.
    for day in range(1, 22):
        ok("pain", "6" if day == 9 else "3", "--at", f"2026-11-{day:02d} 08:00")
    ok("flare", "start", "--at", "2026-11-17 09:00")
    ok("flare", "end", "--at", "2026-11-19 20:00")
    weeks = read_json("trends", "--weeks", "2", "--json")["weeks"]
    assert [(w["flare_days"], w["single_flare_days"]) for w in weeks] == [(0, 1), (3, 0)]
    report = json.loads(ok("report", "--since", "2026-11-09", "--format", "json").stdout)
    assert report["flare_days_in_period"] == sum(w["flare_days"] for w in weeks) == 3
    text = " ".join(ok("trends", "--weeks", "2").stdout.split())
    assert "flare: days inside a flare episode" in text and "counted as in the report" in text
    assert "1 single day of high pain that made no episode" in text


# --- monotony and strain (clinical-rules §3, display only) ------------------------------


def week_loads(first: date, values: list[float]) -> dict[date, float]:
    """Loads from `first`, one a day; a 0 is a rest day (absent, as the store leaves it)."""
    return {first + timedelta(days=i): v for i, v in enumerate(values) if v}


def test_monotony_and_strain_by_hand() -> None:
    first = date(2026, 11, 9)
    # 60, 60, 30, 10, 10, 20, 20: mean 30; deviations 30, 30, 0, -20, -20, -10, -10, squares
    # 900 + 900 + 0 + 400 + 400 + 100 + 100 = 2800; population SD sqrt(2800 / 7) = 20.
    # Monotony 30 / 20 = 1.5; strain = weekly load 210 x 1.5 = 315.
    found = monotony(week_loads(first, [60, 60, 30, 10, 10, 20, 20]), first + timedelta(days=6))
    assert (found.start, found.end) == (first, date(2026, 11, 15))
    assert (found.load, found.monotony, found.strain) == (210, 1.5, 315)
    # With rest days: 50, 50, 20, 0, 0, 10, 10: mean 20, SD sqrt(2800 / 7) = 20 (the sample SD,
    # sqrt(2800 / 6) = 21.6, would give 0.93): monotony 1.0, strain 140 x 1.0 = 140.
    rest = monotony(week_loads(first, [50, 50, 20, 0, 0, 10, 10]), first + timedelta(days=6))
    assert (rest.load, rest.monotony, rest.strain) == (140, 1.0, 140)
    assert "Monotony 1.00 and strain 140" in rest.text


def test_monotony_is_undefined_when_every_day_is_alike_or_the_week_is_not_whole() -> None:
    first = date(2026, 11, 9)
    same = monotony(week_loads(first, [40] * 7), first + timedelta(days=6))
    assert (same.monotony, same.strain, same.load) == (None, None, 280) and "not defined" in same.text
    rest = monotony({first - timedelta(days=3): 30.0}, first + timedelta(days=6))  # a whole week of rest
    assert (rest.monotony, rest.strain, rest.load) == (None, None, 0) and "no load" in rest.text
    early = monotony(week_loads(first, [0, 0, 30, 20, 10, 0, 40]), first + timedelta(days=6))
    assert early.monotony is None and "before your first rated session" in early.text
    going = monotony(week_loads(first, [30, 20]), first + timedelta(days=6), today=first + timedelta(days=5))
    assert going.monotony is None and "not over" in going.text


loads7 = st.lists(st.integers(0, 600), min_size=7, max_size=7)


@given(loads7)
def test_monotony_is_positive_and_strain_is_load_times_monotony(values: list[int]) -> None:
    first = date(2026, 11, 9)
    loads = {first - timedelta(days=1): 1.0, **week_loads(first, [float(v) for v in values])}
    found = monotony(loads, first + timedelta(days=6))
    assert found.load == sum(values)
    if len(set(values)) == 1:
        assert found.monotony is None and found.strain is None
    else:
        assert found.monotony is not None and found.strain is not None and found.monotony > 0
        # mean / population SD of 7 loads of 0 or more is at least 1 / sqrt(6) = 0.41 (one active day)
        assert found.monotony >= 0.40
        assert abs(found.strain - sum(values) * found.monotony) <= sum(values) * 0.005 + 0.05


def test_trends_shows_monotony_and_strain_per_whole_week() -> None:
    walking_history()
    doc = read_json("trends", "--weeks", "2", "--json")
    first, second = doc["weeks"]
    # Week of the 9th: loads Mon 30, Tue 0, Wed 28, Thu 0, Fri 40, Sat 40, Sun 0 = 138; mean 19.714;
    # population SD sqrt(4884 / 7 - 19.714^2) = 17.580; monotony 1.121; strain 138 x 1.1214 = 154.75.
    assert (first["monotony"], first["strain"]) == (1.12, 154.8)
    assert (second["monotony"], second["strain"]) == (None, None)  # the week is not over
    summary = doc["monotony"]
    assert (summary["week_start"], summary["monotony"], summary["strain"], summary["load"]) == (
        "2026-11-09",
        1.12,
        154.8,
        138,
    )
    assert summary["information_only"] is True and "never change your plan" in summary["caveat"]
    text = " ".join(ok("trends", "--weeks", "2").stdout.split())
    assert "Monotony 1.12 and strain 155" in text and "2026-11-09 to 2026-11-15" in text
