"""Reads for the progress line of `paceit next`: only the two windows of mornings it
compares and the first and latest PEG and PSFS, so `next` stays quick on a diary of
years (every query filters on an indexed column and reads a few rows)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any

from paceit import queries, record_queries
from paceit.outcomes import Score
from paceit.progress import NextProgressInputs, diary_spans
from paceit.records import DiaryIndex


def first_pain_day(conn: sqlite3.Connection) -> date | None:
    """The day of the diary's first pain entry."""
    found = conn.execute("SELECT min(day) FROM pain_entry").fetchone()[0]
    return date.fromisoformat(found) if found else None


def first_and_latest(conn: sqlite3.Connection, *, kind: str, until: date) -> list[Score]:
    """The first and the latest questionnaire of `kind` up to `until` (one when there is
    only one), each with its items."""
    where = "WHERE kind = ? AND day <= ?"
    sql = (
        f"SELECT * FROM (SELECT * FROM questionnaire {where} ORDER BY at_utc, id LIMIT 1) UNION "
        f"SELECT * FROM (SELECT * FROM questionnaire {where} ORDER BY at_utc DESC, id DESC LIMIT 1) "
        "ORDER BY at_utc, id"
    )
    params = (kind, until.isoformat()) * 2
    rows = queries.with_items(conn, [dict(r) for r in conn.execute(sql, params)])
    return [
        Score(date.fromisoformat(r["day"]), float(r["score"]), tuple((i["item"], int(i["value"])) for i in r["items"]))
        for r in rows
    ]


def next_inputs(conn: sqlite3.Connection, *, day: date, settings: Mapping[str, Any]) -> NextProgressInputs:
    first = first_pain_day(conn)
    spans = diary_spans(first, day) if first is not None and first <= day else None
    entries = []
    if spans is not None:
        for since, until in spans:
            entries += record_queries.diary_records(conn, since=since, until=until)
    return NextProgressInputs(
        day=day,
        settings=settings,
        diary=DiaryIndex.build(entries),
        declared=record_queries.declared_flares(conn) if spans is not None else [],
        first_day=first,
        pegs=first_and_latest(conn, kind="peg", until=day),
        psfs=first_and_latest(conn, kind="psfs", until=day),
    )
