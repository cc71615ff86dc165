"""Training load figures, information only: the acute:chronic load ratio, monotony and
strain (clinical-rules §3), as `paceit trends` and the report show them.

Split from `trends.py` (the weekly rows) because the report shows them too and needs
nothing else of the weekly summaries. Load = effort x minutes (sRPE) per session with
an effort rating; none of these figures ever changes a plan. Pure: "today" is a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from statistics import fmean, pstdev
from typing import Any

from paceit.load_seed import LoadSeed, load_seeds
from paceit.recordtype import record

CAVEAT = (
    "Information only: the acute:chronic load ratio comes from team-sport athletes, is not "
    "validated in chronic pain and never changes your plan (paceit's rules page, section 8: paceit learn rules)."
)


MONOTONY_CAVEAT = (
    "Information only: monotony (how alike the days' loads are: their mean / SD over 7 days) and "
    "strain (the week's load x monotony) come from sports training, are not validated in chronic "
    "pain and never change your plan."
)


@record
class LoadRatio:
    """The acute:chronic load ratio of a week (information only; never changes a quota)."""

    acute: float | None
    chronic: float | None
    ratio: float | None
    days: int
    spike: bool
    text: str
    caveat: str = CAVEAT


@record
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


def load_ratio(
    loads: Mapping[date, float], today: date, settings: Mapping[str, Any], seed: LoadSeed | None = None
) -> LoadRatio:
    """EWMA acute (7 d) and chronic (28 d) load, seeded with the mean of the first 7
    days (clinical-rules §3), from the first day with a load to `today`; `loads` holds the
    days up to `today`, those from `seed.loads_from()` on when a `seed` is given."""
    state = load_seeds(loads, [today], seed)[0]
    if state.first is None:
        return LoadRatio(None, None, None, 0, False, "No session with an effort rating yet, so no load ratio.")
    days = (today - state.first).days + 1
    acute, chronic = state.acute, state.chronic
    if acute is None or chronic is None:  # fewer than 7 days: the seed is the mean of those there are
        acute = chronic = sum(loads.get(state.first + timedelta(days=i), 0.0) for i in range(days)) / days
    need, floor = int(settings["acwr.min_days"]), float(settings["acwr.min_chronic"])
    if days < need:
        return LoadRatio(
            None, None, None, days, False, f"Load ratio shown after {need} days of sessions ({days} so far)."
        )
    if chronic < floor or chronic <= 0:  # the floor may be set to 0; a ratio to no load is none
        below = f"is below {floor:g}, too small" if chronic < floor else "is too small"
        text = f"Chronic load {chronic:.0f} {below} for a stable ratio; none shown."
        return LoadRatio(round(acute, 1), round(chronic, 1), None, days, False, text)
    ratio = round(acute / chronic, 2)
    spike = ratio > float(settings["acwr.spike"])
    text = f"Acute:chronic load ratio {ratio:.2f} (acute {acute:.0f}, chronic {chronic:.0f})."
    if spike:
        text += " A load spike: this week's load is well above your usual."
    return LoadRatio(round(acute, 1), round(chronic, 1), ratio, days, spike, text)


def monotony(
    loads: Mapping[date, float], end: date, *, today: date | None = None, first: date | None = None
) -> Monotony:
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

    `first` is the first day with a load when `loads` holds only the days from a checkpoint's
    `LoadSeed` on (None: the first day in `loads`).
    """
    start = end - timedelta(days=6)
    days = [loads.get(start + timedelta(days=i), 0.0) for i in range(7)]
    load = sum(days)
    span = f"{start} to {end}"
    if today is not None and end > today:
        text = f"Monotony and strain: the week from {start} is not over yet."
        return Monotony(start, end, load, None, None, text, whole=False)
    first = min(loads, default=None) if first is None else first
    if first is None or start < first:
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
