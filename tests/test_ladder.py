"""The exposure-ladder rules of clinical-rules.md §5, by hand-computed examples and properties."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from paceit.ladder import (
    Rules,
    Trial,
    expectancy_gap,
    fear_conflict,
    judge,
    likelihood_reference,
    mastered,
    statuses,
    verdicts,
)

RULES = Rules()
HAB = Rules(mode="habituation")


def test_inhibitory_success_when_pain_two_below_prediction_and_outcome_did_not_happen() -> None:
    verdict = judge(Trial(60, 50, predicted_pain=7, pain=5, happened=False), None, RULES)
    assert verdict.success
    assert "2 lower than predicted (7 vs 5)" in verdict.reason


def test_inhibitory_fails_when_gap_is_one() -> None:
    verdict = judge(Trial(60, 50, predicted_pain=6, pain=5, happened=False), None, RULES)
    assert not verdict.success
    assert "needs 2" in verdict.reason


def test_inhibitory_fails_when_the_feared_outcome_happened_even_with_big_gap() -> None:
    verdict = judge(Trial(60, 10, predicted_pain=9, pain=2, happened=True), None, RULES)
    assert not verdict.success
    assert verdict.reason == "the feared outcome happened"


def test_inhibitory_unrecorded_outcome_is_not_a_success() -> None:
    assert not judge(Trial(60, 10, predicted_pain=9, pain=2), None, RULES).success


def test_likelihood_drop_of_twenty_since_previous_trial_succeeds() -> None:
    previous = Trial(60, 50, expect_likely=70, happened=False)
    assert judge(Trial(55, 50, expect_likely=50, happened=False), previous, RULES).success
    assert not judge(Trial(55, 50, expect_likely=51, happened=False), previous, RULES).success


def test_trial_without_prediction_is_judged_by_habituation() -> None:
    assert judge(Trial(80, 40, fear_peak=80), None, RULES).success  # 40 <= 50 % of 80
    assert not judge(Trial(80, 41, fear_peak=80), None, RULES).success  # 41 > 40 and > 30
    assert judge(Trial(50, 30), None, RULES).success  # ends <= 30
    assert judge(Trial(70, 35), None, RULES).success  # no peak: 50 % of fear before = 35


def test_habituation_mode_ignores_predictions() -> None:
    trial = Trial(80, 70, fear_peak=90, predicted_pain=9, pain=1, happened=False)
    assert judge(trial, None, RULES).success
    assert not judge(trial, None, HAB).success


def test_aborted_trial_never_succeeds() -> None:
    assert not judge(Trial(20, 0, predicted_pain=9, pain=0, happened=False, aborted=True), None, RULES).success


def test_mastery_needs_three_trials_last_two_successes_and_low_fear_before() -> None:
    win = Trial(30, 20, predicted_pain=6, pain=3, happened=False)
    lose = Trial(50, 50, predicted_pain=5, pain=5, happened=False)
    assert not mastered([win, win], RULES)  # only 2 trials
    assert mastered([lose, win, win], RULES)
    assert not mastered([win, win, lose], RULES)
    assert not mastered([lose, win, Trial(31, 20, predicted_pain=6, pain=3, happened=False)], RULES)


def test_statuses_current_is_lowest_fear_not_mastered() -> None:
    win = Trial(30, 20, predicted_pain=6, pain=3, happened=False)
    result = statuses([1, 2, 3], {1: [win, win, win]}, RULES)
    assert result == {1: "mastered", 2: "current", 3: "waiting"}
    assert statuses([], {}, RULES) == {}


trials = st.builds(
    Trial,
    fear_before=st.integers(0, 100),
    fear_after=st.integers(0, 100),
    fear_peak=st.none() | st.integers(0, 100),
    expect_likely=st.none() | st.integers(0, 100),
    predicted_pain=st.none() | st.integers(0, 10),
    pain=st.none() | st.integers(0, 10),
    happened=st.none() | st.booleans(),
    aborted=st.booleans(),
)


@given(st.lists(trials, max_size=8))
def test_mastery_never_with_fewer_than_three_trials_or_failed_last_trial(history: list[Trial]) -> None:
    if mastered(history, RULES):
        assert len(history) >= 3
        assert verdicts(history, RULES)[-1].success
        assert history[-1].fear_before <= 30


@given(trials, st.none() | trials)
def test_happened_or_aborted_never_succeeds_in_inhibitory_mode_with_prediction(
    trial: Trial, prev: Trial | None
) -> None:
    if trial.aborted or (trial.has_prediction and trial.happened):
        assert not judge(trial, prev, RULES).success


@given(trials)
def test_expectancy_gap_is_predicted_minus_actual(trial: Trial) -> None:
    gap = expectancy_gap(trial)
    if trial.predicted_pain is None or trial.pain is None:
        assert gap is None
    else:
        assert gap == trial.predicted_pain - trial.pain


# --- the likelihood drop is measured from the latest trial that recorded one ----------------------


def test_a_likelihood_drop_counts_across_a_trial_that_recorded_no_likelihood() -> None:
    """The new-user review's case: 50, then a trial without a likelihood, then 20 with the
    outcome not happening and pain only 1 below the prediction. The likelihood fell by 30
    since it was last recorded, so the third trial succeeds."""
    first = Trial(40, 30, expect_likely=50, predicted_pain=5, pain=4, happened=False)
    second = Trial(30, 20, predicted_pain=5, pain=4, happened=False)
    third = Trial(15, 10, expect_likely=20, predicted_pain=5, pain=4, happened=False)
    verdict = verdicts([first, second, third], RULES)[-1]
    assert verdict.success, verdict
    assert "likelihood fell by 30 points" in verdict.reason and "50 to 20" in verdict.reason
    assert likelihood_reference([first, second]) is first


def test_the_latest_recorded_likelihood_is_the_reference_not_the_highest() -> None:
    """Conservative: an old high estimate does not credit a later one that rose since."""
    history = [Trial(60, 50, expect_likely=80), Trial(60, 50, expect_likely=55), Trial(60, 50)]
    assert likelihood_reference(history) is history[1]
    assert not verdicts([*history, Trial(55, 50, expect_likely=58, happened=False)], RULES)[-1].success
    assert likelihood_reference([Trial(60, 50), Trial(60, 50)]) is None
    assert likelihood_reference([]) is None


@given(st.lists(trials, max_size=6), trials)
def test_each_verdict_compares_with_the_latest_earlier_likelihood(earlier: list[Trial], trial: Trial) -> None:
    reference = next((t for t in reversed(earlier) if t.expect_likely is not None), None)
    assert verdicts([*earlier, trial], RULES)[-1] == judge(trial, reference, RULES)


@given(st.lists(trials, max_size=5), trials, st.lists(trials, max_size=3))
def test_trials_without_a_likelihood_in_between_never_change_a_verdict(
    earlier: list[Trial], trial: Trial, between: list[Trial]
) -> None:
    gaps = [replace(t, expect_likely=None) for t in between]
    assert verdicts([*earlier, *gaps, trial], RULES)[-1] == verdicts([*earlier, trial], RULES)[-1]


# --- fear ratings that fit together --------------------------------------------------------------


def test_a_peak_below_fear_before_or_after_is_named_with_its_range() -> None:
    conflict = fear_conflict(30, 20, 10)
    assert conflict is not None and (conflict.field, conflict.lo, conflict.hi) == ("fear_peak", 30, 100)
    words = conflict.message(lambda column: "--" + column.replace("_", "-"))
    assert words == "--fear-peak must be at least the higher of --fear-before and --fear-after (30), up to 100"
    assert fear_conflict(30, 20, 30) is None and fear_conflict(20, 40, 40) is None
    assert fear_conflict(30, 20, None) is None


def test_a_changed_fear_before_or_after_above_the_stored_peak_is_the_one_named() -> None:
    conflict = fear_conflict(50, 20, 40, changed=("fear_before",))
    assert conflict is not None and (conflict.field, conflict.lo, conflict.hi) == ("fear_before", 0, 40)
    assert conflict.problem(str) == "must be from 0 up to the trial's fear_peak (40)"
    conflict = fear_conflict(30, 45, 40, changed=("fear_after", "note"))
    assert conflict is not None and conflict.field == "fear_after"
    # a changed peak is named first, with the range the others leave it
    conflict = fear_conflict(50, 45, 40, changed=("fear_before", "fear_peak"))
    assert conflict is not None and (conflict.field, conflict.lo) == ("fear_peak", 50)
    # an edit that touches no fear rating is not refused for one already stored
    assert fear_conflict(50, 20, 40, changed=("note",)) is None


@given(st.integers(0, 100), st.integers(0, 100), st.none() | st.integers(0, 100))
def test_fears_conflict_exactly_when_the_peak_is_below_before_or_after(
    before: int, after: int, peak: int | None
) -> None:
    conflict = fear_conflict(before, after, peak)
    assert (conflict is None) == (peak is None or peak >= max(before, after))
    if conflict is not None:
        assert conflict.field == "fear_peak" and conflict.lo == max(before, after) and conflict.hi == 100
        assert fear_conflict(before, after, conflict.lo) is None  # the range given is the range accepted
