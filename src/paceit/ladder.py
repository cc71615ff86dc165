"""Exposure-ladder progression (clinical-rules.md §5 and "Ladder" in the last section).

Pure: plain data in, plain data out.

- A trial succeeds, in the default inhibitory-learning mode, when the feared
  outcome did not happen and (predicted pain - actual pain >= 2, or the predicted
  likelihood fell >= 20 points since the step's previous trial). "Previous" is read
  as the latest earlier trial of the step that recorded a likelihood (see
  `likelihood_reference`). Trials without a
  prediction, and every trial in habituation mode, are judged by habituation: fear
  after <= 50 % of the peak (of fear before when no peak was logged), or <= 30.
- Conservative readings, written down: an aborted trial never succeeds; in
  inhibitory mode a trial whose outcome ("did it happen?") was not recorded is not
  counted as a success, because the rule requires that it did not happen.
- A step is mastered after >= 3 trials of which the last 2 succeeded, with the
  last fear-before <= 30. The current step is the lowest-fear step not mastered.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from itertools import pairwise
from typing import Any

from paceit.recordtype import record


@record
class Trial:
    """One exposure trial as the ladder's rules read it: fears, expectation, pain and what
    happened."""

    fear_before: int
    fear_after: int
    fear_peak: int | None = None
    expect_likely: int | None = None
    predicted_pain: int | None = None
    pain: int | None = None
    happened: bool | None = None
    aborted: bool = False
    day: date | None = None

    @property
    def has_prediction(self) -> bool:
        return self.predicted_pain is not None or self.expect_likely is not None


@record
class Rules:
    """The exposure ladder's numbers (clinical-rules.md): what makes a trial a success and a step
    mastered."""

    mode: str = "inhibitory"
    ev_min: int = 2
    likely_drop: int = 20
    habituation_pct: int = 50
    habituation_end: int = 30
    master_trials: int = 3
    master_successes: int = 2
    master_fear: int = 30
    abort_peak: int = 90
    first_step_max: int = 40
    max_gap: int = 15
    min_steps: int = 8

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Rules:
        return cls(
            mode=settings["ladder.mode"],
            ev_min=settings["ladder.ev_min"],
            likely_drop=settings["ladder.likely_drop"],
            habituation_pct=settings["ladder.habituation_pct"],
            habituation_end=settings["ladder.habituation_end"],
            master_trials=settings["ladder.master_trials"],
            master_successes=settings["ladder.master_successes"],
            master_fear=settings["ladder.master_fear"],
            abort_peak=settings["ladder.abort_peak"],
            first_step_max=settings["ladder.first_step_max"],
            max_gap=settings["ladder.max_gap"],
            min_steps=settings["ladder.min_steps"],
        )


@record
class Verdict:
    """A trial judged: success or not, and why in words."""

    success: bool
    reason: str


FEARS = ("fear_before", "fear_peak", "fear_after")
FEAR_MAX = 100


@record
class FearConflict:
    """A trial's fear rating that contradicts the others, and the range it may take given
    them (`lo` to `hi`, both allowed)."""

    field: str  # one of FEARS
    lo: int
    hi: int

    def problem(self, label: Callable[[str], str]) -> str:
        """What is allowed, read after the field's name; `label` names a column in the entry
        point's own words ("--fear-before" on the command line, "fear_before" in a file)."""
        if self.field == "fear_peak":
            return (
                f"must be at least the higher of {label('fear_before')} and {label('fear_after')} "
                f"({self.lo}), up to {self.hi}"
            )
        return f"must be from {self.lo} up to the trial's {label('fear_peak')} ({self.hi})"

    def message(self, label: Callable[[str], str]) -> str:
        """The whole line: the field named, then what is allowed."""
        return f"{label(self.field)} {self.problem(label)}"


def fear_conflict(
    before: int, after: int, peak: int | None, *, changed: Collection[str] = FEARS
) -> FearConflict | None:
    """The fear rating that contradicts the others, or None when they fit together.

    Why: the peak is the highest fear during the trial (§5: fear before/peak/end), so it is
    at least fear before and fear after; a peak below them (before 30, after 20, peak 10) is a
    typing slip, and it would skew the habituation rule, which measures the fall from the
    peak. `ladder try`, `edit trial` and `import` all ask this one function. `changed`: the
    ratings just given (an edit gives some, the others are the stored ones); the one named is
    the peak when it was given (the others bound it), else a changed fear before or after
    above the peak. An edit that changes none of the clashing ratings is not refused for a
    clash already stored (it does not make it worse)."""
    if peak is None or peak >= max(before, after):
        return None
    if "fear_peak" in changed:
        return FearConflict("fear_peak", max(before, after), FEAR_MAX)
    for field, value in (("fear_before", before), ("fear_after", after)):
        if field in changed and value > peak:
            return FearConflict(field, 0, peak)
    return None


def expectancy_gap(trial: Trial) -> int | None:
    """Expectancy violation EV = predicted pain - actual pain."""
    if trial.predicted_pain is None or trial.pain is None:
        return None
    return trial.predicted_pain - trial.pain


def _habituation(trial: Trial, rules: Rules) -> Verdict:
    reference = trial.fear_peak if trial.fear_peak is not None else trial.fear_before
    label = "peak" if trial.fear_peak is not None else "fear before"
    limit = reference * rules.habituation_pct / 100
    if trial.fear_after <= limit:
        return Verdict(
            True, f"fear fell to {trial.fear_after}, at most {rules.habituation_pct}% of the {label} ({reference})"
        )
    if trial.fear_after <= rules.habituation_end:
        return Verdict(True, f"fear ended at {trial.fear_after}, at most {rules.habituation_end}")
    return Verdict(
        False,
        f"fear ended at {trial.fear_after}: above {limit:g} "
        f"({rules.habituation_pct}% of the {label}) and above {rules.habituation_end}",
    )


def likelihood_reference(earlier: Sequence[Trial]) -> Trial | None:
    """The trial whose predicted likelihood a new trial's is compared with: the latest
    earlier trial of the step that recorded one, or None.

    Why: §5 measures the fall of "the next predicted probability", and the last section
    says "since the last trial". Comparing only with the trial immediately before missed
    a real fall whenever that trial recorded no likelihood (50, none, 20 was judged "did
    not fall by 20"). The conservative reading, written down: the reference is the latest
    likelihood the person stated (an aborted trial's included: the prediction was made
    before it), never the highest earlier one, so an old high estimate cannot credit a
    later one that has risen since (80, 55, then 58 is no fall)."""
    return next((t for t in reversed(earlier) if t.expect_likely is not None), None)


def judge(trial: Trial, previous: Trial | None, rules: Rules) -> Verdict:
    """Whether one trial succeeded, and why, by the mode in force. `previous`: the trial
    whose likelihood this one's is compared with (`likelihood_reference`, as `verdicts`
    passes it)."""
    if trial.aborted:
        return Verdict(False, "the trial was stopped early")
    if rules.mode == "habituation" or not trial.has_prediction:
        return _habituation(trial, rules)
    if trial.happened is None:
        return Verdict(False, "whether the feared outcome happened was not recorded")
    if trial.happened:
        return Verdict(False, "the feared outcome happened")
    gap = expectancy_gap(trial)
    if gap is not None and gap >= rules.ev_min:
        return Verdict(
            True,
            f"the feared outcome did not happen and pain was {gap} lower "
            f"than predicted ({trial.predicted_pain} vs {trial.pain})",
        )
    if previous and previous.expect_likely is not None and trial.expect_likely is not None:
        drop = previous.expect_likely - trial.expect_likely
        if drop >= rules.likely_drop:
            return Verdict(
                True,
                f"the feared outcome did not happen and its predicted likelihood fell by {drop} points "
                f"({previous.expect_likely} to {trial.expect_likely})",
            )
    gap_text = f"pain was {gap} below the prediction" if gap is not None else "no pain prediction to compare"
    return Verdict(
        False,
        f"the feared outcome did not happen, but {gap_text} "
        f"(needs {rules.ev_min}) and the likelihood did not fall by {rules.likely_drop}",
    )


def verdicts(trials: Sequence[Trial], rules: Rules, *, start: int = 0) -> list[Verdict]:
    """Each trial of one step from `start` on judged in order, its likelihood against the
    latest earlier one recorded (`likelihood_reference`), carried along rather than looked
    for again for each trial: linear in the trials, which a diary of years has thousands of."""
    reference = likelihood_reference(trials[:start])
    found = []
    for trial in trials[start:]:
        found.append(judge(trial, reference, rules))
        if trial.expect_likely is not None:
            reference = trial
    return found


def mastered(trials: Sequence[Trial], rules: Rules) -> bool:
    """The last `master_successes` trials succeeded (only those are judged) and the latest
    fear before is at most `master_fear`, after at least `master_trials` trials."""
    if len(trials) < rules.master_trials:
        return False
    recent = verdicts(trials, rules, start=max(0, len(trials) - rules.master_successes))
    return all(v.success for v in recent) and trials[-1].fear_before <= rules.master_fear


def statuses(step_ids: Sequence[int], trials_by_step: Mapping[int, Sequence[Trial]], rules: Rules) -> dict[int, str]:
    """'mastered', 'current' (the lowest-fear step not mastered) or 'waiting';
    `step_ids` must be in ladder order (fear ascending)."""
    result: dict[int, str] = {}
    current_found = False
    for step_id in step_ids:
        if mastered(trials_by_step.get(step_id, ()), rules):
            result[step_id] = "mastered"
        elif not current_found:
            result[step_id] = "current"
            current_found = True
        else:
            result[step_id] = "waiting"
    return result


def held(trials_by_step: Mapping[int, Sequence[Trial]], since: date | None) -> dict[int, list[Trial]]:
    """During a flare or an open red flag the ladder holds at its step (§8, §7): trials
    from `since` on do not count toward mastery until the hold ends."""
    return {step: [t for t in trials if not held_back(t.day, since)] for step, trials in trials_by_step.items()}


def held_back(day: date | None, since: date | None) -> bool:
    """Whether a trial of `day` waits for a hold that began on `since` to end (`held`): one
    dated on or after that day does; one dated before it, or with no day, counts as usual."""
    return since is not None and day is not None and day >= since


def suggestion(trials: Sequence[Trial], rules: Rules) -> str | None:
    """After an aborted trial or a peak fear >= 90 (§5): repeat, or insert a smaller step."""
    if not trials:
        return None
    last = trials[-1]
    if last.aborted:
        why = "the last trial was stopped early"
    elif last.fear_peak is not None and last.fear_peak >= rules.abort_peak:
        why = f"fear peaked at {last.fear_peak} (at or above {rules.abort_peak})"
    else:
        return None
    return (
        f"{why.capitalize()}: repeat this step when you are ready, or add an in-between step with less fear "
        "(paceit ladder add TEXT --fear N)."
    )


def hints(fears: Sequence[int], in_use: bool, rules: Rules) -> list[str]:
    """Ladder-building advice of §5: start at or below 40, climb by at most 15, aim for 8-15 steps."""
    found = []
    ordered = sorted(fears)
    if ordered and ordered[0] > rules.first_step_max:
        found.append(
            f"Your first step has fear {ordered[0]}; a first step of {rules.first_step_max} or less "
            "makes starting easier."
        )
    gaps = [(a, b) for a, b in pairwise(ordered) if b - a > rules.max_gap]
    for a, b in gaps:
        found.append(
            f"Fear jumps from {a} to {b}; a step in between (gaps of {rules.max_gap} or less) makes the climb gentler."
        )
    if in_use and len(ordered) < rules.min_steps:
        found.append(
            f"Your ladder has {len(ordered)} step{'s' if len(ordered) != 1 else ''}; "
            f"{rules.min_steps} to 15 steps work best."
        )
    return found


def mastery_news(
    step: tuple[int, str],
    was: str,
    now: str,
    reached: bool,
    trials: Sequence[Trial],
    rules: Rules,
    next_step: tuple[int, str, int] | None,
) -> str | None:
    """What a trial just logged did to its step, said at once (issue 17): mastery reached
    (and the next step), or reached but waiting for a flare or red-flag hold to end
    (`reached`: this trial makes the step mastered on every trial, the hold aside; `was`
    and `now`: its status, hold applied, before and after). None when nothing changed."""
    step_id, text = step
    if was == "mastered" or now != "mastered":
        if now != "mastered" and reached:
            return (
                f"With this trial, step #{step_id} ({text}) reaches mastery once the hold ends: "
                "trials during a flare or an open red flag count from then."
            )
        return None
    last = trials[-1].fear_before if trials else None
    news = (
        f"Step #{step_id} ({text}) is mastered: {len(trials)} trials, the last {rules.master_successes} "
        f"successful, fear before {last} (at most {rules.master_fear}). Well done."
    )
    if next_step is None:
        return f"{news} Every step of your ladder is mastered; add the next thing you avoid when you are ready."
    return f"{news} Your next step: #{next_step[0]} {next_step[1]} (fear {next_step[2]})."


def expectation_words(expect: str | None, likely: int | None) -> str:
    """What the person expected, with how likely they thought it: "my back gives way (60%
    likely)"; `ladder show` and the report say it alike."""
    chance = f"{likely}% likely" if likely is not None else ""
    if expect:
        return f"{expect} ({chance})" if chance else expect
    return f"not written down ({chance})" if chance else "not recorded"


SAFETY_WORDS = {None: "not recorded", False: "not used", True: "used"}
HAPPENED_WORDS = {None: "not recorded", False: "no", True: "yes"}
