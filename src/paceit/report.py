"""The appointment report: one structure, built from the history, with no formatting.

Renderers (`render/report_*.py`) turn a `Report` into text, Markdown, HTML, JSON or
FHIR. Pure: `reporting.report_inputs` builds a `ReportInputs` from the reads; the period and
"today" are parameters. The pain section is built in `report_pain`, the pacing and
flare sections in `report_pacing` (their readings are written down there), the ladder,
red flags, goals, questionnaires, tests and medicines in `report_sections`.

Readings written down (the conservative ones):
- The period never reaches past today: a later `--until` is cut to today and the
  report says so (`asked_end`), since the replay would otherwise show plan changes
  on days that have not happened.
- In a period longer than 12 weeks the report summarises, so it stays within two
  printed pages: 4-week rows instead of weekly ones (`report_pain`), and steps back
  counted by cause, with only those of the last 4 weeks listed one by one
  (`details_from`). The JSON carries every week and every change all the same.
- PEG and PSFS are compared from the latest score before the period (or the first
  inside it, when there is none before) to the last score inside it; functional
  tests the same way, each with its own direction of improvement (no minimal
  important difference is set for them, so none is claimed).
- Medicines: the days each was taken in the period, as needed or regular. Doses are
  not shown and nothing is said about them (paceit never gives dosing advice).
- Red flags: those ticked in the period, those still open at its start, and those
  reviewed in the 28 days before it (so a recent review is never missed).
- The acute:chronic load ratio is shown as information only, with its caveat, as
  on the day the period ends (clinical-rules §3; `training_load.load_ratio`); so are
  monotony and strain, of the period's last 7 days (`training_load.monotony`), today
  included when the period ends today, as for the load ratio.
- Progress (`progress.report_progress`): the improvements that reach the change that
  matters, near the top: morning pain over the pain section's two windows (flare
  days ticked or declared left out, at least 4 mornings in each), and PEG and PSFS
  from their period changes (`measures`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from paceit import ladder
from paceit.flare import FlareScan
from paceit.function_records import TaskResult
from paceit.load_seed import LoadSeed, first_load
from paceit.outcomes import Tracked
from paceit.plan import Replayed
from paceit.progress import report_progress
from paceit.records import DeclaredFlare, DiaryIndex
from paceit.recordtype import field, record
from paceit.report_details import (
    FlareNote,
    SessionSummary,
    SiteShare,
    flare_notes,
    session_summary,
    site_shares,
)
from paceit.report_pacing import ActivitySection, FlareSection, QuotaChange, activity_sections, flare_sections
from paceit.report_pain import PainSection, WeekRow, pain_section, row_spans, window_words
from paceit.report_sections import (
    GoalSection,
    MedicineSection,
    Questionnaire,
    RedFlagSection,
    StepSection,
    TaskSection,
    goal_sections,
    ladder_sections,
    measure_sections,
    red_flag_sections,
    task_sections,
)
from paceit.report_strategies import StrategySection, strategy_sections
from paceit.training_load import LoadRatio, Monotony, load_ratio, monotony

__all__ = [
    "ActivitySection",
    "FlareSection",
    "PainSection",
    "QuotaChange",
    "Report",
    "ReportInputs",
    "WeekRow",
    "build",
]

# The sections of the human formats, in their order; `--sections` picks some. Red flags
# are always shown (a safety item is never left out of a report by a choice of sections).
SECTIONS = ("notes", "progress", "pain", "activities", "flares", "tests", "ladder", "goals", "questionnaires")
ALWAYS = ("redflags",)
DETAIL_DAYS = 28  # in a long period, steps back of the last 4 weeks are listed one by one
HEALTH_DATA = (
    "This report holds personal health data from paceit, a self-management diary. "
    "Keep it private; share it only with people you choose."
)


@record
class ReportInputs:
    start: date
    end: date
    today: date
    asked_end: date | None  # the --until asked, when it was after today
    settings: Mapping[str, Any]
    weekly: list[dict[str, Any]]  # report_queries.diary_rows, 7-day rows of the period
    long_rows: list[dict[str, Any]]  # the same in 4-week rows (empty for a short period)
    daily_pain: dict[date, float]
    diary_start: dict[date, float]  # daily mean pain over the diary's first two weeks
    readings: list[tuple[str, int]]  # (local ISO time with offset, pain) in the period
    replayed: list[Replayed]
    scan: FlareScan
    amounts: dict[tuple[int, date], float]
    loads: dict[date, float]  # session load per day up to the period's end (from `load_seed.loads_from()` on)
    steps: list[dict[str, Any]]  # ladder steps in order of fear
    trials: dict[int, list[ladder.Trial]]
    hold_since: date | None
    red_flags: list[dict[str, Any]]  # with `cleared_day`
    goals: list[dict[str, Any]]
    questionnaires: list[dict[str, Any]]  # with `at` (local ISO) and `items`
    notes: list[dict[str, Any]]
    tasks: list[TaskResult] = field(default_factory=list)  # test results: the period's, and the latest before it
    medicines: list[dict[str, Any]] = field(default_factory=list)  # name, schedule, days in the period
    strategies: list[dict[str, Any]] = field(default_factory=list)  # name, helped: each use in the period
    # The period starts on the diary's first day, as the days asked for began before it;
    # `asked_start` is the --since given (None for the default period).
    at_diary_start: bool = False
    asked_start: date | None = None
    daily_sleep: dict[date, float] = field(default_factory=dict)  # daily mean sleep in the period
    mornings: DiaryIndex = field(default_factory=DiaryIndex)  # diary entries of the pain windows
    declared: list[DeclaredFlare] = field(default_factory=list)  # declared flares reaching the period
    trial_rows: list[dict[str, Any]] = field(default_factory=list)  # report_queries.period_trials
    # The header (issue 18): whose diary (`report.name`, "" for none), when the report was
    # made (local ISO time, a parameter like today) and paceit's version.
    name: str = ""
    made_at: str = ""
    version: str = ""
    sections: tuple[str, ...] = ()  # the sections asked for (`SECTIONS` order); () = all
    morning_pain: dict[date, float] = field(default_factory=dict)  # each day's morning pain in the period
    sessions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # report_queries.period_sessions
    sites: list[tuple[date, list[str]]] = field(default_factory=list)  # (day, sites) of each entry
    flare_texts: dict[str, Any] = field(default_factory=dict)  # report_queries.flare_texts
    trial_details: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    load_seed: LoadSeed | None = None  # the load ratio's averages from a checkpoint before the loads


@record
class Report:
    start: date
    end: date
    asked_end: date | None
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
    load: LoadRatio
    tasks: list[TaskSection]
    medicines: list[MedicineSection]
    details_from: date  # steps back from this day on are listed one by one
    health_data: str = HEALTH_DATA
    at_diary_start: bool = False  # the period starts on the diary's first day (see ReportInputs)
    asked_start: date | None = None
    caveats: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)  # improvements that reach the change that matters
    monotony: Monotony | None = None  # of the period's last 7 days
    name: str = ""
    made_at: str = ""
    version: str = ""
    sections: tuple[str, ...] = SECTIONS
    sites: list[SiteShare] = field(default_factory=list)
    sessions: dict[str, SessionSummary] = field(default_factory=dict)  # by activity name
    flare_notes: dict[date, list[FlareNote]] = field(default_factory=dict)  # by the flare's first day
    triggers: list[str] = field(default_factory=list)  # the flare plan's, as written
    strategies: list[StrategySection] = field(default_factory=list)  # report_strategies.py
    flare_days_set: frozenset[date] = frozenset()  # days of the period inside a flare episode
    daily_pain: dict[date, float] = field(default_factory=dict)  # the period's daily mean pain
    task_results: list[TaskResult] = field(default_factory=list)  # each functional test result in the period

    def shows(self, section: str) -> bool:
        return section in ALWAYS or section in self.sections

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def summarised(self) -> bool:
        return self.details_from > self.start

    @property
    def flares_in_period(self) -> list[FlareSection]:
        return [f for f in self.flares if not f.before_period]

    @property
    def flare_days(self) -> int:
        return sum(f.days_in_period for f in self.flares_in_period)


def progress_of(inputs: ReportInputs, pain: PainSection, measures: Sequence[Tracked]) -> list[str]:
    size = pain.window_days
    words = (window_words(size, "first"), window_words(size, "last"))
    spans = (pain.baseline_days, pain.recent_days, *words)
    return report_progress(
        diary=inputs.mornings, declared=inputs.declared, windows=spans, measures=measures, settings=inputs.settings
    )


def sessions_of(inputs: ReportInputs, activities: Sequence[ActivitySection]) -> dict[str, SessionSummary]:
    factor = float(inputs.settings.get("boom.factor", 1.2))
    found = {}
    for a in activities:
        quotas = {inputs.start + timedelta(days=i): q for i, q in enumerate(a.daily_quota)}
        found[a.name] = session_summary(inputs.sessions.get(a.id, []), quotas, factor)
    return found


def flare_days_of(inputs: ReportInputs) -> frozenset[date]:
    days = set()
    for e in inputs.scan.episodes:
        day, last = max(e.start, inputs.start), min(e.end or inputs.end, inputs.end)
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def notes_of(inputs: ReportInputs, flares: Sequence[FlareSection]) -> dict[date, list[FlareNote]]:
    texts = inputs.flare_texts
    return {
        f.start: flare_notes(f.start, f.end or inputs.end, texts.get("declared", []), texts.get("diary", []))
        for f in flares
    }


def build(inputs: ReportInputs) -> Report:
    pain = pain_section(
        start=inputs.start,
        end=inputs.end,
        settings=inputs.settings,
        weekly=inputs.weekly,
        long_rows=inputs.long_rows,
        daily_pain=inputs.daily_pain,
        diary_start=inputs.diary_start,
        scan=inputs.scan,
        daily_sleep=inputs.daily_sleep,
        morning_pain=inputs.morning_pain,
    )
    activities = activity_sections(
        inputs.replayed,
        inputs.amounts,
        start=inputs.start,
        end=inputs.end,
        today=inputs.today,
        week_ends=row_spans(inputs.start, inputs.end, 7),
    )
    measures, questionnaires = measure_sections(inputs)
    flares = flare_sections(inputs.scan, inputs.replayed, start=inputs.start, end=inputs.end)
    details_from = (
        inputs.start if pain.row_days == 7 else max(inputs.start, inputs.end - timedelta(days=DETAIL_DAYS - 1))
    )
    return Report(
        start=inputs.start,
        end=inputs.end,
        asked_end=inputs.asked_end,
        pain=pain,
        activities=activities,
        ladder=ladder_sections(inputs),
        flares=flares,
        red_flags=red_flag_sections(inputs),
        goals=goal_sections(inputs, activities),
        measures=measures,
        notes=inputs.notes,
        readings=inputs.readings,
        questionnaires=questionnaires,
        load=load_ratio(inputs.loads, inputs.end, inputs.settings, inputs.load_seed),
        tasks=task_sections(inputs),
        medicines=[MedicineSection(m["name"], m["schedule"], int(m["days"])) for m in inputs.medicines],
        strategies=strategy_sections(inputs.strategies),
        details_from=details_from,
        at_diary_start=inputs.at_diary_start,
        asked_start=inputs.asked_start,
        progress=progress_of(inputs, pain, measures),
        monotony=monotony(inputs.loads, inputs.end, today=inputs.today, first=first_load(inputs.load_seed)),
        name=inputs.name,
        made_at=inputs.made_at,
        version=inputs.version,
        sections=inputs.sections or SECTIONS,
        sites=site_shares(inputs.sites, pain.baseline_days, pain.recent_days),
        sessions=sessions_of(inputs, activities),
        flare_notes=notes_of(inputs, flares),
        triggers=list(inputs.flare_texts.get("triggers", [])),
        flare_days_set=flare_days_of(inputs),
        daily_pain=dict(inputs.daily_pain),
        task_results=[r for r in inputs.tasks if inputs.start <= r.day <= inputs.end],
        caveats=[
            "Sleep and mood are asked 0 = worst, 10 = best (the published sleep item runs the other way).",
            "paceit supports self-management; it does not diagnose. Red-flag answers are a safety net.",
        ],
    )
