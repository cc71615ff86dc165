"""Recording commands end to end: each happy path confirms with the new id and
stores exactly the values given (checked in the database with plain sqlite3, or
through the command's own --json read)."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ISO_WITH_OFFSET, count, fails, fixed_clock, flat, ok, read_json, row, rows


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


# --- pain ----------------------------------------------------------------------------


def test_pain_with_every_option_stores_exactly_what_was_given(isolated_db: Path) -> None:
    result = ok(
        "pain", "4", "--sleep", "6", "--mood", "5", "--fatigue", "3", "--stress", "2",
        "--site", "lower back", "--site", "left knee", "--flare",
        "--at", "2026-11-20T08:00", "--note", "after the long drive",
    )

    assert result.stdout.startswith("Saved pain entry #1 ")
    assert "Fri 20 Nov 2026 08:00" in result.stdout
    stored = row(isolated_db, "pain_entry", 1)
    assert {k: stored[k] for k in ("pain", "sleep", "mood", "fatigue", "stress", "flare", "note")} == {
        "pain": 4, "sleep": 6, "mood": 5, "fatigue": 3, "stress": 2, "flare": 1, "note": "after the long drive",
    }
    assert json.loads(stored["sites"]) == ["lower back", "left knee"]
    assert (stored["at_utc"], stored["day"], stored["utc_offset"]) == ("2026-11-20 08:00:00", "2026-11-20", 0)


def test_pain_with_only_a_score_leaves_the_other_scales_empty(isolated_db: Path) -> None:
    assert ok("pain", "0").stdout.startswith("Saved pain entry #1 ")

    stored = row(isolated_db, "pain_entry", 1)
    assert stored["pain"] == 0
    assert [stored[k] for k in ("sleep", "mood", "fatigue", "stress", "note")] == [None] * 5
    assert (stored["flare"], json.loads(stored["sites"])) == (0, [])
    assert stored["at_utc"] == "2026-11-21 18:00:00"  # default: now (PACEIT_NOW)


def test_each_new_entry_gets_the_next_id(isolated_db: Path) -> None:
    assert "#1 " in ok("pain", "3").stdout
    assert "#2 " in ok("pain", "10").stdout
    assert [r["pain"] for r in rows(isolated_db, "pain_entry")] == [3, 10]


@pytest.mark.parametrize(
    ("at", "at_utc", "day", "offset"),
    [
        ("2026-11-20T08:00", "2026-11-20 08:00:00", "2026-11-20", 0),
        ("2026-11-20T08:00+02:00", "2026-11-20 06:00:00", "2026-11-20", 120),
        ("2026-11-20", "2026-11-20 12:00:00", "2026-11-20", 0),  # a day without a time is noon
        ("yesterday", "2026-11-20 12:00:00", "2026-11-20", 0),
        ("yesterday 07:15", "2026-11-20 07:15:00", "2026-11-20", 0),
        ("-2d", "2026-11-19 12:00:00", "2026-11-19", 0),
        ("07:30", "2026-11-21 07:30:00", "2026-11-21", 0),
        ("today", "2026-11-21 18:00:00", "2026-11-21", 0),
    ],
)
def test_pain_at_accepts_the_documented_forms(isolated_db: Path, at: str, at_utc: str, day: str, offset: int) -> None:
    ok("pain", "4", "--at", at)

    stored = row(isolated_db, "pain_entry", 1)
    assert (stored["at_utc"], stored["day"], stored["utc_offset"]) == (at_utc, day, offset)


@pytest.mark.parametrize(
    ("at", "at_utc", "offset", "shown"),
    [
        ("2026-11-20T08:00", "2026-11-20 07:00:00", 60, "2026-11-20T08:00:00+01:00"),
        ("2026-07-01T08:00", "2026-07-01 06:00:00", 120, "2026-07-01T08:00:00+02:00"),  # summer time
        ("2026-11-20T00:30", "2026-11-19 23:30:00", 60, "2026-11-20T00:30:00+01:00"),  # the local day counts
    ],
)
def test_pain_at_uses_the_local_time_zone(isolated_db: Path, at: str, at_utc: str, offset: int, shown: str) -> None:
    os.environ["TZ"] = "Europe/Berlin"  # the autouse clock fixture puts the old zone back
    time.tzset()

    ok("pain", "4", "--at", at)

    stored = row(isolated_db, "pain_entry", 1)
    assert (stored["at_utc"], stored["utc_offset"], stored["day"]) == (at_utc, offset, at[:10])
    assert read_json("history", "--all")[0]["at"] == shown


def test_pain_at_keeps_the_offset_given_in_history(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "2026-11-20T08:00+02:00")

    [entry] = read_json("history")
    assert entry["at"] == "2026-11-20T08:00:00+02:00"


# --- activity add --------------------------------------------------------------------


def test_activity_add_with_a_baseline_says_the_starting_quota_next_gives(isolated_db: Path) -> None:
    """`activity add --baseline 8` named only the baseline, and a person logging 8 that day was
    told 1.3 x today's 6 (a new-user review): the starting quota is said at once, with its rule."""
    added = flat(ok("activity", "add", "chair-stands", "--unit", "reps", "--baseline", "8").stdout)
    assert "starting quota 6 reps (0.8 x the baseline" in added
    assert "6 reps" in flat(ok("next").stdout)
    ok("config", "set", "baseline.factor", "1.0", "--clinician")
    edited = flat(ok("activity", "edit", "chair-stands", "--baseline", "10").stdout)
    assert "starting quota 10 reps (1 x the baseline" in edited


def test_activity_add_with_every_pacing_option(isolated_db: Path) -> None:
    result = ok(
        "activity", "add", "walking", "--unit", "min", "--baseline", "10", "--step", "10%",
        "--every", "10", "--ceiling", "6", "--target", "45", "--at", "2026-11-01", "--note", "physio plan",
        "--clinician",
    )

    assert result.stdout.startswith("Saved activity #1: walking")
    assert "baseline 10 min" in result.stdout and "45 min" in flat(result.stdout)
    stored = row(isolated_db, "activity", 1)
    assert {k: stored[k] for k in ("name", "unit", "baseline", "step_mode", "step", "every_days", "ceiling",
                                   "target", "day", "note", "archived_utc")} == {
        "name": "walking", "unit": "min", "baseline": 10.0, "step_mode": "pct", "step": 10.0, "every_days": 10,
        "ceiling": 6, "target": 45.0, "day": "2026-11-01", "note": "physio plan", "archived_utc": None,
    }


def test_activity_add_with_an_absolute_step(isolated_db: Path) -> None:
    ok("activity", "add", "squats", "--unit", "reps", "--step", "2", "--clinician")

    stored = row(isolated_db, "activity", 1)
    assert (stored["unit"], stored["step_mode"], stored["step"], stored["baseline"]) == ("reps", "abs", 2.0, None)


def test_activity_add_without_baseline_says_the_first_sessions_set_it(isolated_db: Path) -> None:
    result = ok("activity", "add", "cycling", "--unit", "km")

    assert "first 3 sessions will set the baseline" in flat(result.stdout)
    stored = row(isolated_db, "activity", 1)
    assert [stored[k] for k in ("baseline", "step_mode", "step", "every_days", "ceiling", "target")] == [None] * 6


@pytest.mark.parametrize(("typed", "unit"), [("minutes", "min"), ("MIN", "min"), ("rep", "reps"), ("Km", "km")])
def test_activity_add_unit_aliases(isolated_db: Path, typed: str, unit: str) -> None:
    ok("activity", "add", "walking", "--unit", typed)

    assert row(isolated_db, "activity", 1)["unit"] == unit


def test_a_target_between_the_starting_quota_and_the_baseline_is_accepted(isolated_db: Path) -> None:
    # baseline 20 -> starting quota 0.8 x 20 = 16; a target of 18 lies above it (though below the baseline)
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "20", "--target", "18")
    assert (row(isolated_db, "activity", 1)["baseline"], row(isolated_db, "activity", 1)["target"]) == (20.0, 18.0)


def test_activity_add_baseline_and_target_take_units(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "1h", "--target", "1h30m")
    ok("activity", "add", "running", "--unit", "km", "--baseline", "800m", "--target", "5km")

    walking, running = rows(isolated_db, "activity")
    assert (walking["baseline"], walking["target"]) == (60.0, 90.0)
    assert (running["baseline"], running["target"]) == (0.8, 5.0)


# --- log -------------------------------------------------------------------------------


@pytest.fixture
def activities() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "2026-11-01")
    ok("activity", "add", "running", "--unit", "km", "--at", "2026-11-01")
    ok("activity", "add", "squats", "--unit", "reps", "--at", "2026-11-01")


@pytest.mark.usefixtures("activities")
@pytest.mark.parametrize(
    ("name", "amount", "stored"),
    [
        ("walking", "20", 20.0),
        ("walking", "20m", 20.0),
        ("walking", "1h", 60.0),
        ("walking", "1h15m", 75.0),
        ("walking", "90s", 1.5),
        ("walking", "12.5", 12.5),
        ("running", "2.5km", 2.5),
        ("running", "800m", 0.8),
        ("running", "3", 3.0),
        ("squats", "12", 12.0),
    ],
)
def test_log_amounts_are_stored_in_the_activity_unit(isolated_db: Path, name: str, amount: str, stored: float) -> None:
    result = ok("log", name, amount, "--yes")  # 1h of walking is over 5 times its quota of 8 min

    assert result.stdout.startswith(f"Saved session #1 for Sat 21 Nov 2026 18:00: {name} ")
    [session] = rows(isolated_db, "session")
    assert session["amount"] == pytest.approx(stored)


@pytest.mark.usefixtures("activities")
def test_log_refuses_part_of_a_rep(isolated_db: Path) -> None:
    assert "AMOUNT" in fails("log", "squats", "12.5")
    assert count(isolated_db, "session") == 0


@pytest.mark.usefixtures("activities")
def test_log_with_every_option(isolated_db: Path) -> None:
    result = ok(
        "log", "walking", "20m", "--effort", "4", "--pain-before", "2", "--pain-during", "3", "--pain-after", "5",
        "--at", "2026-11-20T10:00", "--note", "windy",
    )

    assert result.stdout.startswith("Saved session #1 for Fri 20 Nov 2026 10:00: walking 20 min")
    session = row(isolated_db, "session", 1)
    assert {k: session[k] for k in ("activity_id", "amount", "effort", "pain_before", "pain_during", "pain_after",
                                    "at_utc", "day", "note")} == {
        "activity_id": 1, "amount": 20.0, "effort": 4, "pain_before": 2, "pain_during": 3, "pain_after": 5,
        "at_utc": "2026-11-20 10:00:00", "day": "2026-11-20", "note": "windy",
    }


@pytest.mark.usefixtures("activities")
@pytest.mark.parametrize("typed", ["WALKING", "Walking", "  walking "])
def test_log_finds_the_activity_whatever_the_case(isolated_db: Path, typed: str) -> None:
    result = ok("log", typed, "15")

    assert ": walking 15 min" in result.stdout
    assert row(isolated_db, "session", 1)["activity_id"] == 1


@pytest.mark.usefixtures("activities")
def test_log_before_the_activity_started_moves_its_start_and_undo_moves_it_back(isolated_db: Path) -> None:
    before = row(isolated_db, "activity", 1)

    result = ok("log", "walking", "20", "--at", "2026-10-20T09:00", "--yes")  # 12 days back: --yes

    assert "walking now starts Tue 20 Oct 2026" in result.stdout
    assert row(isolated_db, "activity", 1)["day"] == "2026-10-20"
    assert row(isolated_db, "session", 1)["day"] == "2026-10-20"

    ok("undo")
    assert row(isolated_db, "activity", 1) == before
    assert count(isolated_db, "session") == 0


@pytest.mark.usefixtures("activities")
def test_log_counts_the_sessions_that_set_the_baseline(isolated_db: Path) -> None:
    first = ok("log", "running", "2")
    ok("log", "running", "2.2")
    third = ok("log", "running", "2.4")

    assert "Finding your baseline for running: 1 of 3 sessions done, 2 more needed" in first.stdout
    assert "Finding your baseline for running: 3 of 3 sessions done" in third.stdout
    assert "that completes your baseline" in third.stdout
    assert "Finding your baseline" not in ok("log", "walking", "10").stdout  # walking has a baseline


def test_backfilled_baseline_sessions_count_in_date_order_and_say_when_plans_use_them() -> None:
    """The baseline is the first 3 sessions by date, not by logging order: the message
    names the day after the 3rd of them, which is the day `next` starts the quota."""
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20m")  # today, Sat 21 Nov
    ok("log", "walking", "20m", "--at", "-2d")
    third = flat(ok("log", "walking", "20m", "--at", "yesterday 08:00").stdout)

    assert "Finding your baseline for walking: 3 of 3 sessions done (that completes your baseline; " in third
    assert "plans use it from tomorrow, Sun 22 Nov 2026)." in third
    today = read_json("next")["activities"][0]
    assert today["decision"] == "baseline" and "3 of 3 sessions done" in today["reasons"][0]  # as log said
    assert read_json("next", "--date", "2026-11-22")["activities"][0]["target"] == 16

    earlier = flat(ok("log", "walking", "20m", "--at", "-5d").stdout)  # now among the first 3 by date
    assert "3 of 3 sessions done (this session is one of your first 3 in date order, so your baseline now " in earlier
    assert "plans use it from Sat 21 Nov 2026 on" not in earlier
    assert "plans use it from today, Sat 21 Nov 2026)." in earlier
    assert read_json("next")["activities"][0]["target"] == 16

    older = flat(ok("log", "walking", "20m", "--at", "-9d").stdout)
    assert "plans use it from Fri 20 Nov 2026 on)." in older  # 3rd by date: Thu 19 Nov
    assert "Finding your baseline" not in ok("log", "walking", "20m", "--at", "-1d").stdout  # a 4th by date


def test_a_sit_to_stand_result_is_counted_in_stands() -> None:
    out = ok("measure", "task", "sit-to-stand", "11").stdout
    assert ": sit-to-stand 11 stands (higher is better)." in out and "count" not in out
    assert "sit-to-stand 1 stand (" in ok("measure", "task", "sts", "1", "--at", "-1d").stdout
    own = ok("measure", "task", "push-ups", "12", "--unit", "count", "--better", "higher").stdout
    assert ": push-ups 12 count (" in own  # a task of the person's own keeps the unit they gave
    assert "functional test: sit-to-stand 11 stands" in flat(ok("history").stdout)


def test_activity_list_shows_a_measured_baseline_to_one_decimal(isolated_db: Path) -> None:
    ok("activity", "add", "chair-stands", "--unit", "reps")
    for at, amount in (("-3d", "9"), ("-2d", "9"), ("-1d", "10")):
        ok("log", "chair-stands", amount, "--at", at)
    out = ok("activity", "list").stdout
    assert "9.3 reps" in out and "9.33" not in out
    assert "9.3 reps (mean of the first 3 sessions)" in flat(ok("activity", "show", "chair-stands").stdout)
    assert read_json("activity", "list")[0]["baseline"] == pytest.approx(28 / 3, abs=0.01)  # the value is kept


# --- ladder --------------------------------------------------------------------------


def test_ladder_add_stores_text_fear_harm_and_activity(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")

    result = ok("ladder", "add", "bend to pick up a sock", "--fear", "40", "--harm", "30", "--activity", "Walking",
                "--note", "from the TSK")

    assert result.stdout.strip() == "Saved ladder step #1: bend to pick up a sock (fear 40/100, harm 30/100)."
    step = row(isolated_db, "ladder_step", 1)
    assert (step["text"], step["fear"], step["harm"], step["activity_id"], step["note"]) == (
        "bend to pick up a sock", 40, 30, 1, "from the TSK",
    )


def test_ladder_try_with_every_trial_field(isolated_db: Path) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "60")

    result = ok(
        "ladder", "try", "1", "--fear-before", "60", "--fear-after", "25", "--fear-peak", "80",
        "--expect", "my back gives way", "--expect-likely", "70", "--predicted-pain", "7", "--pain", "4",
        "--happened", "no", "--safety", "yes", "--at", "2026-11-21T09:30", "--note", "shop",
    )

    first, rest = result.stdout.split("\n", 1)
    assert first == "Saved trial #1 of step #1 (carry a bag) for Sat 21 Nov 2026 09:30."
    assert flat(rest).startswith("This trial counts as a success: the feared outcome did not happen")
    assert flat(rest).endswith("Trials of this step: 1.")
    trial = row(isolated_db, "exposure_trial", 1)
    assert {k: trial[k] for k in ("step_id", "fear_before", "fear_after", "fear_peak", "expect", "expect_likely",
                                  "predicted_pain", "pain", "happened", "safety", "aborted", "at_utc", "note")} == {
        "step_id": 1, "fear_before": 60, "fear_after": 25, "fear_peak": 80, "expect": "my back gives way",
        "expect_likely": 70, "predicted_pain": 7, "pain": 4, "happened": 0, "safety": 1, "aborted": 0,
        "at_utc": "2026-11-21 09:30:00", "note": "shop",
    }


def test_ladder_try_minimal_leaves_optional_fields_empty(isolated_db: Path) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "60")

    ok("ladder", "try", "#1", "--fear-before", "50", "--fear-after", "45")

    trial = row(isolated_db, "exposure_trial", 1)
    optional = ("fear_peak", "expect", "expect_likely", "predicted_pain", "pain", "happened", "safety")
    assert [trial[k] for k in optional] == [None] * len(optional)
    assert trial["aborted"] == 0


@pytest.mark.parametrize(
    ("extra", "success", "reason"),
    [
        (["--predicted-pain", "6", "--pain", "6", "--happened", "yes"], False, "the feared outcome happened"),
        (["--predicted-pain", "6", "--pain", "2", "--happened", "no", "--aborted"], False, "stopped early"),
        (["--predicted-pain", "6", "--pain", "2", "--happened", "no"], True, "pain was 4 lower than predicted"),
    ],
)
def test_ladder_try_says_whether_the_trial_counts(isolated_db: Path, extra: list[str], success: bool,
                                                  reason: str) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "60")

    result = ok("ladder", "try", "1", "--fear-before", "60", "--fear-after", "50", *extra)

    verdict = flat(result.stdout.split("\n", 1)[1])
    assert verdict.startswith("This trial counts as a success" if success else "This trial does not count")
    assert reason in verdict
    assert row(isolated_db, "exposure_trial", 1)["aborted"] == int("--aborted" in extra)


def _successful_trial(step: str, fear_before: int) -> None:
    ok("ladder", "try", step, "--fear-before", str(fear_before), "--fear-after", "20",
       "--predicted-pain", "6", "--pain", "3", "--happened", "no", "--again")  # the clock stands still


def test_ladder_list_orders_by_fear_with_status_and_trials(isolated_db: Path) -> None:
    ok("ladder", "add", "lift a full basket", "--fear", "70")
    ok("ladder", "add", "tie shoes standing", "--fear", "20")
    ok("ladder", "add", "bend to pick up a sock", "--fear", "40")
    ok("ladder", "try", "2", "--fear-before", "50", "--fear-after", "45")  # first trial: not a success
    _successful_trial("2", 40)
    _successful_trial("2", 30)  # 3 trials, last 2 succeeded, last fear-before <= 30: mastered
    _successful_trial("3", 45)

    steps = read_json("ladder", "list")

    assert [(s["id"], s["text"], s["fear"], s["status"], s["trials"]) for s in steps] == [
        (2, "tie shoes standing", 20, "mastered", 3),
        (3, "bend to pick up a sock", 40, "current", 1),
        (1, "lift a full basket", 70, "waiting", 0),
    ]
    assert steps[0]["latest_gap"] == 3


def test_ladder_step_is_not_mastered_while_the_last_fear_before_is_above_30(isolated_db: Path) -> None:
    ok("ladder", "add", "tie shoes standing", "--fear", "20")
    for fear in (50, 40, 31):
        _successful_trial("1", fear)

    [step] = read_json("ladder", "list")
    assert (step["status"], step["trials"]) == ("current", 3)

    _successful_trial("1", 30)
    [step] = read_json("ladder", "list")
    assert (step["status"], step["trials"]) == ("mastered", 4)


def test_ladder_step_is_not_mastered_with_only_two_trials(isolated_db: Path) -> None:
    ok("ladder", "add", "tie shoes standing", "--fear", "20")
    _successful_trial("1", 20)
    _successful_trial("1", 20)

    [step] = read_json("ladder", "list")
    assert step["status"] == "current"


# --- red flags -----------------------------------------------------------------------


def test_redflag_check_stores_each_code_with_its_group_and_advises(isolated_db: Path) -> None:
    result = ok("redflag", "check", "--yes", "night-pain", "--yes", "fever", "--note", "since Tuesday")

    assert result.stdout.startswith("Saved red flags #1, #2.")
    assert "Contact a doctor today" in result.stdout  # the most urgent group ticked (2) decides
    assert "paused your plan" in result.stdout
    assert "crisis line" in result.stdout
    stored = rows(isolated_db, "red_flag")
    assert [(r["code"], r["grp"], r["note"], r["cleared_utc"]) for r in stored] == [
        ("night-pain", 3, "since Tuesday", None),
        ("fever", 2, "since Tuesday", None),
    ]


def test_redflag_check_stores_a_code_ticked_twice_once(isolated_db: Path) -> None:
    assert ok("redflag", "check", "--yes", "fever", "--yes", "FEVER").stdout.startswith("Saved red flag #1.")

    assert [(r["code"], r["grp"]) for r in rows(isolated_db, "red_flag")] == [("fever", 2)]


def test_redflag_group_3_only_asks_for_an_appointment(isolated_db: Path) -> None:
    result = ok("redflag", "check", "--yes", "weight-loss")

    assert "Book an appointment" in result.stdout
    assert "paused" not in result.stdout
    assert [(r["code"], r["grp"]) for r in rows(isolated_db, "red_flag")] == [("weight-loss", 3)]


def test_redflag_group_1_says_emergency(isolated_db: Path) -> None:
    result = ok("redflag", "check", "--yes", "saddle-numbness", "--yes", "fever")

    assert "Call emergency services or go to A&E now." in result.stdout
    assert [r["grp"] for r in rows(isolated_db, "red_flag")] == [1, 2]


def test_redflag_check_none_stores_the_check_but_no_flag(isolated_db: Path) -> None:
    result = ok("redflag", "check", "--none", "--at", "2026-11-21T09:00", "--note", "weekly check")

    assert result.stdout.startswith("Saved red-flag check #1: none ticked.")
    assert read_json("redflag", "list") == []
    checks = rows(isolated_db, "red_flag_check")
    assert [(c["codes"], c["day"], c["note"]) for c in checks] == [("[]", "2026-11-21", "weekly check")]


def test_redflag_check_links_each_flag_to_its_check(isolated_db: Path) -> None:
    ok("redflag", "check", "--yes", "fever", "--yes", "night-pain")
    assert [c["codes"] for c in rows(isolated_db, "red_flag_check")] == ['["fever", "night-pain"]']
    assert {f["check_id"] for f in rows(isolated_db, "red_flag")} == {1}


@pytest.mark.parametrize("option", [["--step", "10%"], ["--every", "10"], ["--ceiling", "6"]])
def test_clinical_pacing_options_need_clinician_confirmation(isolated_db: Path, option: list[str]) -> None:
    message = fails("activity", "add", "walking", "--unit", "min", *option)
    assert option[0] in message and "--clinician" in message
    ok("activity", "add", "walking", "--unit", "min", *option, "--clinician")
    message = fails("activity", "edit", "walking", *option)
    assert "--clinician" in message


def test_redflag_list_json_contract(isolated_db: Path) -> None:
    ok("redflag", "check", "--yes", "night-pain", "--yes", "fever", "--at", "2026-11-21T09:00")

    flags = read_json("redflag", "list")

    assert [(f["code"], f["group"]) for f in flags] == [("fever", 2), ("night-pain", 3)]
    for flag in flags:
        assert {"id", "code", "group", "at"} <= flag.keys()
        assert isinstance(flag["id"], int)
        assert re.match(ISO_WITH_OFFSET, flag["at"])
        assert flag["at"] == "2026-11-21T09:00:00+00:00"


def test_redflag_clear_records_the_review(isolated_db: Path) -> None:
    ok("redflag", "check", "--yes", "fever", "--yes", "night-pain")

    result = ok("redflag", "clear", "1", "--reviewed", "GP 21 Nov: viral, carry on")

    assert result.stdout.strip() == "Cleared red flag #1 (fever) after review: GP 21 Nov: viral, carry on."
    cleared = row(isolated_db, "red_flag", 1)
    assert (cleared["reviewed"], cleared["cleared_utc"]) == ("GP 21 Nov: viral, carry on", "2026-11-21 18:00:00")
    assert [f["id"] for f in read_json("redflag", "list")] == [2]
    everything = read_json("redflag", "list", "--all")
    assert {f["id"]: f["cleared"] for f in everything} == {1: True, 2: False}


# --- flares --------------------------------------------------------------------------


def test_flare_start_end_and_list(isolated_db: Path) -> None:
    started = ok("flare", "start", "--at", "2026-11-19T08:00", "--note", "after the drive")
    ended = ok("flare", "end", "--at", "2026-11-21T09:00", "--note", "settled")

    assert started.stdout.startswith("Saved flare #1, started Thu 19 Nov 2026 08:00.")
    assert ended.stdout.strip() == "Ended flare #1: Thu 19 Nov 2026 to Sat 21 Nov 2026 (3 days)."
    [flare] = read_json("flare", "list")
    assert {k: flare[k] for k in ("id", "start", "end", "note", "end_note")} == {
        "id": 1, "start": "2026-11-19T08:00:00+00:00", "end": "2026-11-21T09:00:00+00:00",
        "note": "after the drive", "end_note": "settled",
    }


def test_flare_list_shows_an_open_flare_without_end(isolated_db: Path) -> None:
    ok("flare", "start")

    [flare] = read_json("flare", "list")
    assert (flare["start"], flare["end"]) == ("2026-11-21T18:00:00+00:00", None)


def test_a_second_flare_start_is_refused_while_one_is_open(isolated_db: Path) -> None:
    ok("flare", "start", "--at", "2026-11-19")

    message = fails("flare", "start")

    assert "already open" in message and "flare end" in message
    assert count(isolated_db, "flare") == 1


def test_flare_end_without_an_open_flare_is_bad_input(isolated_db: Path) -> None:
    ok("flare", "start", "--at", "2026-11-19")
    ok("flare", "end")

    assert "no flare is open" in fails("flare", "end")
    assert row(isolated_db, "flare", 1)["end_at_utc"] == "2026-11-21 18:00:00"


def test_flare_end_before_its_start_is_refused(isolated_db: Path) -> None:
    ok("flare", "start", "--at", "2026-11-19T08:00")

    assert "--at" in fails("flare", "end", "--at", "2026-11-18")
    assert row(isolated_db, "flare", 1)["end_at_utc"] is None


def test_flare_plan_sets_sections_and_shows_them(isolated_db: Path) -> None:
    assert ok("flare", "plan", "triggers", "sitting over 6 hours", "poor sleep").stdout.strip() == (
        "Saved flare plan section 'triggers': 2 items."
    )
    ok("flare", "plan", "comfort", "heat pack")
    ok("flare", "plan", "triggers", "stress")  # replaces the section

    plan = read_json("flare", "plan")

    assert plan["triggers"] == ["stress"]
    assert plan["comfort"] == ["heat pack"]
    assert {"warning-signs", "reduced-activity", "who-to-tell", "seek-care", "return-steps", "review"} <= plan.keys()
    assert all(plan[k] == [] for k in plan if k not in {"triggers", "comfort"})
    assert [(r["section"], r["position"], r["text"]) for r in rows(isolated_db, "flare_plan_item")] == [
        ("comfort", 0, "heat pack"), ("triggers", 0, "stress"),
    ]


def test_flare_plan_of_one_section_does_not_hide_the_others(isolated_db: Path) -> None:
    ok("flare", "plan", "comfort", "heat pack")
    ok("flare", "plan", "triggers", "sitting over 6 hours")

    shown = read_json("flare", "plan", "triggers")

    assert shown["triggers"] == ["sitting over 6 hours"]
    assert shown.get("comfort", ["heat pack"]) == ["heat pack"]


# --- goals ---------------------------------------------------------------------------


def test_goal_add_list_and_done(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")

    tied = ok("goal", "add", "walk to the park with my kids", "--activity", "walking", "--target", "30")
    plain = ok("goal", "add", "see my friends on Fridays")

    assert tied.stdout.strip() == "Saved goal #1: walk to the park with my kids (30 min of walking)."
    assert plain.stdout.strip() == "Saved goal #2: see my friends on Fridays."
    stored = rows(isolated_db, "goal")
    assert [(g["text"], g["activity_id"], g["target"], g["done_utc"]) for g in stored] == [
        ("walk to the park with my kids", 1, 30.0, None),
        ("see my friends on Fridays", None, None, None),
    ]

    assert "goal #2 reached" in ok("goal", "done", "2").stdout

    goals = read_json("goal", "list")
    assert [(g["id"], g["activity"], g["target"], g["unit"], g["done"]) for g in goals] == [
        (1, "walking", 30.0, "min", False),
        (2, None, None, None, True),
    ]
    assert row(isolated_db, "goal", 2)["done_utc"] == "2026-11-21 18:00:00"


def test_goal_target_is_read_in_the_activity_unit(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")

    ok("goal", "add", "walk for an hour", "--activity", "walking", "--target", "1h")

    assert row(isolated_db, "goal", 1)["target"] == 60.0


# --- measures ------------------------------------------------------------------------


def test_measure_peg_scores_the_mean_of_three_items(isolated_db: Path) -> None:
    result = ok("measure", "peg", "--pain", "5", "--enjoyment-interference", "6", "--activity-interference", "6")

    assert flat(result.stdout) == (
        "Saved PEG #1 for Sat 21 Nov 2026: score 5.67/10 (average pain 5/10, pain interfered with enjoyment "
        "6/10, pain interfered with general activity 6/10)."
    )
    assert row(isolated_db, "questionnaire", 1)["score"] == 5.67
    items = rows(isolated_db, "questionnaire_item")
    assert [(i["questionnaire_id"], i["position"], i["item"], i["value"]) for i in items] == [
        (1, 0, "pain", 5), (1, 1, "enjoyment", 6), (1, 2, "activity", 6),
    ]


def test_peg_old_option_names_still_work_and_store_the_same(isolated_db: Path) -> None:
    """--enjoyment and --activity (which read as if 7 were good) are hidden old names of the
    interference options: old scripts keep working, quietly, and store the same items."""
    old = ok("measure", "peg", "--pain", "5", "--enjoyment", "7", "--activity", "4")
    new = ok(
        "measure", "peg", "--pain", "5", "--enjoyment-interference", "7", "--activity-interference", "4", "--again"
    )
    assert "pain interfered with enjoyment 7/10" in flat(old.stdout)
    assert old.stdout.replace("#1", "#2") == new.stdout
    items = [(i["questionnaire_id"], i["item"], i["value"]) for i in rows(isolated_db, "questionnaire_item")]
    assert items == [(q, k, v) for q in (1, 2) for k, v in (("pain", 5), ("enjoyment", 7), ("activity", 4))]
    help_text = ok("measure", "peg", "--help").stdout
    assert "--enjoyment-interference" in help_text and "--enjoyment " not in help_text
    assert "--activity " not in help_text
    assert "give --enjoyment-interference once" in fails(
        "measure", "peg", "--pain", "5", "--enjoyment", "7", "--enjoyment-interference", "7", "--activity", "4"
    )
    assert fails("measure", "peg", "--pain", "5", "--enjoyment", "11", "--activity", "4") == (
        "paceit: error: --enjoyment must be a whole number from 0 to 10 (got '11')"
    )
    assert count(isolated_db, "questionnaire") == 2
    listed = flat(ok("measure", "list").stdout)
    assert listed.count("pain 5; pain interfered with enjoyment 7, with activity 4") == 2


@pytest.mark.parametrize(
    "given",
    [["--pain", "5"], ["--pain", "5", "--enjoyment", "6"], ["--activity", "1"], ["--enjoyment-interference", "1"]],
)
def test_measure_peg_partial_is_refused_and_stores_nothing(isolated_db: Path, given: list[str]) -> None:
    ok("pain", "3")  # so the database exists

    message = fails("measure", "peg", *given)

    assert "complete" in message
    assert count(isolated_db, "questionnaire") == 0


def test_measure_psfs_scores_the_mean_of_its_items(isolated_db: Path) -> None:
    result = ok("measure", "psfs", "--item", "climbing stairs=4", "--item", "gardening=3",
                "--item", "lifting my grandson=2", "--at", "2026-11-20")

    assert result.stdout.startswith("Saved PSFS #1 for Fri 20 Nov 2026: score 3/10")
    assert row(isolated_db, "questionnaire", 1)["score"] == 3.0
    assert [(i["item"], i["value"]) for i in rows(isolated_db, "questionnaire_item")] == [
        ("climbing stairs", 4), ("gardening", 3), ("lifting my grandson", 2),
    ]


@pytest.mark.parametrize("n", [2, 6])
def test_measure_psfs_needs_three_to_five_items(isolated_db: Path, n: int) -> None:
    ok("pain", "3")
    items = [arg for i in range(n) for arg in ("--item", f"task {i}=5")]

    assert "3 to 5" in fails("measure", "psfs", *items)
    assert count(isolated_db, "questionnaire") == count(isolated_db, "questionnaire_item") == 0


def test_measure_list_json(isolated_db: Path) -> None:
    ok("measure", "peg", "--pain", "4", "--enjoyment", "4", "--activity", "5", "--at", "2026-11-14T09:00")
    ok("measure", "psfs", "--item", "a=1", "--item", "b=2", "--item", "c=6")

    measures = read_json("measure", "list")

    assert [(m["id"], m["kind"], m["score"], m["at"]) for m in measures] == [
        (1, "peg", 4.33, "2026-11-14T09:00:00+00:00"),
        (2, "psfs", 3.0, "2026-11-21T18:00:00+00:00"),
    ]
    assert measures[1]["items"] == [{"item": "a", "value": 1}, {"item": "b", "value": 2}, {"item": "c", "value": 6}]


# --- config --------------------------------------------------------------------------


def test_config_show_json_has_the_documented_defaults(isolated_db: Path) -> None:
    config = read_json("config", "show")

    assert config["progression.step_pct"]["value"] == 10
    assert config["progression.every_days"]["value"] == 7
    assert config["baseline.sessions"]["value"] == 3
    assert config["zone.r1_ceiling"]["value"] == 5
    assert config["plan.days"]["value"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert all(entry["value"] == entry["default"] and entry["changed"] is False for entry in config.values())
    assert (config["plan.days"]["owner"], config["progression.step_pct"]["owner"]) == ("U", "C")


def test_config_set_a_personal_setting(isolated_db: Path) -> None:
    result = ok("config", "set", "plan.days", "mon,wed,fri")

    assert result.stdout.strip() == "Set plan.days = mon,wed,fri (default all)."
    entry = read_json("config", "show")["plan.days"]
    assert (entry["value"], entry["changed"]) == (["mon", "wed", "fri"], True)
    assert [(r["key"], json.loads(r["value"])) for r in rows(isolated_db, "setting")] == [
        ("plan.days", ["mon", "wed", "fri"]),
    ]


def test_config_set_a_clinical_setting_needs_clinician(isolated_db: Path) -> None:
    ok("pain", "3")

    assert "--clinician" in fails("config", "set", "progression.step_pct", "15")
    assert rows(isolated_db, "setting") == []

    ok("config", "set", "progression.step_pct", "15", "--clinician")
    assert read_json("config", "show")["progression.step_pct"]["value"] == 15
    assert [(r["key"], json.loads(r["value"])) for r in rows(isolated_db, "setting")] == [
        ("progression.step_pct", 15),
    ]


def test_config_set_default_puts_it_back(isolated_db: Path) -> None:
    ok("config", "set", "plan.days", "mon")
    ok("config", "set", "plan.days", "default")

    assert read_json("config", "show")["plan.days"]["value"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def test_config_set_unknown_key_suggests_the_closest(isolated_db: Path) -> None:
    message = fails("config", "set", "progression.step_pc", "15", "--clinician")

    assert "KEY" in message and "did you mean 'progression.step_pct'" in message
    assert not isolated_db.exists()


def test_activity_list_and_show_say_the_step_the_plan_uses_in_additive_mode(isolated_db: Path) -> None:
    """With progression.mode add, the plan steps by progression.add_pct of the baseline, yet
    `activity list` and `show` said the default percentage of the quota (a review)."""
    ok("config", "set", "progression.mode", "add", "--clinician")
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "20")
    ok("activity", "add", "stairs", "--unit", "reps", "--baseline", "10", "--step", "2", "--clinician")
    listed = flat(ok("activity", "list").stdout)
    assert "15% of the baseline" in listed and "10%" not in listed
    assert "15% of the baseline" in flat(ok("activity", "show", "walking").stdout)
    assert "2 reps" in flat(ok("activity", "show", "stairs").stdout)
