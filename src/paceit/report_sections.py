"""The report's shorter sections, built from `ReportInputs`: the exposure ladder, red
flags, goals, questionnaires, functional tests and medicines. Pure, like `report`.

Split from `report.py` (which keeps the inputs, the `Report` itself and `build`), as the
pain and pacing sections were before (`report_pain`, `report_pacing`): each of these is
a short reading of its own rows, and none depends on another.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from statistics import fmean
from typing import TYPE_CHECKING, Any, Literal

from paceit import ladder
from paceit.functional_tests import task_changes
from paceit.outcomes import Tracked, score_of, track
from paceit.recordtype import record
from paceit.redflags import BY_CODE
from paceit.report_details import StepDetail, step_detail
from paceit.report_pacing import ActivitySection

if TYPE_CHECKING:
    from paceit.report import ReportInputs

REVIEW_LOOKBACK = 28  # days before the period that a red flag's review may reach back


@record
class StepSection:
    id: int
    text: str
    fear: int
    status: str
    trials: int
    trials_in_period: int
    successes: int
    predicted_pain: float | None
    actual_pain: float | None
    feared_happened: int
    feared_tested: int
    period_trials: tuple[TrialNote, ...] = ()  # the trials of the period, in time order
    detail: StepDetail | None = None


@record
class TrialNote:
    """One trial of the period as the report lists it: what the person expected (and how
    likely they thought it), whether it happened, whether safety behaviours were used."""

    id: int
    day: date
    expect: str | None
    expect_likely: int | None
    happened: bool | None
    safety: bool | None


@record
class RedFlagSection:
    id: int
    code: str
    question: str
    group: int
    day: date
    cleared: date | None
    reviewed: str | None


@record
class GoalSection:
    id: int
    text: str
    activity: str | None
    target: float | None
    unit: str | None
    quota_now: float | None
    done: date | None

    @property
    def progress(self) -> float | None:
        if self.target and self.quota_now is not None:
            return round(min(self.quota_now / self.target, 1.0), 2)
        return None


@record
class Questionnaire:
    kind: str
    at: str
    score: float
    items: tuple[tuple[str, int], ...]


@record
class TaskSection:
    """A functional test from its first result (the latest before the period, or the
    first inside it) to its latest; `improvement` is signed so that positive is better."""

    name: str
    unit: str
    better: Literal["higher", "lower"]
    first: float
    first_day: date
    latest: float
    latest_day: date
    n: int  # results in the period
    improvement: float

    @property
    def direction(self) -> str:
        if self.first_day == self.latest_day or abs(self.improvement) < 1e-9:
            return "same"
        return "better" if self.improvement > 0 else "worse"


@record
class MedicineSection:
    name: str
    schedule: Literal["as-needed", "regular"]
    days: int


def _mean(values: Sequence[float]) -> float | None:
    return round(fmean(values), 2) if values else None


def ladder_sections(inputs: ReportInputs) -> list[StepSection]:
    rules = ladder.Rules.from_settings(inputs.settings)
    ids = [int(s["id"]) for s in inputs.steps]
    status = ladder.statuses(ids, ladder.held(inputs.trials, inputs.hold_since), rules)
    sections = []
    for step in inputs.steps:
        trials = inputs.trials.get(int(step["id"]), [])
        verdicts = ladder.verdicts(trials, rules)
        paired = [t for t in trials if t.predicted_pain is not None and t.pain is not None]
        tested = [t for t in trials if t.happened is not None]
        sections.append(
            StepSection(
                id=int(step["id"]),
                text=str(step["text"]),
                fear=int(step["fear"]),
                status=status[int(step["id"])],
                trials=len(trials),
                trials_in_period=sum(1 for t in trials if t.day and inputs.start <= t.day <= inputs.end),
                successes=sum(1 for v in verdicts if v.success),
                predicted_pain=_mean([float(t.predicted_pain or 0) for t in paired]),
                actual_pain=_mean([float(t.pain or 0) for t in paired]),
                feared_happened=sum(1 for t in tested if t.happened),
                feared_tested=len(tested),
                period_trials=tuple(_note(r) for r in inputs.trial_rows if r["step_id"] == step["id"]),
                detail=step_detail(inputs.trial_details.get(int(step["id"]), [])),
            )
        )
    return sections


def _note(row: dict[str, Any]) -> TrialNote:
    def flag(value: Any) -> bool | None:
        return None if value is None else bool(value)

    return TrialNote(
        int(row["id"]), date.fromisoformat(row["day"]), row["expect"], row["expect_likely"],
        flag(row["happened"]), flag(row["safety"]),
    )  # fmt: skip


def red_flag_sections(inputs: ReportInputs) -> list[RedFlagSection]:
    found = []
    for f in inputs.red_flags:
        day = date.fromisoformat(f["day"])
        cleared = f["cleared_day"]
        if day > inputs.end or (cleared is not None and (inputs.start - cleared).days > REVIEW_LOOKBACK):
            continue
        question = BY_CODE[f["code"]].question if f["code"] in BY_CODE else f["code"]
        found.append(RedFlagSection(int(f["id"]), f["code"], question, int(f["grp"]), day, cleared, f["reviewed"]))
    return found


def goal_sections(inputs: ReportInputs, activities: Sequence[ActivitySection]) -> list[GoalSection]:
    quotas = {a.name: a.quota_now for a in activities}
    found = []
    for g in inputs.goals:
        done = g["done_day"]
        if done is not None and done < inputs.start:
            continue
        quota = quotas.get(g["activity"]) if g["activity"] else None
        found.append(GoalSection(int(g["id"]), g["text"], g["activity"], g["target"], g["unit"], quota, done))
    return found


def measure_sections(inputs: ReportInputs) -> tuple[list[Tracked], list[Questionnaire]]:
    """Each measure's scores in the period, starting from the latest one before it (the
    starting point the period's change is measured from)."""
    rows = [q for q in inputs.questionnaires if inputs.start <= date.fromisoformat(q["day"]) <= inputs.end]
    found = []
    for kind in ("peg", "psfs"):
        before = [q for q in inputs.questionnaires if q["kind"] == kind and q["day"] < inputs.start.isoformat()]
        scores = [score_of(q) for q in [*before[-1:], *(q for q in rows if q["kind"] == kind)]]
        found.append(track(kind, scores, inputs.settings))
    listed = [
        Questionnaire(q["kind"], q["at"], float(q["score"]), tuple((i["item"], int(i["value"])) for i in q["items"]))
        for q in rows
    ]
    return found, listed


def task_sections(inputs: ReportInputs) -> list[TaskSection]:
    """Tests with a result in the period, from the latest result before it."""
    found = []
    names = sorted({r.name for r in inputs.tasks if inputs.start <= r.day <= inputs.end})
    for name in names:
        results = [r for r in inputs.tasks if r.name == name and r.day <= inputs.end]
        before = [r for r in results if r.day < inputs.start][-1:]
        inside = [r for r in results if r.day >= inputs.start]
        [c] = task_changes([*before, *inside])
        found.append(
            TaskSection(
                name,
                c["unit"],
                c["better"],
                c["first"],
                date.fromisoformat(c["first_day"]),
                c["latest"],
                date.fromisoformat(c["latest_day"]),
                len(inside),
                c["improvement"],
            )
        )
    return found
