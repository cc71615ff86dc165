"""`paceit ask TEXT` and the `--ask` option: notes the person marks for their clinician.

They are kept in `clinician_note` (schema 2) and listed in `paceit report` under
"For the appointment". Every recording command takes `--ask` (pain, log, activity
add, ladder add and try, flare start and end, measure peg, psfs and task, med,
redflag check, goal add). A note given with `--ask` is checked before anything is
written, saved in the same transaction as the entry (so `paceit undo` removes both),
and keeps the entry's time and uuid (`flare end`: the time the flare ended).
"""

from __future__ import annotations

from typing import Annotated

import typer

from paceit import parse, store
from paceit.cli import output
from paceit.cli.options import At
from paceit.cli.state import get_state
from paceit.times import stamp, stamp_columns

Ask = Annotated[
    str | None,
    typer.Option("--ask", metavar="TEXT", help="A question or note for your clinician; it goes in your report."),
]
SAVED = "It will be in your next report (paceit report)."


def check(text: str | None) -> str | None:
    """The --ask text, checked before anything is written."""
    return parse.note(text, option="--ask")


def confirm(question: str | None) -> None:
    """After the entry's own line: say the note is saved."""
    if question:
        output.line(f"Saved your note for your clinician. {SAVED}")


def ask(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you want to ask or tell your clinician.")],
    at: At = None,
) -> None:
    """Mark a question or note for your clinician; the report lists them for the appointment.

    Example: paceit ask 'Is it fine to swim during a flare?'
    """
    state = get_state(ctx)
    cleaned = parse.required_text(text, option="TEXT", max_len=parse.NOTE_MAX)
    row = {"text": cleaned, "source": "ask", **stamp_columns(stamp(parse.when(at, now=state.now)))}
    note_id = store.record(state.db(), "clinician_note", row, command="ask", now=state.now)
    output.line(f"Saved note #{note_id} for your clinician. {SAVED}")


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
