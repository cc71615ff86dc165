"""Reads for `paceit report`: everything `report.build` needs for one period, as plain data.

Aggregates run in SQL (weekly and daily pain); the quota history comes from the
same replay as `paceit next`, run up to the period's last day.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from paceit import queries, trend_queries
from paceit.plan import ladder_hold, replays
from paceit.report import ReportInputs
from paceit.times import local_iso, local_moment


def _local_day(at_utc: str | None, offset: int) -> date | None:
    return local_moment(at_utc, offset).date() if at_utc else None


def daily_pain(conn: sqlite3.Connection, *, first: date, last: date) -> dict[date, float]:
    rows = conn.execute(
        "SELECT day, avg(pain) FROM pain_entry WHERE day BETWEEN ? AND ? GROUP BY day",
        (first.isoformat(), last.isoformat()),
    )
    return {date.fromisoformat(r[0]): float(r[1]) for r in rows}


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


def report_inputs(conn: sqlite3.Connection, *, start: date, end: date) -> ReportInputs:
    plan = queries.plan_inputs(conn, day=end)
    replayed, scan = replays(plan)
    flags = queries.red_flags(conn, include_cleared=True)
    for f in flags:
        f["cleared_day"] = _local_day(f["cleared_utc"], f["utc_offset"])
    goals = queries.goals(conn)
    for g in goals:
        g["done_day"] = _local_day(g["done_utc"], g["utc_offset"])
    questionnaires = queries.questionnaires(conn)
    for q in questionnaires:
        q["at"] = local_iso(q["at_utc"], q["utc_offset"])
    return ReportInputs(
        start=start,
        end=end,
        settings=plan.settings,
        weekly=trend_queries.weekly_diary(conn, first=start, last=end),
        daily_pain=daily_pain(conn, first=start, last=end),
        readings=readings(conn, first=start, last=end),
        replayed=replayed,
        scan=scan,
        amounts=trend_queries.daily_amounts(conn, first=start, last=end),
        steps=[dict(s) for s in plan.steps],
        trials={k: list(v) for k, v in plan.trials.items()},
        hold_since=ladder_hold(plan, scan)[1],
        red_flags=flags,
        goals=goals,
        questionnaires=questionnaires,
        notes=clinician_notes(conn, first=start, last=end),
    )
