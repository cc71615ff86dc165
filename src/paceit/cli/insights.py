"""`paceit insights`: what goes with better or worse days, with how sure it is."""

from __future__ import annotations

import shutil
import textwrap
from datetime import timedelta
from typing import Annotated, Any

import typer

from paceit import parse, queries, queries_context
from paceit.cli import output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.insights import Rules, insights, shortfall

DEFAULT_DAYS = 90
MAX_DAYS = 730


def _print(found: list[dict[str, Any]], days: int, rules: Rules, missing: list[str]) -> None:
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 1)
    if not found:
        output.line(
            textwrap.fill(
                f"Nothing to show for the last {days} days yet. A result needs at least {rules.min_days} days "
                f"behind it, and for a tag or a medicine at least {rules.min_group} days with it and "
                f"{rules.min_group} without. What is missing:",
                width,
            )
        )
        for reason in missing or ["no factor has enough days on both sides yet; keep logging"]:
            output.line(textwrap.fill(reason, width, initial_indent="  - ", subsequent_indent="    "))
        return
    count = output.plural(len(found), "result", "results")
    output.line(f"What went with better or worse days, the last {days} days ({count}):")
    for row in found:
        mark = "clearer" if row["clear"] else "could be chance"
        output.line("")
        output.line(f"{row['factor']} -> {row['outcome']} ({row['n']} days; {mark})")
        output.line(textwrap.fill(row["text"], width, initial_indent="  ", subsequent_indent="  "))
    output.line("")
    output.line(
        textwrap.fill(
            "These are patterns in your own diary, not causes. Talk them over with your clinician before "
            "changing a treatment.",
            width,
        )
    )


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
    if as_json:
        output.emit_json(found)
        return
    _print(found, count, rules, [] if found else shortfall(days_data, rules))


def register(app: typer.Typer) -> None:
    app.command("insights")(insights_command)
