"""The decision order of clinical-rules "How `paceit next` decides", replayed on hand-built
histories (pacing.replay / plan_for), with the arithmetic written next to each case.

Rules version 2. Defaults: baseline from 3 sessions, Q0 = round(0.8 x T); +10 % (at least one unit,
at most +20 % or one unit, whatever a fixed step says) every 7 days when the gates hold: the window
is the sessions of the last 7 days from the last change, red-flag pause or return after a break on,
at least 3 of them, none red, on average >= 80 % of the quota done (each at most 100 %), R3 holding
(green, yellow and unrated sessions all count); red -> previous Q if lower, else round(0.9 x Q), never
below Q0 (at Q0: hold); gap of 14 days -> round(0.8 x Q) once; flare -> max(1 unit, round(0.5 x Q)),
then, from r = the first day after it, rebuild in 2 steps on r + 1 and r + 3 (spacing
ceil(4 / 2) = 2), holding in between; an open group-1/2 red flag pauses through the day of its
review. Rounding is half up to the unit's step, never below one step.
Every activity starts on D0, a Monday; `day(n)` is n days later. Sessions are logged at 17:00
with pain during 1 (green) unless said otherwise, and "T" is a given `--baseline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from paceit import flare
from paceit.pacing import DayPlan, History, Rules, increased, plan_for, replay
from paceit.records import ActivityRecord, DeclaredFlare, DiaryEntry, DiaryIndex, RedFlagRecord, SessionRecord
from paceit.units import round_to_step

D0 = date(2026, 1, 5)  # a Monday


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def iso(n: int) -> str:
    return day(n).isoformat()


def s(n: int, amount: float, during: int | None = 1, before: int | None = None, minute: int = 17 * 60) -> SessionRecord:
    return SessionRecord(day(n), minute, amount, pain_during=during, pain_before=before)


def m(n: int, pain: int, minute: int = 8 * 60, tick: bool = False) -> DiaryEntry:
    return DiaryEntry(day(n), minute, pain, tick)


def history(
    sessions: Sequence[SessionRecord] = (),
    diary: Sequence[DiaryEntry] = (),
    declared: Sequence[DeclaredFlare] = (),
    flags: Sequence[RedFlagRecord] = (),
    unit: str = "min",
    baseline: float | None = None,
    target: float | None = None,
    until: int = 60,
) -> History:
    index = DiaryIndex.build(diary)
    found = flare.scan(index, list(declared), day(until), flare.FlareRules())
    activity = ActivityRecord(1, "walking", unit, D0, baseline=baseline, target=target)
    return History(activity, list(sessions), index, found.episodes, found.flare_days, list(flags))


def days(h: History, until: int) -> list[DayPlan]:
    """The plans of days 0..until: index n is day(n)."""
    return replay(h, Rules(unit=h.activity.unit), day(until))


def targets(h: History, until: int) -> list[float | None]:
    return [p.target for p in days(h, until)]


def decisions(h: History, until: int) -> list[str]:
    return [p.decision for p in days(h, until)]


def green_days(first: int, last: int, amount: float) -> list[SessionRecord]:
    return [s(n, amount) for n in range(first, last + 1)]


# --- baseline ---------------------------------------------------------------------------------------


def test_baseline_phase_has_no_target_and_counts_sessions() -> None:
    h = history([s(0, 10), s(1, 12)])
    plans = days(h, 2)
    assert [p.target for p in plans] == [None, None, None]
    assert [p.decision for p in plans] == ["baseline"] * 3
    # a session of the day itself is counted in the words (as `log` counts it), not yet in the plan
    assert plans[0].reasons[0].startswith("Finding your baseline: 1 of 3 sessions done, 2 more needed:")
    assert plans[2].reasons[0].startswith("Finding your baseline: 2 of 3 sessions done, 1 more needed:")
    assert "before symptoms clearly rise" in plans[2].reasons[0]
    assert plans[0].zone is None and plans[2].zone == "green"


@pytest.mark.parametrize(
    ("amounts", "quota", "mean_text"),
    [
        ((10, 12, 14), 10, "12 min"),  # mean 12 -> 0.8 x 12 = 9.6 -> 10
        ((10, 11, 13), 9, "11.33 min"),  # mean 11.33 -> 9.07 -> 9
        ((5, 6, 5), 4, "5.33 min"),  # mean 5.33 -> 4.27 -> 4
        ((1, 1, 1), 1, "1 min"),  # 0.8 -> 1: never below one step
    ],
)
def test_the_starting_quota_is_0_8_times_the_mean_of_the_first_three(
    amounts: tuple[int, int, int], quota: int, mean_text: str
) -> None:
    h = history([s(n, a) for n, a in enumerate(amounts)])
    plan, previous = plan_for(h, Rules(unit="min"), day(3))
    assert plan.target == quota
    assert previous is None  # day 2 was still the baseline phase
    assert plan.decision == "hold"  # the rules name no decision for the first quota; paceit holds at it
    assert plan.reasons[0].startswith(f"Starting quota {quota} min: 0.8 x the mean of your first 3 sessions")
    assert f"= {mean_text}." in plan.reasons[0]


def test_the_starting_quota_rounds_once() -> None:
    # 1.06, 1.07 and 1.06 km: T = 3.19 / 3 = 1.0633; 0.8 x 1.0633 = 0.8507 -> 0.9 km. Rounding T first
    # (1.06 x 0.8 = 0.848 -> 0.8) took a step off the starting quota.
    h = history([s(0, 1.06), s(1, 1.07), s(2, 1.06)], unit="km")
    plan = plan_for(h, Rules(unit="km"), day(3))[0]
    assert plan.target == 0.9
    assert "= 1.06 km." in plan.reasons[0]  # T as shown, to two decimals


def test_only_the_first_three_sessions_set_the_baseline() -> None:
    # 10, 12, 14 and a 40 later on day 2: the first three by time give 10, as above
    h = history([s(0, 10), s(1, 12), s(2, 14), s(2, 40, minute=20 * 60)])
    assert plan_for(h, Rules(unit="min"), day(3))[0].target == 10


def test_the_starting_quota_in_km_rounds_to_a_tenth() -> None:
    # 1.0, 1.2, 1.3 km -> mean 1.1667 -> 0.8 x = 0.933 -> 0.9 km
    h = history([s(0, 1.0), s(1, 1.2), s(2, 1.3)], unit="km")
    assert plan_for(h, Rules(unit="km"), day(3))[0].target == 0.9


@pytest.mark.parametrize(
    ("baseline", "quota"),
    [
        (10, 8),  # 0.8 x 10 = 8
        (12.5, 10),  # 0.8 x 12.5 = 10
        (5.625, 5),  # 0.8 x 5.625 = 4.5 -> 5 (half up; Python's round() would say 4)
        (1, 1),  # 0.8 -> 1: never below one step
    ],
)
def test_a_given_baseline_starts_at_0_8_t_on_the_first_day(baseline: float, quota: int) -> None:
    plan, previous = plan_for(history(baseline=baseline), Rules(unit="min"), D0)
    assert (plan.target, plan.decision, previous) == (quota, "hold", None)
    assert "0.8 x the baseline of" in plan.reasons[0]


# --- increase ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "baseline", "quota", "increased"),
    [
        ("min", 12.5, 10, 11),  # Q = 10: max(10 + 1, round(11.0)) = 11
        ("min", 25, 20, 22),  # Q = 20: max(21, round(22.0)) = 22
        ("min", 6.25, 5, 6),  # Q = 5: max(6, round(5.5) = 6 half up) = 6 (both give 6)
        ("min", 1.25, 1, 2),  # Q = 1: max(2, round(1.1) = 1) = 2: one unit beats 10 %
        ("min", 18.75, 15, 17),  # Q = 15: max(16, round(16.5) = 17 half up) = 17 (round-half-even: 16)
        ("km", 2.5, 2.0, 2.2),  # Q = 2.0 km: max(2.1, 2.2) = 2.2
        ("steps", 1000, 800, 880),  # Q = 800 steps: max(810, 880) = 880
        ("kg", 12.5, 10, 11),  # Q = 10 kg: max(10.5, 11.0) = 11
        ("reps", 10, 8, 9),  # Q = 8 reps: max(9, round(8.8) = 9) = 9
    ],
)
def test_a_good_week_moves_up_ten_percent_or_one_unit(
    unit: str, baseline: float, quota: float, increased: float
) -> None:
    # Q from day 0; seven green sessions at Q on days 0..6; day 7 is the 7th day since the change
    h = history(green_days(0, 6, quota), unit=unit, baseline=baseline)
    plans = days(h, 7)
    assert [p.target for p in plans] == [quota] * 7 + [increased]
    assert [p.decision for p in plans[1:]] == ["hold"] * 6 + ["increase"]
    assert plans[6].reasons[0].startswith(f"Holding at {quota:g} {unit}: 6 of 7 days since the last change on {iso(0)}")
    assert plan_for(h, Rules(unit=unit), day(7))[1] == quota  # previous_target: day 6's target
    reason = plans[7].reasons[0]
    rise = round(increased - quota, 6)
    assert reason.startswith(
        f"Moving up: {quota:g} {unit} -> {increased:g} {unit} (+{rise:g} {unit}, +{rise / quota:.0%})."
    )  # the step actually taken (one unit can be more than 10 %)
    assert (
        f"7 days since the last change on {iso(0)}, 7 sessions in the last 7 days, none red, 100% of the quota done"
        in reason
    )


def test_the_increase_is_capped_at_the_goal_target() -> None:
    # Q = 10, target 10.5: min(11, 10.5) = 10.5; a week later it holds there
    h = history(green_days(0, 13, 10) + green_days(14, 20, 10.5), baseline=12.5, target=10.5)
    plans = days(h, 21)
    assert plans[7].target == 10.5 and plans[7].decision == "increase"
    assert plans[14].target == 10.5 and plans[14].decision == "hold"
    assert "you have reached your target of 10.5 min; keep it steady" in plans[14].reasons[0]
    assert plans[21].decision == "hold"


@pytest.mark.parametrize(
    ("unit", "mode", "step", "quota", "baseline", "expected"),
    [
        # a fixed --step 20 on Q = 4 min wants 4 + 20 = 24; capped at 4 x 1.2 = 4.8 -> 5 (one unit: 5 as well)
        ("min", "abs", 20, 4, None, 5),
        # --step 3 on Q = 1 min wants 4; the cap 1.2 rounds to 1, but one unit is more: max(1 + 1, 1) = 2
        ("min", "abs", 3, 1, None, 2),
        # --step 2 on Q = 20 min: 22 is +10 %, under the cap of 24 -> 22 as asked
        ("min", "abs", 2, 20, None, 22),
        # additive +20 % of T = 20 on Q = 16: wants 16 + 4 = 20 (+25 %); capped at 16 x 1.2 = 19.2 -> 19
        ("min", "add", 20, 16, 20, 19),
        # +20 % is the largest percentage and stays as it is: 10 x 1.2 = 12
        ("min", "pct", 20, 10, None, 12),
        # 2.0 km with --step 5 (km): wants 7.0; capped at 2.4 (0.1 km steps)
        ("km", "abs", 5, 2.0, None, 2.4),
        # 800 steps with --step 500: wants 1300; capped at 960 (10-step rounding: 960)
        ("steps", "abs", 500, 800, None, 960),
    ],
)
def test_an_increase_is_at_most_twenty_percent_or_one_unit(
    unit: str, mode: str, step: float, quota: float, baseline: float | None, expected: float
) -> None:
    assert increased(quota, Rules(unit=unit, step_mode=mode, step=step), baseline) == pytest.approx(expected)


def test_a_fixed_step_larger_than_twenty_percent_is_capped_in_the_replay() -> None:
    # T = 5 -> Q = 0.8 x 5 = 4 min; --step 20 (min); seven green sessions at 4 on days 0..6.
    # Day 7: max(round(4 + 1) = 5, round(min(4 + 20, 4 x 1.2 = 4.8)) = 5) = 5, not 24.
    rules = Rules(unit="min", step_mode="abs", step=20)
    plans = replay(history(green_days(0, 6, 4), baseline=5), rules, day(7))
    assert [p.target for p in plans] == [4] * 7 + [5]
    assert plans[7].decision == "increase"
    assert "Moving up: 4 min -> 5 min (+1 min, +25%)." in plans[7].reasons[0]


def test_gates_are_counted_from_the_last_change() -> None:
    # 10 -> 11 on day 7; the next increase needs 7 more days and 3 sessions at 11: day 14, 11 -> 12 (12.1 -> 12)
    h = history(green_days(0, 6, 10) + green_days(7, 13, 11), baseline=12.5)
    assert targets(h, 14) == [10] * 7 + [11] * 7 + [12]


# Each gate of rule 5 failing alone on day 7 (Q = 10 from T = 12.5) -> hold, naming the gate with its numbers.
GATE_CASES = {
    "too few sessions": (
        [s(0, 10), s(3, 10)],
        [],
        "Holding at 10 min: 2 sessions in the last 7 days, 3 needed.",
    ),
    "one session only (singular)": (
        [s(0, 10)],
        [],
        "Holding at 10 min: 1 session in the last 7 days, 3 needed.",
    ),
    "a red session that is not the latest": (
        # day 4: a red one at 09:00 (pain during 6 > 5, nothing known before it) and a green one at 17:00;
        # the latest is green, so rule 4 does not step back, but the window holds a red session
        [*green_days(0, 6, 10), s(4, 10, during=6, minute=9 * 60)],
        [],
        f"Holding at 10 min: a session in the red zone on {iso(4)}, less than 7 days ago.",
    ),
    "two red sessions that are not the latest (the later one is named)": (
        [*green_days(0, 6, 10), s(3, 10, during=6, minute=9 * 60), s(4, 10, during=7, minute=9 * 60)],
        [],
        f"Holding at 10 min: a session in the red zone on {iso(4)}, less than 7 days ago.",
    ),
    "under 80 % of the quota done": (
        # 7.9 / 10 = 79 % < 80 %
        green_days(0, 6, 7.9),
        [],
        "Holding at 10 min: on average 79% of the quota done, 80% needed.",
    ),
    "under 80 % done once each session counts at most 100 %": (
        # 11.5 min on days 0, 2, 4 and 6 min on days 1, 3, 5, 6. Uncapped: (3 x 1.15 + 4 x 0.6) / 7 = 5.85 / 7
        # = 83.6 % (would pass). Capped: (3 x 1.0 + 4 x 0.6) / 7 = 5.4 / 7 = 77.1 % -> 77 % < 80 %.
        # No boom (11.5 < 1.2 x 10 = 12), no bust (6 > 0.5 x 10 = 5), all green.
        [s(n, 11.5 if n in (0, 2, 4) else 6) for n in range(7)],
        [],
        "Holding at 10 min: on average 77% of the quota done, 80% needed.",
    ),
    "morning pain rising (R3)": (
        # mornings 3 on days -13..0 (the 14 days before this week), then 4, 5, 4, 5, 4, 5, 4 on days 1..7:
        # 31 / 7 = 4.43 > 3.0 + 1.0. No flare: never two 5s (B + 2, a clear rise with s = 0) in a row, and
        # the 4s break every run of days at >= B + 2. Sessions on days 0..2 (3, the fewest needed); the
        # next mornings (3, 4, 5) are not a clear rise above U 3 after sessions that did not raise pain.
        green_days(0, 2, 10),
        [*(m(n, 3) for n in range(-13, 1)), *(m(n + 1, p) for n, p in enumerate((4, 5, 4, 5, 4, 5, 4)))],
        "Holding at 10 min: your morning pain has been rising: 4.4 on average this week against 3.0 in the two "
        "weeks before, more than 1 point higher.",
    ),
    "a boom-bust pattern": (
        # 12 (>= 1.2 x 10), 5 (<= 0.5 x 10), 12, 5: two cycles; then 10, 10, 10. Done: (1.2 + 0.5) x 2 + 3 = 6.4 / 7
        # = 91 %; all green
        [s(0, 12), s(1, 5), s(2, 12), s(3, 5), *green_days(4, 6, 10)],
        [],
        f"Holding at 10 min: a boom-bust pattern on {iso(7)}: 2 boom-bust cycles (a big session, then a setback "
        "within 2 days) in the last 28 days.",
    ),
}


@pytest.mark.parametrize("case", GATE_CASES)
def test_each_gate_failing_holds_and_names_it(case: str) -> None:
    sessions, diary, reason = GATE_CASES[case]
    plan, previous = plan_for(history(sessions, diary, baseline=12.5), Rules(unit="min"), day(7))
    assert (plan.target, plan.decision, previous) == (10, "hold", 10)
    assert plan.reasons[0] == reason
    assert plan.reasons[1] == f"Quota last changed on {iso(0)}: starting quota."


def test_yellow_sessions_count_toward_an_increase_like_green_ones() -> None:
    # version 1 needed 70 % green; pain during 4 with nothing known before it is yellow (a rise within 5)
    sessions = [s(n, 10, during=4) for n in range(7)]
    plan = plan_for(history(sessions, baseline=12.5), Rules(unit="min"), day(7))[0]
    assert (plan.target, plan.decision, plan.zone) == (11, "increase", "yellow")


def test_the_done_share_boundary_is_inclusive() -> None:
    # 8 / 10 = 80 % -> increase
    assert plan_for(history(green_days(0, 6, 8), baseline=12.5), Rules(unit="min"), day(7))[0].target == 11


def test_a_quota_done_in_two_sessions_on_one_day_is_a_quota_done() -> None:
    # Q 10: 5 min at 09:00 and 5 min at 17:00 on days 0..6. Per session that is 50 %, per day 100 %.
    sessions = [*green_days(0, 6, 5), *(s(n, 5, minute=9 * 60) for n in range(7))]
    plan = plan_for(history(sessions, baseline=12.5), Rules(unit="min"), day(7))[0]
    assert (plan.target, plan.decision) == (11, "increase")
    assert "14 sessions in the last 7 days, none red, 100% of the quota done on average" in plan.reasons[0]


def test_sessions_without_pain_during_count_and_the_reasons_ask_for_it() -> None:
    # 7 sessions at 10 without pain during: acceptable on what is known (version 1 never moved them up)
    plan = plan_for(history([s(n, 10, during=None) for n in range(7)], baseline=12.5), Rules(unit="min"), day(7))[0]
    assert (plan.target, plan.decision) == (11, "increase")
    held = plan_for(history([s(n, 10, during=None) for n in range(3, 7)], baseline=12.5), Rules(unit="min"), day(6))
    assert held[0].decision == "hold"
    assert (
        "3 recent sessions without pain during: they count, judged on what is known; log pain during "
        "(--pain-during) so paceit can tell how they went." in held[0].reasons
    )


def test_the_window_slides_while_the_quota_holds() -> None:
    # Version 1 counted every session since the last change, so an old red session kept the gate shut for
    # good. A red session on day 1 at 09:00 (pain during 6) beside green ones on days 0..13 at 17:00 (the
    # latest of a day is green, so no step back). Day 7: the window (days 0..6) holds it -> hold. Day 8:
    # the window is days 1..7 -> hold. Day 9: days 2..8, no red, 7 sessions -> 10 -> 11.
    sessions = [*green_days(0, 13, 10), s(1, 10, during=6, minute=9 * 60)]
    plans = days(history(sessions, baseline=12.5), 9)
    assert [p.decision for p in plans[7:10]] == ["hold", "hold", "increase"]
    assert plans[9].target == 11
    assert f"a session in the red zone on {iso(1)}" in plans[8].reasons[0]
    assert "7 sessions in the last 7 days" in plans[9].reasons[0]


def test_sessions_above_the_quota_count_as_100_percent_done() -> None:
    # seven green sessions of 11.5 at Q = 10: min(1, 1.15) = 1 each -> 100 %, not 115 %; 10 -> 11
    plan = plan_for(history(green_days(0, 6, 11.5), baseline=12.5), Rules(unit="min"), day(7))[0]
    assert (plan.target, plan.decision) == (11, "increase")
    assert "7 sessions in the last 7 days, none red, 100% of the quota done on average" in plan.reasons[0]


def test_a_big_session_adds_stop_at_the_quota() -> None:
    # 12 >= 1.2 x 10 on day 5
    h = history([*green_days(0, 4, 10), s(5, 12)], baseline=12.5)
    plan = plan_for(h, Rules(unit="min"), day(6))[0]
    assert (
        f"Stop at the quota even on good days: on {iso(5)} you did 12 min, at least 1.2 x that day's quota."
        in plan.reasons
    )


# --- red ------------------------------------------------------------------------------------------


def test_a_red_session_at_the_starting_quota_holds_there_and_says_so() -> None:
    # Q0 = 10; pain during 7 > 5 on day 2. Version 1 stepped back to 9 and then 8 on every red session:
    # Q0 is the amount meant for a bad day, the floor of a step back.
    h = history([s(0, 10), s(1, 10), s(2, 10, during=7), s(3, 10, during=8)], baseline=12.5)
    plans = days(h, 5)
    assert [p.target for p in plans] == [10] * 6
    assert (plans[3].decision, plans[3].zone, plans[3].changed) == ("hold", "red", False)
    assert plans[3].reasons[0] == (
        f"Holding at 10 min: your session on {iso(2)} was in the red zone (pain during was 7, above the ceiling "
        "of 5). A step back never goes below your starting amount of 10 min, the amount meant for a bad day."
    )
    assert plans[4].reasons[0].startswith(f"Holding at 10 min: your session on {iso(3)} was in the red zone")


def red_after_two_increases(*reds: int) -> History:
    """Q0 10 -> 11 (day 7) -> 12 (day 14), green sessions on days 0..13; red ones (pain during 6) on `reds`."""
    sessions = [*green_days(0, 6, 10), *green_days(7, 13, 11)]
    return history([*sessions, *(s(n, 12, during=6) for n in reds)], baseline=12.5)


def test_a_red_session_after_an_increase_returns_to_the_previous_quota() -> None:
    # 11 -> 12 on day 14; red on day 14 -> day 15: back to 11 (the previous Q, lower than 12)
    plans = days(red_after_two_increases(14), 15)
    assert [p.target for p in plans[13:16]] == [11, 12, 11]
    assert (plans[15].decision, plans[15].cause) == ("reduce", "red:R1")
    assert "Today's amount is back to your previous quota: 12 min -> 11 min." in plans[15].reasons[0]


def test_a_second_red_session_steps_back_ten_percent_but_not_below_the_starting_quota() -> None:
    # day 15: 12 -> 11 (previous); red again on day 15 -> day 16: the previous (12) is higher, so
    # round(0.9 x 11) = round(9.9) = 10 = Q0; red again on day 16 -> day 17: at Q0, hold
    plans = days(red_after_two_increases(14, 15, 16), 17)
    assert [p.target for p in plans[14:18]] == [12, 11, 10, 10]
    assert [p.decision for p in plans[15:18]] == ["reduce", "reduce", "hold"]
    assert "Today's amount is 0.9 x the quota: 11 min -> 10 min." in plans[16].reasons[0]
    assert "never goes below your starting amount of 10 min" in plans[17].reasons[0]


def test_a_step_back_stops_at_the_starting_quota_when_ten_percent_would_go_below() -> None:
    # Q0 = 20 (T = 25) -> 22 on day 7; a red session on day 7 -> back to 20 (previous); another on day 8:
    # round(0.9 x 20) = 18 < Q0 20 -> hold at 20
    sessions = [*green_days(0, 6, 20), s(7, 22, during=6), s(8, 20, during=6)]
    plans = days(history(sessions, baseline=25), 9)
    assert [p.target for p in plans[6:10]] == [20, 22, 20, 20]
    assert plans[9].decision == "hold"


def test_a_red_session_never_goes_below_one_unit() -> None:
    # T = 1.25 -> Q = 1 = Q0: a red session holds at 1
    h = history([s(0, 1, during=9)], baseline=1.25)
    plan = days(h, 1)[1]
    assert (plan.target, plan.decision, plan.zone) == (1, "hold", "red")


MORNINGS_3 = [m(n, 3) for n in range(-13, 10)]  # usual pain 3, swing 0: a clear rise is 2 points


def test_pain_not_settled_next_morning_is_red() -> None:
    # Q 10 -> 11 on day 7. Day 8: the session raised pain (during 4 > morning 3); the next morning (day 9)
    # is 5 = U 3 + 2, a clear rise -> red (R2) -> day 9 back to 10. The plan of day 9 sees day 9's diary.
    diary = [*(e for e in MORNINGS_3 if e.day != day(9)), m(9, 5)]
    h = history([*green_days(0, 6, 10), s(8, 11, during=4)], diary, baseline=12.5)
    plans = days(h, 9)
    assert (plans[9].target, plans[9].decision, plans[9].zone, plans[9].cause) == (10, "reduce", "red", "red:R2")
    assert (
        "the next morning's pain was 5, 2 above your usual 3; a rise of 2 or more after a session that raised "
        "your pain counts as not settled" in plans[9].reasons[0]
    )


def test_a_bad_morning_after_a_session_that_did_not_raise_pain_does_not_step_back() -> None:
    diary = [*(e for e in MORNINGS_3 if e.day != day(9)), m(9, 7)]
    h = history([*green_days(0, 6, 10), s(8, 11, during=3)], diary, baseline=12.5)
    plan = days(h, 9)[9]
    assert (plan.target, plan.decision, plan.zone) == (11, "hold", "green")
    assert any("did not raise your pain, so it is not held against it" in r for r in plan.reasons)


def test_one_point_above_usual_the_next_morning_is_not_red() -> None:
    # version 1 allowed +1 over the morning before the session; now a clear rise (2 here) is needed
    diary = [*(e for e in MORNINGS_3 if e.day != day(9)), m(9, 4)]
    h = history([*green_days(0, 6, 10), s(8, 11, during=4)], diary, baseline=12.5)
    assert (days(h, 9)[9].target, days(h, 9)[9].zone) == (11, "yellow")


def bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def test_zone_notes_in_the_reasons_hold_one_level_of_brackets() -> None:
    # day 8's session: pain after 7 above 5 and a clear rise the next morning (day 9: 6 >= 3 + 2) -> red
    # through R1 and R2; day 9's session: pain during not logged; day 10's: U unknown for none, a bad
    # morning after a session that did not raise pain
    diary = [*(e for e in MORNINGS_3 if e.day not in (day(9), day(11))), m(9, 6), m(11, 8)]
    sessions = [
        *green_days(0, 6, 10),
        SessionRecord(day(8), 17 * 60, 11, 1, 7),
        s(9, 10, during=None),
        s(10, 10, during=2),
    ]
    plans = days(history(sessions, diary, baseline=12.5), 11)
    reasons = [r for p in plans[8:] for r in p.reasons]
    assert any(
        "red zone (pain after was 7, above the ceiling of 5; the next morning's pain was 6, 3 above your usual 3; "
        "a rise of 2 or more after a session that raised your pain counts as not settled)" in r
        for r in reasons
    ), reasons
    assert any("pain during not logged: counted as acceptable on what is known" in r for r in reasons)
    assert any("did not raise your pain, so it is not held against it" in r for r in reasons)
    assert all(bracket_depth(r) <= 1 for r in reasons), [r for r in reasons if bracket_depth(r) > 1]


def test_pain_not_settled_falls_back_to_pain_before() -> None:
    # no morning entries: pain before 2 (the session's own), during 3 (raised); the next morning 4 >= 2 + 2
    # -> red through R2; Q = Q0 = 10, so it holds there
    h = history([s(0, 10), s(2, 10, during=3, before=2)], [m(3, 4)], baseline=12.5)
    plan = days(h, 3)[3]
    assert (plan.target, plan.decision, plan.zone) == (10, "hold", "red")
    assert "as your usual pain is not known yet" in plan.reasons[0]


# --- gap ------------------------------------------------------------------------------------------


def gap_history() -> History:
    # Q 10, six green sessions on days 0..5, 10 -> 11 on day 7, then nothing after day 5
    return history(green_days(0, 5, 10), baseline=12.5)


def test_a_gap_of_fourteen_days_reduces_once_with_a_welcome() -> None:
    plans = days(gap_history(), 40)
    # the last session was on day 5; day 19 is 14 days later: round(0.8 x 11) = round(8.8) = 9
    assert [p.target for p in plans[17:21]] == [11, 11, 9, 9]
    assert plans[19].decision == "reduce"
    assert plans[19].reasons[0] == (
        f"Welcome back. Your last session was on {iso(5)}, 14 days ago, so your amount is 0.8 x your quota "
        "(11 min -> 9 min). It will build up again by the usual rule from your first session back."
    )
    # once per gap: still no session on day 40 (35 days), still 9; the welcome stands while the person is away
    assert {p.target for p in plans[19:]} == {9}
    assert [p.decision for p in plans[20:]] == ["reduce"] * 21
    assert not any(p.changed for p in plans[20:])
    assert plans[40].reasons[0].startswith(f"Welcome back. Your last session was on {iso(5)}, 35 days ago")


def test_after_the_gap_the_quota_builds_up_by_the_usual_rule() -> None:
    # Back on day 22 at 9 min. The 7-day clock restarts on every day away, the last being day 22 (its plan
    # still sees no session after the gap): day 29 is 7 days later, with 7 sessions (days 22..28) -> 9 -> 10
    # (max(10, round(9.9) = 10)).
    h = history(green_days(0, 5, 10) + green_days(22, 28, 9), baseline=12.5)
    assert targets(h, 30)[19:] == [9] * 10 + [10, 10]
    assert decisions(h, 29)[29] == "increase"
    plans = days(h, 29)
    # the return restarts the clock without counting as a change of the quota (that was the reduction, day 19)
    assert plans[23].reasons[:2] == (
        f"Holding at 9 min: 1 of 7 days since your return after the break on {iso(22)}; 1 session since then, "
        "3 needed.",
        f"Quota last changed on {iso(19)}: a 14-day break since {iso(5)}.",
    )
    assert f"7 days since your return after the break on {iso(22)}, 7 sessions" in plans[29].reasons[0]


def test_a_second_gap_reduces_again() -> None:
    # sessions on days 22..24 at 9 end the first gap; day 29 (7 days after day 22, 3 sessions): 9 -> 10.
    # The next gap reaches 14 days on day 38 (24 + 14): round(0.8 x 10) = 8
    h = history(green_days(0, 5, 10) + green_days(22, 24, 9), baseline=12.5)
    plans = days(h, 38)
    assert (plans[28].target, plans[29].target) == (9, 10)
    assert (plans[37].target, plans[38].target, plans[38].decision) == (10, 8, "reduce")


def test_the_welcome_is_there_on_the_first_day_back() -> None:
    h = history([*green_days(0, 5, 10), s(22, 9)], baseline=12.5)
    plan = days(h, 22)[22]
    assert plan.target == 9
    assert plan.decision == "reduce"
    assert plan.reasons[0].startswith("Welcome back.")


# --- flare ----------------------------------------------------------------------------------------


def flare_history(sessions: Sequence[SessionRecord] | None = None) -> History:
    # Q 10 -> 11 on day 7 (green sessions 0..6 by default); a declared flare on days 9..12
    sessions = green_days(0, 6, 10) if sessions is None else sessions
    return history(sessions, declared=[DeclaredFlare(day(9), day(12))], baseline=12.5)


def test_a_flare_halves_the_quota_and_then_rebuilds_in_two_steps() -> None:
    plans = days(flare_history(), 22)
    # day 9: max(1, round(0.5 x 11)) = round(5.5) = 6, held on days 10..12.
    # After the flare: r = day 13, the first day after it; spacing = ceil(4 days / 2 steps) = 2;
    # step = (11 - 6) / 2 = 2.5. Step 1 on r + spacing - 1 = day 14: 6 + 2.5 = 8.5 -> 9;
    # step 2 on day 14 + 2 = day 16 (the 4th day after the flare): 11, the pre-flare quota.
    # Day 13 (r) and day 15 hold, naming the day the next step is due.
    assert [p.target for p in plans[7:18]] == [11, 11, 6, 6, 6, 6, 6, 9, 9, 11, 11]
    assert [p.decision for p in plans[9:18]] == ["reduce"] * 4 + ["hold", "increase", "hold", "increase", "hold"]
    assert [p.changed for p in plans[13:18]] == [False, True, False, True, False]
    assert plans[9].reasons[0] == (
        f"A flare began on {iso(9)} (declared by you): today's amount is 0.5 x your usual 11 min, held until it "
        "settles. Smaller, not nothing."
    )
    assert plans[10].reasons[0].startswith(f"Flare since {iso(9)} (declared by you): holding at 6 min")
    # a declared flare ends when the person says so, not on calm days
    assert plans[10].reasons[1] == (
        "It ends when you run 'paceit flare end'; then the amount rebuilds in 2 steps over at least 4 days."
    )
    assert plans[13].reasons[0] == (
        f"Rebuilding after the flare: holding at 6 min on the way back to 11 min; the next step is due on {iso(14)}."
    )
    assert plans[14].reasons[0] == (
        "Rebuilding after the flare, step 1 of 2: 6 min -> 9 min, toward your pre-flare 11 min."
    )
    assert plans[15].reasons[0] == (
        f"Rebuilding after the flare: holding at 9 min on the way back to 11 min; the next step is due on {iso(16)}."
    )
    assert plans[16].reasons[0] == (
        "Rebuilding after the flare, step 2 of 2: 9 min -> 11 min, toward your pre-flare 11 min."
    )
    # then progress as normal: 7 days after the last rebuild step (day 16 + 7 = day 23), with seven green
    # sessions at 11 on days 16..22 -> max(12, round(12.1) = 12) = 12
    later = days(flare_history(sessions=green_days(0, 6, 10) + green_days(16, 22, 11)), 23)
    assert (later[22].target, later[22].decision) == (11, "hold")
    assert (later[23].target, later[23].decision) == (12, "increase")
    assert f"7 days since the last change on {iso(16)}, 7 sessions in the last 7 days, none red" in later[23].reasons[0]


def test_a_due_rebuild_step_waits_while_morning_pain_is_rising() -> None:
    # Mornings of 2 on days -13..8, then 4, 3, 4, 3, 4 on days 10..14 (never two days at >= B + 2 = 4 in
    # a row: no pain-defined flare) and 0, 1, 1 on days 15..17. Q 10 -> 11 on day 7, halved to 6 by the
    # declared flare of days 9..12; the first rebuild step is due on day 14.
    # R3 on day 14: this week (days 8..14) 2, 4, 3, 4, 3, 4 -> 20 / 6 = 3.33 > 2.0 (days -6..7) + 1 -> waits.
    # Day 15: days 9..15: 4, 3, 4, 3, 4, 0 -> 3.0 <= 2.0 + 1 -> step 1: 6 + 2.5 -> 9, the next 2 days later.
    # Day 17: days 11..17 -> 16 / 7 = 2.29 <= (days -3..10: 26 / 12 = 2.17) + 1 -> 11.
    diary = [*(m(n, 2) for n in range(-13, 9)), *(m(n + 10, p) for n, p in enumerate((4, 3, 4, 3, 4, 0, 1, 1)))]
    h = history(green_days(0, 6, 10), diary, declared=[DeclaredFlare(day(9), day(12))], baseline=12.5)
    plans = days(h, 18)
    assert [p.target for p in plans[13:19]] == [6, 6, 9, 9, 11, 11]
    assert [p.decision for p in plans[13:19]] == ["hold", "hold", "increase", "hold", "increase", "hold"]
    assert plans[13].reasons[0].endswith(f"the next step is due on {iso(14)}.")
    assert plans[14].reasons[0] == (
        "Rebuilding after the flare: holding at 6 min on the way back to 11 min; the next step waits: your "
        "morning pain has been rising: 3.3 on average this week against 2.0 in the two weeks before, more than "
        "1 point higher."
    )
    assert plans[15].reasons[0].startswith("Rebuilding after the flare, step 1 of 2: 6 min -> 9 min")
    assert plans[16].reasons[0].endswith(f"the next step is due on {iso(17)}.")
    assert plans[17].reasons[0].startswith("Rebuilding after the flare, step 2 of 2: 9 min -> 11 min")


def test_a_red_session_during_the_rebuild_holds_below_the_starting_quota_and_says_why() -> None:
    # Q0 10 -> 11 on day 7; the declared flare of days 9..12 halves it to 6; rebuild step 1 on day 14: 9,
    # under Q0. A red session on day 14 (pain during 6 > 5): the previous quota (6) is lower, but a step
    # back never goes below Q0, nor raises the quota: it holds at 9 on day 15. Day 15's green session
    # ends that; step 2 lands on day 16 as planned.
    sessions = [*green_days(0, 6, 10), s(14, 9, during=6), s(15, 9)]
    plans = days(flare_history(sessions), 16)
    assert [p.target for p in plans[14:17]] == [9, 9, 11]
    assert [p.decision for p in plans[14:17]] == ["increase", "hold", "increase"]
    assert plans[15].reasons[0].endswith(
        "Today's amount is already below your starting amount of 10 min, and a step back goes no lower."
    )


def test_a_flare_never_goes_below_one_unit() -> None:
    # T = 1.25 -> Q = 1; 0.5 x 1 = 0.5 -> 1
    h = history(declared=[DeclaredFlare(day(2), day(3))], baseline=1.25)
    assert targets(h, 5) == [1, 1, 1, 1, 1, 1]
    assert decisions(h, 3)[2:] == ["reduce", "reduce"]


def test_a_pain_defined_flare_acts_from_its_second_day() -> None:
    # mornings of 3 on days -7..8 (B = 3); 6 on days 9 and 10 (>= 3 + 2): the episode is known on day 10.
    # No session on day 8, so day 9's high morning does not turn a session red (R2).
    diary = [*(m(n, 3) for n in range(-7, 9)), m(9, 6), m(10, 6)]
    h = history(green_days(0, 6, 10), diary, baseline=12.5)
    plans = days(h, 10)
    assert (plans[9].target, plans[9].decision) == (11, "hold")
    assert (plans[10].target, plans[10].decision) == (6, "reduce")
    assert "(your pain has been well above your usual)" in plans[10].reasons[0]


def test_a_ticked_flare_acts_on_the_same_day() -> None:
    h = history(green_days(0, 6, 10), [m(9, 4, tick=True)], baseline=12.5)
    plan, previous = plan_for(h, Rules(unit="min"), day(9))
    assert (plan.target, plan.decision, previous) == (6, "reduce", 11)
    assert "(you marked it in your diary)" in plan.reasons[0]
    assert plan.reasons[1] == (
        "It ends after 2 calmer days in a row (or 'paceit flare end'); then the amount rebuilds in 2 steps over at "
        "least 4 days."
    )


def test_the_day_a_declared_flare_ends_says_so_and_names_no_command() -> None:
    """The end day is the last reduced day: its reasons say the rebuild starts tomorrow
    (decisions and targets as before), and never ask to run 'paceit flare end' again."""
    h = history(green_days(0, 6, 10), declared=[DeclaredFlare(day(9), day(11))], baseline=12.5)
    plans = days(h, 12)
    assert [(p.target, p.decision) for p in plans[9:]] == [(6, "reduce"), (6, "reduce"), (6, "reduce"), (6, "hold")]
    assert plans[10].reasons[1].startswith("It ends when you run 'paceit flare end'")  # as known that day
    assert plans[11].reasons[1] == (
        "The flare ends today (the last reduced day); the amount rebuilds from tomorrow in 2 steps over at least "
        "4 days."
    )
    assert not any("paceit flare end" in r for r in plans[11].reasons)


def test_a_diary_flare_ended_by_a_declaration_says_it_ends_that_day() -> None:
    # ticked on day 9 (an episode at once), declared on day 10 and ended on day 11: the end is the
    # declaration's, known on day 11; a flare that ends by calm days is only seen to end days later.
    declared = [DeclaredFlare(day(10), day(11))]
    h = history(green_days(0, 6, 10), [m(9, 4, tick=True)], declared, baseline=12.5)
    plans = days(h, 11)
    assert "(you marked it in your diary)" in plans[11].reasons[0]
    assert plans[10].reasons[1].startswith("It ends when you run 'paceit flare end'")
    assert plans[11].reasons[1].startswith("The flare ends today (the last reduced day)")


def test_a_flare_beats_a_red_session() -> None:
    # red session on day 8 and a flare from day 9: the flare rule (2) comes before the red rule (4)
    h = flare_history(sessions=[*green_days(0, 6, 10), s(8, 11, during=8)])
    assert (days(h, 9)[9].target, days(h, 9)[9].decision) == (6, "reduce")


def test_a_flare_in_the_baseline_phase_keeps_finding_the_baseline() -> None:
    h = history([s(0, 10), s(1, 12), s(2, 14)], declared=[DeclaredFlare(day(3), day(4))])
    plans = days(h, 5)
    assert [p.target for p in plans] == [None] * 5 + [10]
    assert f"A flare is on since {iso(3)}" in plans[3].reasons[1]


def test_a_red_session_during_the_flare_does_not_cancel_the_rebuild() -> None:
    # flare days 9..12 (Q 11 -> 6); sessions at 6 on days 10 and 11, the one on day 11 with pain during 6
    # (a flare is a time of more pain). Rules: after the flare, hold at 6 on day 13, rebuild 6 -> 9 (day 14),
    # hold on day 15, -> 11 (day 16). Were the red session counted: round(0.9 x 6) = 5 from day 13.
    h = flare_history(sessions=[*green_days(0, 6, 10), s(10, 6), s(11, 6, during=6)])
    assert targets(h, 16)[13:] == [6, 9, 9, 11]
    assert decisions(h, 16)[13:] == ["hold", "increase", "hold", "increase"]


def test_declaring_a_flare_already_ticked_in_the_diary_does_not_halve_twice() -> None:
    diary = [*(m(n, 3) for n in range(0, 9)), m(9, 6, tick=True), *(m(n, 3) for n in range(10, 20))]
    h = history(green_days(0, 6, 10), diary, declared=[DeclaredFlare(day(10), day(12))], baseline=12.5)
    plans = days(h, 16)
    # one episode, days 9..12 (ticked on 9, declared 10..12): 11 -> round(0.5 x 11) = 6 once, not 3
    assert [p.target for p in plans[9:13]] == [6, 6, 6, 6]
    # rebuild from r = day 13: hold 6, day 14: 6 + 2.5 = 8.5 -> 9, hold, day 16: the pre-flare 11
    assert [p.target for p in plans[13:17]] == [6, 9, 9, 11]
    assert plans[16].decision == "increase"


def test_a_given_baseline_during_a_flare_starts_halved() -> None:
    # T = 10 -> Q0 = 8; a flare is on from day 0: max(1, round(0.5 x 8)) = 4 from the first day
    h = history(declared=[DeclaredFlare(day(0), day(3))], baseline=10)
    plan = days(h, 0)[0]
    assert (plan.target, plan.decision) == (4, "reduce")  # actual: (8, "hold")


# --- red flags ------------------------------------------------------------------------------------


def test_an_open_red_flag_pauses_and_clearing_resumes_at_the_same_quota() -> None:
    # fever (group 2) ticked on day 3, cleared after review on day 5: paused on days 3, 4 and 5 (the day of the
    # review still shows the pause), resumed on day 6; Q 10 all along
    h = history(green_days(0, 6, 10), flags=[RedFlagRecord("fever", 2, day(3), day(5), 1)], baseline=12.5)
    plans = days(h, 7)
    assert [p.target for p in plans] == [10, 10, 10, None, None, None, 10, 10]
    assert [p.decision for p in plans] == ["hold"] * 3 + ["pause"] * 3 + ["hold"] * 2
    assert plans[3].reasons[0] == (
        f"Paused: fever, chills, sweats or feeling very unwell with new or worse pain (ticked {iso(3)}). "
        "Contact a doctor today."
    )
    assert any("paceit redflag clear 1 --reviewed" in r for r in plans[3].reasons)
    assert plan_for(h, Rules(unit="min"), day(3))[1] == 10  # previous_target: the day before's
    assert plan_for(h, Rules(unit="min"), day(5))[1] is None  # the day before was paused
    assert plan_for(h, Rules(unit="min"), day(6))[1] is None  # the day of the review was paused too
    # the pause restarts the increase clock from its last day (day 5), the quota unchanged: on day 6 one day
    # has passed, and the window (sessions dated day 5 or later, before day 6) holds day 5's session
    assert plans[6].reasons[0] == (
        f"Holding at 10 min: 1 of 7 days since the red-flag pause on {iso(5)}; 1 session since then, 3 needed."
    )
    assert plans[6].reasons[1] == f"Quota last changed on {iso(0)}: starting quota."
    assert not any(p.changed for p in plans[1:])  # after day 0's starting quota: the pause changes no quota


def test_an_emergency_red_flag_pauses_even_a_flare_and_the_baseline_phase() -> None:
    flags = [RedFlagRecord("chest-pain", 1, day(1))]
    h = history([s(0, 10)], declared=[DeclaredFlare(day(0))], flags=flags)
    plans = days(h, 4)
    assert [p.decision for p in plans] == ["baseline"] + ["pause"] * 4
    assert "Call emergency services or go to A&E now." in plans[1].reasons[0]


def test_a_group_three_red_flag_does_not_pause() -> None:
    h = history(green_days(0, 6, 10), flags=[RedFlagRecord("night-pain", 3, day(3))], baseline=12.5)
    assert targets(h, 7) == [10] * 7 + [11]


def test_the_plan_resumes_at_the_same_quota_after_a_review() -> None:
    # five green sessions on days 0..4, fever ticked on day 5, cleared on day 9: days 5..9 are paused (the day of
    # the review included). Day 10 is 10 days after the last change with 5 green sessions, which would move up
    # without the pause; the pause restarted the gates' clock on day 9 instead.
    h = history(green_days(0, 4, 10), flags=[RedFlagRecord("fever", 2, day(5), day(9), 1)], baseline=12.5)
    plans = days(h, 10)
    assert [p.decision for p in plans[5:10]] == ["pause"] * 5
    assert (plans[10].target, plans[10].decision) == (10, "hold")
    assert plans[10].reasons[0] == (
        f"Holding at 10 min: 1 of 7 days since the red-flag pause on {iso(9)}; 0 sessions since then, 3 needed."
    )


def test_after_a_pause_the_gates_count_from_the_pause() -> None:
    # as above, then green sessions at 10 on days 10..15: day 16 is 7 days after the pause's last day (9) with
    # 6 sessions since it -> max(11, round(11.0)) = 11
    h = history(
        [*green_days(0, 4, 10), *green_days(10, 15, 10)],
        flags=[RedFlagRecord("fever", 2, day(5), day(9), 1)],
        baseline=12.5,
    )
    plans = days(h, 16)
    assert [p.target for p in plans[10:17]] == [10] * 6 + [11]
    assert plans[15].reasons[0] == f"Holding at 10 min: 6 of 7 days since the red-flag pause on {iso(9)}."
    moving = plans[16].reasons[0]
    assert moving.startswith(
        f"Moving up: 10 min -> 11 min (+1 min, +10%). 7 days since the red-flag pause on {iso(9)}, "
    )
    assert "6 sessions in the last 7 days, none red, 100% of the quota done" in moving


def test_a_flag_ticked_and_cleared_on_the_same_day_pauses_that_day() -> None:
    h = history(green_days(0, 6, 10), flags=[RedFlagRecord("fever", 2, day(4), day(4), 1)], baseline=12.5)
    assert decisions(h, 5)[3:] == ["hold", "pause", "hold"]
    assert targets(h, 5)[3:] == [10, None, 10]


# --- rounding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (4.5, "min", 5),  # half up, not Python's round-half-even 4
        (4.49, "min", 4),
        (0.4, "min", 1),  # never below one step
        (5.5, "reps", 6),
        (15, "steps", 20),  # steps round to 10
        (14, "steps", 10),
        (0.25, "km", 0.3),  # 0.1 km
        (0.04, "km", 0.1),
        (2.25, "kg", 2.5),  # 0.5 kg: 4.5 half-steps -> 5
        (2.2, "kg", 2.0),
    ],
)
def test_rounding_is_half_up_to_the_natural_step(value: float, unit: str, expected: float) -> None:
    assert round_to_step(value, unit) == pytest.approx(expected)


def test_previous_target_is_the_day_befores_target() -> None:
    h = history(green_days(0, 6, 10), baseline=12.5)
    plans = days(h, 8)
    for n in range(1, 9):
        assert plan_for(h, Rules(unit="min"), day(n))[1] == plans[n - 1].target
    assert plan_for(h, Rules(unit="min"), day(0))[1] is None
