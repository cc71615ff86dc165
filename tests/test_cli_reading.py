"""Reading back and correcting: `history` and the other --json reads keep their
contract, reads never create a diary, and edit/delete/undo change exactly what
they say (compared row for row in the database)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import ISO_WITH_OFFSET, count, fails, fixed_clock, flat, ok, read_json, row, rows, run


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def ids(entries: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(e["kind"], e["id"]) for e in entries]


# --- history -------------------------------------------------------------------------


@pytest.fixture
def diary() -> None:
    """One entry of each kind over two months; today is Sat 21 Nov 2026."""
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "2026-09-01")
    ok("ladder", "add", "carry a bag", "--fear", "50")
    ok("pain", "5", "--at", "2026-10-01T08:00")  # pain 1: 51 days ago
    ok("pain", "4", "--at", "2026-10-24T08:00")  # pain 2: 28 days ago, just outside the default window
    ok("pain", "3", "--at", "2026-10-25T08:00")  # pain 3: 27 days ago, the first day of the window
    ok("log", "walking", "20", "--at", "2026-11-19T10:00", "--pain-during", "2")  # session 1
    ok("pain", "2", "--at", "2026-11-20T08:00", "--site", "neck")  # pain 4
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--at", "2026-11-20T17:00",
       "--predicted-pain", "5", "--pain", "2", "--happened", "no")  # trial 1
    ok("log", "walking", "25m", "--at", "2026-11-21T09:00")  # session 2


@pytest.mark.usefixtures("diary")
def test_history_json_contract() -> None:
    entries = read_json("history")

    assert ids(entries) == [("pain", 3), ("session", 1), ("pain", 4), ("trial", 1), ("session", 2)]
    for entry in entries:
        assert isinstance(entry["id"], int)
        assert entry["kind"] in {"pain", "session", "trial"}
        assert re.match(ISO_WITH_OFFSET, entry["at"]), entry["at"]
    pain, session, trial = entries[2], entries[1], entries[3]
    assert (pain["at"], pain["pain"], pain["sites"], pain["flare"]) == (
        "2026-11-20T08:00:00+00:00", 2, ["neck"], False,
    )
    assert (session["activity"], session["unit"], session["amount"], session["pain_during"]) == (
        "walking", "min", 20.0, 2,
    )
    assert (trial["step"], trial["fear_before"], trial["fear_after"], trial["happened"], trial["aborted"]) == (
        "carry a bag", 40, 20, False, False,
    )


@pytest.mark.usefixtures("diary")
@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["pain"], [("pain", 3), ("pain", 4)]),
        (["session"], [("session", 1), ("session", 2)]),
        (["trial"], [("trial", 1)]),
        (["pain", "trial"], [("pain", 3), ("pain", 4), ("trial", 1)]),
        (["SESSION"], [("session", 1), ("session", 2)]),
    ],
)
def test_history_kind_filter(kinds: list[str], expected: list[tuple[str, int]]) -> None:
    args = [arg for kind in kinds for arg in ("--kind", kind)]
    assert ids(read_json("history", *args)) == expected


@pytest.mark.usefixtures("diary")
@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (["--since", "-2d"], [("session", 1), ("pain", 4), ("trial", 1), ("session", 2)]),
        (["--since", "yesterday"], [("pain", 4), ("trial", 1), ("session", 2)]),
        (["--since", "today"], [("session", 2)]),
        (["--since", "2026-10-24", "--until", "2026-11-19"], [("pain", 2), ("pain", 3), ("session", 1)]),
        (["--since", "-1w", "--until", "yesterday"], [("session", 1), ("pain", 4), ("trial", 1)]),
        (["--since", "2026-10-01", "--until", "2026-10-01"], [("pain", 1)]),
        # --until alone keeps the 28-day window, ending that day
        (["--until", "2026-10-25"], [("pain", 1), ("pain", 2), ("pain", 3)]),
    ],
)
def test_history_since_and_until(window: list[str], expected: list[tuple[str, int]]) -> None:
    assert ids(read_json("history", *window)) == expected


@pytest.mark.usefixtures("diary")
def test_history_default_window_is_28_days_and_all_shows_everything() -> None:
    default = read_json("history")
    everything = read_json("history", "--all")

    assert min(e["at"] for e in default) == "2026-10-25T08:00:00+00:00"
    assert ids(everything)[:3] == [("pain", 1), ("pain", 2), ("pain", 3)]
    assert len(everything) == len(default) + 2


@pytest.mark.usefixtures("diary")
def test_history_table_lists_ids_and_hints_at_more() -> None:
    text = ok("history", "--kind", "pain").stdout

    assert "2 entries from 2026-10-25" in text
    assert "--since or --all for more" in text


def test_history_of_an_empty_diary() -> None:
    ok("pain", "4", "--at", "2026-01-01")

    assert read_json("history") == []
    assert "No entries from 2026-10-25" in ok("history").stdout


# --- other reads ---------------------------------------------------------------------


def test_activity_list_json_contract() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--target", "40")
    ok("activity", "add", "Cycling", "--unit", "km")
    ok("activity", "add", "stairs", "--unit", "steps")
    ok("log", "walking", "12", "--at", "2026-11-21T08:00")
    ok("activity", "archive", "stairs")

    listed = read_json("activity", "list")

    assert [(a["id"], a["name"], a["unit"]) for a in listed] == [(2, "Cycling", "km"), (1, "walking", "min")]
    walking = listed[1]
    assert (walking["baseline"], walking["target"], walking["sessions"], walking["last_session"]) == (
        10.0, 40.0, 1, "2026-11-21",
    )
    assert [(a["name"], a["archived"]) for a in read_json("activity", "list", "--all")] == [
        ("Cycling", False), ("stairs", True), ("walking", False),
    ]


def test_activity_show_json() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--step", "2", "--every", "14",
       "--at", "2026-11-01", "--clinician")
    ok("log", "walking", "12", "--at", "2026-11-20T08:00")
    ok("log", "walking", "14", "--at", "2026-11-21T08:00")

    shown = read_json("activity", "show", "WALKING")

    assert {k: shown[k] for k in ("id", "name", "unit", "baseline", "step_mode", "step", "every_days", "start",
                                  "sessions", "archived")} == {
        "id": 1, "name": "walking", "unit": "min", "baseline": 10.0, "step_mode": "abs", "step": 2.0,
        "every_days": 14, "start": "2026-11-01", "sessions": 2, "archived": False,
    }
    assert [s["amount"] for s in shown["recent_sessions"]] == [14.0, 12.0]  # newest first


EMPTY_READS: list[tuple[list[str], Any]] = [
    (["history", "--json"], []),
    (["history", "--all", "--json"], []),
    (["activity", "list", "--json"], []),
    (["ladder", "list", "--json"], []),
    (["redflag", "list", "--json"], []),
    (["redflag", "list", "--all", "--json"], []),
    (["flare", "list", "--json"], []),
    (["goal", "list", "--json"], []),
    (["measure", "list", "--json"], []),
]


@pytest.mark.parametrize(("args", "expected"), EMPTY_READS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_json_reads_of_a_missing_diary_are_empty_and_create_nothing(
    isolated_db: Path, args: list[str], expected: Any
) -> None:
    result = ok(*args)

    assert json.loads(result.stdout) == expected
    assert not isolated_db.exists()
    assert not isolated_db.parent.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["activity", "list"],
        ["ladder", "list"],
        ["redflag", "list"],
        ["flare", "list"],
        ["flare", "plan"],
        ["flare", "plan", "triggers"],
        ["goal", "list"],
        ["measure", "list"],
        ["config", "show"],
        ["undo"],
    ],
    ids=" ".join,
)
def test_table_reads_of_a_missing_diary_succeed_and_create_nothing(isolated_db: Path, args: list[str]) -> None:
    assert ok(*args).stdout.strip()
    assert not isolated_db.exists()
    assert not isolated_db.parent.exists()


def test_flare_plan_and_config_of_a_missing_diary(isolated_db: Path) -> None:
    plan = read_json("flare", "plan")
    config = read_json("config", "show")

    assert plan and all(items == [] for items in plan.values())
    assert config["progression.step_pct"]["value"] == 10
    assert not isolated_db.exists()


def test_activity_show_of_a_missing_diary_is_bad_input_and_creates_nothing(isolated_db: Path) -> None:
    assert "walking" in fails("activity", "show", "walking")
    assert not isolated_db.exists()


# --- edit ----------------------------------------------------------------------------


def test_edit_pain_changes_the_fields_given_and_clears_with_none(isolated_db: Path) -> None:
    ok("pain", "3", "--sleep", "6", "--mood", "7", "--site", "neck", "--at", "2026-11-20T08:00")
    before = row(isolated_db, "pain_entry", 1)

    result = ok("edit", "pain", "1", "--pain", "5", "--sleep", "none", "--site", "neck,left knee")

    assert result.stdout.startswith("Updated pain entry #1 (Fri 20 Nov 2026 08:00): pain 3 -> 5, sleep 6 -> none")
    after = row(isolated_db, "pain_entry", 1)
    assert (after["pain"], after["sleep"], json.loads(after["sites"])) == (5, None, ["neck", "left knee"])
    unchanged = {k: v for k, v in before.items() if k not in {"pain", "sleep", "sites"}}
    assert {k: after[k] for k in unchanged} == unchanged


def test_edit_accepts_field_equals_value(isolated_db: Path) -> None:
    ok("pain", "3")

    ok("edit", "pain", "1", "--mood=8", "--at=2026-11-19T07:00")

    stored = row(isolated_db, "pain_entry", 1)
    assert (stored["mood"], stored["at_utc"], stored["day"]) == (8, "2026-11-19 07:00:00", "2026-11-19")


def test_edit_session_amount_is_read_in_its_unit(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-01")
    ok("log", "walking", "20")

    ok("edit", "session", "1", "--amount", "30m", "--effort", "3")

    stored = row(isolated_db, "session", 1)
    assert (stored["amount"], stored["effort"]) == (30.0, 3)


def test_edit_trial_flags(isolated_db: Path) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "50")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--happened", "yes")

    ok("edit", "trial", "1", "--happened", "no", "--aborted", "yes", "--fear-peak", "70")

    stored = row(isolated_db, "exposure_trial", 1)
    assert (stored["happened"], stored["aborted"], stored["fear_peak"]) == (0, 1, 70)


def test_edit_with_an_unknown_field_lists_the_fields(isolated_db: Path) -> None:
    ok("pain", "3")
    before = row(isolated_db, "pain_entry", 1)

    message = fails("edit", "pain", "1", "--pian", "5")

    assert "--pian" in message
    for field in ("--pain", "--sleep", "--mood", "--fatigue", "--stress", "--site", "--flare", "--at", "--note"):
        assert field in message
    assert row(isolated_db, "pain_entry", 1) == before


def test_edit_stops_at_the_first_bad_value_and_changes_nothing(isolated_db: Path) -> None:
    ok("pain", "3", "--sleep", "6")
    before = row(isolated_db, "pain_entry", 1)

    assert "--sleep" in fails("edit", "pain", "1", "--pain", "5", "--sleep", "11")
    assert row(isolated_db, "pain_entry", 1) == before


def test_an_edit_that_changes_nothing_writes_nothing_and_offers_no_undo(isolated_db: Path) -> None:
    """A no-op edit writes no audit row, so it must not send the person to 'undo',
    which would then revert an earlier, unrelated change (here: entry #2)."""
    ok("pain", "4")
    ok("pain", "6")
    audit = rows(isolated_db, "audit")

    result = ok("edit", "pain", "1", "--pain", "4")

    assert "Undo with" not in result.stdout
    assert rows(isolated_db, "audit") == audit


def test_edit_flare_start_after_its_end_is_refused(isolated_db: Path) -> None:
    ok("flare", "start", "--at", "2026-11-18T08:00")
    ok("flare", "end", "--at", "2026-11-19T08:00")
    before = row(isolated_db, "flare", 1)

    message = fails("edit", "flare", "1", "--at", "2026-11-21T10:00")

    assert "--at" in message
    assert row(isolated_db, "flare", 1) == before


def test_moving_a_session_to_another_activity_keeps_it_after_that_activity_start(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-01")
    ok("activity", "add", "cycling", "--unit", "min", "--at", "2026-11-21")
    ok("log", "walking", "20", "--at", "2026-11-05")

    run("edit", "session", "1", "--activity", "cycling")

    session, cycling = row(isolated_db, "session", 1), row(isolated_db, "activity", 2)
    assert session["activity_id"] != cycling["id"] or cycling["day"] <= session["day"], (session, cycling)


# --- delete and undo -----------------------------------------------------------------


def test_delete_then_undo_restores_the_identical_row(isolated_db: Path) -> None:
    ok("pain", "3", "--sleep", "6", "--site", "neck", "--flare", "--at", "2026-11-20T08:00", "--note", "n")
    ok("pain", "5")
    before = rows(isolated_db, "pain_entry")

    assert flat(ok("delete", "pain", "1").stdout) == (
        "Deleted pain entry #1 (Fri 20 Nov 2026 08:00): pain 3/10, sleep 6/10; sites: neck; flare. "
        "Undo with 'paceit undo'."
    )
    assert [r["id"] for r in rows(isolated_db, "pain_entry")] == [2]

    result = ok("undo")

    assert result.stdout.startswith("Undid 'paceit delete pain 1'")
    assert "brought back pain entry #1" in result.stdout
    assert rows(isolated_db, "pain_entry") == before


def test_undo_twice_steps_back_two_changes(isolated_db: Path) -> None:
    ok("pain", "4")
    ok("edit", "pain", "1", "--pain", "5")
    ok("edit", "pain", "1", "--pain", "6", "--mood", "3")

    assert "restored the previous pain entry #1" in ok("undo").stdout
    assert (row(isolated_db, "pain_entry", 1)["pain"], row(isolated_db, "pain_entry", 1)["mood"]) == (5, None)
    ok("undo")
    assert row(isolated_db, "pain_entry", 1)["pain"] == 4
    assert "removed pain entry #1" in ok("undo").stdout
    assert count(isolated_db, "pain_entry") == 0
    assert ok("undo").stdout.startswith("Nothing to undo.")


def test_undo_with_nothing_to_undo(isolated_db: Path) -> None:
    assert ok("undo").stdout.startswith("Nothing to undo.")
    ok("config", "show")
    assert ok("undo").stdout.startswith("Nothing to undo.")


def test_undo_reverts_a_whole_command(isolated_db: Path) -> None:
    ok("redflag", "check", "--yes", "fever", "--yes", "night-pain")

    result = ok("undo")

    assert "removed red flag #1; removed red flag #2" in flat(result.stdout)
    assert count(isolated_db, "red_flag") == 0


def test_undo_restores_a_setting(isolated_db: Path) -> None:
    ok("config", "set", "plan.days", "mon,fri")
    ok("config", "set", "plan.days", "tue")

    ok("undo")
    assert read_json("config", "show")["plan.days"]["value"] == ["mon", "fri"]
    ok("undo")
    assert read_json("config", "show")["plan.days"]["changed"] is False


def test_deleting_an_activity_with_sessions_is_refused(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-01")
    ok("log", "walking", "20")
    before = rows(isolated_db, "activity")

    message = fails("delete", "activity", "1")

    assert "1 sessions" in message and "archive" in message
    assert rows(isolated_db, "activity") == before
    assert count(isolated_db, "session") == 1


def test_deleting_an_unused_activity_and_undo(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    before = rows(isolated_db, "activity")

    ok("delete", "activity", "1")
    assert count(isolated_db, "activity") == 0
    ok("undo")
    assert rows(isolated_db, "activity") == before


def test_deleting_a_ladder_step_with_trials_is_refused(isolated_db: Path) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "50")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20")

    assert "trials" in fails("delete", "step", "1")
    assert count(isolated_db, "ladder_step") == 1


@pytest.mark.parametrize(
    "link",
    [["goal", "add", "walk to the park", "--activity", "walking"],
     ["ladder", "add", "walk uphill", "--fear", "40", "--activity", "walking"]],
    ids=["goal", "ladder step"],
)
def test_deleting_an_activity_that_something_refers_to_is_bad_input(isolated_db: Path, link: list[str]) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    ok(*link)

    result = run("delete", "activity", "1")

    assert result.exit_code == 2, result.stderr
    assert "FOREIGN KEY" not in result.stderr
    assert count(isolated_db, "activity") == 1


def test_delete_measure_removes_its_answers_and_undo_brings_them_back(isolated_db: Path) -> None:
    ok("measure", "peg", "--pain", "5", "--enjoyment", "6", "--activity", "4")
    ok("measure", "psfs", "--item", "a=1", "--item", "b=2", "--item", "c=3")
    questionnaires, items = rows(isolated_db, "questionnaire"), rows(isolated_db, "questionnaire_item")

    assert ok("delete", "measure", "1").stdout.startswith("Deleted questionnaire #1 (PEG, Sat 21 Nov 2026 18:00)")
    assert [q["id"] for q in rows(isolated_db, "questionnaire")] == [2]
    assert {i["questionnaire_id"] for i in rows(isolated_db, "questionnaire_item")} == {2}

    result = ok("undo")

    assert "brought back questionnaire #1" in result.stdout
    assert rows(isolated_db, "questionnaire") == questionnaires
    assert rows(isolated_db, "questionnaire_item") == items
    assert [m["score"] for m in read_json("measure", "list")] == [5.0, 2.0]


@pytest.mark.parametrize(
    ("setup", "kind", "table"),
    [
        (["pain", "3"], "pain", "pain_entry"),
        (["ladder", "add", "carry a bag", "--fear", "50"], "step", "ladder_step"),
        (["goal", "add", "swim again"], "goal", "goal"),
        (["flare", "start"], "flare", "flare"),
    ],
)
def test_delete_each_kind_and_undo(isolated_db: Path, setup: list[str], kind: str, table: str) -> None:
    ok(*setup)
    before = rows(isolated_db, table)

    ok("delete", kind, "1")
    assert rows(isolated_db, table) == []
    ok("undo")
    assert rows(isolated_db, table) == before
