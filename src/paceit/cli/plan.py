"""`paceit next` (today's plan) and `paceit plan history ACTIVITY` (every change)."""

from __future__ import annotations

from typing import Annotated

import typer

from paceit import parse, queries
from paceit.cli import complete, output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.plan import changes
from paceit.today import dismiss_notices, next_document

app = typer.Typer(
    help="Your pacing plan: how each quota changed, and why.\n\nExample: paceit plan history walking",
    no_args_is_help=True,
)

Day = Annotated[str | None, typer.Option("--date", metavar="DAY", help="The day to plan (default: today).")]


def next_(ctx: typer.Context, day: Day = None, as_json: Json = False) -> None:
    """Today's plan: each activity's amount with the reasons, flares, red flags and your ladder step.

    Example: paceit next --date yesterday
    """
    state = get_state(ctx)
    when = parse.plan_day(day, today=state.now.date())
    conn = state.db(create=False)
    document = next_document(conn, day=when)
    if as_json:
        output.emit_json(document)  # a script's output is not a person reading it: the notices stay
        return
    from paceit.render.plan import print_next

    print_next(document)
    if document["notices"]:
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
    rows = changes(queries.plan_inputs(conn, day=when), found["id"])
    if as_json:
        output.emit_json(
            [
                {
                    "date": p.day.isoformat(),
                    "decision": p.decision,
                    "target": p.target,
                    "previous": p.previous,
                    "reasons": list(p.reasons),
                }
                for p in rows
            ]
        )
        return
    from paceit.render.plan import print_changes

    print_changes(found["name"], found["unit"], rows)


def register(root: typer.Typer) -> None:
    root.command("next")(next_)
    root.add_typer(app, name="plan")
