"""What `edit` and `delete` say about the entry they change, and when they ask first.

Why: an id is easy to mistype (`edit session 34` for 43), and the person should see
which entry changed (its date, time and activity or kind) and each value old -> new,
so a wrong one is caught while `undo` is one command away. An entry older than
OLD_DAYS is asked about first on a terminal, after it is shown; off a terminal it
needs `--yes` (the conservative reading: a script cannot look at the entry).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date, timedelta
from typing import Any

from paceit import queries
from paceit.cli import output, prompts
from paceit.render.entries import describe_dose, describe_pain, describe_session, describe_strategy, describe_task
from paceit.store import TABLES
from paceit.times import human, human_day
from paceit.units import format_amount

OLD_DAYS = 7


def context(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> str:
    """'session #3 (walking, Sun 06 Dec 2026 12:00)': the entry as a person finds it."""
    what = _what(conn, table, row)
    when = human(row["at_utc"], row["utc_offset"]) if row.get("at_utc") and "utc_offset" in row else None
    inside = ", ".join(part for part in (what, when) if part)
    return f"{TABLES[table]} #{row.get('id')}" + (f" ({inside})" if inside else "")


def _what(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> str | None:
    if table in ("session", "goal") and row.get("activity_id") is not None:
        name = str(queries.activity_by_id(conn, activity_id=row["activity_id"])["name"])
        return name if table == "session" else f"{row['text']}, {name}"
    if table == "exposure_trial":
        step = queries.step_text(conn, step_id=row["step_id"])
        return f"step #{row['step_id']}" + (f" {step}" if step is not None else "")
    if table in ("ladder_step", "goal"):
        return str(row["text"])
    if table in ("med_dose", "task_result", "strategy_use", "activity"):
        return str(row["name"])
    if table == "questionnaire":
        return str(row["kind"]).upper()
    return None


def shown(conn: sqlite3.Connection, table: str, name: str, row: dict[str, Any], tags: list[str]) -> str:
    """The value of the edit field `name` in `row`, as the person typed it: 'none' for empty."""
    if name == "at":
        return human(row["at_utc"], row["utc_offset"])
    if name == "activity":
        return str(queries.activity_by_id(conn, activity_id=row["activity_id"])["name"])
    if name == "site":
        return ", ".join(json.loads(row["sites"])) or "none"
    if name == "tag":
        return ", ".join(tags) or "none"
    if name in ("regular", "as-needed"):
        name = "schedule"
    value = row.get(name.replace("-", "_"))
    if value is None:
        return "none"
    if name in ("amount", "target") and row.get("activity_id") is not None:
        return format_amount(value, queries.activity_by_id(conn, activity_id=row["activity_id"])["unit"])
    if name in ("flare", "happened", "safety", "aborted"):
        return "yes" if value else "no"
    return output.fmt(value)


def changes(
    conn: sqlite3.Connection,
    table: str,
    names: list[str],
    old: tuple[dict[str, Any], list[str]],
    new: tuple[dict[str, Any], list[str]],
) -> str:
    """'amount 20 min -> 25 min, note none -> sore knee' for the fields that changed."""
    said = []
    for name in dict.fromkeys("schedule" if n in ("regular", "as-needed") else n for n in names):
        before, after = shown(conn, table, name, *old), shown(conn, table, name, *new)
        said.append(f"{name} {before} -> {after}" if before != after else f"{name} {after} (unchanged)")
    return ", ".join(said)


def confirm_old(
    conn: sqlite3.Connection, table: str, row: dict[str, Any], *, today: date, verb: str, yes: bool
) -> bool:
    """Ask before changing an entry dated more than OLD_DAYS before today (see the module
    docstring); True to go on. The entry is shown first on a terminal."""
    day = row.get("day")
    if not day or date.fromisoformat(day) >= today - timedelta(days=OLD_DAYS):
        return True
    entry = context(conn, table, row)
    age = f"from {human_day(day)}, more than {OLD_DAYS} days ago"
    if not yes and prompts.interactive():
        print(f"{entry}: {age}.", file=sys.stderr)
    return prompts.confirmed(f"{verb.capitalize()} it?", refusal=f"{entry} is {age}; add --yes to {verb} it", yes=yes)


def values(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> str:
    """The entry's own values, as `history` shows them, for what `delete` removed."""
    if table == "pain_entry":
        return describe_pain(row)
    if table == "session":
        activity = queries.activity_by_id(conn, activity_id=row["activity_id"])
        return describe_session(row, activity["name"], activity["unit"])
    if table == "med_dose":
        return describe_dose(row)
    if table == "task_result":
        return describe_task(row)
    if table == "strategy_use":
        return describe_strategy(row)
    if table == "exposure_trial":
        return f"fear {row['fear_before']} -> {row['fear_after']}"
    if table == "questionnaire":
        return f"score {output.fmt(row['score'])}/10"
    return ""
