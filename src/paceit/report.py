"""The appointment report: one structure, built from the history, with no formatting.

Renderers (`render/report_*.py`) turn a `Report` into text, Markdown, HTML, JSON or
FHIR. Pure: the store loads a `ReportInputs` (`report_queries.py`); the period and
"today" are parameters.

Readings written down (the conservative ones):
- Baseline pain is the mean of the daily mean pain over the first 14 days of the
  period, recent pain over its last 14 days (each half of the period when it is
  shorter than 28 days); days without entries are left out. The change is judged
  against the pain MID (2 points or 30 %, clinical-rules §6).
- Weekly rows cover the days of the period only: a first or last week cut by the
  period shows just its days.
- An activity's "steps back" are the days its replay reduced or paused the quota,
  each with the replay's own reason; every other change is listed too.
- A flare's recovery time is the number of days from its first day to the first
  day on which every activity's quota was back at its level before the flare
  (from the same replay); None while it is not.
- A flare is listed when it overlaps the period, or ended in the 28 days before it
  and the quotas were not yet back at their pre-flare level when it began: the
  recovery belongs to the period.
- PEG and PSFS are compared from the latest score before the period (or the first
  inside it, when there is none before) to the last score inside it.
- Red flags: those ticked in the period, those still open at its start, and those
  reviewed in the 28 days before it (so a recent review is never missed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from paceit import ladder
from paceit.flare import Episode, FlareScan
from paceit.outcomes import Change, Score, Tracked, pain_change, track
from paceit.pacing import DayPlan
from paceit.plan import Replayed
from paceit.redflags import BY_CODE
from paceit.trends import adherence, week_of

WINDOW_DAYS = 14
RECOVERY_LOOKBACK = 28  # days before the period that a flare's recovery or a red flag's review may reach back
HEALTH_DATA = (
    "This report holds personal health data from paceit, a self-management diary. "
    "Keep it private; share it only with people you choose."
)


@dataclass(frozen=True)
class ReportInputs:
    start: date
    end: date
    settings: Mapping[str, Any]
    weekly: list[dict[str, Any]]  # trend_queries.weekly_diary over the period
    daily_pain: dict[date, float]
    readings: list[tuple[str, int]]  # (local ISO time with offset, pain) in the period
    replayed: list[Replayed]
    scan: FlareScan
    amounts: dict[tuple[int, date], float]
    steps: list[dict[str, Any]]  # ladder steps in order of fear
    trials: dict[int, list[ladder.Trial]]
    hold_since: date | None
    red_flags: list[dict[str, Any]]  # with `cleared_day`
    goals: list[dict[str, Any]]
    questionnaires: list[dict[str, Any]]  # with `at` (local ISO) and `items`
    notes: list[dict[str, Any]]


@dataclass(frozen=True)
class WeekRow:
    start: date
    mean: float | None
    min: int | None
    max: int | None
    n: int
    sleep: float | None
    mood: float | None
    fatigue: float | None


@dataclass(frozen=True)
class PainSection:
    weekly: list[WeekRow]
    baseline: float | None
    recent: float | None
    change: Change | None
    baseline_days: tuple[date, date]
    recent_days: tuple[date, date]


@dataclass(frozen=True)
class QuotaChange:
    day: date
    decision: str
    target: float | None
    previous: float | None
    reason: str

    @property
    def step_back(self) -> bool:
        return self.decision in {"reduce", "pause"}


@dataclass(frozen=True)
class ActivitySection:
    name: str
    unit: str
    started: date
    first_quota: float | None
    quota_at_start: float | None
    quota_now: float | None
    decision_now: str
    planned_days: int
    done_days: int
    changes: list[QuotaChange]
    weekly_quota: list[tuple[date, float | None]]

    @property
    def adherence(self) -> float | None:
        return round(self.done_days / self.planned_days, 2) if self.planned_days else None

    @property
    def steps_back(self) -> list[QuotaChange]:
        return [c for c in self.changes if c.step_back]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class FlareSection:
    start: date
    end: date | None
    days: int
    kind: str
    recovery_days: int | None
    quota_back: date | None


@dataclass(frozen=True)
class RedFlagSection:
    id: int
    code: str
    question: str
    group: int
    day: date
    cleared: date | None
    reviewed: str | None


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Questionnaire:
    kind: str
    at: str
    score: float
    items: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    pain: PainSection
    activities: list[ActivitySection]
    ladder: list[StepSection]
    flares: list[FlareSection]
    red_flags: list[RedFlagSection]
    goals: list[GoalSection]
    measures: list[Tracked]
    notes: list[dict[str, Any]]
    readings: list[tuple[str, int]]
    questionnaires: list[Questionnaire]
    health_data: str = HEALTH_DATA
    caveats: list[str] = field(default_factory=list)


def _mean(values: Sequence[float]) -> float | None:
    return round(fmean(values), 2) if values else None


def _windows(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    days = (end - start).days + 1
    size = WINDOW_DAYS if days >= 2 * WINDOW_DAYS else max(days // 2, 1)
    return (start, start + timedelta(days=size - 1)), (end - timedelta(days=size - 1), end)


def pain_section(inputs: ReportInputs) -> PainSection:
    first, last = _windows(inputs.start, inputs.end)
    baseline = _mean([v for d, v in inputs.daily_pain.items() if first[0] <= d <= first[1]])
    recent = _mean([v for d, v in inputs.daily_pain.items() if last[0] <= d <= last[1]])
    change = pain_change(baseline, recent, inputs.settings) if baseline is not None and recent is not None else None
    weekly = [
        WeekRow(
            date.fromisoformat(r["week_start"]),
            None if r["mean"] is None else round(r["mean"], 1),
            r["min"],
            r["max"],
            int(r["n"]),
            *(None if r[k] is None else round(r[k], 1) for k in ("sleep", "mood", "fatigue")),
        )
        for r in inputs.weekly
    ]
    return PainSection(weekly, baseline, recent, change, first, last)


def _first_reason(plan: DayPlan) -> str:
    return plan.reasons[0] if plan.reasons else plan.decision


def _changes(plans: Sequence[DayPlan], start: date) -> list[QuotaChange]:
    found = []
    for i, plan in enumerate(plans):
        before = plans[i - 1] if i else None
        moved = plan.changed or (before is not None and (before.decision == "pause") != (plan.decision == "pause"))
        if moved and plan.day >= start:
            previous = plan.previous if plan.changed else (before.target if before else None)
            found.append(QuotaChange(plan.day, plan.decision, plan.target, previous, _first_reason(plan)))
    return found


def _target_on(plans: Sequence[DayPlan], day: date) -> float | None:
    """The target on `day` (the last one known after the replay's end). The replay
    has one plan per consecutive day, so this is an index, not a search."""
    if not plans or day < plans[0].day:
        return None
    return plans[min((day - plans[0].day).days, len(plans) - 1)].target


def activity_sections(inputs: ReportInputs) -> list[ActivitySection]:
    sections = []
    for item in inputs.replayed:
        a, plans = item.activity, item.plans
        if a.start > inputs.end or (a.archived is not None and a.archived < inputs.start) or not plans:
            continue
        done = adherence([item], inputs.amounts, inputs.start, inputs.end)
        planned = sum(p for p, _ in done.values())
        weeks = []
        week = week_of(inputs.start)
        while week <= inputs.end:
            weeks.append((week, _target_on(plans, min(week + timedelta(days=6), inputs.end))))
            week += timedelta(weeks=1)
        last = plans[-1]
        sections.append(
            ActivitySection(
                name=a.name,
                unit=a.unit,
                started=a.start,
                first_quota=next((p.target for p in plans if p.target is not None), None),
                quota_at_start=_target_on(plans, inputs.start),
                quota_now=last.target,
                decision_now=last.decision,
                planned_days=planned,
                done_days=sum(d for _, d in done.values()),
                changes=_changes([p for p in plans if p.day <= inputs.end], inputs.start),
                weekly_quota=weeks,
            )
        )
    return sections


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
            )
        )
    return sections


def _quota_back(episode: Episode, replayed: Sequence[Replayed], end: date) -> date | None:
    """The first day after the flare on which every quota is back at its level of
    the day before the flare began."""
    last = episode.end or end
    day = last + timedelta(days=1)
    while day <= end:
        if all(
            (before := _target_on(r.plans, episode.start - timedelta(days=1))) is None
            or ((now := _target_on(r.plans, day)) is not None and now >= before)
            for r in replayed
        ):
            return day
        day += timedelta(days=1)
    return None


def flare_sections(inputs: ReportInputs) -> list[FlareSection]:
    sections = []
    for episode in inputs.scan.episodes:
        if episode.start > inputs.end or (episode.end and (inputs.start - episode.end).days > RECOVERY_LOOKBACK):
            continue
        back = _quota_back(episode, inputs.replayed, inputs.end) if episode.end else None
        if episode.end and episode.end < inputs.start and back is not None and back < inputs.start:
            continue
        sections.append(
            FlareSection(
                start=episode.start,
                end=episode.end,
                days=episode.length(inputs.end),
                kind=episode.kind,
                recovery_days=(back - episode.start).days if back else None,
                quota_back=back,
            )
        )
    return sections


def red_flag_sections(inputs: ReportInputs) -> list[RedFlagSection]:
    found = []
    for f in inputs.red_flags:
        day = date.fromisoformat(f["day"])
        cleared = f["cleared_day"]
        if day > inputs.end or (cleared is not None and (inputs.start - cleared).days > RECOVERY_LOOKBACK):
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


def _score(q: Mapping[str, Any]) -> Score:
    items = tuple((i["item"], int(i["value"])) for i in q["items"])
    return Score(date.fromisoformat(q["day"]), float(q["score"]), items)


def measure_sections(inputs: ReportInputs) -> tuple[list[Tracked], list[Questionnaire]]:
    """Each measure's scores in the period, starting from the latest one before it (the
    starting point the period's change is measured from)."""
    rows = [q for q in inputs.questionnaires if inputs.start <= date.fromisoformat(q["day"]) <= inputs.end]
    found = []
    for kind in ("peg", "psfs"):
        before = [q for q in inputs.questionnaires if q["kind"] == kind and q["day"] < inputs.start.isoformat()]
        scores = [_score(q) for q in [*before[-1:], *(q for q in rows if q["kind"] == kind)]]
        found.append(track(kind, scores, inputs.settings))
    listed = [
        Questionnaire(q["kind"], q["at"], float(q["score"]), tuple((i["item"], int(i["value"])) for i in q["items"]))
        for q in rows
    ]
    return found, listed


def build(inputs: ReportInputs) -> Report:
    activities = activity_sections(inputs)
    measures, questionnaires = measure_sections(inputs)
    return Report(
        start=inputs.start,
        end=inputs.end,
        pain=pain_section(inputs),
        activities=activities,
        ladder=ladder_sections(inputs),
        flares=flare_sections(inputs),
        red_flags=red_flag_sections(inputs),
        goals=goal_sections(inputs, activities),
        measures=measures,
        notes=inputs.notes,
        readings=inputs.readings,
        questionnaires=questionnaires,
        caveats=[
            "Sleep and mood are asked 0 = worst, 10 = best (the published sleep item runs the other way).",
            "paceit supports self-management; it does not diagnose. Red-flag answers are a safety net.",
        ],
    )
