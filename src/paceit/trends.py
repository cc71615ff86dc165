"""Weekly summaries: the rows of `paceit trends` and the weekly part of the report.

Pure: the store aggregates per week in SQL (`trend_queries.py`); this module
joins those rows with what only the rules know (each day's quota from the pacing
replay, flare days from the flare scan) and computes the acute:chronic ratio.

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
  are written down at `monotony`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import fmean, pstdev
from typing import Any

from paceit.flare import FlareScan
from paceit.plan import Replayed
from paceit.records import DiaryIndex
from paceit.settings import WEEKDAYS

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a week with nothing logged in a sparkline
FLARE_LEGEND = (
    "flare: days inside a flare episode (declared with 'flare start', ticked in the diary, or pain "
    "well above your usual on several days in a row), counted as in the report."
)
CAVEAT = (
    "Information only: the acute:chronic load ratio comes from team-sport athletes, is not "
    "validated in chronic pain and never changes your plan (docs/rules.md, training load)."
)

MONOTONY_CAVEAT = (
    "Information only: monotony (how alike the days' loads are: their mean / SD over 7 days) and "
    "strain (the week's load x monotony) come from sports training, are not validated in chronic "
    "pain and never change your plan."
)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class LoadRatio:
    acute: float | None
    chronic: float | None
    ratio: float | None
    days: int
    spike: bool
    text: str
    caveat: str = CAVEAT


@dataclass(frozen=True)
class Monotony:
    """Monotony and strain of the 7 days `start` to `end`; None where not computed (`text` says why)."""

    start: date
    end: date
    load: float  # the 7 days' load
    monotony: float | None
    strain: float | None
    text: str
    whole: bool = True  # the 7 days lie between the first rated session and today
    caveat: str = MONOTONY_CAVEAT


@dataclass(frozen=True)
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


def load_ratio(loads: Mapping[date, float], today: date, settings: Mapping[str, Any]) -> LoadRatio:
    """EWMA acute (7 d) and chronic (28 d) load, seeded with the mean of the first 7
    days (clinical-rules §3), from the first day with a load to `today`."""
    if not loads:
        return LoadRatio(None, None, None, 0, False, "No session with an effort rating yet, so no load ratio.")
    first = min(loads)
    days = (today - first).days + 1
    series = [loads.get(first + timedelta(days=i), 0.0) for i in range(max(days, 0))]
    seed = sum(series[:7]) / min(7, len(series)) if series else 0.0
    acute = chronic = seed
    la, lc = 2 / (7 + 1), 2 / (28 + 1)
    for value in series[7:]:
        acute = la * value + (1 - la) * acute
        chronic = lc * value + (1 - lc) * chronic
    need, floor = int(settings["acwr.min_days"]), float(settings["acwr.min_chronic"])
    if days < need:
        return LoadRatio(
            None, None, None, days, False, f"Load ratio shown after {need} days of sessions ({days} so far)."
        )
    if chronic < floor:
        text = f"Chronic load {chronic:.0f} is below {floor:g}, too small for a stable ratio; none shown."
        return LoadRatio(round(acute, 1), round(chronic, 1), None, days, False, text)
    ratio = round(acute / chronic, 2)
    spike = ratio > float(settings["acwr.spike"])
    text = f"Acute:chronic load ratio {ratio:.2f} (acute {acute:.0f}, chronic {chronic:.0f})."
    if spike:
        text += " A load spike: this week's load is well above your usual."
    return LoadRatio(round(acute, 1), round(chronic, 1), ratio, days, spike, text)


def monotony(loads: Mapping[date, float], end: date, *, today: date | None = None) -> Monotony:
    """Monotony (mean / SD of the daily load) and strain (the 7 days' load x monotony) of
    the 7 days ending on `end` (clinical-rules §3, display only: they never change a plan).

    Readings written down (the conservative ones):
    - A day's load is the sum of its session loads, effort x minutes, for sessions with an
      effort rating (as the weekly load and the acute:chronic ratio count it); a day with
      none counts 0, a rest day.
    - SD is the population SD (divided by 7, not 6): the 7 days are the whole week that is
      described, not a sample drawn from it. It is also the smaller of the two, so the
      monotony shown is never lower than the sample SD would make it.
    - When the SD is 0 (the same load every day, or a week of rest) monotony is undefined,
      shown "-": mean / 0 has no value, and a week of rest has no load to be monotonous.
    - Not computed when the 7 days begin before the first day with a load (days before
      paceit knew of any rated session are not rest days), or end after `today` (the week
      is not over: the days still to come are not rest days).
    """
    start = end - timedelta(days=6)
    days = [loads.get(start + timedelta(days=i), 0.0) for i in range(7)]
    load = sum(days)
    span = f"{start} to {end}"
    if today is not None and end > today:
        text = f"Monotony and strain: the week from {start} is not over yet."
        return Monotony(start, end, load, None, None, text, whole=False)
    if not loads or start < min(loads):
        text = f"Monotony and strain: none for the 7 days from {start}, before your first rated session."
        return Monotony(start, end, load, None, None, text, whole=False)
    sd = pstdev(days)
    if load <= 0:
        text = f"Monotony and strain: none from {span}, with no load on any day."
        return Monotony(start, end, load, None, None, text)
    if sd < 1e-9:
        text = f"Monotony: not defined from {span}, with the same load every day (no day-to-day change)."
        return Monotony(start, end, load, None, None, text)
    ratio = fmean(days) / sd
    strain = load * ratio
    text = f"Monotony {ratio:.2f} and strain {strain:.0f} from {span} (load {load:.0f})."
    return Monotony(start, end, load, round(ratio, 2), round(strain, 1), text)


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


@dataclass(frozen=True)
class TrendInputs:
    """What the store read for weeks `starts` up to `today` (see trend_queries.trend_inputs)."""

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


def build(inputs: TrendInputs) -> Trends:
    """The whole view: weeks, a sparkline of mean pain (0-10 scale) and one of load."""
    first, last = inputs.starts[0], inputs.today
    done = adherence(inputs.replayed, inputs.amounts, first, last, today=inputs.today)
    flares = flare_days(inputs.scan, inputs.diary, last)
    weeks = assemble(inputs.starts, inputs.diary_rows, inputs.session_rows, inputs.trials, done, flares)
    found = [monotony(inputs.loads, w.start + timedelta(days=6), today=inputs.today) for w in weeks]
    weeks = [replace(w, monotony=m.monotony, strain=m.strain) for w, m in zip(weeks, found, strict=True)]
    whole = [m for m in found if m.whole]
    ratio = load_ratio(inputs.loads, inputs.today, inputs.settings)
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


def load_ratio_json(r: LoadRatio) -> dict[str, Any]:
    """The acute:chronic ratio as trends and the report give it in JSON."""
    return {
        "acute": r.acute,
        "chronic": r.chronic,
        "ratio": r.ratio,
        "days": r.days,
        "spike": r.spike,
        "text": r.text,
        "caveat": r.caveat,
    }


def monotony_json(m: Monotony | None) -> dict[str, Any] | None:
    """Monotony and strain as trends (the latest whole week) and the report give them."""
    if m is None:
        return None
    return {
        "week_start": m.start.isoformat(),
        "week_end": m.end.isoformat(),
        "load": m.load,
        "monotony": m.monotony,
        "strain": m.strain,
        "sd": "population",
        "text": m.text,
        "caveat": m.caveat,
        "information_only": True,
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
