"""`paceit demo`: a deterministic, plausible history in a demo file, never the real diary.

The command is driven through Typer's CliRunner (exit code first, then the file); the pure
generator is also called directly, with the clock as a parameter."""

from __future__ import annotations

import gc
import json
import random
import sqlite3
import statistics
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from paceit import demo, flare, ladder, pacing, planning
from paceit.cli.app import app
from paceit.errors import EXIT_USAGE
from paceit.flareplan import SECTION_NAMES
from paceit.redflags import BY_CODE
from paceit.times import local_moment
from paceit.units import UNITS

NOW_TEXT = "2026-11-21T18:00:00+00:00"
NOW = datetime.fromisoformat(NOW_TEXT)
NOW_UTC = "2026-11-21 18:00:00"
DATA_TABLES = demo.TABLE_ORDER

runner = CliRunner()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACEIT_NOW", NOW_TEXT)


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def build(path: Path, *extra: str) -> Result:
    result = run("--db", str(path), "demo", *extra)
    assert result.exit_code == 0, result.output
    return result


def rows(path: Path, table: str) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in DATA_TABLES}


@pytest.fixture(scope="module")
def built12(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One 12-week demo shared by the content tests (built once: they only read it)."""
    path = tmp_path_factory.mktemp("demo12") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PACEIT_NOW", NOW_TEXT)
        mp.setenv("PACEIT_DB", str(path.parent / "never.db"))
        build(path, "--weeks", "12", "--seed", "7")
    yield path


# ------------------------------------------------------------------ the command


def test_demo_builds_and_says_what_to_try(tmp_path: Path) -> None:
    path = tmp_path / "d" / "demo.db"
    result = build(path, "--weeks", "4", "--seed", "3")
    assert result.stderr == ""
    out = result.stdout
    assert "4-week demo diary (seed 3)" in out
    assert str(path) in out
    assert "The last 14 days" in out
    tries = [line.strip() for line in out.splitlines() if line.strip().startswith("paceit --db ")]
    assert 4 <= len(tries) <= 6
    assert all(line.startswith(f"paceit --db {path} ") for line in tries)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


ITEM = r"[a-z-]+ \d+(\.\d+)? (min|reps|steps|m|km|kg|sets)"


@pytest.mark.parametrize("width", ["80", "60"])
def test_the_demo_table_never_splits_a_session_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    """Each line of the sessions cell holds whole items ('walking 7 min'), broken only between them."""
    import re

    monkeypatch.setenv("COLUMNS", width)
    lines = build(tmp_path / "demo.db").stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("day ") and "sessions" in line)
    column = lines[header].index("sessions")
    body = lines[header + 2 : lines.index("", header)]
    cells = [line[column:].strip() for line in body]
    assert len(body) >= 14 and all(len(line) <= int(width) for line in body)
    assert sum(1 for c in cells if "," in c) >= 5  # items share a line while they fit
    for cell in cells:
        assert re.fullmatch(rf"-|{ITEM}(, {ITEM})*,?", cell), cell


def test_the_demo_summary_says_what_it_counts(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    out = " ".join(build(path).stdout.split())
    declared = len(rows(path, "flare"))
    over_five = sum(1 for s in rows(path, "session") if (s["pain_during"] or 0) > 5)
    assert f"{declared} declared flare{'s' if declared != 1 else ''}" in out
    assert f"({over_five} with pain during above 5)" in out
    assert "in the red zone)" not in out


def test_every_suggested_command_works_on_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    out = build(path, "--weeks", "4").stdout
    tries = [line.split()[3:] for line in out.splitlines() if line.strip().startswith("paceit --db ")]
    assert tries
    for words in tries:
        result = run("--db", str(path), *words)
        assert result.exit_code == 0, (words, result.output)


def test_same_seed_same_file_other_seed_other_file(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    build(first, "--weeks", "4", "--seed", "3")
    build(second, "--weeks", "4", "--seed", "3")
    build(other, "--weeks", "4", "--seed", "4")
    assert dump(first) == dump(second)
    assert dump(first)["pain_entry"] != dump(other)["pain_entry"]


def test_the_demo_is_not_in_the_undo_log(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build(path, "--weeks", "2")
    assert rows(path, "audit") == []
    result = run("--db", str(path), "undo")
    assert result.exit_code == 0
    assert "Nothing to undo" in result.stdout


# ------------------------------------------------------------------ what it holds


def test_activities_sessions_and_the_red_session(built12: Path) -> None:
    activities = rows(built12, "activity")
    assert 2 <= len(activities) <= 3
    assert all(a["baseline"] is None for a in activities)  # the first sessions set it
    sessions = rows(built12, "session")
    by_activity = {a["id"]: [s for s in sessions if s["activity_id"] == a["id"]] for a in activities}
    assert all(len(s) >= 20 for s in by_activity.values())
    red = [s for s in sessions if s["pain_during"] > 5]
    assert 1 <= len(red) <= 2
    assert all(s["pain_during"] <= 5 for s in sessions if s not in red)
    assert all(3 <= s["effort"] <= 5 for s in sessions if s not in red)
    walking = [s["amount"] for s in by_activity[1]]
    assert 12 <= statistics.mean(walking[:3]) <= 18  # the baseline sessions: about 15 min, no target yet
    assert len(set(walking)) >= 4  # then the amounts follow the plan as it changes (see test_the_plan_...)


def _targets_by_day(path: Path) -> dict[str, dict[date, float | None]]:
    """Each activity's target for every day, replayed from the file as `next` replays it."""
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        inputs = planning.plan_inputs(conn, day=NOW.date())
    found = flare.scan(inputs.diary, inputs.declared, inputs.day, flare.FlareRules.from_settings(inputs.settings))
    targets = {}
    for activity in inputs.activities:
        history = pacing.History(
            activity, inputs.sessions[activity.id], inputs.diary, found.episodes, found.flare_days,
            inputs.flags,
        )
        plans = pacing.replay(history, pacing.Rules.for_activity(activity, inputs.settings), inputs.day)
        targets[activity.name] = {p.day: p.target for p in plans}
    return targets


def test_the_plan_tells_the_story_the_sessions_follow(built12: Path) -> None:
    """The sessions were made by asking paceit's own pacing engine day by day, so `next` and
    `plan history` on the demo agree with what the demo person did."""
    today = json.loads(run("--db", str(built12), "next", "--json").stdout)
    assert {a["name"] for a in today["activities"]} == {a["name"] for a in rows(built12, "activity")}
    for activity in today["activities"]:
        assert activity["target"] is not None and activity["target"] > 0, activity
        assert activity["decision"] in {"hold", "increase", "reduce"}, activity
    changes = json.loads(run("--db", str(built12), "plan", "history", "walking", "--json").stdout)
    assert changes[0]["previous"] is None and changes[0]["reasons"][0].startswith("Starting quota")
    assert any(c["decision"] == "increase" and c["reasons"][0].startswith("Moving up") for c in changes)
    targets = _targets_by_day(built12)
    names = {a["id"]: a["name"] for a in rows(built12, "activity")}
    near = planned = 0
    for session in rows(built12, "session"):
        target = targets[names[session["activity_id"]]][date.fromisoformat(session["day"])]
        if target is not None:
            planned += 1
            near += abs(session["amount"] - target) <= 0.1 * target
    assert planned >= 60 and near >= 0.7 * planned, (near, planned)


def test_next_on_the_twelve_week_demo_fits_an_80_by_24_terminal(
    built12: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: 3 activities and a ladder step in one screen, the table first, one short
    line of why each in plain words; `--why` keeps every reason and the JSON all of them."""
    monkeypatch.setenv("COLUMNS", "80")
    result = run("--db", str(built12), "next")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines), result.stdout
    assert lines[1].startswith("activity ") and "Ladder step #" in result.stdout
    for jargon in ("needed (", " of 7 days", "sessions since then", "SD/mean", "x that day's quota"):
        assert jargon not in result.stdout
    document = json.loads(run("--db", str(built12), "next", "--json").stdout)
    names = [a["name"] for a in document["activities"]]
    assert len(names) == 3
    for name in names:  # one line each, right under the table
        assert sum(1 for line in lines if line.strip().startswith(f"{name}:")) == 1
    every = " ".join(run("--db", str(built12), "next", "--why").stdout.split())
    for activity in document["activities"]:
        assert all(" ".join(r.split()) in every for r in activity["reasons"]) and activity["reasons"]


def test_the_demo_person_progresses_with_a_flare_a_step_back_and_a_rebuild(built12: Path) -> None:
    """What pacing does, in 12 weeks (rules version 2): every quota ends clearly above where it
    started (1.5-2.5 x), the flare halves each one, they rebuild to the pre-flare quota, and a
    red session steps one back on the way. Version 1 ended this demo with walking below its start."""
    for activity in ("walking", "cycling", "chair-stands"):
        changes = json.loads(run("--db", str(built12), "plan", "history", activity, "--json").stdout)
        start, end = changes[0]["target"], changes[-1]["target"]
        assert 1.5 <= end / start <= 2.5, (activity, start, end)
        flare = [c for c in changes if c["reasons"][0].startswith("A flare began")]
        assert len(flare) == 1, activity
        rebuilt = [c for c in changes if c["reasons"][0].startswith("Rebuilding after the flare, step 2 of 2")]
        assert rebuilt and rebuilt[0]["target"] == flare[0]["previous"], activity
    walking = json.loads(run("--db", str(built12), "plan", "history", "walking", "--json").stdout)
    assert any(c["decision"] == "reduce" and c["reasons"][0].startswith("Stepping back") for c in walking)


def test_one_flare_declared_and_felt(built12: Path) -> None:
    flares = rows(built12, "flare")
    assert len(flares) == 1
    flare = flares[0]
    assert flare["end_at_utc"] is not None and flare["end_at_utc"] > flare["at_utc"]
    entries = rows(built12, "pain_entry")
    flare_days = sorted({e["day"] for e in entries if e["flare"]})
    assert 4 <= len(flare_days) <= 6
    assert flare["day"] == flare_days[0] and flare["end_day"] > flare_days[-1]
    # high pain too (rules §8): each flare day's average >= baseline + 2
    average: dict[str, float] = {}
    for day in {e["day"] for e in entries}:
        average[day] = statistics.mean(e["pain"] for e in entries if e["day"] == day)
    for day in flare_days:
        start = date.fromisoformat(day)
        window = [(start - timedelta(days=n)).isoformat() for n in range(1, 15)]
        before = [average[d] for d in window if d in average and d not in flare_days]
        assert len(before) >= 7
        assert average[day] >= statistics.median(before) + 2


def test_ladder_and_trials(built12: Path) -> None:
    steps = sorted(rows(built12, "ladder_step"), key=lambda s: s["fear"])
    assert len(steps) >= 8
    fears = [s["fear"] for s in steps]
    assert fears[0] <= 40 and fears[-1] >= 85
    assert all(0 < b - a <= 15 for a, b in pairwise(fears))
    trials = rows(built12, "exposure_trial")
    assert len(trials) >= 6
    assert all(t["happened"] == 0 and t["aborted"] == 0 for t in trials)
    lowest = [t for t in trials if t["step_id"] == steps[0]["id"]]
    assert len(lowest) >= 3
    assert [t["fear_before"] for t in lowest] == sorted((t["fear_before"] for t in lowest), reverse=True)
    assert all(t["predicted_pain"] - t["pain"] >= 2 for t in lowest[-2:])
    assert lowest[-1]["fear_before"] <= 30
    listed = json.loads(run("--db", str(built12), "ladder", "list", "--json").stdout)
    assert [s["status"] for s in listed[:2]] == ["mastered", "mastered"]
    assert any(s["status"] == "current" for s in listed)


def test_lowest_step_mastered_by_the_ladder_rules(built12: Path) -> None:
    trials = [t for t in rows(built12, "exposure_trial") if t["step_id"] == 1]
    as_trials = [
        ladder.Trial(fear_before=t["fear_before"], fear_after=t["fear_after"], fear_peak=t["fear_peak"],
                     expect_likely=t["expect_likely"], predicted_pain=t["predicted_pain"], pain=t["pain"],
                     happened=bool(t["happened"]))
        for t in trials
    ]
    assert ladder.mastered(as_trials, ladder.Rules())


def test_goals_measures_flare_plan(built12: Path) -> None:
    goals = rows(built12, "goal")
    assert 2 <= len(goals) <= 3
    assert any(g["activity_id"] == 1 and g["target"] for g in goals)
    assert any(g["done_utc"] for g in goals)
    questionnaires = rows(built12, "questionnaire")
    items = rows(built12, "questionnaire_item")
    kinds = [q["kind"] for q in questionnaires]
    assert kinds.count("peg") >= 3 and kinds.count("psfs") >= 3
    psfs_sets = {
        tuple(i["item"] for i in items if i["questionnaire_id"] == q["id"])
        for q in questionnaires if q["kind"] == "psfs"
    }
    assert len(psfs_sets) == 1 and len(next(iter(psfs_sets))) == 3  # the same activities each time
    for q in questionnaires:
        values = [i["value"] for i in items if i["questionnaire_id"] == q["id"]]
        assert q["score"] == round(sum(values) / len(values), 2)
    plan = rows(built12, "flare_plan_item")
    assert {p["section"] for p in plan} == set(SECTION_NAMES)


def test_red_flag_cleared_and_nothing_open(built12: Path) -> None:
    flags = rows(built12, "red_flag")
    assert len(flags) == 1
    flag = flags[0]
    assert flag["grp"] == 3 == BY_CODE[flag["code"]].group
    assert flag["cleared_utc"] and flag["reviewed"] and flag["cleared_utc"] > flag["at_utc"]
    result = run("--db", str(built12), "redflag", "list", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def _check_row_ranges(table: str, row: dict[str, Any]) -> None:
    scales = {"pain", "sleep", "mood", "fatigue", "stress", "effort", "pain_before", "pain_during",
              "pain_after", "predicted_pain", "value"}
    for key, value in row.items():
        if value is None:
            continue
        # a task's value is a count or seconds, a setting's a JSON text: not 0-10 scales
        if key in scales and table not in ("task_result", "setting"):
            assert 0 <= value <= 10, (table, key, value)
        if key.startswith("fear") or key in ("harm", "expect_likely"):
            assert 0 <= value <= 100, (table, key, value)
        if key.endswith("utc") and key != "utc_offset":
            assert value <= NOW_UTC, (table, key, value)  # nothing in the future
    if "at_utc" in row:
        assert local_moment(row["at_utc"], row["utc_offset"]).date().isoformat() == row["day"]


def test_every_row_in_range_and_in_the_past(built12: Path) -> None:
    for table in DATA_TABLES:
        for row in rows(built12, table):
            _check_row_ranges(table, row)
    units = {a["id"]: a["unit"] for a in rows(built12, "activity")}
    for session in rows(built12, "session"):
        assert 0 < session["amount"] <= UNITS[units[session["activity_id"]]].maximum
    entries = rows(built12, "pain_entry")
    assert all(isinstance(json.loads(e["sites"]), list) for e in entries)
    days = sorted({e["day"] for e in entries})
    assert days[-1] <= "2026-11-21" and days[0] >= (date(2026, 11, 21) - timedelta(days=83)).isoformat()
    mornings = [e for e in entries if int(e["at_utc"][11:13]) < 12]
    assert len(mornings) >= 0.85 * 84


def test_the_planned_days_are_the_days_the_activities_are_done(built12: Path) -> None:
    """One `plan.days` for the whole diary (Monday to Saturday), and every session on one of
    them, so the report's adherence tells the story plan history tells: the quota done."""
    [setting] = rows(built12, "setting")
    assert (setting["key"], json.loads(setting["value"])) == ("plan.days", ["mon", "tue", "wed", "thu", "fri", "sat"])
    assert all(date.fromisoformat(s["day"]).weekday() < 6 for s in rows(built12, "session"))
    result = run("--db", str(built12), "report", "--format", "json")
    assert result.exit_code == 0, result.output
    for activity in json.loads(result.stdout)["activities"]:
        assert activity["adherence"] >= 0.75, activity


# ------------------------------------------------------------------ context and insights


def test_medication_tasks_and_tags(built12: Path) -> None:
    doses = rows(built12, "med_dose")
    assert {d["name"] for d in doses} == {"ibuprofen", "paracetamol"}
    assert all(d["schedule"] == "as-needed" for d in doses)
    tasks = rows(built12, "task_result")
    stands = [t["value"] for t in tasks if t["name"] == "sit-to-stand"]
    assert len(stands) >= 5 and stands[-1] > stands[0]  # function improves over the weeks
    assert {(t["name"], t["unit"], t["better"]) for t in tasks} == {
        ("sit-to-stand", "count", "higher"), ("up-and-go", "s", "lower"),
    }
    tags = rows(built12, "entry_tag")
    entries = {e["id"]: e for e in rows(built12, "pain_entry")}
    gardening = [entries[t["pain_id"]] for t in tags if t["tag"] == "gardening"]
    assert len(gardening) >= 8 and all(int(e["at_utc"][11:13]) >= 18 for e in gardening)  # logged in the evening
    assert {t["tag"] for t in tags} == {"gardening", "visitors"}
    history = json.loads(run("--db", str(built12), "history", "--tag", "gardening", "--json").stdout)
    assert len(history) == len([e for e in gardening if e["day"] >= "2026-10-25"])


def _insights(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    result = run("--db", str(path), "insights", "--json")
    assert result.exit_code == 0, result.output
    return {(r["factor"], r["outcome"]): r for r in json.loads(result.stdout)}


def test_insights_find_what_the_demo_put_there(built12: Path) -> None:
    found = _insights(built12)
    sleep = found[("sleep 7+ last night", "morning pain")]
    assert sleep["clear"] and sleep["high"] < 0  # better nights, lower morning pain
    garden = found[("tag gardening", "pain next day")]
    assert garden["clear"] and garden["low"] > 0 and garden["n_with"] >= 8
    ibuprofen = found[("medication ibuprofen", "pain same day")]
    assert ibuprofen["clear"] and ibuprofen["low"] > 0
    assert "says nothing about whether it helps" in ibuprofen["text"]
    for neutral in (("medication paracetamol", "pain same day"), ("tag visitors", "pain same day")):
        assert not found[neutral]["clear"], neutral  # what the demo made unrelated stays "could be chance"


def test_insights_find_nothing_in_shuffled_copies(built12: Path, tmp_path: Path) -> None:
    """The same diary with its pain scores shuffled between entries, five times over: every
    link the demo built is broken. Each copy's results share a Bonferroni-widened level, so
    chance makes any of them look clear in at most 5 % of copies; allowed: one copy of five
    (two or more would happen by chance with probability about 2 %), and clear results at
    most the nominal 5 % of all results. (The percentile bootstrap this replaced made 29
    of 200 copies show a finding.)"""
    clear, shown, copies_with_any = 0, 0, 0
    for seed in range(5):
        copy = tmp_path / f"shuffled-{seed}.db"
        with closing(sqlite3.connect(built12)) as source, closing(sqlite3.connect(copy)) as target:
            source.backup(target)
            ids, pains = zip(*target.execute("SELECT id, pain FROM pain_entry ORDER BY id"), strict=True)
            shuffled = list(pains)
            random.Random(2026 + seed).shuffle(shuffled)
            with target:
                target.executemany("UPDATE pain_entry SET pain = ? WHERE id = ?", zip(shuffled, ids, strict=True))
        found = _insights(copy)
        assert len(found) >= 6  # the same comparisons are made ...
        hits = [key for key, r in found.items() if r["clear"]]
        clear, shown, copies_with_any = clear + len(hits), shown + len(found), copies_with_any + bool(hits)
    assert copies_with_any <= 1 and clear <= 0.05 * shown  # ... and next to none stands out


def test_gardening_goes_with_the_next_day_only(built12: Path) -> None:
    """Gardening days are drawn blind to flares, red days and the day before, so the same
    day shows nothing (days picked away from flares once made it look like a relief)."""
    found = _insights(built12)
    assert not found[("tag gardening", "pain same day")]["clear"]
    assert abs(found[("tag gardening", "pain same day")]["effect"]) < 0.6


def test_paced_activities_are_not_named_like_functional_tests(built12: Path) -> None:
    from paceit.functional_tests import BUILT_IN, built_in

    names = {a["name"] for a in rows(built12, "activity")}
    assert names == {"walking", "chair-stands", "cycling"}
    assert not [n for n in names if built_in(n)] and {t.name for t in BUILT_IN} & names == set()


# ------------------------------------------------------------------ safety


def test_refuses_a_file_that_holds_entries(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    assert run("--db", str(path), "pain", "4").exit_code == 0
    # In-process runs leave the `pain` connection to the garbage collector (a reference cycle
    # through Click's context); closing it folds the WAL into the file. Collect it now, so that
    # fold cannot land between the two reads and pose as a write by the demo.
    gc.collect()
    before = path.read_bytes()
    result = run("--db", str(path), "demo")
    assert result.exit_code == EXIT_USAGE
    assert "already holds entries" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert path.read_bytes() == before
    assert len(rows(path, "pain_entry")) == 1


def test_writes_into_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    build(path, "--weeks", "1")
    assert rows(path, "pain_entry")


@pytest.mark.parametrize("bad", ["0", "521", "abc", "", "2.5", "-3"])
def test_bad_weeks_change_nothing(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "demo.db"
    for args in (["--db", str(path), "demo", "--weeks", bad], ["demo", "--weeks", bad]):
        result = run(*args)
        assert result.exit_code == EXIT_USAGE
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1
        assert "--weeks" in message and "1 to 520" in message
    assert not path.exists()
    assert not (tmp_path / "xdg-cache").exists()


@pytest.mark.parametrize("bad", ["-1", "2147483648", "x"])
def test_bad_seed_changes_nothing(tmp_path: Path, bad: str) -> None:
    result = run("--db", str(tmp_path / "demo.db"), "demo", "--seed", bad)
    assert result.exit_code == EXIT_USAGE
    assert "--seed" in result.stderr
    assert not (tmp_path / "demo.db").exists()


def test_default_file_is_in_the_cache_folder_and_replaced(tmp_path: Path, isolated_db: Path) -> None:
    first = run("demo", "--weeks", "2")
    assert first.exit_code == 0, first.output
    target = tmp_path / "xdg-cache" / "paceit" / "demo.db"
    assert target.exists()
    assert not isolated_db.exists()  # PACEIT_DB (the "real" diary) untouched
    before = dump(target)
    second = run("demo", "--weeks", "2")
    assert second.exit_code == 0, second.output
    assert dump(target) == before  # rebuilt, not appended to
    assert not isolated_db.exists()


def test_default_file_is_never_the_diary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If PACEIT_DB happened to name the demo's cache file, the demo must not wipe it."""
    target = tmp_path / "xdg-cache" / "paceit" / "demo.db"
    monkeypatch.setenv("PACEIT_DB", str(target))
    assert run("pain", "5").exit_code == 0
    result = run("demo")
    assert result.exit_code == EXIT_USAGE
    assert len(rows(target, "pain_entry")) == 1


def test_ten_years_build_quickly(tmp_path: Path) -> None:
    # The largest allowed history (520 weeks), its sessions replayed through the pacing engine
    # day by day: about 3-4 seconds on the project machine.
    path = tmp_path / "big.db"
    started = datetime.now()
    result = build(path, "--weeks", "520")
    assert (datetime.now() - started).total_seconds() < 30
    assert "520-week" in result.stdout
    assert len(rows(path, "flare")) >= 30
    assert len({r["day"] for r in rows(path, "pain_entry")}) > 3000


# ------------------------------------------------------------------ the pure generator


def test_generator_is_deterministic_and_stops_at_now() -> None:
    one = demo.generate(weeks=6, seed=11, now=NOW)
    two = demo.generate(weeks=6, seed=11, now=NOW)
    assert one.tables == two.tables
    morning = demo.generate(weeks=6, seed=11, now=NOW.replace(hour=8))
    limit = "2026-11-21 08:00:00"
    for table in ("pain_entry", "session", "exposure_trial"):
        assert morning.tables[table] == [r for r in one.tables[table] if r["at_utc"] <= limit]
        assert all(r["at_utc"] <= NOW_UTC for r in one.tables[table])
    assert demo.generate(weeks=6, seed=12, now=NOW).tables != one.tables


@pytest.mark.parametrize("weeks", [1, 2, 3, 5, 26, 53])
def test_generator_every_length_is_valid(weeks: int) -> None:
    data = demo.generate(weeks=weeks, seed=weeks, now=NOW)
    tables = data.tables
    assert data.first == date(2026, 11, 21) - timedelta(days=weeks * 7 - 1)
    assert tables["flare"] and all(f["end_at_utc"] for f in tables["flare"])
    assert len({s["activity_id"] for s in tables["session"]}) == 3
    assert len(tables["ladder_step"]) == 8
    for table, table_rows in tables.items():
        for row in table_rows:
            _check_row_ranges(table, row)
    if weeks >= 2:  # a single week is too short for every event: it has a flare but no boom or trials
        assert any(s["pain_during"] > 5 for s in tables["session"])
        assert tables["exposure_trial"]
    entries = {t: r for t, r in tables.items() if t != "setting"}  # a setting's key is its identity
    assert len({u for t in entries.values() for u in (r["uuid"] for r in t)}) == sum(map(len, entries.values()))


def test_generator_uses_the_local_day_and_offset() -> None:
    east = datetime(2026, 11, 22, 6, 30, tzinfo=timezone(timedelta(hours=10)))  # still 21 Nov in UTC
    data = demo.generate(weeks=2, seed=1, now=east)
    entries = data.tables["pain_entry"]
    assert all(e["utc_offset"] == 600 for e in entries)
    assert max(e["day"] for e in entries) <= "2026-11-22"
    mornings = [local_moment(e["at_utc"], 600) for e in entries if e["sleep"] is not None]
    assert all(7 <= m.hour <= 9 for m in mornings)


def test_recent_days_summary() -> None:
    data = demo.generate(weeks=4, seed=3, now=NOW)
    lines = demo.recent_days(data)
    assert len(lines) == 14 and lines[-1].day == date(2026, 11, 21)
    assert any(line.sessions for line in lines)
    assert all(line.pain is None or 0 <= line.pain <= 10 for line in lines)
