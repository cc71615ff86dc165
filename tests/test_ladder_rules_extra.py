"""More of the ladder rules (clinical-rules.md §5 and "Ladder" in the last section):
the ladder-building hints, the suggestion after a hard trial, the hold during a flare
or a red flag, and two properties of the issue (the current step is never above a
waiting one; nothing advances during a hold)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from paceit.ladder import Rules, Trial, held, hints, mastered, statuses, suggestion

RULES = Rules()
WIN = Trial(30, 20, predicted_pain=6, pain=3, happened=False)  # EV = 3 >= 2, fear before 30

# --- hints ---------------------------------------------------------------------------------------


def test_first_step_above_forty_names_its_fear_and_forty() -> None:
    found = hints([45], False, RULES)
    assert len(found) == 1
    assert "45" in found[0] and "40" in found[0]
    assert found[0].startswith("Your first step has fear 45")


def test_first_step_of_forty_is_fine() -> None:
    assert hints([40], False, RULES) == []


def test_a_gap_above_fifteen_is_named_with_both_ends() -> None:
    found = hints([30, 45, 70], False, RULES)
    assert found == ["Fear jumps from 45 to 70; a step in between (gaps of 15 or less) makes the climb gentler."]


def test_a_gap_of_exactly_fifteen_is_fine() -> None:
    assert hints([25, 40, 55], False, RULES) == []


def test_gaps_are_found_in_fear_order_whatever_the_input_order() -> None:
    found = hints([70, 30, 45], False, RULES)
    assert len(found) == 1 and "from 45 to 70" in found[0]


def test_few_steps_in_use_suggest_eight_to_fifteen() -> None:
    found = hints([20, 30], True, RULES)
    assert found == ["Your ladder has 2 steps; 8 to 15 steps work best."]


def test_one_step_in_use_is_singular() -> None:
    assert hints([20], True, RULES) == ["Your ladder has 1 step; 8 to 15 steps work best."]


def test_few_steps_not_in_use_give_no_count_hint() -> None:
    assert hints([20, 30], False, RULES) == []


def test_a_good_ladder_gives_no_hints() -> None:
    fears = list(range(20, 100, 10))  # 20, 30, ..., 90: 8 steps, gaps of 10
    assert len(fears) == 8
    assert hints(fears, True, RULES) == []
    assert hints(fears, False, RULES) == []


def test_empty_ladder_gives_no_hints_when_not_in_use() -> None:
    assert hints([], False, RULES) == []


# --- suggestion ----------------------------------------------------------------------------------


def test_suggestion_after_an_aborted_trial() -> None:
    tip = suggestion([WIN, Trial(60, 50, aborted=True)], RULES)
    assert tip is not None
    assert "stopped early" in tip
    assert "paceit ladder add" in tip


def test_suggestion_after_a_peak_of_ninety_two() -> None:
    tip = suggestion([Trial(60, 20, fear_peak=92)], RULES)
    assert tip is not None and "92" in tip


def test_suggestion_at_exactly_ninety() -> None:
    tip = suggestion([Trial(60, 20, fear_peak=90)], RULES)
    assert tip is not None and "90" in tip


def test_no_suggestion_after_a_peak_of_eighty_nine() -> None:
    assert suggestion([Trial(60, 20, fear_peak=89)], RULES) is None


def test_no_suggestion_without_trials() -> None:
    assert suggestion([], RULES) is None


def test_suggestion_looks_only_at_the_last_trial() -> None:
    assert suggestion([Trial(60, 50, aborted=True), WIN], RULES) is None


# --- held ----------------------------------------------------------------------------------------


def on(day: int, trial: Trial = WIN) -> Trial:
    return replace(trial, day=date(2026, 11, 1) + timedelta(days=day))


def test_held_drops_trials_on_and_after_since() -> None:
    first, eve, same, after = on(0), on(3), on(4), on(6)  # 1, 4, 5 and 7 November
    since = date(2026, 11, 5)
    assert held({1: [first, eve, same, after], 2: [after]}, since) == {1: [first, eve], 2: []}
    assert held({1: [first, eve, same, after]}, date(2026, 11, 4)) == {1: [first]}
    undated = Trial(50, 10)
    assert held({1: [undated, same]}, since) == {1: [undated]}  # no day: cannot be in the hold


def test_held_without_since_keeps_all() -> None:
    trials = {1: [on(0), on(4)], 2: []}
    assert held(trials, None) == trials


def test_holding_stops_a_step_being_mastered() -> None:
    trials = [on(0), on(1), on(2)]
    assert mastered(trials, RULES)
    assert not mastered(held({1: trials}, date(2026, 11, 3))[1], RULES)


# --- properties ----------------------------------------------------------------------------------

PROP = settings(max_examples=60, deadline=None)
FEAR = st.integers(0, 100)
PAIN = st.integers(0, 10)


@st.composite
def trials(draw: st.DrawFn, day: date | None = None) -> Trial:
    return Trial(
        fear_before=draw(FEAR),
        fear_after=draw(FEAR),
        fear_peak=draw(st.none() | FEAR),
        expect_likely=draw(st.none() | FEAR),
        predicted_pain=draw(st.none() | PAIN),
        pain=draw(st.none() | PAIN),
        happened=draw(st.none() | st.booleans()),
        aborted=draw(st.booleans()),
        day=day,
    )


# Favour easy trials too, so some steps are mastered and "current" moves up the ladder.
TRIAL = st.one_of(trials(), st.just(WIN))


@PROP
@given(st.data(), st.lists(FEAR, min_size=1, max_size=8), st.sampled_from([Rules(), Rules(mode="habituation")]))
def test_current_step_fear_is_never_above_a_waiting_steps(data: st.DataObject, fears: list[int], rules: Rules) -> None:
    step_ids = list(range(1, len(fears) + 1))
    by_step = {s: data.draw(st.lists(TRIAL, max_size=5)) for s in step_ids}
    order = sorted(step_ids, key=lambda s: fears[s - 1])
    status = statuses(order, by_step, rules)
    assert set(status) == set(step_ids)
    current = [s for s in step_ids if status[s] == "current"]
    waiting = [s for s in step_ids if status[s] == "waiting"]
    assert len(current) <= 1
    assert not waiting or current  # something waits only behind a current step
    for c in current:
        assert not mastered(by_step[c], rules)
        for w in waiting:
            assert fears[c - 1] <= fears[w - 1]


@PROP
@given(st.data(), st.integers(1, 5), st.integers(0, 10), st.sampled_from([Rules(), Rules(mode="habituation")]))
def test_trials_during_a_hold_never_change_the_statuses(
    data: st.DataObject, n_steps: int, hold_day: int, rules: Rules
) -> None:
    start = date(2026, 11, 1)
    since = start + timedelta(days=hold_day)
    step_ids = list(range(1, n_steps + 1))
    before: dict[int, list[Trial]] = {}
    during: dict[int, list[Trial]] = {}
    for s in step_ids:
        days_before = sorted(data.draw(st.lists(st.integers(0, hold_day - 1), max_size=4))) if hold_day else []
        days_during = sorted(data.draw(st.lists(st.integers(hold_day, hold_day + 10), max_size=4)))
        before[s] = [replace(data.draw(TRIAL), day=start + timedelta(days=d)) for d in days_before]
        during[s] = [replace(data.draw(TRIAL), day=start + timedelta(days=d)) for d in days_during]
    everything = {s: before[s] + during[s] for s in step_ids}
    assert statuses(step_ids, held(everything, since), rules) == statuses(step_ids, before, rules)


@PROP
@given(st.lists(TRIAL, max_size=12), st.integers(0, 12), st.sampled_from([Rules(), Rules(mode="habituation")]))
def test_verdicts_carry_the_likelihood_reference_as_the_definition_looks_it_up(
    found: list[Trial], start: int, rules: Rules
) -> None:
    """`verdicts` carries the latest stated likelihood along (linear in the trials: a diary of
    years has thousands) and `mastered` judges only the trials it looks at; both give what
    judging each trial against `likelihood_reference` of all the trials before it gives."""
    from paceit.ladder import judge, likelihood_reference, verdicts

    by_definition = [judge(t, likelihood_reference(found[:i]), rules) for i, t in enumerate(found)]
    assert verdicts(found, rules) == by_definition
    assert verdicts(found, rules, start=start) == by_definition[start:]
    recent = by_definition[-rules.master_successes :]
    expected = (
        len(found) >= rules.master_trials
        and all(v.success for v in recent)
        and found[-1].fear_before <= rules.master_fear
    )
    assert mastered(found, rules) == expected
