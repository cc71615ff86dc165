"""The store's verbs for the commands whose one change writes more than one entry's rows:
ending a flare, replacing sections of the flare plan, a red-flag check with its flags,
and a prescription's activities and settings.

Why here and not in the command: each command is one change (one `paceit undo`) with an
audit row per row written, and a command module names no table and opens no transaction
(tests/test_cli_layering.py). What to write is decided by pure functions (`flareplan`,
`redflags`) or by the command's own checks; these verbs only carry it out, in one
`store.change`. Kept beside store.py so that module stays the generic core.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, NamedTuple

from paceit import flareplan, redflags
from paceit.store import change


def end_flare(
    conn: sqlite3.Connection,
    flare: Mapping[str, Any],
    end: Mapping[str, Any],
    *,
    question: str | None,
    when: Mapping[str, Any],
    command: str,
    now: datetime,
) -> int:
    """End `flare` with the `end` columns, in one change: a flare the diary shows but nobody
    declared (no `id`) is recorded first from its start; the `--ask` note is stamped at the
    end (`when`). Returns the flare's id."""
    with change(conn, command=command, now=now) as ch:
        flare_id = int(flare.get("id") or ch.insert("flare", {k: flare[k] for k in ("at_utc", "day", "utc_offset")}))
        ch.update("flare", flare_id, end)
        if question:
            ch.ask(question, source=command, table="flare", row_id=flare_id, when=when)
        return flare_id


def set_flare_plan(conn: sqlite3.Connection, sections: dict[str, list[str]], *, command: str, now: datetime) -> None:
    """Replace the given sections of the flare plan (flareplan.section_changes), read and
    written under the write lock, in one change."""
    from paceit import queries

    with change(conn, command=command, now=now) as ch:
        for deleted, added in flareplan.section_changes(queries.flare_plan(conn), sections):
            for item_id in deleted:
                ch.delete("flare_plan_item", item_id)
            for row in added:
                ch.insert("flare_plan_item", row)


def record_red_flag_check(
    conn: sqlite3.Connection,
    codes: list[str],
    *,
    note: str | None,
    moment: Mapping[str, Any],
    question: str | None,
    command: str,
    now: datetime,
) -> tuple[int, list[int]]:
    """A red-flag check, a red flag per code ticked (redflags.check_rows) and the `--ask`
    note, in one change. Returns the check's id and the flags' ids."""
    check, flags = redflags.check_rows(codes, note, dict(moment))
    with change(conn, command=command, now=now) as ch:
        check_id = ch.insert("red_flag_check", check)
        ids = [ch.insert("red_flag", {"check_id": check_id, **flag}) for flag in flags]
        if question:
            ch.ask(question, source=command, table="red_flag_check", row_id=check_id)
        return check_id, ids


class Planned(NamedTuple):  # not a dataclass: a NamedTuple builds faster, and this loads with its command
    """One change a prescription makes: an activity added or updated, or a setting."""

    action: Literal["add", "update", "set"]
    text: str  # what changes, after the verb
    values: dict[str, Any]
    row_id: int = 0
    key: str = ""


def apply_planned(
    conn: sqlite3.Connection,
    plan: Callable[[sqlite3.Connection], Sequence[Planned]],
    *,
    command: str,
    now: datetime,
) -> list[tuple[Planned, int]]:
    """Carry out what `plan` finds (called under the write lock, so it sees the diary as it is
    written) in one change: each planned change with the id of the activity it added (0 for
    an update or a setting)."""
    done: list[tuple[Planned, int]] = []
    with change(conn, command=command, now=now) as ch:
        for planned in plan(conn):
            added = 0
            if planned.action == "add":
                added = ch.insert("activity", planned.values)
            elif planned.action == "update":
                ch.update("activity", planned.row_id, planned.values)
            else:
                ch.set_setting(planned.key, planned.values["value"])
            done.append((planned, added))
    return done
