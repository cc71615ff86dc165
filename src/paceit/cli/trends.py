"""`paceit trends`: one row per week, with sparklines and the load ratio."""

from __future__ import annotations

from typing import Annotated

import typer

from paceit import parse, queries, reporting
from paceit.cli import output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.trends import build, trends_json, week_starts

Weeks = Annotated[
    str | None, typer.Option("--weeks", metavar="1-520", help="How many weeks, ending with this one (default 12).")
]


def trends(ctx: typer.Context, weeks: Weeks = None, as_json: Json = False) -> None:
    """Weekly trends: pain, sleep, mood, sessions, load, quota days, trials, flares, tests and medicines.

    Example: paceit trends --weeks 8
    """
    state = get_state(ctx)
    count = parse.required_scale(12 if weeks is None else weeks, option="--weeks", lo=1, hi=520)
    today = state.now.date()
    conn = state.existing_db("no trends to show")
    began = queries.diary_first_day(conn) or today
    starts = week_starts(today, count, since=began)
    cut = began if len(starts) < count else None
    view = build(reporting.trend_inputs(conn, today=today, starts=starts, began=cut))
    function = reporting.weekly_function(conn, start=view.first, weeks=len(view.weeks))
    if as_json:
        document = trends_json(view)
        for week, extra in zip(document["weeks"], function, strict=True):
            week.update({k: extra[k] for k in ("tasks", "medication_days", "any_medication_days")})
        output.emit_json(document)
        return
    from paceit.render.trends import print_function, print_trends

    print_trends(view)
    print_function(function)


def register(app: typer.Typer) -> None:
    app.command("trends")(trends)
