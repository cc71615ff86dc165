"""The decision order of clinical-rules "How `paceit next` decides", replayed on hand-built
histories (pacing.replay / plan_for), with the arithmetic written next to each case.

Defaults: baseline from 3 sessions, Q0 = round(0.8 x T); +10 % (at least one unit) every 7
days when the gates hold; red -> previous Q if lower, else round(0.9 x Q); gap of 14 days ->
round(0.8 x Q) once; flare -> max(1 unit, round(0.5 x Q)), then rebuild in 2 steps; an open
group-1/2 red flag pauses. Rounding is half up to the unit's step, never below one step.
Every activity starts on D0, a Monday; `day(n)` is n days later. Sessions are logged at 17:00
with pain during 1 (green) unless said otherwise, and "T" is a given `--baseline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from paceit import flare
from paceit.pacing import DayPlan, History, Rules, plan_for, replay
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
    return History(activity, list(sessions), index, found.episodes, frozenset(found.flare_days), list(flags))


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
    assert plans[0].reasons[0].startswith("Finding your baseline: 0 of 3 sessions done, 3 more needed.")
    assert plans[2].reasons[0].startswith("Finding your baseline: 2 of 3 sessions done, 1 more needed.")
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
    assert reason.startswith(f"Moving up +10%: {quota:g} {unit} -> {increased:g} {unit}.")
    assert (
        f"7 days since the last change on {iso(0)}, 7 sessions, 7 green and none red, 100% of the quota done" in reason
    )


def test_the_increase_is_capped_at_the_goal_target() -> None:
    # Q = 10, target 10.5: min(11, 10.5) = 10.5; a week later it holds there
    h = history(green_days(0, 13, 10) + green_days(14, 20, 10.5), baseline=12.5, target=10.5)
    plans = days(h, 21)
    assert plans[7].target == 10.5 and plans[7].decision == "increase"
    assert plans[14].target == 10.5 and plans[14].decision == "hold"
    assert "you have reached your target of 10.5 min; keep it steady" in plans[14].reasons[0]
    assert plans[21].decision == "hold"


def test_gates_are_counted_from_the_last_change() -> None:
    # 10 -> 11 on day 7; the next increase needs 7 more days and 3 sessions at 11: day 14, 11 -> 12 (12.1 -> 12)
    h = history(green_days(0, 6, 10) + green_days(7, 13, 11), baseline=12.5)
    assert targets(h, 14) == [10] * 7 + [11] * 7 + [12]


# Each gate of rule 5 failing alone on day 7 (Q = 10 from T = 12.5) -> hold, naming the gate with its numbers.
GATE_CASES = {
    "too few sessions": (
        [s(0, 10), s(3, 10)],
        [],
        "Holding at 10 min: 2 sessions since then, 3 needed.",
    ),
    "a red session that is not the latest": (
        # day 4: a red one at 09:00 (pain during 6 > 5) and a green one at 17:00; the latest is green,
        # so rule 4 does not step back, but the window holds a red session
        [*green_days(0, 6, 10), s(4, 10, during=6, minute=9 * 60)],
        [],
        # (7 of 8 green is >= ceil(0.7 x 8) = 6, so only the red gate fails)
        "Holding at 10 min: 1 red-zone session(s) since then.",
    ),
    "under 70 % green": (
        # 10 sessions: 6 green, 4 yellow (pain during 3) -> 6 < ceil(0.7 x 10) = 7
        [*green_days(0, 5, 10), *(s(n, 10, during=3, minute=9 * 60) for n in range(0, 4))],
        [],
        "Holding at 10 min: 6 of 10 sessions green, 7 needed (70%).",
    ),
    "under 80 % of the quota done": (
        # 7.9 / 10 = 79 % < 80 %
        green_days(0, 6, 7.9),
        [],
        "Holding at 10 min: on average 79% of the quota done, 80% needed.",
    ),
    "morning pain rising (R3)": (
        # mornings 3 on days -6..2, 4 on days 3..7. On day 7 this week (days 1..7) is
        # 3, 3, 4, 4, 4, 4, 4 -> 26 / 7 = 3.71 > 3.0 + 0.5. Sessions only on days 0..2, whose own weeks hold;
        # 4 < B + 2 = 5, so no flare day
        green_days(0, 2, 10),
        [*(m(n, 3) for n in range(-6, 3)), *(m(n, 4) for n in range(3, 8))],
        "Holding at 10 min: morning pain rising: this week's mean 3.7 vs last week's 3.0 (allowed +0.5).",
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


def test_the_green_share_boundary_is_inclusive() -> None:
    # 10 sessions, 7 green and 3 yellow: 7 >= ceil(0.7 x 10) = 7 -> increase
    sessions = [*green_days(0, 6, 10), *(s(n, 10, during=3, minute=9 * 60) for n in range(0, 3))]
    assert plan_for(history(sessions, baseline=12.5), Rules(unit="min"), day(7))[0].target == 11


def test_the_done_share_boundary_is_inclusive() -> None:
    # 8 / 10 = 80 % -> increase
    assert plan_for(history(green_days(0, 6, 8), baseline=12.5), Rules(unit="min"), day(7))[0].target == 11


def test_a_big_session_adds_stop_at_the_quota() -> None:
    # 12 >= 1.2 x 10 on day 5
    h = history([*green_days(0, 4, 10), s(5, 12)], baseline=12.5)
    plan = plan_for(h, Rules(unit="min"), day(6))[0]
    assert (
        f"Stop at the quota even on good days: on {iso(5)} you did 12 min, more than 1.2 x that day's quota."
        in plan.reasons
    )


# --- red ------------------------------------------------------------------------------------------


def test_a_red_session_with_no_previous_quota_steps_back_ten_percent() -> None:
    # Q0 = 10 (no quota before it); pain during 7 > 5 on day 2 -> day 3: round(0.9 x 10) = 9
    h = history([s(0, 10), s(1, 10), s(2, 10, during=7)], baseline=12.5)
    plans = days(h, 4)
    assert targets(h, 4) == [10, 10, 10, 9, 9]
    assert plans[3].decision == "reduce" and plans[3].zone == "red"
    reason = plans[3].reasons[0]
    assert reason.startswith(
        f"Stepping back: your session on {iso(2)} was in the red zone (pain during 7/10 was above the ceiling of 5"
    )
    assert reason.endswith("Today's amount is 0.9 x the quota: 10 min -> 9 min.")
    assert plans[4].decision == "hold"  # once: the window restarts on day 3


def test_a_red_session_after_an_increase_returns_to_the_previous_quota() -> None:
    # 10 -> 11 on day 7; red on day 8 -> day 9: back to 10 (the previous Q, lower than 11)
    h = history([*green_days(0, 6, 10), s(8, 11, during=6)], baseline=12.5)
    plans = days(h, 9)
    assert plans[9].target == 10 and plans[9].decision == "reduce"
    assert "Today's amount is back to your previous quota: 11 min -> 10 min." in plans[9].reasons[0]


def test_a_second_red_session_steps_back_ten_percent_again() -> None:
    # 10 -> 9 on day 3 (previous 10 is higher, so not "back"); red again on day 4 -> 0.9 x 9 = 8.1 -> 8
    h = history([s(0, 10), s(2, 10, during=7), s(4, 9, during=8)], baseline=12.5)
    assert targets(h, 5) == [10, 10, 10, 9, 9, 8]


def test_a_red_session_never_goes_below_one_unit() -> None:
    # T = 1.25 -> Q = 1; 0.9 x 1 = 0.9 -> 1
    h = history([s(0, 1, during=9)], baseline=1.25)
    plan = days(h, 1)[1]
    assert (plan.target, plan.decision) == (1, "reduce")


def test_pain_not_settled_next_morning_is_red() -> None:
    # R2: morning of day 2 is 3, morning of day 3 is 5 > 3 + 1. The plan of day 3 sees day 3's diary.
    h = history([s(0, 10), s(1, 10), s(2, 10)], [m(2, 3), m(3, 5)], baseline=12.5)
    plans = days(h, 3)
    assert (plans[3].target, plans[3].decision, plans[3].zone) == (9, "reduce", "red")
    assert "pain had not settled by the next morning (5/10 vs 3/10 that morning, allowed +1)" in plans[3].reasons[0]


def test_pain_not_settled_falls_back_to_pain_before() -> None:
    # no morning entry on day 2: pain before 2, next morning 4 > 2 + 1 -> red
    h = history([s(0, 10), s(2, 10, before=2)], [m(3, 4)], baseline=12.5)
    assert days(h, 3)[3].target == 9


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
    # After the flare: step = (11 - 6) / 2 = 2.5; day 13: 6 + 2.5 = 8.5 -> 9; day 15 (2 days later): 11.
    assert [p.target for p in plans[7:17]] == [11, 11, 6, 6, 6, 6, 9, 9, 11, 11]
    assert [p.decision for p in plans[9:17]] == ["reduce"] * 4 + ["increase", "hold", "increase", "hold"]
    assert plans[9].reasons[0] == (
        f"A flare began on {iso(9)} (declared by you): today's amount is 0.5 x your usual 11 min, held until it "
        "settles. Smaller, not nothing."
    )
    assert plans[10].reasons[0].startswith(f"Flare since {iso(9)} (declared by you): holding at 6 min")
    assert plans[13].reasons[0] == (
        "Rebuilding after the flare, step 1 of 2: 6 min -> 9 min, toward your pre-flare 11 min."
    )
    assert plans[15].reasons[0] == (
        "Rebuilding after the flare, step 2 of 2: 9 min -> 11 min, toward your pre-flare 11 min."
    )
    # then progress as normal: 7 days after the last rebuild step, with sessions at 11 -> 12
    later = days(flare_history(sessions=green_days(0, 6, 10) + green_days(15, 21, 11)), 22)
    assert (later[22].target, later[22].decision) == (12, "increase")


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
    # (a flare is a time of more pain). Rules: after the flare, rebuild 6 -> 9 (day 13) -> 11 (day 15).
    h = flare_history(sessions=[*green_days(0, 6, 10), s(10, 6), s(11, 6, during=6)])
    assert targets(h, 15)[13:] == [9, 9, 11]  # actual: [5, 5, 5]


def test_declaring_a_flare_already_ticked_in_the_diary_does_not_halve_twice() -> None:
    diary = [*(m(n, 3) for n in range(0, 9)), m(9, 6, tick=True), *(m(n, 3) for n in range(10, 20))]
    h = history(green_days(0, 6, 10), diary, declared=[DeclaredFlare(day(10), day(12))], baseline=12.5)
    plans = days(h, 15)
    assert [p.target for p in plans[9:13]] == [6, 6, 6, 6]  # actual: [6, 3, 3, 3]
    assert plans[15].target == 11  # the rebuild ends at the pre-flare quota; actual: 6


def test_a_given_baseline_during_a_flare_starts_halved() -> None:
    # T = 10 -> Q0 = 8; a flare is on from day 0: max(1, round(0.5 x 8)) = 4 from the first day
    h = history(declared=[DeclaredFlare(day(0), day(3))], baseline=10)
    plan = days(h, 0)[0]
    assert (plan.target, plan.decision) == (4, "reduce")  # actual: (8, "hold")


# --- red flags ------------------------------------------------------------------------------------


def test_an_open_red_flag_pauses_and_clearing_resumes_at_the_same_quota() -> None:
    # fever (group 2) ticked on day 3, cleared after review on day 5; Q 10 all along
    h = history(green_days(0, 6, 10), flags=[RedFlagRecord("fever", 2, day(3), day(5), 1)], baseline=12.5)
    plans = days(h, 6)
    assert [p.target for p in plans] == [10, 10, 10, None, None, 10, 10]
    assert [p.decision for p in plans] == ["hold"] * 3 + ["pause", "pause"] + ["hold"] * 2
    assert plans[3].reasons[0] == (
        f"Paused: fever, chills, sweats or feeling very unwell with new or worse pain (ticked {iso(3)}). "
        "Contact a doctor today."
    )
    assert any("paceit redflag clear 1 --reviewed" in r for r in plans[3].reasons)
    assert plan_for(h, Rules(unit="min"), day(3))[1] == 10  # previous_target: the day before's
    assert plan_for(h, Rules(unit="min"), day(5))[1] is None  # the day before was paused


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
    # five green sessions on days 0..4, fever ticked on day 5, cleared on day 9 (9 days after the change)
    h = history(green_days(0, 4, 10), flags=[RedFlagRecord("fever", 2, day(5), day(9), 1)], baseline=12.5)
    plan = days(h, 9)[9]
    assert (plan.target, plan.decision) == (10, "hold")  # actual: (11, "increase")


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
