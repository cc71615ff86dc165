"""Reads, in plain SQL over sqlite3: keyword-only functions returning plain dicts, or
the plain records of records.py that the rules read.

Only reads: no rule is applied here and no rule or engine module is imported (the
application layer, `planning.py` and `today.py`, builds the replay's inputs from these
reads and applies the goal cap; tests/test_layers.py holds it). Most commands that read
here (`history`, `pain`'s checks, `log` while the baseline is found, `edit`) never plan,
and the engine's modules are about a tenth of a run (issue 19).

Windows filter on the indexed `day`/`at_utc` columns so that reads stay flat as
years of history accumulate.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from paceit import kinds
from paceit.errors import InputError, NotFoundError
from paceit.kinds import TAG_COLUMNS
from paceit.parse import closest
from paceit.settings import DEFAULTS, RETIRED

if TYPE_CHECKING:
    from paceit.rows import (
        ActivityRow,
        FirstSessionRow,
        FlarePlanItemRow,
        FlareRow,
        GoalRow,
        LadderStepRow,
        ListedActivityRow,
        QuestionnaireRow,
        RedFlagRow,
        SessionRow,
        TrialRow,
        TrialRuleRow,
    )

HISTORY_KINDS: dict[str, str] = kinds.HISTORY  # the kinds `history` lists, and their tables


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(row) for row in cursor.fetchall()]


def settings_in_force(conn: sqlite3.Connection) -> dict[str, Any]:
    """Documented defaults overlaid with what the person or clinician set."""
    return {**DEFAULTS, **stored_settings(conn)}


def stored_settings(conn: sqlite3.Connection) -> dict[str, Any]:
    """The settings the person or clinician set here (retired keys left out: no rule reads them)."""
    return {
        row["key"]: json.loads(row["value"])
        for row in conn.execute("SELECT key, value FROM setting")
        if row["key"] in DEFAULTS
    }


def retired_settings(conn: sqlite3.Connection) -> dict[str, Any]:
    """Settings of earlier rules that a diary still holds (settings.RETIRED): kept, never read by a rule."""
    found = {}
    for row in conn.execute("SELECT key, value FROM setting ORDER BY key"):
        if row["key"] in RETIRED:
            try:
                found[row["key"]] = json.loads(row["value"])
            except ValueError:
                found[row["key"]] = row["value"]
    return found


def stored_setting_keys(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT key FROM setting")}


def activities(conn: sqlite3.Connection, *, include_archived: bool = False) -> list[ListedActivityRow]:
    where = "" if include_archived else "WHERE a.archived_utc IS NULL"
    sql = (
        "SELECT a.*, (SELECT count(*) FROM session s WHERE s.activity_id = a.id) AS sessions,"
        " (SELECT max(s.day) FROM session s WHERE s.activity_id = a.id) AS last_day "
        f"FROM activity a {where} ORDER BY lower(a.name)"
    )
    return cast("list[ListedActivityRow]", _rows(conn.execute(sql)))


def activity_named(conn: sqlite3.Connection, *, name: str, exclude_id: int | None = None) -> ActivityRow | None:
    """The activity with this name in any case, in any script (names are unique
    regardless of case). Compared in Python: SQLite's lower() folds only ASCII."""
    key = name.strip().casefold()
    for row in conn.execute("SELECT * FROM activity WHERE id != ?", (exclude_id or -1,)):
        if row["name"].casefold() == key:
            return cast("ActivityRow", dict(row))
    return None


def activity_by_id(conn: sqlite3.Connection, *, activity_id: int) -> ActivityRow:
    row = conn.execute("SELECT * FROM activity WHERE id = ?", (activity_id,)).fetchone()
    return cast("ActivityRow", dict(row))


_REFERENCES = {
    ("session", "activity_id"),
    ("goal", "activity_id"),
    ("ladder_step", "activity_id"),
    ("exposure_trial", "step_id"),
    ("questionnaire_item", "questionnaire_id"),
}


def count_references(
    conn: sqlite3.Connection, *, table: str, column: str, value: int, with_target: bool = False
) -> int:
    """How many rows of `table` point at `value` through `column` (e.g. sessions of an activity)."""
    if (table, column) not in _REFERENCES:
        raise ValueError(f"unknown reference {table}.{column}")
    extra = " AND target IS NOT NULL" if with_target else ""
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?{extra}", (value,)).fetchone()[0])


def amounts_in_unit(conn: sqlite3.Connection, *, activity_id: int) -> dict[str, int]:
    """What counts in an activity's unit, as activity_rules.unit_change asks: its sessions
    and the goals with a target."""
    return {
        "sessions": count_references(conn, table="session", column="activity_id", value=activity_id),
        "goal_targets": count_references(conn, table="goal", column="activity_id", value=activity_id, with_target=True),
    }


# What a person records on a day they lived (definitions such as ladder steps and goals are
# left out): the diary begins with the first of these.
_DIARY_TABLES = kinds.LIVED_TABLES


def diary_first_day(conn: sqlite3.Connection) -> date | None:
    """The day of the diary's first entry (None while it holds none); a session's or test
    result's by a seek per key (`keyed_queries.first_day`: a scan of every session took
    40 ms in the 560-year stress diary)."""
    from paceit.keyed_queries import first_day

    days = [conn.execute(first_day(table)).fetchone()[0] for table in _DIARY_TABLES]
    found = [d for d in days if d is not None]
    return date.fromisoformat(min(found)) if found else None


def first_session_day(conn: sqlite3.Connection, *, activity_id: int) -> str | None:
    row = conn.execute("SELECT min(day) FROM session WHERE activity_id = ?", (activity_id,)).fetchone()
    return row[0] if row else None


# The order the replay counts an activity's sessions in (pacing.session_key: day, local
# time, then their content), not the order they were logged in, nor UTC order (they part
# when the person changes time zone): the first of them set a measured baseline.
_REPLAY_ORDER = (
    "day, strftime('%H:%M', at_utc, utc_offset || ' minutes'), amount, coalesce(pain_during, -1), "
    "coalesce(pain_after, -1), coalesce(pain_before, -1), coalesce(effort, -1), id"
)


def first_sessions(conn: sqlite3.Connection, *, activity_id: int, limit: int) -> list[FirstSessionRow]:
    """The activity's first `limit` sessions (id and day), in the replay's order."""
    rows = conn.execute(
        f"SELECT id, day FROM session WHERE activity_id = ? ORDER BY {_REPLAY_ORDER} LIMIT ?", (activity_id, limit)
    )
    return cast("list[FirstSessionRow]", _rows(rows))


def first_amounts(conn: sqlite3.Connection, *, activity_id: int, count: int) -> list[float]:
    """The first `count` sessions' amounts, in the replay's order: the baseline sessions
    (§1) that `activity show` names are the ones the plan used."""
    rows = conn.execute(
        f"SELECT amount FROM session WHERE activity_id = ? ORDER BY {_REPLAY_ORDER} LIMIT ?", (activity_id, count)
    ).fetchall()
    return [float(r[0]) for r in rows]


def find_activity(conn: sqlite3.Connection, *, name: str, include_archived: bool = False) -> ActivityRow:
    """The activity called `name` (any case), or an error suggesting the closest one."""
    if not name.strip():  # `paceit log "" 20`: not a name to look for, so say so, not "no activity called ''"
        known = ", ".join(a["name"] for a in activities(conn))
        raise InputError("the activity name must not be blank" + (f"; yours are: {known}" if known else ""))
    row = activity_named(conn, name=name)
    if row is not None and (include_archived or row["archived_utc"] is None):
        return row
    if row is not None:
        raise NotFoundError(
            f"activity '{row['name']}' is archived; bring it back with "
            f"'paceit activity archive \"{row['name']}\" --restore'"
        )
    names = [a["name"] for a in activities(conn)]
    guess = closest(name, names)
    if guess:
        raise NotFoundError(f"no activity called '{name}'; did you mean '{guess}'?")
    if names:
        raise NotFoundError(f"no activity called '{name}'; yours are: {', '.join(names)}")
    raise NotFoundError(f"no activity called '{name}' yet; add it with 'paceit activity add \"{name}\" --unit min'")


def activity_sessions(conn: sqlite3.Connection, *, activity_id: int, limit: int = 10) -> list[SessionRow]:
    sql = "SELECT * FROM session WHERE activity_id = ? ORDER BY at_utc DESC, id DESC LIMIT ?"
    return cast("list[SessionRow]", _rows(conn.execute(sql, (activity_id, limit))))


def _window(since: date | None, until: date | None, column: str = "day") -> tuple[str, list[Any]]:
    where, params = [], []
    if since:
        where.append(f"{column} >= ?")
        params.append(since.isoformat())
    if until:
        where.append(f"{column} <= ?")
        params.append(until.isoformat())
    return (f"WHERE {' AND '.join(where)}" if where else ""), params


def history(
    conn: sqlite3.Connection,
    *,
    kinds: list[str],
    since: date | None,
    until: date | None,
    tag: str | None = None,
) -> list[dict[str, Any]]:
    """Entries of the given kinds, oldest first, each with its `kind`, its `tags` and
    readable extras. With `tag`, only entries carrying that tag."""
    clause, params = _window(since, until)
    result: list[dict[str, Any]] = []
    for kind in kinds:
        table = HISTORY_KINDS[kind]
        for row in _rows(conn.execute(f"SELECT * FROM {table} {clause}", params)):
            row["kind"] = kind
            result.append(row)
    if "session" in kinds:
        names = {a["id"]: (a["name"], a["unit"]) for a in activities(conn, include_archived=True)}
        for row in result:
            if row["kind"] == "session":
                row["activity"], row["unit"] = names.get(row["activity_id"], ("?", ""))
    if "trial" in kinds:
        steps = {s["id"]: s["text"] for s in _rows(conn.execute("SELECT id, text FROM ladder_step"))}
        for row in result:
            if row["kind"] == "trial":
                row["step"] = steps.get(row["step_id"], "?")
    _attach_tags(conn, result, kinds, since, until)
    if tag is not None:
        result = [row for row in result if tag in row["tags"]]
    result.sort(key=lambda r: (r["at_utc"], r["kind"], r["id"]))
    return result


def any_before(conn: sqlite3.Connection, *, kinds: list[str], day: date) -> bool:
    """Whether an entry of these kinds is older than `day`: `history` offers '--all for
    more' only then (one indexed probe per table; the tag is not looked at)."""
    for kind in kinds:
        table = HISTORY_KINDS[kind]
        if conn.execute(f"SELECT 1 FROM {table} WHERE day < ? LIMIT 1", (day.isoformat(),)).fetchone():
            return True
    return False


def _attach_tags(
    conn: sqlite3.Connection, rows: list[dict[str, Any]], kinds: list[str], since: date | None, until: date | None
) -> None:
    """Each row's tags (sorted), read with one query per taggable kind in the same window."""
    found: dict[tuple[str, int], list[str]] = {}
    for kind in kinds:
        column = TAG_COLUMNS.get(kind)
        if column is None:
            continue
        where, params = _window(since, until, "e.day")
        sql = (
            f"SELECT t.{column} AS entry, t.tag FROM entry_tag t JOIN {HISTORY_KINDS[kind]} e ON e.id = t.{column} "
            f"{where} ORDER BY t.tag"
        )
        for row in conn.execute(sql, params):
            found.setdefault((kind, int(row["entry"])), []).append(row["tag"])
    for row in rows:
        row["tags"] = found.get((row["kind"], row["id"]), [])


def ladder_steps(conn: sqlite3.Connection) -> list[LadderStepRow]:
    """Steps in order of fear (then age), with their trial counts."""
    sql = (
        "SELECT st.*, (SELECT count(*) FROM exposure_trial t WHERE t.step_id = st.id) AS trials,"
        " (SELECT a.name FROM activity a WHERE a.id = st.activity_id) AS activity "
        "FROM ladder_step st ORDER BY st.fear, st.at_utc, st.id"
    )
    return cast("list[LadderStepRow]", _rows(conn.execute(sql)))


def step_trials(conn: sqlite3.Connection, *, step_id: int) -> list[TrialRow]:
    sql = "SELECT * FROM exposure_trial WHERE step_id = ? ORDER BY at_utc, id"
    return cast("list[TrialRow]", _rows(conn.execute(sql, (step_id,))))


def red_flags(conn: sqlite3.Connection, *, include_cleared: bool = False) -> list[RedFlagRow]:
    where = "" if include_cleared else "WHERE cleared_utc IS NULL"
    return cast("list[RedFlagRow]", _rows(conn.execute(f"SELECT * FROM red_flag {where} ORDER BY grp, at_utc, id")))


def open_flare(conn: sqlite3.Connection) -> FlareRow | None:
    row = conn.execute("SELECT * FROM flare WHERE end_at_utc IS NULL ORDER BY at_utc DESC LIMIT 1").fetchone()
    return cast("FlareRow", dict(row)) if row else None


def check_flare_overlap(
    conn: sqlite3.Connection, *, start_utc: str, end_utc: str | None, ignore_id: int | None = None
) -> None:
    """Refuse a flare period that would overlap another declared flare."""
    far_future = "9999-12-31 23:59:59"
    clash = conn.execute(
        "SELECT id, day, end_day FROM flare WHERE id != ? AND at_utc <= ? AND coalesce(end_at_utc, ?) >= ?",
        (ignore_id or -1, end_utc or far_future, far_future, start_utc),
    ).fetchone()
    if clash:
        span = f"{clash['day']} to {clash['end_day'] or 'now'}"
        raise InputError(f"--at: that would overlap flare #{clash['id']} ({span})")


def flares(conn: sqlite3.Connection) -> list[FlareRow]:
    return cast("list[FlareRow]", _rows(conn.execute("SELECT * FROM flare ORDER BY at_utc, id")))


def flare_plan(conn: sqlite3.Connection) -> list[FlarePlanItemRow]:
    sql = "SELECT * FROM flare_plan_item ORDER BY section, position, id"
    return cast("list[FlarePlanItemRow]", _rows(conn.execute(sql)))


def goals(conn: sqlite3.Connection, *, include_done: bool = True) -> list[GoalRow]:
    where = "" if include_done else "WHERE g.done_utc IS NULL"
    sql = (
        "SELECT g.*, a.name AS activity, a.unit AS unit FROM goal g "
        f"LEFT JOIN activity a ON a.id = g.activity_id {where} "
        "ORDER BY g.done_utc IS NOT NULL, g.at_utc, g.id"
    )
    return cast("list[GoalRow]", _rows(conn.execute(sql)))


def questionnaires(conn: sqlite3.Connection, *, kind: str | None = None) -> list[QuestionnaireRow]:
    where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
    rows = with_items(conn, _rows(conn.execute(f"SELECT * FROM questionnaire {where} ORDER BY at_utc, id", params)))
    return cast("list[QuestionnaireRow]", rows)


def with_items(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` (questionnaires), each given its `items` in order: one query per 500, not one each."""
    items: dict[int, list[dict[str, Any]]] = {}
    ids = [r["id"] for r in rows]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in conn.execute(
            f"SELECT questionnaire_id, item, value FROM questionnaire_item WHERE questionnaire_id IN "
            f"({', '.join('?' * len(chunk))}) ORDER BY questionnaire_id, position",
            chunk,
        ):
            items.setdefault(int(r[0]), []).append({"item": r[1], "value": r[2]})
    for row in rows:
        row["items"] = items.get(row["id"], [])
    return rows


def last_psfs_activities(conn: sqlite3.Connection) -> list[str]:
    """The activities of the latest PSFS, so the next one asks the same ones."""
    newest = "SELECT * FROM questionnaire WHERE kind = 'psfs' ORDER BY at_utc DESC, id DESC LIMIT 1"
    latest = _rows(conn.execute(newest))
    return [item["item"] for item in with_items(conn, latest)[0]["items"]] if latest else []


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = (
        "pain_entry",
        "activity",
        "session",
        "ladder_step",
        "exposure_trial",
        "red_flag",
        "flare",
        "goal",
        "questionnaire",
    )
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}


def trials_until(conn: sqlite3.Connection, *, until: date) -> list[TrialRuleRow]:
    """Every exposure trial up to `until`, by step then in order: one query, only the
    columns the ladder's rules read (planning.ladder_trials)."""
    rows = conn.execute(
        "SELECT step_id, fear_before, fear_after, fear_peak, expect_likely, predicted_pain, pain, happened,"
        " aborted, day FROM exposure_trial WHERE day <= ? ORDER BY step_id, at_utc, id",
        (until.isoformat(),),
    )
    return cast("list[TrialRuleRow]", _rows(rows))


def step_text(conn: sqlite3.Connection, *, step_id: int) -> str | None:
    """A ladder step's wording (None when the step is gone), for naming its trials."""
    found = conn.execute("SELECT text FROM ladder_step WHERE id = ?", (step_id,)).fetchone()
    return None if found is None else str(found[0])
