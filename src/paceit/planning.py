"""The application layer between the diary's rows and the pacing engine: the replay's inputs.

`queries` only reads rows (and the plain records of records.py); the rules only take plain
records. What sits between is here: which checkpoint a replay resumes from and so which
window of history it reads, the goal cap applied to each activity (clinical-rules §1,
`activity_rules.with_goal_caps`), the ladder's trials as `ladder.Trial`s and the state of
its steps, and the smaller context that tells whether a flare or a red flag holds things. `today.py` runs the replay
from these inputs for `next` and `log`; `trends`, `report`, `plan history` and the ladder
and flare commands read them here too.

Importing this module loads the pacing engine (plan, checkpoints, ladder): only the
commands that plan import it, so `paceit log` loads it only when it replays (issue 19;
tests/test_light_imports.py holds it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from paceit import activity_rules, checkpoint_store, checkpoints, queries, record_queries
from paceit.plan import FlareContext, Inputs
from paceit.records import ActivityRecord, DiaryIndex

if TYPE_CHECKING:
    from paceit import ladder
    from paceit.ladder import Trial


def activity_records(conn: sqlite3.Connection) -> list[ActivityRecord]:
    """Every activity (archived ones included: their history stays readable), each target
    capped by the activity's open goals: §1 stops progression at the SMART goal."""
    goals = [(g["activity_id"], g["target"]) for g in queries.goals(conn, include_done=False)]
    return activity_rules.with_goal_caps(record_queries.activity_records(conn), goals)


def trial_of(row: Mapping[str, Any]) -> Trial:
    """An exposure trial's row as the ladder's rules read it."""
    from paceit.ladder import Trial  # the ladder's modules: only where trials are read (not `log`)

    def flag(value: Any) -> bool | None:
        return None if value is None else bool(value)

    return Trial(
        fear_before=row["fear_before"],
        fear_after=row["fear_after"],
        fear_peak=row["fear_peak"],
        expect_likely=row["expect_likely"],
        predicted_pain=row["predicted_pain"],
        pain=row["pain"],
        happened=flag(row["happened"]),
        aborted=bool(row["aborted"]),
        day=date.fromisoformat(row["day"]),
    )


def ladder_trials(conn: sqlite3.Connection, *, until: date) -> dict[int, list[Trial]]:
    """Every step's trials up to `until`, in order, as the ladder's rules read them."""
    found: dict[int, list[Trial]] = {}
    for row in queries.trials_until(conn, until=until):
        found.setdefault(row["step_id"], []).append(trial_of(row))
    return found


def ladder_state(conn: sqlite3.Connection, today: date) -> tuple[list[dict[str, Any]], ladder.Rules]:
    """The ladder's steps in order, each with its `status` (held during a flare or an open
    red flag, as in `paceit next`) and `latest_gap` (expectancy), and the rules in force:
    what `ladder list`, `ladder show` and `ladder try` say of them."""
    from paceit import ladder
    from paceit.ladder_plan import ladder_hold

    rules = ladder.Rules.from_settings(queries.settings_in_force(conn))
    steps: list[dict[str, Any]] = [{**s} for s in queries.ladder_steps(conn)]  # with status and gap added
    trials = {s["id"]: [trial_of(t) for t in queries.step_trials(conn, step_id=s["id"])] for s in steps}
    _, since = ladder_hold(flare_context(conn, day=today))
    status = ladder.statuses([s["id"] for s in steps], ladder.held(trials, since), rules)
    for step in steps:
        step["status"] = status[step["id"]]
        gaps = [g for g in map(ladder.expectancy_gap, trials[step["id"]]) if g is not None]
        step["latest_gap"] = gaps[-1] if gaps else None
    return steps, rules


def flare_context(conn: sqlite3.Connection, *, day: date) -> FlareContext:
    """The diary, declared flares, red flags and settings up to `day`: enough to
    tell whether a flare or a red flag holds the plan and the ladder."""
    return FlareContext(
        day=day,
        settings=queries.settings_in_force(conn),
        diary=DiaryIndex.build(record_queries.diary_records(conn, until=day)),
        declared=record_queries.declared_flares(conn),
        flags=record_queries.red_flag_records(conn),
    )


def plan_inputs(
    conn: sqlite3.Connection,
    *,
    day: date,
    resume: bool = False,
    before: date | None = None,
    settled: bool = False,
    accept: Callable[[Mapping[str, Any]], bool] | None = None,
    only: int | None = None,
) -> Inputs:
    """Everything the replay needs, up to `day`, as plain records: the whole history, or
    with `resume` the newest checkpoint of a day before `before` (default: `day`; with
    `settled`, one taken outside a flare; that `accept` accepts, when given) and only the
    window of history a run from it reads (see checkpoints.py), when there is such a checkpoint.
    With `only`, the sessions of that activity alone and no ladder: what `plan.run(only=...)`
    reads (every activity is listed still: the checkpoint and the flare scan ask for all)."""
    settings = queries.settings_in_force(conn)
    found = activity_records(conn)
    checkpoint = _checkpoint(conn, min(day, before or day), found, settled=settled, also=accept) if resume else None
    sessions_from = diary_from = None
    if checkpoint is not None:
        sessions_from, diary_from = checkpoints.window_start(date.fromisoformat(checkpoint["day"]), settings)
    steps = queries.ladder_steps(conn) if only is None else []
    return Inputs(
        day=day,
        settings=settings,
        activities=found,
        sessions={
            a.id: record_queries.session_records(conn, activity_id=a.id, until=day, since=sessions_from)
            for a in found
            if only is None or a.id == only
        },
        diary=DiaryIndex.build(record_queries.diary_records(conn, until=day, since=diary_from)),
        declared=record_queries.declared_flares(conn, since=diary_from),
        flags=record_queries.red_flag_records(conn),
        steps=[s for s in steps if s["day"] <= day.isoformat()],
        trials=ladder_trials(conn, until=day) if only is None else {},
        resume=checkpoint,
    )


def _checkpoint(
    conn: sqlite3.Connection,
    day: date,
    found: list[ActivityRecord],
    *,
    settled: bool,
    also: Callable[[Mapping[str, Any]], bool] | None = None,
) -> dict[str, Any] | None:
    """The newest checkpoint before `day` (outside a flare, when `settled`; that `also`
    accepts) that holds every activity begun by its day (the triggers make that so;
    leftovers are not trusted)."""

    def accept(checkpoint: Mapping[str, Any]) -> bool:
        taken = date.fromisoformat(checkpoint["day"])
        if settled and checkpoint["flare"]["open"]:
            return False
        if also is not None and not also(checkpoint):
            return False
        return all(a.start > taken or str(a.id) in checkpoint["activities"] for a in found)

    return checkpoint_store.newest_before(conn, day=day, accept=accept)
