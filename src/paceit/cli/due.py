"""`paceit due`: what is still to log today, as an exit code a reminder can test.

Exit codes: 0 nothing is due, 3 something is (so `0` and `3` are both answers, not
failures), 1 the diary could not be read, 2 bad usage. 3 is chosen apart from 1 and 2
so that a reminder (`paceit due --quiet; [ $? -eq 3 ] && notify-send ...`) never
mistakes a broken diary for a pending entry, nor the reverse.

Light on purpose (it runs from cron or a systemd timer): plain SQL reads
(`due_queries`), no plan replay, no Rich.
"""

from __future__ import annotations

from typing import Annotated

import typer

from paceit.cli import output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.due import what_is_due
from paceit.due_queries import due_inputs
from paceit.times import human_day

EXIT_DUE = 3


def due(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code answers.")] = False,
    as_json: Json = False,
) -> None:
    """What is still to log today: morning pain, planned sessions, the weekly PEG.

    Exits 3 when something is due, 0 when nothing is (1: the diary could not be read).

    Example: paceit due --quiet; [ $? -eq 3 ] && notify-send paceit "Still to log today"
    """
    state = get_state(ctx)
    inputs = due_inputs(state.db(create=False), now=state.now)
    found = what_is_due(inputs)
    if as_json and not quiet:
        output.emit_json(
            {"date": inputs.day.isoformat(), "due": [d.as_json() for d in found], "sessions_paused": inputs.paused}
        )
    elif not quiet:
        day = human_day(inputs.day)
        if not found:
            output.line(f"Nothing left to log today, {day}.")
        else:
            output.line(f"Still to log today, {day}:")
            width = max(len(d.text) for d in found)
            for item in found:
                output.line(f"  {item.text + ':':{width + 1}}  {item.command}", wrap=False)
        if inputs.paused and inputs.activities:
            output.line("Sessions are paused while a red flag is open (see paceit redflag list).")
    if found:
        raise typer.Exit(EXIT_DUE)


def register(app: typer.Typer) -> None:
    app.command("due")(due)
