"""Today's plan for every paced activity, the flare and red-flag state, and the
ladder step: the structure behind `paceit next` and `paceit plan history`.

Pure: it takes plain records and settings, and returns plain data: `next_plan` the
day's `plan_document.NextPlan` (whose `to_json()` is the contract of `next --json` in
product.md), built from its typed parts; renderers format it. The ladder's part (its
holds and the current step) is `ladder_plan.py`. `plan_document` is imported by
`next_plan` only: `log` replays with this module and needs none of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from paceit import checkpoints, flare, flare_episodes, zones
from paceit.pacing import DayPlan, History, Planner
from paceit.quota import Rules
from paceit.records import ActivityRecord, DeclaredFlare, DiaryIndex, FlareDays, RedFlagRecord, SessionRecord
from paceit.recordtype import field, record
from paceit.redflags import ACTIONS, BY_CODE, open_flags, pausing_flags

if TYPE_CHECKING:
    from paceit import ladder
    from paceit.plan_document import ActivityPlan, FlareState, LearnHint, NextPlan
    from paceit.zones import ZoneName


@record
class FlareContext:
    """What decides whether a flare or a red flag holds things on a day: less than
    `Inputs`, so `ladder list` and `flare end` need not load every session."""

    day: date
    settings: Mapping[str, Any]
    diary: DiaryIndex
    declared: Sequence[DeclaredFlare]
    flags: Sequence[RedFlagRecord]


@record
class Inputs:
    """Everything one replay reads, up to `day`: the settings, activities, sessions, diary,
    flares, red flags and ladder, and the checkpoint it may resume from."""

    day: date
    settings: Mapping[str, Any]
    activities: Sequence[ActivityRecord]
    sessions: Mapping[int, Sequence[SessionRecord]]
    diary: DiaryIndex
    declared: Sequence[DeclaredFlare]
    flags: Sequence[RedFlagRecord]
    steps: Sequence[Mapping[str, Any]]  # ladder steps in order of fear: id, text, fear
    trials: Mapping[int, Sequence[ladder.Trial]]
    # A checkpoint (checkpoints.py) to go on from, with the sessions and diary loaded from
    # its window on; None: the whole history is loaded and replayed from the start.
    resume: Mapping[str, Any] | None = None


@record
class Replayed:
    """One activity's plans from the first day this run replayed (its start, or the day
    after the checkpoint it resumed from) to the asked day, or to the day it was archived.
    `before` is the plan of the day before the first listed, when there was one."""

    activity: ActivityRecord
    rules: Rules
    plans: list[DayPlan]
    before: DayPlan | None = None
    first_target: float | None = None  # the first amount ever planned

    def plan_on(self, day: date) -> DayPlan | None:
        if self.plans and self.plans[0].day <= day <= self.plans[-1].day:
            return self.plans[(day - self.plans[0].day).days]
        if self.before is not None and self.before.day == day:
            return self.before
        return None


@record
class Run:
    """Every activity replayed and the flare scan, up to the asked day, with the
    checkpoints taken on the way (to be stored by the caller)."""

    replayed: list[Replayed]
    scan: flare.FlareScan
    checkpoints: list[dict[str, Any]] = field(default_factory=list)


def _until(activity: ActivityRecord, day: date) -> date:
    return min(day, activity.archived) if activity.archived else day


def run(inputs: Inputs, *, keep_checkpoints: bool = False, only: int | None = None) -> Run:
    """Replay every activity (archived ones up to their archiving) to `inputs.day`, from
    `inputs.resume` when given, else from each activity's start. With `only`, that activity
    alone, after the same flare scan: each activity's plans depend on its own sessions and the
    shared diary, flares and red flags only, so its plans are those of the whole replay (`log`
    asks of one activity, issue 19). No checkpoint then: one holds every activity's state."""
    if only is not None and keep_checkpoints:
        raise ValueError("a checkpoint holds every activity: replay them all to keep one")
    resume = inputs.resume
    windows = checkpoints.Windows.from_settings(inputs.settings)

    def snapshot_on(day: date) -> date | None:
        if not keep_checkpoints or not checkpoints.is_checkpoint_day(day, inputs.day):
            return None
        return day + timedelta(days=1 - windows.diary)

    rules = flare.FlareRules.from_settings(inputs.settings)
    flare_resume = resume["flare"] if resume is not None else None
    scan = flare.scan(
        inputs.diary, inputs.declared, inputs.day, rules, resume=flare_resume, snapshot_on=snapshot_on,
        from_day=min((a.start for a in inputs.activities), default=None),
    )  # fmt: skip
    states: dict[date, dict[int, dict[str, Any]]] = {day: {} for day in scan.snapshots}
    flare_days = scan.flare_days  # one mapping for all: answers about it are memoised once
    activities = [a for a in inputs.activities if only is None or a.id == only]
    replayed = [_replay_one(inputs, activity, scan, flare_days, snapshot_on, states) for activity in activities]
    taken = [checkpoints.document(day, scan.snapshots[day], states[day]) for day in sorted(scan.snapshots)]
    return Run(replayed, scan, taken)


def _replay_one(
    inputs: Inputs,
    activity: ActivityRecord,
    scan: flare.FlareScan,
    flare_days: FlareDays,
    snapshot_on: Callable[[date], date | None],
    states: dict[date, dict[int, dict[str, Any]]],
) -> Replayed:
    """One activity's replay, adding its state to `states` on each checkpoint day (an
    activity archived before that day adds its last state)."""
    rules = Rules.for_activity(activity, inputs.settings)
    history = History(
        activity, inputs.sessions.get(activity.id, ()), inputs.diary, scan.episodes, flare_days, inputs.flags,
    )  # fmt: skip
    saved = None if inputs.resume is None else inputs.resume["activities"].get(str(activity.id))
    planner = Planner(history, rules, saved)
    before = plan_from_json(saved["last"]) if saved is not None and saved["last"] else None
    day = activity.start if saved is None else date.fromisoformat(saved["day"]) + timedelta(days=1)
    last_day, plans, one_day = _until(activity, inputs.day), [], timedelta(days=1)
    while day <= last_day:
        plans.append(planner.plan(day))
        if day in states:
            states[day][activity.id] = _activity_checkpoint(planner, plans[-1], snapshot_on(day))
        day += one_day
    final = plans[-1] if plans else before
    for when in states:
        if when > last_day and activity.start <= when and final is not None:
            states[when][activity.id] = _activity_checkpoint(planner, final, snapshot_on(when))
    return Replayed(activity, rules, plans, before, planner.first_target)


def _activity_checkpoint(planner: Planner, last: DayPlan, keep_from: date | None) -> dict[str, Any]:
    assert keep_from is not None
    return {**planner.snapshot(last.day, keep_from), "last": plan_json(last)}


def plan_json(plan: DayPlan) -> dict[str, Any]:
    return {
        "day": plan.day.isoformat(),
        "target": plan.target,
        "decision": plan.decision,
        "zone": plan.zone,
        "reasons": list(plan.reasons),
        "changed": plan.changed,
        "previous": plan.previous,
        "cause": plan.cause,
        "summary": plan.summary,
    }


def plan_from_json(data: Mapping[str, Any]) -> DayPlan:
    return DayPlan(
        date.fromisoformat(data["day"]), data["target"], data["decision"], data["zone"], tuple(data["reasons"]),
        bool(data["changed"]), data["previous"], str(data["cause"]), str(data["summary"]),
    )  # fmt: skip


def activity_json(activity: ActivityRecord, today: DayPlan, previous: float | None) -> ActivityPlan:
    return {
        "name": activity.name,
        "unit": activity.unit,
        "target": today.target,
        "previous_target": previous,
        "decision": today.decision,
        "zone": cast("ZoneName | None", today.zone),  # a zone's name (pacing.Planner._zone); DayPlan types it str
        "reasons": list(today.reasons),
        "summary": today.summary or today.reasons[0],  # an extra key: the short line of `next`
    }


def flare_json(
    scan: flare.FlareScan,
    day: date,
    rules: flare.FlareRules,
    factor: float,
    rebuild: tuple[int, int] = (2, 4),
    *,
    paused: bool = False,
) -> FlareState:
    """The flare block of `next`; `rebuild` is (steps, days) of the rebuild after it. While
    a group 1-2 red flag is open (`paused`) the activities are paused, not reduced, so the
    block must not say the amounts go on."""
    episode = flare_episodes.active_episode(scan.episodes, day)
    if episode is None:
        return {"active": False, "since": None, "reasons": ["No flare at the moment."]}
    days = (day - episode.start).days + 1  # up to the asked day only, whatever came later
    length = f"{days} day{'s' if days != 1 else ''}"
    if episode.ends_on(day):
        reasons = [
            f"The flare that began on {episode.start} ends today ({length}; the last reduced day): amounts "
            f"rebuild from tomorrow in {rebuild[0]} steps over at least {rebuild[1]} days, and ladder trials "
            "count again from tomorrow. See your flare plan: paceit flare plan."
        ]
    else:
        amounts = (
            f"amounts are paused while the red flag above is open (in the flare alone they are {factor:g} x the usual)"
            if paused
            else f"amounts are {factor:g} x the usual, not stopped"
        )
        reasons = [
            f"A flare since {episode.start} ({length}): {amounts}, and the ladder holds at its step. "
            "See your flare plan: paceit flare plan."
        ]
    if days > rules.setback_days:
        reasons.append(
            f"It has lasted more than {rules.setback_days} days: please contact your clinician "
            "(a setback; see 'paceit learn flares')."
        )
    return {"active": True, "since": episode.start.isoformat(), "reasons": reasons}


def red_flag_lines(flags: Sequence[RedFlagRecord], day: date) -> list[str]:
    return [
        f"#{f.id} {BY_CODE[f.code].question if f.code in BY_CODE else f.code} (ticked {f.day}): {ACTIONS[f.group]}"
        for f in open_flags(flags, day)
    ]


def next_plan(inputs: Inputs, done: Run | None = None) -> NextPlan:
    """The plan for `inputs.day` (its `to_json()` is the `next --json` document), from
    `done` (the run of `inputs`); the application layer adds the progress statements and
    the notices (`today.next_document`)."""
    from paceit.plan_document import NextPlan

    done = done or run(inputs)
    scan, day, activities = done.scan, inputs.day, []
    for item in done.replayed:
        activity = item.activity
        today = item.plan_on(day)
        if today is None or (activity.archived is not None and activity.archived <= day):
            continue  # not started yet, or archived
        previous = item.plan_on(day - timedelta(days=1))
        activities.append(activity_json(activity, today, previous.target if previous else None))
    factor = float(inputs.settings["flare.factor"])
    rebuild = (int(inputs.settings["flare.rebuild_steps"]), int(inputs.settings["flare.rebuild_days"]))
    paused = bool(pausing_flags(inputs.flags, inputs.day))
    flare_state = flare_json(
        scan, inputs.day, flare.FlareRules.from_settings(inputs.settings), factor, rebuild, paused=paused
    )
    from paceit.ladder_plan import ladder_hold, ladder_json  # `next`'s: `log` replays without the ladder

    held_by, held_since = ladder_hold(inputs, scan)
    step = ladder_json(inputs, held_by, held_since)
    red_flags = red_flag_lines(inputs.flags, inputs.day)
    new_step = step is not None and not inputs.trials.get(step["step_id"])
    hints = learn_hints(activities, flare_state, red_flags, new_step=new_step, sore=sore_yesterday(inputs))
    return NextPlan(
        day=inputs.day,
        activities=tuple(activities),
        ladder=step,
        flare=flare_state,
        red_flags=tuple(red_flags),
        ladder_done=step is None and bool(inputs.steps),
        learn=tuple(hints),
    )


def sore_yesterday(inputs: Inputs) -> str | None:
    """Why the hurt-vs-harm hint fits, for the first activity whose session yesterday left pain
    higher afterwards and this morning shows no clear rise (zones.soreness). "Settled" only
    when this morning is back to the usual pain (or to the pain before it, while the usual is
    unknown): a morning of 8 against a usual 5.5 is no clear rise for a wide swing, not settled."""
    yesterday = inputs.day - timedelta(days=1)
    for activity in inputs.activities:
        rules = Rules.for_activity(activity, inputs.settings)
        sessions = [s for s in inputs.sessions.get(activity.id, ()) if s.day == yesterday]
        for sore in (zones.soreness(s, inputs.diary, rules.zone) for s in sessions):
            if sore is None:
                continue
            rose = f"your pain rose after yesterday's {activity.name} session"
            if sore.back:
                return f"{rose} and was back to {'your usual' if sore.usual else 'its level before it'} by this morning"
            value = f"{sore.reference:g}" if sore.reference == int(sore.reference) else f"{sore.reference:.1f}"
            above = f"your usual {value}" if sore.usual else f"your pain before it, {value}"
            return f"{rose}; this morning's pain, {sore.morning}, is still above {above}"
    return None


def learn_hints(
    activities: Sequence[ActivityPlan],
    flare_state: FlareState,
    red_flags: Sequence[str],
    *,
    new_step: bool,
    sore: str | None = None,
) -> list[LearnHint]:
    """Which `paceit learn` topic fits today, and why: an extra key of `next --json`
    (`[{"topic", "why"}]`) that changes none of the contract's keys. Soreness with no clear
    rise the next morning (`sore`: its words, from sore_yesterday), or a yellow session,
    points to hurt-vs-harm (delayed soreness, the next-morning rule)."""
    hints: list[LearnHint] = []
    if red_flags:
        hints.append({"topic": "red-flags", "why": "a red flag is open"})
    if flare_state["active"]:
        hints.append({"topic": "flares", "why": "you are in a flare"})
    red = [a["name"] for a in activities if a["zone"] == "red"]
    if red:
        hints.append({"topic": "zones", "why": f"your latest {red[0]} session was in the red zone"})
    yellow = [a["name"] for a in activities if a["zone"] == "yellow"]
    if sore:
        hints.append({"topic": "hurt-vs-harm", "why": sore})
    elif yellow:
        hints.append({"topic": "hurt-vs-harm", "why": f"your latest {yellow[0]} session was in the yellow zone"})
    finding = [a["name"] for a in activities if a["decision"] == "baseline"]
    if finding:
        hints.append({"topic": "pacing", "why": f"your first sessions of {finding[0]} set its baseline"})
    if new_step:
        hints.append({"topic": "exposure", "why": "a new ladder step is waiting for its first trial"})
    return hints


def changes(inputs: Inputs, activity_id: int) -> list[DayPlan]:
    """Every day the quota (or the pause) changed, from the same replay as `next`; from
    the activity's start, so `inputs` must hold the whole history (no resume)."""
    assert inputs.resume is None, "every change needs the replay from the start"
    for item in run(inputs).replayed:
        if item.activity.id == activity_id:
            plans = item.plans
            return [p for i, p in enumerate(plans) if p.changed or (i and _kind(plans[i - 1]) != _kind(p))]
    return []


def _kind(plan: DayPlan) -> str:
    return plan.decision if plan.decision in {"pause", "baseline"} else "active"
