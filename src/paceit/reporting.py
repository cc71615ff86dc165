"""The application layer of `paceit report` and `paceit trends`: their reads put together
with the replay into the inputs of the pure builders (`report.build`, `trends.build`).

`report_queries.py`, `trend_queries.py` and `queries_context.py` only read rows; what sits
between is here (issue 20, item 4): the period's shape the reads are asked for (its rows and
windows, `report_pain`; the flare lookback, `report_pacing`), the replay from a checkpoint
before the period (`planning.plan_inputs`, `checkpoint_store.replay`, as `paceit next`
runs it), the ladder's hold, and the weekly function summary. Importing this module loads
the pacing engine: only `report` and `trends` import it; the report's own modules load
inside `report_inputs`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from paceit import (
    checkpoint_store,
    checkpoints,
    load_seed,
    planning,
    queries,
    queries_context,
    record_queries,
    trend_queries,
)
from paceit.functional_tests import weekly_function as weekly_function_of
from paceit.trends import TrendInputs

if TYPE_CHECKING:
    from paceit.plan import Inputs, Run
    from paceit.records import DiaryIndex
    from paceit.report import ReportInputs


def report_inputs(
    conn: sqlite3.Connection,
    *,
    start: date,
    end: date,
    today: date,
    asked_end: date | None = None,
    at_diary_start: bool = False,
    asked_start: date | None = None,
    made_at: str = "",
    version: str = "",
    sections: tuple[str, ...] = (),
) -> ReportInputs:
    """Everything `report.build` needs for the period `start`..`end` (never past today: the
    command cuts the period there), the quota history from the same replay as `next`. (The
    report's modules are imported here: `trends` imports this module and needs none of them.)"""
    from paceit import report_queries
    from paceit.ladder_plan import ladder_hold
    from paceit.report import ReportInputs
    from paceit.report_pacing import RECOVERY_LOOKBACK
    from paceit.report_pain import LONG_ROW_DAYS, WINDOW_DAYS, row_days, row_spans

    plan, done = period_replay(conn, start=start, end=end)
    replayed, scan = done.replayed, done.scan
    seed = load_seed.seed_of(plan.resume)  # the load ratio's averages: the loads after them only
    rq = report_queries
    flags = rq.report_red_flags(conn)
    goals = rq.report_goals(conn)
    questionnaires = rq.period_questionnaires(conn, first=start, last=end)
    size = row_days(start, end)
    return ReportInputs(
        start=start,
        end=end,
        today=today,
        asked_end=asked_end,
        settings=plan.settings,
        weekly=rq.diary_rows(conn, spans=row_spans(start, end, 7), size=7),
        long_rows=rq.diary_rows(conn, spans=row_spans(start, end, size), size=size) if size == LONG_ROW_DAYS else [],
        daily_pain=rq.daily_pain(conn, first=start, last=end),
        diary_start=rq.diary_start(conn, before=start, days=WINDOW_DAYS),
        readings=rq.readings(conn, first=start, last=end),
        replayed=replayed,
        scan=scan,
        amounts=trend_queries.daily_amounts(conn, first=start, last=end),
        loads=trend_queries.daily_loads(conn, since=load_seed.loads_from(seed, end - timedelta(days=6)), last=end),
        load_seed=seed,
        steps=[dict(s) for s in plan.steps],
        trials={k: list(v) for k, v in plan.trials.items()},
        hold_since=ladder_hold(plan, scan)[1],
        red_flags=flags,
        goals=goals,
        questionnaires=questionnaires,
        notes=rq.clinician_notes(conn, first=start, last=end),
        tasks=rq.task_results(conn, first=start, last=end),
        medicines=rq.medicine_days(conn, first=start, last=end),
        strategies=rq.strategy_uses(conn, first=start, last=end),
        at_diary_start=at_diary_start,
        asked_start=asked_start,
        daily_sleep=rq.daily_sleep(conn, first=start, last=end),
        mornings=window_mornings(conn, start=start, end=end),
        declared=record_queries.declared_flares(conn, since=start),
        trial_rows=rq.period_trials(conn, first=start, last=end),
        name=str(plan.settings.get("report.name") or ""),
        made_at=made_at,
        version=version,
        sections=sections,
        morning_pain={d: float(v) for d, v in rq.morning_pain(conn, first=start, last=end).items()},
        sessions=rq.period_sessions(conn, first=start, last=end),
        sites=rq.entry_sites(conn, first=start, last=end),
        flare_texts=rq.flare_texts(conn, since=start - timedelta(days=RECOVERY_LOOKBACK), last=end),
        trial_details=rq.trial_details(conn, last=end),
    )


def period_replay(conn: sqlite3.Connection, *, start: date, end: date) -> tuple[Inputs, Run]:
    """The replay the report reads, up to `end`, giving what a replay from the start gives
    for every section: its plans from the period's first day, and the flares that end on or
    after `lookback` days before it (a flare's recovery, `report_pacing`; a flare just
    before the pain windows, `report_pain`), with their plans from their first day.

    A checkpoint taken outside a flare and before `lookback` has all that (as before issue
    19's fourth round). A later one, up to the day before the period, has it too when no
    flare it remembers ended in the lookback (a settled checkpoint remembers every flare
    that ended in its diary window, longer than the lookback) and every such flare the
    replay finds began, and was known, after it: tried first, it halves the six-week
    report's replay (36 days instead of about 71); a replay that finds otherwise is run
    again from the earlier checkpoint."""
    edge = start - timedelta(days=_flare_lookback())  # flares that ended before it play no part
    far = edge - timedelta(days=1)  # a checkpoint before this one needs no check
    settings = queries.settings_in_force(conn)

    def quiet(checkpoint: Mapping[str, Any]) -> bool:
        taken = date.fromisoformat(checkpoint["day"])
        if taken < far:
            return True
        remembers_from = checkpoints.window_start(taken, settings)[1]
        ended = [e[1] for e in checkpoint["flare"]["episodes"]]
        return remembers_from <= edge and all(d is not None and date.fromisoformat(d) < edge for d in ended)

    plan = planning.plan_inputs(conn, day=end, resume=True, before=start, settled=True, accept=quiet)
    done = checkpoint_store.replay(conn, plan, until=end)
    taken = date.fromisoformat(plan.resume["day"]) if plan.resume is not None else None
    if taken is None or taken < far or _found_after(done, taken, edge):
        return plan, done
    plan = planning.plan_inputs(conn, day=end, resume=True, before=far, settled=True)
    return plan, checkpoint_store.replay(conn, plan, until=end)


def _flare_lookback() -> int:
    """Days before the period whose flares the report's sections read."""
    from paceit.report_pacing import RECOVERY_LOOKBACK
    from paceit.report_pain import FLARE_NEAR_DAYS

    return max(RECOVERY_LOOKBACK, FLARE_NEAR_DAYS)


def _found_after(done: Run, taken: date, edge: date) -> bool:
    """Whether every flare of the replay that ends on or after `edge` (or goes on) began,
    and was known, after the checkpoint day `taken`: then the replay holds all its plans."""
    near = [e for e in done.scan.episodes if e.end is None or e.end >= edge]
    return all(e.start > taken and e.known > taken for e in near)


def window_mornings(conn: sqlite3.Connection, *, start: date, end: date) -> DiaryIndex:
    """The diary entries of the pain section's two windows (`report_pain.windows`), for
    the morning pain of the progress statements: only those days, also in a long period
    (one span when the windows meet)."""
    from paceit.report_pain import windows

    first, last, _ = windows(start, end)
    return record_queries.diary_over(conn, [first] if first[1] >= last[0] else [first, last])


def trend_inputs(
    conn: sqlite3.Connection, *, today: date, starts: list[date], began: date | None = None
) -> TrendInputs:
    """Everything `trends.build` needs for the weeks `starts` up to `today` (`began`: the
    diary's first day, when it cut the weeks asked for)."""
    first = starts[0]
    plan = planning.plan_inputs(conn, day=today, resume=True, before=first)  # the weeks shown, no more
    done = checkpoint_store.replay(conn, plan, until=today)
    replayed, scan = done.replayed, done.scan
    seed = load_seed.seed_of(plan.resume)  # the load ratio's averages: the loads after them only
    return TrendInputs(
        today=today,
        starts=starts,
        settings=plan.settings,
        diary_rows=trend_queries.weekly_diary(conn, first=first, last=today),
        session_rows=trend_queries.weekly_sessions(conn, first=first, last=today),
        trials=trend_queries.weekly_trials(conn, first=first, last=today),
        amounts=trend_queries.daily_amounts(conn, first=first, last=today),
        loads=trend_queries.daily_loads(conn, since=load_seed.loads_from(seed, first), last=today),
        replayed=replayed,
        scan=scan,
        diary=plan.diary,
        began=began,
        load_seed=seed,
    )


def weekly_function(conn: sqlite3.Connection, *, start: date, weeks: int) -> list[dict[str, Any]]:
    """Per week from `start`: functional test results and medication days (see
    `functional_tests.weekly_function` for the shape), for `trends`."""
    results, doses = queries_context.function_records(conn, since=start, until=start + timedelta(days=7 * weeks - 1))
    return weekly_function_of(results, doses, start=start, weeks=weeks)
