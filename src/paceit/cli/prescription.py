"""`paceit prescription import FILE`: apply a clinician's prescription file.

The file (TOML; the format is in docs/prescription.md and `paceit.prescription`) sets paced
activities and clinical settings. Each [[activity]] maps onto the activity table:
`baseline` and `target` onto the columns of the same name; `step` onto step_mode
('pct' for "10%", 'abs' for an amount in the unit) plus step; `every` onto
every_days and `ceiling` onto ceiling (both per activity; without them the
settings progression.every_days and zone.r1_ceiling apply); `start` onto the start
moment of a new activity. [settings] keys are stored like `config set`.

The whole file is read and checked before the diary is opened; then every change
is made in one change (domain_writes.apply_planned), so a single `paceit undo` takes the import back.
Importing the file is the clinician's confirmation, so no --clinician is needed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from paceit import activity_rules, domain_writes, parse, queries
from paceit.cli import complete
from paceit.cli.state import get_state
from paceit.domain_writes import Planned
from paceit.errors import InputError
from paceit.settings import format_value
from paceit.times import human_day, stamp, stamp_columns
from paceit.units import UNIT_NAMES, format_amount

if TYPE_CHECKING:  # the parser (tomllib, decimal) loads only when a file is imported
    from paceit.prescription import ActivityItem, Prescription

app = typer.Typer(
    help="A clinician's prescription file: activities, baselines, steps, ceilings.\n\n"
    "Example: paceit prescription import plan.toml --dry-run",
    no_args_is_help=True,
)

MAX_BYTES = 1_000_000  # a prescription is a page of text; anything larger is the wrong file
FIELDS = ("unit", "baseline", "step", "every_days", "ceiling", "target")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE.toml", help="The prescription file from your clinician.", click_type=complete.PATH
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change, and change nothing.")] = False,
) -> None:
    """Import a clinician's prescription: paced activities and clinical settings, as one change.

    Example: paceit prescription import plan.toml --dry-run
    """
    from paceit.prescription import parse_prescription

    state = get_state(ctx)
    rx = parse_prescription(_read(file), today=state.now.date(), source=file)
    planned = _plan(state.db(create=False), rx, source=file, now=state.now)
    done = None
    if planned and not dry_run:
        done = domain_writes.apply_planned(
            state.db(),
            lambda conn: _plan(conn, rx, source=file, now=state.now),
            command="prescription import",
            now=state.now,
        )
    from paceit.render.prescription import show_import

    show_import(rx, planned, done, dry_run=dry_run)


def _read(file: str) -> str:
    """The file's text; a FIFO or a device is refused before it is opened (see `files`)."""
    from paceit import files

    try:
        data = files.read_regular(Path(file), limit=MAX_BYTES)
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except files.NotAFileError as exc:
        if exc.what == "a folder":
            raise InputError(f"{file}: is a folder, not a prescription file") from None
        raise InputError(f"{file} is {exc.what}, not a file; a prescription is a TOML text file") from None
    except files.TooLargeError:
        raise InputError(f"{file}: too large for a prescription file (more than {MAX_BYTES:,} bytes)") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{file}: not UTF-8 text; a prescription is a TOML text file") from None


def _plan(conn: sqlite3.Connection, rx: Prescription, *, source: str, now: datetime) -> list[Planned]:
    """What the prescription changes in this diary; errors name the file and the place."""
    from paceit.prescription import located

    in_force = queries.settings_in_force(conn)
    after = {**in_force, **dict(rx.settings)}  # an activity is checked under the settings the file leaves
    try:
        _check_other_activities(conn, rx, in_force, after)
    except InputError as exc:
        raise located(source, exc) from None
    planned: list[Planned | None] = []
    for item in rx.activities:
        try:
            planned.append(_plan_activity(conn, item, after, now))
        except InputError as exc:
            raise located(source, located(item.where, exc)) from None
    stored = queries.stored_setting_keys(conn)
    planned += [_plan_setting(key, value, in_force[key], key in stored) for key, value in rx.settings]
    return [p for p in planned if p is not None]


def _check_other_activities(
    conn: sqlite3.Connection, rx: Prescription, in_force: dict[str, Any], after: dict[str, Any]
) -> None:
    """A new baseline.factor must keep the targets of the activities the file leaves out
    above their starting quotas (those it gives are checked with their own values)."""
    factor = after["baseline.factor"]
    if factor == in_force["baseline.factor"]:
        return
    named = {item.name.casefold() for item in rx.activities}
    others = [a for a in queries.activities(conn, include_archived=True) if a["name"].casefold() not in named]
    try:
        activity_rules.check_factor(others, factor)
    except activity_rules.RuleError as exc:
        raise InputError(f"[settings]: {exc.message}") from None


def _plan_activity(
    conn: sqlite3.Connection, item: ActivityItem, in_force: dict[str, Any], now: datetime
) -> Planned | None:
    row = queries.activity_named(conn, name=item.name)
    if row is None:
        return _new_activity(conn, item, in_force, now)
    return _updated_activity(conn, item, row, in_force)


LABELS = {"every_days": "every"}  # the file's names of the activity columns that differ


def _check_rules(row: dict[str, Any], in_force: dict[str, Any]) -> None:
    """The rules every entry point uses (activity_rules), on the activity as it would be."""
    try:
        activity_rules.check_activity(row, in_force)
    except activity_rules.RuleError as exc:
        raise exc.named(LABELS) from None


def _new_activity(conn: sqlite3.Connection, item: ActivityItem, in_force: dict[str, Any], now: datetime) -> Planned:
    if item.unit is None:
        names = [a["name"] for a in queries.activities(conn, include_archived=True)]
        guess = parse.closest(item.name, names)
        hint = f"; or did you mean the existing '{guess}'?" if guess else ""
        raise InputError(f"unit is required for a new activity: one of {', '.join(UNIT_NAMES)}{hint}")
    moment = now if item.start is None else parse.when(item.start.isoformat(), now=now, option="start")
    row: dict[str, Any] = {"name": item.name, "unit": item.unit, **item.columns(item.unit)}
    _check_rules(row, in_force)
    row.update(stamp_columns(stamp(moment)))
    words = [f"{_label(key)} {_field_text(key, row, item.unit)}" for key in FIELDS[1:] if _given(key, row)]
    if "baseline" not in row:
        words.insert(0, f"baseline from the first {in_force['baseline.sessions']} sessions")
    if item.start is not None:
        words.append(f"starting {human_day(row['day'])}")
    return Planned("add", f"{item.name} ({item.unit}): {', '.join(words)}", row)


def _updated_activity(
    conn: sqlite3.Connection, item: ActivityItem, row: Mapping[str, Any], in_force: dict[str, Any]
) -> Planned | None:
    name = row["name"]
    if item.start is not None and item.start.isoformat() != row["day"]:
        raise InputError(
            f"start applies only to a new activity, and '{name}' exists (#{row['id']}, started {row['day']}); "
            f"leave start out, or change it with 'paceit activity edit \"{name}\" --at DAY'"
        )
    values: dict[str, Any] = {}
    if item.unit is not None and item.unit != row["unit"]:
        values.update(_unit_change(conn, row, item.unit))
    values.update(item.columns(values.get("unit", row["unit"])))
    after = {**row, **values}
    _check_rules(after, in_force)
    changed = {key: value for key, value in values.items() if row[key] != value}
    if not changed:
        return None
    diffs = [
        f"{_label(key)} {_field_text(key, row, row['unit'], bare=True)} -> "
        f"{_field_text(key, after, after['unit'], bare=key == 'ceiling')}"
        for key in FIELDS
        if key in changed or (key == "step" and "step_mode" in changed)
    ]
    text = f"#{row['id']} {name}: {', '.join(diffs)}"
    if row["archived_utc"]:
        text += f" (archived: bring it back with 'paceit activity archive \"{name}\" --restore')"
    return Planned("update", text, changed, row_id=row["id"])


def _unit_change(conn: sqlite3.Connection, row: Mapping[str, Any], new_unit: str) -> dict[str, Any]:
    """The rule of `activity edit --unit` (activity_rules.unit_change), with what counts
    in the old unit here; a new baseline or target in the file is laid over it."""
    try:
        return activity_rules.unit_change(row, new_unit, **queries.amounts_in_unit(conn, activity_id=row["id"]))
    except activity_rules.RuleError as exc:
        raise exc.named(LABELS) from None


def _plan_setting(key: str, value: Any, current: Any, stored: bool) -> Planned | None:
    """A value the prescription gives is stored even when it equals the default, so
    the clinician's number stays in force if a later paceit changes the default."""
    if stored and current == value:
        return None
    was = format_value(current) + ("" if stored else " default")
    return Planned("set", f"{key} = {format_value(value)} (was {was})", {"value": value}, key=key)


def _given(key: str, row: dict[str, Any]) -> bool:
    return row.get("step_mode" if key == "step" else key) is not None


def _label(key: str) -> str:
    return {"every_days": "every"}.get(key, key)


def _field_text(key: str, row: Mapping[str, Any], unit: str, *, bare: bool = False) -> str:
    """One pacing setting as a person reads it; 'default' where the setting in force applies.
    `bare` leaves the words off interval and ceiling, as in "ceiling 5 -> 6"."""
    value: Any = row.get(key)
    if key == "step" and row.get("step_mode") is not None:
        return f"{value:g}%" if row["step_mode"] == "pct" else format_amount(value, unit)
    if value is None:
        return "none" if key in ("baseline", "target") else "default"
    if key in ("baseline", "target"):
        return format_amount(value, unit)
    if bare or key not in ("every_days", "ceiling"):
        return str(value)
    return f"{value} days" if key == "every_days" else f"{value}/10"
