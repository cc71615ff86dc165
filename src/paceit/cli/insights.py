"""`paceit insights`: what goes with better or worse days, with how sure it is."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from paceit import parse, queries, queries_context
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.insights import Rules, insights, shortfall

DEFAULT_DAYS = 90
MAX_DAYS = 730


def insights_command(
    ctx: typer.Context,
    days: Annotated[
        str | None,
        typer.Option(
            "--days", metavar="N", help=f"How many days back to look, 14-{MAX_DAYS} (default {DEFAULT_DAYS})."
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """What goes with better or worse days (sleep, session load, tags, medicine), with the days behind each.

    Example: paceit insights --days 60
    """
    state = get_state(ctx)
    count = int(parse.number(days, option="--days", lo=14, hi=MAX_DAYS, whole=True) or DEFAULT_DAYS)
    conn = state.db(create=False)
    rules = Rules.from_settings(queries.settings_in_force(conn))
    today = state.now.date()
    days_data = queries_context.insight_days(conn, since=today - timedelta(days=count - 1), until=today)
    found = insights(days_data, rules)
    from paceit.render.insights import show_insights

    show_insights(found, count, rules, [] if found or as_json else shortfall(days_data, rules), as_json=as_json)


def register(app: typer.Typer) -> None:
    app.command("insights")(insights_command)
