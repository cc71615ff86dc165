"""`paceit activity add|list|show|edit|archive`: paced activities and their settings."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Annotated, Any

import typer

from paceit import activity_rules, parse, parse_amounts, queries, quota, store
from paceit.cli import ask as asking
from paceit.cli import complete, output
from paceit.cli.options import At, Json, Note
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.times import human_day, stamp, stamp_columns
from paceit.units import UNIT_NAMES, UNITS, format_amount

app = typer.Typer(
    help="Paced activities: add, list, show, edit, archive.\n\n"
    "Example: paceit activity add walking --unit min --target 45",
    no_args_is_help=True,
)

def _unit_option(required: bool) -> Any:
    return typer.Option(
        "--unit",
        metavar="|".join(UNIT_NAMES),
        help="What the amount counts.",
        click_type=complete.choices(((u.name, u.label) for u in UNITS.values()), required=required),
    )


UnitOpt = Annotated[str | None, _unit_option(required=False)]
NewUnit = Annotated[str | None, _unit_option(required=True)]
Baseline = Annotated[
    str | None,
    typer.Option(
        "--baseline",
        metavar="N",
        help="What you can do before symptoms clearly rise (the starting quota is baseline.factor x it, "
        "0.8 by default); "
        "without it, your first sessions set it.",
    ),
]
Step = Annotated[str | None, typer.Option("--step", metavar="N%|N", help="Increase each time: 5%-20% or an amount.")]
EVERY_LO, EVERY_HI = activity_rules.EVERY_DAYS.whole()
CEILING_LO, CEILING_HI = activity_rules.CEILING.whole()
Every = Annotated[
    str | None,
    typer.Option("--every", metavar=f"{EVERY_LO}-{EVERY_HI}", help="Days between increases (default 7)."),
]
Ceiling = Annotated[
    str | None,
    typer.Option("--ceiling", metavar=f"{CEILING_LO}-{CEILING_HI}", help="Highest acceptable pain during (default 5)."),
]
Target = Annotated[str | None, typer.Option("--target", metavar="N", help="The goal amount the quota builds toward.")]
Clinician = Annotated[
    bool, typer.Option("--clinician", help="Confirm that your clinician agreed to --step, --every or --ceiling.")
]
NONE_WORDS = {"none", "default", "-"}


def _check_clinician(confirmed: bool, **options: str | None) -> None:
    """Step, interval and pain ceiling are clinician-owned (clinical-rules: the person
    may change only logging days, reminders and units); setting them for one activity
    needs the same deliberate confirmation as `config set --clinician`."""
    given = [f"--{name}" for name, value in options.items() if value is not None]
    if given and not confirmed:
        raise InputError(
            f"{given[0]} is a clinical setting: set it only as agreed with your clinician, "
            "and add --clinician to confirm"
        )


def _optional(value: str | None, parser: Any) -> Any:
    """Parse an option; 'none' clears it (edit only), None leaves it unchanged."""
    if value is None:
        return ...
    if value.strip().lower() in NONE_WORDS:
        return None
    return parser(value)


def pacing_values(
    unit: str,
    baseline: str | None,
    step: str | None,
    every: str | None,
    ceiling: str | None,
    target: str | None,
) -> dict[str, Any]:
    """Checked pacing settings; keys absent when the option was not given."""
    values: dict[str, Any] = {
        "baseline": _optional(baseline, lambda v: parse_amounts.amount(v, unit_name=unit, option="--baseline")),
        "target": _optional(target, lambda v: parse_amounts.amount(v, unit_name=unit, option="--target")),
        "every_days": _optional(every, lambda v: parse.scale(v, option="--every", lo=EVERY_LO, hi=EVERY_HI)),
        "ceiling": _optional(ceiling, lambda v: parse.scale(v, option="--ceiling", lo=CEILING_LO, hi=CEILING_HI)),
    }
    parsed_step = _optional(step, lambda v: parse_amounts.step(v))
    if parsed_step is not ...:
        values["step_mode"], values["step"] = parsed_step or (None, None)
    return {k: v for k, v in values.items() if v is not ...}


OPTION_NAMES = {"every_days": "--every"}  # the other columns' options are --COLUMN
OPTION_NAMES.update({column: f"--{column}" for column in ("ceiling", "step", "target", "unit")})


def _check_rules(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    """The activity's settings as they would be stored, by the rules every entry point
    uses (activity_rules), under the settings in force in this diary."""
    try:
        activity_rules.check_activity(row, queries.settings_in_force(conn))
    except activity_rules.RuleError as exc:
        raise exc.named(OPTION_NAMES) from None


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name, e.g. walking.")],
    unit: NewUnit = None,
    baseline: Baseline = None,
    step: Step = None,
    every: Every = None,
    ceiling: Ceiling = None,
    target: Target = None,
    at: At = None,
    note: Note = None,
    clinician: Clinician = False,
    ask: asking.Ask = None,
) -> None:
    """Add a paced activity.

    Example: paceit activity add walking --unit min --target 45
    """
    state = get_state(ctx)
    clean_name = parse.name(name)
    if unit is None:
        raise InputError(f"--unit is required: one of {', '.join(UNIT_NAMES)}")
    row: dict[str, Any] = {"name": clean_name, "unit": parse_amounts.unit(unit)}
    row.update(pacing_values(row["unit"], baseline, step, every, ceiling, target))
    _check_clinician(clinician, step=step, every=every, ceiling=ceiling)
    _check_rules(state.db(create=False), row)
    row.update(stamp_columns(stamp(parse.when(at, now=state.now))), note=parse.note(note))
    question = asking.check(ask)
    conn = state.db()
    existing = queries.activity_named(conn, name=clean_name)
    if existing:
        raise InputError(f"an activity called '{existing['name']}' already exists (#{existing['id']})")
    activity_id = store.record(
        conn, "activity", row, command=f"activity add {clean_name}", now=state.now, question=question,
        source="activity add",
    )  # fmt: skip
    output.line(
        f"Saved activity #{activity_id}: {clean_name}, in {row['unit']}, "
        f"starting {human_day(row['day'])}; {_plan_words(row, conn)}."
    )
    asking.confirm(question)


def _plan_words(row: dict[str, Any], conn: sqlite3.Connection) -> str:
    if row.get("baseline"):
        from paceit.quota import starting

        factor = float(queries.settings_in_force(conn)["baseline.factor"])
        quota = format_amount(starting(row["baseline"], factor, row["unit"]), row["unit"])
        text = f"baseline {format_amount(row['baseline'], row['unit'])}; starting quota {quota} "
        text += f"({factor:g} x the baseline, so a bad day is still doable; 'paceit next' gives each day's amount)"
    else:
        needed = queries.settings_in_force(conn)["baseline.sessions"]
        text = f"your first {needed} sessions will set the baseline (stop each before symptoms clearly rise)"
    if row.get("target"):
        text += f", building toward {format_amount(row['target'], row['unit'])}"
    return text


def with_baseline(conn: sqlite3.Connection, found: Mapping[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """The activity's row with the baseline in force added: given, or the mean of the first
    N sessions (§1).

    `baseline_source` is "given", "sessions", or None while sessions are still needed."""
    needed = int(settings["baseline.sessions"])
    row = {**found, "baseline_needed": needed}
    if row["baseline"]:
        row["baseline_value"], row["baseline_source"] = row["baseline"], "given"
        return row
    amounts = queries.first_amounts(conn, activity_id=row["id"], count=needed)
    row["baseline_done"] = len(amounts)
    row["baseline_value"] = quota.baseline_mean(amounts, needed)
    row["baseline_source"] = "sessions" if row["baseline_value"] is not None else None
    return row


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include archived activities.")] = False,
    as_json: Json = False,
) -> None:
    """List your paced activities.

    Example: paceit activity list --json
    """
    conn = get_state(ctx).db(create=False)
    settings = queries.settings_in_force(conn)
    rows = [with_baseline(conn, r, settings) for r in queries.activities(conn, include_archived=all_)]
    from paceit.render.activities import show_activities

    show_activities(rows, settings, as_json=as_json)


@app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Activity name.", click_type=complete.ANY_ACTIVITY)],
    as_json: Json = False,
) -> None:
    """Show one activity's settings and its latest sessions.

    Example: paceit activity show walking
    """
    conn = get_state(ctx).db(create=False)
    found = queries.find_activity(conn, name=name, include_archived=True)
    settings = queries.settings_in_force(conn)
    listed = next(a for a in queries.activities(conn, include_archived=True) if a["id"] == found["id"])
    row = with_baseline(conn, listed, settings)
    recent = queries.activity_sessions(conn, activity_id=row["id"])
    from paceit.render.activities import show_activity

    show_activity(row, recent, settings, as_json=as_json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Activity name.", click_type=complete.ANY_ACTIVITY)],
    new_name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    unit: UnitOpt = None,
    baseline: Baseline = None,
    step: Step = None,
    every: Every = None,
    ceiling: Ceiling = None,
    target: Target = None,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="Change the start day.")] = None,
    note: Note = None,
    clinician: Clinician = False,
) -> None:
    """Change an activity's name, unit or pacing settings ('none' clears a setting).

    Example: paceit activity edit walking --target 60 --step 10%
    """
    state = get_state(ctx)
    conn = state.db(create=False)
    row = queries.find_activity(conn, name=name, include_archived=True)
    values: dict[str, Any] = {}
    if new_name is not None:
        values["name"] = parse.name(new_name, option="--name")
        clash = queries.activity_named(conn, name=values["name"], exclude_id=row["id"])
        if clash:
            raise InputError(f"--name: an activity called '{clash['name']}' already exists")
    if unit is not None and parse_amounts.unit(unit) != row["unit"]:
        values.update(_unit_change(conn, row, parse_amounts.unit(unit)))
    values.update(pacing_values(values.get("unit", row["unit"]), baseline, step, every, ceiling, target))
    _check_clinician(clinician, step=step, every=every, ceiling=ceiling)
    if at is not None:
        values.update(stamp_columns(stamp(parse.when(at, now=state.now))))
        _check_start(conn, row["id"], values["day"])
    if note is not None:
        values["note"] = None if note.strip().lower() in NONE_WORDS else parse.note(note)
    if not values:
        raise InputError("nothing to change: give at least one option, e.g. --target 60")
    _check_rules(conn, {**row, **values})
    updated = store.update(conn, "activity", row["id"], values, command=f"activity edit {row['name']}", now=state.now)
    output.line(f"Updated activity #{row['id']}: {updated['name']}; {_plan_words(updated, conn)}.")


def _unit_change(conn: sqlite3.Connection, row: Mapping[str, Any], new_unit: str) -> dict[str, Any]:
    """activity_rules.unit_change, with what counts in the old unit here."""
    try:
        return activity_rules.unit_change(row, new_unit, **queries.amounts_in_unit(conn, activity_id=row["id"]))
    except activity_rules.RuleError as exc:
        raise exc.named(OPTION_NAMES) from None


def _check_start(conn: sqlite3.Connection, activity_id: int, day: str) -> None:
    first = queries.first_session_day(conn, activity_id=activity_id)
    if first and first < day:
        raise InputError(f"--at must be on or before the first session ({first})")


@app.command("archive")
def archive(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Activity name.", click_type=complete.ANY_ACTIVITY)],
    restore: Annotated[bool, typer.Option("--restore", help="Bring an archived activity back.")] = False,
) -> None:
    """Archive an activity you no longer pace (its sessions are kept).

    Example: paceit activity archive cycling
    """
    state = get_state(ctx)
    conn = state.db(create=False)
    row = queries.find_activity(conn, name=name, include_archived=True)
    if restore == (row["archived_utc"] is None):
        word = "is not archived" if restore else "is already archived"
        raise InputError(f"activity '{row['name']}' {word}")
    archived = None if restore else stamp(state.now).at_utc
    command = f"activity archive {row['name']}"
    store.update(conn, "activity", row["id"], {"archived_utc": archived}, command=command, now=state.now)
    verb = "Restored" if restore else "Archived"
    output.line(f"{verb} activity #{row['id']}: {row['name']} (its sessions are kept).")
