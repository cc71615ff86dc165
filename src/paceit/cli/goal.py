"""`paceit goal add|list|done`: meaningful goals, optionally tied to an activity amount."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from paceit import parse, parse_amounts, queries, store
from paceit.cli import ask as asking
from paceit.cli import complete, output
from paceit.cli.options import At, Json, Note
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.store import require_row
from paceit.times import stamp, stamp_columns
from paceit.units import format_amount

app = typer.Typer(
    help="Goals that matter to you.\n\n"
    "Example: paceit goal add 'walk to the park with my kids' --activity walking --target 30",
    no_args_is_help=True,
)


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The goal in your words.")],
    activity: Annotated[
        str | None,
        typer.Option("--activity", metavar="NAME", help="A paced activity it measures.", click_type=complete.ACTIVITY),
    ] = None,
    target: Annotated[str | None, typer.Option("--target", metavar="N", help="The amount of that activity.")] = None,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
) -> None:
    """Add a goal.

    Example: paceit goal add 'walk to the park with my kids' --activity walking --target 30
    """
    state = get_state(ctx)
    row: dict[str, Any] = {
        "text": parse.required_text(text, option="TEXT"),
        "note": parse.note(note),
        **stamp_columns(stamp(parse.when(at, now=state.now))),
    }
    if target is not None and activity is None:
        raise InputError("--target needs --activity NAME (the activity it counts)")
    question = asking.check(ask)
    unit = None
    if activity is not None:
        found = queries.find_activity(state.db(create=False), name=activity)
        row["activity_id"], unit = found["id"], found["unit"]
        if target is not None:
            row["target"] = parse_amounts.amount(target, unit_name=unit, option="--target")
    goal_id = store.record(
        state.db(), "goal", row, command="goal add", now=state.now, question=question, source="goal add"
    )
    measure = f" ({format_amount(row['target'], unit)} of {activity})" if row.get("target") and unit else ""
    output.line(f"Saved goal #{goal_id}: {row['text']}{measure}.")
    asking.confirm(question)


@app.command("list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """List your goals, open ones first.

    Example: paceit goal list
    """
    from paceit.render.goals import show_goals

    show_goals(queries.goals(get_state(ctx).db(create=False)), as_json=as_json)


@app.command("done")
def done(
    ctx: typer.Context,
    goal_id: Annotated[str, typer.Argument(metavar="ID", help="The goal's id.", click_type=complete.OPEN_GOAL)],
    at: At = None,
) -> None:
    """Mark a goal as reached.

    Example: paceit goal done 2
    """
    state = get_state(ctx)
    row_id = parse.entry_id(goal_id)
    moment = stamp(parse.when(at, now=state.now))
    conn = state.db(create=False)
    row = require_row(conn, "goal", row_id)
    if row["done_utc"]:
        raise InputError(f"goal #{row_id} is already marked done")
    store.update(conn, "goal", row_id, {"done_utc": moment.at_utc}, command=f"goal done {row_id}", now=state.now)
    output.line(f"Well done: goal #{row_id} reached ({row['text']}).")
