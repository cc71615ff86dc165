"""`paceit next` (today's plan) and `paceit plan history ACTIVITY` (every change)."""

from __future__ import annotations

from typing import Annotated

import typer

from paceit import parse, planning, queries
from paceit.cli import complete, output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.notices import dismiss as dismiss_notices
from paceit.plan import changes
from paceit.today import next_document

app = typer.Typer(
    help="Your pacing plan: how each quota changed, and why.\n\nExample: paceit plan history walking",
    no_args_is_help=True,
)

Day = Annotated[str | None, typer.Option("--date", metavar="DAY", help="The day to plan (default: today).")]


def next_(
    ctx: typer.Context,
    activity: Annotated[
        str | None,
        typer.Argument(
            metavar="ACTIVITY",
            help="Only this activity, with every reason and its numbers.",
            click_type=complete.ACTIVITY,
        ),
    ] = None,
    day: Day = None,
    why: Annotated[bool, typer.Option("--why", help="Every reason, with its numbers.")] = False,
    as_json: Json = False,
) -> None:
    """Today's plan: each activity's amount and why, flares, red flags and your ladder step.

    One short line of why each; --why (or an ACTIVITY) gives every reason with its numbers.

    Example: paceit next --why
    """
    state = get_state(ctx)
    when = parse.plan_day(day, today=state.now.date())
    conn = state.db(create=False)
    name = queries.find_activity(conn, name=activity)["name"] if activity is not None else None
    plan = next_document(conn, day=when)
    if name is not None:
        plan = plan.only(name)
        if not plan.activities:
            raise InputError(f"{name} has no plan on {plan.day.isoformat()} (see 'paceit activity show {name}')")
    if as_json:
        output.emit_json(plan.to_json())  # a script's output is not a person reading it: the notices stay
        return
    from paceit.render.plan import print_next

    print_next(plan, why=why or name is not None)
    if plan.notices:
        dismiss_notices(conn)


@app.command("history")
def history(
    ctx: typer.Context,
    activity: Annotated[
        str, typer.Argument(metavar="ACTIVITY", help="The activity's name.", click_type=complete.ANY_ACTIVITY)
    ],
    day: Day = None,
    as_json: Json = False,
) -> None:
    """Every change of an activity's quota, with its date, decision and reason.

    Example: paceit plan history walking
    """
    state = get_state(ctx)
    conn = state.db(create=False)
    found = queries.find_activity(conn, name=activity, include_archived=True)
    when = parse.plan_day(day, today=state.now.date())
    rows = changes(planning.plan_inputs(conn, day=when), found["id"])
    from paceit.render.plan import show_changes

    show_changes(found["name"], found["unit"], rows, as_json=as_json)


def register(root: typer.Typer) -> None:
    root.command("next")(next_)
    root.add_typer(app, name="plan")
