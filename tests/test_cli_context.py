"""Functional tests (`measure task`), medication (`med`) and context tags (`--tag`), end to end:
what is stored, what `history` shows and filters, and that delete/undo keep tags consistent."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import connect, count, fails, fixed_clock, ok, read_json, rows
from paceit import functional_tests, parse, reporting
from paceit.errors import InputError
from paceit.function_records import Dose, TaskResult


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


# --- measure task -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stored", "unit", "better"),
    [
        ("sit-to-stand", "sit-to-stand", "count", "higher"),
        ("STS", "sit-to-stand", "count", "higher"),
        ("tug", "up-and-go", "s", "lower"),
        ("stairs", "stair-climb", "s", "lower"),
        ("6 minute walk", "6-minute-walk", "m", "higher"),
    ],
)
def test_built_in_tasks_know_their_unit_and_direction(
    isolated_db: Path, name: str, stored: str, unit: str, better: str
) -> None:
    result = ok("measure", "task", name, "12", "--at", "2026-11-20", "--note", "kitchen chair")
    assert result.stdout.startswith(f"Saved {stored} #1 ")
    [row] = rows(isolated_db, "task_result")
    assert (row["name"], row["value"], row["unit"], row["better"], row["day"], row["note"]) == (
        stored,
        12,
        unit,
        better,
        "2026-11-20",
        "kitchen chair",
    )


def test_own_task_first_use_decides_unit_and_direction(isolated_db: Path) -> None:
    assert "new task" in fails("measure", "task", "carry shopping", "30")
    assert not isolated_db.exists()  # a refused first use writes nothing, not even the file
    ok("measure", "task", "Carry  Shopping", "30", "--unit", "s", "--better", "lower")
    ok("measure", "task", "carry shopping", "25")  # later uses need neither
    ok("measure", "task", "carry shopping", "24", "--unit", "s", "--better", "lower")  # matching is fine
    assert "measured in s, not min" in fails("measure", "task", "carry shopping", "20", "--unit", "min")
    assert "lower result is better" in fails("measure", "task", "carry shopping", "20", "--better", "higher")
    assert "measured in count" in fails("measure", "task", "sit-to-stand", "9", "--unit", "s")
    stored = rows(isolated_db, "task_result")
    assert [(r["name"], r["value"], r["unit"], r["better"]) for r in stored] == [
        ("carry-shopping", 30.0, "s", "lower"),
        ("carry-shopping", 25.0, "s", "lower"),
        ("carry-shopping", 24.0, "s", "lower"),
    ]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["sit-to-stand", "-1"], "VALUE"),
        (["sit-to-stand", "lots"], "VALUE"),
        (["x", "3", "--unit", "s", "--better", "more"], "--better"),
        (["x", "3", "--unit", "", "--better", "lower"], "--unit"),
    ],
)
def test_bad_task_input_changes_nothing(isolated_db: Path, args: list[str], option: str) -> None:
    assert option in fails("measure", "task", *args)
    assert not isolated_db.exists() or count(isolated_db, "task_result") == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("sit-to-stand", "61", "VALUE for 30-second sit-to-stand (stands in 30 s) must be a whole number from 0 to 60"),
        ("sts", "11.5", "VALUE for 30-second sit-to-stand (stands in 30 s) must be a whole number from 0 to 60"),
        ("up-and-go", "0", "VALUE for timed up-and-go (seconds) must be a number from 1 to 300"),
        ("tug", "301", "VALUE for timed up-and-go (seconds) must be a number from 1 to 300"),
        ("stair-climb", "900", "VALUE for stair climb (seconds) must be a number from 1 to 300"),
        ("6mwt", "1200", "VALUE for 6-minute walk (metres) must be a number from 0 to 1000"),
    ],
)
def test_built_in_tests_refuse_implausible_results(isolated_db: Path, name: str, value: str, message: str) -> None:
    ok("pain", "4")  # a diary exists, so "nothing written" is checked on a real file
    before = isolated_db.read_bytes()
    line = fails("measure", "task", name, value)
    assert line == f"paceit: error: {message} (got '{value}')"
    assert count(isolated_db, "task_result") == 0 and isolated_db.read_bytes() == before


def test_plausible_extremes_are_kept_and_own_tasks_keep_a_wide_range(isolated_db: Path) -> None:
    for name, value in (("sit-to-stand", "0"), ("sit-to-stand", "60"), ("up-and-go", "1"), ("6-minute-walk", "1000")):
        ok("measure", "task", name, value)
    ok("measure", "task", "steps today", "12000", "--unit", "count", "--better", "higher")
    assert [r["value"] for r in rows(isolated_db, "task_result")] == [0, 60, 1, 1000, 12000]


def test_editing_a_result_checks_the_range_of_its_test(isolated_db: Path) -> None:
    ok("measure", "task", "sit-to-stand", "10")
    line = fails("edit", "task", "1", "--value", "75")
    assert "--value for 30-second sit-to-stand (stands in 30 s) must be a whole number from 0 to 60" in line
    ok("edit", "task", "1", "--value", "12")
    assert rows(isolated_db, "task_result")[0]["value"] == 12


# --- med ----------------------------------------------------------------------------------------


def test_med_stores_name_dose_and_schedule(isolated_db: Path) -> None:
    out = ok("med", "Ibuprofen", "--dose", "400 mg", "--at", "2026-11-20T09:00").stdout
    assert out.startswith("Saved medication #1 ") and "ibuprofen 400 mg (as-needed)" in out
    ok("med", "amitriptyline", "--regular")
    assert [(r["name"], r["dose"], r["schedule"], r["day"]) for r in rows(isolated_db, "med_dose")] == [
        ("ibuprofen", "400 mg", "as-needed", "2026-11-20"),
        ("amitriptyline", None, "regular", "2026-11-21"),
    ]


def test_med_never_gives_dosing_advice(isolated_db: Path) -> None:
    out = ok("med", "ibuprofen", "--dose", "400 mg").stdout.lower()
    for word in ("take", "should", "maximum", "limit", "too much", "exceed"):
        assert word not in out
    assert "dosing" in ok("med", "--help").stdout.lower()  # the help says paceit gives no dosing advice


# --- tags ---------------------------------------------------------------------------------------


def test_tags_on_pain_log_and_trial_are_stored_and_listed(isolated_db: Path) -> None:
    out = ok("pain", "5", "--tag", "Gardening", "--tag", "work  stress, gardening").stdout
    assert out.rstrip().endswith("tags: gardening, work stress.")
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20", "--tag", "stress")
    ok("ladder", "add", "bend to pick up a box", "--fear", "40")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--tag", "stress")
    assert [(r["pain_id"], r["session_id"], r["trial_id"], r["tag"]) for r in rows(isolated_db, "entry_tag")] == [
        (1, None, None, "gardening"),
        (1, None, None, "work stress"),
        (None, 1, None, "stress"),
        (None, None, 1, "stress"),
    ]
    listed = {(e["kind"], e["id"]): e["tags"] for e in read_json("history", "--json")}
    assert listed == {("pain", 1): ["gardening", "work stress"], ("session", 1): ["stress"], ("trial", 1): ["stress"]}
    tagged = read_json("history", "--tag", "STRESS", "--json")
    assert [(e["kind"], e["id"]) for e in tagged] == [("session", 1), ("trial", 1)]
    assert "tags: gardening, work stress" in ok("history", "--tag", "gardening").stdout
    assert "1 entry from 2026-10-25 tagged 'gardening'" in ok("history", "--tag", "gardening").stdout
    assert read_json("history", "--tag", "nothing-like-this", "--json") == []


def test_a_bad_tag_saves_nothing(isolated_db: Path) -> None:
    assert "--tag" in fails("pain", "5", "--tag", " , ")
    assert "--tag" in fails("pain", "5", "--tag", "x" * 41)
    assert not isolated_db.exists() or count(isolated_db, "pain_entry") == 0


def test_edit_replaces_tags_in_one_undoable_change(isolated_db: Path) -> None:
    ok("pain", "5", "--tag", "gardening", "--tag", "stress")
    out = ok("edit", "pain", "1", "--pain", "6", "--tag", "Sitting", "--tag", "stress").stdout
    assert (
        out.startswith("Updated pain entry #1 (Sat 21 Nov 2026 18:00): pain 5 -> 6, tag ")
        and "Undo with 'paceit undo'" in out
    )
    assert [r["tag"] for r in rows(isolated_db, "entry_tag")] == ["stress", "sitting"]
    assert read_json("history", "--json")[0]["tags"] == ["sitting", "stress"]
    assert rows(isolated_db, "pain_entry")[0]["pain"] == 6
    ok("undo")  # the pain score and both tag changes go back together
    assert rows(isolated_db, "pain_entry")[0]["pain"] == 5
    assert sorted(r["tag"] for r in rows(isolated_db, "entry_tag")) == ["gardening", "stress"]
    assert ok("edit", "pain", "1", "--tag", "stress,gardening").stdout.startswith("Nothing changed")
    ok("edit", "pain", "1", "--tag", "none")
    assert count(isolated_db, "entry_tag") == 0


def test_edit_tags_of_sessions_and_trials_and_refuses_them_elsewhere(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20")
    ok("edit", "session", "1", "--tag", "hills")
    ok("ladder", "add", "bend to pick up a box", "--fear", "40")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--tag", "stress")
    ok("edit", "trial", "1", "--tag=work stress")
    assert [(r["session_id"], r["trial_id"], r["tag"]) for r in rows(isolated_db, "entry_tag")] == [
        (1, None, "hills"),
        (None, 1, "work stress"),
    ]
    ok("med", "ibuprofen")
    assert "--tag cannot be edited on a medication dose" in fails("edit", "med", "1", "--tag", "x")
    assert "--tag must not be empty" in fails("edit", "session", "1", "--tag", " , ")
    assert [r["tag"] for r in rows(isolated_db, "entry_tag")] == ["hills", "work stress"]


def test_edit_a_medicine_schedule(isolated_db: Path) -> None:
    ok("med", "amitriptyline", "--dose", "10 mg")
    out = ok("edit", "med", "1", "--regular").stdout
    assert out.startswith(
        "Updated medication dose #1 (amitriptyline, Sat 21 Nov 2026 18:00): schedule as-needed -> regular."
    )
    assert rows(isolated_db, "med_dose")[0]["schedule"] == "regular"
    ok("edit", "med", "1", "--as-needed", "--dose", "20 mg")
    assert [(r["schedule"], r["dose"]) for r in rows(isolated_db, "med_dose")] == [("as-needed", "20 mg")]
    ok("edit", "med", "1", "--schedule", "regular")
    assert "--schedule must be one of as-needed, regular" in fails("edit", "med", "1", "--schedule", "daily")
    ok("undo")
    assert rows(isolated_db, "med_dose")[0]["schedule"] == "as-needed"
    assert "--regular" in fails("edit", "pain", "1", "--regular")  # not a field of a diary entry


def test_delete_takes_the_tags_and_undo_brings_them_back(isolated_db: Path) -> None:
    ok("pain", "5", "--tag", "gardening", "--tag", "stress")
    ok("delete", "pain", "1")
    assert count(isolated_db, "pain_entry") == 0 and count(isolated_db, "entry_tag") == 0
    ok("undo")
    assert [r["tag"] for r in rows(isolated_db, "entry_tag")] == ["gardening", "stress"]
    ok("undo")  # undoing the entry itself removes its tags too
    assert count(isolated_db, "pain_entry") == 0 and count(isolated_db, "entry_tag") == 0
    conn = sqlite3.connect(isolated_db)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_history_shows_medication_and_tasks_and_deletes_them(isolated_db: Path) -> None:
    ok("med", "ibuprofen", "--dose", "400 mg")
    ok("measure", "task", "up-and-go", "9.5")
    found = read_json("history", "--json")
    assert [(e["kind"], e.get("name"), e.get("schedule"), e.get("value")) for e in found] == [
        ("med", "ibuprofen", "as-needed", None),
        ("task", "up-and-go", None, 9.5),
    ]
    only = read_json("history", "--kind", "task", "--json")
    assert [e["kind"] for e in only] == ["task"] and only[0]["better"] == "lower"
    table = ok("history").stdout
    assert "medication: ibuprofen 400 mg" in table and "up-and-go 9.5 s" in table
    ok("delete", "task", "1")
    ok("delete", "med", "1")
    assert read_json("history", "--json") == []


# --- pure parts -----------------------------------------------------------------------------------


@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=5))
def test_tags_are_normalised_once_each_or_refused(values: list[str]) -> None:
    try:
        found = parse.tags(values)
    except InputError:
        return
    assert len(found) == len(set(found))
    assert all(t == " ".join(t.casefold().split()) and 1 <= len(t) <= parse.TAG_MAX for t in found)
    assert parse.tags(found) == found  # idempotent


def test_weekly_function_counts_tasks_and_medication_days() -> None:
    monday = date(2026, 11, 2)
    results = [
        TaskResult(date(2026, 11, 3), "sit-to-stand", 9, "count", "higher"),
        TaskResult(date(2026, 11, 5), "sit-to-stand", 11, "count", "higher"),
        TaskResult(date(2026, 11, 12), "up-and-go", 10, "s", "lower"),
        TaskResult(date(2026, 11, 13), "up-and-go", 8.5, "s", "lower"),
        TaskResult(date(2026, 12, 1), "up-and-go", 1, "s", "lower"),  # after the window
    ]
    doses = [
        Dose(date(2026, 11, 3), "ibuprofen", "as-needed"),
        Dose(date(2026, 11, 3), "ibuprofen", "as-needed"),  # twice on one day: one day
        Dose(date(2026, 11, 4), "paracetamol", "as-needed"),
        Dose(date(2026, 11, 4), "ibuprofen", "as-needed"),
    ]
    weeks = functional_tests.weekly_function(results, doses, start=monday, weeks=3)
    assert [w["week_start"] for w in weeks] == ["2026-11-02", "2026-11-09", "2026-11-16"]
    assert weeks[0]["tasks"] == {
        "sit-to-stand": {"mean": 10.0, "best": 11, "n": 2, "unit": "count", "better": "higher"}
    }
    assert weeks[1]["tasks"]["up-and-go"]["best"] == 8.5  # lower is better
    assert weeks[0]["medication_days"] == {"ibuprofen": 2, "paracetamol": 1}
    assert weeks[0]["any_medication_days"] == 2
    assert weeks[2] == {"week_start": "2026-11-16", "tasks": {}, "medication_days": {}, "any_medication_days": 0}
    changes = functional_tests.task_changes(results[:4])
    assert [(c["name"], c["improvement"]) for c in changes] == [("sit-to-stand", 2), ("up-and-go", 1.5)]


def test_weekly_function_query_reads_the_database(isolated_db: Path) -> None:
    ok("measure", "task", "sit-to-stand", "10", "--at", "2026-11-17")
    ok("med", "ibuprofen", "--at", "2026-11-18")
    conn = connect(isolated_db)
    weeks = reporting.weekly_function(conn, start=date(2026, 11, 16), weeks=1)
    conn.close()
    assert weeks[0]["tasks"]["sit-to-stand"]["mean"] == 10
    assert weeks[0]["medication_days"] == {"ibuprofen": 1}


# --- insights command -------------------------------------------------------------------------------


def test_insights_on_an_empty_diary_says_what_it_needs(isolated_db: Path) -> None:
    assert read_json("insights", "--json") == []
    out = ok("insights").stdout
    assert "at least 14 days" in out and "3 days with it and 3 without" in out
    assert "pain is logged on 0 of these days" in out and "no sleep ratings yet" in out
    assert not isolated_db.exists()  # reading never creates the diary


def test_insights_for_someone_who_logs_only_in_the_evening(isolated_db: Path) -> None:
    """Sleep needs morning pain (the first entry before 12:00); with none, the day's
    average pain stands in and the text says so, rather than 'nothing to show'."""
    for n in range(20):
        sleep, pain = (8, 3 + n % 2) if n % 2 else (4, 6 + n % 3 // 2)
        ok("pain", str(pain), "--sleep", str(sleep), "--at", f"2026-11-{n + 1:02d}T20:00")
    [result] = read_json("insights", "--json", "--days", "30")
    assert (result["factor"], result["outcome"], result["n"]) == ("sleep 7+ last night", "pain that day", 20)
    assert "You rarely log before 12:00" in result["text"]


@pytest.mark.parametrize("bad", ["5", "731", "ninety", "-3"])
def test_insights_days_out_of_range(isolated_db: Path, bad: str) -> None:
    assert "--days" in fails("insights", "--days", bad)


def test_insights_from_logged_days(isolated_db: Path) -> None:
    for n in range(20):
        sleep, pain = (8, 3 + n % 2) if n % 2 else (4, 6 + n % 3 // 2)
        ok("pain", str(pain), "--sleep", str(sleep), "--at", f"2026-11-{n + 1:02d}T08:00")
    [result] = read_json("insights", "--json", "--days", "30")
    assert (result["factor"], result["outcome"], result["n"]) == ("sleep 7+ last night", "morning pain", 20)
    assert result["effect"] < 0 and result["clear"]
    out = ok("insights", "--days", "30").stdout
    assert "the last 30 days (1 result):" in out and "(95% interval)" in " ".join(out.split())
    assert "sleep 7+ last night -> morning pain (20 days; clearer)" in out
    assert "not causes" in out


def test_edit_medication_and_task(isolated_db: Path) -> None:
    ok("med", "ibuprofen", "--dose", "200 mg")
    ok("measure", "task", "sit-to-stand", "10")
    ok("edit", "med", "1", "--dose", "400 mg", "--at", "2026-11-20T09:00")
    ok("edit", "task", "1", "--value", "11")
    assert "--value" in fails("edit", "task", "1", "--value", "-2")
    med, task = rows(isolated_db, "med_dose")[0], rows(isolated_db, "task_result")[0]
    assert (med["dose"], med["day"], task["value"]) == ("400 mg", "2026-11-20", 11.0)
    ok("undo")
    assert rows(isolated_db, "task_result")[0]["value"] == 10.0


def test_removing_a_ladder_step_takes_its_trials_tags(isolated_db: Path) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "30")
    ok("ladder", "try", "1", "--fear-before", "30", "--fear-after", "10", "--tag", "stress")
    ok("ladder", "remove", "1", "--force")
    assert count(isolated_db, "entry_tag") == 0 and count(isolated_db, "exposure_trial") == 0
    ok("undo")
    assert [r["tag"] for r in rows(isolated_db, "entry_tag")] == ["stress"]
