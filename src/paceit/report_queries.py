"""Reads for `paceit report`: the rows `report.build` needs for one period, as plain data.

Aggregates run in SQL (the pain rows, daily pain, loads, amounts and medicine days).
Reads only (issue 20, item 4): the period's shape (its rows and windows, the flare
lookback) comes in as parameters, and `reporting.report_inputs` puts these reads
together with the replay (the quota history, as in `paceit next`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from paceit import keyed_queries, queries, record_queries
from paceit.function_records import TaskResult
from paceit.records import DiaryIndex
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


def diary_rows(conn: sqlite3.Connection, *, spans: Sequence[tuple[date, date]], size: int) -> list[dict[str, Any]]:
    """The rows `spans` (`report_pain.row_spans` of `size` days, oldest first): pain
    mean/min/max over the entries, their number `n`, and the means of sleep, mood and
    fatigue; keyed by `start`, the row's first day. Row k holds the days
    k*size .. k*size+size-1 before the Sunday that ends the last day's week (rows are
    calendar weeks, or blocks of them); the oldest row also takes what is left before it."""
    first, last, oldest = spans[0][0], spans[-1][1], len(spans) - 1
    sunday = last + timedelta(days=6 - last.weekday())
    rows = conn.execute(
        "SELECT min(CAST(julianday(:sunday) - julianday(day) AS INTEGER) / :size, :oldest) AS k, avg(pain) AS mean,"
        " min(pain) AS min, max(pain) AS max, count(*) AS n, avg(sleep) AS sleep, avg(mood) AS mood,"
        " avg(fatigue) AS fatigue FROM pain_entry WHERE day BETWEEN :first AND :last GROUP BY k ORDER BY k DESC",
        {"first": first.isoformat(), "last": last.isoformat(), "sunday": sunday.isoformat(), "size": size,
         "oldest": oldest},
    )
    return [{**dict(r), "start": spans[oldest - int(r["k"])][0].isoformat()} for r in rows]  # row k: spans[oldest - k]


def diary_start(conn: sqlite3.Connection, *, before: date, days: int) -> dict[date, float]:
    """Daily mean pain over the diary's first `days` days, when they ended before `before`."""
    opened = conn.execute("SELECT min(day) FROM pain_entry").fetchone()[0]
    if opened is None:
        return {}
    first = date.fromisoformat(opened)
    last = first + timedelta(days=days - 1)
    return daily_pain(conn, first=first, last=last) if last < before else {}


def task_results(conn: sqlite3.Connection, *, first: date, last: date) -> list[TaskResult]:
    """The functional test results the report compares, oldest first (by day, time, id):
    each test's latest before `first` and those from `first` to `last`. (It read every
    result up to `last`: 19,000 in the 560-year stress diary, 80 ms.)"""
    rows = conn.execute(
        keyed_queries.keys("task_result")
        + "SELECT day, name, value, unit, better, at_utc, id FROM task_result WHERE id IN (SELECT ("
        "SELECT id FROM task_result WHERE name = k AND day < :first ORDER BY day DESC, at_utc DESC, id DESC LIMIT 1"
        ") FROM keys WHERE k IS NOT NULL) UNION ALL SELECT day, name, value, unit, better, at_utc, id"
        " FROM task_result WHERE name IN (SELECT k FROM keys) AND day BETWEEN :first AND :last"
        " ORDER BY day, at_utc, id",
        {"first": first.isoformat(), "last": last.isoformat()},
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


def report_red_flags(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every red flag, cleared ones too, each with the local day it was cleared (`cleared_day`)."""
    return [
        {**f, "cleared_day": _local_day(f["cleared_utc"], f["utc_offset"])}
        for f in queries.red_flags(conn, include_cleared=True)
    ]


def report_goals(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every goal, each with the local day it was reached (`done_day`)."""
    return [{**g, "done_day": _local_day(g["done_utc"], g["utc_offset"])} for g in queries.goals(conn)]


def period_sessions(conn: sqlite3.Connection, *, first: date, last: date) -> dict[int, list[dict[str, Any]]]:
    """Each activity's sessions in the period, in time order: day, amount, pain during, after."""
    rows = conn.execute(
        keyed_queries.keys("session") + "SELECT activity_id, day, amount, pain_during, pain_after FROM session"
        f" WHERE {keyed_queries.in_days('session')} ORDER BY at_utc, id",
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


def flare_texts(conn: sqlite3.Connection, *, since: date, last: date) -> dict[str, Any]:
    """The notes a flare section shows: declared flares reaching `since` (the period's
    start, less the flare sections' lookback) with their start and end notes, diary notes
    from `since` to `last`, and the flare plan's triggers."""
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
            (last.isoformat(), since.isoformat()),
        )
    ]
    diary = [
        (date.fromisoformat(r["day"]), str(r["note"]))
        for r in conn.execute(
            "SELECT day, note FROM pain_entry WHERE day BETWEEN ? AND ? AND note IS NOT NULL AND note != ''"
            " ORDER BY at_utc, id",
            (since.isoformat(), last.isoformat()),
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
