"""`paceit trends`: one row per week, with sparklines and the load ratio."""

from __future__ import annotations

from typing import Annotated

import typer

from paceit import parse, trend_queries
from paceit.cli import output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.trends import build, trends_json, week_starts

Weeks = Annotated[
    str | None, typer.Option("--weeks", metavar="1-520", help="How many weeks, ending with this one (default 12).")
]


def trends(ctx: typer.Context, weeks: Weeks = None, as_json: Json = False) -> None:
    """Weekly trends: pain, sleep, mood, fatigue, sessions, load, quota days done, trials and flares.

    Example: paceit trends --weeks 8
    """
    state = get_state(ctx)
    count = parse.required_scale(12 if weeks is None else weeks, option="--weeks", lo=1, hi=520)
    today = state.now.date()
    view = build(trend_queries.trend_inputs(state.db(create=False), today=today, starts=week_starts(today, count)))
    if as_json:
        output.emit_json(trends_json(view))
        return
    from paceit.render.trends import print_trends

    print_trends(view)


def register(app: typer.Typer) -> None:
    app.command("trends")(trends)
