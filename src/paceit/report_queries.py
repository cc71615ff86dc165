"""Reads for `paceit report`: everything `report.build` needs for one period, as plain data.

Aggregates run in SQL (the pain rows, daily pain, loads, amounts and medicine days);
the quota history comes from the same replay as `paceit next`, run up to the
period's last day (never past today: the command cuts the period there).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from typing import Any

from paceit import checkpoint_store, planning, queries, record_queries, trend_queries
from paceit.functional_tests import TaskResult
from paceit.ladder_plan import ladder_hold
from paceit.records import DiaryIndex
from paceit.report import ReportInputs
from paceit.report_pacing import RECOVERY_LOOKBACK
from paceit.report_pain import FLARE_NEAR_DAYS, LONG_ROW_DAYS, WINDOW_DAYS, row_count, row_days, row_spans, windows
from paceit.times import local_iso, local_moment


def _local_day(at_utc: str | None, offset: int) -> date | None:
    return local_moment(at_utc, offset).date() if at_utc else None


def daily_pain(conn: sqlite3.Connection, *, first: date, last: date) -> dict[date, float]:
    rows = conn.execute(
        "SELECT day, avg(pain) FROM pain_entry WHERE day BETWEEN ? AND ? GROUP BY day",
        (first.isoformat(), last.isoformat()),
    )
    return {date.fromisoformat(r[0]): float(r[1]) for r in rows}


def daily_sleep(conn: sqlite3.Connection, *, first: date, last: date) -> dict[date, float]:
    """Mean sleep per day, over the entries that give it (one without sleep is not a 0)."""
    rows = conn.execute(
        "SELECT day, avg(sleep) FROM pain_entry WHERE day BETWEEN ? AND ? AND sleep IS NOT NULL GROUP BY day",
        (first.isoformat(), last.isoformat()),
    )
    return {date.fromisoformat(r[0]): float(r[1]) for r in rows}


def window_mornings(conn: sqlite3.Connection, *, start: date, end: date) -> DiaryIndex:
    """The diary entries of the pain section's two windows (`report_pain.windows`), for
    the morning pain of the progress statements: only those days, also in a long period."""
    first, last, _ = windows(start, end)
    spans = [first] if first[1] >= last[0] else [first, last]
    return DiaryIndex.build([e for a, b in spans for e in record_queries.diary_records(conn, since=a, until=b)])


def diary_rows(conn: sqlite3.Connection, *, first: date, last: date, size: int) -> list[dict[str, Any]]:
    """The rows of `report_pain.row_spans`: pain mean/min/max over the entries, their
    number `n`, and the means of sleep, mood and fatigue; keyed by `start`, the row's
    first day. Row k holds the days k*size .. k*size+size-1 before the Sunday that ends
    `last`'s week (rows are calendar weeks, or blocks of them); the oldest row also takes
    what is left before it."""
    oldest = row_count(first, last, size) - 1
    sunday = last + timedelta(days=6 - last.weekday())
    rows = conn.execute(
        "SELECT min(CAST(julianday(:sunday) - julianday(day) AS INTEGER) / :size, :oldest) AS k, avg(pain) AS mean,"
        " min(pain) AS min, max(pain) AS max, count(*) AS n, avg(sleep) AS sleep, avg(mood) AS mood,"
        " avg(fatigue) AS fatigue FROM pain_entry WHERE day BETWEEN :first AND :last GROUP BY k ORDER BY k DESC",
        {"first": first.isoformat(), "last": last.isoformat(), "sunday": sunday.isoformat(), "size": size,
         "oldest": oldest},
    )
    spans = row_spans(first, last, size)  # oldest first: row k is spans[oldest - k]
    return [{**dict(r), "start": spans[oldest - int(r["k"])][0].isoformat()} for r in rows]


def diary_start(conn: sqlite3.Connection, *, before: date) -> dict[date, float]:
    """Daily mean pain over the diary's first two weeks, when they ended before `before`."""
    opened = conn.execute("SELECT min(day) FROM pain_entry").fetchone()[0]
    if opened is None:
        return {}
    first = date.fromisoformat(opened)
    last = first + timedelta(days=WINDOW_DAYS - 1)
    return daily_pain(conn, first=first, last=last) if last < before else {}


def task_results(conn: sqlite3.Connection, *, last: date) -> list[TaskResult]:
    """Functional test results up to `last`, oldest first (the report compares the latest
    before the period with the last inside it; tests are few, so all are read)."""
    rows = conn.execute(
        "SELECT day, name, value, unit, better FROM task_result WHERE day <= ? ORDER BY day, at_utc, id",
        (last.isoformat(),),
    )
    return [
        TaskResult(date.fromisoformat(r["day"]), r["name"], float(r["value"]), r["unit"], r["better"]) for r in rows
    ]


def medicine_days(conn: sqlite3.Connection, *, first: date, last: date) -> list[dict[str, Any]]:
    """Per medicine and schedule (as needed, regular): the days it was taken in the period."""
    rows = conn.execute(
        "SELECT name, schedule, count(DISTINCT day) AS days FROM med_dose WHERE day BETWEEN ? AND ?"
        " GROUP BY name, schedule ORDER BY name, schedule",
        (first.isoformat(), last.isoformat()),
    )
    return [dict(r) for r in rows]


def strategy_uses(conn: sqlite3.Connection, *, first: date, last: date) -> list[dict[str, Any]]:
    """Each strategy used in the period, with how much it helped (None when not rated)."""
    rows = conn.execute(
        "SELECT name, helped FROM strategy_use WHERE day BETWEEN ? AND ? ORDER BY at_utc, id",
        (first.isoformat(), last.isoformat()),
    )
    return [dict(r) for r in rows]


def readings(conn: sqlite3.Connection, *, first: date, last: date) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT at_utc, utc_offset, pain FROM pain_entry WHERE day BETWEEN ? AND ? ORDER BY at_utc, id",
        (first.isoformat(), last.isoformat()),
    )
    return [(local_iso(r[0], r[1]), int(r[2])) for r in rows]


def clinician_notes(conn: sqlite3.Connection, *, first: date, last: date) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT day, at_utc, utc_offset, text, source FROM clinician_note WHERE day BETWEEN ? AND ?"
        " ORDER BY at_utc, id",
        (first.isoformat(), last.isoformat()),
    )
    return [
        {"day": r["day"], "at": local_iso(r["at_utc"], r["utc_offset"]), "text": r["text"], "source": r["source"]}
        for r in rows
    ]


def period_trials(conn: sqlite3.Connection, *, first: date, last: date) -> list[dict[str, Any]]:
    """The exposure trials of the period, in time order: what was expected, whether it
    happened and whether safety behaviours were used (the report lists each)."""
    rows = conn.execute(
        "SELECT id, step_id, day, expect, expect_likely, happened, safety FROM exposure_trial"
        " WHERE day >= ? AND day <= ? ORDER BY at_utc, id",
        (first.isoformat(), last.isoformat()),
    )
    return [dict(r) for r in rows]


def period_questionnaires(conn: sqlite3.Connection, *, first: date, last: date) -> list[dict[str, Any]]:
    """The questionnaires of the period and, of each kind, the latest one before it (the
    starting point of the period's change), in order, each with `at` and its `items`:
    a report reads only these, not years of weekly scores."""
    latest_before = (
        "SELECT * FROM (SELECT * FROM questionnaire WHERE kind = ? AND day < ? ORDER BY at_utc DESC, id DESC LIMIT 1)"
    )
    rows = [
        dict(r)
        for r in conn.execute(
            f"SELECT * FROM questionnaire WHERE day BETWEEN ? AND ? UNION ALL {latest_before} UNION ALL "
            f"{latest_before} ORDER BY at_utc, id",
            (first.isoformat(), last.isoformat(), "peg", first.isoformat(), "psfs", first.isoformat()),
        )
    ]
    for row in queries.with_items(conn, rows):
        row["at"] = local_iso(row["at_utc"], row["utc_offset"])
    return rows


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
    # From a checkpoint before the period, far enough back for a flare's recovery (and
    # outside any flare), so the sections read exactly what a replay from the start gives.
    before = start - timedelta(days=max(RECOVERY_LOOKBACK, FLARE_NEAR_DAYS) + 1)
    plan = planning.plan_inputs(conn, day=end, resume=True, before=before, settled=True)
    done = checkpoint_store.replay(conn, plan, until=end)
    replayed, scan = done.replayed, done.scan
    flags: list[dict[str, Any]] = [
        {**f, "cleared_day": _local_day(f["cleared_utc"], f["utc_offset"])}
        for f in queries.red_flags(conn, include_cleared=True)
    ]
    goals: list[dict[str, Any]] = [
        {**g, "done_day": _local_day(g["done_utc"], g["utc_offset"])} for g in queries.goals(conn)
    ]
    questionnaires = period_questionnaires(conn, first=start, last=end)
    size = row_days(start, end)
    return ReportInputs(
        start=start,
        end=end,
        today=today,
        asked_end=asked_end,
        settings=plan.settings,
        weekly=diary_rows(conn, first=start, last=end, size=7),
        long_rows=diary_rows(conn, first=start, last=end, size=size) if size == LONG_ROW_DAYS else [],
        daily_pain=daily_pain(conn, first=start, last=end),
        diary_start=diary_start(conn, before=start),
        readings=readings(conn, first=start, last=end),
        replayed=replayed,
        scan=scan,
        amounts=trend_queries.daily_amounts(conn, first=start, last=end),
        loads=trend_queries.daily_loads(conn, last=end),
        steps=[dict(s) for s in plan.steps],
        trials={k: list(v) for k, v in plan.trials.items()},
        hold_since=ladder_hold(plan, scan)[1],
        red_flags=flags,
        goals=goals,
        questionnaires=questionnaires,
        notes=clinician_notes(conn, first=start, last=end),
        tasks=task_results(conn, last=end),
        medicines=medicine_days(conn, first=start, last=end),
        strategies=strategy_uses(conn, first=start, last=end),
        at_diary_start=at_diary_start,
        asked_start=asked_start,
        daily_sleep=daily_sleep(conn, first=start, last=end),
        mornings=window_mornings(conn, start=start, end=end),
        declared=record_queries.declared_flares(conn, since=start),
        trial_rows=period_trials(conn, first=start, last=end),
        name=str(plan.settings.get("report.name") or ""),
        made_at=made_at,
        version=version,
        sections=sections,
        morning_pain={d: float(v) for d, v in morning_pain(conn, first=start, last=end).items()},
        sessions=period_sessions(conn, first=start, last=end),
        sites=entry_sites(conn, first=start, last=end),
        flare_texts=flare_texts(conn, first=start, last=end),
        trial_details=trial_details(conn, last=end),
    )


def period_sessions(conn: sqlite3.Connection, *, first: date, last: date) -> dict[int, list[dict[str, Any]]]:
    """Each activity's sessions in the period, in time order: day, amount, pain during, after."""
    rows = conn.execute(
        "SELECT activity_id, day, amount, pain_during, pain_after FROM session WHERE day BETWEEN ? AND ?"
        " ORDER BY at_utc, id",
        (first.isoformat(), last.isoformat()),
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        found.setdefault(int(r["activity_id"]), []).append(dict(r))
    return found


def entry_sites(conn: sqlite3.Connection, *, first: date, last: date) -> list[tuple[date, list[str]]]:
    """(day, sites) of every diary entry of the period."""
    rows = conn.execute(
        "SELECT day, sites FROM pain_entry WHERE day BETWEEN ? AND ? ORDER BY at_utc, id",
        (first.isoformat(), last.isoformat()),
    )
    found = []
    for r in rows:
        try:
            sites = json.loads(r["sites"] or "[]")
        except ValueError:
            sites = []
        found.append((date.fromisoformat(r["day"]), [str(s) for s in sites if isinstance(s, str)]))
    return found


def morning_pain(conn: sqlite3.Connection, *, first: date, last: date) -> dict[date, int]:
    """Each day's morning pain (`records.first_morning`: the first entry from 04:00 to noon)."""
    index = DiaryIndex.build(record_queries.diary_records(conn, since=first, until=last))
    return {day: value for day in index.by_day if (value := index.morning(day)) is not None}


def flare_texts(conn: sqlite3.Connection, *, first: date, last: date) -> dict[str, Any]:
    """The notes a flare section shows: declared flares reaching the period with their start
    and end notes, diary notes of the period, and the flare plan's triggers."""
    declared = [
        {
            "day": date.fromisoformat(r["day"]),
            "end_day": date.fromisoformat(r["end_day"]) if r["end_day"] else None,
            "note": r["note"],
            "end_note": r["end_note"],
        }
        for r in conn.execute(
            "SELECT day, end_day, note, end_note FROM flare WHERE day <= ? AND (end_day IS NULL OR end_day >= ?)"
            " ORDER BY at_utc, id",
            (last.isoformat(), (first - timedelta(days=RECOVERY_LOOKBACK)).isoformat()),
        )
    ]
    diary = [
        (date.fromisoformat(r["day"]), str(r["note"]))
        for r in conn.execute(
            "SELECT day, note FROM pain_entry WHERE day BETWEEN ? AND ? AND note IS NOT NULL AND note != ''"
            " ORDER BY at_utc, id",
            ((first - timedelta(days=RECOVERY_LOOKBACK)).isoformat(), last.isoformat()),
        )
    ]
    triggers = [str(r["text"]) for r in queries.flare_plan(conn) if r["section"] == "triggers"]
    return {"declared": declared, "diary": diary, "triggers": triggers}


def trial_details(conn: sqlite3.Connection, *, last: date) -> dict[int, list[dict[str, Any]]]:
    """Each ladder step's trials up to `last`, oldest first: expectation, likelihood, safety, aborted."""
    rows = conn.execute(
        "SELECT step_id, expect, expect_likely, safety, aborted FROM exposure_trial WHERE day <= ?"
        " ORDER BY at_utc, id",
        (last.isoformat(),),
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        found.setdefault(int(r["step_id"]), []).append(dict(r))
    return found
