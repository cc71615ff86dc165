"""`paceit next --json` and `paceit plan history --json` on histories built with real commands.

The days that matter (product.md): the first days, a good week, a bad session, pain that has
not settled, a flare, a red flag, a long gap. Every history starts on Monday 2 March 2026
(day 0); PACEIT_NOW is moved along where a command records "now" (flare start/end, red-flag
check and clear) and otherwise sits after every day used, so `--at` can backfill and
`--date` picks the day to plan. Sessions are logged at 17:00 and morning pain at 08:00.
Numbers are computed by hand from the rules (version 2, docs/rules.md) next to each assertion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import fails, ok, read_json, rows, time_zone

START = date(2026, 3, 2)  # a Monday
LATER = "2026-04-30T20:00:00+00:00"  # after every day used below
DECISIONS = {"pause", "baseline", "increase", "hold", "reduce"}
ZONES = {"green", "yellow", "red", None}


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PACEIT_NOW", LATER)
    with time_zone("UTC"):
        yield


def d(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


def set_now(monkeypatch: pytest.MonkeyPatch, n: int, clock: str = "20:00") -> None:
    monkeypatch.setenv("PACEIT_NOW", f"{d(n)}T{clock}:00+00:00")


def add_walking(*options: str) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", d(0), *options)


def log(n: int, amount: float, during: int = 1, *options: str) -> None:
    ok("log", "walking", f"{amount:g}", "--pain-during", str(during), "--at", f"{d(n)}T17:00", *options)


def morning(n: int, pain: int, *options: str) -> None:
    ok("pain", str(pain), "--at", f"{d(n)} 08:00", *options)


def good_week() -> None:
    """--baseline 12.5 -> Q = 0.8 x 12.5 = 10 from day 0; 10 min with pain during 1 on days 0..6."""
    add_walking("--baseline", "12.5")
    for n in range(7):
        log(n, 10)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_contract(doc: dict[str, Any]) -> None:
    """The keys and types of `next --json` (product.md)."""
    assert {"date", "activities", "ladder", "flare", "red_flags"} <= set(doc)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["date"])
    for activity in doc["activities"]:
        assert {"name", "unit", "target", "previous_target", "decision", "zone", "reasons"} <= set(activity)
        assert isinstance(activity["name"], str) and isinstance(activity["unit"], str)
        for key in ("target", "previous_target"):
            assert activity[key] is None or is_number(activity[key]), activity
        assert activity["decision"] in DECISIONS
        assert (activity["target"] is None) is (activity["decision"] in {"pause", "baseline"}), activity
        assert activity["zone"] in ZONES
        assert activity["reasons"] and all(isinstance(r, str) and r for r in activity["reasons"])
    ladder = doc["ladder"]
    if ladder is not None:
        assert isinstance(ladder["step_id"], int) and isinstance(ladder["text"], str)
        assert isinstance(ladder["fear"], int) and ladder["reasons"]
    flare = doc["flare"]
    assert isinstance(flare["active"], bool)
    assert flare["since"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", flare["since"])
    assert flare["reasons"] and all(isinstance(r, str) for r in flare["reasons"])
    assert isinstance(doc["red_flags"], list) and all(isinstance(r, str) for r in doc["red_flags"])


def next_doc(*args: str) -> dict[str, Any]:
    doc: dict[str, Any] = read_json("next", *args)
    check_contract(doc)
    return doc


def walking(n: int | None = None) -> dict[str, Any]:
    """The walking entry of `next --json` for day n (today when None)."""
    doc = next_doc() if n is None else next_doc("--date", d(n))
    assert [a["name"] for a in doc["activities"]] == ["walking"]
    activity: dict[str, Any] = doc["activities"][0]
    return activity


def numbers(activity: dict[str, Any]) -> tuple[Any, ...]:
    return activity["target"], activity["previous_target"], activity["decision"], activity["zone"]


# --- no activities ----------------------------------------------------------------------------------


def test_no_activities_yet() -> None:
    doc = next_doc()
    assert doc["date"] == "2026-04-30"
    assert doc["activities"] == []
    assert doc["ladder"] is None
    assert doc["flare"]["active"] is False and doc["flare"]["since"] is None
    assert doc["red_flags"] == []
    human = ok("next").stdout
    assert "No paced activities yet" in human
    assert "paceit activity add walking --unit min" in human


def test_no_activities_with_a_diary() -> None:
    morning(0, 3)
    assert next_doc("--date", d(0))["activities"] == []


# --- the first days ---------------------------------------------------------------------------------


def test_baseline_phase_then_the_starting_quota() -> None:
    add_walking()
    first = walking(0)
    assert numbers(first) == (None, None, "baseline", None)
    assert first["reasons"][0].startswith("Finding your baseline: 0 of 3 sessions done, 3 more needed:")
    log(0, 10)
    log(1, 12)
    second = walking(2)
    assert numbers(second) == (None, None, "baseline", "green")
    assert second["reasons"][0].startswith("Finding your baseline: 2 of 3 sessions done, 1 more needed:")
    assert "before symptoms clearly rise" in second["reasons"][0]
    log(2, 14)
    # mean(10, 12, 14) = 12 -> 0.8 x 12 = 9.6 -> 10 min
    third = walking(3)
    assert numbers(third) == (10, None, "hold", "green")
    assert third["reasons"][0].startswith(
        "Starting quota 10 min: 0.8 x the mean of your first 3 sessions (10 min, 12 min, 14 min) = 12 min."
    )
    assert walking(4)["previous_target"] == 10


# --- a good week, a bad session ----------------------------------------------------------------------


def test_a_good_week_moves_up() -> None:
    good_week()
    assert numbers(walking(0)) == (10, None, "hold", None)
    sixth = walking(6)
    assert numbers(sixth) == (10, 10, "hold", "green")
    assert f"6 of 7 days since the last change on {d(0)}" in sixth["reasons"][0]
    # day 7: 7 days, 7 sessions, all green, 100 % done -> max(10 + 1, round(10 x 1.1)) = 11
    seventh = walking(7)
    assert numbers(seventh) == (11, 10, "increase", "green")
    assert seventh["reasons"][0].startswith("Moving up: 10 min -> 11 min (+1 min, +10%).")
    assert "7 sessions in the last 7 days, none red" in seventh["reasons"][0]
    assert numbers(walking(8)) == (11, 11, "hold", "green")


def test_a_red_session_at_the_starting_quota_holds_there() -> None:
    add_walking("--baseline", "12.5")  # Q0 = 10: a step back never goes below it
    log(0, 10)
    log(1, 10)
    log(2, 10, 7)  # pain during 7 above the ceiling of 5 (nothing tells pain before)
    third = walking(3)
    assert numbers(third) == (10, 10, "hold", "red")
    assert "pain during was 7, above the ceiling of 5" in third["reasons"][0]
    assert "A step back never goes below your starting amount of 10 min" in third["reasons"][0]
    assert numbers(walking(4)) == (10, 10, "hold", "red")


def test_a_red_session_after_an_increase_returns_to_the_previous_quota() -> None:
    good_week()  # 10 -> 11 on day 7
    log(8, 11, 7)
    # day 9: back to the previous Q, 10 (lower than 11)
    ninth = walking(9)
    assert numbers(ninth) == (10, 11, "reduce", "red")
    assert "back to your previous quota: 11 min -> 10 min" in ninth["reasons"][0]


def usual_mornings(first: int, last: int, pain: int = 3) -> None:
    for n in range(first, last + 1):
        morning(n, pain)


def test_pain_not_settled_next_morning_is_red(monkeypatch: pytest.MonkeyPatch) -> None:
    good_week()  # Q 10 -> 11 on day 7
    usual_mornings(-10, 8)  # usual pain 3, swing 0: a clear rise is max(2, ceil(2.5 x 0)) = 2
    log(8, 11, 4)  # pain during 4 above that morning's 3: the session raised pain
    # day 9 at 07:00, before the morning entry: R2 unknown, said, and not held against the session
    set_now(monkeypatch, 9, "07:00")
    early = walking()
    assert numbers(early) == (11, 11, "hold", "yellow")
    assert any("no morning pain logged the next day" in r for r in early["reasons"])
    # 08:00: 5 = 3 + 2, a clear rise after a session that raised pain -> red -> back to 10, the same day
    set_now(monkeypatch, 9, "08:30")
    morning(9, 5)
    settled = walking()
    assert numbers(settled) == (10, 11, "reduce", "red")
    assert (
        "the next morning's pain was 5, 2 above your usual 3; a rise of 2 or more after a session that raised "
        "your pain counts as not settled" in settled["reasons"][0]
    )


def test_one_bad_morning_after_a_session_that_did_not_raise_pain_is_not_held_against_it() -> None:
    good_week()
    usual_mornings(-10, 8)
    log(8, 11, 3)  # pain during 3, no higher than the morning's 3
    morning(9, 7)
    ninth = walking(9)
    assert numbers(ninth) == (11, 11, "hold", "green")
    assert any("did not raise your pain, so it is not held against it" in r for r in ninth["reasons"])


def test_pain_not_settled_compared_with_pain_before() -> None:
    # no usual pain yet (fewer than 4 mornings): the next morning is compared with pain before
    good_week()
    log(8, 11, 3, "--pain-before", "2")  # no morning entry on day 8: pain before 2 stands in
    morning(9, 4)  # 4 >= 2 + 2
    ninth = walking(9)
    assert numbers(ninth) == (10, 11, "reduce", "red")
    assert "the next morning's pain was 4, 2 above your pain before the session, 2, as your usual pain is not " in (
        ninth["reasons"][0]
    )


# --- a flare ------------------------------------------------------------------------------------------


def test_a_flare_halves_and_then_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    good_week()  # Q = 11 from day 7
    set_now(monkeypatch, 9, "09:00")
    ok("flare", "start")
    doc = next_doc()
    # max(1, round(0.5 x 11)) = round(5.5) = 6 (half up)
    assert numbers(doc["activities"][0]) == (6, 11, "reduce", "green")
    assert "0.5 x your usual 11 min" in doc["activities"][0]["reasons"][0]
    assert doc["flare"]["active"] is True and doc["flare"]["since"] == d(9)
    assert doc["flare"]["reasons"][0].startswith(f"A flare since {d(9)} (1 day): amounts are 0.5 x the usual")
    set_now(monkeypatch, 9)
    log(9, 6)
    set_now(monkeypatch, 10)
    log(10, 6, 3)
    assert numbers(walking()) == (6, 6, "reduce", "green")
    set_now(monkeypatch, 12, "19:00")
    ok("flare", "end")
    # a declared flare runs from its start to its end day inclusive, so day 12 is still a flare day
    assert numbers(walking()) == (6, 6, "reduce", "yellow")
    # the rebuild from r = day 13 (the first day after the flare), spacing ceil(4 / 2) = 2: hold at 6 on
    # day 13; step (11 - 6) / 2 = 2.5 on day 14: 6 + 2.5 = 8.5 -> 9; hold on day 15; day 16: 11
    thirteenth = next_doc("--date", d(13))
    assert thirteenth["flare"]["active"] is False
    assert thirteenth["flare"]["reasons"] == ["No flare at the moment."]
    assert numbers(thirteenth["activities"][0]) == (6, 6, "hold", "yellow")
    assert thirteenth["activities"][0]["reasons"][0] == (
        f"Rebuilding after the flare: holding at 6 min on the way back to 11 min; the next step is due on {d(14)}."
    )
    fourteenth = walking(14)
    assert numbers(fourteenth)[:3] == (9, 6, "increase")
    assert fourteenth["reasons"][0] == (
        "Rebuilding after the flare, step 1 of 2: 6 min -> 9 min, toward your pre-flare 11 min."
    )
    assert numbers(walking(15))[:3] == (9, 9, "hold")
    assert walking(15)["reasons"][0].endswith(f"the next step is due on {d(16)}.")
    assert numbers(walking(16))[:3] == (11, 9, "increase")
    assert numbers(walking(17))[:3] == (11, 11, "hold")
    history = read_json("plan", "history", "walking", "--date", d(17))
    assert [(h["date"], h["decision"], h["target"], h["previous"]) for h in history] == [
        (d(0), "hold", 10, None),
        (d(7), "increase", 11, 10),
        (d(9), "reduce", 6, 11),
        (d(14), "increase", 9, 6),
        (d(16), "increase", 11, 9),
    ]


def test_the_day_a_flare_is_ended_the_plan_says_it_ends_today(monkeypatch: pytest.MonkeyPatch) -> None:
    good_week()  # Q = 11 from day 7
    set_now(monkeypatch, 9, "09:00")
    ok("flare", "start")
    set_now(monkeypatch, 9, "19:00")
    before = next_doc()
    assert before["activities"][0]["reasons"][1].startswith("It ends when you run 'paceit flare end'")
    ok("flare", "end")  # the same day: day 9 is the flare's only (and last) reduced day
    doc = next_doc()
    assert numbers(doc["activities"][0]) == (6, 11, "reduce", "green")  # the decision is unchanged
    assert doc["activities"][0]["reasons"][1] == (
        "The flare ends today (the last reduced day); the amount rebuilds from tomorrow in 2 steps over at least "
        "4 days."
    )
    assert doc["flare"]["active"] is True and doc["flare"]["reasons"][0].startswith(
        f"The flare that began on {d(9)} ends today (1 day; the last reduced day): amounts rebuild from "
        "tomorrow in 2 steps over at least 4 days"
    )
    everything = " ".join([*doc["flare"]["reasons"], *doc["activities"][0]["reasons"]])
    assert "paceit flare end" not in everything and "A flare since" not in everything
    assert "ends today" in " ".join(ok("next").stdout.split())
    assert numbers(walking(10))[:3] == (6, 6, "hold")  # the rebuild starts tomorrow, as said


def test_ticking_a_flare_and_declaring_it_halves_once(monkeypatch: pytest.MonkeyPatch) -> None:
    good_week()
    morning(9, 6, "--flare")  # the diary tick starts an episode at once: 11 -> 6
    set_now(monkeypatch, 10, "09:00")
    ok("flare", "start")
    assert walking()["target"] == 6  # actual: 3


def test_flare_end_ends_a_flare_the_diary_shows(monkeypatch: pytest.MonkeyPatch, isolated_db: Path) -> None:
    good_week()  # Q = 11 from day 7
    morning(9, 6, "--flare")  # a ticked flare from day 9, never declared: 11 -> 6
    # no calm days are logged, so on day 11 the ticked flare is still on
    assert numbers(walking(11))[:3] == (6, 6, "reduce")
    set_now(monkeypatch, 10, "20:00")
    result = ok("flare", "end")
    # recorded as declared from its first day (day 9, Wed 11 Mar, 00:00) to now (day 10, Thu 12 Mar)
    assert result.stdout == "Ended flare #1: Wed 11 Mar 2026 to Thu 12 Mar 2026 (2 days).\n"
    stored = rows(isolated_db, "flare")
    assert [(f["day"], f["at_utc"], f["end_day"], f["end_at_utc"]) for f in stored] == [
        (d(9), f"{d(9)} 00:00:00", d(10), f"{d(10)} 20:00:00")
    ]
    # day 10 is the flare's last day; day 11, the first after it, holds at 6 until the first step on day 12
    assert numbers(walking(10))[:3] == (6, 6, "reduce")
    eleventh = next_doc("--date", d(11))
    assert eleventh["flare"]["active"] is False
    assert numbers(eleventh["activities"][0])[:3] == (6, 6, "hold")
    assert eleventh["activities"][0]["reasons"][0].endswith(f"the next step is due on {d(12)}.")
    # a second 'flare end' finds nothing open: the flare covering today was just ended
    assert "no flare is open" in fails("flare", "end")
    assert len(rows(isolated_db, "flare")) == 1


def test_flare_end_refuses_when_the_declared_flare_covering_today_was_ended(
    monkeypatch: pytest.MonkeyPatch, isolated_db: Path
) -> None:
    good_week()
    set_now(monkeypatch, 9, "09:00")
    ok("flare", "start")
    set_now(monkeypatch, 12, "19:00")
    morning(12, 6, "--flare")  # the diary shows a flare on day 12 as well
    ok("flare", "end")
    set_now(monkeypatch, 12, "20:00")
    assert fails("flare", "end") == "paceit: error: no flare is open; start one with 'paceit flare start'"
    assert [(f["day"], f["end_day"]) for f in rows(isolated_db, "flare")] == [(d(9), d(12))]


def test_flare_end_on_a_diary_flare_after_a_declared_one_does_not_overlap_it(
    monkeypatch: pytest.MonkeyPatch, isolated_db: Path
) -> None:
    good_week()  # Q = 11 from day 7
    set_now(monkeypatch, 8, "09:00")
    ok("flare", "start")
    set_now(monkeypatch, 9, "19:00")
    morning(9, 6, "--flare")
    ok("flare", "end")  # flare #1: days 8..9
    set_now(monkeypatch, 10, "19:00")
    morning(10, 6, "--flare")  # ticked again the next day: the diary shows a flare on day 10
    assert next_doc()["flare"]["active"] is True
    ok("flare", "end")
    # 'flare start --at' refuses an overlapping period ("that would overlap flare #1"); 'flare end' must not
    # store one either: each flare starts after the one before ended
    stored = rows(isolated_db, "flare")
    assert len(stored) == 2
    assert stored[1]["at_utc"] > stored[0]["end_at_utc"], stored
    # and the day just ended as part of a flare is still a flare day (actual: "No flare at the moment." and
    # a rebuild hold, because flare #1 claims day 9 and the scan never switches to flare #2 on day 10)
    tenth = next_doc("--date", d(10))
    assert tenth["flare"]["active"] is True
    assert tenth["activities"][0]["decision"] == "reduce"


# --- a red flag ---------------------------------------------------------------------------------------


def test_a_red_flag_pauses_until_a_clinician_has_reviewed_it(monkeypatch: pytest.MonkeyPatch) -> None:
    add_walking("--baseline", "12.5")  # Q = 10
    for n in range(4):
        log(n, 10)
    set_now(monkeypatch, 4, "09:00")
    ok("redflag", "check", "--yes", "fever")
    doc = next_doc()
    assert numbers(doc["activities"][0]) == (None, 10, "pause", "green")
    reasons = doc["activities"][0]["reasons"]
    assert reasons[0].startswith("Paused: fever, chills, sweats or feeling very unwell")
    assert "Contact a doctor today." in reasons[0]
    assert any("paceit redflag clear 1 --reviewed" in r for r in reasons)
    assert len(doc["red_flags"]) == 1 and doc["red_flags"][0].startswith("#1 fever")
    assert "Contact a doctor today." in doc["red_flags"][0]
    set_now(monkeypatch, 5)
    assert numbers(walking())[:3] == (None, None, "pause")
    set_now(monkeypatch, 6, "10:00")
    ok("redflag", "clear", "1", "--reviewed", "GP: a cold, carry on pacing")
    # the day of the review still shows the pause; the flag itself is no longer open
    doc = next_doc()
    assert numbers(doc["activities"][0])[:3] == (None, None, "pause")
    assert doc["red_flags"] == []
    # the plan resumes the day after at the same Q, the gates counting from the pause's last day (day 6),
    # not from the starting quota on day 0 (7 days earlier, which with 4 green sessions would have moved up)
    set_now(monkeypatch, 7, "10:00")
    doc = next_doc()
    assert numbers(doc["activities"][0])[:3] == (10, None, "hold")
    assert doc["activities"][0]["reasons"][0] == (
        f"Holding at 10 min: 1 of 7 days since the red-flag pause on {d(6)}; 0 sessions since then, 3 needed."
    )
    assert doc["red_flags"] == []
    # the past stays as it was: days 5 and 6 were paused
    assert numbers(walking(5))[:3] == (None, None, "pause")
    assert numbers(walking(6))[:3] == (None, None, "pause")


def test_a_group_three_red_flag_is_shown_but_does_not_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    good_week()
    set_now(monkeypatch, 7, "09:00")
    ok("redflag", "check", "--yes", "night-pain")
    doc = next_doc()
    assert numbers(doc["activities"][0])[:3] == (11, 10, "increase")
    assert len(doc["red_flags"]) == 1
    assert "Book an appointment with your doctor within the next few days." in doc["red_flags"][0]


# --- a long gap ----------------------------------------------------------------------------------------


def gap_history() -> None:
    """Q 10 from day 0, sessions on days 0..5, 10 -> 11 on day 7; then nothing on days 6..20 (15 days)."""
    add_walking("--baseline", "12.5")
    for n in range(6):
        log(n, 10)


def test_a_long_gap_steps_back_once_and_welcomes_you_back() -> None:
    gap_history()
    assert numbers(walking(18))[:3] == (11, 11, "hold")
    # day 19 is 14 days after the last session (day 5): round(0.8 x 11) = round(8.8) = 9
    nineteenth = walking(19)
    assert numbers(nineteenth)[:3] == (9, 11, "reduce")
    assert nineteenth["reasons"][0].startswith(f"Welcome back. Your last session was on {d(5)}, 14 days ago")
    assert "(11 min -> 9 min)" in nineteenth["reasons"][0]
    # After it: the reduction happens once per gap, dated on that 14th day. While the person is away (day
    # 20, the 15th day without a session) the welcome stands at 9 and the 7-day clock waits for them: back
    # on day 21 with 9 min a day (days 21..24), the clock starts on day 21, so day 28 (7 days later, 4
    # sessions) moves up to max(10, round(9.9)) = 10.
    assert numbers(walking(20))[:3] == (9, 9, "reduce")
    for n in range(21, 25):
        log(n, 9)
    assert numbers(walking(25))[:3] == (9, 9, "hold")
    assert numbers(walking(27))[:3] == (9, 9, "hold")
    assert numbers(walking(28))[:3] == (10, 9, "increase")
    # a new gap: 14 days after day 24 is day 38, round(0.8 x 10) = 8
    assert numbers(walking(38))[:3] == (8, 10, "reduce")


def test_the_first_day_back_is_welcomed(monkeypatch: pytest.MonkeyPatch) -> None:
    gap_history()
    set_now(monkeypatch, 21, "08:00")
    back = walking()
    assert back["target"] == 9
    assert back["decision"] == "reduce"
    assert back["reasons"][0].startswith("Welcome back.")


# --- unrated sessions, big steps, goals, archived activities ------------------------------------------


def test_sessions_without_pain_during_count_and_ask_for_it(isolated_db: Path) -> None:
    add_walking("--baseline", "12.5")  # Q = 10
    for n in range(7):
        ok("log", "walking", "10", "--at", f"{d(n)}T17:00")  # no --pain-during
    # day 7: 7 days, 7 sessions, 100 % done, none red: acceptable on what is known -> 11
    seventh = walking(7)
    assert numbers(seventh) == (11, 10, "increase", "yellow")
    assert any("pain during not logged: counted as acceptable on what is known" in r for r in seventh["reasons"])


def test_a_fixed_step_is_capped_at_twenty_percent() -> None:
    add_walking("--baseline", "5", "--step", "20", "--clinician")  # Q = 0.8 x 5 = 4 min, a fixed step of 20 min
    for n in range(7):
        log(n, 4)
    # day 7: 4 + 20 = 24 wanted; at most 4 x 1.2 = 4.8 -> 5 (one unit, 1 min, gives 5 as well)
    seventh = walking(7)
    assert numbers(seventh) == (5, 4, "increase", "green")
    assert "Moving up: 4 min -> 5 min (+1 min, +25%)." in seventh["reasons"][0]


def test_an_open_goal_target_caps_the_quota() -> None:
    good_week()  # Q = 10; without a target day 7 moves up to 11
    ok("goal", "add", "walk to the park", "--activity", "walking", "--target", "10.5")
    ok("goal", "add", "walk to the shops", "--activity", "walking", "--target", "12")
    # the lowest open target caps: min(11, 10.5) = 10.5
    assert numbers(walking(7)) == (10.5, 10, "increase", "green")
    for n in range(7, 14):
        log(n, 10.5)
    # day 14: every gate holds, but Q 10.5 >= the target 10.5
    fourteenth = walking(14)
    assert numbers(fourteenth) == (10.5, 10.5, "hold", "green")
    assert "you have reached your target of 10.5 min; keep it steady" in fourteenth["reasons"][0]
    # once goal 1 is done, only the open goal 2 (12) caps: day 14 moves up to 12, within it. (From 10.5:
    # max(11.5, round(11.55) = 12) = 12; the replay reads today's goals for every day, so day 7 now reads
    # min(11, 12) = 11 and day 14 max(12, round(12.1) = 12) = 12: 12 either way.)
    ok("goal", "done", "1")
    assert numbers(walking(14))[::2] == (12, "increase")


def test_an_activitys_own_target_and_a_goal_target_take_the_lower(isolated_db: Path) -> None:
    add_walking("--baseline", "12.5", "--target", "10.5")
    for n in range(7):
        log(n, 10)
    ok("goal", "add", "walk to the park", "--activity", "walking", "--target", "20")
    assert walking(7)["target"] == 10.5  # min(11, 10.5, 20)


def test_an_archived_activity_leaves_next_but_keeps_its_history(monkeypatch: pytest.MonkeyPatch) -> None:
    good_week()  # 10 from day 0, 11 from day 7
    set_now(monkeypatch, 10, "09:00")
    ok("activity", "archive", "walking")
    # the days before the archive day still show it; from the archive day on it is gone
    assert numbers(walking(9))[:3] == (11, 11, "hold")
    assert next_doc("--date", d(10))["activities"] == []
    assert next_doc()["activities"] == []
    history = read_json("plan", "history", "walking", "--date", d(12))
    assert [(h["date"], h["decision"], h["target"], h["previous"]) for h in history] == [
        (d(0), "hold", 10, None),
        (d(7), "increase", 11, 10),
    ]
    human = ok("plan", "history", "walking", "--date", d(12)).stdout
    assert d(0) in human and d(7) in human
    # restored, it is planned again
    ok("activity", "archive", "walking", "--restore")
    assert numbers(walking(10))[:3] == (11, 11, "hold")


# --- --date and plan history ---------------------------------------------------------------------------


def test_a_past_date_gives_that_days_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    good_week()
    log(8, 11, 7)  # red on day 8 -> back to 10 on day 9
    set_now(monkeypatch, 10)
    assert next_doc()["date"] == d(10)
    past = next_doc("--date", d(3))
    assert past["date"] == d(3)
    assert numbers(past["activities"][0]) == (10, 10, "hold", "green")
    # day 8's own session (red) is not used by day 8's plan, only from day 9 on
    assert numbers(walking(8))[:3] == (11, 11, "hold")
    assert next_doc("--date", "yesterday")["date"] == d(9)
    assert numbers(next_doc("--date", "yesterday")["activities"][0])[:3] == (10, 11, "reduce")
    assert numbers(next_doc("--date", "-3d")["activities"][0])[:3] == (11, 10, "increase")  # day 7


def test_plan_history_lists_the_changes() -> None:
    good_week()
    log(8, 11, 7)
    history = read_json("plan", "history", "walking", "--date", d(12))
    assert [(h["date"], h["decision"], h["target"], h["previous"]) for h in history] == [
        (d(0), "hold", 10, None),  # starting quota: 0.8 x 12.5
        (d(7), "increase", 11, 10),  # a good week: max(11, round(11.0))
        (d(9), "reduce", 10, 11),  # red session on day 8: back to the previous Q
    ]
    for change in history:
        assert set(change) >= {"date", "decision", "target", "previous", "reasons"}
        assert change["reasons"] and all(isinstance(r, str) for r in change["reasons"])
    assert history[1]["reasons"][0].startswith("Moving up: 10 min -> 11 min (+1 min, +10%).")
    human = ok("plan", "history", "walking", "--date", d(12)).stdout
    assert d(7) in human and d(9) in human


def test_same_sessions_in_either_order_give_the_same_plan(tmp_path: Path) -> None:
    found = []
    for name, order in (("a", ("2", "3")), ("b", ("3", "2"))):
        db = str(tmp_path / f"{name}.db")
        ok("--db", db, "activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", d(0))  # Q = 8
        for n in range(3):
            ok("--db", db, "log", "walking", "8", "--pain-during", "1", "--at", d(n))
        for before in order:  # pain before 2: next morning 4 > 2 + 1, red; pain before 3: 4 <= 3 + 1, settled
            ok("--db", db, "log", "walking", "8", "--pain-before", before, "--pain-during", "2",
               "--pain-after", "3", "--at", d(3))  # fmt: skip
        ok("--db", db, "pain", "4", "--at", f"{d(4)} 08:00")
        found.append(read_json("--db", db, "next", "--date", d(4))["activities"][0]["target"])
    assert found[0] == found[1]  # actual: 8 and 7


def test_a_flare_under_a_red_flag_pause_does_not_say_the_amounts_go_on(isolated_db: Path) -> None:
    """During a flare with a group 1-2 red flag open, the activities are paused, yet the flare
    block said "amounts are 0.5 x the usual, not stopped" (a new-user review): it says the
    red flag's pause holds them instead."""
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "20")
    ok("flare", "start")
    ok("redflag", "check", "--yes", "leg-weakness")
    doc = read_json("next")
    assert doc["activities"][0]["decision"] == "pause"
    words = " ".join(doc["flare"]["reasons"])
    assert "not stopped" not in words and "paused while the red flag above is open" in words
