"""Reads for context and function (issue 9): tags, functional tests, medication, strategies
(issue 20), and the per-day records behind `paceit insights`. Plain SQL over sqlite3, like
`queries.py`, kept apart so that module stays readable.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING

from paceit import keyed_queries
from paceit.function_records import Dose, TaskResult, TaskSpec
from paceit.kinds import TAG_COLUMNS
from paceit.queries import HISTORY_KINDS
from paceit.record_queries import minute_of
from paceit.records import first_morning

if TYPE_CHECKING:
    from paceit.insight_records import DayData  # loaded by insight_days only: `history` and `edit` need none of it


def tags_of(conn: sqlite3.Connection, *, kind: str, entry_id: int) -> list[tuple[int, str]]:
    """(tag row id, tag) of one entry: what a delete removes with it."""
    column = TAG_COLUMNS.get(kind)
    if column is None:
        return []
    rows = conn.execute(f"SELECT id, tag FROM entry_tag WHERE {column} = ? ORDER BY id", (entry_id,))
    return [(int(r["id"]), r["tag"]) for r in rows]


def notes_with(conn: sqlite3.Connection, *, source_uuid: str | None) -> list[int]:
    """Ids of the notes for the clinician recorded with an entry (`--ask`, which keeps the
    entry's uuid): a purge of the entry takes them too, since they often say the same."""
    if not source_uuid:
        return []
    rows = conn.execute("SELECT id FROM clinician_note WHERE source_uuid = ? ORDER BY id", (source_uuid,))
    return [int(r[0]) for r in rows]


def task_named(conn: sqlite3.Connection, *, name: str) -> TaskSpec | None:
    """The task as its first result defined it (first use decides unit and direction)."""
    row = conn.execute(
        "SELECT name, unit, better FROM task_result WHERE name = ? ORDER BY at_utc, id LIMIT 1", (name,)
    ).fetchone()
    return TaskSpec(row["name"], row["unit"], row["better"]) if row else None


def function_records(conn: sqlite3.Connection, *, since: date, until: date) -> tuple[list[TaskResult], list[Dose]]:
    """Functional test results and medication doses dated `since`..`until` (local days)."""
    window = (since.isoformat(), until.isoformat())
    results = [
        TaskResult(date.fromisoformat(r["day"]), r["name"], float(r["value"]), r["unit"], r["better"])
        for r in conn.execute(
            keyed_queries.keys("task_result")
            + f"SELECT * FROM task_result WHERE {keyed_queries.in_days('task_result')} ORDER BY at_utc, id",
            window,
        )
    ]
    doses = [
        Dose(date.fromisoformat(r["day"]), r["name"], r["schedule"])
        for r in conn.execute("SELECT * FROM med_dose WHERE day BETWEEN ? AND ? ORDER BY at_utc, id", window)
    ]
    return results, doses


# --- insights -------------------------------------------------------------------------------


def _day_tags(conn: sqlite3.Connection, window: tuple[str, str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind, column in TAG_COLUMNS.items():
        sql = (
            f"SELECT e.day, t.tag FROM entry_tag t JOIN {HISTORY_KINDS[kind]} e ON e.id = t.{column} "
            "WHERE e.day BETWEEN ? AND ?"
        )
        for row in conn.execute(sql, window):
            found.setdefault(row["day"], set()).add(row["tag"])
    return found


def _day_loads(conn: sqlite3.Connection, window: tuple[str, str]) -> tuple[dict[str, float | None], str | None]:
    """Per day: effort x minutes of its timed sessions (None if one lacks an effort), and
    the first session day ever (rest days before it are not 0 load: nothing had started)."""
    loads: dict[str, float | None] = {}
    sql = (
        "SELECT s.day, s.amount, s.effort FROM session s JOIN activity a ON a.id = s.activity_id "
        "WHERE a.unit = 'min' AND s.day BETWEEN ? AND ?"
    )
    for row in conn.execute(sql, window):
        before = loads.get(row["day"], 0.0)
        if before is None or row["effort"] is None:
            loads[row["day"]] = None
        else:
            loads[row["day"]] = before + row["effort"] * row["amount"]
    first = conn.execute("SELECT min(day) FROM session").fetchone()[0]
    return loads, first


def strategy_spelling(conn: sqlite3.Connection, *, name: str) -> str:
    """The spelling of a strategy recorded before under `name` in another case ('TENS' when
    'tens' is typed), so one strategy keeps one name in `history` and the report; else `name`
    as typed. Compared in Python: SQLite's lower() folds only ASCII."""
    key = name.casefold()
    for (stored,) in conn.execute("SELECT name FROM strategy_use GROUP BY name ORDER BY min(id)"):
        if str(stored).casefold() == key:
            return str(stored)
    return name


def _regular_spans(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Each regular medicine's first and last dose day ever (not only in the window), so a
    medicine begun before the window is never taken to start at its first dose inside it."""
    sql = "SELECT name, min(day), max(day) FROM med_dose WHERE schedule = 'regular' GROUP BY name"
    return {r[0]: (r[1], r[2]) for r in conn.execute(sql)}


def insight_days(conn: sqlite3.Connection, *, since: date, until: date) -> list[DayData]:
    """One `insights` day (`insight_records.DayData`) per day from `since` to `until`
    (every day, empty ones too)."""
    from paceit.insight_records import DayData

    window = (since.isoformat(), until.isoformat())
    pains: dict[str, list[tuple[int, int, int | None]]] = {}
    for r in conn.execute("SELECT * FROM pain_entry WHERE day BETWEEN ? AND ? ORDER BY at_utc, id", window):
        minute = minute_of(r["at_utc"], r["utc_offset"])[1]
        pains.setdefault(r["day"], []).append((minute, r["pain"], r["sleep"]))
    meds: dict[str, set[str]] = {}
    sql = "SELECT day, name FROM med_dose WHERE day BETWEEN ? AND ? AND schedule = 'as-needed'"
    for r in conn.execute(sql, window):
        meds.setdefault(r["day"], set()).add(r["name"])
    spans = _regular_spans(conn)
    logged = {r[0] for r in conn.execute("SELECT DISTINCT day FROM session WHERE day BETWEEN ? AND ?", window)}
    logged |= {r[0] for r in conn.execute("SELECT DISTINCT day FROM exposure_trial WHERE day BETWEEN ? AND ?", window)}
    logged |= {r[0] for r in conn.execute("SELECT DISTINCT day FROM med_dose WHERE day BETWEEN ? AND ?", window)}
    tags = _day_tags(conn, window)
    loads, first_session = _day_loads(conn, window)
    found = []
    for offset in range((until - since).days + 1):
        key = (since + timedelta(days=offset)).isoformat()
        entries = sorted(pains.get(key, []), key=lambda e: e[0])
        morning = first_morning(entries, lambda e: e[0])
        started = first_session is not None and key >= first_session
        found.append(
            DayData(
                day=date.fromisoformat(key),
                morning_pain=morning[1] if morning else None,
                pain=sum(p for _, p, _ in entries) / len(entries) if entries else None,
                sleep=next((s for _, _, s in entries if s is not None), None),
                load=loads.get(key, 0.0) if started else None,
                tags=frozenset(tags.get(key, ())),
                meds=frozenset(meds.get(key, ())),
                regular=frozenset(name for name, (first, last) in spans.items() if first <= key <= last),
                regular_before=frozenset(name for name, (first, _) in spans.items() if key < first),
                logged=bool(entries) or key in logged,
            )
        )
    return found
