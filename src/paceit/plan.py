"""Today's plan for every paced activity, the flare and red-flag state, and the
ladder step: the structure behind `paceit next` and `paceit plan history`.

Pure: it takes plain records and settings, and returns plain data (the JSON
contract of `next --json` in product.md); renderers format it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from paceit import flare, ladder, zones
from paceit.pacing import DayPlan, History, plan_for, replay
from paceit.quota import Rules
from paceit.records import ActivityRecord, DeclaredFlare, DiaryIndex, RedFlagRecord, SessionRecord
from paceit.redflags import ACTIONS, BY_CODE


@dataclass(frozen=True)
class FlareContext:
    """What decides whether a flare or a red flag holds things on a day: less than
    `Inputs`, so `ladder list` and `flare end` need not load every session."""

    day: date
    settings: Mapping[str, Any]
    diary: DiaryIndex
    declared: Sequence[DeclaredFlare]
    flags: Sequence[RedFlagRecord]


@dataclass(frozen=True)
class Inputs:
    day: date
    settings: Mapping[str, Any]
    activities: Sequence[ActivityRecord]
    sessions: Mapping[int, Sequence[SessionRecord]]
    diary: DiaryIndex
    declared: Sequence[DeclaredFlare]
    flags: Sequence[RedFlagRecord]
    steps: Sequence[Mapping[str, Any]]  # ladder steps in order of fear: id, text, fear
    trials: Mapping[int, Sequence[ladder.Trial]]


def _histories(inputs: Inputs) -> tuple[list[tuple[ActivityRecord, History, Rules]], flare.FlareScan]:
    scan = flare_scan(inputs)
    found = []
    for activity in inputs.activities:
        history = History(
            activity,
            inputs.sessions.get(activity.id, ()),
            inputs.diary,
            scan.episodes,
            frozenset(scan.flare_days),
            inputs.flags,
        )
        found.append((activity, history, Rules.for_activity(activity, inputs.settings)))
    return found, scan


def activity_json(activity: ActivityRecord, today: DayPlan, previous: float | None) -> dict[str, Any]:
    return {
        "name": activity.name,
        "unit": activity.unit,
        "target": today.target,
        "previous_target": previous,
        "decision": today.decision,
        "zone": today.zone,
        "reasons": list(today.reasons),
    }


def flare_json(scan: flare.FlareScan, day: date, rules: flare.FlareRules, factor: float) -> dict[str, Any]:
    episode = flare.active_episode(scan.episodes, day)
    if episode is None:
        return {"active": False, "since": None, "reasons": ["No flare at the moment."]}
    days = (day - episode.start).days + 1  # up to the asked day only, whatever came later
    reasons = [
        f"A flare since {episode.start} ({days} day{'s' if days != 1 else ''}): amounts are {factor:g} x the "
        "usual, not stopped, and the ladder holds at its step. See your flare plan: paceit flare plan."
    ]
    if days > rules.setback_days:
        reasons.append(
            f"It has lasted more than {rules.setback_days} days: please contact your clinician "
            "(a setback, clinical-rules §8)."
        )
    return {"active": True, "since": episode.start.isoformat(), "reasons": reasons}


def red_flag_lines(flags: Sequence[RedFlagRecord], day: date) -> list[str]:
    return [
        f"#{f.id} {BY_CODE[f.code].question if f.code in BY_CODE else f.code} (ticked {f.day}): {ACTIONS[f.group]}"
        for f in flare.open_flags(flags, day)
    ]


def ladder_json(inputs: Inputs, held_by: str | None, held_since: date | None) -> dict[str, Any] | None:
    """The current step (lowest fear not mastered) with what mastery still needs.
    While a flare or an open red flag holds the ladder, trials from that day on do
    not count toward mastery, so nothing advances until the hold ends."""
    rules = ladder.Rules.from_settings(inputs.settings)
    counted = ladder.held(inputs.trials, held_since)
    statuses = ladder.statuses([int(s["id"]) for s in inputs.steps], counted, rules)
    current = next((s for s in inputs.steps if statuses[int(s["id"])] == "current"), None)
    if current is None:
        return None
    trials = counted.get(int(current["id"]), [])
    reasons = [_ladder_progress(trials, rules)]
    tip = ladder.suggestion(list(inputs.trials.get(int(current["id"]), ())), rules)
    if tip:
        reasons.append(tip)
    if held_by:
        reasons.insert(0, f"Holding at this step while {held_by}; trials still help, and count once it is over.")
    return {
        "step_id": int(current["id"]),
        "text": str(current["text"]),
        "fear": int(current["fear"]),
        "reasons": reasons,
    }


def _ladder_progress(trials: list[ladder.Trial], rules: ladder.Rules) -> str:
    if not trials:
        return (
            f"No trials yet. Mastery needs at least {rules.master_trials} trials, the last "
            f"{rules.master_successes} successful, with fear before at most {rules.master_fear}."
        )
    verdicts = ladder.verdicts(trials, rules)
    recent = ", ".join("success" if v.success else "not yet" for v in verdicts[-rules.master_successes :])
    return (
        f"{len(trials)} trial{'s' if len(trials) != 1 else ''} so far (latest: {recent}; last: "
        f"{verdicts[-1].reason}). Mastery needs at least {rules.master_trials} trials, the last "
        f"{rules.master_successes} successful, and fear before at most {rules.master_fear} "
        f"(last: {trials[-1].fear_before})."
    )


def flare_scan(context: FlareContext | Inputs) -> flare.FlareScan:
    rules = flare.FlareRules.from_settings(context.settings)
    return flare.scan(context.diary, context.declared, context.day, rules)


def ladder_hold(inputs: FlareContext | Inputs, scan: flare.FlareScan | None = None) -> tuple[str | None, date | None]:
    """Why and since when the ladder holds at its step: an open group 1-2 red flag,
    or a flare (§5, §7, §8); (None, None) when it does not."""
    if scan is None:
        scan = flare_scan(inputs)
    pausing = flare.pausing_flags(inputs.flags, inputs.day)
    episode = flare.active_episode(scan.episodes, inputs.day)
    if pausing:
        return "a red flag is open", min(f.day for f in pausing)
    if episode is not None:
        return "the flare settles", max(episode.start, episode.known)
    return None, None


def next_plan(inputs: Inputs) -> dict[str, Any]:
    """The `next --json` document for `inputs.day`."""
    found, scan = _histories(inputs)
    activities = []
    for activity, history, rules in found:
        if activity.start > inputs.day or (activity.archived is not None and activity.archived <= inputs.day):
            continue
        today, previous = plan_for(history, rules, inputs.day)
        activities.append(activity_json(activity, today, previous))
    factor = float(inputs.settings["flare.factor"])
    flare_state = flare_json(scan, inputs.day, flare.FlareRules.from_settings(inputs.settings), factor)
    held_by, held_since = ladder_hold(inputs, scan)
    step = ladder_json(inputs, held_by, held_since)
    document = {
        "date": inputs.day.isoformat(),
        "activities": activities,
        "ladder": step,
        "flare": flare_state,
        "red_flags": red_flag_lines(inputs.flags, inputs.day),
        "ladder_done": step is None and bool(inputs.steps),
    }
    new_step = step is not None and not inputs.trials.get(step["step_id"])
    document["learn"] = learn_hints(document, new_step=new_step, sore=sore_yesterday(inputs, found))
    return document


def sore_yesterday(inputs: Inputs, found: Sequence[tuple[ActivityRecord, History, Rules]]) -> str | None:
    """The first activity whose session yesterday left pain higher afterwards, yet settled by
    this morning (zones.sore_but_settled), for the hurt-vs-harm hint."""
    yesterday = inputs.day - timedelta(days=1)
    for activity, history, rules in found:
        sessions = [s for s in history.sessions if s.day == yesterday]
        if any(zones.sore_but_settled(s, history.diary, rules.zone) for s in sessions):
            return activity.name
    return None


def learn_hints(document: Mapping[str, Any], *, new_step: bool, sore: str | None = None) -> list[dict[str, str]]:
    """Which `paceit learn` topic fits today, and why: an extra key of `next --json`
    (`[{"topic", "why"}]`) that changes none of the contract's keys. Soreness that settled,
    or a yellow session, points to hurt-vs-harm (delayed soreness, the next-morning rule)."""
    hints = []
    if document["red_flags"]:
        hints.append({"topic": "red-flags", "why": "a red flag is open"})
    if document["flare"]["active"]:
        hints.append({"topic": "flares", "why": "you are in a flare"})
    red = [a["name"] for a in document["activities"] if a["zone"] == "red"]
    if red:
        hints.append({"topic": "zones", "why": f"your latest {red[0]} session was in the red zone"})
    yellow = [a["name"] for a in document["activities"] if a["zone"] == "yellow"]
    if sore:
        why = f"your pain rose after yesterday's {sore} session and had settled by this morning"
        hints.append({"topic": "hurt-vs-harm", "why": why})
    elif yellow:
        hints.append({"topic": "hurt-vs-harm", "why": f"your latest {yellow[0]} session was in the yellow zone"})
    finding = [a["name"] for a in document["activities"] if a["decision"] == "baseline"]
    if finding:
        hints.append({"topic": "pacing", "why": f"your first sessions of {finding[0]} set its baseline"})
    if new_step:
        hints.append({"topic": "exposure", "why": "a new ladder step is waiting for its first trial"})
    return hints


def changes(inputs: Inputs, activity_id: int) -> list[DayPlan]:
    """Every day the quota (or the pause) changed, from the same replay as `next`."""
    found, _ = _histories(inputs)
    for activity, history, rules in found:
        if activity.id == activity_id:
            until = min(inputs.day, activity.archived) if activity.archived else inputs.day
            plans = replay(history, rules, until)
            return [p for i, p in enumerate(plans) if p.changed or (i and _kind(plans[i - 1]) != _kind(p))]
    return []


@dataclass(frozen=True)
class Replayed:
    """One activity's plan for every day from its start to the asked day (or to the
    day it was archived), from the same replay as `next`."""

    activity: ActivityRecord
    rules: Rules
    plans: list[DayPlan]


def replays(inputs: Inputs) -> tuple[list[Replayed], flare.FlareScan]:
    """Every activity's replay and the flare scan, for trends and the report."""
    found, scan = _histories(inputs)
    result = []
    for activity, history, rules in found:
        until = min(inputs.day, activity.archived) if activity.archived else inputs.day
        result.append(Replayed(activity, rules, replay(history, rules, until)))
    return result, scan


def _kind(plan: DayPlan) -> str:
    return plan.decision if plan.decision in {"pause", "baseline"} else "active"
