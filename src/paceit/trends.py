"""Weekly summaries: the rows of `paceit trends` and the weekly part of the report.

Pure: the store aggregates per week in SQL (`trend_queries.py`); this module
joins those rows with what only the rules know (each day's quota from the pacing
replay, flare days from the flare scan) and adds the training load figures of
`training_load.py` (the acute:chronic ratio, monotony and strain).

Readings written down:
- Weeks run Monday to Sunday; the current week is included, however far it got.
- Pain mean/min/max are over the diary entries of the week (`n` of them).
- Minutes and load count activities measured in minutes; load = effort x minutes
  (sRPE, clinical-rules §3) for sessions with an effort rating.
- A planned day is a day of `plan.days` on which the replay gave the activity a
  target (not paused, not still finding its baseline); it is done when that day's
  sessions add up to at least `gate.done_share` (80 %) of the target. Counted per
  activity and day. Today counts only once it is done: until the day is over, a
  session not yet logged is not a missed one.
- Flare days are the days inside a flare episode (declared with `flare start`,
  ticked in the diary, or detected from pain, clinical-rules §8), the same days
  the report counts; `declared` counts those the person named themself. A day of
  high pain (>= the flare baseline + 2) that did not make an episode is counted
  apart (`single_flare_days`), never as a flare day.
- The acute:chronic load ratio (EWMA, §3) is information only: it never changes a
  plan. No number is shown before `acwr.min_days` days of history or when the
  chronic load is below `acwr.min_chronic` (the ratio is unstable then).
- Monotony and strain (§3) are information only too, per whole week; their readings
  are written down at `training_load.monotony`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from paceit.flare import FlareScan
from paceit.load_seed import LoadSeed, first_load
from paceit.plan import Replayed
from paceit.records import DiaryIndex
from paceit.recordtype import record, replace
from paceit.settings import WEEKDAYS
from paceit.training_load import LoadRatio, Monotony, load_ratio, load_ratio_json, monotony, monotony_json

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a week with nothing logged in a sparkline
FLARE_LEGEND = (
    "flare: days inside a flare episode (declared with 'flare start', ticked in the diary, or pain "
    "well above your usual on several days in a row), counted as in the report."
)


@record
class Week:
    start: date
    pain_mean: float | None = None
    pain_min: int | None = None
    pain_max: int | None = None
    pain_n: int = 0
    days_logged: int = 0
    sleep: float | None = None
    mood: float | None = None
    fatigue: float | None = None
    sessions: int = 0
    minutes: float = 0.0
    load: float = 0.0
    planned_days: int = 0
    done_days: int = 0
    trials: int = 0
    flare_days: int = 0
    declared_flare_days: int = 0
    single_flare_days: int = 0
    monotony: float | None = None  # of the whole week (see `monotony`)
    strain: float | None = None

    @property
    def done_share(self) -> float | None:
        return round(self.done_days / self.planned_days, 2) if self.planned_days else None


@record
class Trends:
    first: date
    last: date
    weeks: list[Week]
    pain_line: str
    load_line: str
    ratio: LoadRatio
    began: date | None = None  # the diary's first day, when the weeks asked for reach back before it
    monotony: Monotony | None = None  # the latest whole week's, for the text view


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def week_starts(today: date, count: int, since: date | None = None) -> list[date]:
    """`count` Mondays, the last one starting the week that holds `today`; none before the
    week of `since` (the diary's first day: the weeks before it hold nothing to show)."""
    last = week_of(today)
    starts = [last - timedelta(weeks=count - 1 - i) for i in range(count)]
    if since is not None:
        starts = [s for s in starts if s >= week_of(since)] or [last]
    return starts


def _rounded(value: Any, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def sparkline(values: Sequence[float | None], lo: float | None = None, hi: float | None = None) -> str:
    """One bar per value, scaled from `lo` to `hi` (default: the values' own range);
    a missing value is a dot, so a week without entries never looks like a low one."""
    known = [v for v in values if v is not None]
    if not known:
        return GAP * len(values)
    low = min(known) if lo is None else lo
    high = max(known) if hi is None else hi
    span = high - low
    bars = []
    for value in values:
        if value is None:
            bars.append(GAP)
        elif span <= 0:
            bars.append(BARS[0])
        else:
            share = min(max((value - low) / span, 0.0), 1.0)
            bars.append(BARS[round(share * (len(BARS) - 1))])
    return "".join(bars)


def adherence(
    replayed: Iterable[Replayed],
    amounts: Mapping[tuple[int, date], float],
    first: date,
    last: date,
    today: date | None = None,
) -> dict[date, tuple[int, int]]:
    """Per week start: (planned activity-days, of which done at >= the done share of the quota).
    `today` (not over yet) counts only when it is already done."""
    result: dict[date, tuple[int, int]] = {}
    for item in replayed:
        archived = item.activity.archived
        for plan in item.plans:
            day = plan.day
            if day < first or day > last or plan.target is None or (archived and day >= archived):
                continue
            if WEEKDAYS[day.weekday()] not in item.rules.plan_days:
                continue
            done = amounts.get((item.activity.id, day), 0.0) >= item.rules.done_share * plan.target - 1e-9
            if day == today and not done:
                continue
            planned, count = result.get(week_of(day), (0, 0))
            result[week_of(day)] = (planned + 1, count + int(done))
    return result


def flare_days(scan: FlareScan, diary: DiaryIndex, last: date) -> tuple[set[date], set[date], set[date]]:
    """Up to `last`: (the days inside a flare episode, those the person declared or ticked,
    single flare days outside any episode)."""
    every: set[date] = set()
    declared = {d for d in diary.by_day if d <= last and diary.self_reported_flare(d)}
    for episode in scan.episodes:
        day, end = episode.start, min(episode.end or last, last)
        while day <= end:
            every.add(day)
            if episode.kind in {"declared", "reported"}:
                declared.add(day)
            day += timedelta(days=1)
    single = {d for d in (*scan.high_days, *scan.flare_days) if d <= last} - every
    return every, declared & every, single


def assemble(
    starts: Sequence[date],
    diary_rows: Iterable[Mapping[str, Any]],
    session_rows: Iterable[Mapping[str, Any]],
    trials: Mapping[str, int],
    done: Mapping[date, tuple[int, int]],
    flares: tuple[set[date], set[date], set[date]],
) -> list[Week]:
    """One `Week` per start, from the SQL rows (keyed by ISO week start) and the rest."""
    diary = {r["week_start"]: r for r in diary_rows}
    sessions = {r["week_start"]: r for r in session_rows}
    every, declared, single = flares
    weeks = []
    for start in starts:
        key = start.isoformat()
        d, s = diary.get(key, {}), sessions.get(key, {})
        planned, done_days = done.get(start, (0, 0))
        span = {start + timedelta(days=i) for i in range(7)}
        weeks.append(
            Week(
                start=start,
                pain_mean=_rounded(d.get("mean")),
                pain_min=d.get("min"),
                pain_max=d.get("max"),
                pain_n=int(d.get("n", 0)),
                days_logged=int(d.get("days", 0)),
                sleep=_rounded(d.get("sleep")),
                mood=_rounded(d.get("mood")),
                fatigue=_rounded(d.get("fatigue")),
                sessions=int(s.get("sessions", 0)),
                minutes=float(s.get("minutes", 0) or 0),
                load=float(s.get("load", 0) or 0),
                planned_days=planned,
                done_days=done_days,
                trials=trials.get(key, 0),
                flare_days=len(span & every),
                declared_flare_days=len(span & declared),
                single_flare_days=len(span & single),
            )
        )
    return weeks


@record
class TrendInputs:
    """What the store read for weeks `starts` up to `today` (see reporting.trend_inputs)."""

    today: date
    starts: list[date]  # from the week of the diary's first day at the earliest
    settings: Mapping[str, Any]
    diary_rows: list[dict[str, Any]]
    session_rows: list[dict[str, Any]]
    trials: dict[str, int]
    amounts: dict[tuple[int, date], float]
    loads: dict[date, float]
    replayed: list[Replayed]
    scan: FlareScan
    diary: DiaryIndex
    began: date | None = None  # the diary's first day, when it cut the weeks asked for
    load_seed: LoadSeed | None = None  # the load ratio's averages from a checkpoint before `loads`


def build(inputs: TrendInputs) -> Trends:
    """The whole view: weeks, a sparkline of mean pain (0-10 scale) and one of load."""
    first, last = inputs.starts[0], inputs.today
    done = adherence(inputs.replayed, inputs.amounts, first, last, today=inputs.today)
    flares = flare_days(inputs.scan, inputs.diary, last)
    weeks = assemble(inputs.starts, inputs.diary_rows, inputs.session_rows, inputs.trials, done, flares)
    first_day = first_load(inputs.load_seed)
    found = [monotony(inputs.loads, w.start + timedelta(days=6), today=inputs.today, first=first_day) for w in weeks]
    weeks = [replace(w, monotony=m.monotony, strain=m.strain) for w, m in zip(weeks, found, strict=True)]
    whole = [m for m in found if m.whole]
    ratio = load_ratio(inputs.loads, inputs.today, inputs.settings, inputs.load_seed)
    pain = sparkline([w.pain_mean for w in weeks], 0, 10)
    load = sparkline([w.load if w.sessions else None for w in weeks], 0)
    return Trends(first, last, weeks, pain, load, ratio, inputs.began, whole[-1] if whole else None)


def week_json(week: Week) -> dict[str, Any]:
    return {
        "week_start": week.start.isoformat(),
        "pain": {"mean": week.pain_mean, "min": week.pain_min, "max": week.pain_max, "n": week.pain_n},
        "days_logged": week.days_logged,
        "sleep": week.sleep,
        "mood": week.mood,
        "fatigue": week.fatigue,
        "sessions": week.sessions,
        "minutes": week.minutes,
        "load": week.load,
        "planned_days": week.planned_days,
        "done_days": week.done_days,
        "done_share": week.done_share,
        "trials": week.trials,
        "flare_days": week.flare_days,
        "declared_flare_days": week.declared_flare_days,
        "single_flare_days": week.single_flare_days,
        "monotony": week.monotony,
        "strain": week.strain,
    }


def trends_json(view: Trends) -> dict[str, Any]:
    return {
        "first": view.first.isoformat(),
        "last": view.last.isoformat(),
        "diary_began": view.began.isoformat() if view.began else None,
        "weeks": [week_json(w) for w in view.weeks],
        "sparklines": {"pain": view.pain_line, "load": view.load_line},
        "load_ratio": load_ratio_json(view.ratio),
        "monotony": monotony_json(view.monotony),
    }
